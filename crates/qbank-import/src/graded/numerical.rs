//! A numerical answer edited where its numbers stand (`3.14（±0.01）`
//! keeps its brackets), or written anew when its shape changes (a
//! tolerance added, a range for a value, a unit added or removed).

use super::cell::same_number;
use super::{find, trimmed};
use qbank_core::{Number, Numerical, NumericalAnswer, Span, Tolerance};

/// The edits that make the answer in `body` say `want` instead of `have`;
/// `values`: numbers compare by their values (JSON's).
pub(super) fn edits(
    text: &str,
    body: Span,
    have: &Numerical,
    want: &Numerical,
    values: bool,
    edits: &mut Vec<(Span, String)>,
) -> Result<(), String> {
    let (have_numbers, want_numbers) = (numbers(have), numbers(want));
    let same_shape = shape(have) == shape(want) && have.unit.is_some() == want.unit.is_some();
    if !same_shape {
        edits.push((
            trimmed(text, body),
            qbank_export::graded::numerical_text(want),
        ));
        return Ok(());
    }
    let mut cursor = body.start as usize;
    for (old, new) in have_numbers.iter().zip(&want_numbers) {
        let at = find(text, cursor, body.end as usize, &old.0)
            .ok_or_else(|| format!("`{}` is not written in the answer", old.0))?;
        if !same_number(old, new, values) {
            edits.push((at, new.0.clone()));
        }
        cursor = at.end as usize;
    }
    if let (Some(old), Some(new)) = (&have.unit, &want.unit) {
        if old != new {
            let at = find(text, cursor, body.end as usize, old)
                .ok_or_else(|| format!("the unit `{old}` is not written in the answer"))?;
            edits.push((at, new.clone()));
        }
    }
    Ok(())
}

/// The numbers in the order they are written.
fn numbers(n: &Numerical) -> Vec<&Number> {
    match &n.answer {
        NumericalAnswer::Value { value, tolerance } => match tolerance {
            None => vec![value],
            Some(Tolerance::Absolute(t) | Tolerance::Percent(t)) => vec![value, t],
        },
        NumericalAnswer::Range { min, max } => vec![min, max],
    }
}

/// A value, exact (0), with an absolute (1) or relative (2) tolerance, or
/// a range (3).
fn shape(n: &Numerical) -> u8 {
    match &n.answer {
        NumericalAnswer::Value {
            tolerance: None, ..
        } => 0,
        NumericalAnswer::Value {
            tolerance: Some(Tolerance::Absolute(_)),
            ..
        } => 1,
        NumericalAnswer::Value {
            tolerance: Some(Tolerance::Percent(_)),
            ..
        } => 2,
        NumericalAnswer::Range { .. } => 3,
    }
}
