//! `qbank server`: what one edit costs. After each change the server
//! parses and lints the document and turns the findings into LSP
//! diagnostics, off the editor's main loop; the bar is 100 ms for a 1 MB
//! bank on the CI machine (2 cores).
//!
//! `cargo bench --bench server`. Figures: docs/performance.md.
#![allow(clippy::unwrap_used)]

#[path = "corpus.rs"]
mod corpus;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::sync::LazyLock;

/// A bank of about 1 MB in the sample's shape.
static ONE_MB: LazyLock<String> = LazyLock::new(|| corpus::big_file_of(1 << 20));

fn main() {
    divan::main();
}

/// Re-lint a document read for the first time: parse, lint, convert
/// (UTF-16 positions).
#[divan::bench(sample_count = 20)]
fn relint_one_megabyte(bencher: Bencher<'_, '_>) {
    let uri = lsp_types::Url::parse("file:///bank.md").unwrap();
    let text = ONE_MB.as_str();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mut reader = qbank_core::Rereader::new();
        black_box(qbank_lsp::relint(&uri, black_box(text), &mut reader)).len()
    });
}

/// Re-lint after a keystroke in the middle of the document: the reader
/// has read the text before it, and scans again only the section typed in.
#[divan::bench(sample_count = 20)]
fn relint_after_a_keystroke(bencher: Bencher<'_, '_>) {
    let uri = lsp_types::Url::parse("file:///bank.md").unwrap();
    let text = ONE_MB.as_str();
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let typed = [
        text.to_owned(),
        format!("{}x{}", &text[..middle], &text[middle..]),
    ];
    let mut reader = qbank_core::Rereader::new();
    let _ = qbank_lsp::relint(&uri, text, &mut reader);
    let mut n = 0usize;
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            n += 1;
            black_box(qbank_lsp::relint(
                &uri,
                black_box(&typed[n % 2]),
                &mut reader,
            ))
            .len()
        });
}
