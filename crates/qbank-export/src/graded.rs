//! The graded kinds (short answer, numerical, matching, ordering) as the
//! quiz platforms grade them: what [`crate::quiz::asked`] needs to decide
//! that an entry can be graded, and the numbers each format writes.
//!
//! A numerical answer is kept as written in the model (`100 ± 1 %`,
//! `[3.1, 3.2]`); the platforms take decimals: a value and an absolute
//! tolerance (Moodle XML, GIFT `{#v:t}`, Canvas's "exact with margin") or
//! a range (GIFT `{#min..max}`, Canvas's range). [`bounds`] works both out.

use qbank_core::{Entry, Graded, Numerical, NumericalAnswer, Tolerance};

/// A numerical answer in decimals, as the platforms take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// The value (a range's midpoint).
    pub value: String,
    /// The absolute tolerance (`0` when exact; a range's half width).
    pub tolerance: String,
    /// The smallest accepted value.
    pub min: String,
    /// The largest accepted value.
    pub max: String,
    /// Whether the bank wrote a range (`[3.1, 3.2]`) rather than a value.
    pub range: bool,
}

/// The decimals of a numerical answer; `None` when a number in it is not
/// one (rule QB701 names it), a tolerance is below zero (QB702) or a range
/// is upside down: such an entry is asked as an essay.
///
/// ```
/// use qbank_core::{Number, Numerical, NumericalAnswer, Tolerance};
/// let n = |s: &str| Number(s.to_owned());
/// let percent = Numerical {
///     answer: NumericalAnswer::Value { value: n("200"), tolerance: Some(Tolerance::Percent(n("1"))) },
///     unit: None,
/// };
/// let b = qbank_export::graded::bounds(&percent).unwrap();
/// assert_eq!((b.value.as_str(), b.tolerance.as_str(), b.min.as_str(), b.max.as_str()), ("200", "2", "198", "202"));
/// let range = Numerical { answer: NumericalAnswer::Range { min: n("3.1"), max: n("3.2") }, unit: None };
/// let b = qbank_export::graded::bounds(&range).unwrap();
/// assert_eq!((b.value.as_str(), b.tolerance.as_str()), ("3.15", "0.05"));
/// ```
#[must_use]
pub fn bounds(numerical: &Numerical) -> Option<Bounds> {
    let (min, max, range) = match &numerical.answer {
        NumericalAnswer::Value { value, tolerance } => {
            let v = value.value()?;
            let t = match tolerance {
                None => 0.0,
                Some(Tolerance::Absolute(t)) => t.value()?,
                Some(Tolerance::Percent(p)) => v.abs() * p.value()? / 100.0,
            };
            if t < 0.0 {
                return None;
            }
            let b = Bounds {
                value: decimal(v),
                tolerance: decimal(t),
                min: decimal(v - t),
                max: decimal(v + t),
                range: false,
            };
            return Some(b);
        }
        NumericalAnswer::Range { min, max } => (min.value()?, max.value()?, true),
    };
    if min > max {
        return None;
    }
    Some(Bounds {
        value: decimal(f64::midpoint(min, max)),
        tolerance: decimal((max - min) / 2.0),
        min: decimal(min),
        max: decimal(max),
        range,
    })
}

/// A number in decimal, rounded to 12 significant digits so that
/// arithmetic leaves no binary noise (`(3.1 + 3.2) / 2` is `3.15`, not
/// `3.1500000000000004`); never in exponent form, which not every reader
/// takes.
///
/// ```
/// use qbank_export::graded::decimal;
/// assert_eq!(decimal(3.1500000000000004), "3.15");
/// assert_eq!(decimal(6.02e23), "602000000000000000000000");
/// assert_eq!(decimal(-0.0), "0");
/// assert_eq!(decimal(1e-7), "0.0000001");
/// ```
#[must_use]
pub fn decimal(x: f64) -> String {
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    if rounded == 0.0 {
        return "0".to_owned();
    }
    format!("{rounded}")
}

