//! The edits the model asks for: label style and colon, entry numbers,
//! list numbers, option letters. Each edit replaces a span the parser
//! found, so nothing else moves.
//!
//! They are collected entry by entry ([`Collector`]), so that a document
//! read with [`qbank_core::parse_each`] is formatted without its whole
//! model: only the votes on label style and spacing wait for the last
//! entry, and they keep a few numbers per paragraph label.

use crate::{ColonStyle, FmtOptions, LabelStyle};
use qbank_core::{
    Block, Colon, Confidence, Document, Entry, Label, LabelStyle as Written, List, Marker, Span,
};
use std::collections::BTreeMap;

/// Replacements by start offset (one per span).
pub(crate) type Edits = BTreeMap<u32, (Span, String)>;

/// The spans of the entries read as a guess.
#[cfg(test)]
pub(crate) fn guessed(text: &str, doc: &Document) -> Vec<Span> {
    doc.entries
        .iter()
        .filter(|e| qbank_core::assess(text, doc, e).level == Confidence::Guess)
        .map(|e| e.span)
        .collect()
}

/// The edits of a document, collected as its entries come in order.
///
/// Each kind of edit has its own map, merged in [`Collector::finish`] in
/// the order one pass over the whole model made them (heading colons,
/// paragraph labels, list numbers, option letters, then entry numbers), so
/// that where two edits start at the same offset the same one wins.
pub(crate) struct Collector<'a> {
    text: &'a str,
    options: &'a FmtOptions,
    /// The colons of heading and summary labels.
    structural: Edits,
    /// Paragraph labels: how they are written depends on the votes of the
    /// whole document, so they are written at the end.
    paragraph: Vec<Para>,
    votes: Votes,
    lists: Edits,
    letters: Edits,
    numbers: Numbers,
    /// The spans of the entries read as a guess.
    guessed: Vec<Span>,
}

/// What a paragraph label's edit needs once the votes are in (a few
/// numbers instead of the label and its entry).
struct Para {
    span: Span,
    name_span: Span,
    style: Written,
    colon: Option<Colon>,
    /// Its word is ASCII (an English label takes `:`).
    ascii: bool,
    /// See [`in_card`].
    card: bool,
    gap: Option<Gap>,
}

/// The document's votes on label style and spacing (see [`spacing`]).
#[derive(Default)]
struct Votes {
    paragraph: usize,
    plain: usize,
    before: [usize; 2],
    after: [usize; 2],
}

/// Entries numbered in order (see [`Numbers::entry`]): the number the next
/// one follows, and the group of the entry that set it.
#[derive(Default)]
struct Numbers {
    previous: Option<u64>,
    category: Vec<String>,
    edits: Edits,
}

impl<'a> Collector<'a> {
    pub(crate) fn new(text: &'a str, options: &'a FmtOptions) -> Self {
        Collector {
            text,
            options,
            structural: Edits::new(),
            paragraph: Vec::new(),
            votes: Votes::default(),
            lists: Edits::new(),
            letters: Edits::new(),
            numbers: Numbers::default(),
            guessed: Vec::new(),
        }
    }

    /// The edits `entry` asks for. `doc` is the document as known so far:
    /// [`qbank_core::assess`] reads only its shape, which
    /// [`qbank_core::parse_each`] knows from the first entry on.
    pub(crate) fn entry(&mut self, doc: &Document, entry: &Entry) {
        let (text, options) = (self.text, self.options);
        // An entry read as a guess keeps its labels, list numbers and
        // option letters as written: formatting them would rewrite what
        // qbank only guessed at (see `finish`).
        if qbank_core::assess(text, doc, entry).level == Confidence::Guess {
            self.guessed.push(entry.span);
        }
        self.labels(entry);
        if options.renumber_lists {
            for_each_list(entry, |list| list_numbers(text, list, &mut self.lists));
        }
        if options.reletter_options {
            match qbank_core::reletter(text, entry) {
                Some(plan) if plan.safe => add_all(&mut self.letters, plan.edits),
                _ => {}
            }
        }
        if options.renumber_entries {
            self.numbers.entry(text, entry);
        }
    }

