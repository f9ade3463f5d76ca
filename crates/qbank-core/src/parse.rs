//! Markdown to model, in two phases.
//!
//! 1. [`scan`] walks pulldown-cmark's events (with offsets) over a piece of
//!    text and turns its top-level blocks into a flat list of [`Piece`]s:
//!    headings (with their number and label, if any), labels found at the
//!    start of paragraph lines, and blocks. This phase depends only on the
//!    text it is given, so a large document can be cut at entry headings and
//!    scanned in parallel (see [`crate::split`]).
//! 2. [`Assembler`] walks the pieces once, in order, and groups them into the
//!    document's title, entries and sections.

use crate::labels::{LabelMatch, LabelMatcher, Place, colon_at, skip_blanks};
use crate::model::{
    Block, Document, Entry, Heading, Label, List, ListItem, NumberSeparator, Section, Span, Term,
    Title,
};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

/// The pulldown-cmark options qbank parses with.
#[must_use]
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A top-level item of the source, before grouping.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    // Boxed: a heading or a label is rare next to blocks, and boxing keeps
    // every piece (and so the vectors of them) small.
    Heading(Box<HeadingPiece>),
    Label(Box<LabelMatch>),
    Block(Block),
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HeadingPiece {
    level: u8,
    span: Span,
    /// Plain text of the whole heading.
    plain: String,
    number: Option<Number>,
    label: Option<LabelMatch>,
    id: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
struct Number {
    value: u64,
    span: Span,
    separator: NumberSeparator,
    /// Written with Chinese numerals (`一、`).
    chinese: bool,
    title_span: Span,
}

/// Offsets of a piece of text within the whole document.
struct Ctx<'a> {
    text: &'a str,
    base: usize,
    labels: &'a LabelMatcher,
}

impl Ctx<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.base + r.start, self.base + r.end)
    }

    /// The span of `r` with surrounding whitespace removed.
    fn trimmed(&self, r: Range<usize>) -> Span {
        let s = self.text.get(r.clone()).unwrap_or("");
        let start = r.start + (s.len() - s.trim_start().len());
        let end = (r.start + s.trim_end().len()).max(start);
        self.span(start..end)
    }
}

type Events<'a> = pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>;

/// Phase 1: the pieces of `text`, whose first byte is at `base` in the
/// document.
pub(crate) fn scan(text: &str, base: usize, labels: &LabelMatcher, out: &mut Vec<Piece>) {
    let ctx = Ctx { text, base, labels };
    let mut events = Parser::new_ext(text, markdown_options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, id, .. } => {
                    let id = id.map(|id| id.into_string());
                    out.push(Piece::Heading(Box::new(heading(
                        &ctx,
                        &mut events,
                        level,
                        range,
                        id,
                    ))));
                }
                Tag::Paragraph => {
                    skip(&mut events);
                    paragraph(&ctx, range, out);
                }
                Tag::List(start) => {
                    let list = list(&ctx, &mut events, start, range, 1);
                    out.push(Piece::Block(Block::List(Box::new(list))));
                }
                Tag::CodeBlock(kind) => {
                    let lang = code_lang(&kind).map(str::to_owned);
                    skip(&mut events);
                    let span = ctx.span(trim_end_range(text, range));
                    out.push(Piece::Block(Block::Code { span, lang }));
                }
                other => {
                    skip(&mut events);
                    let span = ctx.span(trim_end_range(text, range));
                    out.push(Piece::Block(match other {
                        Tag::Table(_) => Block::Table { span },
                        Tag::BlockQuote(_) => Block::BlockQuote { span },
                        Tag::HtmlBlock => Block::Html { span },
                        _ => Block::Other { span },
                    }));
                }
            },
            Event::Rule => {
                let span = ctx.span(trim_end_range(text, range));
                out.push(Piece::Block(Block::Rule { span }));
            }
            // Top-level events outside any block (none in practice, but
            // pulldown-cmark may grow new ones): keep their source.
            Event::End(_) => {}
            _ => {
                let span = ctx.span(trim_end_range(text, range));
                out.push(Piece::Block(Block::Other { span }));
            }
        }
    }
}

