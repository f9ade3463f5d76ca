//! Short-answer, numerical, matching and ordering entries, read only where
//! the bank says so, never guessed from how an answer looks:
//!
//! - **short**: an `Accepted: a | b` line (`可接受答案：`) under a one-line
//!   answer;
//! - **numerical**: a tolerance (`3.14 ± 0.01`, `3.14（±0.01）`, `100 ± 1 %`,
//!   `9.8 ± 0.1 m/s²`), or, under a numerical section (`## Numerical`,
//!   `数值题`), a bare number or a range (`[3.1, 3.2]`); a bare number
//!   elsewhere stays an open answer;
//! - **matching**: under a matching stem or section (`Match …`, `连线题`,
//!   `匹配`), an answer of pairs: `term → definition` lines or items,
//!   `A - 1`, a two-column table; `Distractors: x | y`;
//! - **ordering**: under an ordering stem or section (`Put … in order`,
//!   `排序题`, `按正确顺序`), the answer's list (or `B → A → C`).
//!
//! Written by hand: these are exam-paper conventions no Markdown library
//! reads.

use crate::line::ws::Trim;
use crate::model::{
    Block, Entry, Graded, Kind, Number, Numerical, NumericalAnswer, Pair, Section, SectionKind,
    Span, Tolerance,
};

/// What the stem or the sections above an entry say it is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Cue {
    Matching,
    Ordering,
    Numerical,
    None,
}

/// Make an open `entry` short, numerical, matching or ordering where its
/// stem or section says so and its answer reads as one.
pub(crate) fn detect(text: &str, entry: &mut Entry) {
    // A matching or ordering stem often lists its items as lettered lines,
    // which read as options: the stem and a key of pairs or an order say
    // what they are.
    let choice = entry.kind == Kind::Choice && !entry.options.iter().any(|o| o.correct);
    if entry.kind != Kind::Open && !choice {
        return;
    }
    let Some(answer) = entry
        .section(SectionKind::Answer)
        .filter(|s| !s.body.is_empty())
    else {
        return;
    };
    let body = answer.body.slice(text);
    let codes = || item_codes(text, entry);
    let graded = match cue(text, entry) {
        Cue::Matching => matching(text, answer, &codes()),
        Cue::Ordering => ordering(text, answer, &codes()),
        _ if choice => None,
        Cue::Numerical => numerical(body, true),
        Cue::None => numerical(body, false).or_else(|| short(body)),
    };
    if let Some(graded) = graded {
        entry.options.clear();
        entry.kind = match graded {
            Graded::Short { .. } => Kind::Short,
            Graded::Numerical(_) => Kind::Numerical,
            Graded::Matching { .. } => Kind::Matching,
            Graded::Ordering { .. } => Kind::Ordering,
        };
        entry.graded = Some(graded);
    }
}

/// The kind an entry's stem or the sections above it name (`Match …`,
/// `排序题`, `## Numerical`, `[Numeric]`), whether or not its answer reads
/// as one: where it does not, the entry stays open and `qbank check` says
/// so.
#[must_use]
pub fn stated_kind(text: &str, entry: &Entry) -> Option<Kind> {
    match cue(text, entry) {
        Cue::Matching => Some(Kind::Matching),
        Cue::Ordering => Some(Kind::Ordering),
        Cue::Numerical => Some(Kind::Numerical),
        Cue::None => None,
    }
}

/// The cue of the entry's groups (innermost first), else of its stem.
fn cue(text: &str, entry: &Entry) -> Cue {
    for group in entry.category.iter().rev() {
        let c = section_cue(group);
        if c != Cue::None {
            return c;
        }
    }
    let question = entry
        .section(SectionKind::Question)
        .map_or("", |q| q.body.slice(text));
    stem_cue(&entry.title).or(stem_cue(question))
}

impl Cue {
    fn or(self, other: Cue) -> Cue {
        if self == Cue::None { other } else { self }
    }
}

