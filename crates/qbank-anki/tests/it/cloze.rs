//! Fill entries as `qbank Cloze` notes: the note type and the notes of the
//! fill fixtures, as snapshots of the package's rows, and the deletions
//! read back the way Anki reads them.

use qbank_anki::AnkiOptions;
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::{Driver, ExportOptions};
use std::fmt::Write as _;
use std::io::{Cursor, Read};

fn parse(name: &str) -> ParsedFile {
    let path = format!("{}/../../fixtures/fill/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    qbank_core::parse_bytes(name, bytes, &ParseOptions::default()).unwrap()
}

fn parse_text(name: &str, text: &str) -> ParsedFile {
    let bytes = text.as_bytes().to_vec();
    qbank_core::parse_bytes(name, bytes, &ParseOptions::default()).unwrap()
}

/// The package of `file`, exported at a fixed time.
fn apkg(file: &ParsedFile) -> Vec<u8> {
    let mut options = ExportOptions::default();
    options.time = 1_700_000_000;
    let writer = qbank_anki::create_apkg(Vec::new(), &options, &AnkiOptions::default());
    let mut driver = Driver::new(vec![writer]);
    driver.write_parsed(file, &[]);
    driver.finish().remove(0).unwrap().output
}

/// The collection of a package, opened (kept alive by its folder).
fn open(apkg: &[u8]) -> (tempfile::TempDir, rusqlite::Connection) {
    let mut zip = zip::ZipArchive::new(Cursor::new(apkg)).unwrap();
    let mut collection = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut collection)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    std::fs::write(&path, collection).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    (dir, db)
}

fn models(db: &rusqlite::Connection) -> serde_json::Value {
    let models: String = db
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    serde_json::from_str(&models).unwrap()
}

