//! Whether two parses of a document say the same: the safety net of
//! [`format()`](crate::format()). Numbers, option letters and whitespace may
//! differ (formatting changes them); titles, sections, options, correct
//! marks, kinds, categories and the shape may not.

use qbank_core::{Document, Entry, Kind, Section, SectionKind};

pub(crate) fn says_the_same(
    old_text: &str,
    old: &Document,
    new_text: &str,
    new: &Document,
) -> bool {
    old.shape.marker == new.shape.marker
        && old.title.as_ref().map(|t| &t.text) == new.title.as_ref().map(|t| &t.text)
        && old.entries.len() == new.entries.len()
        && old
            .entries
            .iter()
            .zip(&new.entries)
            .all(|(a, b)| entry_same(old_text, a, new_text, b))
}

fn entry_same(old_text: &str, a: &Entry, new_text: &str, b: &Entry) -> bool {
    let choice = a.kind == Kind::Choice;
    a.kind == b.kind
        && a.marker == b.marker
        && a.category == b.category
        && same_words(&a.title, &b.title, choice)
        && a.sections.len() == b.sections.len()
        && a.sections.iter().zip(&b.sections).all(|(x, y)| {
            x.kind == y.kind && same_words(body(old_text, a, x), body(new_text, b, y), choice)
        })
        && a.options.len() == b.options.len()
        && a.options
            .iter()
            .zip(&b.options)
            .all(|(x, y)| x.correct == y.correct && same_words(&x.text, &y.text, choice))
}

/// A section's body; a choice key's line left out (relettering may change
/// its letters: the options' correct marks say what it says).
fn body<'a>(text: &'a str, entry: &Entry, section: &Section) -> &'a str {
    let body = section.body.slice(text);
    if section.kind == SectionKind::Answer && qbank_core::opens_with_key(text, entry) {
        return body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body
}

/// Whether two texts have the same words, line by line, leaving out what
/// formatting renumbers: list numbers and (in choice entries) option letters
/// at the start of a line. Compared without building anything: this runs
/// over every entry of every formatted bank.
fn same_words(a: &str, b: &str, choice: bool) -> bool {
    let mut x = a
        .lines()
        .map(|l| strip_marks(l.trim(), choice))
        .filter(|l| !l.is_empty());
    let mut y = b
        .lines()
        .map(|l| strip_marks(l.trim(), choice))
        .filter(|l| !l.is_empty());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.split_whitespace().eq(q.split_whitespace()) => {}
            _ => return false,
        }
    }
}

fn strip_marks(line: &str, choice: bool) -> &str {
    let mut s = line;
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = s[digits..].strip_prefix(['.', ')']) {
            s = rest.trim_start();
        }
    }
    if !choice {
        return s;
    }
    // `- [x] **(B).** text`: marker, box, bold and letter go.
    s = s.trim_start_matches(['-', '*', '+', ' ']);
    for b in ["[ ]", "[x]", "[X]"] {
        s = s.strip_prefix(b).unwrap_or(s).trim_start();
    }
    s = s.trim_start_matches(['*', '(', '（']);
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(p)) if ('A'..='J').contains(&c) && ".、:：)）．*,，;；/ ".contains(p) => {
            chars.as_str().trim_start_matches(['*', ' '])
        }
        (Some(c), None) if ('A'..='J').contains(&c) => "",
        _ => s,
    }
}