    /// Every edit of the document, once its last entry has come.
    pub(crate) fn finish(self) -> Edits {
        let mut edits = self.structural;
        paragraph_labels(
            self.text,
            self.options,
            &self.paragraph,
            &self.votes,
            &mut edits,
        );
        edits.extend(self.lists);
        edits.extend(self.letters);
        let guessed = self.guessed;
        if !guessed.is_empty() {
            edits.retain(|_, (span, _)| {
                !guessed
                    .iter()
                    .any(|g| g.start <= span.start && span.end <= g.end)
            });
        }
        // Entry numbers are one sequence over the document, so they are
        // renumbered throughout, guesses included (some renumbered and some
        // not would break the sequence `entry-numbering` reads).
        edits.extend(self.numbers.edits);
        edits
    }

    /// Heading and summary labels take the chosen colon now; paragraph
    /// labels vote, and wait for the vote.
    fn labels(&mut self, entry: &Entry) {
        let (text, options) = (self.text, self.options);
        let keep_all = options.labels == LabelStyle::Keep
            && options.colon == ColonStyle::Keep
            && !options.whitespace;
        for label in entry.sections.iter().map(|s| &s.label) {
            if !in_paragraph(label) {
                let colon = colon_for(label.text.is_ascii(), options.colon);
                if let (Some(span), Some(colon)) = (label.colon_span, colon) {
                    add(&mut self.structural, span, colon.to_owned(), text);
                }
                continue;
            }
            let gap = tightness(text, label.span);
            self.votes.count(label, gap, inside(text, entry, label));
            if keep_all {
                continue;
            }
            self.paragraph.push(Para {
                span: label.span,
                name_span: label.name_span,
                style: label.style,
                colon: label.colon,
                ascii: label.text.is_ascii(),
                card: in_card(entry, label),
                gap,
            });
        }
    }
}

impl Votes {
    /// A paragraph label's votes: on its style, and (see [`spacing`]) on
    /// the blank lines around it.
    fn count(&mut self, label: &Label, gap: Option<Gap>, inside: bool) {
        self.paragraph += 1;
        self.plain += usize::from(label.style == Written::Plain);
        let Some(gap) = gap else { return };
        if inside {
            self.before[usize::from(gap.tight_before)] += 1;
        }
        if gap.alone {
            self.after[usize::from(gap.tight_after)] += 1;
        }
    }
}

