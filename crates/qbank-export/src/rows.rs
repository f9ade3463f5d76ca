//! The tabular view of the model that spreadsheet exports write: one row per
//! entry, and one row per numbered-list item.

use crate::text::TextFormat;
use qbank_core::{
    Block, Document, Entry, Graded, LineEndings, List, ListItem, ParsedFile, SectionKind,
};
use std::borrow::Cow;

/// The entry columns, in order: `file, number, title, question, answer,
/// analysis`, then `line` and the further columns (`category`: the group
/// headings, joined by [`CATEGORY_SEPARATOR`]; then `kind`, `options` and
/// `correct` for choice entries, `blanks` for fill entries, `graded` for
/// short-answer, numerical, matching and ordering entries (see
/// [`crate::graded::cell`]), and `source`: the entry as written, for `qbank
/// import`; see [`Sources`]).
pub const ENTRY_COLUMNS: [&str; 17] = [
    "file",
    "number",
    "title",
    "question",
    "answer",
    "analysis",
    "line",
    "end_line",
    "id",
    "document_title",
    "category",
    "kind",
    "options",
    "correct",
    "blanks",
    "graded",
    "source",
];

/// The item columns, in order.
pub const ITEM_COLUMNS: [&str; 11] = [
    "file",
    "entry_number",
    "entry_title",
    "section",
    "list_index",
    "item_number",
    "term",
    "text",
    "line",
    "depth",
    "entry_line",
];

/// In an entry's `source`: the document's head (its title, front matter,
/// introduction) comes before this mark, in the source of its first entry.
pub const HEAD_MARK: &str = "<!-- qbank:entry -->";
/// In an entry's `source`: what follows the document's last entry (in its
/// source) comes after this mark.
pub const TAIL_MARK: &str = "<!-- qbank:tail -->";
/// At the start of the `source` of a document's first entry: the file was
/// written with `\r\n` line breaks (the sources, like every cell, have
/// `\n`), so that `qbank import` writes it back with them. A mark rather
/// than `\r\n` in the cells: spreadsheets change the line breaks in cells.
pub const CRLF_MARK: &str = "<!-- qbank:crlf -->";

/// The XLSX export's custom document property that records `--text`
/// ([`crate::TextFormat::name`]): `qbank import` refuses edited cells of a
/// `plain` or `html` export, which lost the Markdown they came from.
pub const TEXT_PROPERTY: &str = "qbank-text";

/// The `source` of each entry of a document, in order: the entry's Markdown
/// as written, with what stands between it and the entry before (a group
/// heading, blank lines), so that `qbank import` can put a bank back
/// together exactly and apply the edits made to the other columns. The
/// document's first entry also carries the document's head (before
/// [`HEAD_MARK`]), its last the document's tail (after [`TAIL_MARK`]); the
/// sources of a document's entries, marks removed, concatenate to the
/// document's text.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Where the next entry's source starts.
    next: usize,
    started: bool,
    crlf: bool,
}

impl Sources {
    /// A document's sources, from its first entry; `line_endings`: the
    /// file's line breaks (`\r\n` throughout is marked, see [`CRLF_MARK`]).
    #[must_use]
    pub fn new(line_endings: &LineEndings) -> Self {
        Sources {
            crlf: *line_endings == LineEndings::CrLf,
            ..Sources::default()
        }
    }

    /// The source of `entry`, the next entry of `doc` (whose text is
    /// `text`); `last`: whether it is the document's last entry.
    pub fn source(&mut self, text: &str, doc: &Document, entry: &Entry, last: bool) -> String {
        let start = (entry.span.start as usize).min(text.len());
        let end = (entry.span.end as usize).clamp(start, text.len());
        let mut out = String::with_capacity(end - self.next.min(start) + 32);
        if !self.started {
            self.started = true;
            if self.crlf {
                out.push_str(CRLF_MARK);
            }
            self.next = lead_start(text, doc, entry);
            let head = &text[..self.next];
            if !head.is_empty() {
                out.push_str(head);
                out.push_str(HEAD_MARK);
            }
        }
        out.push_str(&text[self.next.min(start)..end]);
        self.next = end;
        if last && end < text.len() {
            out.push_str(TAIL_MARK);
            out.push_str(&text[end..]);
        }
        out
    }
}

