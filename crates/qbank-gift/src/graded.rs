//! The graded kinds in GIFT: a short answer `{=colour =color}`, a number
//! `{#9.8:0.1}` or `{#3.1..3.2}`, a matching `{=Rust -> Graydon Hoare =
//! -> Dennis Ritchie}` (an empty left side is a distractor). GIFT has no
//! ordering question: an ordering is a matching of each item with its
//! place (`=SYN -> 1`), as Moodle before 4.4 would hold it. Nor has it a
//! case-sensitive short answer or units: a case-sensitive entry accepts any
//! case (the writer warns), and the unit is shown after the question.

use crate::fill::answer;
use crate::{Render, escape, literal_start};
use qbank_core::Entry;
use qbank_export::DocumentRef;
use qbank_export::graded;
use qbank_export::quiz::{Asked, asked};

impl Render<'_> {
    /// The answer block's inside for a graded kind (`how` one of them),
    /// and what goes after the question text (a numerical entry's unit).
    pub(crate) fn graded(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        how: Asked,
    ) -> qbank_export::Result<(String, String)> {
        let mut after = String::new();
        let answers = match how {
            Asked::Short => graded::short(entry).map_or_else(String::new, |(accepted, _)| {
                let answers: Vec<String> =
                    accepted.iter().map(|a| format!("={}", answer(a))).collect();
                answers.join(" ")
            }),
            Asked::Numerical => match graded::numerical(entry) {
                Some((bounds, unit)) => {
                    if let Some(unit) = unit {
                        after = format!("<p>({})</p>", qbank_render::escape(unit));
                    }
                    numerical(&bounds)
                }
                None => String::new(),
            },
            Asked::Matching => match graded::matching(entry) {
                Some(m) => {
                    let mut pairs = Vec::with_capacity(m.pairs.len() + m.distractors.len());
                    for (left, right) in &m.pairs {
                        pairs.push(self.pair(doc, entry, Some(left), right)?);
                    }
                    for right in m.distractors {
                        pairs.push(self.pair(doc, entry, None, right)?);
                    }
                    pairs.join(" ")
                }
                None => String::new(),
            },
            Asked::Ordering => {
                let items = graded::ordering(entry).unwrap_or_default();
                let mut pairs = Vec::with_capacity(items.len());
                for (item, place) in graded::ordering_as_matching(items) {
                    pairs.push(self.pair(doc, entry, Some(item), &place)?);
                }
                pairs.join(" ")
            }
            _ => String::new(),
        };
        Ok((answers, after))
    }

    /// `=left -> right`: the left side HTML (as the question), the right
    /// side plain text (Moodle shows a matching's answers as written); no
    /// left side for a distractor.
    fn pair(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        left: Option<&str>,
        right: &str,
    ) -> qbank_export::Result<String> {
        let left = match left {
            Some(markdown) => {
                let html = self.html(doc, markdown, entry.span)?;
                escape(&literal_start(qbank_render::unwrap_paragraph(&html)))
            }
            None => String::new(),
        };
        // Taken as written by both readers: no wildcard, weight or format.
        let right = qbank_export::TextFormat::Plain.render(right);
        Ok(format!("={left} -> {}", escape(right.trim())))
    }
}

/// `#value:tolerance`, `#min..max` for a range, `#value` when exact.
fn numerical(bounds: &graded::Bounds) -> String {
    if bounds.range {
        format!("#{}..{}", bounds.min, bounds.max)
    } else if bounds.tolerance == "0" {
        format!("#{}", bounds.value)
    } else {
        format!("#{}:{}", bounds.value, bounds.tolerance)
    }
}

/// Whether `entry` is asked as a case-sensitive short answer, which GIFT
/// cannot mark so.
pub(crate) fn case_sensitive(entry: &Entry) -> bool {
    asked(entry) == Asked::Short && graded::short(entry).is_some_and(|(_, case)| case)
}

/// The case-sensitive short answers written, for one warning at the end.
#[derive(Debug, Default)]
pub(crate) struct CaseSensitive {
    count: usize,
    first: Option<String>,
}

impl CaseSensitive {
    /// Notes an entry, by its place, when it is one.
    pub(crate) fn note(&mut self, place: Option<String>) {
        if let Some(place) = place {
            self.count += 1;
            self.first.get_or_insert(place);
        }
    }

    /// The warning, when any entry was noted.
    pub(crate) fn warning(&self) -> Option<String> {
        let first = self.first.as_ref()?;
        let n = match self.count {
            1 => "1 short answer is".to_owned(),
            n => format!("{n} short answers are"),
        };
        Some(format!(
            "GIFT: {n} case-sensitive in the bank (the first: {first}); GIFT cannot say so, and \
             Moodle will accept any case: `--to moodle` keeps it"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_gift_writes_them() {
        let b = |value: &str, tolerance: &str, range: bool| graded::Bounds {
            value: value.into(),
            tolerance: tolerance.into(),
            min: "3.1".into(),
            max: "3.2".into(),
            range,
        };
        assert_eq!(numerical(&b("9.8", "0.1", false)), "#9.8:0.1");
        assert_eq!(numerical(&b("-5", "0", false)), "#-5");
        assert_eq!(numerical(&b("3.15", "0.05", true)), "#3.1..3.2");
    }
}
