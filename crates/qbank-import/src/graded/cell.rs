//! The `graded` cell read back (as `qbank_export::graded::cell` writes
//! it), and graded answers compared.

use qbank_core::{Graded, Number, Numerical, NumericalAnswer, Pair, Tolerance};
use qbank_export::graded::{ARROW, CASE_SENSITIVE};

/// A cell as compared: lines without trailing white space, the whole
/// trimmed.
pub(super) fn normalized(cell: &str) -> String {
    let lines: Vec<&str> = cell.trim().lines().map(str::trim_end).collect();
    lines.join("\n")
}

/// The cell read as an answer of `kind`'s kind.
pub(super) fn parse(kind: &Graded, cell: &str) -> Result<Graded, String> {
    let cell = cell.trim();
    match kind {
        Graded::Short { .. } => short(cell),
        Graded::Numerical(_) => numerical(cell).map(Graded::Numerical).ok_or_else(|| {
            format!(
                "`{}` is not a number as the cell writes them (one line: `9.8 ± 0.1 m/s²`, \
                 `100 ± 1 %`, `[3.1, 3.2]`, `6`)",
                cell.replace('\n', " ")
            )
        }),
        Graded::Matching { .. } => matching(cell),
        Graded::Ordering { .. } => Ok(ordering(cell)),
    }
}

/// `colour | color (case-sensitive)`.
fn short(cell: &str) -> Result<Graded, String> {
    let at = cell.len().saturating_sub(CASE_SENSITIVE.len());
    let (answers, case_sensitive) = match (cell.get(..at), cell.get(at..)) {
        (Some(answers), Some(mark)) if mark.eq_ignore_ascii_case(CASE_SENSITIVE) => (answers, true),
        _ => (cell, false),
    };
    let accepted: Vec<String> = answers
        .split(['|', '\n'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    if accepted.is_empty() {
        return Err("no accepted answer: a short answer needs one".to_owned());
    }
    Ok(Graded::Short {
        accepted,
        case_sensitive,
    })
}

/// `9.8 ± 0.1 m/s²`, `100 ± 1 %`, `6`, `[3.1, 3.2]`, `100 °C`.
pub(super) fn numerical(cell: &str) -> Option<Numerical> {
    let cell = cell.trim();
    if cell.contains('\n') {
        return None;
    }
    if let Some(inner) = cell.strip_prefix('[') {
        let (inside, unit) = inner.split_once(']')?;
        let (min, max) = inside.split_once(", ").or_else(|| inside.split_once(','))?;
        let answer = NumericalAnswer::Range {
            min: number(min)?,
            max: number(max)?,
        };
        return Some(Numerical {
            answer,
            unit: unit_of(unit)?,
        });
    }
    let Some((value, rest)) = cell.split_once('±').or_else(|| cell.split_once("+/-")) else {
        let (value, unit) = cell.split_once(char::is_whitespace).unwrap_or((cell, ""));
        let answer = NumericalAnswer::Value {
            value: number(value)?,
            tolerance: None,
        };
        return Some(Numerical {
            answer,
            unit: unit_of(unit)?,
        });
    };
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '%' || c == '％')
        .unwrap_or(rest.len());
    let amount = number(&rest[..end])?;
    let after = rest[end..].trim_start();
    let (tolerance, unit) = match after.strip_prefix(['%', '％']) {
        Some(unit) => (Tolerance::Percent(amount), unit),
        None => (Tolerance::Absolute(amount), after),
    };
    let answer = NumericalAnswer::Value {
        value: number(value)?,
        tolerance: Some(tolerance),
    };
    Some(Numerical {
        answer,
        unit: unit_of(unit)?,
    })
}

/// A number as written, if it is one.
fn number(s: &str) -> Option<Number> {
    let n = Number(s.trim().to_owned());
    n.value().map(|_| n)
}

/// A unit: one word, or none (`Some(None)`); `None` for several words.
fn unit_of(s: &str) -> Option<Option<String>> {
    let s = s.trim();
    if s.contains(char::is_whitespace) {
        return None;
    }
    Some((!s.is_empty()).then(|| s.to_owned()))
}

/// `left → right` lines, then `→ distractor` lines; a line without an
/// arrow continues the one before.
fn matching(cell: &str) -> Result<Graded, String> {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut distractors: Vec<String> = Vec::new();
    let mut last_is_pair = true;
    for line in cell.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once(ARROW) {
            Some((left, right)) if left.trim().is_empty() => {
                distractors.push(right.trim().to_owned());
                last_is_pair = false;
            }
            Some((left, right)) => {
                pairs.push(Pair {
                    left: left.trim().to_owned(),
                    right: right.trim().to_owned(),
                    ..Pair::default()
                });
                last_is_pair = true;
            }
            None => {
                let last = if last_is_pair {
                    pairs.last_mut().map(|p| &mut p.right)
                } else {
                    distractors.last_mut()
                };
                let Some(last) = last else {
                    return Err(format!(
                        "`{}` is neither a pair (`left {ARROW} right`) nor a distractor \
                         (`{ARROW} distractor`)",
                        line.trim()
                    ));
                };
                last.push('\n');
                last.push_str(line);
            }
        }
    }
    Ok(Graded::Matching { pairs, distractors })
}

