//! The graded kinds as Canvas's own question types, as Canvas exports
//! them:
//!
//! - a short answer: `short_answer_question`, a text field
//!   (`response_str`, `render_fib`) and one `respcondition` per accepted
//!   answer, its `varequal` setting the score to 100. Canvas compares short
//!   answers ignoring case: a bank's `Case-sensitive` is not kept;
//! - a number: `numerical_question`, a decimal field (`render_fib
//!   fibtype="Decimal"`); a value (with its tolerance, absolute or a
//!   percentage worked out in decimals) as Canvas's "exact answer with
//!   margin", `<or>` of the value's `varequal` and `<and>` of `vargte` and
//!   `varlte` on its bounds; a range as `vargte` and `varlte`. Canvas has
//!   no units: the unit follows the question text, as `<p>(m/s²)</p>`;
//! - a matching: `matching_question`, one `response_lid` (`response_1`,
//!   `response_2`…) per left-hand item, each listing every right-hand text
//!   once (the pairs' then the distractors, `match_1`, `match_2`…), and
//!   a `respcondition` per pair adding its share of 100 (shares in
//!   hundredths that add up to 100);
//! - an ordering: Canvas has no ordering question, so a `matching_question`
//!   with each item on the left and its place (`1`, `2`…) on the right.
//!   Canvas shows the left-hand side in the order written, which would
//!   give the answer away: the items are shown in an order fixed by their
//!   texts (the same on every export), never the right one.
//!
//! Left- and right-hand texts are plain text (their Markdown read as
//! text), as Canvas's matching takes them.

use crate::item::{
    TEXT_RESPONSE, add_score, choice_response, full_score, item_head, item_tail, mattext,
    scoring_head,
};
use qbank_core::Entry;
use qbank_export::graded::Bounds;
use qbank_export::quiz::{Asked, asked};
use std::fmt::Write as _;

/// What a graded entry's item asks for.
pub(crate) enum Graded<'e> {
    /// The accepted answers.
    Short(&'e [String]),
    /// The number's decimals and its unit.
    Numerical(Bounds, Option<&'e str>),
    /// A matching, or an ordering as one.
    Matching(Matching),
}

/// Left-hand items to match with right-hand texts, all plain text.
pub(crate) struct Matching {
    /// Each left-hand item, in the order shown, with the index of its
    /// right-hand text.
    lefts: Vec<(String, usize)>,
    /// The right-hand texts, each once: the pairs', then the distractors.
    rights: Vec<String>,
}

impl<'e> Graded<'e> {
    /// The item `entry` becomes; `None` when it is not asked as one of the
    /// graded kinds.
    pub(crate) fn of(entry: &'e Entry) -> Option<Self> {
        use qbank_export::graded;
        match asked(entry) {
            Asked::Short => graded::short(entry).map(|(accepted, _)| Graded::Short(accepted)),
            Asked::Numerical => {
                graded::numerical(entry).map(|(b, unit)| Graded::Numerical(b, unit))
            }
            Asked::Matching => graded::matching(entry).map(|m| {
                let pairs = m.pairs.iter().map(|(l, r)| (*l, *r));
                Graded::Matching(Matching::new(pairs, m.distractors))
            }),
            Asked::Ordering => graded::ordering(entry).map(|items| {
                let places = graded::ordering_as_matching(items);
                let pairs = places.iter().map(|(item, place)| (*item, place.as_str()));
                let mut matching = Matching::new(pairs, &[]);
                matching.shuffle();
                Graded::Matching(matching)
            }),
            _ => None,
        }
    }
}

impl Matching {
    /// From pairs and distractors as the bank writes them (Markdown).
    fn new<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, distractors: &[String]) -> Self {
        let plain = |markdown: &str| {
            let text = qbank_export::TextFormat::Plain.render(markdown);
            text.trim().to_owned()
        };
        let mut rights: Vec<String> = Vec::new();
        let mut index = |text: String| match rights.iter().position(|r| *r == text) {
            Some(i) => i,
            None => {
                rights.push(text);
                rights.len() - 1
            }
        };
        let lefts = pairs
            .map(|(left, right)| (plain(left), index(plain(right))))
            .collect();
        for d in distractors
            .iter()
            .map(|d| plain(d))
            .filter(|d| !d.is_empty())
        {
            index(d);
        }
        Matching { lefts, rights }
    }

    /// The left-hand items in an order fixed by their texts (a digest of
    /// each), moved on by one where that is the right order.
    fn shuffle(&mut self) {
        self.lefts.sort_by_cached_key(|(left, _)| {
            sha1_smol::Sha1::from(left.as_bytes()).digest().bytes()
        });
        if self
            .lefts
            .iter()
            .enumerate()
            .all(|(i, (_, right))| i == *right)
        {
            self.lefts.rotate_left(1);
        }
    }
}

