//! Anki decks through the real binary: the SQLite inside the package checked
//! row by row against the model, sanitised HTML, media, reproducibility, and
//! (where Anki's own Python library is installed, always in CI) a real
//! import and re-import.
#![allow(clippy::unwrap_used)]

use crate::util::{python_check, root};
use qbank_core::{ParseOptions, ParsedFile};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = "fixtures/llm-industry.md";
const DECK: &str = "大模型产业化：新商业模式和生态系统";

fn qbank(args: &[&str], epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

fn export(input: &Path, out: &Path, epoch: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "export",
        input.to_str().unwrap(),
        "--to",
        "anki",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    qbank(&args, epoch)
}

/// The package's members, by name.
fn members(apkg: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(apkg).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            assert_eq!(
                f.compression(),
                zip::CompressionMethod::Deflated,
                "{}",
                f.name()
            );
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_owned(), bytes)
        })
        .collect()
}

/// The collection inside the package, opened with SQLite.
fn collection(apkg: &Path, dir: &Path) -> rusqlite::Connection {
    let (_, bytes) = members(apkg)
        .into_iter()
        .find(|(n, _)| n == "collection.anki2")
        .unwrap();
    let path = dir.join(format!(
        "{}.anki2",
        apkg.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::write(&path, bytes).unwrap();
    rusqlite::Connection::open(path).unwrap()
}

/// The field names of a note type of the collection's `models`.
fn field_names(model: &serde_json::Value) -> Vec<&str> {
    model["flds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect()
}

struct NoteRow {
    guid: String,
    mid: i64,
    modified: i64,
    tags: String,
    fields: Vec<String>,
    sfld: String,
}

fn notes(db: &rusqlite::Connection) -> Vec<NoteRow> {
    let mut stmt = db
        .prepare("SELECT guid, mid, mod, tags, flds, sfld FROM notes ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        let flds: String = r.get(4)?;
        Ok(NoteRow {
            guid: r.get(0)?,
            mid: r.get(1)?,
            modified: r.get(2)?,
            tags: r.get(3)?,
            fields: flds.split('\u{1f}').map(str::to_owned).collect(),
            sfld: r.get(5)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn parsed(path: &Path) -> ParsedFile {
    qbank_core::parse_bytes(
        "x.md",
        std::fs::read(path).unwrap(),
        &ParseOptions::default(),
    )
    .unwrap()
}

#[test]
fn package_rows_match_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let apkg = dir.path().join("deck.apkg");
    let run = export(&root().join(SAMPLE), &apkg, "1700000000", &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let names: Vec<String> = members(&apkg).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["collection.anki2", "media"]);
    let db = collection(&apkg, dir.path());

    let (ver, models, decks): (i64, String, String) = db
        .query_row("SELECT ver, models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(ver, 11);
    let models: serde_json::Value = serde_json::from_str(&models).unwrap();
    let model = &models[qbank_anki::NOTETYPE_ID.to_string()];
    assert_eq!(model["name"], "qbank Q&A");
    assert_eq!(field_names(model), qbank_anki::FIELDS);
    let decks: serde_json::Value = serde_json::from_str(&decks).unwrap();
    let deck = decks.as_object().unwrap().values().next().unwrap();
    assert_eq!(deck["name"], DECK);
    let deck_id = deck["id"].as_i64().unwrap();

    let model_file = parsed(&root().join(SAMPLE));
    let rows = notes(&db);
    assert_eq!(rows.len(), 30);
    let mut guids: Vec<&str> = rows.iter().map(|r| r.guid.as_str()).collect();
    guids.sort_unstable();
    guids.dedup();
    assert_eq!(
        guids.len(),
        30,
        "GUIDs are unique (entries 7 and 20 share a title)"
    );
    let index = qbank_core::LineIndex::new(&model_file.source.text);
    for (row, entry) in rows.iter().zip(&model_file.document.entries) {
        assert_eq!(row.mid, qbank_anki::NOTETYPE_ID);
        assert_eq!(row.modified, 1_700_000_000);
        assert_eq!(row.tags, " llm-industry ");
        assert_eq!(row.fields.len(), 6);
        assert_eq!(row.fields[3], entry.title);
        assert_eq!(row.sfld, entry.title);
        assert_eq!(row.fields[4], entry.number.unwrap().to_string());
        assert_eq!(
            row.fields[5],
            format!(
                "{}:{}",
                root().join(SAMPLE).display(),
                index.line(entry.span.start)
            )
        );
        for (field, kind) in row.fields[..3].iter().zip(qbank_core::SectionKind::ALL) {
            let body = entry
                .section(kind)
                .unwrap()
                .body
                .slice(&model_file.source.text);
            // The field is the body rendered: the same text, as HTML.
            let plain = qbank_export::to_plain(body);
            let first_line = plain.lines().next().unwrap().trim_start_matches("1. ");
            let first_words: String = first_line.chars().take(8).collect();
            assert!(field.contains(&first_words), "{kind}: {field}");
        }
        assert!(row.fields[1].contains("<ol>"), "answers keep their lists");
    }
    let cards: Vec<(i64, i64, i64)> = db
        .prepare("SELECT did, ord, due FROM cards ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cards.len(), 30);
    assert!(
        cards
            .iter()
            .all(|(did, ord, _)| *did == deck_id && *ord == 0)
    );
}

#[test]
fn exports_are_reproducible_and_identity_ignores_path_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.apkg"), dir.path().join("b.apkg"));
    export(&root().join(SAMPLE), &a, "1700000000", &[]);
    export(&root().join(SAMPLE), &b, "1700000000", &[]);
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "byte for byte"
    );

    // A moved and edited copy keeps its GUIDs.
    let moved = dir.path().join("elsewhere/renamed.md");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace("去除数据中的噪声", "（已修订）去除数据中的噪声");
    std::fs::write(&moved, text).unwrap();
    let c = dir.path().join("c.apkg");
    assert!(export(&moved, &c, "1700000100", &[]).status.success());
    let g = |p: &Path| {
        notes(&collection(p, dir.path()))
            .into_iter()
            .map(|r| r.guid)
            .collect::<Vec<_>>()
    };
    assert_eq!(g(&a), g(&c));
}

#[test]
fn html_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("evil.md");
    std::fs::write(
        &bank,
        "# Evil\n\n## 1. <script>alert(1)</script>\n\n**Question:** <img src=x onerror=\"alert(2)\"> and [link](javascript:alert(3))\n\n**Answer:** <a href=\"JAVASCRIPT:alert(4)\" onclick=\"alert(5)\">x</a> <iframe src=\"https://e.x\"></iframe> a < b & c\n\n**Explanation:** <svg onload=alert(6)></svg><style>body{}</style>`<script>`\n",
    )
    .unwrap();
    let apkg = dir.path().join("evil.apkg");
    let run = export(&bank, &apkg, "1700000000", &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = notes(&collection(&apkg, dir.path()));
    let all = rows[0].fields.join("\n").to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "<svg",
    ] {
        assert!(!all.contains(bad), "{bad} in {all}");
    }
    assert!(
        rows[0].fields[1].contains("a &lt; b &amp; c"),
        "{}",
        rows[0].fields[1]
    );
    assert!(
        rows[0].fields[2].contains("<code>&lt;script&gt;</code>"),
        "{}",
        rows[0].fields[2]
    );
    // The title is the heading's plain text: inline HTML is dropped.
    assert_eq!(rows[0].fields[3], "alert(1)");
}

#[test]
fn code_math_and_media() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bank/img")).unwrap();
    // A 1x1 PNG.
    let png: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0A, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0,
        0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    std::fs::write(dir.path().join("bank/img/a b.png"), png).unwrap();
    std::fs::write(dir.path().join("outside.png"), png).unwrap();
    let bank = dir.path().join("bank/bank.md");
    std::fs::write(
        &bank,
        "# Bank\n\n## 1. Code\n\n**Question:** What does this print? $x^2$\n\n```rust\nfn main() { println!(\"{}\", 1 < 2); }\n```\n\n**Answer:** ![diagram](img/a%20b.png) and <img src=\"img/a b.png\">\n\n$$\\sum_i x_i$$\n\n**Explanation:** ![remote](https://example.com/r.png)\n",
    )
    .unwrap();
    let apkg = dir.path().join("bank.apkg");
    let run = export(&bank, &apkg, "1700000000", &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let members = members(&apkg);
    let media: serde_json::Value =
        serde_json::from_slice(&members.iter().find(|(n, _)| n == "media").unwrap().1).unwrap();
    let media = media.as_object().unwrap();
    assert_eq!(media.len(), 1, "one file, referenced twice");
    let name = media["0"].as_str().unwrap();
    assert!(name.ends_with("a_b.png"), "{name}");
    assert_eq!(members.iter().find(|(n, _)| n == "0").unwrap().1, png);
    let rows = notes(&collection(&apkg, dir.path()));
    assert!(
        rows[0].fields[0].contains("<span style="),
        "code is highlighted: {}",
        rows[0].fields[0]
    );
    assert!(rows[0].fields[0].contains("\\(x^2\\)"));
    assert!(
        rows[0].fields[1].contains(&format!("src=\"{name}\"")),
        "{}",
        rows[0].fields[1]
    );
    assert!(rows[0].fields[1].contains("\\[\\sum_i x_i\\]"));
    assert!(rows[0].fields[2].contains("https://example.com/r.png"));

    // A missing image: an error naming the file and line; no package.
    std::fs::write(
        &bank,
        "# Bank\n\n## 1. A\n\n**Question:** x\n\n**Answer:**\n\n![gone](img/missing.png)\n",
    )
    .unwrap();
    let out = dir.path().join("missing.apkg");
    let run = export(&bank, &out, "1700000000", &[]);
    assert_eq!(run.status.code(), Some(2));
    // miette wraps long lines: compare without whitespace and gutters.
    let stderr: String = String::from_utf8_lossy(&run.stderr)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect();
    assert!(
        stderr.contains("bank.md:9") && stderr.contains("img/missing.png"),
        "{stderr}"
    );
    assert!(!out.exists());

    // Outside the document's folder: refused, unless allowed.
    std::fs::write(
        &bank,
        "# Bank\n\n## 1. A\n\n**Question:** ![up](../outside.png)\n",
    )
    .unwrap();
    let run = export(&bank, &out, "1700000000", &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr: String = String::from_utf8_lossy(&run.stderr)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect();
    assert!(stderr.contains("--allow-outside-media"), "{stderr}");
    let run = export(&bank, &out, "1700000000", &["--allow-outside-media"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn decks_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let apkg = dir.path().join("d.apkg");
    let run = qbank(
        &[
            "export",
            SAMPLE,
            "fixtures/english-labels.md",
            "--to",
            "anki",
            "--deck",
            "面试::题库",
            "--tag",
            "study group",
            "--tag",
            "llm",
            "-o",
            apkg.to_str().unwrap(),
        ],
        "1700000000",
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let db = collection(&apkg, dir.path());
    let decks: String = db
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .unwrap();
    let decks: serde_json::Value = serde_json::from_str(&decks).unwrap();
    let mut names: Vec<&str> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "面试::题库::Distributed Systems Interview Questions",
            &format!("面试::题库::{DECK}")
        ]
    );
    let rows = notes(&db);
    assert_eq!(rows.len(), 32);
    assert!(
        rows.iter()
            .any(|r| r.tags == " english-labels study_group llm ")
    );
}

#[test]
fn tags_from_qbank_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("banks/sub")).unwrap();
    std::fs::write(
        dir.path().join("banks/qbank.toml"),
        "[anki]\ntags = [\"from config\", \"llm\"]\n",
    )
    .unwrap();
    let bank = dir.path().join("banks/sub/bank.md");
    std::fs::copy(root().join(SAMPLE), &bank).unwrap();
    let apkg = dir.path().join("t.apkg");
    let run = export(
        &bank,
        &apkg,
        "1700000000",
        &["--tag", "llm", "--tag", "cli"],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = notes(&collection(&apkg, dir.path()));
    assert!(
        rows.iter().all(|r| r.tags == " bank llm cli from_config "),
        "{}",
        rows[0].tags
    );
    // A bad [anki] key is a configuration error.
    std::fs::write(
        dir.path().join("banks/qbank.toml"),
        "[anki]\ntag = [\"x\"]\n",
    )
    .unwrap();
    let run = export(&bank, &apkg, "1700000000", &[]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn anki_text_format() {
    let run = qbank(
        &["export", SAMPLE, "--to", "anki-txt", "-o", "-"],
        "1700000000",
    );
    assert!(run.status.success());
    let text = String::from_utf8(run.stdout).unwrap();
    let header: Vec<&str> = text.lines().take(7).collect();
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype column:2",
            "#deck column:3",
            "#tags column:13",
            "#columns:guid\tnotetype\tdeck\tQuestion\tAnswer\tAnalysis\tTitle\tNumber\tSource\tOptions\tMarked\tCorrect\ttags",
        ]
    );
    let body: String = text.lines().skip(7).collect::<Vec<_>>().join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let at = reader.position().byte() as usize;
        if !reader.read_record(&mut record).unwrap() {
            break;
        }
        // Quoted: Anki skips a line that starts with `#` (a GUID may).
        assert_eq!(body.as_bytes()[at], b'"', "record at byte {at} unquoted");
        records.push(record.clone());
    }
    assert_eq!(records.len(), 30);
    assert!(records.iter().all(|r| r.len() == 13
        && &r[1] == "qbank Q&A"
        && &r[2] == DECK
        && (9..12).all(|i| r[i].is_empty())
        && &r[12] == "llm-industry"));
}

/// Choice entries are `qbank Choice` notes: the question and the options on
/// the front, the options with the correct ones marked on the back.
#[test]
fn choice_entries_are_choice_notes() {
    let dir = tempfile::tempdir().unwrap();
    let apkg = dir.path().join("choice.apkg");
    let input = root().join("fixtures/shapes/choice-keys.md");
    let run = export(&input, &apkg, "1700000000", &[]);
    assert!(run.status.success());
    let db = collection(&apkg, dir.path());
    let models: String = db
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let models: serde_json::Value = serde_json::from_str(&models).unwrap();
    // Only the note type the notes use.
    let ids: Vec<&String> = models.as_object().unwrap().keys().collect();
    assert_eq!(ids, [&qbank_anki::CHOICE_NOTETYPE_ID.to_string()]);
    let model = &models[qbank_anki::CHOICE_NOTETYPE_ID.to_string()];
    assert_eq!(model["name"], "qbank Choice");
    let fields = field_names(model);
    assert_eq!(fields, qbank_anki::CHOICE_FIELDS);
    let rows = notes(&db);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.mid == qbank_anki::CHOICE_NOTETYPE_ID));
    let field = |row: &NoteRow, name: &str| {
        let at = fields.iter().position(|f| *f == name).unwrap();
        row.fields[at].clone()
    };
    let first = &rows[0];
    assert_eq!(
        field(first, "Question"),
        "<p>下列哪个不是操作系统？（单选）</p>"
    );
    assert_eq!(field(first, "Correct"), "C");
    assert_eq!(
        field(first, "Answer"),
        "",
        "the key alone says nothing more"
    );
    assert_eq!(field(first, "Analysis"), "<p>Oracle 是数据库。</p>");
    let options = field(first, "Options");
    assert!(options.contains("<span class=\"letter\">D</span><span class=\"text\">macOS</span>"));
    assert!(!options.contains("correct") && !options.contains('✓'));
    let marked = field(first, "Marked");
    assert_eq!(marked.matches("option correct").count(), 1);
    assert!(marked.contains("<li class=\"option correct\"><span class=\"mark\">✓</span><span class=\"letter\">C</span><span class=\"text\">Oracle</span></li>"));
    assert_eq!(first.sfld, "下列哪个不是操作系统？（单选）");
    // Several correct; a statement with a true/false key: its options
    // named by position, as in CSV, XLSX and the page.
    assert_eq!(field(&rows[1], "Correct"), "A, B, D");
    assert!(
        field(&rows[3], "Marked").contains(
            "option correct\"><span class=\"mark\">✓</span><span class=\"letter\">2</span><span class=\"text\">错误"
        )
    );
    assert_eq!(field(&rows[3], "Correct"), "2");
}

/// The three exports the real-Anki tests import, one after the other: the
/// deck of `banks` (in `fixtures/FOLDER`) with `edits[0]`, later the deck of
/// a copy with `edits[1]` too, later still the text export of a copy with
/// all three; all to `deck`.
fn three_exports(
    dir: &Path,
    folder: &str,
    banks: &[&str],
    edits: [&[(&str, &str)]; 3],
    deck: &str,
) -> [String; 3] {
    let steps = [
        ("first", "anki", "first.apkg"),
        ("edited", "anki", "edited.apkg"),
        ("text", "anki-txt", "edited.txt"),
    ];
    let epochs = ["1700000000", "1700000600", "1700001200"];
    let mut outs = Vec::new();
    for (i, ((name, to, file), epoch)) in steps.into_iter().zip(epochs).enumerate() {
        let at = dir.join(name);
        std::fs::create_dir_all(&at).unwrap();
        let mut args = vec!["export".to_owned()];
        for bank in banks {
            let mut text =
                std::fs::read_to_string(root().join("fixtures").join(folder).join(bank)).unwrap();
            for (from, to) in edits[..=i].iter().flat_map(|e| e.iter()) {
                text = text.replace(from, to);
            }
            std::fs::write(at.join(bank), text).unwrap();
            args.push(at.join(bank).to_str().unwrap().to_owned());
        }
        let out = dir.join(file).to_str().unwrap().to_owned();
        args.extend(["--to", to, "--deck", deck, "-o", &out].map(str::to_owned));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = qbank(&args, epoch);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        outs.push(out);
    }
    outs.try_into().unwrap()
}

/// The Python that has Anki's library (the tests that need it are ignored
/// where it is missing, outside CI: see build.rs).
fn anki_python() -> String {
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has_anki = Command::new(&python)
        .args(["-c", "import anki.collection"])
        .output()
        .is_ok_and(|o| o.status.success());
    // Not ignored (see build.rs): the package must be there.
    assert!(
        has_anki,
        "Anki's `anki` package is not installed for {python}: pip install anki, or set QBANK_PYTHON"
    );
    python
}

/// The real Anki imports the sample's deck, then the deck of an edited copy:
/// no note added, the edited note updated.
#[test]
#[cfg_attr(
    qbank_no_anki,
    ignore = "Anki's `anki` package is not installed for $QBANK_PYTHON or python3 (pip install anki; `touch build.rs` after)"
)]
fn real_anki_imports_and_updates() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.apkg");
    let run = export(&root().join(SAMPLE), &first, "1700000000", &[]);
    assert!(run.status.success());
    // Edit entry 2's answer in a copy, export it later.
    let edited_md = dir.path().join("llm-industry.md");
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace(
            "去除数据中的噪声和异常值",
            "（已修订）去除数据中的噪声和异常值",
        );
    std::fs::write(&edited_md, text).unwrap();
    let edited = dir.path().join("edited.apkg");
    assert!(
        export(&edited_md, &edited, "1700000600", &[])
            .status
            .success()
    );
    let guid = notes(&collection(&edited, dir.path()))
        .into_iter()
        .find(|r| r.fields[4] == "2")
        .unwrap()
        .guid;
    // Edited again, exported later as Anki's text format.
    let text_md = dir.path().join("text").join("llm-industry.md");
    std::fs::create_dir_all(text_md.parent().unwrap()).unwrap();
    let source = std::fs::read_to_string(&edited_md).unwrap();
    let at = source.find("#### 3.").unwrap();
    let answer = at + source[at..].find("**答案：**").unwrap() + "**答案：**".len();
    let text = format!("{}（文本导入）{}", &source[..answer], &source[answer..]);
    std::fs::write(&text_md, text).unwrap();
    let txt = dir.path().join("edited.txt");
    let run = qbank(
        &[
            "export",
            text_md.to_str().unwrap(),
            "--to",
            "anki-txt",
            "-o",
            txt.to_str().unwrap(),
        ],
        "1700001200",
    );
    assert!(run.status.success());
    python_check(
        &python,
        "anki_check.py",
        &[
            first.to_str().unwrap(),
            edited.to_str().unwrap(),
            DECK,
            &guid,
            txt.to_str().unwrap(),
        ],
    );
}

