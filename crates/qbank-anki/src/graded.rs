//! The graded kinds as notes. Short-answer and numerical entries are
//! `qbank Type` notes: the learner types the answer into Anki's box
//! (`{{type:Answer}}`) and the back shows Anki's comparison with `Answer`,
//! then every accepted answer or the number's tolerance and bounds, which
//! Anki's exact comparison cannot know. Matching and ordering entries are
//! `qbank Q&A` notes (as before they were read as such, so their notes keep
//! their type): the front lists the items to match or order in an order
//! fixed by their texts (never the right one), unless the question already
//! shows them; the back lists the pairs, or the steps in their order.
//!
//! Texts come in as HTML (each item's Markdown rendered by the caller);
//! what is compared or tested for is plain text.

use qbank_core::{Entry, Graded, NumericalAnswer, Tolerance};
use qbank_export::graded::Bounds;

/// The `Answer`, `Accepted` and `Unit` fields of a `qbank Type` note.
pub(crate) struct TypeFields {
    /// What the learner types, as plain text (escaped).
    pub(crate) answer: String,
    /// Every accepted answer, or the number and its bounds, as HTML.
    pub(crate) accepted: String,
    /// The unit, escaped (empty without one).
    pub(crate) unit: String,
}

/// The type-in fields of a short-answer entry: `accepted` as HTML, in
/// order, the first the one typed (`plain`: its plain text).
pub(crate) fn short_fields(plain: &str, accepted: &[String], case_sensitive: bool) -> TypeFields {
    let mut html = String::from("<ul class=\"accepted\">");
    for answer in accepted {
        html.push_str("<li>");
        html.push_str(qbank_render::unwrap_paragraph(answer));
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html.push_str(if case_sensitive {
        "<div class=\"case\">区分大小写 · Case-sensitive</div>"
    } else {
        "<div class=\"case\">不区分大小写 · Case does not matter</div>"
    });
    TypeFields {
        answer: qbank_render::escape(plain),
        accepted: html,
        unit: String::new(),
    }
}

/// The type-in fields of a numerical entry: the number as written is
/// typed; the back shows it with its tolerance and, when it allows more
/// than one value, the bounds (`bounds`, in decimal).
pub(crate) fn numerical_fields(entry: &Entry, bounds: &Bounds) -> Option<TypeFields> {
    let Some(Graded::Numerical(n)) = &entry.graded else {
        return None;
    };
    let (typed, written) = match &n.answer {
        NumericalAnswer::Value { value, tolerance } => {
            let written = match tolerance {
                None => value.0.clone(),
                Some(Tolerance::Absolute(t)) => format!("{} ± {}", value.0, t.0),
                Some(Tolerance::Percent(p)) => format!("{} ± {} %", value.0, p.0),
            };
            (value.0.clone(), written)
        }
        NumericalAnswer::Range { min, max } => (
            format!("{}–{}", min.0, max.0),
            format!("[{}, {}]", min.0, max.0),
        ),
    };
    let unit = n.unit.as_deref().unwrap_or_default();
    let mut html = format!("<div class=\"accepted\">{}", qbank_render::escape(&written));
    if !unit.is_empty() {
        html.push(' ');
        html.push_str(&qbank_render::escape(unit));
    }
    html.push_str("</div>");
    if bounds.min != bounds.max {
        html.push_str(&format!(
            "<div class=\"bounds\">{} – {}</div>",
            bounds.min, bounds.max
        ));
    }
    Some(TypeFields {
        answer: qbank_render::escape(&typed),
        accepted: html,
        unit: qbank_render::escape(unit),
    })
}

/// A matching note's front (what to add to its question) and back (its
/// `Answer`). `pairs` and `distractors` are HTML; `shown` says whether the
/// question already shows the left-hand items and the right-hand ones.
pub(crate) fn matching_fields(
    pairs: &[(String, String)],
    distractors: &[String],
    shown: (bool, bool),
) -> (String, String) {
    let mut front = String::new();
    if !(shown.0 && shown.1) {
        front.push_str("<div class=\"label\">配对 · Match</div>");
    }
    if !shown.0 {
        front.push_str("<ol class=\"lefts\">");
        for (left, _) in pairs {
            push_item(&mut front, left);
        }
        front.push_str("</ol>");
    }
    if !shown.1 {
        let mut rights: Vec<&String> = pairs.iter().map(|(_, r)| r).chain(distractors).collect();
        let mut seen = Vec::new();
        rights.retain(|r| {
            let new = !seen.contains(r);
            seen.push(*r);
            new
        });
        let rights = scrambled(rights);
        front.push_str("<ul class=\"shuffled\">");
        for right in rights {
            push_item(&mut front, right);
        }
        front.push_str("</ul>");
    }
    let mut back = String::from("<table class=\"pairs\">");
    for (left, right) in pairs {
        back.push_str("<tr><td>");
        back.push_str(qbank_render::unwrap_paragraph(left));
        back.push_str("</td><td class=\"arrow\">→</td><td>");
        back.push_str(qbank_render::unwrap_paragraph(right));
        back.push_str("</td></tr>");
    }
    back.push_str("</table>");
    if !distractors.is_empty() {
        back.push_str("<div class=\"label\">不配对 · Match nothing</div><ul class=\"unmatched\">");
        for d in distractors {
            push_item(&mut back, d);
        }
        back.push_str("</ul>");
    }
    (front, back)
}

/// An ordering note's front (what to add to its question, empty when the
/// question shows the items) and back (its `Answer`: the steps in order).
/// `items` are HTML, first to last.
pub(crate) fn ordering_fields(items: &[String], shown: bool) -> (String, String) {
    let mut front = String::new();
    if !shown {
        front.push_str("<div class=\"label\">排序 · Put in order</div><ul class=\"shuffled\">");
        for item in scrambled(items.iter().collect()) {
            push_item(&mut front, item);
        }
        front.push_str("</ul>");
    }
    let mut back = String::from("<ol class=\"steps\">");
    for item in items {
        push_item(&mut back, item);
    }
    back.push_str("</ol>");
    (front, back)
}

fn push_item(out: &mut String, html: &str) {
    out.push_str("<li>");
    out.push_str(qbank_render::unwrap_paragraph(html));
    out.push_str("</li>");
}

/// `items` in an order fixed by their texts (a digest of each, so that a
/// card looks the same on every export), moved on by one where that is
/// the order given (the right order of an ordering, the pairs' order).
fn scrambled(mut items: Vec<&String>) -> Vec<&String> {
    let given = items.clone();
    items.sort_by_cached_key(|t| sha1_smol::Sha1::from(t.as_bytes()).digest().bytes());
    if items.len() > 1 && items == given {
        items.rotate_left(1);
    }
    items
}

/// Whether every one of `texts` (plain) stands in `question` (plain).
pub(crate) fn all_shown<'a>(question: &str, mut texts: impl Iterator<Item = &'a str>) -> bool {
    let question = squeezed(question);
    texts.all(|t| {
        let t = squeezed(t);
        !t.is_empty() && question.contains(&t)
    })
}

