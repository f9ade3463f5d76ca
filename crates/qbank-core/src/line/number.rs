//! Entry numbers at the start of a heading's or a bold paragraph's text:
//! `12.`, `12、`, `12)`, `1 .`, `Q1:`, `Q 1.`, `Question 1:`, `Problem 1.`,
//! `第1题`, `第 1 题`, `面试题1：`, `一、`.
//!
//! Written by hand: the forms are few and fixed, and a regex would cost a
//! dependency and more time per heading than these byte checks.

use crate::line::ws::Trim;
use crate::model::NumberSeparator;

/// An entry number found at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NumberMatch {
    pub(crate) value: u64,
    pub(crate) separator: NumberSeparator,
    /// Written with Chinese numerals.
    pub(crate) chinese: bool,
    /// The digits (or numerals), in bytes of the text.
    pub(crate) digits: (usize, usize),
    /// Where the title starts (after the separator and blanks).
    pub(crate) title_start: usize,
}

/// Words that may stand before an entry number, matched ignoring ASCII
/// case; `Q` last so that `Question` wins.
const PREFIXES: [&str; 6] = ["question", "problem", "面试题", "习题", "例题", "q"];

/// The entry number at the start of `text` (after leading blanks), if any.
pub(crate) fn split_number(text: &str) -> Option<NumberMatch> {
    let lead = text.len() - text.trim_start_ws().len();
    // `🔹 1. What is Docker?`: an emoji before the number.
    let marks: usize = text[lead..]
        .chars()
        .take_while(|&c| crate::line::is_mark(c))
        .map(char::len_utf8)
        .sum();
    let lead = if marks > 0 {
        blanks(text, lead + marks)
    } else {
        lead
    };
    if let Some(m) = ordinal(text, lead) {
        return Some(m);
    }
    let mut at = lead;
    let mut prefixed = false;
    for prefix in PREFIXES {
        let end = at + prefix.len();
        if text
            .get(at..end)
            .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
        {
            // `Q` must be followed by a digit, blank or dot (`Q1`, `Q 1`,
            // `Q.1`), not by a letter (`Quick`).
            let next = text.as_bytes().get(end).copied();
            if prefix.is_ascii() && !matches!(next, Some(b'0'..=b'9' | b' ' | b'\t' | b'.')) {
                continue;
            }
            at = end;
            if text[at..].starts_with('.') && prefix == "q" {
                at += 1;
            }
            at = blanks(text, at);
            prefixed = true;
            break;
        }
    }
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    let (value, chinese, len) = if digits > 0 {
        (text[at..at + digits].parse::<u64>().ok()?, false, digits)
    } else if prefixed {
        return None;
    } else {
        let len = numerals(&text[at..]);
        (chinese_number(&text[at..at + len])?, true, len)
    };
    let num_end = at + len;
    let (separator, sep_end) = separator(text, num_end, chinese, prefixed)?;
    Some(NumberMatch {
        value,
        separator,
        chinese,
        digits: (at, num_end),
        title_start: blanks(text, sep_end),
    })
}

/// `第1题`, `第 1 题`, `第一题`, with an optional colon or dot after.
fn ordinal(text: &str, at: usize) -> Option<NumberMatch> {
    if !text.get(at..)?.starts_with('第') {
        return None;
    }
    let start = blanks(text, at + '第'.len_utf8());
    let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    let (value, chinese, len) = if digits > 0 {
        (
            text[start..start + digits].parse::<u64>().ok()?,
            false,
            digits,
        )
    } else {
        let len = numerals(&text[start..]);
        (chinese_number(&text[start..start + len])?, true, len)
    };
    let after = blanks(text, start + len);
    let word = ["题", "問", "问"]
        .iter()
        .find(|w| text[after..].starts_with(**w))?;
    let mut end = after + word.len();
    let mut separator = NumberSeparator::Word;
    for (sep, kind) in [
        (":", NumberSeparator::Colon),
        ("：", NumberSeparator::Colon),
        (".", NumberSeparator::Dot),
        ("、", NumberSeparator::IdeographicComma),
    ] {
        if text[end..].starts_with(sep) {
            end += sep.len();
            separator = kind;
            break;
        }
    }
    Some(NumberMatch {
        value,
        separator,
        chinese,
        digits: (start, start + len),
        title_start: blanks(text, end),
    })
}