/// The `<item>` of a graded entry: its text (`stem`, as HTML), its
/// response and scoring, its general feedback (`feedback`, HTML, may be
/// empty).
pub(crate) fn item_xml(
    ident: &str,
    title: &str,
    graded: &Graded<'_>,
    stem: &str,
    feedback: &str,
) -> String {
    let (question_type, ids) = match graded {
        Graded::Short(_) => ("short_answer_question", Vec::new()),
        Graded::Numerical(..) => ("numerical_question", Vec::new()),
        Graded::Matching(m) => (
            "matching_question",
            (1..=m.lefts.len()).map(|n| n.to_string()).collect(),
        ),
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut out = item_head(ident, title, question_type, &ids);
    presentation(&mut out, graded, stem);
    scoring_head(&mut out, !feedback.is_empty());
    scoring(&mut out, graded);
    out.push_str("</resprocessing>");
    item_tail(&mut out, feedback);
    out
}

/// The question text (a number's unit after it) and the response.
fn presentation(out: &mut String, graded: &Graded<'_>, stem: &str) {
    out.push_str("<presentation>");
    match graded {
        Graded::Short(_) => {
            out.push_str(&mattext(stem));
            out.push_str(TEXT_RESPONSE);
        }
        Graded::Numerical(_, unit) => {
            let mut stem = stem.to_owned();
            if let Some(unit) = unit {
                let _ = write!(stem, "<p>({})</p>", qbank_render::escape(unit));
            }
            out.push_str(&mattext(&stem));
            out.push_str("<response_str ident=\"response1\" rcardinality=\"Single\"><render_fib fibtype=\"Decimal\"><response_label ident=\"answer1\"/></render_fib></response_str>");
        }
        Graded::Matching(m) => {
            out.push_str(&mattext(stem));
            let ids: Vec<String> = (1..=m.rights.len()).map(|k| format!("match_{k}")).collect();
            for ((left, _), n) in m.lefts.iter().zip(1..) {
                let labels = ids
                    .iter()
                    .map(String::as_str)
                    .zip(m.rights.iter().map(String::as_str));
                choice_response(out, &format!("response_{n}"), left, labels);
            }
        }
    }
    out.push_str("</presentation>");
}

/// The conditions that score: any accepted answer, the number within its
/// bounds, each pair's share.
fn scoring(out: &mut String, graded: &Graded<'_>) {
    let equal = |text: &str| {
        format!(
            "<varequal respident=\"response1\">{}</varequal>",
            qbank_render::xml_text(text)
        )
    };
    match graded {
        Graded::Short(accepted) => {
            for answer in *accepted {
                full_score(out, &equal(answer));
            }
        }
        Graded::Numerical(b, _) => {
            let within = format!(
                "<vargte respident=\"response1\">{}</vargte><varlte respident=\"response1\">{}</varlte>",
                b.min, b.max
            );
            if b.range {
                full_score(out, &within);
            } else {
                full_score(
                    out,
                    &format!("<or>{}<and>{within}</and></or>", equal(&b.value)),
                );
            }
        }
        Graded::Matching(m) => {
            for (((_, right), share), n) in m.lefts.iter().zip(shares(m.lefts.len())).zip(1..) {
                add_score(
                    out,
                    &format!("response_{n}"),
                    &format!("match_{}", right + 1),
                    &share,
                );
            }
        }
    }
}

/// `n` shares of 100 in hundredths that add up to 100 (`33.34`, `33.33`,
/// `33.33`).
fn shares(n: usize) -> impl Iterator<Item = String> {
    let n = n.max(1);
    let (each, more) = (10_000 / n, 10_000 % n);
    (0..n).map(move |i| {
        let h = each + usize::from(i < more);
        format!("{}.{:02}", h / 100, h % 100)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_100() {
        assert_eq!(shares(3).collect::<Vec<_>>(), ["33.34", "33.33", "33.33"]);
        assert_eq!(shares(2).collect::<Vec<_>>(), ["50.00", "50.00"]);
        for n in 1..40 {
            let sum: f64 = shares(n).map(|s| s.parse::<f64>().unwrap_or(0.0)).sum();
            assert!((sum - 100.0).abs() < 1e-9, "{n}: {sum}");
        }
    }

    #[test]
    fn an_ordering_is_never_shown_in_its_order() {
        for items in [
            vec!["a", "b"],
            vec!["SYN", "SYN-ACK", "ACK"],
            vec!["x", "y", "z", "w"],
        ] {
            let items: Vec<String> = items.into_iter().map(str::to_owned).collect();
            let places = qbank_export::graded::ordering_as_matching(&items);
            let pairs = places.iter().map(|(item, place)| (*item, place.as_str()));
            let mut m = Matching::new(pairs, &[]);
            m.shuffle();
            assert!(m.lefts.iter().enumerate().any(|(i, (_, r))| i != *r));
            // Each item still goes with its place.
            for (left, right) in &m.lefts {
                let at = items.iter().position(|i| i == left).unwrap_or(usize::MAX);
                assert_eq!(m.rights[*right], (at + 1).to_string());
            }
        }
    }

    #[test]
    fn right_hand_texts_are_listed_once() {
        let pairs = [("a", "1"), ("*b*", "1"), ("c", "`2`")];
        let m = Matching::new(pairs.into_iter(), &[" 2 ".to_owned(), "3".to_owned()]);
        assert_eq!(m.rights, ["1", "2", "3"]);
        let lefts: Vec<(&str, usize)> = m.lefts.iter().map(|(l, r)| (l.as_str(), *r)).collect();
        assert_eq!(lefts, [("a", 0), ("b", 0), ("c", 1)]);
    }
}
