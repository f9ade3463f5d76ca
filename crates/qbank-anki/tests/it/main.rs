//! Round trips of the Anki writers: the sample written through the
//! `qbank_export::Writer` trait, the package opened (zip, then the SQLite
//! collection) and the text format read back, compared with the model.
#![allow(clippy::unwrap_used)]

mod cloze;

use qbank_anki::AnkiOptions;
use qbank_core::{ParseOptions, ParsedFile, SectionKind};
use qbank_export::{Driver, ExportOptions, Writer};
use std::io::{Cursor, Read};

fn sample() -> ParsedFile {
    fixture("llm-industry.md")
}

/// A fixture, parsed, named by its path (its images are found from there).
fn fixture(name: &str) -> ParsedFile {
    let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    qbank_core::parse_bytes(&path, bytes, &ParseOptions::default()).unwrap()
}

/// How an Anki format's writer is made.
type Create =
    fn(Vec<u8>, &ExportOptions, &AnkiOptions) -> qbank_export::Result<Box<dyn Writer<Vec<u8>>>>;

fn export(create: Create, file: &ParsedFile, batched: bool) -> Vec<u8> {
    let mut options = ExportOptions::default();
    options.time = 1_700_000_000;
    let writer = create(Vec::new(), &options, &AnkiOptions::default());
    let mut driver = Driver::new(vec![writer]);
    if batched {
        driver.write_batches(file, &["extra".to_owned()], 7);
    } else {
        driver.write_parsed(file, &["extra".to_owned()]);
    }
    driver.finish().remove(0).unwrap().output
}

/// `(guid, fields, tags)` of every note, by note id.
fn notes(apkg: &[u8]) -> Vec<(String, Vec<String>, String)> {
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
    let mut stmt = db
        .prepare("SELECT guid, flds, tags FROM notes ORDER BY id")
        .unwrap();
    stmt.query_map([], |row| {
        let flds: String = row.get(1)?;
        Ok((
            row.get(0)?,
            flds.split('\u{1f}').map(str::to_owned).collect(),
            row.get(2)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_package_holds_one_note_per_entry() {
    let file = sample();
    let notes = notes(&export(qbank_anki::create_apkg, &file, false));
    assert_eq!(notes.len(), file.document.entries.len());
    for (entry, (guid, fields, tags)) in file.document.entries.iter().zip(&notes) {
        assert_eq!(fields.len(), qbank_anki::FIELDS.len());
        assert_eq!(fields[3], entry.title);
        assert_eq!(fields[4], entry.number.unwrap().to_string());
        let analysis = entry.section(SectionKind::Analysis).unwrap();
        let plain = qbank_export::to_plain(analysis.body.slice(&file.source.text));
        assert!(fields[2].contains(plain.trim()), "{}", fields[2]);
        assert!(!guid.is_empty());
        assert_eq!(tags.trim(), "llm-industry extra");
    }
}

#[test]
fn batches_write_the_same_package_and_text() {
    let file = sample();
    for create in [qbank_anki::create_apkg, qbank_anki::create_anki_txt] {
        assert_eq!(export(create, &file, true), export(create, &file, false));
    }
}

/// `qbank sync` writes its packages from the note list: the same bytes as
/// the export of the entries (cloze, choice, type-in notes, images).
#[test]
fn the_package_of_the_note_list_is_the_export() {
    for name in [
        "llm-industry.md",
        "fill/mixed-exam.md",
        "graded/short.md",
        "html/study.md",
    ] {
        let file = fixture(name);
        let mut options = ExportOptions::default();
        options.time = 1_700_000_000;
        let list = qbank_anki::create_note_list(&options, &AnkiOptions::default());
        let mut driver = Driver::new(vec![list]);
        driver.write_parsed(&file, &["extra".to_owned()]);
        let list = driver.finish().remove(0).unwrap().output;
        if name == "html/study.md" {
            assert!(list.iter().any(|n| !n.media.is_empty()), "an image");
        }
        let written = qbank_anki::write_apkg(Vec::new(), &list, options.time, 0).unwrap();
        assert!(
            written == export(qbank_anki::create_apkg, &file, false),
            "{name}"
        );
        // Any part of it: the package of those notes alone.
        let some = &list[1..3];
        let part = notes(&qbank_anki::write_apkg(Vec::new(), some, options.time, 9).unwrap());
        let guids: Vec<&String> = part.iter().map(|(guid, _, _)| guid).collect();
        assert_eq!(guids, some.iter().map(|n| &n.guid).collect::<Vec<_>>());
    }
}

#[test]
fn the_text_format_reads_back_with_the_package_guids() {
    let file = sample();
    let text = String::from_utf8(export(qbank_anki::create_anki_txt, &file, false)).unwrap();
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert!(header.contains(&"#notetype column:2"), "{header:?}");
    let body: String = text
        .lines()
        .skip(header.len())
        .collect::<Vec<_>>()
        .join("\n");
    let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let notes = notes(&export(qbank_anki::create_apkg, &file, false));
    assert_eq!(records.len(), notes.len());
    for (record, (guid, fields, _)) in records.iter().zip(&notes) {
        assert_eq!(&record[0], guid);
        assert_eq!(&record[1], "qbank Q&A");
        assert_eq!(&record[3], fields[0]);
    }
}
