//! Phase 2 of the parser: the pieces of phase 1, fed part by part in
//! document order, grouped into the document's title, entries and sections,
//! each entry handed on as soon as it is complete (when the next entry, a
//! heading that ends it or the end of the text comes).
//!
//! The document's [`Shape`] (decided before the parse) says which pieces
//! start entries; where the document writes no question or answer label,
//! [`EntryBuilder::finish`] makes those sections from the entry's marker
//! and the blocks under it.

use crate::front_matter;
use crate::line::labels::LabelMatch;
use crate::line::number::split_number;
use crate::line::trim;
use crate::line::ws::Trim;
use crate::model::{
    Block, Document, Entry, Heading, Label, LabelStyle, Marker, Origin, Section, SectionKind,
    Shape, Span, Title,
};
use crate::parse::{HeadingPiece, Piece, QuestionPiece};

pub(crate) struct Assembler<'t> {
    text: &'t str,
    /// Everything but the entries, which go to the caller.
    doc: Document,
    builder: Option<EntryBuilder>,
    /// Still looking for the title (no entry and no title seen yet).
    title_open: bool,
    /// The group headings the next entry sits under: level and text.
    groups: Vec<(u8, String)>,
    /// A heading at the end of a part whose reading waits for the next
    /// part's first piece.
    held: Option<HeadingPiece>,
    /// The last entry number seen and how many times numbering started
    /// again: which run of an answer key answers the next entry.
    numbering: (Option<u64>, u32),
}

impl<'t> Assembler<'t> {
    /// An assembler of `text` (which ends before any answer key: the key
    /// is read apart, and joined to each entry as it is handed on).
    pub(crate) fn new(
        path: &str,
        text: &'t str,
        shape: Shape,
        key: Option<crate::model::AnswerKey>,
    ) -> Self {
        Assembler {
            text,
            doc: Document {
                path: path.to_owned(),
                entry_level: shape.level.filter(|_| shape.marker.is_heading()),
                shape,
                answer_key: key.map(Box::new),
                ..Document::default()
            },
            builder: None,
            title_open: true,
            groups: Vec::new(),
            held: None,
            numbering: (None, 0),
        }
    }

    /// Take the next part (the pieces of the next stretch of text).
    pub(crate) fn feed(&mut self, part: Vec<Piece>, emit: &mut impl FnMut(&Document, Entry)) {
        // A heading held back at the end of the previous part goes first.
        let held = self.held.take().map(|h| Piece::Heading(Box::new(h)));
        let mut pieces = held.into_iter().chain(part).peekable();
        while let Some(piece) = pieces.next() {
            match piece {
                Piece::Heading(h) => {
                    let labelled = match pieces.peek() {
                        Some(Piece::Label(_) | Piece::Quote(..)) => true,
                        Some(Piece::Heading(next)) => next.label.is_some(),
                        Some(_) => false,
                        // Whether a label follows is in the next part
                        // (parts are cut before headings, label headings
                        // too): hold the heading back until it comes.
                        None if self.needs_next(&h) => {
                            self.held = Some(*h);
                            return;
                        }
                        None => false,
                    };
                    self.heading(*h, labelled, emit);
                }
                Piece::Label(label) => self.label(*label, None, emit),
                Piece::Question(q) => self.question(*q, emit),
                Piece::End(span) => self.end(span, emit),
                Piece::FrontMatter(span) => self.front_matter(span),
                Piece::Quote(label, span, rest) => self.quote(*label, span, rest),
                Piece::Block(block) => match &mut self.builder {
                    Some(b) => b.push(block),
                    None => self.doc.outside.push(block),
                },
            }
        }
    }

    /// Whether a heading's reading depends on the piece after it: a
    /// heading at the level of question headings that does not ask.
    fn needs_next(&self, h: &HeadingPiece) -> bool {
        let shape = &self.doc.shape;
        shape.marker == Marker::QuestionHeading
            && Some(h.level) == shape.level
            && !h.asks
            && h.label.is_none()
    }

    /// The front matter (always the first piece): its title is the
    /// document's until a heading gives one.
    fn front_matter(&mut self, span: Span) {
        let fm = front_matter::parse(self.text, span);
        if let Some(title) = &fm.title {
            self.doc.title = Some(Title {
                text: title.clone(),
                level: 0,
                span,
            });
        }
        // A title in the front matter is the page's (Jekyll, Hugo): the
        // headings below it are its sections.
        if fm.title.is_some() {
            self.title_open = false;
        }
        self.doc.front_matter = Some(fm);
        self.doc.outside.push(Block::Other { span });
    }

