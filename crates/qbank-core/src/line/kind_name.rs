//! Headings that name a kind of question: `### 选择题`, `## 二、判断题（每题
//! 2 分）`, `## Part B: Short answer`. An exam paper groups its questions
//! under them; such a heading is a section, never an entry of its own (a
//! recollected paper with a line or two under each read as one card per
//! section, its questions lost in the answers).
//!
//! Written by hand: a fixed list of the names exam papers use, compared
//! after the section's number and its note on points are taken off (no
//! library knows them).

use crate::line::ws::Trim;

/// The Chinese names, each followed by `题` (`计算题`); without it, a
/// heading `计算` or `分析` may be anything.
const WITH_TI: [&str; 26] = [
    "选择",
    "单选",
    "单项选择",
    "多选",
    "多项选择",
    "不定项选择",
    "判断",
    "是非",
    "填空",
    "简答",
    "问答",
    "解答",
    "计算",
    "论述",
    "解释",
    "证明",
    "分析",
    "编程",
    "程序",
    "程序设计",
    "综合",
    "应用",
    "案例分析",
    "材料分析",
    "作图",
    "名词解释",
];

/// Names that stand alone (compared ignoring ASCII case), each also
/// followed by ` questions`.
const ALONE: [&str; 18] = [
    "单选",
    "多选",
    "判断",
    "填空",
    "名词解释",
    "multiple choice",
    "multiple-choice",
    "single choice",
    "single-choice",
    "true/false",
    "true or false",
    "true-false",
    "fill in the blank",
    "fill in the blanks",
    "fill-in-the-blank",
    "short answer",
    "short-answer",
    "long answer",
];

/// Words that name a kind only followed by ` questions` (`## Essay
/// questions`): alone, `## Matching` or `## Essay` may title anything.
const WITH_QUESTIONS: [&str; 2] = ["essay", "matching"];

/// Whether a heading's plain text names a kind of question.
pub(crate) fn names_kind(plain: &str) -> bool {
    // This runs for every heading at the entries' level: the name is
    // looked for at the end first (after a note in brackets), and the
    // number or `Part B:` before it only then (reading the number first
    // cost 2,000 instructions a heading, callgrind).
    let mut s = plain.trim_ws();
    // `判断题（每题 2 分，共 20 分）`, `Essay questions (20 points)`.
    for open in ['（', '('] {
        if let Some(i) = s.find(open) {
            s = s[..i].trim_ws();
        }
    }
    let s = s.trim_end_matches(['。', '.', ':', '：']).trim_ws();
    // Every name ends in one of these (or an ASCII letter), and none is
    // long: most headings are turned away here.
    let last = s.chars().next_back();
    if s.len() > 48
        || !last.is_some_and(|c| {
            c.is_ascii_alphabetic() || matches!(c, '题' | '选' | '断' | '空' | '释')
        })
    {
        return false;
    }
    if let Some(rest) = s.strip_suffix('题') {
        return WITH_TI
            .iter()
            .any(|n| rest.strip_suffix(n).is_some_and(only_numbered));
    }
    let named = |names: &[&str], s: &str| {
        names.iter().any(|n| {
            let cut = s.len().saturating_sub(n.len());
            s.get(cut..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(n))
                && s.get(..cut).is_some_and(only_numbered)
        })
    };
    match strip_suffix_caseless(s, " questions").or_else(|| strip_suffix_caseless(s, " question")) {
        Some(name) => named(&ALONE, name) || named(&WITH_QUESTIONS, name),
        None => named(&ALONE, s),
    }
}

/// Whether what stands before a kind's name is only a section number:
/// nothing, `一、`, `3.`, `Part B:`, `Section 2 —`.
fn only_numbered(head: &str) -> bool {
    let head = head.trim_ws();
    if head.is_empty() {
        return true;
    }
    let lower = head.to_ascii_lowercase();
    if (lower.starts_with("part ") || lower.starts_with("section "))
        && head.ends_with([':', '：', '—', '-', '–'])
    {
        return true;
    }
    crate::line::number::split_number(head)
        .is_some_and(|m| head[m.title_start..].trim_ws().is_empty())
}

fn strip_suffix_caseless<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::names_kind;

    #[test]
    fn names_of_kinds() {
        for name in [
            "选择题",
            "一、单选题",
            "二、判断题（每题 2 分，共 20 分）",
            "四、名词解释",
            "解答题",
            "计算题",
            "Multiple Choice",
            "Part B: Short answer questions",
            "Section 3 - Essay questions (20 points)",
            "True/False",
            "3. Fill in the blanks",
        ] {
            assert!(names_kind(name), "{name}");
        }
    }

    #[test]
    fn other_headings() {
        for heading in [
            "选择题的技巧有哪些？",
            "题目描述",
            "分析一下 Redis 的过期策略",
            "Essay writing tips",
            "Matching",
            "Essay",
            "What is a multiple choice question?",
            "1. 短跑比赛",
            "Answer",
            "",
        ] {
            assert!(!names_kind(heading), "{heading}");
        }
    }
}
