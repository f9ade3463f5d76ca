//! Reading a document again after an edit, as the language server does on
//! every keystroke, without scanning it all again.
//!
//! Phase 1 of the parser (`parse::scan`, pulldown-cmark and the pieces) is
//! the costly one, and it depends only on the text of a section between two
//! safe cut points (`split.rs`: headings at column 0 outside fences and HTML
//! blocks), the labels and two settings of the shape. So a [`Rereader`] cuts
//! the text at every safe heading and keeps each section's pieces, keyed by
//! the section's text; the next read scans only the sections whose text is
//! new and reuses the others, moved to where they now stand. An edit
//! re-scans the section or two it touched.
//!
//! What runs again over the whole text every time, because an edit anywhere
//! can change it: finding an answer key at the end, the shape scan (a cheap
//! pass over the lines that decides what an entry is), and phase 2, which
//! groups the pieces into entries (numbering, keys and confidence are
//! document-wide). A document that cannot be cut safely (a link reference
//! definition, a fence indented into a list) is one section: it is scanned
//! whole when it changes, as [`crate::parse`] would.
//!
//! The result is always the [`crate::parse_sequential`] result (the tests
//! compare them after random edits of every fixture).

use crate::line::labels::{LabelMatch, LabelMatcher};
use crate::parse::{self, HeadingPiece, Number, Piece, QuestionPiece};
use crate::{Block, Document, List, Marker, ParseOptions, Span, split};
use std::collections::HashMap;
use std::ops::Range;

/// Parses a document again and again as it is edited, re-scanning only the
/// sections whose text changed since the last [`Rereader::parse`].
#[derive(Default)]
pub struct Rereader {
    last: Option<Last>,
}

/// What the last read scanned, and under which settings.
struct Last {
    options: ParseOptions,
    marker: Marker,
    plain_questions: bool,
    cloze: crate::Cloze,
    /// Each section's pieces, with spans counted from the section's start,
    /// by the section's text.
    sections: HashMap<String, Vec<Piece>>,
}

/// How a read went: for tests and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RereadStats {
    /// Sections in the text.
    pub sections: usize,
    /// Sections scanned (the others were reused).
    pub scanned: usize,
}

impl Rereader {
    /// A reader that remembers nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Rereader::default()
    }

    /// Parse `text`, reusing what the last call scanned where the text is
    /// the same; the result equals [`crate::parse_sequential`]'s.
    pub fn parse(&mut self, path: &str, text: &str, options: &ParseOptions) -> Document {
        self.parse_with_stats(path, text, options).0
    }

    /// [`Rereader::parse`], and how many sections it scanned.
    pub fn parse_with_stats(
        &mut self,
        path: &str,
        text: &str,
        options: &ParseOptions,
    ) -> (Document, RereadStats) {
        let matcher = LabelMatcher::new(&options.labels);
        let crate::Prepared {
            key,
            text: body,
            shape,
            start,
        } = crate::prepare(text, &matcher, options);
        let mut last = self.last.take().filter(|l| {
            l.options == *options
                && l.marker == shape.marker
                && l.plain_questions == shape.plain_questions
                && l.cloze == shape.cloze
        });
        let mut now = Last {
            options: options.clone(),
            marker: shape.marker,
            plain_questions: shape.plain_questions,
            cloze: shape.cloze,
            sections: HashMap::new(),
        };
        let ranges = sections(body, start);
        let mut stats = RereadStats {
            sections: ranges.len(),
            scanned: 0,
        };
        let mut parts = vec![crate::front_matter(start)];
        for range in ranges {
            let section = &body[range.clone()];
            // Taken, not copied: from this read (a section written twice)
            // or from the last one.
            let kept = now
                .sections
                .remove_entry(section)
                .or_else(|| last.as_mut()?.sections.remove_entry(section));
            let (text, relative) = kept.unwrap_or_else(|| {
                stats.scanned += 1;
                let mut out = Vec::new();
                parse::scan(section, 0, &matcher, &shape, &mut out);
                (section.to_owned(), out)
            });
            parts.push(moved(&relative, range.start));
            now.sections.insert(text, relative);
        }
        self.last = Some(now);
        (crate::assemble(path, body, shape, key, parts), stats)
    }
}