/// The real Anki imports a deck of choice entries, then the deck and the
/// text export of edited copies (a changed key): the note is updated in
/// place each time, its card marks the new correct option.
#[test]
#[cfg_attr(
    qbank_no_anki,
    ignore = "Anki's `anki` package is not installed for $QBANK_PYTHON or python3 (pip install anki; `touch build.rs` after)"
)]
fn real_anki_imports_and_updates_choice_notes() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let banks = ["choice-keys.md", "choice-task-lists.md"];
    let edits: [&[(&str, &str)]; 3] = [
        &[],
        &[("**答案：** C", "**答案：** D")],
        &[("**答案：** D", "**答案：** B")],
    ];
    let outs = three_exports(dir.path(), "shapes", &banks, edits, "练习");
    let args: Vec<&str> = outs.iter().map(String::as_str).collect();
    python_check(&python, "anki_check.py", &[&["choice"], &args[..]].concat());
}

/// The real Anki imports the deck of the fill fixtures (cloze notes of
/// Anki's cloze kind, one card per deletion number: cloze.md 2 + 2 + 1),
/// then the deck of an edited copy (an answer changed in a cloze and in a
/// `（ ）` blank, a deletion added) and the text export of a copy edited
/// again: the notes are updated in place, with the new deletion's card,
/// none added; each card hides its own deletions and its answer shows them.
#[test]
#[cfg_attr(
    qbank_no_anki,
    ignore = "Anki's `anki` package is not installed for $QBANK_PYTHON or python3 (pip install anki; `touch build.rs` after)"
)]
fn real_anki_imports_and_updates_cloze_notes() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let banks = ["cloze.md", "mixed-exam.md"];
    let edits: [&[(&str, &str)]; 3] = [
        &[],
        &[
            ("{{c1::mitochondria}}", "{{c1::mitochondrion}}"),
            ("答案：页号；页内偏移", "答案：页号；页内地址"),
            ("lies on the Seine", "lies on the {{c3::Seine}}"),
        ],
        &[("{{c2::France}}", "{{c2::la France}}")],
    ];
    let outs = three_exports(dir.path(), "fill", &banks, edits, "填空");
    let [first, edited, _] = outs.clone().map(std::path::PathBuf::from);
    // The edits took: each export differs from the one before.
    let rows = |p: &Path| notes(&collection(p, dir.path()));
    let (a, b) = (rows(&first), rows(&edited));
    assert_eq!(
        a.iter().map(|r| &r.guid).collect::<Vec<_>>(),
        b.iter().map(|r| &r.guid).collect::<Vec<_>>(),
        "an edited answer keeps every GUID"
    );
    assert!(b.iter().any(|r| r.fields[0].contains("{{c3::Seine}}")));
    let args: Vec<&str> = outs.iter().map(String::as_str).collect();
    python_check(&python, "anki_check.py", &[&["cloze"], &args[..]].concat());
}

