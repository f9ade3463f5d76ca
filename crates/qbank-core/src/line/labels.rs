//! Section labels: the aliases that name each section, and the matcher that
//! recognises a label at the start of a line.

use crate::line::ws::Trim;
use crate::model::{Colon, LabelStyle, SectionKind, Span};
use serde::{Deserialize, Serialize};

/// The words that open each section, matched case-insensitively (ASCII).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Aliases of the question label.
    pub question: Vec<String>,
    /// Aliases of the answer label.
    pub answer: Vec<String>,
    /// Aliases of the analysis label.
    pub analysis: Vec<String>,
}

impl Default for Labels {
    fn default() -> Self {
        let own = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect();
        Labels {
            question: own(&[
                "题目",
                "问题",
                "题干",
                "问",
                "面试官",
                "面试题",
                "Question",
                "Practice Question",
                "Q",
                "Interviewer",
            ]),
            answer: own(&[
                "答案",
                "回答",
                "参考答案",
                "正确答案",
                "答",
                "候选人",
                "输出",
                "输出结果",
                "答え",
                "正解",
                "解答",
                "정답",
                "답",
                "面试题剖析",
                "Answer",
                "Suggested Answer",
                "Suggested Answers",
                "Candidate",
                "Solution",
                "A",
            ]),
            analysis: own(&[
                "解析",
                "分析",
                "答案解析",
                "详细解析",
                "参考解析",
                "解题思路",
                "解释",
                "解説",
                "해설",
                "Explanation",
                "Analysis",
            ]),
        }
    }
}

impl Labels {
    /// The aliases of one section kind.
    #[must_use]
    pub fn aliases(&self, kind: SectionKind) -> &[String] {
        match kind {
            SectionKind::Question => &self.question,
            SectionKind::Answer => &self.answer,
            SectionKind::Analysis => &self.analysis,
        }
    }
}

/// A label found in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LabelMatch {
    pub(crate) kind: SectionKind,
    /// Bold markers and colon included.
    pub(crate) span: Span,
    pub(crate) name_span: Span,
    pub(crate) style: LabelStyle,
    pub(crate) colon: Option<Colon>,
    pub(crate) colon_span: Option<Span>,
    /// Where the body may start: after the label and the spaces after it.
    pub(crate) body_start: usize,
}

/// Where a label is being looked for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// At the start of a line of a top-level paragraph.
    Paragraph,
    /// At the start of a heading's text.
    Heading,
}

/// Aliases compiled for matching: longest first, so that `答案解析` wins
/// over `答案`.
#[derive(Clone, Debug)]
pub(crate) struct LabelMatcher {
    aliases: Vec<(String, SectionKind)>,
    /// The aliases by their first byte (both ASCII cases), each list
    /// longest alias first: most lines start with a byte no alias starts
    /// with and need no comparison at all, and a Chinese line is compared
    /// only with the few aliases that share its first byte. (A lookup by
    /// the first character, decoded and binary-searched, cost a third of a
    /// label match: callgrind.)
    by_byte: Vec<Vec<u16>>,
    /// Per alias: whether it holds ASCII letters (compared ignoring case).
    caseless: Vec<bool>,
}

impl LabelMatcher {
    pub(crate) fn new(labels: &Labels) -> Self {
        let mut aliases: Vec<(String, SectionKind)> = SectionKind::ALL
            .iter()
            .flat_map(|&kind| {
                labels
                    .aliases(kind)
                    .iter()
                    .map(|a| a.trim_ws())
                    .filter(|a| !a.is_empty())
                    .map(move |a| (a.to_owned(), kind))
            })
            .collect();
        aliases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        aliases.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        // Labels come from `qbank.toml`: past u16::MAX aliases (none has a
        // use for so many), the rest are not matched.
        aliases.truncate(usize::from(u16::MAX));
        let mut by_byte: Vec<Vec<u16>> = vec![Vec::new(); 256];
        for (i, (alias, _)) in aliases.iter().enumerate() {
            let (Some(&b), Ok(i)) = (alias.as_bytes().first(), u16::try_from(i)) else {
                continue;
            };
            let lower = usize::from(b.to_ascii_lowercase());
            let upper = usize::from(b.to_ascii_uppercase());
            by_byte[lower].push(i);
            if upper != lower {
                by_byte[upper].push(i);
            }
        }
        let caseless = aliases
            .iter()
            .map(|(a, _)| a.bytes().any(|b| b.is_ascii_alphabetic()))
            .collect();
        LabelMatcher {
            aliases,
            by_byte,
            caseless,
        }
    }

