//! A short answer's accepted answers, edited where they are written: the
//! answer line (`TCP 或 传输控制协议`), the `Accepted: a | b` line, the
//! `Case-sensitive` line. The reading mirrors qbank-core's (`graded.rs`,
//! `fill.rs`), which keeps no spans for them.

use super::{find, offset_in};
use qbank_core::answer_words::{accepted_rest, alternatives, is_case_line, plain};
use qbank_core::{Graded, Span};

/// One accepted answer as written: its place, and whether it stands on
/// the `Accepted:` line (else on the answer line).
struct Piece {
    span: Span,
    accepted: bool,
}

/// Where a short answer's parts stand.
#[derive(Default)]
struct Written {
    pieces: Vec<Piece>,
    /// The `Accepted:` line, and whether its label is Chinese.
    accepted_line: Option<(Span, bool)>,
    /// The `Case-sensitive` line.
    case_line: Option<Span>,
}

/// The edits that make the answer in `body` accept `want`'s answers.
pub(super) fn edits(
    text: &str,
    body: Span,
    have: &Graded,
    want: &Graded,
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    let (
        Graded::Short {
            accepted: have,
            case_sensitive: was,
        },
        Graded::Short {
            accepted: want,
            case_sensitive: now,
        },
    ) = (have, want)
    else {
        return Err("not a short answer".to_owned());
    };
    let written = written(text, body);
    if have != want {
        if have.len() == want.len() {
            replaced(text, &written, have, want, edits)?;
        } else {
            listed_anew(text, &written, have, want, edits)?;
        }
    }
    if was != now {
        case_edit(text, body, &written, *now, edits)?;
    }
    Ok(())
}

/// Each changed answer replaced wherever it is written.
fn replaced(
    text: &str,
    written: &Written,
    have: &[String],
    want: &[String],
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    for (old, new) in have.iter().zip(want).filter(|(o, n)| o != n) {
        let mut found = false;
        for piece in written
            .pieces
            .iter()
            .filter(|p| plain(p.span.slice(text)) == *old)
        {
            if let Some(at) = find(
                text,
                piece.span.start as usize,
                piece.span.end as usize,
                old,
            ) {
                edits.push((at, new.clone()));
                found = true;
            }
        }
        if !found {
            return Err(format!("`{old}` is not written as an accepted answer"));
        }
    }
    Ok(())
}

/// Answers added after the others, or some removed: the `Accepted:` line
/// written anew with them.
fn listed_anew(
    text: &str,
    written: &Written,
    have: &[String],
    want: &[String],
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    let on_line: Vec<&Piece> = written.pieces.iter().filter(|p| p.accepted).collect();
    let (Some(first), Some(last)) = (on_line.first(), on_line.last()) else {
        return Err("the answer has no `Accepted:` line to write the answers on".to_owned());
    };
    let mut kept: Vec<&str> = Vec::new();
    if want.len() > have.len() && want.starts_with(have) {
        kept.extend(on_line.iter().map(|p| p.span.slice(text)));
        kept.extend(want[have.len()..].iter().map(String::as_str));
    } else if is_subsequence(want, have) {
        for old in have.iter().filter(|a| !want.contains(a)) {
            let main = written
                .pieces
                .iter()
                .any(|p| !p.accepted && plain(p.span.slice(text)) == *old);
            if main {
                return Err(format!(
                    "`{old}` is the answer line's: change that line in the `answer` cell"
                ));
            }
        }
        kept.extend(
            on_line
                .iter()
                .map(|p| p.span.slice(text))
                .filter(|s| want.contains(&plain(s))),
        );
        if kept.is_empty() {
            return Err(
                "it leaves the `Accepted:` line empty, which makes the entry an open question: \
                 edit the `answer` cell for that"
                    .to_owned(),
            );
        }
    } else {
        return Err(
            "the accepted answers changed in more than one way (answers are added at the end or \
             removed; each one changed in its place): edit them one way at a time, or edit the \
             `answer` cell"
                .to_owned(),
        );
    }
    let span = Span::new(first.span.start as usize, last.span.end as usize);
    edits.push((span, kept.join(" | ")));
    Ok(())
}

/// Whether `part` is `whole` with some items left out, in order.
fn is_subsequence(part: &[String], whole: &[String]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

/// A `Case-sensitive` line added after the `Accepted:` line, or removed.
fn case_edit(
    text: &str,
    body: Span,
    written: &Written,
    now: bool,
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    match (now, written.case_line, written.accepted_line) {
        (true, None, Some((line, chinese))) => {
            let end = line.end as usize;
            let mark = if chinese {
                "区分大小写"
            } else {
                "Case-sensitive"
            };
            edits.push((Span::new(end, end), format!("\n{mark}")));
            Ok(())
        }
        (false, Some(line), _) => {
            let (start, end) = (line.start as usize, line.end as usize);
            let span = if start > body.start as usize && text[..start].ends_with('\n') {
                Span::new(start - 1, end)
            } else {
                Span::new(start, (end + 1).min(body.end as usize))
            };
            edits.push((span, String::new()));
            Ok(())
        }
        _ => Err("the answer has no `Accepted:` line to mark case after".to_owned()),
    }
}

/// The answers written in `body`, line by line.
fn written(text: &str, body: Span) -> Written {
    let mut out = Written::default();
    let mut at = body.start as usize;
    for line in body.slice(text).split('\n') {
        let start = at;
        at += line.len() + 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let line_span = Span::new(start, start + line.trim_end().len());
        let base = start + offset_in(line, t);
        if let Some(rest) = accepted_rest(t) {
            let chinese = t.starts_with(['可', '也']);
            out.accepted_line = Some((line_span, chinese));
            push_pieces(&mut out.pieces, base, t, rest.split('|'), true);
        } else if is_case_line(t) {
            out.case_line = Some(line_span);
        } else if !out.pieces.iter().any(|p| !p.accepted) {
            push_pieces(&mut out.pieces, base, t, alternatives(t), false);
        }
    }
    out
}

/// The parts of `line` (which starts at `base`) as pieces, trimmed.
fn push_pieces<'a>(
    pieces: &mut Vec<Piece>,
    base: usize,
    line: &'a str,
    parts: impl IntoIterator<Item = &'a str>,
    accepted: bool,
) {
    for part in parts {
        let trimmed = part.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = base + offset_in(line, trimmed);
        pieces.push(Piece {
            span: Span::new(start, start + trimmed.len()),
            accepted,
        });
    }
}
