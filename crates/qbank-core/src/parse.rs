//! Markdown to model, in two phases.
//!
//! 1. [`scan`] walks pulldown-cmark's events (with offsets) over a piece of
//!    text and turns its top-level blocks into a flat list of [`Piece`]s:
//!    headings (with their number and label, if any), labels found at the
//!    start of paragraph lines, and blocks. This phase depends only on the
//!    text it is given, so a large document can be cut at entry headings and
//!    scanned in parallel (see [`crate::split`]).
//! 2. [`Assembler`](crate::assemble::Assembler) walks the pieces once, in
//!    order, and groups them into the document's title, entries and
//!    sections.
//!
//! Both phases know the document's [`Shape`], decided before them by one
//! cheap pass over the lines ([`crate::shape`]): it says which pieces start
//! entries (a numbered heading, a `<summary>`, a bold paragraph, a list
//! item, a label) and where questions and answers come from.

use crate::line::labels::{LabelMatch, LabelMatcher, Place, colon_at, skip_blanks};
use crate::line::number::split_number;
use crate::line::trim;
use crate::line::ws::Trim;
use crate::model::{Block, LabelStyle, List, ListItem, Marker, NumberSeparator, Shape, Span, Term};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

/// The pulldown-cmark options qbank parses with.
#[must_use]
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
    // Not ENABLE_HEADING_ATTRIBUTES: it takes any trailing `{…}` of a
    // heading as attributes and drops it from the text (`{1, 2, 3}`,
    // `{多选}`); the id of `{#id}` is read by `heading_id` instead.
}

/// A top-level item of the source, before grouping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    // Boxed: a heading or a label is rare next to blocks, and boxing keeps
    // every piece (and so the vectors of them) small.
    Heading(Box<HeadingPiece>),
    Label(Box<LabelMatch>),
    /// A question that starts an entry without a heading: a `<summary>`,
    /// a bold paragraph, a list item.
    Question(Box<QuestionPiece>),
    /// An HTML block that closes a `<details>`.
    End(Span),
    /// The front matter block.
    FrontMatter(Span),
    /// A block quote that starts with a label: the label, the whole quote,
    /// and the quote after the label.
    Quote(Box<LabelMatch>, Span, Option<Span>),
    Block(Block),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeadingPiece {
    pub(crate) level: u8,
    pub(crate) span: Span,
    /// Plain text of the whole heading.
    pub(crate) plain: String,
    pub(crate) number: Option<Number>,
    pub(crate) label: Option<LabelMatch>,
    pub(crate) id: Option<String>,
    /// The plain title: after the number, without a card's `(id)`.
    pub(crate) title: String,
    /// The title's source.
    pub(crate) title_span: Span,
    /// The text asks a question (ends in `?` or `？`).
    pub(crate) asks: bool,
    /// `# [146. LRU Cache](https://…)`: a title, never an entry.
    pub(crate) link_title: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Number {
    pub(crate) value: u64,
    pub(crate) span: Span,
    pub(crate) separator: NumberSeparator,
    /// Written with Chinese numerals (`一、`).
    pub(crate) chinese: bool,
}

/// An entry that starts without a heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QuestionPiece {
    pub(crate) marker: Marker,
    /// The marker's source: the `<summary>` block, the bold paragraph's
    /// first line, the list item's first line.
    pub(crate) span: Span,
    pub(crate) title: String,
    pub(crate) title_span: Span,
    pub(crate) number: Option<Number>,
    /// The question's source.
    pub(crate) question: Span,
    /// An answer in the same piece (the rest of a list item or of a bold
    /// paragraph), with its label if it has one.
    pub(crate) answer: Option<(Span, Option<LabelMatch>)>,
    /// Where the piece's source ends.
    pub(crate) end: u32,
    /// The entry is complete (a list item): later blocks are not its
    /// answer.
    pub(crate) closed: bool,
    /// Blocks of the question: the options nested in a list item.
    pub(crate) blocks: Vec<Block>,
    /// Further labelled sections of a closed piece, after its answer
    /// (`解析：…` after `答案：B` in a list item).
    pub(crate) more: Vec<(Span, LabelMatch)>,
    /// The options the reading made of the question's lettered lines.
    pub(crate) options: crate::choice::Known,
}

/// Offsets of a piece of text within the whole document.
struct Ctx<'a> {
    text: &'a str,
    base: usize,
    labels: &'a LabelMatcher,
    shape: &'a Shape,
}

impl Ctx<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.base + r.start, self.base + r.end)
    }

    /// The span of `r` with surrounding whitespace removed.
    fn trimmed(&self, r: Range<usize>) -> Span {
        let s = self.text.get(r.clone()).unwrap_or("");
        let start = r.start + (s.len() - s.trim_start_ws().len());
        let end = (r.start + s.trim_end_ws().len()).max(start);
        self.span(start..end)
    }
}

type Events<'a> = pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>;