    /// The end of the text: hand on the last entry and return the rest.
    pub(crate) fn finish(mut self, emit: &mut impl FnMut(&Document, Entry)) -> Document {
        if let Some(h) = self.held.take() {
            self.heading(h, false, emit);
        }
        self.close(self.text.len() as u32, emit);
        self.doc.outside.shrink_to_fit();
        self.doc
    }

    /// Hand on the entry being built, ending at byte `end`.
    fn close(&mut self, end: u32, emit: &mut impl FnMut(&Document, Entry)) {
        if let Some(b) = self.builder.take() {
            // A heading question with nothing under it among finer entries
            // is the title of the group that follows.
            if b.is_bare_heading(&self.doc.shape) {
                let h = &b.entry.heading;
                self.doc.outside.push(Block::Heading {
                    span: h.span,
                    level: h.level,
                    number: b.entry.number,
                });
                return;
            }
            let mut entry = b.finish(self.text, end, &self.doc);
            if is_echo(self.text, &entry) {
                self.doc.outside.push(Block::Paragraph { span: entry.span });
                return;
            }
            if self.doc.shape.labelled_only {
                if !is_answered(&entry) {
                    self.section_outside(&entry);
                    return;
                }
                retitle(self.text, &mut entry);
            }
            crate::answer_key::count_run(&mut self.numbering, entry.number);
            if let Some(key) = &self.doc.answer_key {
                crate::answer_key::apply(key, self.numbering.1, &mut entry);
            }
            crate::fill::detect(self.text, &mut entry, self.doc.shape.cloze);
            crate::graded::detect(self.text, &mut entry);
            emit(&self.doc, entry);
        }
    }

    /// A heading read as an entry that is none (a lesson's section among
    /// its exercises, [`Shape::labelled_only`]): its heading and text are
    /// kept outside the entries.
    fn section_outside(&mut self, entry: &Entry) {
        let h = &entry.heading;
        self.doc.outside.push(Block::Heading {
            span: h.span,
            level: h.level,
            number: entry.number,
        });
        if h.span.end < entry.span.end {
            self.doc.outside.push(Block::Paragraph {
                span: Span::new(h.span.end as usize, entry.span.end as usize),
            });
        }
    }

    fn heading(
        &mut self,
        h: HeadingPiece,
        labelled: bool,
        emit: &mut impl FnMut(&Document, Entry),
    ) {
        if self.is_entry(&h, labelled) {
            self.title_open = false;
            self.close(h.span.start, emit);
            let category = self.category();
            self.builder = Some(EntryBuilder::heading(h, self.doc.shape.marker, category));
            return;
        }
        if self.is_heading_question(&h) {
            self.title_open = false;
            self.close(h.span.start, emit);
            let category = self.category();
            // The quiz under it sits in its group too.
            self.groups.retain(|g| g.0 < h.level);
            self.groups.push((h.level, h.plain.clone()));
            self.builder = Some(EntryBuilder::heading(h, Marker::QuestionHeading, category));
            return;
        }
        if h.label.is_some() && (self.builder.is_some() || self.doc.shape.marker == Marker::Label) {
            let level = h.level;
            if let Some(label) = h.label {
                self.label(label, Some(level), emit);
            }
            return;
        }
        if let Some(b) = &mut self.builder {
            if b.keeps(&h, &self.doc.shape) {
                b.push(heading_block(&h));
                return;
            }
            self.close(h.span.start, emit);
        }
        let entry_level = self.doc.entry_level;
        // The front matter's title written again as the first heading.
        let repeats_title = self.doc.title.as_ref().is_some_and(|t| {
            t.level == 0 && t.text.trim_ws() == h.plain.trim_ws() && self.builder.is_none()
        });
        if repeats_title {
            self.doc.title = Some(Title {
                text: h.plain.clone(),
                level: h.level,
                span: h.span,
            });
        } else if self.title_open && entry_level.is_none_or(|level| h.level < level) {
            self.title_open = false;
            self.doc.title = Some(Title {
                text: h.plain.clone(),
                level: h.level,
                span: h.span,
            });
        } else if !self.doc.shape.marker.is_heading()
            || entry_level.is_some_and(|level| h.level < level)
            // `### 判断题` among the entries' headings: their section.
            || (!self.doc.shape.labelled_only && crate::line::kind_name::names_kind(&h.plain))
        {
            self.groups.retain(|g| g.0 < h.level);
            if !is_contents(&h.plain) {
                self.groups.push((h.level, h.plain.clone()));
            }
        }
        self.doc.outside.push(heading_block(&h));
    }

