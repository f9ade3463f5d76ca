//! Whether two parses of a document say the same: the safety net of
//! [`format`](crate::format). Numbers, option letters and whitespace may
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
        && words(&a.title, choice) == words(&b.title, choice)
        && a.sections.len() == b.sections.len()
        && a.sections.iter().zip(&b.sections).all(|(x, y)| {
            x.kind == y.kind
                && words(body(old_text, a, x), choice) == words(body(new_text, b, y), choice)
        })
        && a.options.len() == b.options.len()
        && a.options.iter().zip(&b.options).all(|(x, y)| {
            x.correct == y.correct && words(&x.text, choice) == words(&y.text, choice)
        })
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

/// A text's words, line by line, without what formatting renumbers: list
/// numbers and (in choice entries) option letters at the start of a line,
/// and a choice key's letters.
fn words(text: &str, choice: bool) -> Vec<String> {
    text.lines()
        .map(|line| strip_marks(line.trim(), choice))
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn strip_marks(line: &str, choice: bool) -> String {
    let mut s = line;
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = s[digits..].strip_prefix(['.', ')']) {
            s = rest.trim_start();
        }
    }
    if !choice {
        return s.to_owned();
    }
    // `- [x] **(B).** text`: marker, box, bold and letter go.
    s = s.trim_start_matches(['-', '*', '+', ' ']);
    for b in ["[ ]", "[x]", "[X]"] {
        s = s.strip_prefix(b).unwrap_or(s).trim_start();
    }
    s = s.trim_start_matches(['*', '(', '（']);
    let mut chars = s.chars();
    if let (Some(c), Some(p)) = (chars.next(), chars.next()) {
        if ('A'..='J').contains(&c) && ".、:：)）．*,，;；/ ".contains(p) {
            return String::new() + chars.as_str().trim_start_matches(['*', ' ']);
        }
        if ('A'..='J').contains(&c) && chars.as_str().is_empty() {
            return String::new();
        }
    }
    if ('A'..='J').contains(&s.chars().next().unwrap_or(' ')) && s.len() == 1 {
        return String::new();
    }
    s.to_owned()
}
