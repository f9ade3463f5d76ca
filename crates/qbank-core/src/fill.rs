//! Fill-in-the-blank entries: blanks in the question (`____`, `（ ）`, a
//! cloze `{{c1::…}}`) and their answers, read from the cloze itself or cut
//! from the answer (`答案：页号；页内偏移`) only where the parts match the
//! blanks. An entry whose reading is unclear (a long answer under a blank)
//! stays open, as it was before fill entries existed.
//!
//! Written by hand: the answer's cutting follows the conventions of exam
//! papers (`；`, `、`, `(1) … (2) …`), which no Markdown library knows.

use crate::line::blank::{Found, Syntax, find};
use crate::line::ws::Trim;
use crate::model::{
    Blank, BlankStyle, Block, Cloze, Entry, Kind, LabelStyle, Section, SectionKind, Span,
};

/// Which clozes `text` writes beyond Anki's: `config` is `[entries]
/// highlight-cloze`; unset, the document's own tags decide.
#[cfg(test)]
fn cloze(text: &str, config: Option<bool>) -> Cloze {
    configured(tagged(text), config)
}

/// The clozes the document's own tags ask for.
pub(crate) fn tagged(text: &str) -> Cloze {
    let front = &text[..crate::shape::front_matter_end(text)];
    if front
        .lines()
        .any(|l| l.trim_start_ws().starts_with("cards-deck:"))
    {
        return Cloze::Flashcards;
    }
    if front.lines().any(|l| l.contains("flashcards")) || tagged_flashcards(text) {
        return Cloze::SpacedRepetition;
    }
    Cloze::Anki
}

/// What the tags ask for, as `[entries] highlight-cloze` (`config`)
/// overrides it.
pub(crate) fn configured(tagged: Cloze, config: Option<bool>) -> Cloze {
    match (config, tagged) {
        (Some(false), _) => Cloze::Anki,
        (Some(true), Cloze::Anki) => Cloze::Highlight,
        (_, tagged) => tagged,
    }
}

/// Whether `text` holds the tag `#flashcards` (or `#flashcards/deck`).
fn tagged_flashcards(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"#flashcards").any(|i| {
        let before = text[..i].chars().next_back();
        let after = text[i + 11..].chars().next();
        before.is_none_or(char::is_whitespace)
            && after.is_none_or(|c| c.is_whitespace() || c == '/')
    })
}

/// The syntaxes [`find`] reads for a document's [`Cloze`].
pub(crate) fn syntax(cloze: Cloze) -> Syntax {
    Syntax {
        highlight: !cloze.is_anki(),
        curly: cloze == Cloze::SpacedRepetition,
        braces: cloze == Cloze::Flashcards,
    }
}

/// Make `entry` a fill entry when its question holds blanks (open entries
/// only: in a choice stem `（ ）` is where the letter goes).
pub(crate) fn detect(text: &str, entry: &mut Entry, cloze: Cloze) {
    if entry.kind != Kind::Open {
        return;
    }
    let syntax = syntax(cloze);
    cloze_under_title(text, entry, syntax);
    let answer = entry
        .section(SectionKind::Answer)
        .filter(|s| !s.body.is_empty());
    // `（ ）` is a blank where a key label answers it (`答案：共享`).
    let brackets = answer.is_some_and(|a| a.label.style != LabelStyle::Implicit);
    let found = question_blanks(text, entry, syntax, brackets);
    if found.is_empty() {
        return;
    }
    let blanks = if found.iter().any(|(f, _)| f.style.holds_answer()) {
        clozes(text, &found)
    } else {
        match answered(text, &found, answer) {
            Some(blanks) => blanks,
            None => return,
        }
    };
    entry.blanks = blanks;
    entry.kind = Kind::Fill;
    retitle(text, entry);
}