/// The accepted answers of a short-answer entry, and whether case matters;
/// `None` when the entry is not one or accepts nothing.
#[must_use]
pub fn short(entry: &Entry) -> Option<(&[String], bool)> {
    match &entry.graded {
        Some(Graded::Short {
            accepted,
            case_sensitive,
        }) if !accepted.is_empty() => Some((accepted, *case_sensitive)),
        _ => None,
    }
}

/// A matching entry as the platforms take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching<'e> {
    /// The pairs, left and right, trimmed.
    pub pairs: Vec<(&'e str, &'e str)>,
    /// Right-hand items that pair with nothing.
    pub distractors: &'e [String],
}

/// A matching entry's pairs and right-hand distractors; `None` with fewer
/// than two whole pairs (a platform needs two to match), or a pair with a
/// side missing (QB703 names it).
#[must_use]
pub fn matching(entry: &Entry) -> Option<Matching<'_>> {
    let Some(Graded::Matching { pairs, distractors }) = &entry.graded else {
        return None;
    };
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.left.trim(), p.right.trim()))
        .collect();
    let whole = pairs.iter().all(|(l, r)| !l.is_empty() && !r.is_empty());
    (whole && pairs.len() >= 2).then_some(Matching { pairs, distractors })
}

/// An ordering entry's items, first to last; `None` with fewer than two.
#[must_use]
pub fn ordering(entry: &Entry) -> Option<&[String]> {
    match &entry.graded {
        Some(Graded::Ordering { items }) if items.len() >= 2 => Some(items),
        _ => None,
    }
}

/// A numerical entry's decimals and unit; `None` when it is not one or
/// its numbers are not ([`bounds`]).
#[must_use]
pub fn numerical(entry: &Entry) -> Option<(Bounds, Option<&str>)> {
    match &entry.graded {
        Some(Graded::Numerical(n)) => Some((bounds(n)?, n.unit.as_deref())),
        _ => None,
    }
}

/// The positions an ordering is matched against where a platform has no
/// ordering question (GIFT, QTI for Canvas, Moodle before 4.4): each item
/// is a left-hand side, its place (`1`, `2`, …) the right-hand side.
#[must_use]
pub fn ordering_as_matching(items: &[String]) -> Vec<(&str, String)> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.as_str(), (i + 1).to_string()))
        .collect()
}

/// After a short answer's accepted answers in the `graded` cell, when case
/// matters: `pwd (case-sensitive)`.
pub const CASE_SENSITIVE: &str = "(case-sensitive)";

/// Between a matching pair's sides in the `graded` cell (`Rust → Graydon
/// Hoare`); a distractor stands after it alone (`→ Dennis Ritchie`).
pub const ARROW: &str = "→";

