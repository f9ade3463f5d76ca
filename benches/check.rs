//! `qbank check` on the generated 1,000-file corpus: parsing alone, linting
//! alone, and both, as the command runs them (files on rayon's pool).
//!
//! `cargo bench --bench check`. Figures: docs/performance.md.
#![allow(clippy::unwrap_used)]

#[path = "corpus.rs"]
mod corpus;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_lint::{LintFile, Settings, lint};
use rayon::prelude::*;
use std::sync::LazyLock;

/// The corpus as generated: numbering continues from file to file and every
/// file repeats the sample's questions, so it has about 60,000 findings
/// (entry-numbering, duplicate-question, duplicate-title).
static MANY: LazyLock<Vec<String>> = LazyLock::new(corpus::many_files);

/// The same files made clean: numbered from 1 and with questions of their
/// own, as a bank that passes `qbank check` in CI (no finding at all).
static CLEAN: LazyLock<Vec<String>> =
    LazyLock::new(|| MANY.iter().enumerate().map(|(i, t)| clean(t, i)).collect());

fn clean(text: &str, volume: usize) -> String {
    let mut out = String::with_capacity(text.len() + 4096);
    let mut number = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("#### ") {
            if let Some((_, title)) = rest.split_once(". ") {
                number += 1;
                let title = title.trim_end_matches('\n');
                out.push_str(&format!("#### {number}. {title}（{number}）\n"));
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("**题目：** ") {
            out.push_str(&format!("**题目：** （卷{volume}第{number}题）{rest}"));
            continue;
        }
        out.push_str(line);
    }
    out
}

fn main() {
    divan::main();
}

fn parse_all(texts: &[String]) -> Vec<ParsedFile> {
    let options = ParseOptions::default();
    texts
        .par_iter()
        .enumerate()
        .map(|(i, t)| {
            qbank_core::parse_bytes(format!("bank-{i:04}.md"), t.as_bytes().to_vec(), &options)
                .unwrap()
        })
        .collect()
}

fn lint_all(files: &[ParsedFile], settings: &Settings) -> usize {
    let lint_files: Vec<LintFile<'_>> = files
        .iter()
        .map(|file| LintFile { file, settings })
        .collect();
    lint(&lint_files).iter().map(|r| r.diagnostics.len()).sum()
}

fn bytes() -> BytesCount {
    BytesCount::new(MANY.iter().map(String::len).sum::<usize>())
}

fn clean_bytes() -> BytesCount {
    BytesCount::new(CLEAN.iter().map(String::len).sum::<usize>())
}

/// The clean corpus: parsing alone.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn clean_parse_only(bencher: Bencher<'_, '_>) {
    bencher
        .counter(clean_bytes())
        .bench(|| parse_all(black_box(&CLEAN)));
}

/// The clean corpus: linting alone (no finding).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn clean_lint_only(bencher: Bencher<'_, '_>) {
    let files = parse_all(&CLEAN);
    let settings = Settings::default();
    assert_eq!(
        lint_all(&files, &settings),
        0,
        "the clean corpus has findings"
    );
    bencher
        .counter(clean_bytes())
        .bench(|| lint_all(black_box(&files), &settings));
}

/// Decode and parse the 1,000 files (what `check` does before linting).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_only(bencher: Bencher<'_, '_>) {
    bencher
        .counter(bytes())
        .bench(|| parse_all(black_box(&MANY)));
}

/// Lint the 1,000 parsed files (every rule, cross-file duplicates included).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn lint_only(bencher: Bencher<'_, '_>) {
    let files = parse_all(&MANY);
    let settings = Settings::default();
    bencher
        .counter(bytes())
        .bench(|| lint_all(black_box(&files), &settings));
}

/// Parse and lint, as `qbank check DIR` does.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_and_lint(bencher: Bencher<'_, '_>) {
    let settings = Settings::default();
    bencher.counter(bytes()).bench(|| {
        let files = parse_all(black_box(&MANY));
        lint_all(&files, &settings)
    });
}