/// A title read from the question's first line shows a cloze's answer, not
/// its syntax: `The mitochondria is …`, not `The {{c1::mitochondria}} is …`.
fn retitle(text: &str, entry: &mut Entry) {
    let from_question = entry
        .section(SectionKind::Question)
        .is_none_or(|q| q.body.start == entry.heading.title_span.start);
    if !from_question || !entry.blanks.iter().any(|b| b.style.holds_answer()) {
        return;
    }
    let shown = question_with_blanks(text, entry, |b| {
        b.answers.first().cloned().unwrap_or_default()
    });
    let first = shown.lines().next().unwrap_or("");
    entry.title = crate::parse::strip_markup(first);
}

/// Under a heading that only names it (`## 1. The cell`, then `The
/// {{c1::mitochondria}} is …`), the text with the clozes is the question,
/// not the heading's answer: the reading took the blocks under the heading
/// for the answer, and they become the question.
fn cloze_under_title(text: &str, entry: &mut Entry, syntax: Syntax) {
    let titled = entry
        .section(SectionKind::Question)
        .is_none_or(|q| q.label.style == LabelStyle::Implicit);
    let Some(i) = entry
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Answer && s.label.style == LabelStyle::Implicit)
    else {
        return;
    };
    let holds_cloze = entry.sections[i]
        .blocks
        .iter()
        .filter(|b| !matches!(b, Block::Code { .. } | Block::Html { .. }))
        .any(|b| {
            let s = b.span().slice(text);
            find(s, syntax, false)
                .iter()
                .any(|f| f.style.holds_answer())
        });
    let asks = entry
        .section(SectionKind::Question)
        .is_some_and(|q| crate::line::ask::asks(q.body.slice(text)));
    if titled && holds_cloze && !asks {
        entry.sections[i].kind = SectionKind::Question;
        let keep = entry.sections[i].span;
        entry
            .sections
            .retain(|s| s.kind != SectionKind::Question || s.span == keep);
    }
}

/// The blanks of the question, each with the offset of the text it was
/// found in.
fn question_blanks(
    text: &str,
    entry: &Entry,
    syntax: Syntax,
    brackets: bool,
) -> Vec<(Found, usize)> {
    let spans: Vec<Span> = match entry.section(SectionKind::Question) {
        Some(q) if q.blocks.is_empty() => vec![q.body],
        Some(q) => q
            .blocks
            .iter()
            .filter(|b| !matches!(b, Block::Code { .. } | Block::Html { .. }))
            .map(Block::span)
            .filter(|s| s.start < q.body.end)
            .map(|s| {
                Span::new(
                    s.start.max(q.body.start) as usize,
                    s.end.min(q.body.end) as usize,
                )
            })
            .collect(),
        None => vec![entry.heading.title_span],
    };
    let mut out = Vec::new();
    for span in spans {
        let s = span.slice(text);
        if crate::line::blank::may_hold(s) {
            let at = span.start as usize;
            out.extend(find(s, syntax, brackets).into_iter().map(|f| (f, at)));
        }
    }
    out
}

/// Clozes answer themselves; underscores or brackets among them are text.
fn clozes(text: &str, found: &[(Found, usize)]) -> Vec<Blank> {
    let mut next = 1;
    let mut blanks = Vec::new();
    for (f, at) in found.iter().filter(|(f, _)| f.style.holds_answer()) {
        let number = f.number.unwrap_or(next);
        next = next.max(number) + 1;
        let answer = f
            .answer
            .clone()
            .map(|r| Span::new(at + r.start, at + r.end));
        let answers = answer
            .map(|s| plain(s.slice(text)))
            .filter(|a| !a.is_empty())
            .into_iter()
            .collect();
        blanks.push(Blank {
            number,
            style: f.style,
            span: Span::new(at + f.range.start, at + f.range.end),
            answers,
            hint: f
                .hint
                .clone()
                .map(|r| plain(&text[at + r.start..at + r.end]))
                .filter(|h| !h.is_empty()),
            answer_span: answer,
        });
    }
    blanks
}