/// A code block's language: the first word of a fence's info string
/// (`rust` in ```` ```rust,ignore ````), or `None`.
#[must_use]
pub fn code_lang<'a>(kind: &'a CodeBlockKind<'_>) -> Option<&'a str> {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|l| !l.is_empty()),
        CodeBlockKind::Indented => None,
    }
}

/// Consume events up to the end of the element just started.
fn skip(events: &mut Events<'_>) {
    let mut depth = 1usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn trim_end_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    r.start..r.start + s.trim_end().len()
}

fn heading(
    ctx: &Ctx<'_>,
    events: &mut Events<'_>,
    level: HeadingLevel,
    range: Range<usize>,
    id: Option<String>,
) -> HeadingPiece {
    // Plain text of the heading: text and code, no markup or inline HTML.
    let mut plain = String::new();
    let mut depth = 1usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            _ => {}
        }
    }
    let range = trim_end_range(ctx.text, range);
    let level = level as u8;
    let source = &ctx.text[range.clone()];
    // Where the heading's text starts: after `#`s and blanks (ATX), or at
    // the first byte (setext).
    let content_start = if source.starts_with('#') || source.trim_start().starts_with('#') {
        let lead = source.len() - source.trim_start().len();
        let hashes = source[lead..].bytes().take_while(|&b| b == b'#').count();
        range.start + skip_blanks(source, lead + hashes)
    } else {
        range.start + (source.len() - source.trim_start().len())
    };
    let first_line_end = ctx.text[content_start..range.end]
        .find('\n')
        .map_or(range.end, |i| content_start + i);
    let number = heading_number(ctx, &plain, content_start, first_line_end);
    // A label may follow inline HTML (an anchor) but nothing else.
    let label_start = skip_tags(ctx.text, content_start, first_line_end);
    let mut label = ctx.labels.match_at(
        ctx.text,
        label_start,
        first_line_end,
        Place::Heading,
        ctx.base,
    );
    if let Some(label) = &mut label {
        // A heading label's span runs from the heading's first byte.
        label.span.start = ctx.span(range.clone()).start;
        if ctx.text[label.body_start - ctx.base..first_line_end]
            .trim()
            .is_empty()
            || !source.trim_start().starts_with('#')
        {
            label.body_start = ctx.base + range.end;
        }
    }
    HeadingPiece {
        level,
        span: ctx.span(range),
        plain: plain.trim().to_owned(),
        number,
        label,
        id,
    }
}

/// Skip blanks and inline HTML tags (`<a name="x"></a>`) from `pos`.
fn skip_tags(text: &str, mut pos: usize, end: usize) -> usize {
    loop {
        let line = &text[..end];
        pos = skip_blanks(line, pos);
        if line.as_bytes().get(pos) == Some(&b'<') {
            if let Some(close) = line[pos..].find('>') {
                pos += close + 1;
                continue;
            }
        }
        return pos;
    }
}

/// The number, separator and title of a numbered heading's plain text.
fn split_number(plain: &str) -> Option<(u64, NumberSeparator, bool, usize, usize)> {
    let s = plain.trim_start();
    let lead = plain.len() - s.len();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (value, chinese, num_len) = if digits > 0 {
        (s[..digits].parse::<u64>().ok()?, false, digits)
    } else {
        let len: usize = s
            .chars()
            .take_while(|c| "零〇一二三四五六七八九十百千".contains(*c))
            .map(char::len_utf8)
            .sum();
        (chinese_number(&s[..len])?, true, len)
    };
    let rest = &s[num_len..];
    let (separator, sep_len) = if let Some(after) = rest.strip_prefix('.') {
        // `1.5` is a version number, not an entry.
        if after.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return None;
        }
        (NumberSeparator::Dot, 1)
    } else if rest.starts_with('、') {
        (NumberSeparator::IdeographicComma, '、'.len_utf8())
    } else if rest.starts_with('．') {
        (NumberSeparator::FullwidthDot, '．'.len_utf8())
    } else if !chinese && rest.starts_with(')') {
        (NumberSeparator::Paren, 1)
    } else if !chinese && rest.starts_with('）') {
        (NumberSeparator::Paren, '）'.len_utf8())
    } else {
        return None;
    };
    Some((
        value,
        separator,
        chinese,
        lead + num_len,
        lead + num_len + sep_len,
    ))
}