/// Where the first entry's own source starts: at the group headings it sits
/// under (they move with it), else at the entry.
fn lead_start(text: &str, doc: &Document, entry: &Entry) -> usize {
    let start = entry.span.start;
    let Some(outer) = entry.category.first() else {
        return start as usize;
    };
    doc.outside
        .iter()
        .rev()
        .filter_map(|b| match b {
            Block::Heading { span, .. } if span.end <= start => Some(*span),
            _ => None,
        })
        .find(|span| span.slice(text).contains(outer.as_str()))
        .map_or(start as usize, |span| span.start as usize)
}

/// The option columns, in order: one row per option of a choice entry.
pub const OPTION_COLUMNS: [&str; 8] = [
    "file",
    "entry_number",
    "entry_title",
    "position",
    "label",
    "text",
    "correct",
    "line",
];

/// One option of a choice entry as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionRow<'a> {
    /// The document's path.
    pub file: &'a str,
    /// The entry's number.
    pub entry_number: Option<u64>,
    /// The entry's title.
    pub entry_title: &'a str,
    /// 1-based position of the option in its entry.
    pub position: usize,
    /// Its letter, when it has one.
    pub label: Option<&'a str>,
    /// Its text, in the chosen format.
    pub text: Cow<'a, str>,
    /// Whether it is a correct answer.
    pub correct: bool,
    /// 1-based line of the option (of the answer key for options the
    /// source does not write out, as the true/false of a statement).
    pub line: u32,
}

/// One entry as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRow<'a> {
    /// The document's path.
    pub file: &'a str,
    /// The entry's number.
    pub number: Option<u64>,
    /// The entry's title.
    pub title: &'a str,
    /// The question, answer and analysis, in the chosen text format
    /// (`None` when the entry has no such section).
    pub question: Option<Cow<'a, str>>,
    /// See `question`.
    pub answer: Option<Cow<'a, str>>,
    /// See `question`.
    pub analysis: Option<Cow<'a, str>>,
    /// 1-based line of the entry's heading.
    pub line: u32,
    /// 1-based line of the entry's last byte.
    pub end_line: u32,
    /// The entry's explicit id.
    pub id: Option<&'a str>,
    /// The document's title.
    pub document_title: Option<&'a str>,
    /// The group headings the entry sits under, joined by ` > `
    /// (empty when none).
    pub category: String,
    /// `open`, `choice`, `fill`, `short`, `numerical`, `matching` or
    /// `ordering`.
    pub kind: &'static str,
    /// A choice entry's options, one line each: `A. text` (unlettered
    /// options numbered `1. text`); empty for open entries.
    pub options: String,
    /// The correct options: `B`, `A,B,D` (unlettered: their 1-based
    /// positions, `1,3`); empty for open entries.
    pub correct: String,
    /// A fill entry's blanks, one line each: `1. 共享`, alternatives after
    /// ` | `, a hint after ` :: ` (see [`crate::fill::blank_lines`]); empty
    /// for other entries.
    pub blanks: String,
    /// What a short-answer, numerical, matching or ordering entry grades
    /// (see [`crate::graded::cell`]); empty for other entries.
    pub graded: String,
}

/// One list item as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRow<'a> {
    /// The document's path.
    pub file: &'a str,
    /// The entry's number.
    pub entry_number: Option<u64>,
    /// The entry's title.
    pub entry_title: &'a str,
    /// The section the list is in.
    pub section: SectionKind,
    /// 1-based index of the list among the section's top-level lists.
    pub list_index: usize,
    /// The number written in the item's marker.
    pub item_number: Option<u64>,
    /// The item's bold term.
    pub term: Option<&'a str>,
    /// The item's text, in the chosen format.
    pub text: Cow<'a, str>,
    /// 1-based line of the item.
    pub line: u32,
    /// 0 for a top-level list's items, 1 for a list nested in an item, …
    pub depth: usize,
    /// 1-based line of the entry's heading.
    pub entry_line: u32,
}