/// The `graded` cell of the tabular exports: what a short-answer,
/// numerical, matching or ordering entry grades, as compact text; empty for
/// the other kinds. Texts are as written (see [`Graded`]).
///
/// - short: the accepted answers, ` | ` between them, then
///   [`CASE_SENSITIVE`] when case matters: `colour | color`, `pwd
///   (case-sensitive)`;
/// - numerical: [`numerical_text`]: `9.8 ± 0.1 m/s²`, `100 ± 1 %`,
///   `[3.1, 3.2]`;
/// - matching: one `left → right` line per pair, then one `→ distractor`
///   line per distractor;
/// - ordering: one `1. item` line per item, first to last.
///
/// ```
/// use qbank_core::Graded;
/// let short = Graded::Short { accepted: vec!["colour".into(), "color".into()], case_sensitive: true };
/// assert_eq!(qbank_export::graded::cell(&short), "colour | color (case-sensitive)");
/// let order = Graded::Ordering { items: vec!["SYN".into(), "ACK".into()] };
/// assert_eq!(qbank_export::graded::cell(&order), "1. SYN\n2. ACK");
/// ```
#[must_use]
pub fn cell(graded: &Graded) -> String {
    match graded {
        Graded::Short {
            accepted,
            case_sensitive,
        } => {
            let mut out = accepted.join(crate::fill::ALTERNATIVES);
            if *case_sensitive {
                out.push(' ');
                out.push_str(CASE_SENSITIVE);
            }
            out
        }
        Graded::Numerical(n) => numerical_text(n),
        Graded::Matching { pairs, distractors } => {
            let pairs = pairs.iter().map(|p| {
                format!("{} {ARROW} {}", p.left, p.right)
                    .trim_end()
                    .to_owned()
            });
            let distractors = distractors.iter().map(|d| format!("{ARROW} {d}"));
            pairs.chain(distractors).collect::<Vec<_>>().join("\n")
        }
        Graded::Ordering { items } => items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("{}. {item}", i + 1))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// An entry's `graded` cell ([`cell`]); empty when it grades nothing.
#[must_use]
pub fn entry_cell(entry: &Entry) -> String {
    entry.graded.as_ref().map_or_else(String::new, cell)
}

/// A numerical answer as one line, numbers as written: `9.8 ± 0.1 m/s²`,
/// `100 ± 1 %`, `6`, `[3.1, 3.2]`, `100 °C`.
///
/// ```
/// use qbank_core::{Number, Numerical, NumericalAnswer, Tolerance};
/// let n = |s: &str| Number(s.to_owned());
/// let value = Numerical {
///     answer: NumericalAnswer::Value { value: n("3.14"), tolerance: Some(Tolerance::Absolute(n("0.01"))) },
///     unit: Some("m".into()),
/// };
/// assert_eq!(qbank_export::graded::numerical_text(&value), "3.14 ± 0.01 m");
/// let range = Numerical { answer: NumericalAnswer::Range { min: n("3.1"), max: n("3.2") }, unit: None };
/// assert_eq!(qbank_export::graded::numerical_text(&range), "[3.1, 3.2]");
/// ```
#[must_use]
pub fn numerical_text(numerical: &Numerical) -> String {
    let mut out = match &numerical.answer {
        NumericalAnswer::Value { value, tolerance } => match tolerance {
            None => value.0.clone(),
            Some(Tolerance::Absolute(t)) => format!("{} ± {}", value.0, t.0),
            Some(Tolerance::Percent(p)) => format!("{} ± {} %", value.0, p.0),
        },
        NumericalAnswer::Range { min, max } => format!("[{}, {}]", min.0, max.0),
    };
    if let Some(unit) = &numerical.unit {
        out.push(' ');
        out.push_str(unit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::Number;

    fn value(v: &str, t: Option<Tolerance>) -> Numerical {
        Numerical {
            answer: NumericalAnswer::Value {
                value: Number(v.to_owned()),
                tolerance: t,
            },
            unit: None,
        }
    }

    #[test]
    fn bounds_of_each_way_of_writing() {
        let b = bounds(&value(
            "9.8",
            Some(Tolerance::Absolute(Number("0.1".into()))),
        ))
        .unwrap();
        assert_eq!((b.min.as_str(), b.max.as_str()), ("9.7", "9.9"));
        let b = bounds(&value("-5", None)).unwrap();
        assert_eq!((b.value.as_str(), b.tolerance.as_str()), ("-5", "0"));
        let b = bounds(&value("-200", Some(Tolerance::Percent(Number("1".into()))))).unwrap();
        assert_eq!((b.min.as_str(), b.max.as_str()), ("-202", "-198"));
        assert!(bounds(&value("x", None)).is_none());
        assert!(bounds(&value("1", Some(Tolerance::Absolute(Number("-1".into()))))).is_none());
        let upside_down = Numerical {
            answer: NumericalAnswer::Range {
                min: Number("2".into()),
                max: Number("1".into()),
            },
            unit: None,
        };
        assert!(bounds(&upside_down).is_none());
    }
}
