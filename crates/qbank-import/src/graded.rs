//! What a short-answer, numerical, matching or ordering entry grades, as a
//! row changes it (the `graded` cell, JSON's graded keys), written back
//! into the answer as the bank writes it: an accepted answer, a pair's
//! side, an ordering item or a number replaced where it stands, a code the
//! stem lists (`1-B`, `B → A → C`) swapped for another code or its item's
//! text edited in the stem. An edit that does not map onto the answer so
//! (pairs or items added or removed, answers moved between lines) is
//! refused, naming the row and column: it is made in the `answer` cell.
//!
//! Each edit is checked once the text is read again: the entry must then
//! grade what the row says, or the import stops (see
//! [`crate::assemble`]).

mod cell;
mod numerical;
mod pairs;
mod short;

use crate::row::{GradedCell, Row};
use qbank_core::{Entry, Graded, SectionKind, Span};

/// How an entry's graded answer compares with its row's.
pub(crate) enum Status {
    /// The row asks for another answer (edits were made for it, unless the
    /// answer cell is edited too); `got`: the entry's own, as the cell
    /// writes it.
    Differs { got: String },
    /// The row asks for what cannot be written back.
    Refused(crate::Error),
}

/// How the row's graded answer differs from `entry`'s, with the edits of
/// `text` that write it back pushed onto `edits` (none when the answer
/// cell is edited too: that edit is the one made, and the entry must then
/// read as the graded cell says); `None` when it does not differ, or the
/// row says nothing of it.
pub(crate) fn edits(
    text: &str,
    entry: &Entry,
    row: &Row,
    answer_edited: bool,
    edits: &mut Vec<(Span, String)>,
) -> Option<Status> {
    let cell = row.graded.as_ref()?;
    let Some(have) = &entry.graded else {
        let what = "the entry is no short-answer, numerical, matching or ordering entry as its \
                    source reads (see format.md, section 7.10b), and the cell cannot make it one: \
                    write its answer in the `answer` cell"
            .to_owned();
        return Some(Status::Refused(refusal(row, entry, cell, what)));
    };
    let want = match wanted(have, cell) {
        Ok(None) => return None,
        Ok(Some(want)) => want,
        Err(why) => return Some(Status::Refused(refusal(row, entry, cell, why))),
    };
    let got = qbank_export::graded::cell(have);
    if answer_edited {
        return Some(Status::Differs { got });
    }
    let values = matches!(cell, GradedCell::Json(_));
    match written(text, entry, have, &want, values, edits) {
        Ok(()) => Some(Status::Differs { got }),
        Err(why) => Some(Status::Refused(refusal(row, entry, cell, why))),
    }
}

/// The error for an edit that did not read back as the row says: `got`
/// is what the entry grades after it.
pub(crate) fn unread(row: &Row, got: &str, answer_edited: bool) -> crate::Error {
    let got = if got.is_empty() {
        "no graded answer at all".to_owned()
    } else {
        format!("`{}`", got.replace('\n', "; "))
    };
    let what = if answer_edited {
        format!(
            "the `answer` cell is edited too, and the answer it writes grades {got}, not what \
             this cell says: make the edit in one of them"
        )
    } else {
        format!(
            "the edit did not come back as written (the answer, edited, grades {got}): undo it, \
             or make it in the `answer` cell"
        )
    };
    let cell = row
        .graded
        .as_ref()
        .map_or(GradedCell::Text(String::new()), Clone::clone);
    refusal_titled(row, &row.title, &cell, what)
}

/// The row's graded answer, when it differs from `have`; an error naming
/// what is wrong with a cell that does not read.
fn wanted(have: &Graded, cell: &GradedCell) -> Result<Option<Graded>, String> {
    match cell {
        GradedCell::Text(t) => {
            let written = qbank_export::graded::cell(have);
            if cell::normalized(t) == cell::normalized(&written) {
                return Ok(None);
            }
            let want = cell::parse(have, t)?;
            Ok((!cell::same(have, &want, false)).then_some(want))
        }
        GradedCell::Json(want) => Ok((!cell::same(have, want, true)).then(|| want.clone())),
    }
}

/// The edits that make `entry`'s answer grade `want` instead of `have`.
fn written(
    text: &str,
    entry: &Entry,
    have: &Graded,
    want: &Graded,
    values: bool,
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    let body = entry
        .section(SectionKind::Answer)
        .map(|s| s.body)
        .ok_or("the entry has no answer section")?;
    match (have, want) {
        (Graded::Short { .. }, Graded::Short { .. }) => short::edits(text, body, have, want, edits),
        (Graded::Numerical(h), Graded::Numerical(w)) => {
            numerical::edits(text, body, h, w, values, edits)
        }
        (
            Graded::Matching { pairs, distractors },
            Graded::Matching {
                pairs: want_pairs,
                distractors: want_distractors,
            },
        ) => {
            let have = pairs::Matching { pairs, distractors };
            let want = pairs::Matching {
                pairs: want_pairs,
                distractors: want_distractors,
            };
            pairs::matching(text, entry, body, &have, &want, edits)
        }
        (Graded::Ordering { items }, Graded::Ordering { items: want }) => {
            pairs::ordering(text, entry, items, want, edits)
        }
        _ => Err(format!(
            "the cell is a {}'s answer, the entry a {} entry",
            kind_name(want),
            kind_name(have)
        )),
    }
}

fn kind_name(graded: &Graded) -> &'static str {
    match graded {
        Graded::Short { .. } => "short answer",
        Graded::Numerical(_) => "numerical",
        Graded::Matching { .. } => "matching",
        Graded::Ordering { .. } => "ordering",
    }
}

/// The import's error for `row`'s graded cell: the export, the row and
/// column, the bank and entry, and `what`.
fn refusal(row: &Row, entry: &Entry, cell: &GradedCell, what: String) -> crate::Error {
    refusal_titled(row, &entry.title, cell, what)
}

fn refusal_titled(row: &Row, title: &str, cell: &GradedCell, what: String) -> crate::Error {
    let column = match cell {
        GradedCell::Text(_) => "column `graded`",
        GradedCell::Json(Graded::Short { .. }) => "key `accepted`",
        GradedCell::Json(Graded::Numerical(_)) => "key `numerical`",
        GradedCell::Json(Graded::Matching { .. }) => "key `pairs`",
        GradedCell::Json(Graded::Ordering { .. }) => "key `order`",
    };
    crate::Error::malformed(
        &row.export.name,
        format!("{}, {column}", row.place),
        format!("{}, entry \"{title}\": {what}", row.file),
    )
}

/// Where `needle` first stands in `text` between `from` and `to`.
fn find(text: &str, from: usize, to: usize, needle: &str) -> Option<Span> {
    let hay = text.get(from..to)?;
    let at = from + hay.find(needle)?;
    Some(Span::new(at, at + needle.len()))
}

/// The byte offset of `part`, a slice of `base`, in `base`.
fn offset_in(base: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(base.as_ptr() as usize)
}

/// `span` without the white space at its ends.
fn trimmed(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start as usize + (s.len() - s.trim_start().len());
    Span::new(start, start + s.trim().len())
}