/// Every note with its note type's name, its fields by name, its tags and
/// its cards (`ord`, `due`), as text for a snapshot.
fn describe(db: &rusqlite::Connection) -> String {
    let models = models(db);
    let mut out = String::new();
    let mut notes = db
        .prepare("SELECT id, guid, mid, flds, tags, sfld FROM notes ORDER BY id")
        .unwrap();
    let rows = notes
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap);
    for (id, guid, mid, flds, tags, sfld) in rows {
        let model = &models[mid.to_string()];
        let cards: Vec<String> = db
            .prepare("SELECT ord, due FROM cards WHERE nid = ?1 ORDER BY id")
            .unwrap()
            .query_map([id], |r| {
                Ok(format!(
                    "ord {} due {}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        writeln!(out, "== {} {guid}", model["name"].as_str().unwrap()).unwrap();
        writeln!(out, "cards: {}", cards.join(", ")).unwrap();
        writeln!(out, "tags: {}", tags.trim()).unwrap();
        writeln!(out, "sort: {sfld}").unwrap();
        let names = model["flds"].as_array().unwrap();
        for (field, value) in names.iter().zip(flds.split('\u{1f}')) {
            writeln!(out, "{}: {value}", field["name"].as_str().unwrap()).unwrap();
        }
    }
    out
}

#[test]
fn the_cloze_note_type() {
    let (_dir, db) = open(&apkg(&parse("cloze.md")));
    let models = models(&db);
    let ids: Vec<&String> = models.as_object().unwrap().keys().collect();
    assert_eq!(ids, [&qbank_anki::CLOZE_NOTETYPE_ID.to_string()]);
    let model = &models[qbank_anki::CLOZE_NOTETYPE_ID.to_string()];
    assert_eq!(model["type"], 1, "Anki's cloze kind");
    assert_eq!(model["css"], qbank_anki::CLOZE_CSS);
    assert!(qbank_anki::CLOZE_CSS.starts_with(qbank_anki::CSS));
    let mut model = model.clone();
    // The other note types' CSS (checked above), then the cloze's rules.
    let own = &qbank_anki::CLOZE_CSS[qbank_anki::CSS.len()..];
    model["css"] = format!("{{CSS}}\n{own}").into();
    insta::assert_snapshot!(serde_json::to_string_pretty(&model).unwrap());
}

#[test]
fn cloze_fixture_notes() {
    let (_dir, db) = open(&apkg(&parse("cloze.md")));
    insta::assert_snapshot!(describe(&db));
}

#[test]
fn mixed_exam_notes() {
    let (_dir, db) = open(&apkg(&parse("mixed-exam.md")));
    insta::assert_snapshot!(describe(&db));
}

#[test]
fn underscores_notes() {
    let (_dir, db) = open(&apkg(&parse("underscores.md")));
    insta::assert_snapshot!(describe(&db));
}

/// The rows of the only note of `file`: its GUID and fields.
fn only_note(file: &ParsedFile) -> (String, Vec<String>) {
    let (_dir, db) = open(&apkg(file));
    db.query_row("SELECT guid, flds FROM notes", [], |r| {
        let flds: String = r.get(1)?;
        Ok((r.get(0)?, flds.split('\u{1f}').map(str::to_owned).collect()))
    })
    .unwrap()
}

/// Answers that hold Anki's cloze syntax (`::` of a Rust path, `}}` of a
/// template) are written as character references: they cannot end their
/// deletion early or open another.
#[test]
fn answers_with_cloze_syntax_are_safe() {
    let bank = "# Rust\n\n## 1. Paths\n\n**Question:** The growable array is ____ and Jinja closes with ____.\n\n**Answer:** std::vec::Vec；}}\n";
    let (_, fields) = only_note(&parse_text("rust.md", bank));
    assert_eq!(
        fields[0],
        "<p>The growable array is {{c1::std&#58;&#58;vec&#58;&#58;Vec}} and Jinja closes with {{c2::&#125;&#125;}}.</p>"
    );
}

/// A cloze in an entry's title: the `Title` hides it as the front does,
/// and a changed answer keeps the note's GUID (its key is the title
/// without the answers).
#[test]
fn clozes_in_titles_are_hidden_and_keep_the_note() {
    let bank = |answer: &str| {
        format!(
            "# Cell\n\n## 1. The {{{{c1::{answer}}}}} is the {{{{c2::powerhouse::a place}}}} of the cell.\n"
        )
    };
    let (guid, fields) = only_note(&parse_text("cell.md", &bank("mitochondria")));
    assert_eq!(fields.len(), qbank_anki::CLOZE_FIELDS.len());
    assert_eq!(
        fields[0],
        "<p>The {{c1::mitochondria}} is the {{c2::powerhouse::a place}} of the cell.</p>"
    );
    assert_eq!(fields[2], "The [...] is the [a place] of the cell.");
    let (edited, fields) = only_note(&parse_text("cell.md", &bank("mitochondrion")));
    assert_eq!(edited, guid);
    assert!(fields[0].contains("{{c1::mitochondrion}}"), "{}", fields[0]);
}

/// A fill entry with a blank the bank does not answer stays a `qbank Q&A`
/// note, its question as written.
#[test]
fn unanswered_blanks_make_a_question_and_answer_note() {
    let bank =
        "# Net\n\n## 1. Layers between ____ and ____?\n\n**Answer:** network, transport, session\n";
    let file = parse_text("net.md", bank);
    assert_eq!(file.document.entries[0].kind, qbank_core::Kind::Fill);
    let (_, fields) = only_note(&file);
    assert_eq!(fields.len(), qbank_anki::FIELDS.len());
    assert_eq!(fields[0], "<p>Layers between ____ and ____?</p>");
}

/// The text export names each note's type: a cloze note's five fields in
/// the first five field columns, as Anki fills them.
#[test]
fn the_text_format_carries_cloze_notes() {
    let mut options = ExportOptions::default();
    options.time = 1_700_000_000;
    let writer = qbank_anki::create_anki_txt(Vec::new(), &options, &AnkiOptions::default());
    let mut driver = Driver::new(vec![writer]);
    driver.write_parsed(&parse("cloze.md"), &[]);
    let text = String::from_utf8(driver.finish().remove(0).unwrap().output).unwrap();
    let body: String = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(records.len(), 3);
    let first = &records[0];
    assert_eq!(&first[1], "qbank Cloze");
    assert!(
        first[3].contains("{{c2::powerhouse::a place}}"),
        "{first:?}"
    );
    assert!(first[4].contains("cell's ATP"), "{first:?}");
    assert_eq!(
        [&first[5], &first[6], &first[7]],
        ["The cell", "1", "cloze.md:3"]
    );
    assert!((8..12).all(|i| first[i].is_empty()), "{first:?}");
}

/// A `____` inside a raw HTML tag is no blank (the reader skips tags): the
/// one outside it is the deletion, and the tag comes through intact.
#[test]
fn a_blank_inside_a_tag_stays_in_its_tag() {
    let bank = "# T\n\n## 1. Img\n\n**Question:** See <img alt=\"____\" src=\"https://e.x/a.png\"> and fill ____.\n\n**Answer:** a\n";
    let file = parse_text("img.md", bank);
    assert_eq!(file.document.entries[0].kind, qbank_core::Kind::Fill);
    assert_eq!(file.document.entries[0].blanks.len(), 1);
    let (_, fields) = only_note(&file);
    assert_eq!(fields.len(), qbank_anki::CLOZE_FIELDS.len());
    assert!(fields[0].contains("alt=\"____\""), "{}", fields[0]);
    assert!(fields[0].contains("{{c1::a}}"), "{}", fields[0]);
}
