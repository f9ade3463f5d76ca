//! Lines that open an answer: `<summary>` texts, solution quotes and
//! headings, exercise boxes' titles.

use super::labels::{LabelMatcher, Place};
use super::{atx_text, is_mark, quote_depth};
use crate::line::ws::Trim;

/// The text inside `<summary>…</summary>` on this line, tags removed.
pub(crate) fn summary_text(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = lower[start..]
        .find("</summary>")
        .map_or(line.len(), |i| start + i);
    let mut out = String::new();
    let mut in_tag = false;
    for c in line[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out.trim_ws().to_owned())
}

/// A summary's words without the marks before them (`🔍`) or
/// "show"/"查看" in front: `查看答案` → `答案`, `🔍 Reveal Answer` → `Answer`.
pub(crate) fn summary_words(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || is_mark(c));
    let s = s.trim_ws();
    for prefix in ["点击查看", "点击显示", "查看", "显示", "展开"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.trim_start_ws();
        }
    }
    for prefix in ["show ", "view ", "see ", "reveal ", "click to see "] {
        if s.len() > prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            return s[prefix.len()..].trim_start_ws();
        }
    }
    s
}

/// Whether a summary's text is a section label (`答案`, `查看答案`,
/// `Answer`, `Explanation`), or only asks to reveal what it hides.
pub(crate) fn summary_label(summary: &str, labels: &LabelMatcher) -> bool {
    let s = summary_words(summary);
    labels.match_at(s, 0, s.len(), Place::Heading, 0).is_some() || reveals_only(summary)
}

/// A summary that only asks to reveal what it hides (`show`, `🔍 Reveal`,
/// `Click to expand`, `展开`): what it hides is the answer.
pub(crate) fn reveals_only(summary: &str) -> bool {
    const REVEAL: [&str; 14] = [
        "show",
        "reveal",
        "expand",
        "toggle",
        "spoiler",
        "click",
        "click to show",
        "click to reveal",
        "click to expand",
        "show me",
        "展开",
        "点击展开",
        "显示",
        "查看",
    ];
    let end = ['.', '…', ':', '：', '!', ' '];
    let raw = summary
        .trim_matches(|c: char| c.is_whitespace() || is_mark(c))
        .trim_end_matches(end);
    let words = summary_words(summary).trim_end_matches(end);
    let reveal = |s: &str| s.len() <= 16 && REVEAL.iter().any(|w| w.eq_ignore_ascii_case(s));
    // `展开` is all prefix: nothing is left of it as words.
    (words.is_empty() && !raw.is_empty()) || reveal(raw) || reveal(words)
}

/// Words of a heading that opens a solution (compared as letters only,
/// lower case).
const SOLUTION_WORDS: [&str; 10] = [
    "solution",
    "solutions",
    "answer",
    "answers",
    "lösung",
    "solución",
    "solução",
    "解答",
    "答案",
    "参考答案",
];

/// `> > ## Solution`: a title that opens a solution, in a quote within a
/// quote (or deeper: `> > > ### {% icon solution %} Solution` in a
/// question box within a hands-on box).
pub(crate) fn is_solution_quote(line: &str) -> bool {
    let (depth, rest) = quote_depth(line);
    depth >= 2 && is_solution_title(rest)
}

/// `## Solution`: a heading whose words open a solution; in the Galaxy
/// Training Network's boxes, `<solution-title></solution-title>` or `###
/// {% icon solution %} Solution`.
pub(crate) fn is_solution_title(line: &str) -> bool {
    if tag_title(line, "solution").is_some() {
        return true;
    }
    let Some(text) = box_title(line) else {
        return false;
    };
    let words: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    SOLUTION_WORDS.contains(&words.as_str())
}

/// The title line of a box in a block quote (the text after its `>`): a
/// heading (`## Tracing Execution`, The Carpentries), its text without a
/// leading Liquid tag (`### {% icon question %} Questions`, the Galaxy
/// Training Network's older boxes), or the Network's `<question-title>…
/// </question-title>` (its text, often empty).
pub(crate) fn box_title(line: &str) -> Option<&str> {
    if let Some(title) = tag_title(line, "question") {
        return Some(title);
    }
    let text = atx_text(line)?;
    Some(
        match text.strip_prefix("{%").and_then(|r| r.split_once("%}")) {
            Some((_, rest)) => rest.trim_ws(),
            None => text,
        },
    )
}

/// `<NAME-title>text</NAME-title>` alone on a line: the text.
pub(crate) fn tag_title<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.trim_ws().strip_prefix('<')?.strip_prefix(name)?;
    let rest = rest.strip_prefix("-title")?;
    let rest = rest.strip_prefix('>').or_else(|| {
        // Attributes: `<question-title level="3">`.
        rest.starts_with(' ')
            .then(|| rest.split_once('>').map(|(_, r)| r))?
    })?;
    let inner = rest
        .strip_suffix('>')?
        .strip_suffix("-title")?
        .strip_suffix(name)?;
    inner.strip_suffix("</").map(str::trim)
}
