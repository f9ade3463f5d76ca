//! Parse throughput: pulldown-cmark's own pass vs qbank's parser, on the
//! corpus of `benches/corpus.rs` (1,000 files of about 41 KB; one file of
//! about 40 MB; one of about 40 MB in the exam layout, the second
//! benchmark bank).
//!
//! ```text
//! cargo bench --bench parse
//! ```
//!
//! Every benchmark counts the bytes it parses, so divan reports MB/s.
//! Figures and how to read them: `docs/performance.md`.

#![allow(clippy::unwrap_used)]

#[path = "corpus.rs"]
mod corpus;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use pulldown_cmark::Parser;
use qbank_core::{Document, ParseOptions};
use rayon::prelude::*;
use std::sync::LazyLock;

static ONE: LazyLock<String> = LazyLock::new(|| corpus::file(0));
static MANY: LazyLock<Vec<String>> = LazyLock::new(corpus::many_files);
static BIG: LazyLock<String> = LazyLock::new(corpus::one_big_file);
static EXAM: LazyLock<String> = LazyLock::new(|| corpus::exam_paper(corpus::BIG_FILE_BYTES));

fn main() {
    divan::main();
}

/// pulldown-cmark alone: every event and its offsets, as qbank reads them.
fn pulldown_pass(text: &str) {
    for item in Parser::new_ext(text, qbank_core::markdown_options()).into_offset_iter() {
        black_box(item);
    }
}

fn sequential(text: &str) -> Document {
    qbank_core::parse_sequential("bench.md", text, &ParseOptions::default())
}

fn parallel(text: &str) -> Document {
    qbank_core::parse("bench.md", text, &ParseOptions::default())
}

/// `parse_each`: each entry handed on (here dropped) as soon as it is
/// complete; returns how many there were.
fn each(text: &str) -> usize {
    let mut entries = 0;
    qbank_core::parse_each("bench.md", text, &ParseOptions::default(), |_, entry| {
        black_box(entry);
        entries += 1;
    });
    entries
}

fn total_len(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

/// One file of about 41 KB (the first of the 1,000), single-threaded.
mod one_file_41kb {
    use super::*;

    fn text() -> &'static str {
        &ONE
    }

    #[divan::bench]
    fn pulldown_cmark(bencher: Bencher<'_, '_>) {
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| pulldown_pass(black_box(text)));
    }

    #[divan::bench]
    fn qbank_sequential(bencher: Bencher<'_, '_>) {
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| sequential(black_box(text)));
    }
}

/// One file of about 40 MB.
mod one_file_40mb {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn pulldown_cmark(bencher: Bencher<'_, '_>) {
        let text = BIG.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| pulldown_pass(black_box(text)));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_sequential(bencher: Bencher<'_, '_>) {
        let text = BIG.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| sequential(black_box(text)));
    }

    /// `qbank_core::parse`: cut at entry headings, pieces on rayon's pool.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_parallel(bencher: Bencher<'_, '_>) {
        let text = BIG.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| parallel(black_box(text)));
    }

    /// `qbank_core::parse_each`: the same pieces, a window at a time, each
    /// entry handed on instead of kept.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_each(bencher: Bencher<'_, '_>) {
        let text = BIG.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| each(black_box(text)));
    }
}

/// One file of about 40 MB in the exam layout (sections of numbered list
/// items holding their options, key and analysis): a shape the reader
/// infers rather than the sample's labelled headings.
mod exam_paper_40mb {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn pulldown_cmark(bencher: Bencher<'_, '_>) {
        let text = EXAM.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| pulldown_pass(black_box(text)));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_sequential(bencher: Bencher<'_, '_>) {
        let text = EXAM.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| sequential(black_box(text)));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_each(bencher: Bencher<'_, '_>) {
        let text = EXAM.as_str();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| each(black_box(text)));
    }
}

/// 1,000 files of about 41 KB, one after the other or on rayon's pool.
mod many_files_1000 {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn pulldown_cmark_sequential(bencher: Bencher<'_, '_>) {
        let texts = MANY.as_slice();
        bencher
            .counter(BytesCount::new(total_len(texts)))
            .bench(|| texts.iter().for_each(|t| pulldown_pass(black_box(t))));
    }

    /// `qbank_core::parse` on each file in turn (each is under 512 KiB, so
    /// it is parsed in one piece).
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_sequential(bencher: Bencher<'_, '_>) {
        let texts = MANY.as_slice();
        bencher
            .counter(BytesCount::new(total_len(texts)))
            .bench(|| {
                texts
                    .iter()
                    .map(|t| parallel(black_box(t)))
                    .collect::<Vec<_>>()
            });
    }

    /// What `qbank export DIR` does: files on rayon's pool.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn qbank_rayon(bencher: Bencher<'_, '_>) {
        let texts = MANY.as_slice();
        bencher
            .counter(BytesCount::new(total_len(texts)))
            .bench(|| {
                texts
                    .par_iter()
                    .map(|t| parallel(black_box(t)))
                    .collect::<Vec<_>>()
            });
    }
}