    /// Whether a heading starts an entry.
    fn is_entry(&self, h: &HeadingPiece, labelled: bool) -> bool {
        let shape = &self.doc.shape;
        if !shape.marker.is_heading()
            || Some(h.level) != shape.level
            || h.label.is_some()
            || h.link_title
            // `### 判断题`: an exam's section (in a lesson, where only the
            // answered headings are entries, an exercise's title).
            || (!shape.labelled_only && crate::line::kind_name::names_kind(&h.plain))
        {
            return false;
        }
        match shape.marker {
            Marker::NumberedHeading => h.number.is_some(),
            // A heading at the level of the questions that asks in words
            // (`… を教えてください。`, `Explain …`) is one too.
            Marker::QuestionHeading => {
                h.asks || labelled || crate::line::ask::asks_in_words(&h.plain)
            }
            _ => true,
        }
    }

    /// Whether a heading starts an open question of its own among finer
    /// entries ([`Shape::heading_questions`]): it asks, at that level.
    fn is_heading_question(&self, h: &HeadingPiece) -> bool {
        let shape = &self.doc.shape;
        !shape.marker.is_heading()
            && shape.heading_questions == Some(h.level)
            && h.label.is_none()
            && !h.link_title
            && (h.asks || crate::line::ask::asks_in_words(&h.plain))
    }

    fn label(
        &mut self,
        label: LabelMatch,
        level: Option<u8>,
        emit: &mut impl FnMut(&Document, Entry),
    ) {
        let starts_entry = self.doc.shape.marker == Marker::Label
            && label.kind == SectionKind::Question
            && self.builder.as_ref().is_none_or(EntryBuilder::has_sections);
        if starts_entry {
            self.title_open = false;
            self.close(label.span.start, emit);
            let category = self.category();
            self.builder = Some(EntryBuilder::label(label, level, category));
            return;
        }
        match &mut self.builder {
            Some(b) => {
                let at = label.span.start;
                b.start_section(self.text, label, at);
            }
            None if level.is_some() => self.doc.outside.push(Block::Heading {
                span: label.span,
                level: level.unwrap_or(0),
                number: None,
            }),
            None => self.doc.outside.push(Block::Paragraph { span: label.span }),
        }
    }

    fn question(&mut self, q: QuestionPiece, emit: &mut impl FnMut(&Document, Entry)) {
        if self.is_sub_title(&q) {
            let block = Block::Paragraph {
                span: Span::new(q.span.start as usize, q.end as usize),
            };
            match &mut self.builder {
                Some(b) => b.push(block),
                None => self.doc.outside.push(block),
            }
            return;
        }
        self.title_open = false;
        let end = self.cut_quiz_heading().unwrap_or(q.span.start);
        self.close(end, emit);
        let end = q.end;
        let closed = q.closed;
        let category = self.category();
        self.builder = Some(EntryBuilder::question(self.text, q, category));
        if closed {
            self.close(end, emit);
        }
    }

    /// A bold line that neither asks nor is numbered, in a document of
    /// heading questions among bold questions (`## ¿Qué errores…?`, then
    /// `**Llamar directamente a una función.**` and its example): a
    /// sub-title of the text around it, not a question of its own (where
    /// bold questions are the only entries, `**Precision-recall trade-off**`
    /// is one).
    fn is_sub_title(&self, q: &QuestionPiece) -> bool {
        q.marker == Marker::BoldParagraph
            && self.doc.shape.heading_questions.is_some()
            && q.number.is_none()
            && !crate::line::ask::asks(&q.title)
    }

    /// A heading question whose answer ends in a sub-heading over the
    /// quiz that follows (`##### Pon a prueba`, a line of instructions,
    /// then `**1.** …`): the sub-heading and what follows it leave the
    /// answer for the document's outside, and the entry ends before them.
    /// Where it ends, if it was cut.
    fn cut_quiz_heading(&mut self) -> Option<u32> {
        let b = self.builder.as_mut()?;
        if !b.entry.marker.is_heading() || self.doc.shape.marker.is_heading() || b.open.is_some() {
            return None;
        }
        let at = b
            .entry
            .preamble
            .iter()
            .rposition(|block| matches!(block, Block::Heading { .. }))?;
        let rest = b.entry.preamble.split_off(at);
        let end = rest.first().map(|block| block.span().start);
        self.doc.outside.extend(rest);
        end
    }

