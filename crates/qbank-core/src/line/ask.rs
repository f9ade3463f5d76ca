//! Lines that ask: a question's words and marks, bold and numbered
//! question lines, flashcard questions (`#card`).

use super::labels::{LabelMatcher, Place};
use super::number::split_number;
use super::{bold_inner, heading_content, is_heading, is_mark, list_item_content, question_link};
use crate::line::ws::Trim;
use crate::model::SectionKind;

/// Whether a heading's or a bold text's plain text asks a question: it ends
/// in `?` or `？`, after trailing emoji, difficulty marks, `*` and blanks.
pub(crate) fn asks(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '`' | ')' | ']') || is_mark(c)
    });
    t.ends_with('?') || t.ends_with('？') || super::blank::has_blank(text)
}

/// Words that open a question or a request for one, compared ignoring
/// ASCII case at the start of a title (a word boundary after the Latin
/// ones).
const ASKING_STARTS: [&str; 40] = [
    "what",
    "why",
    "how",
    "when",
    "which",
    "who",
    "where",
    "explain",
    "describe",
    "compare",
    "define",
    "discuss",
    "list",
    "name",
    "give",
    "¿",
    "qu'est",
    "pourquoi",
    "comment",
    "expliquez",
    "décrivez",
    "что",
    "как",
    "почему",
    "зачем",
    "опишите",
    "объясните",
    "什么",
    "为什么",
    "为何",
    "如何",
    "怎么",
    "怎样",
    "请",
    "简述",
    "说明",
    "谈谈",
    "介绍",
    "比较",
    "列举",
];

/// Polite request endings that ask for an answer (`…教えてください。`,
/// `…설명하세요.`).
const ASKING_ENDS: [&str; 6] = ["ください", "ですか", "ますか", "세요", "니까", "나요"];