fn plain_after_number(plain: &str) -> &str {
    split_number(plain).map_or(plain, |(.., after)| &plain[after..])
}

/// `一` → 1, `十二` → 12, `二十` → 20, `一百零五` → 105.
fn chinese_number(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u64);
    let mut total = 0u64;
    let mut current: Option<u64> = None;
    for c in s.chars() {
        match c {
            '〇' | '零' => current = Some(0),
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total += current.unwrap_or(1) * unit;
                current = None;
            }
            _ => current = Some(digit(c)?),
        }
    }
    Some(total + current.unwrap_or(0))
}

fn heading_number(
    ctx: &Ctx<'_>,
    plain: &str,
    content_start: usize,
    line_end: usize,
) -> Option<Number> {
    let (value, separator, chinese, num_end, _) = split_number(plain)?;
    let digits = plain[..num_end].trim_start();
    // Find the number in the source, after any inline HTML anchor.
    let from = skip_tags(ctx.text, content_start, line_end);
    let hay = ctx.text.get(from..line_end)?;
    let at = hay.find(digits)?;
    let num_start = from + at;
    let num_end = num_start + digits.len();
    let rest = &ctx.text[num_end..line_end];
    let sep_len = [".", "、", "．", ")", "）"]
        .iter()
        .find(|sep| rest.starts_with(**sep))
        .map_or(0, |sep| sep.len());
    let title_start = skip_blanks(ctx.text, num_end + sep_len);
    Some(Number {
        value,
        span: ctx.span(num_start..num_end),
        separator,
        chinese,
        title_span: ctx.trimmed(title_start.min(line_end)..line_end),
    })
}

/// A top-level paragraph: labels may start any of its lines.
fn paragraph(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) {
    let range = trim_end_range(ctx.text, range);
    let text = ctx.text;
    let mut segment_start = range.start;
    let mut line_start = range.start;
    while line_start < range.end {
        let line_end = text[line_start..range.end]
            .find('\n')
            .map_or(range.end, |i| line_start + i);
        let at = skip_blanks(text, line_start);
        if let Some(label) = ctx
            .labels
            .match_at(text, at, line_end, Place::Paragraph, ctx.base)
        {
            if !text[segment_start..line_start].trim().is_empty() {
                out.push(Piece::Block(Block::Paragraph {
                    span: ctx.trimmed(segment_start..line_start),
                }));
            }
            segment_start = label.body_start - ctx.base;
            out.push(Piece::Label(Box::new(label)));
        }
        line_start = line_end + 1;
    }
    if segment_start < range.end && !text[segment_start..range.end].trim().is_empty() {
        out.push(Piece::Block(Block::Paragraph {
            span: ctx.trimmed(segment_start..range.end),
        }));
    }
}

/// How deep lists nest in the model. A list below this depth is not modelled
/// as its own node: its source stays in the enclosing item's `text`. Markdown
/// allows any depth, and `- - - - …` on one line nests as deep as the line is
/// long; every walk over the model (serialisation, lint rules, rendering, and
/// dropping the tree) recurses per level, so the depth is bounded here, once,
/// to keep all of them far from the stack's end (rayon threads have 2 MiB).
/// 24 also keeps the JSON export (four nesting levels per list level) under
/// the 128 levels that serde_json and other readers accept by default; at
/// 64 it was 263 levels deep, which they refused.
pub const MAX_LIST_DEPTH: usize = 24;

fn list(
    ctx: &Ctx<'_>,
    events: &mut Events<'_>,
    start: Option<u64>,
    range: Range<usize>,
    depth: usize,
) -> List {
    let mut items = Vec::new();
    let mut delimiter = if start.is_some() { '.' } else { '-' };
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Item) => {
                let (item, delim) = item(ctx, events, range, depth);
                if items.is_empty() {
                    if let Some(d) = delim {
                        delimiter = d;
                    }
                }
                items.push(item);
            }
            Event::Start(_) => skip(events),
            Event::End(_) => break,
            _ => {}
        }
    }
    items.shrink_to_fit();
    List {
        span: ctx.span(trim_end_range(ctx.text, range)),
        start,
        delimiter,
        items,
    }
}