    /// `</details>`: ends a `<details>` entry; elsewhere a wrapper.
    fn end(&mut self, span: Span, emit: &mut impl FnMut(&Document, Entry)) {
        match &mut self.builder {
            Some(b) if b.entry.marker == Marker::Details => {
                self.close(span.start, emit);
                self.doc.outside.push(Block::Html { span });
            }
            Some(b) => b.push(Block::Html { span }),
            None => self.doc.outside.push(Block::Html { span }),
        }
    }

    /// A block quote that starts with a label opens that section, unless
    /// the entry already has one (then it quotes it).
    fn quote(&mut self, label: LabelMatch, span: Span, rest: Option<Span>) {
        match &mut self.builder {
            Some(b)
                if !b.has(label.kind) && b.open.as_ref().is_none_or(|o| o.0.kind != label.kind) =>
            {
                b.start_section(self.text, label, span.start);
                if let Some(rest) = rest {
                    b.push(Block::BlockQuote { span: rest });
                }
            }
            Some(b) => b.push(Block::BlockQuote { span }),
            None => self.doc.outside.push(Block::BlockQuote { span }),
        }
    }

    fn category(&self) -> Vec<String> {
        self.groups.iter().map(|g| g.1.clone()).collect()
    }
}

/// A quiz under a heading that does not ask (`## Knowledge check`) whose
/// question opens with a paragraph that does: that paragraph's first line
/// is its title (every lesson's check would be titled alike). An open
/// exercise keeps its heading, which names it (`## Working With the End`,
/// then `What does the following program print?`).
fn retitle(text: &str, entry: &mut Entry) {
    if entry.kind != crate::model::Kind::Choice || crate::line::ask::asks(&entry.title) {
        return;
    }
    let Some(q) = entry.section(SectionKind::Question) else {
        return;
    };
    let first = q.blocks.iter().find_map(|b| match b {
        Block::Paragraph { span } => span.slice(text).lines().next(),
        _ => None,
    });
    if let Some(line) = first.filter(|l| crate::line::ask::asks(l)) {
        entry.title = crate::parse::strip_markup(line.trim_ws());
    }
}

/// Whether an entry has an answer or analysis that a label opens (not one
/// taken from the blocks under its question).
fn is_answered(entry: &Entry) -> bool {
    entry
        .sections
        .iter()
        .any(|s| s.kind != SectionKind::Question && s.label.style != LabelStyle::Implicit)
}

/// Whether a labelled exchange only trades the same words (`**面试官**：你好。`
/// then `**候选人**：你好。`): a greeting in an interview written as a
/// dialogue, not a question. Its question is one short line that does not
/// ask, and the answer's first line repeats it; the exchange is kept
/// outside the entries (a question that asks, or is answered otherwise,
/// stays an entry).
fn is_echo(text: &str, entry: &Entry) -> bool {
    /// Longer than a greeting: `你好。`, `Hello!`, `Good morning.`.
    const GREETING: usize = 24;
    if entry.marker != Marker::Label {
        return false;
    }
    let (Some(q), Some(a)) = (
        entry.section(SectionKind::Question),
        entry.section(SectionKind::Answer),
    ) else {
        return false;
    };
    let question = q.body.slice(text).trim_ws();
    if question.is_empty()
        || question.len() > GREETING
        || question.contains('\n')
        || crate::line::ask::asks(question)
    {
        return false;
    }
    // The answer's first line (`lines` also ends a `\r\n` line).
    let first = a.body.slice(text).lines().next().unwrap_or("").trim_ws();
    first == question
}

/// A table of contents' heading: no group of questions.
fn is_contents(title: &str) -> bool {
    let t = title.trim_ws().to_lowercase();
    matches!(
        t.as_str(),
        "table of contents" | "contents" | "toc" | "目录" | "目錄"
    )
}

fn heading_block(h: &HeadingPiece) -> Block {
    Block::Heading {
        span: h.span,
        level: h.level,
        number: h.number.as_ref().map(|n| n.value),
    }
}