/// An entry whose note type changes keeps its GUID: the real Anki counts
/// the note as conflicting and leaves it, until its note type is changed in
/// the collection (docs/anki.md, "Identity").
#[test]
#[cfg_attr(
    qbank_no_anki,
    ignore = "Anki's `anki` package is not installed for $QBANK_PYTHON or python3 (pip install anki; `touch build.rs` after)"
)]
fn real_anki_keeps_a_note_whose_type_changed() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let bank = |answer: &str| {
        format!(
            "# Net\n\n## 1. Transport\n\n**Question:** HTTP runs over ____ and DNS mostly over ____.\n\n**Answer:** {answer}\n"
        )
    };
    // Exported after the note type is changed in the test's collection:
    // Anki updates a note only from a later export.
    let later = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 60;
    let mut decks = Vec::new();
    for (name, answer, epoch) in [
        ("open", "TCP", "1700000000".to_owned()),
        ("cloze", "TCP; UDP", later.to_string()),
    ] {
        let md = dir.path().join(name).join("net.md");
        std::fs::create_dir_all(md.parent().unwrap()).unwrap();
        std::fs::write(&md, bank(answer)).unwrap();
        let apkg = dir.path().join(format!("{name}.apkg"));
        assert!(export(&md, &apkg, &epoch, &[]).status.success());
        decks.push(apkg.to_str().unwrap().to_owned());
    }
    let rows: Vec<i64> = decks
        .iter()
        .map(|d| notes(&collection(Path::new(d), dir.path()))[0].mid)
        .collect();
    assert_eq!(
        rows,
        [qbank_anki::NOTETYPE_ID, qbank_anki::CLOZE_NOTETYPE_ID]
    );
    python_check(&python, "anki_check.py", &["change", &decks[0], &decks[1]]);
}