fn item(
    ctx: &Ctx<'_>,
    events: &mut Events<'_>,
    range: Range<usize>,
    depth: usize,
) -> (ListItem, Option<char>) {
    let text = ctx.text;
    let range = trim_end_range(text, range);
    // The marker: `12.`, `12)`, `-`, `*`, `+`, after any indentation.
    let marker_start = skip_blanks(text, range.start).min(range.end);
    let bytes = text.as_bytes();
    let digits = bytes[marker_start..range.end]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (number, marker_end, delim) = if digits > 0 {
        let n = text[marker_start..marker_start + digits]
            .parse::<u64>()
            .ok();
        let d = bytes.get(marker_start + digits).map(|&b| b as char);
        (n, (marker_start + digits + 1).min(range.end), d)
    } else {
        let d = bytes.get(marker_start).map(|&b| b as char);
        (None, (marker_start + 1).min(range.end), d)
    };
    let content_start = skip_blanks(text, marker_end).min(range.end);
    let first_line_end = text[content_start..range.end]
        .find('\n')
        .map_or(range.end, |i| content_start + i);
    let term = term(ctx, content_start, first_line_end);
    let text_start = term
        .as_ref()
        .map_or(content_start, |(_, after)| skip_blanks(text, *after));

    let mut lists = Vec::new();
    let mut first_list: Option<usize> = None;
    while let Some((event, r)) = events.next() {
        match event {
            Event::Start(Tag::List(start)) if depth < MAX_LIST_DEPTH => {
                first_list.get_or_insert(r.start);
                lists.push(list(ctx, events, start, r, depth + 1));
            }
            Event::Start(_) => skip(events),
            Event::End(_) => break,
            _ => {}
        }
    }
    lists.shrink_to_fit();
    let text_end = first_list.unwrap_or(range.end).max(text_start);
    let item = ListItem {
        span: ctx.span(range),
        marker: ctx.span(marker_start..marker_end),
        number,
        term: term.map(|(t, _)| t),
        text: ctx.trimmed(text_start.min(text_end)..text_end),
        lists,
    };
    (item, delim)
}

/// A bold term at `pos`: `**术语：**` or `**术语**：`. Returns the term and
/// where the text after it (and its colon) starts.
fn term(ctx: &Ctx<'_>, pos: usize, line_end: usize) -> Option<(Term, usize)> {
    let line = ctx.text.get(pos..line_end)?;
    let marker = if line.starts_with("**") {
        "**"
    } else if line.starts_with("__") {
        "__"
    } else {
        return None;
    };
    // The closing marker: a byte search (a `str::find` builds a substring
    // searcher per call, which showed in profiles: one per list item).
    let mark = marker.as_bytes()[0];
    let bytes = line.as_bytes();
    let close = memchr::memchr_iter(mark, &bytes[2..])
        .map(|i| i + 2)
        .find(|&i| bytes.get(i + 1) == Some(&mark))?;
    let inner = &line[2..close];
    if inner.trim().is_empty() || inner.starts_with(char::is_whitespace) || inner.ends_with(' ') {
        return None;
    }
    let bold_end = close + 2;
    let (term_end, colon, colon_span, after) = if let Some(stripped) = inner
        .strip_suffix(':')
        .map(|s| (s, crate::model::Colon::Ascii))
        .or_else(|| {
            inner
                .strip_suffix('：')
                .map(|s| (s, crate::model::Colon::Fullwidth))
        }) {
        let (name, colon) = stripped;
        let colon_at = 2 + name.len();
        (
            2 + name.trim_end().len(),
            Some(colon),
            Some(ctx.span(pos + colon_at..pos + close)),
            bold_end,
        )
    } else {
        let j = skip_blanks(line, bold_end);
        match colon_at(line, j) {
            Some(c) => {
                let end = j + c.as_str().len();
                (close, Some(c), Some(ctx.span(pos + j..pos + end)), end)
            }
            None => (close, None, None, bold_end),
        }
    };
    if term_end <= 2 {
        return None;
    }
    Some((
        Term {
            span: ctx.span(pos + 2..pos + term_end),
            bold_span: ctx.span(pos..pos + bold_end),
            colon,
            colon_span,
        },
        pos + after,
    ))
}

