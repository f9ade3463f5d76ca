//! Options numbered as a list (`1.` … `3.`), answered by their numbers: a
//! lesson's knowledge check (`What's true about …?`, three items, then `A:
//! 3, an LLM is non-deterministic …`, `A: 2と3が正解です。`, `정답: 3번.`).
//!
//! A numbered list ends a question in many banks without being its
//! options (steps, parts of the question); it is read as options only when
//! a labelled answer opens by naming some of its items by number, and
//! every item is one short line.

use crate::line::ws::Trim;
use crate::model::{Block, ChoiceOption, Entry, LabelStyle, List, SectionKind};

/// The longest item read as an option (bytes): longer items are text.
const OPTION_MAX: usize = 400;

/// The options of `entry`'s question when its last block is such a list
/// and its answer names them; the question's body then stops before them.
pub(crate) fn detect(text: &str, entry: &mut Entry) -> Option<Vec<ChoiceOption>> {
    let answer = entry
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::Answer && s.label.style != LabelStyle::Implicit)?;
    let q = entry
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Question)?;
    let Some(Block::List(list)) = entry.sections[q].blocks.last() else {
        return None;
    };
    let mut options = options(text, list)?;
    let named = numbers(answer.body.slice(text))?;
    if named.iter().any(|&n| n == 0 || n > options.len()) {
        return None;
    }
    for n in named {
        if let Some(o) = options.get_mut(n - 1) {
            o.correct = true;
        }
    }
    let cut = list.span.start as usize;
    let section = &mut entry.sections[q];
    if let Some(body) = crate::line::trim(text, section.body.start as usize, cut) {
        section.body = body;
    }
    Some(options)
}

/// An ordered list's items as options labelled by the numbers they show
/// (`1.` `1.` `1.` shows 1, 2, 3): two or more, each one short line.
fn options(text: &str, list: &List) -> Option<Vec<ChoiceOption>> {
    let start = list.start?;
    if list.items.len() < 2 {
        return None;
    }
    list.items
        .iter()
        .zip(start..)
        .map(|(item, n)| {
            let t = item.text.slice(text).trim_ws();
            let one_line = !t.is_empty() && t.len() <= OPTION_MAX && !t.contains('\n');
            (one_line && item.lists.is_empty()).then(|| ChoiceOption {
                label: Some(n.to_string()),
                text: t.to_owned(),
                correct: false,
                marked: false,
                span: item.text,
            })
        })
        .collect()
}

/// The option numbers an answer opens with: `3, an LLM …` → [3], `2と3が正解`
/// → [2, 3], `2 and 3.` → [2, 3], `3번.` → [3]; `None` when it opens
/// otherwise (`30 years …` names no option either: a number must end
/// where a word or punctuation starts, not run into more digits).
fn numbers(answer: &str) -> Option<Vec<usize>> {
    const JOINS: [&str; 9] = [",", "、", "，", "と", "和", "及", "&", "와", "과"];
    let mut rest = answer.trim_start_ws();
    let mut out = Vec::new();
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            break;
        }
        out.push(rest[..digits].parse().ok()?);
        rest = &rest[digits..];
        // `3번` (Korean: "number 3"), `3.`, `3)`.
        rest = rest.strip_prefix('번').unwrap_or(rest);
        let after = rest.trim_start_ws();
        let join = JOINS
            .iter()
            .find_map(|j| after.strip_prefix(j))
            .or_else(|| after.strip_prefix("and "))
            .map(str::trim_start_ws);
        match join {
            Some(next) if next.starts_with(|c: char| c.is_ascii_digit()) => rest = next,
            _ => break,
        }
    }
    // The numbers must stand alone: followed by an end, a space,
    // punctuation or a word, never by a letter that makes them a quantity
    // (`3x`, `2nd`).
    let decimal =
        rest.starts_with(['.', ',']) && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    let ends = !decimal
        && rest
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
    (!out.is_empty() && ends).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn numbers_that_open_an_answer() {
        assert_eq!(numbers("3, an LLM is non-deterministic"), Some(vec![3]));
        assert_eq!(numbers("2と3が正解です。"), Some(vec![2, 3]));
        assert_eq!(numbers("3번. LLM은"), Some(vec![3]));
        assert_eq!(numbers("2, 3"), Some(vec![2, 3]));
        assert_eq!(numbers("1 and 3 are right."), Some(vec![1, 3]));
        assert_eq!(numbers("2が最良のプロンプトです。"), Some(vec![2]));
        assert_eq!(numbers("1が正解です。"), Some(vec![1]));
        assert_eq!(numbers("Because it varies"), None);
        assert_eq!(numbers("2nd option"), None);
        assert_eq!(numbers("300 ms"), None);
        assert_eq!(numbers("3.5 GB of memory"), None);
        assert_eq!(numbers(""), None);
    }
}
