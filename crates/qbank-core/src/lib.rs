//! # qbank-core: Markdown question banks to a typed model
//!
//! A question bank (题库) is a Markdown file of numbered entries, each with a
//! question, an answer and an analysis:
//!
//! ```markdown
//! ### 大模型产业化
//!
//! #### 1. 数据预处理
//!
//! **题目：** 请简要介绍常用的数据预处理技巧。
//!
//! **答案：**
//!
//! 1. **数据清洗：** 去除噪声和异常值。
//! 2. **数据增强：** 增加数据的多样性。
//!
//! **解析：** 预处理能提高训练效果。
//! ```
//!
//! This crate decodes such a file ([`decode`]), parses it ([`parse`]) and
//! hands back a [`Document`]: entries, sections and lists, each node with its
//! byte [`Span`] in the decoded text. It never panics on any input: any bytes
//! give a document or a [`DecodeError`]. It does no I/O, printing or file
//! walking.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions, SectionKind};
//!
//! let md = "### 标题\n\n#### 1. 数据预处理\n\n**题目：** 请介绍。\n\n**答案：**\n\n1. **数据清洗：** 去除噪声。\n\n**解析：** 略。\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let doc = &file.document;
//! assert_eq!(doc.title.as_ref().map(|t| t.text.as_str()), Some("标题"));
//! let entry = &doc.entries[0];
//! assert_eq!((entry.number, entry.title.as_str()), (Some(1), "数据预处理"));
//! let answer = entry.section(SectionKind::Answer).ok_or("no answer")?;
//! let list = answer.blocks.iter().find_map(|b| b.as_list()).ok_or("no list")?;
//! let item = &list.items[0];
//! let term = item.term.as_ref().ok_or("no term")?;
//! assert_eq!(term.span.slice(&file.source.text), "数据清洗");
//! assert_eq!(item.text.slice(&file.source.text), "去除噪声。");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The accepted syntax is described in `docs/format.md` of the repository.

#![deny(missing_docs)]

mod answer_key;
mod assemble;
mod choice;
mod choice_numbers;
mod confidence;
mod decode;
mod error;
mod fill;
mod front_matter;
mod graded;
mod line;
mod line_index;
mod mdx;
mod model;
mod parse;
mod reread;
mod shape;
mod split;

pub use choice::{
    Reletter, expected_letter, is_letter, key_letters, label_span, opens_with_key, reletter,
};
pub use confidence::{Assessment, Confidence, Reason, assess};
pub use decode::{decode, encode, restore_line_endings};
pub use error::DecodeError;
pub use fill::question_with_blanks;
pub use graded::stated_kind;

/// The small readers of a written answer, as the parse uses them: for
/// tools that write an answer back (`qbank import` applies an edited
/// `graded` cell) and must write it as the reader will read it.
pub mod answer_words {
    pub use crate::fill::{accepted_rest, alternatives, plain};
    pub use crate::graded::{coded_line, is_case_line};
}
pub use line::labels::Labels;
pub use line_index::LineIndex;
pub use model::*;
pub use parse::{MAX_LIST_DEPTH, code_lang, markdown_options};
pub use reread::{RereadStats, Rereader};
pub use shape::{EntriesConfig, NearMiss, Reading};

use line::labels::LabelMatcher;
use rayon::prelude::*;

/// How to parse.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    /// The section labels and their aliases.
    pub labels: Labels,
    /// Scan large documents in parallel pieces (the result is identical).
    pub parallel: bool,
    /// What `[entries]` pins of the shape (detected when unset).
    pub entries: EntriesConfig,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            labels: Labels::default(),
            parallel: true,
            entries: EntriesConfig::default(),
        }
    }
}

impl ParseOptions {
    /// Options with these labels.
    #[must_use]
    pub fn with_labels(labels: Labels) -> Self {
        ParseOptions {
            labels,
            ..ParseOptions::default()
        }
    }
}

/// A decoded file and its parsed model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedFile {
    /// The decoded text and what it was decoded from.
    pub source: Source,
    /// The model; its spans point into `source.text`.
    pub document: Document,
}

/// Decode and parse a file's bytes.
///
/// # Errors
///
/// A [`DecodeError`] when the bytes are not text (see [`decode`]).
pub fn parse_bytes(
    path: impl Into<String>,
    bytes: Vec<u8>,
    options: &ParseOptions,
) -> Result<ParsedFile, DecodeError> {
    let source = decode(path, bytes)?;
    let document = parse(&source.path, &source.text, options);
    Ok(ParsedFile { source, document })
}