/// `text` with `edits` applied (overlapping ones skipped: the first wins).
pub(crate) fn apply(text: &str, edits: &Edits) -> String {
    let mut out = String::with_capacity(text.len() + edits.len() * 4);
    let mut at = 0usize;
    for (span, replacement) in edits.values() {
        let range = span.range();
        if range.start < at || text.get(range.clone()).is_none() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn add(edits: &mut Edits, span: Span, replacement: String, text: &str) {
    if span.slice(text) != replacement {
        edits.insert(span.start, (span, replacement));
    }
}

fn add_all(edits: &mut Edits, plan: Vec<(Span, String)>) {
    for (span, replacement) in plan {
        edits.insert(span.start, (span, replacement));
    }
}

/// Whether a label is written in a paragraph (and may change style).
fn in_paragraph(label: &Label) -> bool {
    matches!(
        label.style,
        Written::Bold | Written::BoldColonOutside | Written::Plain
    )
}

/// The colon a label (its word ASCII or not) takes: `None` to keep the one
/// written.
fn colon_for(ascii: bool, style: ColonStyle) -> Option<&'static str> {
    match style {
        ColonStyle::Keep => None,
        ColonStyle::Fullwidth => Some("："),
        ColonStyle::Ascii => Some(":"),
        ColonStyle::Script if ascii => Some(":"),
        ColonStyle::Script => Some("："),
    }
}

/// Paragraph labels in the chosen style (`Auto`: the document's prevailing
/// one, bold on a tie), with the chosen colon, and the blank lines around
/// them the document mostly has.
fn paragraph_labels(
    text: &str,
    options: &FmtOptions,
    labels: &[Para],
    votes: &Votes,
    edits: &mut Edits,
) {
    let bold = match options.labels {
        LabelStyle::Keep if options.colon == ColonStyle::Keep && !options.whitespace => return,
        LabelStyle::Bold => Some(true),
        LabelStyle::Plain => Some(false),
        LabelStyle::Keep => None,
        LabelStyle::Auto => Some(votes.plain * 2 <= votes.paragraph),
    };
    let spaced = spacing(votes);
    let keep = options.labels == LabelStyle::Keep && options.colon == ColonStyle::Keep;
    for label in labels {
        let bold = bold.unwrap_or(label.style != Written::Plain);
        let mut written = if keep {
            label.span.slice(text).to_owned()
        } else {
            restyled(text, label, bold, options.colon)
        };
        if options.whitespace && !label.card {
            let gap = label.gap.unwrap_or_default();
            if gap.tight_before && spaced.0 {
                written.insert(0, '\n');
            }
            if gap.tight_after && spaced.1 {
                written.push('\n');
            }
        }
        add(edits, label.span, written, text);
    }
}

/// A paragraph label written bold or plain, with the colon `style` gives.
fn restyled(text: &str, label: &Para, bold: bool, style: ColonStyle) -> String {
    // A plain label needs its colon to stay a label.
    let colon = colon_for(label.ascii, style)
        .or_else(|| label.colon.map(|c| c.as_str()))
        .unwrap_or("");
    let word = label.name_span.slice(text);
    // `**答案：**B` would not close the bold (CommonMark: a closing `**`
    // after punctuation must be followed by a space or punctuation).
    let next = text[label.span.end as usize..].chars().next();
    let space = if next.is_some_and(|c| !c.is_whitespace()) {
        " "
    } else {
        ""
    };
    if !bold && colon.is_empty() {
        label.span.slice(text).to_owned()
    } else if bold {
        format!("**{word}{colon}**{space}")
    } else {
        format!("{word}{colon}")
    }
}

/// Whether the document mostly puts a blank line between the parts of an
/// entry (above a label) and between a label alone on its line and its body
/// (below it). Only gaps inside an entry vote: above the label an entry
/// starts at (`Q:` in a file of `Q:` / `A:` cards, with a blank line above
/// every card) is the entry before it or a separator, and right under an
/// entry's heading is the heading's blank line (see [`Votes::count`]).
fn spacing(votes: &Votes) -> (bool, bool) {
    let (before, after) = (votes.before, votes.after);
    (before[0] > before[1], after[0] > after[1])
}

/// Whether something of `entry` other than its heading stands above
/// `label`: the label is not where the entry starts, nor right under its
/// heading.
fn inside(text: &str, entry: &Entry, label: &Label) -> bool {
    let (start, heading) = (label.span.start, entry.heading.span);
    if start <= heading.start {
        return false;
    }
    let between = text.get(heading.end as usize..start as usize).unwrap_or("");
    entry.heading.level == 0 || !between.trim().is_empty()
}

/// Whether `label` is inside a card and not its first line: an entry that
/// starts at its own label (`Q:` … `A:` cards) or is an inline card keeps
/// its parts on the lines it writes them on, as the card tools read a blank
/// line as the end of a card.
fn in_card(entry: &Entry, label: &Label) -> bool {
    matches!(entry.marker, Marker::Label | Marker::InlineCard)
        && entry.heading.span.start < label.span.start
}

/// The lines around a label that starts a line at the top level.
#[derive(Clone, Copy, Default)]
struct Gap {
    /// The line above is not blank.
    tight_before: bool,
    /// The label stands alone on its line with its body on the very next
    /// line.
    tight_after: bool,
    /// The label stands alone on its line.
    alone: bool,
}

/// The gap around a label; `None` for a label that does not start a line,
/// or inside an HTML block (`<details>` without a blank line), where a
/// blank line would end the block.
fn tightness(text: &str, span: Span) -> Option<Gap> {
    let start = span.start as usize;
    if start > 0 && text.as_bytes()[start - 1] != b'\n' {
        return None;
    }
    let above = text[..start].strip_suffix('\n').unwrap_or("");
    if in_html_block(above) {
        return None;
    }
    let line_above = above.rsplit('\n').next().unwrap_or("");
    let end = span.end as usize;
    let mut lines = text[end..].split('\n');
    let alone = lines.next().unwrap_or("").trim().is_empty();
    Some(Gap {
        tight_before: start > 0 && !line_above.trim().is_empty(),
        tight_after: alone && lines.next().is_some_and(|l| !l.trim().is_empty()),
        alone,
    })
}

/// Whether the run of non-blank lines that ends `above` opens with an HTML
/// block (a line starting with `<`): CommonMark ends such a block only at a
/// blank line.
fn in_html_block(above: &str) -> bool {
    let run_start = above
        .rsplit('\n')
        .take_while(|l| !l.trim().is_empty())
        .last()
        .unwrap_or("");
    run_start.starts_with('<')
}

impl Numbers {
    /// Entries numbered 1, 2, 3… in order; a group whose first entry is
    /// numbered 1 starts again at 1 (as `entry-numbering` reads it).
    /// Numbers in Chinese numerals are left.
    fn entry(&mut self, text: &str, entry: &Entry) {
        let (Some(number), Some(span)) = (entry.number, entry.heading.number_span) else {
            return;
        };
        // Numbers in Chinese numerals are left as written, and the entries
        // after them count on from them (as `entry-numbering` reads them).
        if !span.slice(text).bytes().all(|b| b.is_ascii_digit()) {
            self.follow(entry, number);
            return;
        }
        let new = match self.previous {
            Some(_) if number == 1 && self.category != entry.category => 1,
            Some(n) => n + 1,
            None => 1,
        };
        let number = new.to_string();
        // As for list items (see `list_numbers`): an entry that is a list
        // item of several lines keeps a number of another width, and the
        // entries after it count on from the number it keeps.
        let multiline = entry.span.slice(text).trim_end().contains('\n');
        if entry.marker == Marker::ListItem && number.len() != span.len() && multiline {
            self.follow(entry, number_of(entry));
            return;
        }
        self.follow(entry, new);
        add(&mut self.edits, span, number, text);
    }

    /// The next entry follows `number`, written in `entry`'s group (kept as
    /// a copy only when the group changes: entries come one at a time).
    fn follow(&mut self, entry: &Entry, number: u64) {
        self.previous = Some(number);
        if self.category != entry.category {
            self.category.clone_from(&entry.category);
        }
    }
}

fn number_of(entry: &Entry) -> u64 {
    entry.number.unwrap_or(0)
}

/// An ordered list's items numbered from its first number on. An item of
/// several lines keeps a number of another width (`9.` → `10.` would move
/// its content out of the item's indentation), as `list-numbering` offers
/// no safe fix for it.
fn list_numbers(text: &str, list: &List, edits: &mut Edits) {
    let Some(start) = list.start else { return };
    for (k, item) in list.items.iter().enumerate() {
        let marker = item.marker.slice(text);
        let digits = marker.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            continue;
        }
        let span = Span {
            start: item.marker.start,
            end: item.marker.start + digits as u32,
        };
        let number = (start + k as u64).to_string();
        let multiline = item.span.slice(text).trim_end().contains('\n');
        if number.len() != digits && multiline {
            continue;
        }
        add(edits, span, number, text);
    }
}

/// Every list of an entry (its preamble's and its sections'), nested ones
/// included.
fn for_each_list<'a>(entry: &'a Entry, mut visit: impl FnMut(&'a List)) {
    fn walk<'a>(list: &'a List, visit: &mut impl FnMut(&'a List)) {
        visit(list);
        for item in &list.items {
            for nested in &item.lists {
                walk(nested, visit);
            }
        }
    }
    let blocks = entry
        .preamble
        .iter()
        .chain(entry.sections.iter().flat_map(|s| &s.blocks));
    for block in blocks {
        if let Block::List(list) = block {
            walk(list, &mut visit);
        }
    }
}