/// Underscores and brackets answered by the answer section: `None` when
/// the reading is unclear (brackets without an answer, a long answer).
fn answered(text: &str, found: &[(Found, usize)], answer: Option<&Section>) -> Option<Vec<Blank>> {
    let mut blanks: Vec<Blank> = found
        .iter()
        .zip(1..)
        .map(|((f, at), number)| Blank {
            number,
            style: f.style,
            span: Span::new(at + f.range.start, at + f.range.end),
            ..Blank::default()
        })
        .collect();
    let Some(answer) = answer else {
        // An unanswered `____` is still a blank; `（ ）` alone is not.
        return blanks
            .iter()
            .all(|b| b.style == BlankStyle::Underscores)
            .then_some(blanks);
    };
    let parts = parts(text, answer, blanks.len())?;
    if let Some(parts) = parts {
        if blanks.len() == 1 && parts.len() == 1 && is_letter_key(&parts[0].1[0]) {
            // `答案：B` under `（ ）`: a choice whose options went unread.
            return None;
        }
        for (blank, (span, answers)) in blanks.iter_mut().zip(parts) {
            blank.answer_span = Some(span);
            blank.answers = answers;
        }
    }
    Some(blanks)
}

/// A lone option letter: `B`, `AC`.
fn is_letter_key(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| matches!(b, b'A'..=b'F'))
}

/// One blank's answer: where it is written and its accepted forms.
type Part = (Span, Vec<String>);

/// The answer cut into `n` parts. `None`: the answer is no short answer
/// (the entry stays open); `Some(None)`: it is, but does not cut into `n`
/// parts (the blanks stay unanswered, and `fill-answer-count` says so).
fn parts(text: &str, answer: &Section, n: usize) -> Option<Option<Vec<Part>>> {
    if let [Block::List(list)] = answer.blocks.as_slice() {
        if n > 1 && list.items.len() == n && list.items.iter().all(|i| i.lists.is_empty()) {
            let parts = list.items.iter().map(|i| part(text, i.text)).collect();
            return Some(Some(parts));
        }
    }
    let body = answer.body;
    let mut lines = Vec::new();
    let mut accepted = None;
    let mut pos = body.start as usize;
    for line in body.slice(text).split('\n') {
        let span = Span::new(pos, pos + line.len());
        pos += line.len() + 1;
        match accepted_rest(line) {
            Some(rest) => accepted = Some(rest.to_owned()),
            None if !line.trim_ws().is_empty() => lines.push(span),
            None => {}
        }
    }
    let mut parts = match lines.as_slice() {
        [line] => split(text, *line, n),
        many if n > 1 && many.len() == n => Some(
            many.iter()
                .map(|l| part(text, unnumbered(text, *l)))
                .collect(),
        ),
        _ => return None,
    };
    if let (Some(rest), Some([(_, answers)])) = (accepted, parts.as_deref_mut()) {
        for alt in rest.split('|').map(plain).filter(|a| !a.is_empty()) {
            if !answers.contains(&alt) {
                answers.push(alt);
            }
        }
    }
    Some(parts)
}

/// The rest of an `Accepted: a | b` line.
pub fn accepted_rest(line: &str) -> Option<&str> {
    let t = line.trim_start_ws();
    ["Accepted", "Also accepted", "可接受答案", "可接受", "也可"]
        .iter()
        .find_map(|w| {
            let head = t.get(..w.len())?;
            head.eq_ignore_ascii_case(w)
                .then(|| t[w.len()..].trim_start_matches(['*']))
        })
        .and_then(|r| r.strip_prefix(':').or_else(|| r.strip_prefix('：')))
        .map(|r| r.trim_start_matches('*'))
}