/// Line numbers of offsets visited in increasing order, counted as it
/// goes: no index of every line is built (on a large bank that index cost
/// as much as writing the CSV rows).
/// Line numbers of offsets that mostly come in increasing order, counted
/// as they come: no index of the whole text. Keep one per document across
/// the batches of entries that [`qbank_core::parse_each`] hands on.
#[derive(Clone, Debug)]
pub struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    /// A counter over `text`, at its first line.
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// A counter over `text` that has reached byte `offset`, on 1-based
    /// line `line` (as [`position`](Self::position) gave them): for writers
    /// that keep their place across calls without borrowing the text.
    #[must_use]
    pub fn resume(text: &'a str, offset: usize, line: u32) -> Self {
        LineCounter {
            text,
            offset: offset.min(text.len()),
            line,
        }
    }

    /// Where the counter is: the byte offset and its 1-based line.
    #[must_use]
    pub fn position(&self) -> (usize, u32) {
        (self.offset, self.line)
    }

    /// 1-based line of `offset`; fastest when offsets come in order.
    pub fn line(&mut self, offset: u32) -> u32 {
        let offset = (offset as usize).min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let bytes = &self.text.as_bytes()[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u32;
        self.offset = offset;
        self.line
    }
}

/// The entry rows of a file.
pub fn entry_rows(
    file: &ParsedFile,
    format: TextFormat,
) -> impl Iterator<Item = EntryRow<'_>> + '_ {
    let text = file.source.text.as_str();
    let doc = &file.document;
    let mut lines = LineCounter::new(text);
    doc.entries
        .iter()
        .map(move |entry| entry_row(text, doc, entry, format, &mut lines))
}

/// The row of one entry of `doc` (whose text is `text`), for writers that
/// take entries as [`qbank_core::parse_each`] hands them on.
pub fn entry_row<'a>(
    text: &'a str,
    doc: &'a Document,
    entry: &'a Entry,
    format: TextFormat,
    lines: &mut LineCounter<'_>,
) -> EntryRow<'a> {
    let body = |kind| {
        entry
            .section(kind)
            .map(|s| format.render(s.body.slice(text)))
    };
    // The options have columns of their own: the question is its body.
    let question = body(SectionKind::Question);
    EntryRow {
        file: &doc.path,
        number: entry.number,
        title: &entry.title,
        question,
        // A cloze's deletions are its answer, when it has no answer section.
        answer: body(SectionKind::Answer)
            .or_else(|| crate::fill::cloze_answers(entry).map(Cow::Owned)),
        analysis: body(SectionKind::Analysis),
        line: lines.line(entry.span.start),
        end_line: lines.line(entry.span.end.saturating_sub(1).max(entry.span.start)),
        id: entry.heading.id.as_deref(),
        document_title: doc.title.as_ref().map(|t| t.text.as_str()),
        category: entry.category.join(CATEGORY_SEPARATOR),
        kind: entry.kind.as_str(),
        options: option_lines(entry, format),
        correct: correct_options(entry),
        blanks: crate::fill::blank_lines(entry),
        graded: crate::graded::entry_cell(entry),
    }
}

/// The `options` cell: `A. text` lines.
fn option_lines(entry: &Entry, format: TextFormat) -> String {
    let lines: Vec<String> = entry
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            format!(
                "{}. {}",
                crate::shown::option_name(entry, i),
                format.render(&o.text)
            )
        })
        .collect();
    lines.join("\n")
}

/// The `correct` cell: `B`, `A,B,D`.
fn correct_options(entry: &Entry) -> String {
    let names: Vec<String> = entry
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.correct)
        .map(|(i, _)| crate::shown::option_name(entry, i))
        .collect();
    names.join(",")
}

/// The option rows of some entries of `doc` (whose text is `text`), one
/// per option of each choice entry, in order, handed to `f` one at a time.
///
/// # Errors
///
/// The first error `f` returns; no row is built after it.
pub fn for_each_option_row_of<'a, E>(
    doc: &'a Document,
    entries: &'a [Entry],
    format: TextFormat,
    lines: &mut LineCounter<'_>,
    mut f: impl FnMut(OptionRow<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in entries {
        for (i, option) in entry.options.iter().enumerate() {
            f(OptionRow {
                file: &doc.path,
                entry_number: entry.number,
                entry_title: &entry.title,
                position: i + 1,
                label: option.label.as_deref(),
                text: format.render(&option.text),
                correct: option.correct,
                line: lines.line(option.span.start),
            })?;
        }
    }
    Ok(())
}

