//! # qbank-fmt: one canonical form for each bank, in its own shape
//!
//! [`format()`] rewrites a bank's text so that its labels, numbering, option
//! letters and blank lines follow one canonical style, and never changes
//! what an entry says: the entries read from the result have the same
//! titles, sections (whitespace aside), options and correct marks, and the
//! document keeps its shape. Formatting is idempotent.
//!
//! What is canonical ([`FmtOptions`], `[fmt]` in `qbank.toml`):
//!
//! - **labels** written in a paragraph (`**答案：**`, `答案：`, `**答案**：`)
//!   take the document's prevailing style, bold (colon inside the bold) or
//!   plain; heading labels and `<details>` summaries are structure, kept;
//! - their **colon**: full-width `：` after a Chinese label, `:` after an
//!   English one;
//! - **entries** numbered 1, 2, 3… in order (again from 1 where a new group
//!   heading starts a new sequence, as `entry-numbering` reads them);
//! - **ordered lists** numbered in order from their first number;
//! - **option letters** A, B, C… in order, the answer key with them (only
//!   where the key maps one to one: see `option-labels`);
//! - **blank lines**: one between blocks, one around each heading, one
//!   between an entry's sections where the entries mostly have one (never
//!   inside a `Q:`/`A:` or inline card), none at the start, trailing
//!   whitespace removed (hard line breaks kept), one final newline. Code blocks, HTML blocks and front matter are left as
//!   they are.
//!
//! An entry read as a guess ([`qbank_core::Confidence::Guess`]) keeps its
//! labels, list numbers and option letters as written: rewriting them would
//! rewrite what qbank only guessed at. Its entry number follows the
//! document's sequence, and its whitespace is made canonical (neither
//! changes what it says).
//!
//! ```
//! use qbank_core::{ParseOptions, Source};
//! use qbank_fmt::{FmtOptions, format};
//!
//! let text = "# Bank\n\n\n#### 3. Sum   \n**题目:** 1+1?\n\n**答案：** 2\n\n\n";
//! let source = Source { text: text.to_owned(), ..Source::default() };
//! let out = format(&source, &ParseOptions::default(), &FmtOptions::default());
//! assert_eq!(out.text, "# Bank\n\n#### 1. Sum\n\n**题目：** 1+1?\n\n**答案：** 2\n");
//! ```

#![deny(missing_docs)]

mod edits;
mod same;
mod whitespace;

use qbank_core::{Document, Entry, LineEnding, LineEndings, ParseOptions, Source};
use same::{Check, Said};
use serde::Deserialize;

/// How paragraph labels are written.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelStyle {
    /// The document's prevailing style (bold on a tie).
    #[default]
    Auto,
    /// `**答案：**`.
    Bold,
    /// `答案：`.
    Plain,
    /// As written.
    Keep,
}

/// Which colon follows a label.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColonStyle {
    /// Full-width `：` after a Chinese label, `:` after an English one.
    #[default]
    Script,
    /// Always `：`.
    Fullwidth,
    /// Always `:`.
    Ascii,
    /// As written.
    Keep,
}

/// What [`format()`] makes canonical (`[fmt]` in `qbank.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FmtOptions {
    /// How paragraph labels are written.
    pub labels: LabelStyle,
    /// Which colon follows a label.
    pub colon: ColonStyle,
    /// Number entries 1, 2, 3… in order.
    pub renumber_entries: bool,
    /// Number ordered lists in order from their first number.
    pub renumber_lists: bool,
    /// Letter options A, B, C… in order (and the key with them).
    pub reletter_options: bool,
    /// One blank line between blocks and around headings, none at the
    /// start, no trailing whitespace, one final newline.
    pub whitespace: bool,
}

impl Default for FmtOptions {
    fn default() -> Self {
        FmtOptions {
            labels: LabelStyle::Auto,
            colon: ColonStyle::Script,
            renumber_entries: true,
            renumber_lists: true,
            reletter_options: true,
            whitespace: true,
        }
    }
}

/// The formatted text of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatted {
    /// The canonical text (`\n` line breaks, no byte-order mark: encode it
    /// with the source's encoding and line endings to write it back).
    pub text: String,
    /// Why some of the formatting was not applied, when it was not: the
    /// result would have read differently (a safety net; none is expected).
    pub withheld: Option<String>,
}

impl Formatted {
    /// Whether formatting changed the text.
    #[must_use]
    pub fn changed(&self, source: &Source) -> bool {
        self.text != source.text
    }
}

/// The source to write a formatted `text` back as: `source`'s path and
/// encoding, and its line endings, or the prevailing one where the file
/// mixed several (formatting adds and removes lines, so the ending of each
/// line cannot follow it: the canonical form has one).
#[must_use]
pub fn written(source: &Source, text: String) -> Source {
    let line_endings = match &source.line_endings {
        LineEndings::Mixed(each) => {
            let count = |e: LineEnding| each.iter().filter(|x| **x == e).count();
            let (lf, crlf, cr) = (
                count(LineEnding::Lf),
                count(LineEnding::CrLf),
                count(LineEnding::Cr),
            );
            if crlf > lf && crlf >= cr {
                LineEndings::CrLf
            } else if cr > lf && cr > crlf {
                LineEndings::Cr
            } else {
                LineEndings::Lf
            }
        }
        other => other.clone(),
    };
    Source {
        path: source.path.clone(),
        text,
        encoding: source.encoding,
        line_endings,
    }
}

/// At most this many rounds: a round's result is parsed and formatted
/// again until nothing changes (one round almost always settles it).
const MAX_ROUNDS: usize = 4;