/// Short-answer and numerical entries are `qbank Type` notes (the answer
/// typed in, every accepted answer or the bounds on the back); matching
/// and ordering entries `qbank Q&A` notes listing what to match or order on
/// the front and the pairs or steps on the back; open entries stay open.
#[test]
fn graded_entries_are_type_notes_and_listed_cards() {
    let dir = tempfile::tempdir().unwrap();
    let apkg = dir.path().join("graded.apkg");
    let mut args = vec!["export".to_owned()];
    for kind in ["short", "numerical", "matching", "ordering"] {
        args.push(format!("fixtures/graded/{kind}.md"));
    }
    args.extend(["--to", "anki", "-o", apkg.to_str().unwrap()].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(qbank(&args, "1700000000").status.success());
    let db = collection(&apkg, dir.path());
    let models: String = db
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let models: serde_json::Value = serde_json::from_str(&models).unwrap();
    let model = &models[qbank_anki::TYPE_NOTETYPE_ID.to_string()];
    assert_eq!(model["name"], "qbank Type");
    assert_eq!(field_names(model), qbank_anki::TYPE_FIELDS);
    let template = &model["tmpls"][0];
    for side in ["qfmt", "afmt"] {
        assert!(template[side].as_str().unwrap().contains("{{type:Answer}}"));
    }
    let rows = notes(&db);
    let typed: Vec<&NoteRow> = rows
        .iter()
        .filter(|r| r.mid == qbank_anki::TYPE_NOTETYPE_ID)
        .collect();
    // 3 short answers and 6 numbers; the essay and the bare number are open.
    assert_eq!(typed.len(), 9);
    assert_eq!(rows.len(), 20);
    let by_title = |part: &str| rows.iter().find(|r| r.fields[3].contains(part)).unwrap();
    let colour = by_title("colour of the sky");
    assert_eq!(colour.fields[1], "colour");
    assert!(colour.fields[6].contains("<li>color</li><li>Colour</li>"));
    assert!(colour.fields[6].contains("Case does not matter"));
    let gravity = by_title("acceleration due to gravity");
    assert_eq!(
        (&gravity.fields[1][..], &gravity.fields[7][..]),
        ("9.8", "m/s²")
    );
    assert!(gravity.fields[6].contains("9.7 – 9.9"));
    let bits = by_title("bits are in a byte");
    assert_eq!(bits.mid, qbank_anki::NOTETYPE_ID);
    let tcp = by_title("three-way handshake");
    assert_eq!(tcp.mid, qbank_anki::NOTETYPE_ID);
    assert!(tcp.fields[0].contains("<ul class=\"shuffled\">"));
    assert!(!tcp.fields[0].contains("<li>SYN</li><li>SYN-ACK</li><li>ACK</li>"));
    assert_eq!(
        tcp.fields[1],
        "<ol class=\"steps\"><li>SYN</li><li>SYN-ACK</li><li>ACK</li></ol>"
    );
    // The numbered terms stand in the question: only the definitions (and
    // the distractors) are listed on the front.
    let terms = by_title("numbered terms");
    assert!(!terms.fields[0].contains("lefts") && terms.fields[0].contains("a hash map"));
    assert!(
        terms.fields[1]
            .contains("<td>Stack</td><td class=\"arrow\">→</td><td>last in, first out</td>")
    );
}

/// The real Anki imports the graded fixtures' deck (type-in notes that Anki
/// recognises as such), then the deck and the text export of edited copies:
/// the notes are updated in place, none added.
#[test]
#[cfg_attr(
    qbank_no_anki,
    ignore = "Anki's `anki` package is not installed for $QBANK_PYTHON or python3 (pip install anki; `touch build.rs` after)"
)]
fn real_anki_imports_and_updates_graded_notes() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let banks = ["short.md", "numerical.md", "matching.md", "ordering.md"];
    let edits: [&[(&str, &str)]; 3] = [
        &[],
        &[
            ("9.8 ± 0.1 m/s²", "9.81 ± 0.05 m/s²"),
            ("Go -> Rob Pike", "Go -> Rob Pike and Ken Thompson"),
            (
                "Accepted: color | Colour",
                "Accepted: color | Colour | couleur",
            ),
        ],
        &[("3. ACK", "3. ACK, then data")],
    ];
    let outs = three_exports(dir.path(), "graded", &banks, edits, "评分");
    let args: Vec<&str> = outs.iter().map(String::as_str).collect();
    python_check(&python, "anki_check.py", &[&["graded"], &args[..]].concat());
}
