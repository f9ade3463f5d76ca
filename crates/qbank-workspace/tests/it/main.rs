//! The input path: discovery, the nearest `qbank.toml` per file, loading in
//! order with each file's own labels.
#![allow(clippy::unwrap_used)]

use qbank_core::SectionKind;
use qbank_workspace::{Error, Input, Loaded, Piece, WalkOptions, Workspace};
use std::fs;
use std::path::{Path, PathBuf};

const BANK: &str = "# Bank\n\n## 1. One\n\n**Question:** Why?\n\n**Answer:** Because.\n\n**Why it matters:** It does.\n";

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn analysis(file: &qbank_core::ParsedFile) -> Option<String> {
    let entry = &file.document.entries[0];
    let section = entry.section(SectionKind::Analysis)?;
    Some(section.body.slice(&file.source.text).to_owned())
}

#[test]
fn each_file_is_parsed_with_its_nearest_qbank_toml() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("plain/bank.md"), BANK);
    write(&d.join("custom/bank.md"), BANK);
    write(
        &d.join("custom/qbank.toml"),
        "[labels]\nanalysis = [\"Why it matters\"]\n[anki]\ntags = [\"custom\"]\n",
    );
    let (workspace, errors) =
        Workspace::discover(&[d.to_path_buf()], &WalkOptions::default(), None).unwrap();
    assert!(errors.is_empty());
    let names: Vec<String> = workspace.inputs.iter().map(Input::display).collect();
    assert!(names[0].ends_with("custom/bank.md") && names[1].ends_with("plain/bank.md"));
    let loaded = workspace.load();
    let custom = loaded[0].as_ref().unwrap();
    let plain = loaded[1].as_ref().unwrap();
    assert_eq!(analysis(custom).as_deref(), Some("It does."));
    assert_eq!(analysis(plain), None);
    assert_eq!(workspace.settings[0].anki_tags, ["custom"]);
    assert!(workspace.settings[1].anki_tags.is_empty());

    // --config applies to every file.
    let config = d.join("custom/qbank.toml");
    let (workspace, _) =
        Workspace::discover(&[d.to_path_buf()], &WalkOptions::default(), Some(&config)).unwrap();
    for file in workspace.load() {
        assert_eq!(analysis(&file.unwrap()).as_deref(), Some("It does."));
    }
}

#[test]
fn streaming_hands_inputs_on_in_order_with_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("qbank.toml"),
        "[labels]\nanalysis = [\"Why it matters\"]\n",
    );
    write(&d.join("a.md"), BANK);
    write(&d.join("b.md"), &BANK.repeat(20_000));
    write(&d.join("c.md"), "# \u{0}");
    let paths: Vec<PathBuf> = ["c.md", "b.md", "a.md"].iter().map(|n| d.join(n)).collect();
    let (workspace, _) = Workspace::discover(&paths, &WalkOptions::default(), None).unwrap();
    let mut seen = Vec::new();
    workspace.for_each_loaded(|i, loaded| {
        let kind = match loaded {
            Ok(Loaded::Whole(file)) => {
                assert_eq!(analysis(&file).as_deref(), Some("It does."));
                "whole"
            }
            Ok(Loaded::Large(large)) => {
                // Parsed piece by piece, with the file's settings.
                let mut entries = 0;
                large.parse(|piece| {
                    if let Piece::Entries { entries: some, .. } = piece {
                        entries += some.len();
                    }
                });
                assert_eq!(entries, 20_000);
                "large"
            }
            Err(Error::Decode(_)) => "undecodable",
            Err(other) => panic!("{other}"),
        };
        seen.push((i, kind));
    });
    assert_eq!(seen, [(0, "whole"), (1, "large"), (2, "undecodable")]);
}

#[test]
fn missing_paths_are_errors_beside_the_workspace_and_bad_config_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a.md"), BANK);
    let paths = [d.join("a.md"), d.join("nope.md")];
    let (workspace, errors) = Workspace::discover(&paths, &WalkOptions::default(), None).unwrap();
    assert_eq!(workspace.inputs.len(), 1);
    assert!(matches!(&errors[..], [Error::Missing { path }] if path.ends_with("nope.md")));

    write(&d.join("qbank.toml"), "[labels]\nanswer = \"not a list\"\n");
    let err = Workspace::discover(&paths, &WalkOptions::default(), None).unwrap_err();
    assert!(err.to_string().contains("qbank.toml:2"), "{err}");
}

/// Two `##` sections that are neither numbered nor questions, a `###` one
/// before them (under a `##` one it would make the file an article, not a
/// deck): detection reads the file as two flashcards; `[entries]` pins
/// other readings.
const SECTIONS: &str = "# Notes\n\n### Deque\n\nBoth ends.\n\n## Stack\n\nLast in, first out.\n\n## Queue\n\nFirst in, first out.\n";

fn entries_with(d: &Path, config: &str) -> Vec<(String, Option<String>)> {
    write(&d.join("qbank.toml"), config);
    let (workspace, errors) =
        Workspace::discover(&[d.join("notes.md")], &WalkOptions::default(), None).unwrap();
    assert!(errors.is_empty());
    let file = workspace.load().remove(0).unwrap();
    let text = &file.source.text;
    file.document
        .entries
        .iter()
        .map(|e| {
            let answer = e
                .section(SectionKind::Answer)
                .map(|s| s.body.slice(text).to_owned());
            (e.title.clone(), answer)
        })
        .collect()
}

#[test]
fn entries_setting_pins_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("notes.md"), SECTIONS);
    let detected = entries_with(d, "");
    assert_eq!(detected.len(), 2);
    assert_eq!(
        detected[0],
        ("Stack".into(), Some("Last in, first out.".into()))
    );
    // Every level-3 heading is an entry.
    let level3 = entries_with(d, "[entries]\nlevel = 3\nnumbered = false\n");
    assert_eq!(level3, [("Deque".into(), Some("Both ends.".into()))]);
    // Answers only from labels: these entries have none.
    let labelled = entries_with(d, "[entries]\nanswer = \"label\"\n");
    assert!(labelled.iter().all(|(_, a)| a.is_none()));
    // Per path, in an override.
    let over = entries_with(
        d,
        "[[overrides]]\nfiles = [\"notes.md\"]\nentries = { level = 3, numbered = false }\n",
    );
    assert_eq!(over.len(), 1);
    // Bad values are configuration errors naming the key's line.
    for (bad, says) in [
        (
            "[entries]\nmarker = \"heading\"\n",
            "unknown marker `heading`",
        ),
        ("[entries]\nlevel = 7\n", "a heading level is 1 to 6"),
        (
            "[entries]\nanswer = \"text\"\n",
            "expected \"label\" or \"body\"",
        ),
        ("[entries]\nlevels = 2\n", "unknown field"),
    ] {
        write(&d.join("qbank.toml"), bad);
        let err = Workspace::discover(&[d.join("notes.md")], &WalkOptions::default(), None)
            .err()
            .unwrap_or_else(|| panic!("{bad} was accepted"));
        let message = format!("{err}");
        assert!(
            message.contains(says) || format!("{err:?}").contains(says),
            "{bad}: {message}"
        );
    }
}
