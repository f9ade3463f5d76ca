//! Matching pairs and ordering items edited where they stand: a pair's
//! side in its line, item or table row; an item in its list item or arrow
//! line; a distractor in its `Distractors:` or `→ x` line. A side or item
//! written as a code of the stem's list (`1-B`, `B → A → C`) becomes the
//! code of the stem's item that says the new text, else that item's text
//! is edited in the stem.

use super::{find, trimmed};
use qbank_core::answer_words::coded_line;
use qbank_core::{Block, Entry, Pair, SectionKind, Span};

/// A matching entry's pairs and distractors.
pub(super) struct Matching<'a> {
    pub(super) pairs: &'a [Pair],
    pub(super) distractors: &'a [String],
}

/// The edits that make the pairs and distractors `want`'s.
pub(super) fn matching(
    text: &str,
    entry: &Entry,
    body: Span,
    have: &Matching<'_>,
    want: &Matching<'_>,
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    if have.pairs.len() != want.pairs.len() {
        return Err(format!(
            "it has {} pairs where the entry has {}: add or remove pairs in the `answer` cell",
            want.pairs.len(),
            have.pairs.len()
        ));
    }
    let codes = codes(text, entry);
    // Pairs that share a line (`1-B, 2-A`) are found one after the other.
    let mut cursor = (Span::default(), 0usize);
    for (i, (old, new)) in have.pairs.iter().zip(want.pairs).enumerate() {
        let from = if cursor.0 == old.span {
            cursor.1
        } else {
            old.span.start as usize
        };
        let missing = || format!("pair {} is not written as the entry reads it", i + 1);
        let left = locate(text, old.span, from, &old.left, &codes).ok_or_else(missing)?;
        let mut end = left.span().end as usize;
        if old.left != new.left {
            left.replace(&new.left, &codes, edits);
        }
        if old.right.is_empty() && !new.right.is_empty() {
            return Err(format!(
                "pair {} has no right side in the bank: write it in the `answer` cell",
                i + 1
            ));
        }
        if !old.right.is_empty() {
            let right = locate(text, old.span, end, &old.right, &codes).ok_or_else(missing)?;
            end = right.span().end as usize;
            if old.right != new.right {
                right.replace(&new.right, &codes, edits);
            }
        }
        cursor = (old.span, end);
    }
    distractors(text, body, have, want.distractors, edits)
}

/// The distractors edited in place, or added after the last on a
/// `Distractors:` line.
fn distractors(
    text: &str,
    body: Span,
    have: &Matching<'_>,
    want: &[String],
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    let old = have.distractors;
    if want.len() > old.len() && want.starts_with(old) {
        let line = distractors_line(text, body)
            .ok_or("distractors are added on a `Distractors:` line: the answer has none")?;
        let line_text = line.slice(text);
        let separator = if line_text.contains('|') || !line_text.contains('、') {
            " | "
        } else {
            "、"
        };
        let at = line.end as usize;
        edits.push((
            Span::new(at, at),
            format!("{separator}{}", want[old.len()..].join(separator)),
        ));
        return Ok(());
    }
    if want.len() != old.len() {
        return Err(format!(
            "it has {} distractors where the entry has {}: remove distractors in the `answer` cell",
            want.len(),
            old.len()
        ));
    }
    let mut cursor = body.start as usize;
    for (old, new) in old.iter().zip(want) {
        let at = outside_pairs(text, cursor, body, old, have.pairs)
            .ok_or_else(|| format!("the distractor `{old}` is not written in the answer"))?;
        if old != new {
            edits.push((at, new.clone()));
        }
        cursor = at.end as usize;
    }
    Ok(())
}

/// Where `needle` first stands in `body` from `from`, outside every pair.
fn outside_pairs(
    text: &str,
    from: usize,
    body: Span,
    needle: &str,
    pairs: &[Pair],
) -> Option<Span> {
    let mut from = from;
    loop {
        let at = find(text, from, body.end as usize, needle)?;
        match pairs
            .iter()
            .find(|p| p.span.start < at.end && at.start < p.span.end)
        {
            Some(pair) => from = (pair.span.end as usize).max(at.end as usize),
            None => return Some(at),
        }
    }
}

/// The answer's `Distractors:` (`干扰项：`) line, trimmed.
fn distractors_line(text: &str, body: Span) -> Option<Span> {
    let mut at = body.start as usize;
    for line in body.slice(text).split('\n') {
        let span = trimmed(text, Span::new(at, at + line.len()));
        at += line.len() + 1;
        let t = span.slice(text).trim_start_matches('*');
        let named = ["Distractors", "Distractor", "Extra", "干扰项"]
            .iter()
            .any(|w| {
                t.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w))
                    && t[w.len()..]
                        .trim_start_matches('*')
                        .starts_with([':', '：'])
            });
        if named {
            return Some(span);
        }
    }
    None
}