/// A section heading that names a kind: `连线题`, `Matching`, `排序题`,
/// `Ordering`, `数值题`, `Numerical`.
fn section_cue(name: &str) -> Cue {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["连线", "匹配题", "配对题", "matching", "match the"]) {
        Cue::Matching
    } else if has(&["排序题", "ordering", "put in order", "sequencing"]) {
        Cue::Ordering
    } else if has(&["数值题", "numerical", "numeric"]) || lower == "num" {
        Cue::Numerical
    } else {
        Cue::None
    }
}

/// A stem that asks for pairs or an order (`Match each …`, `连线`,
/// `将下列…匹配`, `Put … in order`, `按正确顺序排列`), or tags its kind
/// (`[Numeric]`, `[Matching]`).
fn stem_cue(stem: &str) -> Cue {
    // The cue words are ASCII or Chinese: ASCII lower-casing finds them
    // alike, at a tenth of the cost of Unicode's on a long question (a
    // fifth of a parse of the reference bank went to lower-casing stems
    // and answer lines, callgrind).
    let lower = stem.trim_start_ws().to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    // A kind tag before the stem (`[Numeric] Calculate …`, as exam
    // generators write them) says it outright.
    if let Some(tag) = lower.strip_prefix('[').and_then(|t| t.split_once(']')) {
        let c = section_cue(tag.0);
        if c != Cue::None {
            return c;
        }
    }
    if lower.starts_with("match ")
        || has(&[
            "连线",
            "配对",
            "匹配起来",
            "相匹配",
            "match each",
            "match the following",
        ])
    {
        Cue::Matching
    } else if has(&[
        "按正确顺序",
        "正确的顺序",
        "按顺序排列",
        "排列顺序",
        "排出顺序",
        "in the correct order",
        "in the right order",
        "in order:",
        "put the following",
        "arrange the",
        "order the following",
        "correct sequence",
    ]) || (lower.starts_with("put ") && lower.contains(" in order"))
    {
        Cue::Ordering
    } else {
        Cue::None
    }
}

/// The answer's one line, markup around it removed; `None` when it holds
/// several lines (after the accepted-answers and case lines).
fn one_line(body: &str) -> Option<&str> {
    let mut lines = body.lines().map(str::trim_ws).filter(|l| !l.is_empty());
    let first = lines.next()?;
    lines.next().is_none().then_some(first)
}

/// A short answer: one line, then an accepted-answers line, maybe a case
/// line.
fn short(body: &str) -> Option<Graded> {
    let mut main: Option<&str> = None;
    let mut accepted: Option<&str> = None;
    let mut case_sensitive = false;
    for line in body.lines().map(str::trim_ws).filter(|l| !l.is_empty()) {
        if let Some(rest) = crate::fill::accepted_rest(line) {
            accepted = Some(rest);
        } else if is_case_line(line) {
            case_sensitive = true;
        } else if main.is_none() && accepted.is_none() {
            main = Some(line);
        } else {
            return None;
        }
    }
    let (main, rest) = (main?, accepted?);
    if main.chars().count() > 120 {
        return None;
    }
    let mut answers: Vec<String> = Vec::new();
    let all = crate::fill::alternatives(main)
        .into_iter()
        .chain(rest.split('|'));
    for answer in all.map(crate::fill::plain).filter(|a| !a.is_empty()) {
        if !answers.contains(&answer) {
            answers.push(answer);
        }
    }
    Some(Graded::Short {
        accepted: answers,
        case_sensitive,
    })
}

/// `Case-sensitive`, `(case sensitive)`, `区分大小写`.
pub fn is_case_line(line: &str) -> bool {
    // The longest form, marked up (`**(Case-sensitive)**`), is 21 bytes:
    // an answer's longer lines are turned away before lower-casing.
    if line.len() > 32 {
        return false;
    }
    let t = line
        .trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）' | '*' | '_' | '.' | '。'))
        .to_lowercase();
    matches!(
        t.as_str(),
        "case-sensitive" | "case sensitive" | "区分大小写"
    )
}