/// Format a decoded document. The result is parsed again and compared with
/// the original: if what the entries say differs (which would be a bug),
/// only the whitespace is formatted, or nothing.
///
/// The document is read entry by entry ([`qbank_core::parse_each`]) and its
/// model is never held whole: what is kept of it is the edits, a few
/// numbers per paragraph label and a digest per entry (see
/// `docs/performance.md`).
#[must_use]
pub fn format(source: &Source, parse: &ParseOptions, options: &FmtOptions) -> Formatted {
    formatted(source, options, |options| {
        settle(source, None, parse, options)
    })
}

/// [`format()`] of a document already parsed (`original`, parsed from
/// `source` with `parse`): its entries are not read again.
#[must_use]
pub fn format_parsed(
    source: &Source,
    original: &Document,
    parse: &ParseOptions,
    options: &FmtOptions,
) -> Formatted {
    formatted(source, options, |options| {
        settle(source, Some(original), parse, options)
    })
}

/// The text `settle` gives with `options`, else with the whitespace alone,
/// else the source as it is.
fn formatted(
    source: &Source,
    options: &FmtOptions,
    settle: impl Fn(&FmtOptions) -> Option<String>,
) -> Formatted {
    if let Some(text) = settle(options) {
        return Formatted {
            text,
            withheld: None,
        };
    }
    let spaces_only = FmtOptions {
        labels: LabelStyle::Keep,
        colon: ColonStyle::Keep,
        renumber_entries: false,
        renumber_lists: false,
        reletter_options: false,
        whitespace: options.whitespace,
    };
    let why = "formatting would have changed what an entry says".to_owned();
    let text = settle(&spaces_only).unwrap_or_else(|| source.text.clone());
    Formatted {
        text,
        withheld: Some(why),
    }
}

/// Format in rounds until the text settles; `None` when the settled text
/// reads differently from the source. The source is read from `original`
/// when given, else entry by entry. The whitespace pass settles in one go,
/// so a round whose model asks for no edit ends the rounds without running
/// it again.
fn settle(
    source: &Source,
    original: Option<&Document>,
    parse: &ParseOptions,
    options: &FmtOptions,
) -> Option<String> {
    let mut said = Said::default();
    let mut collector = edits::Collector::new(&source.text, options);
    let mut each = |doc: &Document, entry: &Entry| {
        said.entry(&source.text, entry);
        collector.entry(doc, entry);
    };
    let head;
    let doc = match original {
        Some(doc) => {
            doc.entries.iter().for_each(|entry| each(doc, entry));
            doc
        }
        None => {
            head = qbank_core::parse_each(&source.path, &source.text, parse, |doc, entry| {
                each(doc, &entry);
            });
            &head
        }
    };
    said.finish(doc);
    let text = tidied(&source.text, &collector.finish(), doc, options);
    if text == source.text {
        // Already tidy: the text is the one `original` was read from, so
        // reading it again would only give `original` back (`fmt --check`
        // of a tidy 28 MB bank: 2.3 s with that second parse, 1.5 s without).
        return Some(text);
    }
    rounds(source, text, &said, parse, options)
}

/// The rounds after the first: each reads the text entry by entry, checks
/// it against what the source `said`, and collects its edits.
fn rounds(
    source: &Source,
    mut text: String,
    said: &Said,
    parse: &ParseOptions,
    options: &FmtOptions,
) -> Option<String> {
    for _ in 0..MAX_ROUNDS {
        let mut check = Check::new(said);
        let mut collector = edits::Collector::new(&text, options);
        let doc = qbank_core::parse_each(&source.path, &text, parse, |doc, entry| {
            check.entry(&text, &entry);
            collector.entry(doc, &entry);
        });
        if !check.says_the_same(&doc) {
            return None;
        }
        let edits = collector.finish();
        if edits.is_empty() {
            return Some(text);
        }
        let next = tidied(&text, &edits, &doc, options);
        if next == text {
            return Some(text);
        }
        text = next;
    }
    Some(text)
}

/// One round's text: `edits` made, then the whitespace (no copy of the text
/// is made for an empty set of edits).
fn tidied(text: &str, edits: &edits::Edits, doc: &Document, options: &FmtOptions) -> String {
    let front_matter = doc.front_matter.as_ref().map(|f| f.span);
    match (edits.is_empty(), options.whitespace) {
        (true, true) => whitespace::normalize(text, front_matter),
        (true, false) => text.to_owned(),
        (false, true) => whitespace::normalize(&edits::apply(text, edits), front_matter),
        (false, false) => edits::apply(text, edits),
    }
}

#[cfg(test)]
mod guess_tests {
    use super::*;

    /// Headings read as questions among quiz questions are guesses: fmt
    /// leaves their lists' numbers as written, and formats the rest.
    #[test]
    fn guesses_keep_their_labels() {
        let guess_a = "## What is Rust?\n\n1. A language.\n3. A tool.\n";
        let guess_b = "## Why is Rust fast?\n\n1. No collector.\n5. Zero-cost abstractions.\n";
        let quiz = "**1.** Which is safe?   \n\n- a) C\n- b) **Rust**\n\n**2.** Which is old?\n\n- a) **C**\n- b) Rust\n\n**3.** Which is new?\n\n- a) C\n- b) **Rust**\n\n";
        let text = format!("# Quiz\n\n{guess_a}\n{quiz}{guess_b}");
        let doc = qbank_core::parse("q.md", &text, &ParseOptions::default());
        let guesses = edits::guessed(&text, &doc);
        assert_eq!(guesses.len(), 2, "{:#?}", doc.entries);
        let source = Source {
            text,
            ..Source::default()
        };
        let out = format(&source, &ParseOptions::default(), &FmtOptions::default());
        assert!(out.text.contains(guess_a), "{}", out.text);
        assert!(out.text.contains(guess_b), "{}", out.text);
        assert!(out.text.contains("**1.** Which is safe?\n"), "{}", out.text);
    }
}