/// The edits that put an ordering's items in `want`'s order and words.
pub(super) fn ordering(
    text: &str,
    entry: &Entry,
    have: &[String],
    want: &[String],
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    if have.len() != want.len() {
        return Err(format!(
            "it has {} items where the entry has {}: add or remove items in the `answer` cell",
            want.len(),
            have.len()
        ));
    }
    let answer = entry
        .section(SectionKind::Answer)
        .ok_or("the entry has no answer section")?;
    let list = answer.blocks.iter().find_map(Block::as_list);
    let changed = have.iter().zip(want).enumerate();
    if let Some(list) = list {
        for ((old, new), item) in have.iter().zip(want).zip(&list.items) {
            let from = item.marker.end as usize;
            let span = trimmed(text, Span::new(from, (item.text.end as usize).max(from)));
            if span.slice(text) != old {
                return Err(format!(
                    "the item `{old}` is not written as the entry reads it"
                ));
            }
            if old != new {
                edits.push((span, new.clone()));
            }
        }
        return Ok(());
    }
    let line = answer.body;
    let codes = codes(text, entry);
    let mut cursor = line.start as usize;
    for (i, (old, new)) in changed {
        let found = locate(text, line, cursor, old, &codes)
            .ok_or_else(|| format!("item {} is not written as the entry reads it", i + 1))?;
        cursor = found.span().end as usize;
        if old != new {
            found.replace(new, &codes, edits);
        }
    }
    Ok(())
}

/// An item the stem lists with a code (`1. Stack`, `B. FIFO`).
struct Code {
    code: String,
    item: String,
    /// Where its text stands in the stem.
    span: Span,
}

/// Where a side or item stands: written out, or as the code of the stem's
/// item `codes[k]`.
enum Found {
    Text(Span),
    Code(Span, usize),
}

impl Found {
    fn span(&self) -> Span {
        match self {
            Found::Text(s) | Found::Code(s, _) => *s,
        }
    }

    /// The edit that makes it say `new`.
    fn replace(&self, new: &str, codes: &[Code], edits: &mut Vec<(Span, String)>) {
        match self {
            Found::Text(span) => edits.push((*span, new.to_owned())),
            Found::Code(span, k) => match codes.iter().find(|c| c.item == new) {
                Some(other) => edits.push((*span, other.code.clone())),
                None => {
                    if let Some(code) = codes.get(*k) {
                        edits.push((code.span, new.to_owned()));
                    }
                }
            },
        }
    }
}

/// The first place from `from` in `region` where `old` stands, written
/// out or as the code of a stem item that says it.
fn locate(text: &str, region: Span, from: usize, old: &str, codes: &[Code]) -> Option<Found> {
    let end = region.end as usize;
    let mut best = find(text, from, end, old).map(Found::Text);
    for (k, code) in codes.iter().enumerate().filter(|(_, c)| c.item == old) {
        let Some(at) = whole_code(text, from, end, &code.code) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| at.start < b.span().start) {
            best = Some(Found::Code(at, k));
        }
    }
    best
}

/// Where `code` first stands as a word (not inside a longer one).
fn whole_code(text: &str, from: usize, end: usize, code: &str) -> Option<Span> {
    let mut from = from;
    loop {
        let at = find(text, from, end, code)?;
        let before = text[..at.start as usize].chars().next_back();
        let after = text[at.end as usize..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if !word(before) && !word(after) {
            return Some(at);
        }
        from = at.end as usize;
    }
}

/// The items the stem (between the heading and the answer) lists with a
/// code, as qbank-core reads them (`graded.rs`, `item_codes`).
fn codes(text: &str, entry: &Entry) -> Vec<Code> {
    let start = entry.heading.span.end as usize;
    let end = entry
        .section(SectionKind::Answer)
        .map_or(start, |a| a.span.start as usize);
    let mut out: Vec<Code> = Vec::new();
    let mut at = start;
    for line in text.get(start..end.max(start)).unwrap_or("").split('\n') {
        let line_start = at;
        at += line.len() + 1;
        let Some((code, item)) = coded_line(line) else {
            continue;
        };
        if out.iter().any(|c| c.code == code) {
            continue;
        }
        let item_start = line_start + super::offset_in(line, item);
        out.push(Code {
            code: code.to_owned(),
            item: item.to_owned(),
            span: Span::new(item_start, item_start + item.len()),
        });
    }
    out
}
