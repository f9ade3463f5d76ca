//! The real-world corpus (`fixtures/realworld`, see its SOURCES.md): every
//! bank has hand-written golden lines of the shared form and a source row
//! naming its part; the corpus is frozen (FROZEN.sha256); the measure
//! (crate qbank-coverage) holds its floor (floor.tsv) and gives the same
//! figures as the reference golden.py; docs/coverage.md shows the baseline.

use crate::util::root;
use qbank_coverage::{Bank, Figures, Measured, Part};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn corpus() -> PathBuf {
    root().join("fixtures/realworld")
}

fn banks() -> Vec<Bank> {
    qbank_coverage::banks(&[corpus()], &[corpus()]).unwrap()
}

/// The banks' figures, measured once for every test here.
fn measured() -> &'static [Measured] {
    static MEASURED: OnceLock<Vec<Measured>> = OnceLock::new();
    MEASURED.get_or_init(|| {
        let qbank = Path::new(env!("CARGO_BIN_EXE_qbank"));
        qbank_coverage::measure(qbank, &banks(), None).unwrap()
    })
}

fn bank_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") && n != "SOURCES.md" && n != "NOTES.md")
        .collect();
    names.sort();
    names
}

fn read(name: &str) -> String {
    std::fs::read_to_string(corpus().join(name)).unwrap()
}

#[test]
fn every_bank_has_golden_lines_of_the_shared_form() {
    let names = bank_files();
    assert!(names.len() >= 60, "{} banks", names.len());
    for name in &names {
        let golden = corpus().join(format!("{name}.jsonl"));
        let text = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{name}: no golden file: {e}"));
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = format!("{}:{}", golden.display(), i + 1);
            let value: serde_json::Value = serde_json::from_str(line).expect(&at);
            let object = value.as_object().expect(&at);
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["a", "correct", "kind", "q"], "{at}");
            let kind = object["kind"].as_str().expect(&at);
            assert!(
                ["open", "choice", "fill"].contains(&kind),
                "{at}: kind {kind}"
            );
            assert!(object["q"].as_str().is_some_and(|q| !q.is_empty()), "{at}");
            let keyed = object["correct"].as_array().is_some_and(|c| !c.is_empty());
            assert!(
                !(keyed && object["a"].is_string()),
                "{at}: both a and correct"
            );
        }
    }
    assert_eq!(banks().len(), names.len(), "a golden file without its bank");
}

#[test]
fn every_bank_has_a_source_row_with_its_part() {
    let sources = read("SOURCES.md");
    for name in bank_files() {
        let row = sources
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("SOURCES.md has no row for {name}"));
        let part = Part::of(&name).name();
        assert!(
            row.contains(&format!("| {part} |")),
            "{name} is {part}: {row}"
        );
    }
}

#[test]
fn the_corpus_is_frozen() {
    // Banks, golden lines and the baseline change only with this list,
    // which a reviewer sees: no change can pick easier banks unnoticed.
    let manifest = read("FROZEN.sha256");
    let listed: BTreeMap<&str, &str> = manifest
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, name)| (name, hash))
        .collect();
    let mut expected: Vec<String> = bank_files()
        .into_iter()
        .flat_map(|n| [format!("{n}.jsonl"), n])
        .collect();
    expected.push("baseline.tsv".to_owned());
    expected.sort();
    assert_eq!(listed.keys().copied().collect::<Vec<_>>(), expected);
    for (name, hash) in listed {
        let bytes = std::fs::read(corpus().join(name)).unwrap();
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(actual, hash, "{name} changed since the corpus was frozen");
    }
}

fn figures_of(file: &str) -> BTreeMap<String, Figures> {
    let rows = qbank_coverage::parse_tsv(&read(file)).expect(file);
    rows.into_iter().collect()
}

#[test]
fn coverage_holds_its_floor() {
    let floor = figures_of("floor.tsv");
    let mut worse = Vec::new();
    let mut better = Vec::new();
    for m in measured() {
        let (now, name) = (m.figures, &m.bank.name);
        let Some(was) = floor.get(name) else {
            worse.push(format!("{name}: not in floor.tsv"));
            continue;
        };
        let line = format!(
            "{name}: found {} -> {}, right {} -> {}, extra {} -> {}",
            was.found, now.found, was.right, now.right, was.extra, now.extra
        );
        if (now.gold, now.answered) != (was.gold, was.answered) {
            worse.push(format!("{name}: golden lines changed"));
        } else if now.found < was.found || now.right < was.right || now.extra > was.extra {
            worse.push(line);
        } else if now != *was {
            better.push(line);
        }
    }
    for name in floor.keys() {
        if !measured().iter().any(|m| &m.bank.name == name) {
            worse.push(format!("{name}: in floor.tsv but not measured"));
        }
    }
    if !better.is_empty() {
        // Better figures pass; raising the floor (`qbank-coverage … --format
        // tsv > fixtures/realworld/floor.tsv`) keeps them.
        eprintln!("real-world coverage improved:\n{}", better.join("\n"));
    }
    assert!(
        worse.is_empty(),
        "real-world coverage fell below its floor:\n{}",
        worse.join("\n")
    );
}

#[test]
fn golden_py_gives_the_same_figures() {
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let corpus = corpus();
    let output = std::process::Command::new(python)
        .arg(root().join("tests/coverage/golden.py"))
        .arg(env!("CARGO_BIN_EXE_qbank"))
        .args([
            "--gold".as_ref(),
            corpus.as_os_str(),
            "--banks".as_ref(),
            corpus.as_os_str(),
        ])
        .args(["--min", "0"])
        .output()
        .expect("python3 runs the reference golden.py");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reference = String::from_utf8(output.stdout).unwrap();
    assert_eq!(qbank_coverage::table(measured(), None), reference);
}

#[test]
fn docs_show_the_baseline() {
    let baseline: Vec<(String, Figures)> = figures_of("baseline.tsv").into_iter().collect();
    let table = qbank_coverage::markdown_rows(&baseline);
    let docs = std::fs::read_to_string(root().join("docs/coverage.md")).unwrap();
    assert!(
        docs.contains(&table),
        "docs/coverage.md lacks the baseline table:\n{table}"
    );
}