/// Phase 2: group the pieces of the whole document (in parts, one per
/// scanned piece of text, in order) into its model. Each part is dropped as
/// soon as it is consumed, so the pieces and the model they become are not
/// both held in full.
/// Phase 2: groups the pieces of phase 1, fed part by part in document
/// order, into the document's title, entries and sections, handing each
/// entry on as soon as it is complete (when the next entry or a shallower
/// heading starts, or at the end).
///
/// The entries' level is the level of the first heading numbered with
/// digits (else of the first numbered with Chinese numerals): parts are held
/// back until such a heading has been seen, or until the end.
pub(crate) struct Assembler<'t> {
    text: &'t str,
    /// Everything but the entries, which go to the caller.
    doc: Document,
    /// The entries' level, once known.
    level: Option<Option<u8>>,
    /// Parts held back while the level is unknown.
    pending: Vec<Vec<Piece>>,
    builder: Option<EntryBuilder>,
    /// Still looking for the title (no entry and no title seen yet).
    title_open: bool,
}

impl<'t> Assembler<'t> {
    pub(crate) fn new(path: &str, text: &'t str) -> Self {
        Assembler {
            text,
            doc: Document {
                path: path.to_owned(),
                title: None,
                entry_level: None,
                entries: Vec::new(),
                outside: Vec::new(),
            },
            level: None,
            pending: Vec::new(),
            builder: None,
            title_open: true,
        }
    }

    /// Take the next part (the pieces of the next stretch of text).
    pub(crate) fn feed(&mut self, part: Vec<Piece>, emit: &mut impl FnMut(&Document, Entry)) {
        if self.level.is_some() {
            self.process(part, emit);
            return;
        }
        let decisive = part.iter().any(
            |p| matches!(p, Piece::Heading(h) if h.number.as_ref().is_some_and(|n| !n.chinese)),
        );
        self.pending.push(part);
        if decisive {
            self.release(emit);
        }
    }

    /// The end of the text: hand on the last entry and return the rest.
    pub(crate) fn finish(mut self, emit: &mut impl FnMut(&Document, Entry)) -> Document {
        if self.level.is_none() {
            self.release(emit);
        }
        if let Some(b) = self.builder.take() {
            emit(&self.doc, b.finish(self.text, self.text.len() as u32));
        }
        self.doc.outside.shrink_to_fit();
        self.doc
    }

    /// Settle the level from the parts held back, then process them.
    fn release(&mut self, emit: &mut impl FnMut(&Document, Entry)) {
        let level = entry_level(self.pending.iter().flatten());
        self.level = Some(level);
        self.doc.entry_level = level;
        for part in std::mem::take(&mut self.pending) {
            self.process(part, emit);
        }
    }

    fn process(&mut self, part: Vec<Piece>, emit: &mut impl FnMut(&Document, Entry)) {
        let text = self.text;
        let entry_level = self.doc.entry_level;
        let is_entry = |h: &HeadingPiece| Some(h.level) == entry_level && h.number.is_some();
        for piece in part {
            match piece {
                Piece::Heading(h) if is_entry(&h) => {
                    self.title_open = false;
                    if let Some(b) = self.builder.take() {
                        emit(&self.doc, b.finish(text, h.span.start));
                    }
                    self.builder = Some(EntryBuilder::new(*h));
                }
                Piece::Heading(h) => {
                    // The title: the first heading above the entries' level
                    // before the first entry; with no entries, the first
                    // heading.
                    if self.title_open && entry_level.is_none_or(|level| h.level < level) {
                        self.title_open = false;
                        self.doc.title = Some(Title {
                            text: h.plain.clone(),
                            level: h.level,
                            span: h.span,
                        });
                    }
                    match &mut self.builder {
                        Some(b) if h.label.is_some() => {
                            let at = h.span.start;
                            if let Some(label) = h.label {
                                b.start_section(text, label, at);
                            }
                        }
                        Some(_) if entry_level.is_some_and(|level| h.level < level) => {
                            if let Some(b) = self.builder.take() {
                                emit(&self.doc, b.finish(text, h.span.start));
                            }
                            self.doc.outside.push(heading_block(&h));
                        }
                        Some(b) => b.push(heading_block(&h)),
                        None => self.doc.outside.push(heading_block(&h)),
                    }
                }
                Piece::Label(label) => match &mut self.builder {
                    Some(b) => {
                        let at = label.span.start;
                        b.start_section(text, *label, at);
                    }
                    None => self.doc.outside.push(Block::Paragraph { span: label.span }),
                },
                Piece::Block(block) => match &mut self.builder {
                    Some(b) => b.push(block),
                    None => self.doc.outside.push(block),
                },
            }
        }
    }
}

