//! The figures as text: `golden.py`'s table, a Markdown table for
//! `docs/coverage.md`, and the tab-separated floor the tests hold.

use crate::run::Measured;
use crate::score::Figures;
use crate::split::Part;
use std::fmt::Write;

/// `golden.py`'s table and figure line, character for character.
pub fn table(measured: &[Measured], only: Option<&str>) -> String {
    let mut out = format!(
        "{:58} {:>4} {:>4} {:>5} {:>5} {:>5}\n",
        "bank", "gold", "ans", "found", "right", "extra"
    );
    let mut total = Figures::default();
    for m in measured {
        let f = m.figures;
        total = total + f;
        let name: String = m.bank.name.chars().take(58).collect();
        let _ = writeln!(
            out,
            "{name:58} {:>4} {:>4} {:>5} {:>5} {:>5}",
            f.gold, f.answered, f.found, f.right, f.extra
        );
    }
    let label = only.map(|k| format!(" ({k})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "strict real-world coverage{label}: {}/{} = {}% of answered entries right \
         (question found for {}/{} entries; {} exported entries match no golden line)",
        total.right,
        total.answered,
        percent(total.coverage()),
        total.found,
        total.gold,
        total.extra
    );
    out
}

/// A whole percentage as Python's `{:.0%}` writes it (the product rounded
/// half to even, as Rust's formatting rounds).
fn percent(ratio: f64) -> String {
    format!("{:.0}", ratio * 100.0)
}

/// A Markdown table: one row per bank with its part, then a total for the
/// tuning part, the held-back part and all banks.
pub fn markdown(measured: &[Measured]) -> String {
    let rows: Vec<(String, Figures)> = measured
        .iter()
        .map(|m| (m.bank.name.clone(), m.figures))
        .collect();
    markdown_rows(&rows)
}

/// [`markdown`] of named figures (as [`parse_tsv`] reads them back).
pub fn markdown_rows(rows: &[(String, Figures)]) -> String {
    let mut out = String::from(
        "| bank | part | gold | answered | found | right | extra | strict coverage |\n\
         |---|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for (name, figures) in rows {
        row(
            &mut out,
            &format!("`{name}`"),
            Part::of(name).name(),
            *figures,
        );
    }
    let parts = [
        ("tuning", Some(Part::Tuning)),
        ("held back", Some(Part::HeldBack)),
        ("all", None),
    ];
    for (label, part) in parts {
        let total = rows
            .iter()
            .filter(|(name, _)| part.is_none_or(|p| Part::of(name) == p))
            .fold(Figures::default(), |t, (_, f)| t + *f);
        row(&mut out, &format!("**total, {label}**"), "", total);
    }
    out
}

fn row(out: &mut String, name: &str, part: &str, f: Figures) {
    let _ = writeln!(
        out,
        "| {name} | {part} | {} | {} | {} | {} | {} | {:.1}% |",
        f.gold,
        f.answered,
        f.found,
        f.right,
        f.extra,
        f.coverage() * 100.0
    );
}

/// One line per bank, tab-separated: name, part, gold, answered, found,
/// right, extra (the floor file's form).
pub fn tsv(measured: &[Measured]) -> String {
    let mut out = String::from("bank\tpart\tgold\tanswered\tfound\tright\textra\n");
    for m in measured {
        let f = m.figures;
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            m.bank.name,
            m.bank.part().name(),
            f.gold,
            f.answered,
            f.found,
            f.right,
            f.extra
        );
    }
    out
}

/// Reads [`tsv`]'s lines back: each bank's name and figures; `None` for a
/// line that is not of that form.
pub fn parse_tsv(text: &str) -> Option<Vec<(String, Figures)>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let [name, _part, gold, answered, found, right, extra] = cells.as_slice() else {
                return None;
            };
            let n = |s: &str| s.parse::<usize>().ok();
            let figures = Figures {
                gold: n(gold)?,
                answered: n(answered)?,
                found: n(found)?,
                right: n(right)?,
                extra: n(extra)?,
            };
            Some(((*name).to_owned(), figures))
        })
        .collect()
}
