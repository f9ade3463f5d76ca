//! The edits the model asks for: label style and colon, entry numbers,
//! list numbers, option letters. Each edit replaces a span the parser
//! found, so nothing else moves.

use crate::{ColonStyle, FmtOptions, LabelStyle};
use qbank_core::{Block, Document, Entry, Label, LabelStyle as Written, List, Marker, Span};
use std::collections::BTreeMap;

/// Replacements by start offset (one per span).
pub(crate) type Edits = BTreeMap<u32, (Span, String)>;

/// Every edit `doc` (parsed from `text`) asks for under `options`.
pub(crate) fn collect(text: &str, doc: &Document, options: &FmtOptions) -> Edits {
    // An entry read as a guess keeps its labels, list numbers and option
    // letters as written: formatting them would rewrite what qbank only
    // guessed at. Entry numbers are one sequence over the document, so they
    // are renumbered throughout (some renumbered and some not would break
    // the sequence `entry-numbering` reads).
    let mut edits = all(text, doc, options);
    let guessed = guessed(text, doc);
    if !guessed.is_empty() {
        edits.retain(|_, (span, _)| {
            !guessed
                .iter()
                .any(|g| g.start <= span.start && span.end <= g.end)
        });
    }
    if options.renumber_entries {
        let mut numbers = Edits::new();
        entry_numbers(text, doc, &mut numbers);
        edits.extend(numbers);
    }
    edits
}

/// The spans of the entries read as a guess.
pub(crate) fn guessed(text: &str, doc: &Document) -> Vec<Span> {
    doc.entries
        .iter()
        .filter(|e| qbank_core::assess(text, doc, e).level == qbank_core::Confidence::Guess)
        .map(|e| e.span)
        .collect()
}

/// Every edit the model asks for but entry numbers, guesses included.
fn all(text: &str, doc: &Document, options: &FmtOptions) -> Edits {
    let mut edits = Edits::new();
    labels(text, doc, options, &mut edits);
    if options.renumber_lists {
        for entry in &doc.entries {
            for_each_list(entry, |list| list_numbers(text, list, &mut edits));
        }
    }
    if options.reletter_options {
        for entry in &doc.entries {
            match qbank_core::reletter(text, entry) {
                Some(plan) if plan.safe => add_all(&mut edits, plan.edits),
                _ => {}
            }
        }
    }
    edits
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

/// The colon a label takes: `None` to keep the one written.
fn colon_for(label: &Label, style: ColonStyle) -> Option<&'static str> {
    match style {
        ColonStyle::Keep => None,
        ColonStyle::Fullwidth => Some("："),
        ColonStyle::Ascii => Some(":"),
        ColonStyle::Script if label.text.is_ascii() => Some(":"),
        ColonStyle::Script => Some("："),
    }
}

/// Paragraph labels in the chosen style, with the chosen colon; heading and
/// summary labels keep their style but take the colon.
fn labels(text: &str, doc: &Document, options: &FmtOptions, edits: &mut Edits) {
    let structural = doc
        .entries
        .iter()
        .flat_map(|e| &e.sections)
        .map(|s| &s.label)
        .filter(|l| !in_paragraph(l));
    for label in structural {
        if let (Some(span), Some(colon)) = (label.colon_span, colon_for(label, options.colon)) {
            add(edits, span, colon.to_owned(), text);
        }
    }
    let all = || {
        doc.entries
            .iter()
            .flat_map(|e| &e.sections)
            .map(|s| &s.label)
            .filter(|l| in_paragraph(l))
    };
    let bold = match options.labels {
        LabelStyle::Keep if options.colon == ColonStyle::Keep && !options.whitespace => return,
        LabelStyle::Bold => Some(true),
        LabelStyle::Plain => Some(false),
        LabelStyle::Keep => None,
        LabelStyle::Auto => {
            let plain = all().filter(|l| l.style == Written::Plain).count();
            Some(plain * 2 <= all().count())
        }
    };
    let spaced = spacing(text, doc);
    let keep = options.labels == LabelStyle::Keep && options.colon == ColonStyle::Keep;
    for entry in &doc.entries {
        let labels = entry.sections.iter().map(|s| &s.label);
        for label in labels.filter(|l| in_paragraph(l)) {
            let bold = bold.unwrap_or(label.style != Written::Plain);
            let mut written = if keep {
                label.span.slice(text).to_owned()
            } else {
                restyled(text, label, bold, options.colon)
            };
            if options.whitespace && !in_card(entry, label) {
                let gap = tightness(text, label.span).unwrap_or_default();
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
}

/// A paragraph label written bold or plain, with the colon `style` gives.
fn restyled(text: &str, label: &Label, bold: bool, style: ColonStyle) -> String {
    // A plain label needs its colon to stay a label.
    let colon = colon_for(label, style)
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
/// entry's heading is the heading's blank line.
fn spacing(text: &str, doc: &Document) -> (bool, bool) {
    let (mut before, mut after) = ([0usize; 2], [0usize; 2]);
    for entry in &doc.entries {
        let labels = entry.sections.iter().map(|s| &s.label);
        for label in labels.filter(|l| in_paragraph(l)) {
            let Some(gap) = tightness(text, label.span) else {
                continue;
            };
            if inside(text, entry, label) {
                before[usize::from(gap.tight_before)] += 1;
            }
            if gap.alone {
                after[usize::from(gap.tight_after)] += 1;
            }
        }
    }
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

/// Entries numbered 1, 2, 3… in order; a group whose first entry is
/// numbered 1 starts again at 1 (as `entry-numbering` reads it). Numbers in
/// Chinese numerals are left.
fn entry_numbers(text: &str, doc: &Document, edits: &mut Edits) {
    let mut previous: Option<(&Entry, u64)> = None;
    for entry in &doc.entries {
        let (Some(number), Some(span)) = (entry.number, entry.heading.number_span) else {
            continue;
        };
        // Numbers in Chinese numerals are left as written, and the entries
        // after them count on from them (as `entry-numbering` reads them).
        if !span.slice(text).bytes().all(|b| b.is_ascii_digit()) {
            previous = Some((entry, number));
            continue;
        }
        let new = match previous {
            Some((p, _)) if number == 1 && p.category != entry.category => 1,
            Some((_, n)) => n + 1,
            None => 1,
        };
        let number = new.to_string();
        // As for list items (see `list_numbers`): an entry that is a list
        // item of several lines keeps a number of another width, and the
        // entries after it count on from the number it keeps.
        let multiline = entry.span.slice(text).trim_end().contains('\n');
        if entry.marker == Marker::ListItem && number.len() != span.len() && multiline {
            previous = Some((entry, number_of(entry)));
            continue;
        }
        previous = Some((entry, new));
        add(edits, span, number, text);
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