/// Parse a decoded text (as [`decode`] returns it: no BOM, `\n` line breaks).
///
/// Documents of 512 KiB and more are cut at entry headings and scanned in
/// parallel when [`ParseOptions::parallel`] is set; the result is the same
/// as a sequential parse.
#[must_use]
pub fn parse(path: &str, text: &str, options: &ParseOptions) -> Document {
    let mut entries = Vec::new();
    let mut doc = parse_each(path, text, options, |_, entry| entries.push(entry));
    entries.shrink_to_fit();
    doc.entries = entries;
    doc
}

/// Parse a decoded text, handing each entry to `each` as soon as it is
/// complete, in document order, instead of keeping them: the model of the
/// whole document never exists at once, so memory stays near the size of
/// the text however large the document (a 40 MB bank parses in under 1.5×
/// its size; see `docs/performance.md`).
///
/// `each` also receives the document as known so far: its path, title and
/// entries' level are final from the first entry on (only
/// [`Document::outside`] may still grow). Returns the document without its
/// entries. The entries are those [`parse`] returns, in the same order.
///
/// Large documents are scanned in parallel a few pieces at a time, so the
/// pieces in flight stay small.
pub fn parse_each(
    path: &str,
    text: &str,
    options: &ParseOptions,
    mut each: impl FnMut(&Document, Entry),
) -> Document {
    let owned;
    let matcher = if options.labels == *DEFAULT_LABELS {
        &*DEFAULT_MATCHER
    } else {
        owned = LabelMatcher::new(&options.labels);
        &owned
    };
    let Prepared {
        key,
        text,
        shape,
        start,
    } = prepare(text, matcher, options);
    let mut assembler = assemble::Assembler::new(path, text, shape.clone(), key);
    let shape = &shape;
    // Front matter is read here, not by pulldown-cmark: its metadata
    // blocks are not limited to the top of the text, and a `---` … `---`
    // pair between entries would swallow them.
    if start > 0 {
        assembler.feed(
            vec![parse::Piece::FrontMatter(Span::new(0, start))],
            &mut each,
        );
    }
    let body = &text[start..];
    let ranges = (options.parallel && body.len() >= split::MIN_PARALLEL_LEN)
        .then(|| split::pieces(body, split_target(body.len())))
        .flatten()
        .filter(|ranges| ranges.len() > 1)
        .map(|ranges| shift(ranges, start));
    match ranges {
        Some(ranges) => {
            // A few pieces per thread at a time, scanned on rayon's pool
            // while this thread assembles the previous few (and runs
            // `each`): enough to keep the threads busy, few enough that the
            // pieces not yet assembled stay small.
            let window = rayon::current_num_threads().max(1);
            std::thread::scope(|scope| {
                let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                scope.spawn(move || {
                    for group in ranges.chunks(window) {
                        let parts: Vec<Vec<parse::Piece>> = group
                            .par_iter()
                            .map(|range| {
                                let mut out = Vec::new();
                                parse::scan(
                                    &text[range.clone()],
                                    range.start,
                                    matcher,
                                    shape,
                                    &mut out,
                                );
                                out
                            })
                            .collect();
                        if sender.send(parts).is_err() {
                            break;
                        }
                    }
                });
                for parts in receiver {
                    for part in parts {
                        assembler.feed(part, &mut each);
                    }
                }
            });
        }
        None => assembler.feed(scan_all(text, start, matcher, shape), &mut each),
    }
    assembler.finish(&mut each)
}

/// Ranges covering `text` in order, of about `target` bytes each, that
/// pulldown-cmark reads one by one into the same blocks as the whole text
/// (each starts at a heading at column 0 outside fenced code and HTML
/// blocks, which closes every open block): [`parse_each`] scans a large
/// document so, and so may anyone whose memory must not hold pulldown's
/// tree of the whole text. `None` when the text cannot be cut safely (link
/// reference or footnote definitions, which are document-wide, or fences
/// and HTML blocks that cannot be tracked exactly). The text must not start
/// with front matter (its lines are not Markdown).
#[must_use]
pub fn block_pieces(text: &str, target: usize) -> Option<Vec<std::ops::Range<usize>>> {
    split::pieces(text, target)
}

/// The readings of a document's entries that its text supports, most
/// entries first (the shape [`parse`] chose among them): `qbank inspect`
/// shows the runner-up and its margin.
#[must_use]
pub fn readings(text: &str, options: &ParseOptions) -> Vec<Reading> {
    let matcher = LabelMatcher::new(&options.labels);
    shape::readings(text, &matcher)
}

/// The ways of writing entries that a document nearly follows, most
/// frequent first, each with the `qbank.toml` setting that reads it: for
/// documents in which [`parse`] found no entry (`qbank inspect`, the
/// `no-entries` rule).
#[must_use]
pub fn near_misses(text: &str, options: &ParseOptions) -> Vec<NearMiss> {
    let matcher = LabelMatcher::new(&options.labels);
    shape::near_misses(text, &matcher)
}