/// How many rows the options of a file give.
#[must_use]
pub fn option_count(file: &ParsedFile) -> usize {
    file.document.entries.iter().map(|e| e.options.len()).sum()
}

/// The blank columns, in order: one row per blank of a fill entry.
pub const BLANK_COLUMNS: [&str; 8] = [
    "file",
    "entry_number",
    "entry_title",
    "position",
    "number",
    "answers",
    "hint",
    "line",
];

/// One blank of a fill entry as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlankRow<'a> {
    /// The document's path.
    pub file: &'a str,
    /// The entry's number.
    pub entry_number: Option<u64>,
    /// The entry's title.
    pub entry_title: &'a str,
    /// 1-based place of the blank in its entry's question.
    pub position: usize,
    /// Its deletion number (`2` for `{{c2::…}}`).
    pub number: u32,
    /// Its accepted answers, joined by [`crate::fill::ALTERNATIVES`].
    pub answers: String,
    /// A cloze's hint.
    pub hint: Option<&'a str>,
    /// 1-based line of the blank.
    pub line: u32,
}

/// The blank rows of some entries of `doc`, one per blank of each fill
/// entry, in order, handed to `f` one at a time.
///
/// # Errors
///
/// The first error `f` returns; no row is built after it.
pub fn for_each_blank_row_of<'a, E>(
    doc: &'a Document,
    entries: &'a [Entry],
    lines: &mut LineCounter<'_>,
    mut f: impl FnMut(BlankRow<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in entries {
        for (i, blank) in entry.blanks.iter().enumerate() {
            f(BlankRow {
                file: &doc.path,
                entry_number: entry.number,
                entry_title: &entry.title,
                position: i + 1,
                number: blank.number,
                answers: blank.answers.join(crate::fill::ALTERNATIVES),
                hint: blank.hint.as_deref(),
                line: lines.line(blank.span.start),
            })?;
        }
    }
    Ok(())
}

/// The graded columns, in order: one row per accepted answer of a
/// short-answer entry, the number of a numerical one, each pair and
/// distractor of a matching one, each item of an ordering one.
pub const GRADED_COLUMNS: [&str; 8] = [
    "file",
    "entry_number",
    "entry_title",
    "kind",
    "position",
    "item",
    "match",
    "line",
];

/// One accepted answer, number, pair, distractor or ordering item as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradedRow<'a> {
    /// The document's path.
    pub file: &'a str,
    /// The entry's number.
    pub entry_number: Option<u64>,
    /// The entry's title.
    pub entry_title: &'a str,
    /// `short`, `numerical`, `matching` or `ordering`.
    pub kind: &'static str,
    /// 1-based place in its entry: the accepted answer's, the ordering
    /// item's (its place in the right order), the pair's (distractors
    /// after the pairs).
    pub position: usize,
    /// An accepted answer, the number as one line
    /// ([`crate::graded::numerical_text`]), an ordering item or a pair's
    /// left side; empty for a distractor.
    pub item: Cow<'a, str>,
    /// A pair's right side, or a distractor.
    pub matched: Option<&'a str>,
    /// 1-based line of the pair; of the answer for the others.
    pub line: u32,
}