fn heading_block(h: &HeadingPiece) -> Block {
    Block::Heading {
        span: h.span,
        level: h.level,
        number: h.number.as_ref().map(|n| n.value),
    }
}

/// The level of the first heading numbered with digits, or else of the
/// first numbered with Chinese numerals.
fn entry_level<'a>(pieces: impl Iterator<Item = &'a Piece> + Clone) -> Option<u8> {
    let numbered = |chinese: bool| {
        pieces.clone().find_map(|p| match p {
            Piece::Heading(h) => match &h.number {
                Some(n) if n.chinese == chinese => Some(h.level),
                _ => None,
            },
            _ => None,
        })
    };
    numbered(false).or_else(|| numbered(true))
}

struct EntryBuilder {
    entry: Entry,
    open: Option<(LabelMatch, Vec<Block>)>,
}

impl EntryBuilder {
    fn new(h: HeadingPiece) -> Self {
        let (number, number_span, separator, title_span) = match h.number {
            Some(n) => (Some(n.value), Some(n.span), Some(n.separator), n.title_span),
            None => (None, None, None, h.span),
        };
        EntryBuilder {
            entry: Entry {
                number,
                title: plain_after_number(&h.plain).trim().to_owned(),
                heading: Heading {
                    level: h.level,
                    span: h.span,
                    number_span,
                    separator,
                    title_span,
                    id: h.id,
                },
                span: h.span,
                preamble: Vec::new(),
                sections: Vec::new(),
            },
            open: None,
        }
    }

    fn push(&mut self, block: Block) {
        match &mut self.open {
            Some((_, blocks)) => blocks.push(block),
            None => self.entry.preamble.push(block),
        }
    }

    fn start_section(&mut self, text: &str, label: LabelMatch, at: u32) {
        self.close_section(text, at, false);
        self.open = Some((label, Vec::new()));
    }

    /// Close the open section at byte `end`; `last` when the entry ends.
    fn close_section(&mut self, text: &str, end: u32, last: bool) {
        let Some((label, mut blocks)) = self.open.take() else {
            return;
        };
        let mut end = end;
        if last {
            if let Some(Block::Rule { span }) = blocks.last() {
                // A `---` before the next entry separates entries.
                end = span.start;
                blocks.pop();
            }
        }
        blocks.shrink_to_fit();
        let start = label.body_start.min(end as usize);
        let body = trim(text, start, end as usize)
            .unwrap_or(Span::new(label.span.end as usize, label.span.end as usize));
        let span_end = body.end.max(label.span.end);
        self.entry.sections.push(Section {
            kind: label.kind,
            label: Label {
                text: label.name_span.slice(text).to_owned(),
                span: label.span,
                name_span: label.name_span,
                style: label.style,
                colon: label.colon,
                colon_span: label.colon_span,
            },
            span: Span {
                start: label.span.start,
                end: span_end,
            },
            body,
            blocks,
        });
    }

    fn finish(mut self, text: &str, end: u32) -> Entry {
        if self.open.is_some() {
            self.close_section(text, end, true);
        } else if let Some(Block::Rule { .. }) = self.entry.preamble.last() {
            // A `---` before the next entry separates entries.
            self.entry.preamble.pop();
        }
        let last = self
            .entry
            .sections
            .last()
            .map(|s| s.span.end)
            .or_else(|| self.entry.preamble.last().map(|b| b.span().end))
            .unwrap_or(self.entry.heading.span.end);
        self.entry.span.end = last.max(self.entry.heading.span.end);
        self.entry.preamble.shrink_to_fit();
        self.entry.sections.shrink_to_fit();
        self.entry
    }
}

/// `start..end` with whitespace trimmed, or `None` when only whitespace.
fn trim(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = text.get(start..end)?;
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let lead = s.len() - s.trim_start().len();
    Some(Span::new(start + lead, start + lead + t.len()))
}
