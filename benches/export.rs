//! Exporting 100,000 entries: qbank's CSV and XLSX writers against the `csv`
//! crate and `rust_xlsxwriter` writing the same cells alone.
//!
//! `cargo bench --bench export`. Figures: docs/performance.md.
#![allow(clippy::unwrap_used)]

#[path = "corpus.rs"]
mod corpus;

use divan::{Bencher, black_box};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::TextFormat;
use qbank_export::rows::{ENTRY_COLUMNS, ITEM_COLUMNS, entry_rows, item_rows};
use rust_xlsxwriter::{Format, Workbook};
use std::sync::LazyLock;

const ENTRIES: usize = 100_000;

/// One bank of 100,000 entries: the sample's 30 entries repeated.
static BANK: LazyLock<ParsedFile> = LazyLock::new(|| {
    let text = corpus::repeated_bank(ENTRIES);
    qbank_core::parse_bytes("bank.md", text.into_bytes(), &ParseOptions::default()).unwrap()
});

/// The cells both writers write, as strings and numbers.
struct Cells {
    entries: Vec<Vec<Cell>>,
    items: Vec<Vec<Cell>>,
}

enum Cell {
    Text(String),
    Number(u64),
    Empty,
}

static CELLS: LazyLock<Cells> = LazyLock::new(|| {
    let file = &*BANK;
    let text = |s: &str| Cell::Text(s.to_owned());
    let opt = |n: Option<u64>| n.map_or(Cell::Empty, Cell::Number);
    let entries = entry_rows(file, TextFormat::Markdown)
        .map(|r| {
            vec![
                text(r.file),
                opt(r.number),
                text(r.title),
                text(r.question.as_deref().unwrap_or("")),
                text(r.answer.as_deref().unwrap_or("")),
                text(r.analysis.as_deref().unwrap_or("")),
                Cell::Number(u64::from(r.line)),
                Cell::Number(u64::from(r.end_line)),
                Cell::Empty,
                text(r.document_title.unwrap_or("")),
            ]
        })
        .collect();
    let items = item_rows(file, TextFormat::Markdown)
        .into_iter()
        .map(|r| {
            vec![
                text(r.file),
                opt(r.entry_number),
                text(r.entry_title),
                text(r.section.as_str()),
                Cell::Number(r.list_index as u64),
                opt(r.item_number),
                text(r.term.unwrap_or("")),
                text(&r.text),
                Cell::Number(u64::from(r.line)),
                Cell::Number(r.depth as u64),
                Cell::Number(u64::from(r.entry_line)),
            ]
        })
        .collect();
    Cells { entries, items }
});

fn main() {
    LazyLock::force(&CELLS);
    divan::main();
}

/// qbank's CSV writer (formula neutralisation on, as by default).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn csv_qbank(bencher: Bencher<'_, '_>) {
    let file = &*BANK;
    bencher.bench(|| {
        let out = Vec::with_capacity(200 << 20);
        let csv = qbank_csv::create(out, &Default::default(), &Default::default());
        let out = qbank_export::export_parsed(csv, &[file]).unwrap().output;
        black_box(out.len())
    });
}

/// The csv crate alone writing the same strings.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn csv_crate_alone(bencher: Bencher<'_, '_>) {
    let cells = &*CELLS;
    bencher.bench(|| {
        let mut out = Vec::with_capacity(200 << 20);
        {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(&mut out);
            w.write_record(ENTRY_COLUMNS).unwrap();
            for row in &cells.entries {
                for cell in row {
                    match cell {
                        Cell::Text(s) => w.write_field(s).unwrap(),
                        Cell::Number(n) => w.write_field(n.to_string()).unwrap(),
                        Cell::Empty => w.write_field("").unwrap(),
                    }
                }
                w.write_record(None::<&[u8]>).unwrap();
            }
            w.flush().unwrap();
        }
        black_box(out.len())
    });
}

/// qbank's XLSX writer (three sheets, constant memory).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn xlsx_qbank(bencher: Bencher<'_, '_>) {
    let file = &*BANK;
    bencher.bench(|| {
        let out = Vec::with_capacity(200 << 20);
        let xlsx = qbank_xlsx::create(out, &Default::default(), &Default::default());
        let out = qbank_export::export_parsed(xlsx, &[file]).unwrap().output;
        black_box(out.len())
    });
}

/// rust_xlsxwriter alone writing the same cells (same sheets, formats and
/// constant-memory mode).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn xlsx_rust_xlsxwriter_alone(bencher: Bencher<'_, '_>) {
    let cells = &*CELLS;
    bencher.bench(|| {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        for (name, columns, rows) in [
            ("Entries", &ENTRY_COLUMNS[..], &cells.entries),
            ("Items", &ITEM_COLUMNS[..], &cells.items),
        ] {
            let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
            sheet.set_name(name).unwrap();
            for (c, h) in columns.iter().enumerate() {
                sheet
                    .write_string_with_format(0, c as u16, *h, &bold)
                    .unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match cell {
                        Cell::Text(s) => {
                            sheet.write_string_with_format(r, c, s, &wrap).unwrap();
                        }
                        Cell::Number(n) => {
                            sheet.write_number(r, c, *n as f64).unwrap();
                        }
                        Cell::Empty => {}
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(200 << 20);
        workbook.save_to_writer(&mut out).unwrap();
        black_box(out.len())
    });
}