/// The graded rows of some entries of `doc`, in order, handed to `f` one
/// at a time.
///
/// # Errors
///
/// The first error `f` returns; no row is built after it.
pub fn for_each_graded_row_of<'a, E>(
    doc: &'a Document,
    entries: &'a [Entry],
    lines: &mut LineCounter<'_>,
    mut f: impl FnMut(GradedRow<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in entries {
        let Some(graded) = &entry.graded else {
            continue;
        };
        let start = entry
            .section(SectionKind::Answer)
            .map_or(entry.span.start, |a| a.body.start);
        let answer_line = lines.line(start);
        let row = |position, item, matched, line| GradedRow {
            file: &doc.path,
            entry_number: entry.number,
            entry_title: &entry.title,
            kind: entry.kind.as_str(),
            position,
            item,
            matched,
            line,
        };
        match graded {
            Graded::Short {
                accepted: items, ..
            }
            | Graded::Ordering { items } => {
                for (i, item) in items.iter().enumerate() {
                    f(row(i + 1, Cow::Borrowed(item.as_str()), None, answer_line))?;
                }
            }
            Graded::Numerical(n) => {
                let text = crate::graded::numerical_text(n);
                f(row(1, Cow::Owned(text), None, answer_line))?;
            }
            Graded::Matching { pairs, distractors } => {
                for (i, pair) in pairs.iter().enumerate() {
                    let line = lines.line(pair.span.start);
                    f(row(
                        i + 1,
                        Cow::Borrowed(&pair.left),
                        Some(&pair.right),
                        line,
                    ))?;
                }
                for (i, d) in distractors.iter().enumerate() {
                    let position = pairs.len() + i + 1;
                    f(row(position, Cow::Borrowed(""), Some(d), answer_line))?;
                }
            }
        }
    }
    Ok(())
}

/// Between the group headings of the `category` column: `模型基础 > 注意力`.
pub const CATEGORY_SEPARATOR: &str = " > ";

/// The item rows of a file: every item of every ordered list in a section,
/// nested ordered lists included (each nested item right after its parent
/// item, with its depth), in source order.
#[must_use]
pub fn item_rows(file: &ParsedFile, format: TextFormat) -> Vec<ItemRow<'_>> {
    let mut rows = Vec::new();
    let _ = for_each_item_row(file, format, |row| {
        rows.push(row);
        Ok::<(), std::convert::Infallible>(())
    });
    rows
}

/// How many rows [`item_rows`] gives, without building them.
#[must_use]
pub fn item_count(file: &ParsedFile) -> usize {
    let mut count = 0;
    for entry in &file.document.entries {
        for section in &entry.sections {
            for list in section.blocks.iter().filter_map(Block::as_list) {
                walk(list, 0, &mut |_, _, ordered| count += usize::from(ordered));
            }
        }
    }
    count
}

/// The rows of [`item_rows`], handed to `f` one at a time (a writer that
/// streams needs no vector of every row of the file).
///
/// # Errors
///
/// The first error `f` returns; no row is built after it.
pub fn for_each_item_row<'a, E>(
    file: &'a ParsedFile,
    format: TextFormat,
    f: impl FnMut(ItemRow<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let text = file.source.text.as_str();
    let doc = &file.document;
    let mut lines = LineCounter::new(text);
    for_each_item_row_of(text, doc, &doc.entries, format, &mut lines, f)
}

/// The item rows of some entries of `doc` (whose text is `text`), for
/// writers that take entries as [`qbank_core::parse_each`] hands them on.
///
/// # Errors
///
/// The first error `f` returns; no row is built after it.
pub fn for_each_item_row_of<'a, E>(
    text: &'a str,
    doc: &'a Document,
    entries: &'a [Entry],
    format: TextFormat,
    lines: &mut LineCounter<'_>,
    mut f: impl FnMut(ItemRow<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in entries {
        let entry_line = lines.line(entry.span.start);
        for section in &entry.sections {
            let lists = section.blocks.iter().filter_map(Block::as_list);
            for (i, list) in lists.enumerate() {
                let mut result = Ok(());
                walk(list, 0, &mut |item, depth, ordered| {
                    if ordered && result.is_ok() {
                        result = f(ItemRow {
                            file: &doc.path,
                            entry_number: entry.number,
                            entry_title: &entry.title,
                            section: section.kind,
                            list_index: i + 1,
                            item_number: item.number,
                            term: item.term.as_ref().map(|t| t.span.slice(text)),
                            text: format.render(item.text.slice(text)),
                            line: lines.line(item.span.start),
                            depth,
                            entry_line,
                        });
                    }
                });
                result?;
            }
        }
    }
    Ok(())
}

/// Visit every item of `list` and of the lists nested in it, in document
/// order, with its depth and whether its list is ordered.
fn walk<'a>(list: &'a List, depth: usize, visit: &mut impl FnMut(&'a ListItem, usize, bool)) {
    for item in &list.items {
        visit(item, depth, list.is_ordered());
        for nested in &item.lists {
            walk(nested, depth + 1, visit);
        }
    }
}