/// A numerical answer: a value with a tolerance; under a numerical cue
/// also a bare value or a range.
fn numerical(body: &str, cued: bool) -> Option<Graded> {
    let line = crate::fill::plain(one_line(body)?);
    let (answer, unit) = match value_with_tolerance(&line) {
        Some((answer, unit)) if cued || has_tolerance(&answer) => (answer, unit),
        _ if cued => range(&line)?,
        _ => return None,
    };
    let unit = unit.trim_ws();
    if unit.chars().count() > 16 || unit.contains(char::is_whitespace) {
        return None;
    }
    Some(Graded::Numerical(Numerical {
        answer,
        unit: (!unit.is_empty()).then(|| unit.to_owned()),
    }))
}

fn has_tolerance(answer: &NumericalAnswer) -> bool {
    matches!(
        answer,
        NumericalAnswer::Value {
            tolerance: Some(_),
            ..
        }
    )
}

/// `3.14 ± 0.01 m`, `3.14（±0.01）`, `100 +/- 1 %`, `42`: the answer and the
/// rest (the unit).
fn value_with_tolerance(line: &str) -> Option<(NumericalAnswer, &str)> {
    let (value, rest) = number(line)?;
    let after = rest.trim_start_ws();
    let (open, after) = match after.strip_prefix(['(', '（']) {
        Some(inner) => (true, inner.trim_start_ws()),
        None => (false, after),
    };
    let Some(after) = ["±", "+/-", "+-"]
        .iter()
        .find_map(|s| after.strip_prefix(s))
    else {
        // No tolerance: exact, the rest its unit (not inside brackets).
        return (!open).then_some((
            NumericalAnswer::Value {
                value,
                tolerance: None,
            },
            rest,
        ));
    };
    let (amount, rest) = number(after.trim_start_ws())?;
    let rest = rest.trim_start_ws();
    let (tolerance, rest) = match rest.strip_prefix(['%', '％']) {
        Some(rest) => (Tolerance::Percent(amount), rest),
        None => (Tolerance::Absolute(amount), rest),
    };
    let rest = if open {
        rest.trim_start_ws().strip_prefix([')', '）'])?
    } else {
        rest
    };
    let answer = NumericalAnswer::Value {
        value,
        tolerance: Some(tolerance),
    };
    Some((answer, rest))
}

/// `[3.1, 3.2] m`, `3.1..3.2`, `3.1 ~ 3.2`, `3.1 – 3.2`.
fn range(line: &str) -> Option<(NumericalAnswer, &str)> {
    let (inner, rest) = match line.strip_prefix(['[', '［']) {
        Some(open) => {
            let end = open.find([']', '］'])?;
            let close = open[end..].chars().next().map_or(1, char::len_utf8);
            (&open[..end], &open[end + close..])
        }
        None => (line, ""),
    };
    let (min, after) = number(inner.trim_start_ws())?;
    let after = after.trim_start_ws();
    let after = [",", "，", ";", "..", "~", "～", "–", "—", "-", "至", "到"]
        .iter()
        .find_map(|s| after.strip_prefix(s))?;
    let (max, tail) = number(after.trim_start_ws())?;
    let rest = if rest.is_empty() { tail } else { rest };
    if !tail.trim_ws().is_empty() && !line.starts_with(['[', '［']) {
        // `3.1 – 3.2 m`: the unit after the range.
        return Some((NumericalAnswer::Range { min, max }, tail));
    }
    Some((NumericalAnswer::Range { min, max }, rest))
}

/// A number at the start of `s` (`-3.14`, `6.02e23`, `1,000`), and the
/// rest.
fn number(s: &str) -> Option<(Number, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        end = 1;
    } else if s.starts_with('\u{2212}') {
        end = '\u{2212}'.len_utf8();
    }
    let digits_from = end;
    while end < bytes.len() {
        let b = bytes[end];
        let exponent = matches!(b, b'e' | b'E')
            && bytes
                .get(end + 1)
                .is_some_and(|n| n.is_ascii_digit() || *n == b'-');
        let grouped =
            matches!(b, b',' | b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() || grouped {
            end += 1;
        } else if exponent {
            end += 2;
        } else {
            break;
        }
    }
    let written = &s[..end];
    if !written[digits_from..].starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let number = Number(written.to_owned());
    number.value()?;
    Some((number, &s[end..]))
}