/// Phase 1: the pieces of `text`, whose first byte is at `base` in the
/// document.
pub(crate) fn scan(
    text: &str,
    base: usize,
    labels: &LabelMatcher,
    shape: &Shape,
    out: &mut Vec<Piece>,
) {
    let ctx = Ctx {
        text,
        base,
        labels,
        shape,
    };
    let mut events = Parser::new_ext(text, markdown_options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    out.push(Piece::Heading(Box::new(heading(
                        &ctx,
                        &mut events,
                        level,
                        range,
                    ))));
                }
                Tag::Paragraph => {
                    skip(&mut events);
                    paragraph(&ctx, range, out);
                    if ctx.shape.marker == Marker::ListItem {
                        stem_code_options(&ctx, out);
                    }
                }
                Tag::List(start) => {
                    let list = list(&ctx, &mut events, start, range, 1);
                    if ctx.shape.marker == Marker::ListItem {
                        stem_before_options(&ctx, &list, out);
                        list_questions(&ctx, list, out);
                        stem_code_options(&ctx, out);
                    } else {
                        out.push(Piece::Block(Block::List(Box::new(list))));
                    }
                }
                Tag::HtmlBlock => {
                    skip(&mut events);
                    html_block(&ctx, trim_end_range(text, range), out);
                }
                Tag::BlockQuote(_) => {
                    skip(&mut events);
                    block_quote(&ctx, trim_end_range(text, range), out);
                }
                Tag::CodeBlock(kind) => {
                    let lang = code_lang(&kind).map(str::to_owned);
                    skip(&mut events);
                    code_block(&ctx, lang, trim_end_range(text, range), out);
                }
                other => {
                    skip(&mut events);
                    let span = ctx.span(trim_end_range(text, range));
                    out.push(Piece::Block(match other {
                        Tag::Table(_) => Block::Table { span },
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

/// A top-level code block; in a document of list-item questions, maybe
/// an option of the question above ([`code_options`]).
fn code_block(ctx: &Ctx<'_>, lang: Option<String>, range: Range<usize>, out: &mut Vec<Piece>) {
    let span = ctx.span(range);
    out.push(Piece::Block(Block::Code { span, lang }));
    if ctx.shape.marker == Marker::ListItem {
        code_options(ctx, out);
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
    r.start..r.start + s.trim_end_ws().len()
}

fn heading(
    ctx: &Ctx<'_>,
    events: &mut Events<'_>,
    level: HeadingLevel,
    range: Range<usize>,
) -> HeadingPiece {
    let plain = heading_plain(events);
    let plain = &plain[..crate::line::heading_id::heading_text(&plain).0];
    let range = trim_end_range(ctx.text, range);
    let level = level as u8;
    let source = &ctx.text[range.clone()];
    // Where the heading's text starts: after `#`s and blanks (ATX), or at
    // the first byte (setext).
    let atx = source.trim_start_ws().starts_with('#');
    let content_start = if atx {
        let lead = source.len() - source.trim_start_ws().len();
        let hashes = source[lead..].bytes().take_while(|&b| b == b'#').count();
        range.start + skip_blanks(source, lead + hashes)
    } else {
        range.start + (source.len() - source.trim_start_ws().len())
    };
    let first_line_end = crate::line::line_end(ctx.text, content_start, range.end);
    // The line's text ends before its closing `#`s and its `{#id}`.
    let (text_len, id) =
        crate::line::heading_id::heading_text(&ctx.text[content_start..first_line_end]);
    let first_line_end = content_start + text_len;
    let id = id.map(str::to_owned);
    // `# [146. LRU Cache](https://…)`: a title, not an entry.
    let link_title = level == 1 && ctx.text[content_start..].starts_with('[');
    let number = (!link_title)
        .then(|| heading_number(ctx, plain, content_start, first_line_end))
        .flatten();
    let label = heading_label(ctx, &range, content_start, first_line_end, atx);
    let (mut title, mut title_span) = match &number {
        Some((_, title_start)) => (
            plain[title_start.1..].trim_ws().to_owned(),
            ctx.trimmed(title_start.0.min(first_line_end)..first_line_end),
        ),
        None => (
            plain.trim_ws().to_owned(),
            ctx.trimmed(content_start.min(first_line_end)..first_line_end),
        ),
    };
    let mut id = id;
    if ctx.shape.marker == Marker::HeadingCard && id.is_none() {
        if let Some((card_id, cut)) = crate::line::ask::card_id(&title) {
            id = Some(card_id.to_owned());
            title.truncate(cut);
            let local = title_span.start as usize - ctx.base..title_span.end as usize - ctx.base;
            if let Some(open) = ctx.text[local.clone()].rfind('(') {
                title_span = ctx.trimmed(local.start..local.start + open);
            }
        }
    }
    HeadingPiece {
        level,
        span: ctx.span(range),
        asks: crate::line::ask::asks(plain),
        link_title,
        plain: plain.trim_ws().to_owned(),
        number: number.map(|(n, _)| n),
        label,
        id,
        title: title.trim_end_ws().to_owned(),
        title_span,
    }
}

/// Plain text of a heading: text and code, no markup or inline HTML.
fn heading_plain(events: &mut Events<'_>) -> String {
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
    plain
}

/// A label at the start of a heading's text.
fn heading_label(
    ctx: &Ctx<'_>,
    range: &Range<usize>,
    content_start: usize,
    first_line_end: usize,
    atx: bool,
) -> Option<LabelMatch> {
    // A label may follow inline HTML (an anchor) but nothing else.
    let label_start = skip_tags(ctx.text, content_start, first_line_end);
    let mut label = ctx.labels.match_at(
        ctx.text,
        label_start,
        first_line_end,
        Place::Heading,
        ctx.base,
    )?;
    // A heading label's span runs from the heading's first byte.
    label.span.start = ctx.span(range.clone()).start;
    if ctx.text[label.body_start - ctx.base..first_line_end]
        .trim_ws()
        .is_empty()
        || !atx
    {
        label.body_start = ctx.base + range.end;
    }
    Some(label)
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

/// The number of a heading (or bold text) and where its title starts, in
/// bytes of the source and of `plain`.
fn heading_number(
    ctx: &Ctx<'_>,
    plain: &str,
    content_start: usize,
    line_end: usize,
) -> Option<(Number, (usize, usize))> {
    let m = split_number(plain)?;
    let digits = &plain[m.digits.0..m.digits.1];
    // Find the number in the source, after any inline HTML anchor.
    let from = skip_tags(ctx.text, content_start, line_end);
    let hay = ctx.text.get(from..line_end)?;
    let at = hay.find(digits)?;
    let num_start = from + at;
    let num_end = num_start + digits.len();
    let sep = plain[m.digits.1..m.title_start].trim_end_ws();
    let rest = &ctx.text[num_end..line_end];
    let after = if !sep.is_empty() && rest.starts_with(sep) {
        num_end + sep.len()
    } else {
        num_end
    };
    let title_start = skip_blanks(ctx.text, after).min(line_end);
    Some((
        Number {
            value: m.value,
            span: ctx.span(num_start..num_end),
            separator: m.separator,
            chinese: m.chinese,
        },
        (title_start, m.title_start),
    ))
}

/// A top-level paragraph: labels may start any of its lines.
fn paragraph(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) {
    let range = trim_end_range(ctx.text, range);
    let text = ctx.text;
    if ctx.shape.marker == Marker::BoldParagraph && bold_paragraph(ctx, range.clone(), out) {
        return;
    }
    if ctx.shape.marker == Marker::InlineCard && card_paragraph(ctx, range.clone(), out) {
        return;
    }
    let mut segment_start = range.start;
    let mut line_start = range.start;
    while line_start < range.end {
        let line_end = crate::line::line_end(text, line_start, range.end);
        let at = skip_blanks(text, line_start);
        if let Some(label) = ctx
            .labels
            .match_at(text, at, line_end, Place::Paragraph, ctx.base)
        {
            if !text[segment_start..line_start].trim_ws().is_empty() {
                out.push(Piece::Block(Block::Paragraph {
                    span: ctx.trimmed(segment_start..line_start),
                }));
            }
            segment_start = label.body_start - ctx.base;
            out.push(Piece::Label(Box::new(label)));
        }
        line_start = line_end + 1;
    }
    if segment_start < range.end && !text[segment_start..range.end].trim_ws().is_empty() {
        out.push(Piece::Block(Block::Paragraph {
            span: ctx.trimmed(segment_start..range.end),
        }));
    }
}

/// A paragraph of inline flashcards: a card over lines (`front`, `?`,
/// `back`), or lines that are cards (`front::back`) among lines that are
/// not (a block id `^q-hn9h`, a note). Pushes the cards and the other
/// lines and returns `true`; `false` when the paragraph holds no card.
fn card_paragraph(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) -> bool {
    let text = ctx.text;
    let mut lines = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let end = crate::line::line_end(text, pos, range.end);
        lines.push(pos..end);
        pos = end + 1;
    }
    let side_break = lines
        .iter()
        .position(|l| crate::line::cards::is_side_break(&text[l.clone()]));
    if let Some(k) = side_break.filter(|k| *k > 0 && k + 1 < lines.len()) {
        let front = ctx.trimmed(range.start..lines[k].start);
        let back = ctx.trimmed(lines[k].end..range.end);
        out.push(Piece::Question(Box::new(card(ctx, front, back, range))));
        return true;
    }
    let mut found = false;
    let mut rest = range.start;
    for line in lines {
        let Some((f, b, e)) = crate::line::cards::inline_card(&text[line.clone()]) else {
            continue;
        };
        if !text[rest..line.start].trim_ws().is_empty() {
            let span = ctx.trimmed(rest..line.start);
            out.push(Piece::Block(Block::Paragraph { span }));
        }
        let front = ctx.trimmed(line.start..line.start + f);
        let back = ctx.span(line.start + b..line.start + e);
        out.push(Piece::Question(Box::new(card(
            ctx,
            front,
            back,
            line.clone(),
        ))));
        rest = line.end;
        found = true;
    }
    if found && !text[rest..range.end].trim_ws().is_empty() {
        let span = ctx.trimmed(rest..range.end);
        out.push(Piece::Block(Block::Paragraph { span }));
    }
    found || cloze_card(ctx, range, out)
}

/// A paragraph that holds a cloze, in a document of cards: a card whose
/// question is the paragraph (up to a scheduling comment), answered by its
/// clozes.
fn cloze_card(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) -> bool {
    let text = ctx.text;
    let syntax = crate::fill::syntax(ctx.shape.cloze);
    if !crate::line::blank::is_cloze_paragraph(&text[range.clone()], syntax) {
        return false;
    }
    let mut end = text[range.clone()]
        .find("<!--SR:")
        .map_or(range.end, |i| range.start + i);
    // A block id on the last line (`^q-4`) names the card; it is no text.
    if let Some(i) = text[range.start..end].trim_end_ws().rfind('\n') {
        let last = text[range.start + i + 1..end].trim_ws();
        if last.starts_with('^') && !last.contains(char::is_whitespace) {
            end = range.start + i;
        }
    }
    let mut piece = card(ctx, ctx.trimmed(range.start..end), Span::default(), range);
    piece.answer = None;
    out.push(Piece::Question(Box::new(piece)));
    true
}

/// One inline card: its front the question, its back the answer, `whole`
/// its source.
fn card(ctx: &Ctx<'_>, front: Span, back: Span, whole: Range<usize>) -> QuestionPiece {
    let local = front.start as usize - ctx.base..front.end as usize - ctx.base;
    let first = ctx.text[local].lines().next().unwrap_or("");
    let line_end = front.start + first.len() as u32;
    QuestionPiece {
        marker: Marker::InlineCard,
        span: Span::new(ctx.base + whole.start, line_end as usize),
        title: strip_markup(first),
        title_span: Span::new(front.start as usize, line_end as usize),
        number: None,
        question: front,
        answer: Some((back, None)),
        end: ctx.span(whole).end,
        closed: true,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    }
}

/// A paragraph that starts with a bold question (the shape's marker):
/// pushes the question (and the answer that starts in the same paragraph)
/// and returns `true`; `false` when the paragraph is not one.
fn bold_paragraph(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) -> bool {
    let text = ctx.text;
    let first_end = crate::line::line_end(text, range.start, range.end);
    let line = &text[range.start..first_end];
    if ctx
        .labels
        .match_at(text, range.start, first_end, Place::Paragraph, ctx.base)
        .is_some()
    {
        return false;
    }
    let Some((inner_start, inner_end, bold_end)) = crate::line::ask::bold_question(line) else {
        return numbered_paragraph(ctx, range, first_end, out);
    };
    let inner = &line[inner_start..inner_end];
    let whole = line[bold_end..]
        .trim_ws()
        .chars()
        .all(|c| !c.is_alphanumeric());
    let number = heading_number(
        ctx,
        inner,
        range.start + inner_start,
        range.start + inner_end,
    );
    let (title_start, title_end) = match &number {
        Some((_, (src, _))) if *src < range.start + inner_end => (*src, range.start + inner_end),
        // `**1)** The number of active ads.`: the title follows the bold.
        Some(_) => (range.start + bold_end, first_end),
        None => (range.start + inner_start, range.start + inner_end),
    };
    let title = strip_markup(&text[title_start..title_end]);
    // A wholly bold first line is the question, and the lines after it
    // begin the answer; a bold number or title opens a question that is the
    // whole paragraph.
    let (question, answer) = if whole {
        let rest = rest_answer(ctx, first_end, range.end);
        (ctx.trimmed(title_start..title_end), rest)
    } else {
        (ctx.trimmed(range.clone()), None)
    };
    out.push(Piece::Question(Box::new(QuestionPiece {
        marker: Marker::BoldParagraph,
        span: ctx.span(range.start..first_end),
        title,
        title_span: ctx.trimmed(title_start..title_end),
        number: number.map(|(n, _)| n),
        question,
        answer,
        end: ctx.span(range.clone()).end,
        closed: false,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    })));
    true
}

/// A paragraph whose first line is a numbered question
/// (`1、什么是进程？`): the line after the number is the question, the
/// paragraph's other lines begin the answer (`答：…` opens it).
fn numbered_paragraph(
    ctx: &Ctx<'_>,
    range: Range<usize>,
    first_end: usize,
    out: &mut Vec<Piece>,
) -> bool {
    let text = ctx.text;
    let line = &text[range.start..first_end];
    let Some(m) = crate::line::ask::numbered_question(line) else {
        return false;
    };
    let title_start = range.start + m.title_start;
    let question = ctx.trimmed(title_start.min(first_end)..first_end);
    out.push(Piece::Question(Box::new(QuestionPiece {
        marker: Marker::BoldParagraph,
        span: ctx.span(range.start..first_end),
        title: strip_markup(&text[title_start.min(first_end)..first_end]),
        title_span: question,
        number: Some(Number {
            value: m.value,
            span: ctx.span(range.start + m.digits.0..range.start + m.digits.1),
            separator: m.separator,
            chinese: m.chinese,
        }),
        question,
        answer: rest_answer(ctx, first_end, range.end),
        end: ctx.span(range.clone()).end,
        closed: false,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    })));
    true
}

/// The rest of a question's paragraph, from `from` to `end`, as the start
/// of its answer: after an answer label when one opens it.
fn rest_answer(ctx: &Ctx<'_>, from: usize, end: usize) -> Option<(Span, Option<LabelMatch>)> {
    let text = ctx.text;
    let rest = trim(text, from, end)?;
    let at = rest.start as usize;
    let line_end = crate::line::line_end(text, at, end);
    match ctx
        .labels
        .match_at(text, at, line_end, Place::Paragraph, ctx.base)
    {
        Some(label) if label.kind != crate::model::SectionKind::Question => {
            let body = label.body_start - ctx.base;
            let span = trim(text, body, end).map_or(ctx.span(body..body), |s| ctx.span(s.range()));
            Some((span, Some(label)))
        }
        _ => Some((ctx.span(rest.range()), None)),
    }
}

/// Inline markup removed from a short text (a title): `**`, `__`, `` ` ``
/// and HTML tags; whitespace runs collapsed.
pub(crate) fn strip_markup(s: &str) -> String {
    if is_plain(s) {
        return s.to_owned();
    }
    // Byte by byte, by hand: titles are made for every entry, and decoding
    // every character to ask whether it is white space cost more than the
    // rest of the title's making. Bytes that are plain text (most of CJK
    // text: its lead and continuation bytes) only extend the run being
    // copied; only lead bytes that may begin a non-ASCII space (U+0085,
    // U+00A0, U+1680, U+2000–U+205F, U+3000) are decoded.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        if run.is_some() {
            // Inside a run of kept text, skip to the next byte that may
            // end it in a tight loop (the match below costs several times
            // more a byte; titles are made for every entry).
            while bytes.get(i).is_some_and(|&b| !may_end_run(b)) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let (keep, len) = match b {
            b'<' => {
                // A tag: skip to its end (a `<` never closed is all tag).
                let close = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |j| i + j + 1);
                (false, close - i)
            }
            b'*' | b'`' => (false, 1),
            b'\t'..=b'\r' | b' ' => {
                blank = true;
                (false, 1)
            }
            0xC2 | 0xE1 | 0xE2 | 0xE3 if run.is_none() || is_space_lead(&s[i..]) => {
                let c = s[i..].chars().next().unwrap_or(' ');
                blank |= c.is_whitespace();
                (!c.is_whitespace(), c.len_utf8())
            }
            _ if run.is_some() => {
                i += 1;
                continue;
            }
            _ => (true, 1),
        };
        match (keep, run) {
            (true, None) => {
                if blank && !out.is_empty() {
                    out.push(' ');
                }
                blank = false;
                run = Some(i);
            }
            (false, Some(from)) => {
                out.push_str(&s[from..i]);
                run = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(from) = run {
        out.push_str(&s[from..]);
    }
    out
}

/// [`strip_markup`] of a title already made: kept as it is when plain (no
/// second copy of every item's title).
fn strip_markup_owned(s: String) -> String {
    if is_plain(&s) { s } else { strip_markup(&s) }
}

/// Whether [`strip_markup`] would leave `s` as it is: no markup, no white
/// space but single ASCII spaces between words. Most titles are such, and
/// this one pass over their bytes costs a fifth of the general loop.
fn is_plain(s: &str) -> bool {
    // Each byte's class, looked up in a table (a match on the byte cost
    // three times the instructions): 0 text, 1 a space, 2 markup or other
    // ASCII white space, 3 a lead byte of non-ASCII white space.
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = match b as u8 {
                b' ' => 1,
                b'<' | b'*' | b'`' | b'\t'..=b'\r' => 2,
                0xC2 | 0xE1..=0xE3 => 3,
                _ => 0,
            };
            b += 1;
        }
        t
    };
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Runs of text are skipped in a tight loop; only the bytes that are
    // not text are looked at (a loop carrying the state through every
    // byte cost twice the instructions: titles are checked for every entry).
    let mut i = 0;
    let mut after_space = false;
    while let Some(skip) = b[i..].iter().position(|&c| CLASS[usize::from(c)] != 0) {
        i += skip;
        after_space &= skip == 0;
        match CLASS[usize::from(b[i])] {
            1 if after_space => return false,
            1 => after_space = true,
            2 => return false,
            _ if crate::line::ws::space_at(&b[i..]) > 0 => return false,
            _ => after_space = false,
        }
        i += 1;
    }
    true
}

/// The bytes [`strip_markup`] looks at inside a run of kept text: markup,
/// ASCII white space, and the lead bytes of non-ASCII white space.
fn may_end_run(b: u8) -> bool {
    matches!(b, b'<' | b'*' | b'`' | b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Whether `s` starts with a non-ASCII white space character.
fn is_space_lead(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_whitespace)
}

/// An HTML block: `<details><summary>…</summary>` opens a question or a
/// labelled section, `</details>` closes one; anything else is content.
fn html_block(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) {
    let src = &ctx.text[range.clone()];
    let lower = src.to_ascii_lowercase();
    let span = ctx.span(range.clone());
    let summary_at = lower.find("<summary");
    let close_at = lower.find("</details");
    // `</details>` before the next `<details>` in the same block.
    let closes_first = close_at.is_some_and(|c| summary_at.is_none_or(|s| c < s));
    if closes_first {
        out.push(Piece::End(span));
    }
    let Some(at) = summary_at else {
        if !closes_first {
            out.push(Piece::Block(Block::Html { span }));
        }
        return;
    };
    let Some(summary) = crate::line::reveal::summary_text(&src[at..]) else {
        out.push(Piece::Block(Block::Html { span }));
        return;
    };
    let summary_end = lower[at..]
        .find("</summary>")
        .map_or(range.end, |i| range.start + at + i + "</summary>".len());
    let words = crate::line::reveal::summary_words(&summary);
    let label = ctx
        .labels
        .match_at(words, 0, words.len(), Place::Heading, 0)
        .or_else(|| {
            crate::line::reveal::reveals_only(&summary).then(|| reveal_label(ctx, range.start))
        });
    if let Some(mut label) = label {
        label.span = ctx.span(range.start..summary_end);
        label.name_span = label.span;
        label.colon_span = None;
        label.style = LabelStyle::Details;
        label.body_start = ctx.base + range.end;
        out.push(Piece::Label(Box::new(label)));
    } else if ctx.shape.marker == Marker::Details {
        let inner_start = range.start + at + lower[at..].find('>').map_or(0, |i| i + 1);
        let inner_end = lower[at..]
            .find("</summary>")
            .map_or(range.end, |i| range.start + at + i);
        let question = ctx.trimmed(inner_start.min(inner_end)..inner_end);
        out.push(Piece::Question(Box::new(QuestionPiece {
            marker: Marker::Details,
            span,
            title: summary.clone(),
            title_span: question,
            number: None,
            question,
            answer: None,
            end: span.end,
            closed: false,
            blocks: Vec::new(),
            more: Vec::new(),
            options: None,
        })));
    } else {
        out.push(Piece::Block(Block::Html { span }));
    }
    if close_at.is_some() && !closes_first {
        out.push(Piece::End(span));
    }
}

/// The answer label of a summary that only reveals (`<summary>show</summary>`).
fn reveal_label(ctx: &Ctx<'_>, at: usize) -> LabelMatch {
    let span = ctx.span(at..at);
    LabelMatch {
        kind: crate::model::SectionKind::Answer,
        span,
        name_span: span,
        style: LabelStyle::Details,
        colon: None,
        colon_span: None,
        body_start: ctx.base + at,
    }
}

/// A block quote: one that starts with a label (`> **【分析】** …`) is
/// that section.
fn block_quote(ctx: &Ctx<'_>, range: Range<usize>, out: &mut Vec<Piece>) {
    let text = ctx.text;
    let line_end = crate::line::line_end(text, range.start, range.end);
    let lead = skip_blanks(text, range.start);
    let at = if text[lead..].starts_with('>') {
        skip_blanks(text, lead + 1)
    } else {
        lead
    };
    if ctx.shape.marker == Marker::Challenge {
        if let Some(pieces) = challenges(ctx, range.clone()) {
            out.extend(pieces);
            return;
        }
    }
    let label = ctx
        .labels
        .match_at(text, at.min(line_end), line_end, Place::Paragraph, ctx.base);
    let span = ctx.span(range.clone());
    match label {
        Some(label) => {
            let body = label.body_start - ctx.base;
            let rest = trim(text, body, range.end).map(|r| ctx.span(r.range()));
            out.push(Piece::Quote(Box::new(label), span, rest));
        }
        None => out.push(Piece::Block(Block::BlockQuote { span })),
    }
}

/// One line of a block quote: where it starts and ends, its quote depth
/// and where its text starts (local offsets).
#[derive(Clone, Copy)]
struct QuoteLine {
    start: usize,
    end: usize,
    depth: usize,
    at: usize,
    /// In a fenced code block (its fences too).
    code: bool,
}

/// The exercises a block quote holds, at any depth (see [`challenge`]),
/// and the quoted text around them as quotes of their own; `None` when it
/// holds none.
fn challenges(ctx: &Ctx<'_>, range: Range<usize>) -> Option<Vec<Piece>> {
    let text = ctx.text;
    let mut lines = Vec::new();
    let mut pos = range.start;
    let mut fence: Option<(u8, usize)> = None;
    while pos < range.end {
        let end = crate::line::line_end(text, pos, range.end);
        let (depth, rest) = crate::line::quote_depth(&text[pos..end]);
        // Lines of code (`> # a comment` in a fence) are no titles.
        let code = match fence {
            Some((ch, len)) => {
                if crate::line::fence::closes_fence(rest, ch, len) {
                    fence = None;
                }
                true
            }
            None => {
                fence = crate::line::fence::opens_fence(rest);
                fence.is_some()
            }
        };
        lines.push(QuoteLine {
            start: pos,
            end,
            depth,
            at: end - rest.len(),
            code,
        });
        pos = end + 1;
    }
    let mut pieces = Vec::new();
    let mut from = range.start;
    let mut i = 0;
    while i < lines.len() {
        let Some((q, next)) = challenge(ctx, &lines, i) else {
            i += 1;
            continue;
        };
        if let Some(before) = trim(text, from, lines[i].start) {
            let span = ctx.span(before.range());
            pieces.push(Piece::Block(Block::BlockQuote { span }));
        }
        from = next.map_or(range.end, |n| lines[n].start);
        pieces.push(Piece::Question(Box::new(q)));
        i = next.unwrap_or(lines.len());
    }
    if pieces.is_empty() {
        return None;
    }
    if let Some(after) = trim(text, from, range.end) {
        let span = ctx.span(after.range());
        pieces.push(Piece::Block(Block::BlockQuote { span }));
    }
    Some(pieces)
}

/// An exercise whose title stands on line `i` of a quote, at quote depth
/// d: a heading (`> ## Title`, The Carpentries; `> ### {% icon question
/// %} Questions`) or `<question-title>` (the Galaxy Training Network, in
/// its hands-on boxes too), its text, then a solution title one quote
/// deeper (`> > ## Solution`, `> > <solution-title>`) and the solution
/// quoted under it. An entry titled by the heading (or the question's
/// first line), its question the text before the solution, its answer the
/// solution's; and the line after it (its `{: .solution}` and `{:
/// .question}` lines taken), if any.
fn challenge(
    ctx: &Ctx<'_>,
    lines: &[QuoteLine],
    i: usize,
) -> Option<(QuestionPiece, Option<usize>)> {
    let text = ctx.text;
    let head = lines[i];
    let depth = head.depth;
    if depth == 0 || head.code {
        return None;
    }
    let title = crate::line::reveal::box_title(text.get(head.at..head.end)?)?;
    // The solution: one quote deeper, before the exercise's quote ends.
    let inside = |l: &QuoteLine| l.depth == 0 || l.depth >= depth;
    let s = i
        + 1
        + lines[i + 1..]
            .iter()
            .take_while(|l| inside(l))
            .position(|l| {
                l.depth == depth + 1
                    && !l.code
                    && crate::line::reveal::is_solution_title(&text[l.at..l.end])
            })?;
    let solution = lines[s];
    // The solution ends where the quote comes back to the exercise's depth.
    let stop = lines[s + 1..]
        .iter()
        .position(|l| l.depth != 0 && l.depth <= depth)
        .map(|k| s + 1 + k);
    let answer_end = stop.map_or(lines[lines.len() - 1].end, |k| lines[k].start);
    // Its closing lines (`{: .solution}`, blank quote lines) are its own.
    let next = stop.and_then(|k| {
        let closing = |l: &QuoteLine| {
            let t = text[l.at..l.end].trim_ws();
            t.is_empty() || (t.starts_with("{:") && t.ends_with('}'))
        };
        lines[k..].iter().position(|l| !closing(l)).map(|n| k + n)
    });
    let end = next.map_or(lines[lines.len() - 1].end, |n| lines[n].start);
    let question = quote_trim(text, head.end, solution.start)
        .map_or(ctx.span(head.end..head.end), |s| ctx.span(s.range()));
    let answer = quote_trim(text, solution.end, answer_end).map(|s| ctx.span(s.range()));
    let label = solution_label(ctx, solution);
    let title_at = head.at + text[head.at..head.end].find(title).unwrap_or(0);
    let first_line = text
        .get(question.start as usize - ctx.base..question.end as usize - ctx.base)
        .and_then(|q| q.lines().next())
        .unwrap_or("");
    // `<question-title></question-title>`: the question's first line
    // titles it.
    let title_text = match strip_markup(title) {
        t if t.is_empty() => strip_markup(first_line.trim_start_matches(['>', ' ', '\t'])),
        t => t,
    };
    let piece = QuestionPiece {
        marker: Marker::Challenge,
        span: ctx.span(head.start..head.end),
        title: title_text,
        title_span: ctx.span(title_at..title_at + title.len()),
        number: None,
        question,
        answer: Some((
            answer.unwrap_or(ctx.span(solution.end..solution.end)),
            Some(label),
        )),
        end: ctx.span(head.start..end).end,
        closed: true,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    };
    Some((piece, next))
}

/// The label of a solution's title line: the whole line (quote marks
/// aside), its word where it has one (`Solution`).
fn solution_label(ctx: &Ctx<'_>, line: QuoteLine) -> LabelMatch {
    let text = ctx.text;
    let heading = ctx.trimmed(line.at..line.end);
    let word = crate::line::reveal::box_title(&text[line.at..line.end])
        .filter(|w| !w.is_empty())
        .and_then(|w| {
            text[line.at..line.end]
                .find(w)
                .map(|i| line.at + i..line.at + i + w.len())
        })
        .map_or(heading, |r| ctx.span(r));
    LabelMatch {
        kind: crate::model::SectionKind::Answer,
        span: heading,
        name_span: word,
        style: LabelStyle::Heading,
        colon: None,
        colon_span: None,
        body_start: ctx.base + line.end,
    }
}

/// A quote's lines from `start` to `end`, quote marks kept when there are
/// several (the text stays one quote, as written), without the blank lines
/// before them, nor the blank lines and kramdown attribute lines
/// (`{: .solution}`) after them.
fn quote_trim(text: &str, start: usize, end: usize) -> Option<Span> {
    let mut from = start;
    while from < end {
        let line_end = crate::line::line_end(text, from, end);
        let line = text[from..line_end].trim_ws();
        if !line.trim_start_matches(['>', ' ', '\t']).is_empty() {
            break;
        }
        from = (line_end + 1).min(end);
    }
    let mut to = end;
    while to > from {
        let line_start = text[from..to].rfind('\n').map_or(from, |i| from + i + 1);
        let line = text[line_start..to]
            .trim_ws()
            .trim_start_matches(['>', ' ', '\t']);
        if !(line.is_empty() || (line.starts_with("{:") && line.ends_with('}'))) {
            break;
        }
        to = line_start.saturating_sub(1).max(from);
    }
    // One line needs no quote marks to stay what it is.
    if !text[from..to].trim_ws().contains('\n') {
        from += text[from..to].len() - text[from..to].trim_start_matches(['>', ' ', '\t']).len();
    }
    trim(text, from, to)
}

/// A top-level list in a document whose entries are list items: each item
/// that holds a question is an entry; a list with none is content.
fn list_questions(ctx: &Ctx<'_>, list: List, out: &mut Vec<Piece>) {
    // The first item that asks on its own decides; its reading is kept
    // when strictness played no part in it (reading an item twice cost an
    // eighth of an exam bank's parse: callgrind, `benches/corpus/exam.md`).
    let first = list
        .items
        .iter()
        .enumerate()
        .find_map(|(i, item)| read_item(ctx, item, true).map(|q| (i, q)));
    let Some((at, first)) = first else {
        out.push(Piece::Block(Block::List(Box::new(list))));
        return;
    };
    let mut first = Some(first).filter(|(_, strict_only)| !strict_only);
    // In a list of questions, the items written the same way that do not
    // end in `?` are questions too (`- [如何…](…)`).
    for (i, item) in list.items.iter().enumerate() {
        let q = match first.take_if(|_| i == at) {
            Some((q, _)) => Some(q),
            None => item_question(ctx, item, false),
        };
        match q {
            Some(q) => out.push(Piece::Question(Box::new(q))),
            None => out.push(Piece::Block(Block::Paragraph { span: item.span })),
        }
    }
}

/// `1. 题干` then, as the next block, a list of options (`- [x] 中华文明`,
/// `- A. …`): the numbered item is a choice question, and the options (with
/// what follows) its body. The item stands alone in its ordered list, the
/// options list ended it.
fn stem_before_options(ctx: &Ctx<'_>, options: &List, out: &mut Vec<Piece>) {
    let Some(Piece::Block(Block::List(stem))) = out.last() else {
        return;
    };
    let [item] = &stem.items[..] else {
        return;
    };
    if !stem.is_ordered() || !item.lists.is_empty() || options.is_ordered() {
        return;
    }
    let local = |s: Span| s.start as usize - ctx.base..s.end as usize - ctx.base;
    let texts = options
        .items
        .iter()
        .map(|i| ctx.text[local(i.marker).end..local(i.span).end].trim_ws());
    if !crate::line::option::are_options(texts) {
        return;
    }
    let text = &ctx.text[local(item.text)];
    if text.is_empty() || text.contains('\n') || text.starts_with(['*', '_', '[', '#']) {
        return;
    }
    if ctx
        .labels
        .match_at(
            ctx.text,
            local(item.text).start,
            local(item.text).end,
            Place::Paragraph,
            ctx.base,
        )
        .is_some()
    {
        return;
    }
    let question = QuestionPiece {
        marker: Marker::ListItem,
        span: Span {
            start: item.span.start,
            end: item.text.end,
        },
        title: strip_markup(text),
        title_span: item.text,
        number: item_number(ctx, item),
        question: item.text,
        answer: None,
        end: item.span.end,
        closed: false,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    };
    out.pop();
    out.push(Piece::Question(Box::new(question)));
}

/// `1. stem` (an ordered list of one item), then up to three code blocks
/// or paragraphs of the stem, then options (the block just read: lettered
/// lines, or a list of options): one choice question, the blocks between
/// and the options its own.
fn stem_code_options(ctx: &Ctx<'_>, out: &mut Vec<Piece>) {
    let Some(Piece::Block(options)) = out.last() else {
        return;
    };
    let at = stem_start(&out[..out.len() - 1]);
    // The stem is looked at first: most paragraphs follow none, and
    // reading a paragraph's lines as options costs more.
    let stem = matches!(out.get(at.wrapping_sub(1)), Some(Piece::Block(Block::List(l))) if l.items.len() == 1 && l.is_ordered());
    if stem && is_options_block(ctx, options) {
        fold_stem(ctx, out, at);
    }
}

/// Where a stem's blocks start among the pieces before its options: up to
/// three code blocks or paragraphs at their end.
fn stem_start(before: &[Piece]) -> usize {
    let blocks = before
        .iter()
        .rev()
        .take(3)
        .take_while(|p| {
            matches!(
                p,
                Piece::Block(Block::Code { .. } | Block::Paragraph { .. })
            )
        })
        .count();
    before.len() - blocks
}

/// Options each written as a letter alone on its line with a code block
/// under it (`a.`, ```` ```python ```` …, `*b.`, …), after `1. stem` and up
/// to three blocks of it: one choice question, as [`stem_code_options`]
/// makes of lettered lines. Called after each code block: the second
/// option makes the question, later ones join it.
fn code_options(ctx: &Ctx<'_>, out: &mut Vec<Piece>) {
    let pair = |out: &[Piece], i: usize| match (&out[i], &out[i + 1]) {
        (Piece::Block(Block::Paragraph { span }), Piece::Block(Block::Code { .. })) => {
            let local = span.start as usize - ctx.base..span.end as usize - ctx.base;
            crate::line::option::bare_letter(&ctx.text[local])
        }
        _ => false,
    };
    let n = out.len();
    if n < 3 || !pair(out, n - 2) {
        return;
    }
    if let Some(Piece::Question(q)) = out.get(n - 3) {
        let joins = q.marker == Marker::ListItem
            && q.blocks.len() >= 2
            && matches!(q.blocks.last(), Some(Block::Code { .. }));
        if joins {
            let blocks: Vec<Block> = out
                .drain(n - 2..)
                .filter_map(|p| match p {
                    Piece::Block(b) => Some(b),
                    _ => None,
                })
                .collect();
            if let Some(Piece::Question(q)) = out.last_mut() {
                q.end = blocks.last().map_or(q.end, |b| b.span().end);
                q.question.end = q.end;
                q.blocks.extend(blocks);
            }
        }
        return;
    }
    // The second option: the first stands just before it.
    if n < 5 || !pair(out, n - 4) {
        return;
    }
    let at = stem_start(&out[..n - 4]);
    if at > 0 {
        fold_stem(ctx, out, at);
    }
}

/// The blocks from `at` on (a stem's code or paragraphs, then its options),
/// folded with the list of one numbered item before them into one
/// question, when that item is a plain stem.
fn fold_stem(ctx: &Ctx<'_>, out: &mut Vec<Piece>, at: usize) {
    let Some(Piece::Block(Block::List(stem))) = out.get(at - 1) else {
        return;
    };
    let [item] = &stem.items[..] else {
        return;
    };
    let local = |s: Span| s.start as usize - ctx.base..s.end as usize - ctx.base;
    let text = &ctx.text[local(item.text)];
    if !stem.is_ordered()
        || !item.lists.is_empty()
        || text.is_empty()
        || text.starts_with(['*', '_', '[', '#', '<'])
    {
        return;
    }
    let first = text.lines().next().unwrap_or(text);
    let mut question = QuestionPiece {
        marker: Marker::ListItem,
        span: Span::new(item.span.start as usize, item.text.end as usize),
        title: strip_markup(first),
        title_span: item.text,
        number: item_number(ctx, item),
        question: item.text,
        answer: None,
        end: item.span.end,
        // The options end it: what follows is the next question's, or
        // content (an unlabelled answer would be a guess).
        closed: true,
        blocks: Vec::new(),
        more: Vec::new(),
        options: None,
    };
    question.blocks = out
        .drain(at..)
        .filter_map(|p| match p {
            Piece::Block(b) => Some(b),
            _ => None,
        })
        .collect();
    if let Some(last) = question.blocks.last() {
        question.end = last.span().end;
        question.question.end = question.end;
    }
    out.pop();
    out.push(Piece::Question(Box::new(question)));
}

/// Whether a block is options: lettered lines of a paragraph, or a bullet
/// list of options.
fn is_options_block(ctx: &Ctx<'_>, block: &Block) -> bool {
    let local = |s: Span| s.start as usize - ctx.base..s.end as usize - ctx.base;
    match block {
        Block::Paragraph { span } => {
            let lines = crate::line::lines(&ctx.text[local(*span)]).map(|l| l.trim_ws());
            crate::line::option::are_options(lines)
        }
        Block::List(list) if !list.is_ordered() => {
            let texts = list
                .items
                .iter()
                .map(|i| ctx.text[local(i.marker).end..local(i.span).end].trim_ws());
            crate::line::option::are_options(texts)
        }
        _ => false,
    }
}

/// The question a list item holds: `**Question:** … **Answer:** …`, a bold
/// question and its answer, or a link that asks (`[问题？](url)`).
fn item_question(ctx: &Ctx<'_>, item: &ListItem, strict: bool) -> Option<QuestionPiece> {
    read_item(ctx, item, strict).map(|(q, _)| q)
}

/// [`item_question`], and whether `strict` chose the reading (a heading,
/// link or bold line that had to ask): when it did not, the item reads the
/// same without it.
fn read_item(ctx: &Ctx<'_>, item: &ListItem, strict: bool) -> Option<(QuestionPiece, bool)> {
    let text = ctx.text;
    let local = |s: Span| s.start as usize - ctx.base..s.end as usize - ctx.base;
    let item_range = local(item.span);
    let end = item_range.end;
    let start = skip_blanks(text, local(item.marker).end).min(end);
    let start = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find(|b| text[start..end].starts_with(**b))
        .map_or(start, |b| start + b.len());
    let first_end = crate::line::line_end(text, start, end);
    let content = &text[start..first_end];
    let mut blocks = Vec::new();
    let mut more = Vec::new();
    let mut options = None;
    // Whether `strict` chose this reading: a marked or bold item had to
    // ask; under the others, a marked item that need not ask would win.
    // (Asked only after `marked_item` found nothing, so no card: loose,
    // any heading or question link would do.)
    let marked_loose = || {
        strict
            && (crate::line::atx_text(content).is_some()
                || crate::line::question_link(content).is_some())
    };
    let ((question, title, answer), strict_only) = if let Some(label) =
        ctx.labels
            .match_at(text, start, first_end, Place::Paragraph, ctx.base)
    {
        if label.kind != crate::model::SectionKind::Question {
            return None;
        }
        (labelled_item(ctx, &label, end), false)
    } else if let Some(parts) = marked_item(ctx, content, start, first_end, end, strict) {
        (parts, true)
    } else if let Some(plain) = plain_item(ctx, start, first_end, end) {
        (plain, marked_loose())
    } else if let Some(plain) = asking_item(ctx, start, first_end, end) {
        (plain, marked_loose())
    } else if let Some(((question, title, _), (block, options_end, known))) =
        options_item(ctx, item, start, first_end, end)
    {
        options = known;
        // Exactly one block (a push would make room for four).
        blocks = vec![block];
        let mut sections = item_sections(ctx, options_end, end).into_iter();
        let answer = sections.next();
        more.extend(sections.filter_map(|(span, label)| Some((span, label?))));
        ((question, title, answer), marked_loose())
    } else if let Some(plain) = (!strict)
        .then(|| numbered_item(ctx, item, start, first_end, end))
        .flatten()
    {
        // In a list of questions, a numbered item of plain text is one too,
        // answered by what else it holds (or by an answer key).
        (plain, false)
    } else {
        (bold_item(ctx, content, start, end, strict)?, true)
    };
    let piece = QuestionPiece {
        marker: Marker::ListItem,
        span: ctx.span(item_range.start..first_end),
        title: strip_markup_owned(title),
        title_span: question,
        number: item_number(ctx, item),
        question,
        answer,
        end: item.span.end,
        closed: true,
        blocks,
        more,
        options,
    };
    Some((piece, strict_only))
}

/// A list item whose first line marks its question: a heading that asks
/// (`34. ### What are the lifecycle methods?`, the rest of the item its
/// answer), a link that asks (`[问题？](url)`), or a Logseq card (`- What
/// is X? #card`, its child items the answer). With `strict` off (in a list
/// of questions), headings and links need not ask.
fn marked_item(
    ctx: &Ctx<'_>,
    content: &str,
    start: usize,
    first_end: usize,
    end: usize,
    strict: bool,
) -> Option<ItemParts> {
    let asks = |t: &&str| !strict || crate::line::ask::asks(t);
    let text = ctx.text;
    if let Some(heading) = crate::line::atx_text(content).filter(asks) {
        let at = start + content.find(heading).unwrap_or(0);
        let answer = trim(text, first_end, trim_nav(text, first_end, end));
        return Some((
            ctx.trimmed(at..at + heading.len()),
            heading.to_owned(),
            answer.map(|s| (ctx.span(s.range()), None)),
        ));
    }
    if let Some(link) = crate::line::question_link(content).filter(asks) {
        let after =
            start + 1 + link.len() + content[1 + link.len()..].find(')').map_or(0, |i| i + 1);
        return Some((
            ctx.trimmed(start + 1..start + 1 + link.len()),
            link.to_owned(),
            trim(text, after, end).map(|s| (ctx.span(s.range()), None)),
        ));
    }
    let len = crate::line::ask::card_question(content)?;
    Some((
        ctx.trimmed(start..start + len),
        strip_markup(&content[..len]),
        trim(text, first_end, end).map(|s| (ctx.span(s.range()), None)),
    ))
}

/// A list item that opens with a bold question (`- **What is X?** …`),
/// the rest of the item its answer (after a colon, if any).
fn bold_item(
    ctx: &Ctx<'_>,
    content: &str,
    start: usize,
    end: usize,
    strict: bool,
) -> Option<ItemParts> {
    let text = ctx.text;
    let inner =
        crate::line::bold_inner(content).filter(|t| !strict || crate::line::ask::asks(t))?;
    let q = start + 2..start + 2 + inner.len();
    let mut after = q.end + 2;
    if let Some(c) = colon_at(text, skip_blanks(text, after)) {
        after = skip_blanks(text, after) + c.as_str().len();
    }
    Some((
        ctx.trimmed(q),
        inner.to_owned(),
        trim(text, after, end).map(|s| (ctx.span(s.range()), None)),
    ))
}

/// An ordered item's number, as an entry number (its digits in the
/// marker).
fn item_number(ctx: &Ctx<'_>, item: &ListItem) -> Option<Number> {
    let value = item.number?;
    let text = ctx.text;
    let marker = item.marker.start as usize - ctx.base..item.marker.end as usize - ctx.base;
    let digits = text[marker.clone()]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    Some(Number {
        value,
        span: ctx.span(marker.start..marker.start + digits),
        separator: if text[marker].ends_with(')') {
            NumberSeparator::Paren
        } else {
            NumberSeparator::Dot
        },
        chinese: false,
    })
}

/// A list item's question, its title (made plain by `item_question`), and
/// its answer (with the answer's label, when written).
type ItemParts = (Span, String, Option<(Span, Option<LabelMatch>)>);

/// A plain list item that asks (`1. 什么是进程？`), or any plain item, whose
/// next line opens with an answer label (`答：…`): the first line is the
/// question.
fn plain_item(ctx: &Ctx<'_>, start: usize, first_end: usize, end: usize) -> Option<ItemParts> {
    let text = ctx.text;
    let first = &text[start..first_end];
    if first_end >= end || first.starts_with(['*', '_', '[', '#']) {
        return None;
    }
    let asks = crate::line::ask::asks(first);
    let rest = &text[first_end + 1..end];
    let next = first_end + 1 + (rest.len() - rest.trim_start_ws().len());
    // Under a stem that does not ask, an option line (`A. 字节`; not `A:`,
    // which may be an answer label) is no label: no need to look.
    let after = text[next..end].get(1..).unwrap_or("");
    let option = text
        .as_bytes()
        .get(next)
        .is_some_and(u8::is_ascii_uppercase)
        && (after.starts_with(['.', ')', '、', '．', '）']));
    if !asks && option {
        return None;
    }
    let line_end = crate::line::line_end(text, next, end);
    let label = ctx
        .labels
        .match_at(text, next, line_end, Place::Paragraph, ctx.base)
        .filter(|l| l.kind != crate::model::SectionKind::Question)
        // An item that does not ask is a question where an answer label
        // follows it (`9. 简述…。`, then `答案：…`), not an analysis.
        .filter(|l| asks || l.kind == crate::model::SectionKind::Answer)?;
    let body = label.body_start - ctx.base;
    let answer = trim(text, body, end).map_or(ctx.span(body..body), |s| ctx.span(s.range()));
    Some((
        ctx.trimmed(start..first_end),
        first.to_owned(),
        Some((answer, Some(label))),
    ))
}

/// In a list of questions in plain text ([`Shape::plain_questions`]), an
/// item whose first line asks: the question, the rest of the item (if
/// any) its answer.
fn asking_item(ctx: &Ctx<'_>, start: usize, first_end: usize, end: usize) -> Option<ItemParts> {
    let first = ctx.text[start..first_end].trim_ws();
    if !ctx.shape.plain_questions || !crate::line::ask::asks(first) {
        return None;
    }
    first_line_question(ctx, start, first_end, end)
}

/// A numbered item of plain text in a list of questions: its first line
/// the question, the rest of the item its answer.
fn numbered_item(
    ctx: &Ctx<'_>,
    item: &ListItem,
    start: usize,
    first_end: usize,
    end: usize,
) -> Option<ItemParts> {
    item.number?;
    first_line_question(ctx, start, first_end, end)
}

/// An item of plain text (not opening with markup): its first line the
/// question, the rest of the item (if any) its answer.
fn first_line_question(
    ctx: &Ctx<'_>,
    start: usize,
    first_end: usize,
    end: usize,
) -> Option<ItemParts> {
    let text = ctx.text;
    let first = text[start..first_end].trim_ws();
    if first.is_empty() || first.starts_with(['*', '_', '[', '#', '<', '`']) {
        return None;
    }
    let answer = trim(text, first_end, end).map(|s| (ctx.span(s.range()), None));
    Some((ctx.trimmed(start..first_end), first.to_owned(), answer))
}

/// A numbered item whose stem (its first line, plain text) is followed by
/// its options: a nested list of them (`1. 题干` / `    - A. …`), or
/// lettered lines of its own paragraph (`1. 题干  ` / `  **A. 人员**  ` /
/// `  B. 方法  `). The stem and the options are the question, the rest of
/// the item (a `<details>` answer, a key line) its answer.
fn options_item(
    ctx: &Ctx<'_>,
    item: &ListItem,
    start: usize,
    first_end: usize,
    end: usize,
) -> Option<(ItemParts, OptionsBlock)> {
    let text = ctx.text;
    let first = text[start..first_end].trim_ws();
    if item.number.is_none() || first.is_empty() || first.starts_with(['*', '_', '[', '#', '<']) {
        return None;
    }
    let options = match item.lists.first() {
        Some(list) => nested_options(ctx, list)?,
        None => option_lines(ctx, first_end, end)?,
    };
    let parts = (ctx.trimmed(start..options.1), first.to_owned(), None);
    Some((parts, options))
}

/// A block of options, where it ends (local offset), and the options the
/// reading made of it, if it made them.
type OptionsBlock = (Block, usize, crate::choice::Known);

/// `span` without lines that only wrap it (`<details …><summary>…</summary>`
/// before, `</details>` after); `None` when nothing else is left.
fn unwrapped(text: &str, span: Span) -> Option<Span> {
    let wrapper = |line: &str| {
        // Most lines are no tag: they are turned away before lower-casing.
        let l = line.trim_ws();
        l.starts_with('<')
            && l.ends_with('>')
            && ["<details", "</details", "<summary", "<p>", "</p>"]
                .iter()
                .any(|t| l.get(..t.len()).is_some_and(|h| h.eq_ignore_ascii_case(t)))
    };
    let (mut start, mut end) = (span.start as usize, span.end as usize);
    while let Some(line) = text[start..end].lines().next().filter(|l| wrapper(l)) {
        start = (start + line.len() + 1).min(end);
    }
    while let Some(line) = last_line(&text[start..end]).filter(|l| wrapper(l)) {
        end = end.saturating_sub(line.len()).max(start);
    }
    trim(text, start, end)
}

/// `s.lines().last()`, found from the end (`lines()` walks every line of
/// an answer to reach its last: a tenth of the time spent on `<details>`
/// wrappers in an exam bank, callgrind).
fn last_line(s: &str) -> Option<&str> {
    if s.is_empty() {
        return None;
    }
    let (body, ended) = match s.strip_suffix('\n') {
        Some(body) => (body, true),
        None => (s, false),
    };
    let line = memchr::memrchr(b'\n', body.as_bytes()).map_or(body, |i| &body[i + 1..]);
    // `lines()` drops the `\r` of a `\r\n` ending only.
    Some(match line.strip_suffix('\r') {
        Some(l) if ended => l,
        _ => line,
    })
}

/// The rest of a list item split at its label lines (`答案：B`, `解析：…`):
/// each part's body with its label (`None` for text before any label, an
/// answer nobody labelled).
fn item_sections(ctx: &Ctx<'_>, from: usize, end: usize) -> Vec<(Span, Option<LabelMatch>)> {
    let text = ctx.text;
    let mut parts: Vec<(usize, Option<LabelMatch>)> = vec![(from, None)];
    let mut pos = from;
    while pos < end {
        let line_end = crate::line::line_end(text, pos, end);
        let at = skip_blanks(text, pos);
        if let Some(label) = ctx
            .labels
            .match_at(text, at, line_end, Place::Paragraph, ctx.base)
            .filter(|l| l.kind != crate::model::SectionKind::Question)
        {
            parts.push((label.body_start - ctx.base, Some(label)));
        }
        pos = line_end + 1;
    }
    let ends: Vec<usize> = parts
        .iter()
        .skip(1)
        .map(|(_, l)| l.as_ref().map_or(end, |l| l.span.start as usize - ctx.base))
        .chain(std::iter::once(end))
        .collect();
    parts
        .into_iter()
        .zip(ends)
        .filter_map(|((start, label), stop)| {
            let body = trim(text, start, stop.max(start)).and_then(|b| unwrapped(text, b));
            match (body, label) {
                (Some(b), label) => Some((ctx.span(b.range()), label)),
                (None, Some(label)) => Some((ctx.span(start..start), Some(label))),
                (None, None) => None,
            }
        })
        .collect()
}

/// A nested list of options, and where it ends (local offset).
fn nested_options(ctx: &Ctx<'_>, list: &List) -> Option<OptionsBlock> {
    let local = |s: Span| s.start as usize - ctx.base..s.end as usize - ctx.base;
    let texts = list
        .items
        .iter()
        .map(|i| ctx.text[local(i.marker).end..local(i.span).end].trim_ws());
    if list.is_ordered() || !crate::line::option::are_options(texts) {
        return None;
    }
    Some((
        Block::List(Box::new(list.clone())),
        local(list.span).end,
        None,
    ))
}

/// The lines after a stem, up to the first blank line, when they are all
/// lettered options: a paragraph of them, and where it ends.
fn option_lines(ctx: &Ctx<'_>, first_end: usize, end: usize) -> Option<OptionsBlock> {
    let text = ctx.text;
    // Blank lines and code blocks (the code the stem asks about) may stand
    // between the stem and its options.
    let mut from = skip_blank_lines(text, (first_end + 1).min(end), end);
    for _ in 0..3 {
        match skip_fence(text, from, end) {
            Some(after) => from = skip_blank_lines(text, after, end),
            None => break,
        }
    }
    let para_end = blank_line_at(&text[from..end]).map_or(end, |i| from + i);
    let span = trim(text, from, para_end)?;
    // The options are made now, with the decision: the assembly takes
    // them instead of reading the lines again.
    let (are, mut options) = crate::choice::option_lines(text, span);
    for option in options.iter_mut().flatten() {
        option.span = ctx.span(option.span.range());
    }
    let block = ctx.span(span.range());
    are.then_some((
        Block::Paragraph { span: block },
        span.end as usize,
        Some((block, options)),
    ))
}

/// Where the first `\n\n` in `s` is: a line search, as `find("\n\n")`
/// set up a substring searcher for every call (1% of an exam bank's parse).
fn blank_line_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'\n', b).find(|&i| b.get(i + 1) == Some(&b'\n'))
}

/// When a fenced code block opens at `from` (indented as in a list item),
/// where its closing line ends; `None` when none opens there or it does
/// not close before `end`.
fn skip_fence(text: &str, from: usize, end: usize) -> Option<usize> {
    // Most lines open no fence: their first byte says so.
    if !text.get(from..end)?.trim_start_ws().starts_with(['`', '~']) {
        return None;
    }
    let first_end = crate::line::line_end(text, from, end);
    let (ch, len) = crate::line::fence::opens_fence(text[from..first_end].trim_start_ws())?;
    let mut at = first_end + 1;
    while at < end {
        let line_end = crate::line::line_end(text, at, end);
        if crate::line::fence::closes_fence(text[at..line_end].trim_start_ws(), ch, len) {
            return Some((line_end + 1).min(end));
        }
        at = line_end + 1;
    }
    None
}

/// The first byte at or after `from` that is on a line with text (or
/// `end`).
fn skip_blank_lines(text: &str, from: usize, end: usize) -> usize {
    // The first character that is not white space, then the start of its
    // line: one trim, where a trim per line found each line's end first.
    let Some(rest) = text.get(from..end) else {
        return end;
    };
    let lead = rest.len() - rest.trim_start_ws().len();
    if lead == rest.len() {
        return end;
    }
    memchr::memrchr(b'\n', &rest.as_bytes()[..lead]).map_or(from, |i| from + i + 1)
}

/// A list item's `**Question:** …` up to its `**Answer:**` line, and the
/// answer after it.
fn labelled_item(ctx: &Ctx<'_>, label: &LabelMatch, end: usize) -> ItemParts {
    let text = ctx.text;
    let body = label.body_start - ctx.base;
    let mut pos = body;
    let mut answer = None;
    while pos < end {
        let line_end = crate::line::line_end(text, pos, end);
        let at = skip_blanks(text, pos);
        if pos > body || at > body {
            if let Some(a) = ctx
                .labels
                .match_at(text, at, line_end, Place::Paragraph, ctx.base)
            {
                if a.kind != crate::model::SectionKind::Question {
                    answer = Some((at, a));
                    break;
                }
            }
        }
        pos = line_end + 1;
    }
    let q_end = answer.as_ref().map_or(end, |(at, _)| *at);
    let question = trim(text, body, q_end).map_or(ctx.span(body..body), |s| ctx.span(s.range()));
    let title = text[question.start as usize - ctx.base..question.end as usize - ctx.base]
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    let answer = answer.map(|(_, a)| {
        let from = a.body_start - ctx.base;
        let span = trim(text, from, end).map_or(ctx.span(from..from), |s| ctx.span(s.range()));
        (span, Some(a))
    });
    (question, title, answer)
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
                    // Most lists of an exam bank hold one item: room for
                    // exactly one, where the first push would make room
                    // for four and `shrink_to_fit` move it back (2% of
                    // the reading's allocations, callgrind).
                    items.reserve_exact(1);
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
    let first_line_end = crate::line::line_end(text, content_start, range.end);
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
    if inner.trim_ws().is_empty() || inner.starts_with(char::is_whitespace) || inner.ends_with(' ')
    {
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
            2 + name.trim_end_ws().len(),
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

/// A line that only links back into the page (`**[⬆ Back to Top](#top)**`,
/// `[返回目录](#目录)`): navigation, never part of an answer.
pub(crate) fn is_nav_line(line: &str) -> bool {
    let t = line.trim_ws();
    // One short line opening with a link: most paragraphs fail here.
    if !(t.starts_with('[') || t.starts_with("**[")) || t.len() > 200 || t.contains('\n') {
        return false;
    }
    let t = t
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .unwrap_or(t);
    let t = t.trim_ws();
    let Some(text) = crate::line::link_text(t) else {
        return false;
    };
    let target = &t[1 + text.len() + 2..];
    target.starts_with('#') && target.ends_with(')') && !target[..target.len() - 1].contains(')')
}

/// `end` moved back over trailing navigation lines and blanks.
pub(crate) fn trim_nav(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let body = text.get(start..end).unwrap_or("").trim_end_ws();
        let last_start = body.rfind('\n').map_or(0, |i| i + 1);
        if body.is_empty() || !is_nav_line(&body[last_start..]) {
            return start + body.len();
        }
        end = start + last_start;
    }
}

#[cfg(test)]
mod nav_tests {
    use super::*;

    #[test]
    fn navigation_lines() {
        assert!(is_nav_line("   **[⬆ Back to top](#rust-questions)**"));
        assert!(is_nav_line("[返回目录](#目录)"));
        assert!(!is_nav_line("[docs](https://example.com)"));
        let t = "answer\n\n   **[⬆ Back to top](#x)**";
        assert_eq!(trim_nav(t, 0, t.len()), "answer".len());
    }
}

#[cfg(test)]
mod last_line_tests {
    use super::last_line;

    #[test]
    fn the_last_of_lines() {
        for s in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\n",
            "a\nb",
            "a\r\n",
            "a\r",
            "a\r\nb\r",
            "a\nb\r\n",
            "\r\n",
            "x\n</details>",
            "x\n</details>\r\n",
        ] {
            assert_eq!(last_line(s), s.lines().last(), "{s:?}");
        }
    }
}

#[cfg(test)]
mod strip_tests {
    use super::strip_markup;

    #[test]
    fn markup_goes_and_blanks_collapse() {
        assert_eq!(strip_markup("**What** is `x`?"), "What is x?");
        assert_eq!(
            strip_markup("第 1 题：最小单位是（ ）。"),
            "第 1 题：最小单位是（ ）。"
        );
        assert_eq!(
            strip_markup("<b>加粗</b>\u{3000}\u{3000}文字\u{a0}x"),
            "加粗 文字 x"
        );
        assert_eq!(strip_markup("  a \t\n b  "), "a b");
        assert_eq!(strip_markup("<span title=\"标题\">T</span>"), "T");
        assert_eq!(strip_markup("😀 emoji\u{2003}space"), "😀 emoji space");
        assert_eq!(strip_markup(""), "");
        for plain in [
            "第 1 题：最小单位是（ ）。",
            "What is x?",
            "a",
            "题\u{3001}x",
        ] {
            assert!(super::is_plain(plain), "{plain:?}");
        }
        for marked in [
            " a",
            "a ",
            "a  b",
            "a\tb",
            "**a**",
            "`a`",
            "<b>",
            "a\u{3000}b",
            "a\u{a0}",
        ] {
            assert!(!super::is_plain(marked), "{marked:?}");
        }
    }
}
