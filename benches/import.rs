//! Importing 100,000 entries back from their CSV, XLSX and JSON exports
//! (unedited: each bank comes back as `qbank fmt` of it), against exporting
//! them to the same format.
//!
//! `cargo bench --bench import`. Figures: docs/performance.md.
#![allow(clippy::unwrap_used)]

#[path = "corpus.rs"]
mod corpus;

use divan::{Bencher, black_box};
use qbank_core::{ParseOptions, ParsedFile};
use std::sync::LazyLock;

const ENTRIES: usize = 100_000;

/// One tidy bank of 100,000 entries: the sample's 30 entries repeated.
static BANK: LazyLock<ParsedFile> = LazyLock::new(|| {
    let text = corpus::repeated_bank(ENTRIES);
    qbank_core::parse_bytes("bank.md", text.into_bytes(), &ParseOptions::default()).unwrap()
});

fn exported(format: &str) -> Vec<u8> {
    let (out, options) = (Vec::with_capacity(200 << 20), &Default::default());
    let writer = match format {
        "csv" => qbank_csv::create(out, options, &Default::default()),
        "json" => qbank_json::create_json(out, options, &Default::default()),
        _ => qbank_xlsx::create(out, options, &Default::default()),
    };
    qbank_export::export_parsed(writer, &[&*BANK])
        .unwrap()
        .output
}

static CSV: LazyLock<Vec<u8>> = LazyLock::new(|| exported("csv"));
static XLSX: LazyLock<Vec<u8>> = LazyLock::new(|| exported("xlsx"));
static JSON: LazyLock<Vec<u8>> = LazyLock::new(|| exported("json"));

fn main() {
    for export in [&CSV, &XLSX, &JSON] {
        LazyLock::force(export);
    }
    divan::main();
}

fn import(name: &str, bytes: &[u8]) -> usize {
    let back = qbank_import::from_bytes(name, bytes).unwrap();
    back.documents.iter().map(|d| d.text.len()).sum()
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_csv(bencher: Bencher<'_, '_>) {
    bencher.bench(|| black_box(import("bank.csv", &CSV)));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_xlsx(bencher: Bencher<'_, '_>) {
    bencher.bench(|| black_box(import("bank.xlsx", &XLSX)));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_json(bencher: Bencher<'_, '_>) {
    bencher.bench(|| black_box(import("bank.json", &JSON)));
}

/// The export the imports come from, for scale.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn export_xlsx(bencher: Bencher<'_, '_>) {
    bencher.bench(|| black_box(exported("xlsx").len()));
}