/// The pairs of a matching answer: list items, table rows or lines, each
/// cut at its arrow or dash (a line may hold several: `A-1, B-3, C-2`); at
/// least two, and every line a pair (or a distractors line).
fn matching(text: &str, answer: &Section, codes: &Codes) -> Option<Graded> {
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for block in &answer.blocks {
        for span in pair_lines(text, block)? {
            let line = span.slice(text).trim_ws();
            if let Some(rest) = distractors_rest(line) {
                distractors.extend(split_items(rest));
                continue;
            }
            for (left, right) in cut_pairs(line)? {
                // A pair without its right side is kept, for `qbank check`
                // to name (`matching-pair`).
                match (left.is_empty(), right.is_empty()) {
                    (true, false) => distractors.push(right.to_owned()),
                    (false, _) => pairs.push(Pair {
                        left: codes.text(left).to_owned(),
                        right: codes.text(right).to_owned(),
                        span,
                    }),
                    _ => return None,
                }
            }
        }
    }
    let whole = pairs.iter().filter(|p| !p.right.is_empty()).count();
    (whole >= 2).then_some(Graded::Matching { pairs, distractors })
}

/// The pairs of one line: several where commas or semicolons cut it into
/// pairs of codes (`A-1, B-3`), else the line as one pair.
fn cut_pairs(line: &str) -> Option<Vec<(&str, &str)>> {
    let parts: Vec<&str> = line
        .split([',', '，', ';', '；', '、'])
        .map(str::trim_ws)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 {
        let each: Option<Vec<(&str, &str)>> = parts.iter().map(|p| cut_pair(p)).collect();
        if let Some(each) = each.filter(|e| e.iter().all(|(l, r)| is_code(l) && is_code(r))) {
            return Some(each);
        }
    }
    cut_pair(line).map(|p| vec![p])
}

/// A short code that names an item (`A`, `3`, `ii`).
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 3 && s.chars().all(char::is_alphanumeric)
}

/// The lines of a block that each hold a pair: list items' text (marker
/// off), a table's body rows (`| a | b |` as `a → b`), a paragraph's
/// lines; `None` for other blocks.
fn pair_lines(text: &str, block: &Block) -> Option<Vec<Span>> {
    match block {
        Block::List(list) => Some(
            list.items
                .iter()
                .map(|i| item_text(text, i.marker.end, i.text.end))
                .collect(),
        ),
        Block::Paragraph { span } => Some(line_spans(text, *span).collect()),
        Block::Table { span } => Some(line_spans(text, *span).skip(2).collect()),
        _ => None,
    }
}

/// A list item's own text from its marker's end, trimmed.
fn item_text(text: &str, from: u32, to: u32) -> Span {
    crate::line::trim(text, from as usize, to.max(from) as usize)
        .unwrap_or(Span::new(from as usize, from as usize))
}

/// The lines of `span`, each as a span of `text`.
fn line_spans(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let block = span.slice(text);
    crate::line::lines(block).map(move |line| {
        // `line` is a slice of `block`: its offset is their distance.
        let at = span.start as usize + (line.as_ptr() as usize - block.as_ptr() as usize);
        Span::new(at, at + line.len())
    })
}

/// `Distractors: a | b`, `干扰项：a、b`.
fn distractors_rest(line: &str) -> Option<&str> {
    let t = line.trim_start_matches('*');
    ["Distractors", "Distractor", "Extra", "干扰项"]
        .iter()
        .find_map(|w| {
            let head = t.get(..w.len())?;
            head.eq_ignore_ascii_case(w).then(|| &t[w.len()..])
        })
        .map(|r| r.trim_start_matches('*'))
        .and_then(|r| r.strip_prefix(':').or_else(|| r.strip_prefix('：')))
}

fn split_items(rest: &str) -> impl Iterator<Item = String> + '_ {
    rest.split(['|', '、', ';', '；'])
        .map(|s| s.trim_ws().trim_matches('*').trim_ws().to_owned())
        .filter(|s| !s.is_empty())
}