/// Whether a title asks in words, not by its `?`: it opens with an
/// interrogative or a request (`Explain …`, `什么是…`, `Опишите …`) or ends
/// with a polite request (`…を教えてください。`). Used only where the
/// document's other titles at that level ask: alone it says too little.
pub(crate) fn asks_in_words(text: &str) -> bool {
    let t = text.trim_ws();
    let end = t.trim_end_matches(['。', '.', '!', '！', ' ']);
    // An exclamation before the request cheers, it asks nothing:
    // `수고하셨습니다! 여정을 계속하세요` ("Well done! Keep going").
    if ASKING_ENDS.iter().any(|e| end.ends_with(e)) && !end.contains(['!', '！']) {
        return true;
    }
    ASKING_STARTS.iter().any(|w| {
        t.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
            && (!w.is_ascii() || !t[w.len()..].starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// A paragraph's first line that makes it a question: wholly bold
/// (`**What is regression? 👶**`, punctuation after allowed), or bold
/// starting with an entry number (`**1)** …`, `**2) Factorial**.`).
#[cfg(test)]
pub(crate) fn is_bold_question(line: &str) -> bool {
    bold_question(line).is_some()
}

/// A bold question line that asks (`?`) or is numbered: what makes a
/// document one of bold questions (then every [`is_bold_question`] line is
/// one, `**Precision-recall trade-off ⭐️**` too).
pub(crate) fn bold_asks(line: &str) -> bool {
    bold_question(line)
        .is_some_and(|(s, e, _)| asks(&line[s..e]) || split_number(&line[s..e]).is_some())
}

/// A flashcard id at the end of a heading's text: `Question (66b3661f-…)`,
/// `Deck (3714486828)`. Returns the id and where the title before it ends.
pub(crate) fn card_id(title: &str) -> Option<(&str, usize)> {
    let t = title.trim_end_ws();
    let inner_end = t.strip_suffix(')')?.len();
    let open = t[..inner_end].rfind('(')?;
    let id = &t[open + 1..inner_end];
    let hexish = id.len() >= 6
        && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && id.bytes().any(|b| b.is_ascii_digit());
    hexish.then_some((id, t[..open].trim_end_ws().len()))
}

/// The bold part of a bold question line: `(inner_start, inner_end,
/// bold_end)` in bytes of `line`.
pub(crate) fn bold_question(line: &str) -> Option<(usize, usize, usize)> {
    let marker = if line.starts_with("**") {
        b'*'
    } else if line.starts_with("__") {
        b'_'
    } else {
        return None;
    };
    let bytes = line.as_bytes();
    let close = memchr::memchr_iter(marker, &bytes[2..])
        .map(|i| i + 2)
        .find(|&i| bytes.get(i + 1) == Some(&marker) && i > 2)?;
    let inner = &line[2..close];
    if inner.trim_ws().is_empty() || inner.starts_with(char::is_whitespace) {
        return None;
    }
    let after = line[close + 2..].trim_end_ws();
    let after = after
        .strip_suffix("<br>")
        .or(after.strip_suffix("<br/>"))
        .unwrap_or(after);
    let whole = after
        .trim_ws()
        .chars()
        .all(|c| matches!(c, '.' | ':' | '：' | '?' | '？' | '。') || is_mark(c));
    let numbered = split_number(inner).is_some();
    // `**Example 1:**`, `**Constraints**:`: a caption, not a question.
    let caption = inner.trim_end_ws().ends_with([':', '：'])
        || after.trim_start_ws().starts_with([':', '：']);
    ((whole && !caption) || numbered).then_some((2, close, close + 2))
}

/// A paragraph's first line that starts with an entry number, not as a
/// list marker (`1、`, `1．`, `第1题`, `Q1:`), and asks: `1、什么是进程？`.
pub(crate) fn numbered_question(line: &str) -> Option<crate::line::number::NumberMatch> {
    let m = split_number(line)?;
    // `1. ` and `1) ` open list items, not paragraphs.
    let list = matches!(
        m.separator,
        crate::model::NumberSeparator::Dot | crate::model::NumberSeparator::Paren
    ) && line[m.digits.1..].starts_with(['.', ')'])
        && line[m.digits.1 + 1..].starts_with([' ', '\t']);
    (!list)
        .then_some(m)
        .filter(|m| asks(&line[m.title_start..]))
}

/// A list item that holds a question: `- **Question:** …`,
/// `1. **What is X?** …`, `- [问题？](link)`.
pub(crate) fn is_list_question(line: &str, labels: &LabelMatcher) -> bool {
    let Some(content) = list_item_content(line) else {
        return false;
    };
    if let Some(m) = labels.match_at(content, 0, content.len(), Place::Paragraph, 0) {
        return m.kind == SectionKind::Question;
    }
    // `34. ### What are the lifecycle methods?`: a heading in the item.
    if let Some(level) = is_heading(content) {
        return asks(heading_content(content, level));
    }
    if let Some(text) = question_link(content) {
        return asks(text);
    }
    if card_question(content).is_some() {
        return true;
    }
    match bold_inner(content) {
        Some(inner) => asks(inner),
        None => false,
    }
}

/// A Logseq card: a list item's text tagged `#card` at its end (`- What
/// is X? #DevOps #card`), its child items the answer. The length of the
/// question before the trailing tags.
pub(crate) fn card_question(content: &str) -> Option<usize> {
    let mut end = content.trim_end_ws().len();
    let mut card = false;
    while let Some((at, blank)) = content[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
    {
        let word = &content[at + blank.len_utf8()..end];
        let Some(tag) = word.strip_prefix('#') else {
            break;
        };
        card |= tag.eq_ignore_ascii_case("card");
        end = content[..at].trim_end_ws().len();
    }
    (card && end > 0).then_some(end)
}

/// A plain numbered item (`1. 题干`, not bold, a link or a heading).
pub(crate) fn is_choice_stem(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit())
        && list_item_content(line)
            .is_some_and(|c| !c.trim_ws().is_empty() && !c.starts_with(['*', '_', '[', '#', '<']))
}

#[cfg(test)]
mod tests {
    use super::{asks_in_words, card_question, is_bold_question};

    #[test]
    fn requests_ask_and_cheers_do_not() {
        assert!(asks_in_words("HTML5의 장점을 설명하세요."));
        assert!(asks_in_words("CSSの詳細度について教えてください。"));
        assert!(!asks_in_words("수고하셨습니다! 여정을 계속하세요"));
        assert!(!asks_in_words("お疲れさまでした！学習を続けてください"));
    }

    #[test]
    fn bold_questions() {
        assert!(is_bold_question("**What is regression? 👶**"));
        assert!(is_bold_question("**1)** The number of ads."));
        assert!(is_bold_question("**2) Factorial**. Calculate"));
        assert!(is_bold_question("**1. 什么是 Token？**"));
        assert!(!is_bold_question("**Bias** is the error"));
        assert!(!is_bold_question("** x**"));
        assert!(!is_bold_question("**Example 1:**"));
        assert!(!is_bold_question("**Constraints**:"));
    }

    #[test]
    fn cards_end_in_tags() {
        assert_eq!(card_question("What is X? #k8s #card"), Some(10));
        assert_eq!(card_question("What is X?\u{3000}#card"), Some(10));
        assert_eq!(card_question("What is X? #k8s"), None);
        assert_eq!(card_question("#card"), None);
        assert_eq!(card_question("a\u{a0}#card\u{3000}"), Some(1));
    }
}