/// `text` with its runs of white space one space.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn an_ordering_is_never_shown_in_its_order() {
        for n in 2..8 {
            let items: Vec<String> = (0..n).map(|i| format!("step {i}")).collect();
            let shown = scrambled(items.iter().collect());
            assert_ne!(shown, items.iter().collect::<Vec<_>>());
            let mut sorted = shown.clone();
            sorted.sort();
            assert_eq!(sorted.len(), n);
        }
    }

    #[test]
    fn ordering_front_and_back() {
        let items = strings(&["<p>SYN</p>", "SYN-ACK", "ACK"]);
        let (front, back) = ordering_fields(&items, false);
        assert!(front.starts_with("<div class=\"label\">排序"));
        assert_eq!(front.matches("<li>").count(), 3);
        assert_eq!(
            back,
            "<ol class=\"steps\"><li>SYN</li><li>SYN-ACK</li><li>ACK</li></ol>"
        );
        assert_eq!(ordering_fields(&items, true).0, "");
    }

    #[test]
    fn matching_lists_each_right_hand_item_once() {
        let pairs = vec![
            ("TCP".to_owned(), "传输层".to_owned()),
            ("UDP".to_owned(), "传输层".to_owned()),
        ];
        let (front, back) = matching_fields(&pairs, &strings(&["网络层"]), (false, false));
        assert_eq!(front.matches("传输层").count(), 1);
        assert!(front.contains("<ol class=\"lefts\"><li>TCP</li><li>UDP</li></ol>"));
        assert!(back.contains("<tr><td>UDP</td><td class=\"arrow\">→</td><td>传输层</td></tr>"));
        assert!(back.contains("<ul class=\"unmatched\"><li>网络层</li></ul>"));
        let (front, _) = matching_fields(&pairs, &[], (true, false));
        assert!(!front.contains("lefts") && front.contains("shuffled"));
    }

    #[test]
    fn shown_texts() {
        assert!(all_shown(
            "Match:\n1. Stack\n2. Queue",
            ["Stack", "Queue"].into_iter()
        ));
        assert!(!all_shown(
            "Match:\n1. Stack",
            ["Stack", "Queue"].into_iter()
        ));
        assert!(!all_shown("anything", [" "].into_iter()));
    }

    #[test]
    fn short_answers_name_their_case() {
        let f = short_fields("colour", &strings(&["colour", "<p>color</p>"]), false);
        assert_eq!(f.answer, "colour");
        assert!(
            f.accepted.contains("<li>color</li>") && f.accepted.contains("Case does not matter")
        );
        assert!(
            short_fields("pwd", &strings(&["pwd"]), true)
                .accepted
                .contains("Case-sensitive")
        );
    }
}