/// The separator after a number at `at`, and where it ends.
fn separator(
    text: &str,
    at: usize,
    chinese: bool,
    prefixed: bool,
) -> Option<(NumberSeparator, usize)> {
    let rest = &text[at..];
    if let Some(after) = rest.strip_prefix('.') {
        // `1.5` is a version number, not an entry.
        if after.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return None;
        }
        return Some((NumberSeparator::Dot, at + 1));
    }
    let seps: [(&str, NumberSeparator, bool); 6] = [
        ("、", NumberSeparator::IdeographicComma, true),
        ("．", NumberSeparator::FullwidthDot, true),
        (")", NumberSeparator::Paren, false),
        ("）", NumberSeparator::Paren, false),
        (":", NumberSeparator::Colon, false),
        ("：", NumberSeparator::Colon, true),
    ];
    for (sep, kind, for_chinese) in seps {
        if rest.starts_with(sep) && (!chinese || for_chinese) {
            // A colon after a bare number is a time or a ratio (`10:30`).
            if kind == NumberSeparator::Colon && !prefixed && sep == ":" {
                return None;
            }
            return Some((kind, at + sep.len()));
        }
    }
    if chinese {
        return None;
    }
    // `1 .`: a blank before the dot.
    let b = blanks(text, at);
    if b > at && text[b..].starts_with('.') && !text[b + 1..].starts_with('.') {
        return Some((NumberSeparator::Dot, b + 1));
    }
    // `Q1 What…`, `Question 1 …`: a prefix and a blank.
    if prefixed && (b > at || rest.is_empty()) {
        return Some((NumberSeparator::Word, b));
    }
    None
}

fn blanks(text: &str, at: usize) -> usize {
    crate::line::labels::skip_blanks(text, at)
}

/// Length in bytes of the Chinese numerals at the start of `s`.
fn numerals(s: &str) -> usize {
    s.chars()
        .take_while(|c| "零〇一二三四五六七八九十百千".contains(*c))
        .map(char::len_utf8)
        .sum()
}

/// `一` → 1, `十二` → 12, `二十` → 20, `一百零五` → 105.
pub(crate) fn chinese_number(s: &str) -> Option<u64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<(u64, &str)> {
        split_number(s).map(|m| (m.value, &s[m.title_start..]))
    }

    #[test]
    fn number_forms() {
        assert_eq!(n("12. 标题"), Some((12, "标题")));
        assert_eq!(n("1 . Which"), Some((1, "Which")));
        assert_eq!(n("Q1. What"), Some((1, "What")));
        assert_eq!(n("Q1: What"), Some((1, "What")));
        assert_eq!(n("Q 1. What"), Some((1, "What")));
        assert_eq!(n("q3 What"), Some((3, "What")));
        assert_eq!(n("第1题"), Some((1, "")));
        assert_eq!(n("第 12 题：什么"), Some((12, "什么")));
        assert_eq!(n("第三题 什么"), Some((3, "什么")));
        assert_eq!(n("面试题1：什么"), Some((1, "什么")));
        assert_eq!(n("Question 1: What"), Some((1, "What")));
        assert_eq!(n("Problem 1. Sum"), Some((1, "Sum")));
        assert_eq!(n("一、概述"), Some((1, "概述")));
        assert_eq!(n("3) x"), Some((3, "x")));
        assert_eq!(n("1.5 版本"), None);
        assert_eq!(n("10:30 meeting"), None);
        assert_eq!(n("Quick sort"), None);
        assert_eq!(n("Questions"), None);
        assert_eq!(n("2024 年"), None);
        assert_eq!(n("🔹 1. What is Docker?"), Some((1, "What is Docker?")));
    }
}