    fn alias_at(&self, s: &str) -> Option<(usize, SectionKind)> {
        let bytes = s.as_bytes();
        let candidates = self.by_byte.get(usize::from(*bytes.first()?))?;
        candidates.iter().find_map(|&i| {
            let i = usize::from(i);
            let (alias, kind) = self.aliases.get(i)?;
            let a = alias.as_bytes();
            // An alias without ASCII letters (`答案`) is compared byte for
            // byte: case folding each byte cost most of a Chinese label's
            // match (callgrind).
            let same = match bytes.get(..a.len()) {
                Some(head) if self.caseless.get(i) == Some(&true) => head.eq_ignore_ascii_case(a),
                Some(head) => head == a,
                None => false,
            };
            same.then_some((a.len(), *kind))
        })
    }

    /// Match a label at byte `pos` of `text`, where `line_end` is the end of
    /// the line (or of the heading's text). Spans are shifted by `base`.
    pub(crate) fn match_at(
        &self,
        text: &str,
        pos: usize,
        line_end: usize,
        place: Place,
        base: usize,
    ) -> Option<LabelMatch> {
        let line = text.get(pos..line_end)?;
        let marker = match line.as_bytes() {
            [b'*', b'*', ..] => Some("**"),
            [b'_', b'_', ..] => Some("__"),
            _ => None,
        };
        let mut i = if marker.is_some() { 2 } else { 0 };
        if place == Place::Heading {
            // `### 📖 解析`: an emoji before a heading label.
            i = skip_marks(line, i);
        }
        // `【答案】`: a bracketed label.
        let bracket = line[i..].starts_with('【');
        if bracket {
            i += '【'.len_utf8();
        }
        let (alias_len, kind) = self.alias_at(&line[i..])?;
        let name = (pos + i, pos + i + alias_len);
        i += alias_len;
        if bracket {
            i += line[i..].starts_with('】').then_some('】'.len_utf8())?;
        }
        let after = after_name(line, i, marker, bracket, place)?;
        let style = if place == Place::Heading {
            LabelStyle::Heading
        } else {
            after.style
        };
        let sp = |(s, e): (usize, usize)| Span::new(base + s, base + e);
        Some(LabelMatch {
            kind,
            span: sp((pos, pos + after.end)),
            name_span: sp(name),
            style,
            colon: after.colon.map(|c| c.0),
            colon_span: after.colon.map(|c| sp((pos + c.1, pos + c.2))),
            body_start: base + pos + skip_blanks(line, after.end),
        })
    }
}

/// What follows a label's word: where the label ends, how it is written,
/// and its colon (with its bytes in the line).
struct AfterName {
    end: usize,
    style: LabelStyle,
    colon: Option<(Colon, usize, usize)>,
}

/// Read the colon and closing bold after a label's word, which ends at
/// byte `i` of `line`; `None` when the word is no label here (`**答案** 是`).
fn after_name(
    line: &str,
    mut i: usize,
    marker: Option<&str>,
    bracket: bool,
    place: Place,
) -> Option<AfterName> {
    let mut colon = None;
    let mut take_colon = |i: &mut usize| -> bool {
        let j = skip_blanks(line, *i);
        let Some(c) = colon_at(line, j) else {
            return false;
        };
        colon = Some((c, j, j + c.as_str().len()));
        *i = j + c.as_str().len();
        true
    };
    let style = if let Some(marker) = marker {
        if take_colon(&mut i) {
            // `**答案：**`: the bold must close right after the colon.
            let j = skip_blanks(line, i);
            if !line[j..].starts_with(marker) {
                return None;
            }
            i = j + 2;
            LabelStyle::Bold
        } else if line[i..].starts_with(marker) {
            i += 2;
            if take_colon(&mut i) {
                LabelStyle::BoldColonOutside
            } else if bracket || line[i..].trim_ws().is_empty() || place == Place::Heading {
                // `**答案**` alone on its line.
                LabelStyle::Bold
            } else {
                return None;
            }
        } else {
            return None;
        }
    } else if take_colon(&mut i) || bracket {
        LabelStyle::Plain
    } else if place == Place::Heading && is_heading_rest_empty(&line[i..]) {
        LabelStyle::Heading
    } else {
        return None;
    };
    Some(AfterName {
        end: i,
        style,
        colon,
    })
}