/// Parse sequentially, whatever the size (for tests and benchmarks).
#[must_use]
pub fn parse_sequential(path: &str, text: &str, options: &ParseOptions) -> Document {
    let matcher = LabelMatcher::new(&options.labels);
    let Prepared {
        key,
        text,
        shape,
        start,
    } = prepare(text, &matcher, options);
    let parts = vec![front_matter(start), scan_all(text, start, &matcher, &shape)];
    assemble(path, text, shape, key, parts)
}

/// Parse with the document cut into pieces of about `target` bytes, scanned
/// one after another, whatever the document's size; `None` when the
/// document cannot be cut safely (then [`parse`] scans it whole).
///
/// For differential tests and fuzzing: the result must equal
/// [`parse_sequential`]'s. Not part of the stable API.
#[doc(hidden)]
#[must_use]
pub fn parse_split_for_testing(
    path: &str,
    text: &str,
    options: &ParseOptions,
    target: usize,
) -> Option<Document> {
    let matcher = LabelMatcher::new(&options.labels);
    let Prepared {
        key,
        text,
        shape,
        start,
    } = prepare(text, &matcher, options);
    let ranges = shift(split::pieces(&text[start..], target)?, start);
    let pieces = std::iter::once(front_matter(start))
        .chain(ranges.into_iter().map(|range| {
            let mut out = Vec::new();
            parse::scan(
                &text[range.clone()],
                range.start,
                &matcher,
                &shape,
                &mut out,
            );
            out
        }))
        .collect();
    Some(assemble(path, text, shape, key, pieces))
}

/// What every parse reads before the entries.
struct Prepared<'a> {
    /// The answer key at the end, if any.
    key: Option<AnswerKey>,
    /// The text before the answer key: what holds the entries.
    text: &'a str,
    shape: Shape,
    /// Where the front matter ends (0 when there is none).
    start: usize,
}

/// The answer key at the end is read first, then the shape of the rest of
/// the text, which holds the entries, and where its front matter ends.
fn prepare<'a>(text: &'a str, matcher: &LabelMatcher, options: &ParseOptions) -> Prepared<'a> {
    let key = answer_key::find(text);
    let text = key
        .as_ref()
        .map_or(text, |k| &text[..k.span.start as usize]);
    Prepared {
        shape: shape::detect(text, matcher, &options.entries),
        start: shape::front_matter_end(text),
        key,
        text,
    }
}

/// The front matter's piece (none when `end` is 0).
fn front_matter(end: usize) -> Vec<parse::Piece> {
    if end == 0 {
        Vec::new()
    } else {
        vec![parse::Piece::FrontMatter(Span::new(0, end))]
    }
}

/// Ranges of a slice that starts at `by`, as ranges of the whole text.
fn shift(ranges: Vec<std::ops::Range<usize>>, by: usize) -> Vec<std::ops::Range<usize>> {
    ranges
        .into_iter()
        .map(|r| r.start + by..r.end + by)
        .collect()
}

/// Assemble scanned parts into a whole document.
fn assemble(
    path: &str,
    text: &str,
    shape: Shape,
    key: Option<AnswerKey>,
    parts: Vec<Vec<parse::Piece>>,
) -> Document {
    let mut assembler = assemble::Assembler::new(path, text, shape, key);
    let mut entries = Vec::new();
    let mut keep = |_: &Document, entry: Entry| entries.push(entry);
    for part in parts {
        assembler.feed(part, &mut keep);
    }
    let mut doc = assembler.finish(&mut keep);
    entries.shrink_to_fit();
    doc.entries = entries;
    doc
}

/// The default labels' matcher, built once (not per file).
static DEFAULT_LABELS: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(Labels::default);
static DEFAULT_MATCHER: std::sync::LazyLock<LabelMatcher> =
    std::sync::LazyLock::new(|| LabelMatcher::new(&DEFAULT_LABELS));

/// The pieces of `text` from byte `start` on.
fn scan_all(text: &str, start: usize, matcher: &LabelMatcher, shape: &Shape) -> Vec<parse::Piece> {
    // About one piece per 90 bytes of Markdown in question banks.
    let mut out = Vec::with_capacity(text.len() / 96 + 16);
    parse::scan(&text[start..], start, matcher, shape, &mut out);
    out
}

fn split_target(len: usize) -> usize {
    // Enough pieces to balance the threads, small enough that pulldown-cmark's
    // per-piece tree stays small.
    let threads = rayon::current_num_threads().max(1);
    (len / (threads * 8)).clamp(64 * 1024, 256 * 1024)
}