/// A pair's two sides: cut at `→`, `->`, `=>`, ` - `, ` – `, ` — `, or a
/// table row's cell border; `None` when the line has no such cut.
fn cut_pair(line: &str) -> Option<(&str, &str)> {
    if line.starts_with('|') {
        let cells: Vec<&str> = line
            .trim_matches('|')
            .split('|')
            .map(str::trim_ws)
            .collect();
        return match cells.as_slice() {
            [left, right] => Some((left, right)),
            _ => None,
        };
    }
    let cuts = ["→", "⟶", "->", "=>", "⇒", " — ", " – ", " - ", "-", "–"];
    for cut in cuts {
        if let Some((left, right)) = line.split_once(cut) {
            let (left, right) = (left.trim_ws(), right.trim_ws());
            // A bare dash only between short codes (`A-1`, `3-B`).
            if matches!(cut, "-" | "–") && !(is_code(left) && is_code(right)) {
                continue;
            }
            return Some((left, right));
        }
    }
    None
}

/// The items of an ordering answer, first to last: its first list's
/// items, or one line cut at its arrows (`B → A → C`).
fn ordering(text: &str, answer: &Section, codes: &Codes) -> Option<Graded> {
    let list = answer.blocks.iter().find_map(|b| match b {
        Block::List(list) => Some(list),
        _ => None,
    });
    let items: Vec<String> = match (list, answer.blocks.as_slice()) {
        (Some(list), _) => list
            .items
            .iter()
            .map(|i| {
                item_text(text, i.marker.end, i.text.end)
                    .slice(text)
                    .to_owned()
            })
            .collect(),
        (None, [Block::Paragraph { span }]) => {
            let line = one_line(span.slice(text))?;
            let cut = ["→", "⟶", "->", "=>", "⇒", ">"]
                .into_iter()
                .find(|c| line.contains(c))?;
            line.split(cut)
                .map(|s| codes.text(s.trim_ws()).to_owned())
                .collect()
        }
        _ => return None,
    };
    if items.is_empty() || items.iter().any(String::is_empty) {
        return None;
    }
    Some(Graded::Ordering { items })
}

/// The items a stem lists with a code (`1. Stack`, `A. FIFO`, `- B) …`):
/// a key may name them by it (`1-B`, `B → A → C`).
struct Codes(Vec<(String, String)>);

impl Codes {
    /// The text `code` names, or `code` itself.
    fn text<'a>(&'a self, code: &'a str) -> &'a str {
        self.0
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code, |(_, t)| t.as_str())
    }
}

/// The coded lines between the entry's heading and its answer (the stem,
/// and the lines a choice reading took for options): `1. Stack`, `A.
/// first in, first out`, `- B) …`.
fn item_codes(text: &str, entry: &Entry) -> Codes {
    let mut codes = Vec::new();
    let start = entry.heading.span.end as usize;
    let end = entry
        .section(SectionKind::Answer)
        .map_or(start, |a| a.span.start as usize);
    let stem = text.get(start..end.max(start)).unwrap_or("");
    for line in crate::line::lines(stem) {
        if let Some((code, item)) = coded_line(line) {
            if !codes.iter().any(|(c, _)| *c == code) {
                codes.push((code.to_owned(), item.to_owned()));
            }
        }
    }
    Codes(codes)
}

/// `1. Stack` → (`1`, `Stack`); `- A) FIFO` → (`A`, `FIFO`).
pub fn coded_line(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_ws();
    let t = t
        .strip_prefix(['-', '*', '+'])
        .map_or(t, str::trim_start_ws);
    let end = t.find(['.', ')', '、', '．', '）'])?;
    let (code, rest) = (&t[..end], &t[end..]);
    let sep = rest.chars().next().map_or(1, char::len_utf8);
    let item = rest[sep..].trim_ws();
    (is_code(code) && !item.is_empty()).then_some((code, item))
}

#[cfg(test)]
mod tests;