/// `1. item` lines, first to last; a line without a number continues the
/// one before.
fn ordering(cell: &str) -> Graded {
    let mut items: Vec<String> = Vec::new();
    for line in cell.lines().filter(|l| !l.trim().is_empty()) {
        let numbered = line
            .trim_start()
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match (numbered, items.last_mut()) {
            (Some((_, item)), _) => items.push(item.trim().to_owned()),
            (None, Some(last)) => {
                last.push('\n');
                last.push_str(line);
            }
            (None, None) => items.push(line.trim().to_owned()),
        }
    }
    Graded::Ordering { items }
}

/// Whether two graded answers say the same; `values`: numbers compare by
/// their values (JSON's), else as written.
pub(super) fn same(have: &Graded, want: &Graded, values: bool) -> bool {
    match (have, want) {
        (
            Graded::Short {
                accepted: a,
                case_sensitive: x,
            },
            Graded::Short {
                accepted: b,
                case_sensitive: y,
            },
        ) => a == b && x == y,
        (Graded::Numerical(a), Graded::Numerical(b)) => same_numerical(a, b, values),
        (
            Graded::Matching {
                pairs: a,
                distractors: x,
            },
            Graded::Matching {
                pairs: b,
                distractors: y,
            },
        ) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(p, q)| p.left == q.left && p.right == q.right)
                && x == y
        }
        (Graded::Ordering { items: a }, Graded::Ordering { items: b }) => a == b,
        _ => false,
    }
}

fn same_numerical(a: &Numerical, b: &Numerical, values: bool) -> bool {
    use NumericalAnswer::{Range, Value};
    let n = |x: &Number, y: &Number| same_number(x, y, values);
    let answers = match (&a.answer, &b.answer) {
        (
            Value {
                value: v,
                tolerance: s,
            },
            Value {
                value: w,
                tolerance: t,
            },
        ) => {
            n(v, w)
                && match (s, t) {
                    (None, None) => true,
                    (Some(Tolerance::Absolute(s)), Some(Tolerance::Absolute(t)))
                    | (Some(Tolerance::Percent(s)), Some(Tolerance::Percent(t))) => n(s, t),
                    _ => false,
                }
        }
        (Range { min: a, max: b }, Range { min: c, max: d }) => n(a, c) && n(b, d),
        _ => false,
    };
    answers && a.unit == b.unit
}

/// Numbers as written, or (`values`) their values.
pub(super) fn same_number(a: &Number, b: &Number, values: bool) -> bool {
    a.0 == b.0 || (values && a.value().is_some() && a.value() == b.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: &str, t: Option<Tolerance>, unit: Option<&str>) -> Numerical {
        Numerical {
            answer: NumericalAnswer::Value {
                value: Number(v.into()),
                tolerance: t,
            },
            unit: unit.map(str::to_owned),
        }
    }

    #[test]
    fn numbers_read_as_the_cell_writes_them() {
        let n = |s: &str| Number(s.into());
        assert_eq!(
            numerical("9.8 ± 0.1 m/s²"),
            Some(value(
                "9.8",
                Some(Tolerance::Absolute(n("0.1"))),
                Some("m/s²")
            ))
        );
        assert_eq!(
            numerical("100 ± 1 %"),
            Some(value("100", Some(Tolerance::Percent(n("1"))), None))
        );
        assert_eq!(
            numerical("100±1%"),
            Some(value("100", Some(Tolerance::Percent(n("1"))), None))
        );
        assert_eq!(numerical("100 °C"), Some(value("100", None, Some("°C"))));
        assert_eq!(numerical("1,000"), Some(value("1,000", None, None)));
        let range = numerical("[1,000, 2,000] m").unwrap();
        assert_eq!(
            range.answer,
            NumericalAnswer::Range {
                min: n("1,000"),
                max: n("2,000")
            }
        );
        assert_eq!(range.unit.as_deref(), Some("m"));
        for bad in ["x", "9.8 ± y", "[1, x]", "1 two words", ""] {
            assert_eq!(numerical(bad), None, "{bad}");
        }
    }

    #[test]
    fn cells_of_each_kind() {
        let short_kind = Graded::Short {
            accepted: vec![],
            case_sensitive: false,
        };
        assert_eq!(
            parse(&short_kind, "pwd | ls (Case-Sensitive)"),
            Ok(Graded::Short {
                accepted: vec!["pwd".into(), "ls".into()],
                case_sensitive: true
            })
        );
        assert!(parse(&short_kind, " | ").is_err());
        let Ok(Graded::Matching { pairs, distractors }) = matching("a → b\n  more\n→ x\n→ y\nc → ")
        else {
            panic!("not matching");
        };
        assert_eq!(
            pairs
                .iter()
                .map(|p| (p.left.as_str(), p.right.as_str()))
                .collect::<Vec<_>>(),
            [("a", "b\n  more"), ("c", "")]
        );
        assert_eq!(distractors, ["x", "y"]);
        assert!(matching("no arrow").is_err());
        assert_eq!(
            ordering("1. SYN\n2. SYN-ACK\n   long\n3. ACK"),
            Graded::Ordering {
                items: vec!["SYN".into(), "SYN-ACK\n   long".into(), "ACK".into()]
            }
        );
    }
}