/// A line cut into `n` parts: numbered (`(1) a (2) b`, `①a②b`), else on
/// the first separator that gives `n` parts (`；`, `、`, `，`).
fn split(text: &str, line: Span, n: usize) -> Option<Vec<Part>> {
    if n == 1 {
        return Some(vec![part(text, line)]);
    }
    let s = line.slice(text);
    let at = line.start as usize;
    if let Some(cuts) = numbered_cuts(s, n) {
        return Some(
            cuts.iter()
                .map(|r| part(text, Span::new(at + r.start, at + r.end)))
                .collect(),
        );
    }
    for seps in [&[';', '；'][..], &['、'], &[',', '，']] {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, c) in s.char_indices().filter(|(_, c)| seps.contains(c)) {
            pieces.push(start..i);
            start = i + c.len_utf8();
        }
        pieces.push(start..s.len());
        if pieces.len() == n && pieces.iter().all(|r| !s[r.clone()].trim_ws().is_empty()) {
            return Some(
                pieces
                    .into_iter()
                    .map(|r| part(text, Span::new(at + r.start, at + r.end)))
                    .collect(),
            );
        }
    }
    None
}

/// `(1) a (2) b`, `（1）a（2）b`, `①a②b`: the text after each of the
/// markers 1 to `n`, when exactly those stand in the line.
fn numbered_cuts(s: &str, n: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let mut marks = Vec::new();
    for k in 1..=n {
        let forms = [
            format!("({k})"),
            format!("（{k}）"),
            char::from_u32(0x245F + k as u32).map_or_else(String::new, String::from),
        ];
        let from = marks.last().map_or(0, |&(_, end)| end);
        let (i, len) = forms
            .iter()
            .filter(|f| !f.is_empty())
            .find_map(|f| s[from..].find(f.as_str()).map(|i| (from + i, f.len())))?;
        marks.push((i, i + len));
    }
    if s[..marks[0].0].trim_ws() != "" {
        return None;
    }
    let cuts = (0..n)
        .map(|k| marks[k].1..marks.get(k + 1).map_or(s.len(), |m| m.0))
        .collect();
    Some(cuts)
}

/// A line without the `(1)` or `1.` it starts with.
fn unnumbered(text: &str, line: Span) -> Span {
    let s = line.slice(text);
    let t = s.trim_start_ws();
    let lead = s.len() - t.len();
    let rest = crate::line::number::split_number(t)
        .map(|m| &t[m.title_start..])
        .or_else(|| {
            let inner = t.strip_prefix(['(', '（'])?;
            let close = inner.find([')', '）'])?;
            let after = &inner[close..];
            Some(&after[after.chars().next()?.len_utf8()..])
        })
        .unwrap_or(t);
    let start = line.start as usize + lead + (t.len() - rest.len());
    Span::new(start.min(line.end as usize), line.end as usize)
}

/// One part: its span trimmed, its answers (`a 或 b`: two).
fn part(text: &str, span: Span) -> Part {
    let span = crate::line::trim(text, span.start as usize, span.end as usize).unwrap_or(span);
    let answers = alternatives(span.slice(text))
        .into_iter()
        .map(plain)
        .filter(|a| !a.is_empty())
        .collect();
    (span, answers)
}

/// `TCP 或 传输控制协议`: the answers `或` separates (not `或者`, `或许`).
pub fn alternatives(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices('或') {
        let after = s[i + 3..].chars().next();
        if !matches!(after, Some('者' | '许' | '是' | '则')) {
            out.push(&s[start..i]);
            start = i + 3;
        }
    }
    out.push(&s[start..]);
    out
}