/// An HTML block that only wraps content (`<details>`, `</p>`, `<br/>`):
/// never part of a section. Comments are not wrappers (they may hold
/// suppressions).
fn is_wrapper(text: &str, block: &Block) -> bool {
    const WRAPPERS: [&str; 8] = ["details", "summary", "p", "br", "div", "b", "strong", "hr"];
    if let Block::Paragraph { span } = block {
        let t = span.slice(text);
        return !t.trim_ws().is_empty() && t.lines().all(is_div_fence);
    }
    let Block::Html { span } = block else {
        return false;
    };
    let mut rest = span.slice(text).trim_ws();
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        let Some(close) = tag.find('>') else {
            return false;
        };
        let name: String = tag[..close]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !WRAPPERS.contains(&name.as_str()) {
            return false;
        }
        rest = tag[close + 1..].trim_start_ws();
    }
    true
}

/// A fenced div's fence (Pandoc, The Carpentries' lessons): `::::
/// challenge`, `:::::::  solution`, `::: {.hint}`, `::::::::`. Such a
/// paragraph only wraps the exercise or its solution.
fn is_div_fence(line: &str) -> bool {
    let t = line.trim_ws();
    let colons = t.len() - t.trim_start_matches(':').len();
    if colons < 3 {
        return false;
    }
    let rest = t.trim_matches(':').trim_ws();
    rest.is_empty()
        || (rest.starts_with('{') && rest.ends_with('}'))
        || rest
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A paragraph that only links back into the page
/// (`**[⬆ Back to Top](#table-of-contents)**`).
fn is_nav(text: &str, block: &Block) -> bool {
    matches!(block, Block::Paragraph { span } if crate::parse::is_nav_line(span.slice(text)))
}

/// Wrappers removed from both ends of `blocks`, and navigation from its end.
fn trim_wrappers(text: &str, blocks: &mut Vec<Block>) {
    while blocks
        .last()
        .is_some_and(|b| is_wrapper(text, b) || is_nav(text, b))
    {
        blocks.pop();
    }
    let lead = blocks.iter().take_while(|b| is_wrapper(text, b)).count();
    blocks.drain(..lead);
}

/// A label that is not written: at byte `at`, empty.
fn implicit(kind: SectionKind, at: u32) -> LabelMatch {
    LabelMatch {
        kind,
        span: Span { start: at, end: at },
        name_span: Span { start: at, end: at },
        style: LabelStyle::Implicit,
        colon: None,
        colon_span: None,
        body_start: at as usize,
    }
}

fn section(text: &str, label: LabelMatch, body: Span, blocks: Vec<Block>) -> Section {
    Section {
        kind: label.kind,
        span: Span {
            start: label.span.start.min(body.start),
            end: body.end.max(label.span.end),
        },
        label: Label {
            text: label_text(text, &label),
            span: label.span,
            name_span: label.name_span,
            style: label.style,
            colon: label.colon,
            colon_span: label.colon_span,
        },
        body,
        blocks,
    }
}

/// A label's word as a reader sees it: a `<summary>`'s text without its
/// tags (`<details><summary><b>查看答案</b></summary>` reads `查看答案`),
/// any other label's word as written.
fn label_text(text: &str, label: &LabelMatch) -> String {
    let written = label.name_span.slice(text);
    match label.style {
        LabelStyle::Details => crate::line::reveal::summary_text(written).unwrap_or_default(),
        _ => written.to_owned(),
    }
}

struct EntryBuilder {
    entry: Entry,
    open: Option<(LabelMatch, Vec<Block>)>,
    /// The level of the heading label that started a label entry.
    label_level: Option<u8>,
    /// Options the reading made for the question (see
    /// [`crate::choice::Known`]).
    known: crate::choice::Known,
}

impl EntryBuilder {
    fn heading(h: HeadingPiece, marker: Marker, category: Vec<String>) -> Self {
        let (number, number_span, separator) = match h.number {
            Some(n) => (Some(n.value), Some(n.span), Some(n.separator)),
            None => (None, None, None),
        };
        EntryBuilder {
            entry: Entry {
                number,
                title: h.title,
                heading: Heading {
                    level: h.level,
                    span: h.span,
                    number_span,
                    separator,
                    title_span: h.title_span,
                    id: h.id,
                },
                span: h.span,
                marker,
                category,
                ..Entry::default()
            },
            open: None,
            label_level: None,
            known: None,
        }
    }

    fn question(text: &str, q: QuestionPiece, category: Vec<String>) -> Self {
        let (number, number_span, separator) = match q.number {
            Some(n) => (Some(n.value), Some(n.span), Some(n.separator)),
            None => (None, None, None),
        };
        let question = section(
            text,
            implicit(SectionKind::Question, q.question.start),
            q.question,
            q.blocks,
        );
        let known = q.options;
        let mut b = EntryBuilder {
            entry: Entry {
                number,
                title: q.title,
                heading: Heading {
                    level: 0,
                    span: q.span,
                    number_span,
                    separator,
                    title_span: q.title_span,
                    id: None,
                },
                span: q.span,
                sections: vec![question],
                marker: q.marker,
                category,
                ..Entry::default()
            },
            open: None,
            label_level: None,
            known,
        };
        if let Some((span, label)) = q.answer {
            let label = label.unwrap_or_else(|| implicit(SectionKind::Answer, span.start));
            if q.closed {
                // The whole answer is in the piece (a list item): it ends
                // where the piece says, before any navigation after it.
                b.entry
                    .sections
                    .push(section(text, label, span, Vec::new()));
                for (span, label) in q.more {
                    b.entry
                        .sections
                        .push(section(text, label, span, Vec::new()));
                }
                // A card's scheduling comment after its back
                // (`<!--SR:…-->`) is the card's, not the answer's text.
                if q.marker == Marker::InlineCard {
                    if let Some(last) = b.entry.sections.last_mut() {
                        last.span.end = last.span.end.max(q.end);
                    }
                }
            } else {
                let at = label.span.start;
                b.start_section(text, label, at);
            }
        } else if q.marker == Marker::InlineCard && q.closed {
            // A cloze card's scheduling comment and block id (`<!--SR:…-->`,
            // `^q-4`) are the card's, not its question's text.
            if let Some(question) = b.entry.sections.first_mut() {
                question.span.end = question.span.end.max(q.end);
            }
        }
        b
    }

    fn label(label: LabelMatch, level: Option<u8>, category: Vec<String>) -> Self {
        EntryBuilder {
            entry: Entry {
                heading: Heading {
                    level: 0,
                    span: label.span,
                    title_span: label.span,
                    ..Heading::default()
                },
                span: label.span,
                marker: Marker::Label,
                category,
                ..Entry::default()
            },
            open: Some((label, Vec::new())),
            label_level: level,
            known: None,
        }
    }

    /// A heading question among finer entries with nothing under it.
    fn is_bare_heading(&self, shape: &Shape) -> bool {
        self.entry.marker.is_heading()
            && !shape.marker.is_heading()
            && self.open.is_none()
            && self.entry.sections.is_empty()
            && self.entry.preamble.is_empty()
    }

    fn has_sections(&self) -> bool {
        self.open.is_some() || !self.entry.sections.is_empty()
    }

    /// Whether a heading that starts no entry stays inside this one as
    /// content (else it ends the entry).
    fn keeps(&self, h: &HeadingPiece, shape: &Shape) -> bool {
        match self.entry.marker {
            Marker::Details => true,
            Marker::Label => self.label_level.is_some_and(|l| h.level >= l),
            // `### 1.5 版本说明` among `### 1. …` entries: a numbered-looking
            // heading at the entries' level is content; any other ends the
            // entry (`## Further reading` after the last question).
            Marker::NumberedHeading => shape.level.is_some_and(|l| {
                h.level > l || (h.level == l && h.plain.starts_with(|c: char| c.is_ascii_digit()))
            }),
            m if m.is_heading() => shape
                .level
                .or(shape.heading_questions)
                .is_some_and(|l| h.level > l),
            _ => false,
        }
    }

    fn push(&mut self, block: Block) {
        match &mut self.open {
            Some((_, blocks)) => blocks.push(block),
            None => self.entry.preamble.push(block),
        }
    }

    fn start_section(&mut self, text: &str, label: LabelMatch, at: u32) {
        // `<summary>答案</summary>` then `#### 答案：D`: one answer.
        if let Some((open, blocks)) = &self.open {
            if open.style == LabelStyle::Details
                && open.kind == label.kind
                && blocks.iter().all(|b| is_wrapper(text, b))
            {
                self.open = None;
            }
        }
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
        let mut start = label.body_start.min(end as usize);
        while blocks
            .last()
            .is_some_and(|b| is_wrapper(text, b) || is_nav(text, b))
        {
            let b = blocks.pop();
            end = b.map_or(end, |b| b.span().start);
        }
        let lead = blocks.iter().take_while(|b| is_wrapper(text, b)).count();
        if lead > 0 {
            start = blocks[lead - 1].span().end as usize;
            blocks.drain(..lead);
        }
        blocks.shrink_to_fit();
        let at = label.span.end as usize;
        let body = trim(text, start, (end as usize).max(start)).unwrap_or(Span::new(at, at));
        let s = section(text, label, body, blocks);
        self.entry.sections.push(s);
    }

    fn finish(mut self, text: &str, end: u32, doc: &Document) -> Entry {
        if self.open.is_some() {
            self.close_section(text, end, true);
        } else if let Some(Block::Rule { .. }) = self.entry.preamble.last() {
            // A `---` before the next entry separates entries.
            self.entry.preamble.pop();
        }
        trim_wrappers(text, &mut self.entry.preamble);
        self.implicit_sections(text, &doc.shape);
        if self.entry.marker == Marker::Label {
            self.label_title(text, doc);
        }
        self.entry.sections.sort_by_key(|s| s.span.start);
        crate::choice::detect(text, &mut self.entry, self.known.take());
        let last = self
            .entry
            .sections
            .iter()
            .map(|s| s.span.end)
            .chain(self.entry.preamble.last().map(|b| b.span().end))
            .max()
            .unwrap_or(self.entry.heading.span.end);
        self.entry.span.end = last.max(self.entry.heading.span.end);
        self.entry.preamble.shrink_to_fit();
        self.entry.sections.shrink_to_fit();
        self.entry
    }

    fn has(&self, kind: SectionKind) -> bool {
        self.entry.sections.iter().any(|s| s.kind == kind)
    }

    /// The question and answer the document does not label.
    fn implicit_sections(&mut self, text: &str, shape: &Shape) {
        let heading = self.entry.marker.is_heading();
        // In a bank that labels its questions, an entry that asks in its
        // heading alone and lists options under it: the options are its
        // question's (never a preamble, never its answer).
        if heading
            && shape.question != Origin::Marker
            && !self.has(SectionKind::Question)
            && crate::choice::holds_options(text, &self.entry.preamble)
        {
            self.heading_question(text);
        }
        // A heading that asks with the paragraphs (or code) under it, then
        // options: they are all the question's; what follows answers it.
        if heading && shape.question == Origin::Marker && !self.has(SectionKind::Question) {
            if let Some(at) = crate::choice::options_after_stem(text, &self.entry.preamble) {
                let rest = self.entry.preamble.split_off(at + 1);
                self.heading_question(text);
                self.entry.preamble = rest;
            }
        }
        if heading && shape.question == Origin::Marker {
            self.counting_heading_question(text);
        }
        // A list item's question whose options follow it, in a bank that
        // labels its answers: the options are the question's too.
        if !heading
            && shape.answer == Origin::Label
            && crate::choice::holds_options(text, &self.entry.preamble)
        {
            self.preamble_into_question(text);
        }
        let answer_from_body = !heading || shape.answer == Origin::Marker;
        if !self.has(SectionKind::Answer) && answer_from_body && !self.entry.preamble.is_empty() {
            let mut blocks = std::mem::take(&mut self.entry.preamble);
            let split = card_split(text, &blocks, self.entry.marker);
            let answer: Vec<Block> = match split {
                Some(i) => {
                    let rest = blocks.split_off(i + 1);
                    blocks.pop();
                    rest
                }
                None => std::mem::take(&mut blocks),
            };
            self.entry.preamble = blocks;
            let body = match (answer.first(), answer.last()) {
                (Some(first), Some(last)) => {
                    trim(text, first.span().start as usize, last.span().end as usize)
                }
                _ => None,
            };
            if let Some(body) = body {
                let label = implicit(SectionKind::Answer, body.start);
                self.entry.sections.push(section(text, label, body, answer));
            }
        }
        // The explanation is the answer where the document labels no answer
        // and nothing else under the entry answers it.
        if !self.has(SectionKind::Answer) && shape.labels[1] == 0 {
            if let Some(s) = self
                .entry
                .sections
                .iter_mut()
                .find(|s| s.kind == SectionKind::Analysis)
            {
                s.kind = SectionKind::Answer;
            }
        }
        if !self.has(SectionKind::Question) && heading && shape.question == Origin::Marker {
            self.heading_question(text);
        }
        if heading && self.entry.title.trim_ws().is_empty() {
            self.title_from_question(text);
        }
    }

    /// A heading that only counts (`#### 1.`, `## Question 7`): the
    /// paragraph under it is the question's wording; what follows
    /// answers it.
    fn counting_heading_question(&mut self, text: &str) {
        if self.has(SectionKind::Question) || !self.entry.title.trim_ws().is_empty() {
            return;
        }
        if let Some(n) = wording_blocks(text, &self.entry.preamble) {
            let rest = self.entry.preamble.split_off(n);
            self.heading_question(text);
            self.entry.preamble = rest;
        }
    }

    /// An entry whose heading only counts is titled by its question's
    /// first line.
    fn title_from_question(&mut self, text: &str) {
        let Some(q) = self.entry.section(SectionKind::Question) else {
            return;
        };
        let first = q.body.slice(text).lines().next().unwrap_or("");
        self.entry.title = crate::parse::strip_markup(first).trim_ws().to_owned();
    }

    /// The preamble, taken into the question section it follows.
    fn preamble_into_question(&mut self, text: &str) {
        let Some(question) = self
            .entry
            .sections
            .iter_mut()
            .find(|s| s.kind == SectionKind::Question)
        else {
            return;
        };
        let blocks = std::mem::take(&mut self.entry.preamble);
        let end = blocks.last().map_or(question.body.end, |b| b.span().end);
        if let Some(body) = trim(text, question.body.start as usize, end as usize) {
            question.body = body;
            question.span.end = question.span.end.max(body.end);
        }
        question.blocks.extend(blocks);
    }

    /// The question from the heading's title and the blocks under it (the
    /// preamble, taken).
    fn heading_question(&mut self, text: &str) {
        let title = title_text(text, self.entry.heading.title_span);
        let blocks = std::mem::take(&mut self.entry.preamble);
        let end = blocks
            .last()
            .map_or(title.end, |b| b.span().end.max(title.end));
        // A card whose heading ends in its id (`## Question (66b3…)`):
        // the question is the text before the answer, when there is
        // some, so that the id stays out of it.
        let start = match blocks.first() {
            Some(first)
                if self.entry.heading.id.is_some() && self.entry.marker == Marker::HeadingCard =>
            {
                first.span().start
            }
            _ => title.start,
        };
        let body = trim(text, start as usize, end as usize).unwrap_or(Span {
            start: title.start,
            end: title.start,
        });
        let label = implicit(SectionKind::Question, body.start);
        self.entry.sections.push(section(text, label, body, blocks));
    }

    /// A label entry's title: the question's first line; in a document
    /// with one question, the document's title.
    fn label_title(&mut self, text: &str, doc: &Document) {
        if doc.shape.labels[0] == 1 {
            if let Some(title) = &doc.title {
                match split_number(&title.text) {
                    Some(m) => {
                        self.entry.number = Some(m.value);
                        self.entry.title = title.text[m.title_start..].trim_ws().to_owned();
                    }
                    None => self.entry.title = title.text.clone(),
                }
                return;
            }
        }
        if let Some(q) = self
            .entry
            .sections
            .iter()
            .find(|s| s.kind == SectionKind::Question)
        {
            let first = q.body.slice(text).lines().next().unwrap_or("");
            // A question written as a bullet list (`- 为什么…？`): its
            // first point, without the marker (`*` goes with the bold).
            let point = match first.as_bytes().first() {
                Some(b'-' | b'+') => crate::line::list_item_content(first),
                _ => None,
            };
            let first_text = point.unwrap_or(first);
            self.entry.title = first_text.replace(['*', '`'], "").trim_ws().to_owned();
            self.entry.heading.title_span = Span {
                start: q.body.start,
                end: q.body.start + first.len() as u32,
            };
        }
    }
}

/// How many of `blocks` word the question of a heading that only counts:
/// the paragraph they open with, and a list that its colon introduces
/// (`求:` then the points asked). `None` when they open otherwise.
fn wording_blocks(text: &str, blocks: &[Block]) -> Option<usize> {
    let Some(Block::Paragraph { span }) = blocks.first() else {
        return None;
    };
    let introduces = span.slice(text).trim_end_ws().ends_with([':', '：']);
    Some(match blocks.get(1) {
        Some(Block::List(_)) if introduces => 2,
        _ => 1,
    })
}

/// A heading's title without a trailing `{#id}` attribute block or
/// closing `#`s.
fn title_text(text: &str, span: Span) -> Span {
    let (len, _) = crate::line::heading_id::heading_text(span.slice(text));
    Span {
        start: span.start,
        end: span.start + len as u32,
    }
}

/// Where a flashcard's front ends in its body: a `%` line (mdanki) or, for
/// heading cards, the first `---` (Md2Anki).
fn card_split(text: &str, blocks: &[Block], marker: Marker) -> Option<usize> {
    blocks.iter().position(|b| match b {
        Block::Paragraph { span } => span.slice(text).trim_ws() == "%",
        Block::Rule { .. } => marker == Marker::HeadingCard,
        _ => false,
    })
}