/// Skip emoji and symbols (and the blanks after them) from byte `i`.
fn skip_marks(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    let marks: usize = rest
        .chars()
        .take_while(|&c| crate::line::is_mark(c))
        .map(char::len_utf8)
        .sum();
    if marks == 0 {
        i
    } else {
        skip_blanks(s, i + marks)
    }
}

/// Skip spaces, tabs and ideographic spaces from byte `i`.
pub(crate) fn skip_blanks(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(0xE3) if s.get(i..i + 3) == Some("\u{3000}") => i += 3,
            _ => return i,
        }
    }
}

/// The colon at byte `i`, if any.
pub(crate) fn colon_at(s: &str, i: usize) -> Option<Colon> {
    let rest = s.get(i..)?;
    if rest.starts_with(':') {
        Some(Colon::Ascii)
    } else if rest.starts_with('：') {
        Some(Colon::Fullwidth)
    } else {
        None
    }
}

/// Whether what follows a heading label is empty: blanks, then an optional
/// closing sequence of `#`, or a `{#id}` attribute block.
fn is_heading_rest_empty(rest: &str) -> bool {
    let rest = rest.trim_ws();
    rest.is_empty()
        || rest.bytes().all(|b| b == b'#')
        || (rest.starts_with('{') && rest.ends_with('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(line: &str, place: Place) -> Option<(SectionKind, LabelStyle, Option<Colon>, String)> {
        let matcher = LabelMatcher::new(&Labels::default());
        matcher
            .match_at(line, 0, line.len(), place, 0)
            .map(|l| (l.kind, l.style, l.colon, line[l.body_start..].to_owned()))
    }

    #[test]
    fn label_forms() {
        use Colon::*;
        use LabelStyle::*;
        use SectionKind::*;
        let p = Place::Paragraph;
        assert_eq!(
            m("**题目：** 请", p),
            Some((Question, Bold, Some(Fullwidth), "请".into()))
        );
        assert_eq!(
            m("**答案**：x", p),
            Some((Answer, BoldColonOutside, Some(Fullwidth), "x".into()))
        );
        assert_eq!(m("**答案**", p), Some((Answer, Bold, None, "".into())));
        assert_eq!(
            m("解析: y", p),
            Some((Analysis, Plain, Some(Ascii), "y".into()))
        );
        assert_eq!(
            m("answer: y", p),
            Some((Answer, Plain, Some(Ascii), "y".into()))
        );
        assert_eq!(
            m("**Explanation:**", p),
            Some((Analysis, Bold, Some(Ascii), "".into()))
        );
        assert_eq!(m("答案解析：z", p).map(|x| x.0), Some(Analysis));
        assert_eq!(m("参考答案：z", p).map(|x| x.0), Some(Answer));
        assert_eq!(m("**答案** 是 x", p), None);
        assert_eq!(m("答案是 x", p), None);
        assert_eq!(m("Answer", p), None);
        assert_eq!(m("Quality: high", p), None);
        assert_eq!(m("**举例：** x", p), None);
        assert_eq!(m("**题目：请阐述**", p), None);
        assert_eq!(m("答案", Place::Heading).map(|x| x.1), Some(Heading));
        assert_eq!(m("答案：D", Place::Heading).map(|x| x.3), Some("D".into()));
        assert_eq!(m("题目大意", Place::Heading), None);
        assert_eq!(m("Answer ##", Place::Heading).map(|x| x.0), Some(Answer));
        assert_eq!(
            m("【答案】B", p).map(|x| (x.0, x.3)),
            Some((Answer, "B".into()))
        );
        assert_eq!(m("**【分析】** 因为", p).map(|x| x.0), Some(Analysis));
        assert_eq!(m("📖 解析", Place::Heading).map(|x| x.0), Some(Analysis));
        assert_eq!(m("详细解析：x", p).map(|x| x.0), Some(Analysis));
        assert_eq!(m("答：x", p).map(|x| x.0), Some(Answer));
        assert_eq!(m("答疑", Place::Heading), None);
        assert_eq!(m("Solution:", p).map(|x| x.0), Some(Answer));
    }
}
