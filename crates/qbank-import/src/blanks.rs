//! Blank answers a row changes, written back in the bank's own way: inside
//! the cloze (`{{c1::新}}`), or in the blank's part of the answer section
//! (`答案：页号；新`), alternatives after `或` or on an `Accepted:` line.

use crate::row::{BlankCell, Row};
use qbank_core::{Blank, BlankStyle, Entry, Kind, SectionKind, Span};

/// The edits of `entry`'s blanks that `row` asks for, from its `blanks`
/// cell, or, for a cloze without an answer section, from its answer cell
/// (the deletions' answers, `; `-separated, as the export writes them).
/// Returns whether the answer cell is the clozes' (then it edits no answer
/// section).
pub(crate) fn blank_edits(
    text: &str,
    entry: &Entry,
    row: &Row,
    edits: &mut Vec<(Span, String)>,
) -> bool {
    if entry.kind != Kind::Fill {
        return false;
    }
    let mut wanted: Vec<Option<BlankCell>> = vec![None; entry.blanks.len()];
    if let Some(cells) = row
        .blanks
        .as_ref()
        .filter(|c| c.len() == entry.blanks.len())
    {
        for ((blank, cell), want) in entry.blanks.iter().zip(cells).zip(&mut wanted) {
            if cell.answers != blank.answers || cell.hint != blank.hint {
                *want = Some(cell.clone());
            }
        }
    }
    let derived = qbank_export::fill::cloze_answers(entry);
    if let Some(derived) = &derived {
        cloze_answer_cell(entry, row, derived, &mut wanted);
    }
    for (blank, want) in entry.blanks.iter().zip(&wanted) {
        if let Some(want) = want.as_ref().filter(|w| !w.answers.is_empty()) {
            edit(text, entry, blank, want, edits);
        }
    }
    derived.is_some()
}

/// A cloze's answer cell, edited: one part per deletion, in order.
fn cloze_answer_cell(entry: &Entry, row: &Row, derived: &str, wanted: &mut [Option<BlankCell>]) {
    let cell = row.answer.as_deref().unwrap_or("").trim();
    if cell.is_empty() || cell == derived {
        return;
    }
    let mut numbers: Vec<u32> = Vec::new();
    for b in &entry.blanks {
        if !numbers.contains(&b.number) {
            numbers.push(b.number);
        }
    }
    let parts: Vec<&str> = cell.split(';').map(str::trim).collect();
    if parts.len() != numbers.len() {
        return;
    }
    for (blank, want) in entry.blanks.iter().zip(wanted.iter_mut()) {
        let Some(k) = numbers.iter().position(|n| *n == blank.number) else {
            continue;
        };
        let part = parts[k];
        if want.is_none() && blank.answers.first().map(String::as_str) != Some(part) {
            *want = Some(BlankCell {
                answers: vec![part.to_owned()],
                hint: blank.hint.clone(),
            });
        }
    }
}

/// One blank's new answers, in the way the bank writes that blank.
fn edit(
    text: &str,
    entry: &Entry,
    blank: &Blank,
    want: &BlankCell,
    edits: &mut Vec<(Span, String)>,
) {
    let first = &want.answers[0];
    if blank.style.holds_answer() {
        // The answer as written stays when only the hint changes
        // (`{{c1::`len`}}` keeps its code span).
        let answer = match (blank.answers.first(), blank.answer_span) {
            (Some(old), Some(span)) if old == first => span.slice(text).to_owned(),
            _ => first.clone(),
        };
        edits.push((
            blank.span,
            cloze(text, blank, &answer, want.hint.as_deref()),
        ));
        return;
    }
    let Some(part) = blank.answer_span else {
        return;
    };
    let written = part.slice(text);
    let accepted = accepted_line(text, entry);
    let alternatives = want.answers.len() > 1;
    let chinese = written.chars().chain(first.chars()).any(is_cjk);
    if alternatives && (written.contains('或') || (accepted.is_none() && chinese)) {
        edits.push((part, want.answers.join(" 或 ")));
        return;
    }
    edits.push((part, first.clone()));
    let all = want.answers.join(" | ");
    match accepted {
        Some(line) => {
            let colon = line.slice(text).find([':', '：']).map_or(0, |i| i + 1);
            let rest = Span::new(line.start as usize + colon, line.end as usize);
            edits.push((rest, format!(" {all}")));
        }
        // An English bank gets the explicit marker qbank reads back.
        None if alternatives => {
            if let Some(answer) = entry.section(SectionKind::Answer) {
                let end = answer.body.end as usize;
                edits.push((Span::new(end, end), format!("\nAccepted: {all}")));
            }
        }
        None => {}
    }
}

/// Chinese, Japanese or Korean.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF)
}

/// A cloze written anew, in its own syntax.
fn cloze(text: &str, blank: &Blank, answer: &str, hint: Option<&str>) -> String {
    match blank.style {
        BlankStyle::Cloze => match hint {
            Some(h) => format!("{{{{c{}::{answer}::{h}}}}}", blank.number),
            None => format!("{{{{c{}::{answer}}}}}", blank.number),
        },
        BlankStyle::Highlight => format!("=={answer}=="),
        BlankStyle::Curly => format!("{{{{{answer}}}}}"),
        BlankStyle::Braces => {
            let numbered = blank.span.slice(text)[1..]
                .split_once(':')
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if numbered {
                format!("{{{}:{answer}}}", blank.number)
            } else {
                format!("{{{answer}}}")
            }
        }
        BlankStyle::Underscores | BlankStyle::Brackets => answer.to_owned(),
    }
}

/// The answer's `Accepted: a | b` line.
fn accepted_line(text: &str, entry: &Entry) -> Option<Span> {
    let body = entry.section(SectionKind::Answer)?.body;
    let mut at = body.start as usize;
    for line in body.slice(text).split('\n') {
        let t = line.trim_start().to_ascii_lowercase();
        if t.starts_with("accepted") || t.starts_with("also accepted") || t.starts_with("可接受")
        {
            return Some(Span::new(at, at + line.len()));
        }
        at += line.len() + 1;
    }
    None
}