/// The sections of `body` from byte `start` on: cut at every safe heading,
/// or one section when it cannot be cut safely.
fn sections(body: &str, start: usize) -> Vec<Range<usize>> {
    match split::pieces(&body[start..], 1) {
        Some(ranges) => crate::shift(ranges, start),
        None => std::iter::once(start..body.len()).collect(),
    }
    .into_iter()
    .filter(|r| !r.is_empty())
    .collect()
}

/// Pieces scanned at offset 0, as they read at offset `by`.
fn moved(pieces: &[Piece], by: usize) -> Vec<Piece> {
    let by = u32::try_from(by).unwrap_or(u32::MAX);
    let mut pieces = pieces.to_vec();
    for piece in &mut pieces {
        piece.shift(by);
    }
    pieces
}

/// Moving what holds spans further into the text.
trait Shift {
    fn shift(&mut self, by: u32);
}

impl Shift for Span {
    fn shift(&mut self, by: u32) {
        self.start = self.start.saturating_add(by);
        self.end = self.end.saturating_add(by);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: u32) {
        if let Some(inner) = self {
            inner.shift(by);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: u32) {
        for inner in self {
            inner.shift(by);
        }
    }
}

impl<A: Shift, B: Shift> Shift for (A, B) {
    fn shift(&mut self, by: u32) {
        self.0.shift(by);
        self.1.shift(by);
    }
}

impl Shift for Piece {
    fn shift(&mut self, by: u32) {
        match self {
            Piece::Heading(h) => h.shift(by),
            Piece::Label(l) => l.shift(by),
            Piece::Question(q) => q.shift(by),
            Piece::End(s) | Piece::FrontMatter(s) => s.shift(by),
            Piece::Quote(l, s, rest) => {
                l.shift(by);
                s.shift(by);
                rest.shift(by);
            }
            Piece::Block(b) => b.shift(by),
        }
    }
}

impl Shift for HeadingPiece {
    fn shift(&mut self, by: u32) {
        self.span.shift(by);
        self.number.shift(by);
        self.label.shift(by);
        self.title_span.shift(by);
    }
}

impl Shift for Number {
    fn shift(&mut self, by: u32) {
        self.span.shift(by);
    }
}

impl Shift for LabelMatch {
    fn shift(&mut self, by: u32) {
        self.span.shift(by);
        self.name_span.shift(by);
        self.colon_span.shift(by);
        self.body_start = self.body_start.saturating_add(by as usize);
    }
}

impl Shift for QuestionPiece {
    fn shift(&mut self, by: u32) {
        self.span.shift(by);
        self.title_span.shift(by);
        self.number.shift(by);
        self.question.shift(by);
        self.answer.shift(by);
        self.end = self.end.saturating_add(by);
        self.blocks.shift(by);
        self.more.shift(by);
        if let Some((span, options)) = &mut self.options {
            span.shift(by);
            for option in options.iter_mut().flatten() {
                option.span.shift(by);
            }
        }
    }
}

impl Shift for Block {
    fn shift(&mut self, by: u32) {
        match self {
            Block::Paragraph { span }
            | Block::Heading { span, .. }
            | Block::Code { span, .. }
            | Block::Table { span }
            | Block::BlockQuote { span }
            | Block::Html { span }
            | Block::Rule { span }
            | Block::Other { span } => span.shift(by),
            Block::List(list) => list.shift(by),
        }
    }
}

impl Shift for List {
    fn shift(&mut self, by: u32) {
        self.span.shift(by);
        for item in &mut self.items {
            item.span.shift(by);
            item.marker.shift(by);
            item.text.shift(by);
            if let Some(term) = &mut item.term {
                term.span.shift(by);
                term.bold_span.shift(by);
                term.colon_span.shift(by);
            }
            item.lists.shift(by);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, by: u32) {
        (**self).shift(by);
    }
}
