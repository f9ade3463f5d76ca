//! Round trips of the XLSX writer: banks written through the
//! `qbank_export::Writer` trait, read back with calamine, compared cell by
//! cell with the model's rows.
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::rows::{ENTRY_COLUMNS, ITEM_COLUMNS, entry_rows, item_rows};
use qbank_export::{Driver, ExportOptions, TextFormat};
use std::io::Cursor;

fn sample() -> ParsedFile {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/llm-industry.md"
    );
    let bytes = std::fs::read(path).unwrap();
    qbank_core::parse_bytes("llm-industry.md", bytes, &ParseOptions::default()).unwrap()
}

fn export(file: &ParsedFile, options: &ExportOptions, batched: bool) -> Vec<u8> {
    let writer = qbank_xlsx::create(Vec::new(), options, &qbank_xlsx::XlsxOptions::default());
    let mut driver = Driver::new(vec![writer]);
    if batched {
        driver.write_batches(file, &[], 7);
    } else {
        driver.write_parsed(file, &[]);
    }
    driver.finish().remove(0).unwrap().output
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn text(cell: Option<&str>) -> String {
    cell.unwrap_or("").to_owned()
}

#[test]
fn entries_and_items_read_back_as_the_model() {
    let file = sample();
    for format in [TextFormat::Markdown, TextFormat::Plain] {
        let mut options = ExportOptions::default();
        options.text = format;
        options.time = 1_700_000_000;
        let bytes = export(&file, &options, false);
        let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
        let entries = sheet(&mut book, "Entries");
        assert_eq!(entries[0], ENTRY_COLUMNS);
        let rows: Vec<_> = entry_rows(&file, format).collect();
        assert_eq!(entries.len(), rows.len() + 1);
        for (got, row) in entries[1..].iter().zip(&rows) {
            assert_eq!(got[1], row.number.unwrap().to_string());
            assert_eq!(got[2], row.title);
            assert_eq!(got[3], text(row.question.as_deref()));
            assert_eq!(got[4], text(row.answer.as_deref()));
            assert_eq!(got[5], text(row.analysis.as_deref()));
            assert_eq!(got[6], row.line.to_string());
        }
        let items = sheet(&mut book, "Items");
        assert_eq!(items[0], ITEM_COLUMNS);
        let rows = item_rows(&file, format);
        assert_eq!(items.len(), rows.len() + 1);
        for (got, row) in items[1..].iter().zip(&rows) {
            assert_eq!(got[2], row.entry_title);
            assert_eq!(got[6], text(row.term));
        }
        let documents = sheet(&mut book, "Documents");
        assert_eq!(documents[1][0], "llm-industry.md");
        assert_eq!(documents[1][2], "30");
    }
}

#[test]
fn batches_write_the_same_workbook() {
    let file = sample();
    let mut options = ExportOptions::default();
    options.time = 1_700_000_000;
    assert_eq!(
        export(&file, &options, true),
        export(&file, &options, false)
    );
}