/// An answer as typed: the bold, italics or code span that wraps it whole
/// removed, closing punctuation dropped; what stands inside is kept as
/// written (`Vec<T>`, `2 * 3`, `1 < 2`).
pub fn plain(s: &str) -> String {
    let mut t = s.trim_ws();
    loop {
        let t0 = t
            .trim_end_matches(['。', '．', '；', ';', '，', ','])
            .trim_ws();
        let t0 = t0
            .strip_suffix('.')
            .filter(|r| !r.ends_with('.'))
            .unwrap_or(t0);
        let unwrapped = ["**", "__", "`", "*", "_"].iter().find_map(|m| {
            t0.strip_prefix(m)
                .and_then(|r| r.strip_suffix(m))
                .filter(|r| !r.is_empty() && !r.starts_with(m))
        });
        match unwrapped {
            Some(inner) => t = inner.trim_ws(),
            None => return t0.to_owned(),
        }
    }
}

/// A fill entry's question as Markdown source, each blank replaced by what
/// `replace` makes of it: `{{c1::共享}}` for an Anki cloze, `{=共享}` for
/// GIFT, a `[blank1]` for Canvas. Blanks outside the question (none are
/// read there) are left out. For other entries, the question as written.
///
/// ```
/// use qbank_core::{ParseOptions, parse, question_with_blanks};
///
/// let md = "## 1. 特征\n\n**题目：** 并发、____、虚拟。\n\n**答案：** 共享\n";
/// let doc = parse("bank.md", md, &ParseOptions::default());
/// let q = question_with_blanks(md, &doc.entries[0], |b| format!("[{}]", b.answers[0]));
/// assert_eq!(q, "并发、[共享]、虚拟。");
/// ```
pub fn question_with_blanks(
    text: &str,
    entry: &Entry,
    mut replace: impl FnMut(&Blank) -> String,
) -> String {
    let whole = entry
        .section(SectionKind::Question)
        .map_or(entry.heading.title_span, |q| q.body);
    let mut out = String::with_capacity(whole.len() + 16);
    let mut at = whole.start;
    let mut blanks: Vec<&Blank> = entry
        .blanks
        .iter()
        .filter(|b| b.span.start >= whole.start && b.span.end <= whole.end)
        .collect();
    blanks.sort_by_key(|b| b.span.start);
    for blank in blanks {
        out.push_str(Span::new(at as usize, blank.span.start as usize).slice(text));
        out.push_str(&replace(blank));
        at = blank.span.end;
    }
    out.push_str(Span::new(at as usize, whole.end as usize).slice(text));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_only_under_or() {
        assert_eq!(
            alternatives("TCP 或 传输控制协议"),
            ["TCP ", " 传输控制协议"]
        );
        assert_eq!(alternatives("或者都可以"), ["或者都可以"]);
    }

    #[test]
    fn answers_keep_what_stands_inside() {
        assert_eq!(plain("**共享**。"), "共享");
        assert_eq!(plain("`Vec<T>`"), "Vec<T>");
        assert_eq!(plain("2 * 3"), "2 * 3");
        assert_eq!(plain("1 < 2 && 3 > 2"), "1 < 2 && 3 > 2");
        assert_eq!(plain("`*.rs`"), "*.rs");
        assert_eq!(plain("etc..."), "etc...");
    }

    #[test]
    fn numbered_parts() {
        let s = "(1) 页号 (2) 页内偏移";
        let cuts = numbered_cuts(s, 2).unwrap_or_default();
        assert_eq!(cuts.len(), 2);
        assert_eq!(s[cuts[1].clone()].trim_ws(), "页内偏移");
        assert!(numbered_cuts("①a②b", 2).is_some());
        assert!(numbered_cuts("(1) a", 2).is_none());
    }

    #[test]
    fn tags_that_ask_for_clozes() {
        assert_eq!(
            cloze("#flashcards\n\nA ==b==", None),
            Cloze::SpacedRepetition
        );
        assert_eq!(cloze("a#flashcards", None), Cloze::Anki);
        assert_eq!(cloze("---\ncards-deck: X\n---\n", None), Cloze::Flashcards);
        assert_eq!(cloze("#flashcards", Some(false)), Cloze::Anki);
        assert_eq!(cloze("text", Some(true)), Cloze::Highlight);
    }
}
