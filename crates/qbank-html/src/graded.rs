//! The graded kinds on the page: a short answer or a number typed into a
//! text box, a matching answered by a list per left-hand item, an ordering
//! answered by moving its items. Each is a `<form class="graded"
//! data-graded="KIND">` holding its controls, what they are checked
//! against (as data, escaped, never markup), the right answer as text
//! (`data-solution`, and `.key` elements shown on reveal and in print), and
//! its Check button; the page's script checks it.
//!
//! What is checked is worked out here, as the quiz formats work it out
//! ([`qbank_export::graded`]): the accepted answers and whether case
//! matters, a number's bounds in decimal, the pairs and distractors, the
//! items' right order. The lists and items are shown in an order shuffled
//! from the entry's own texts, the same on every export and every visit;
//! an ordering is never shown in its right order.

use crate::strings::Strings;
use qbank_core::{Entry, Graded, NumericalAnswer, Tolerance};
use qbank_export::graded::{self, Bounds};
use qbank_export::quiz::Asked;
use qbank_render::escape;
use std::fmt::Write as _;

/// Renders an item's Markdown as inline HTML (sanitised, its math noted).
pub(crate) type Inline<'r> = dyn FnMut(&str) -> qbank_export::Result<String> + 'r;

/// The form of a graded entry asked as `how` (`anchor`: its article's id);
/// `None` for the other kinds, and for one the quiz formats would not
/// grade (it is shown as an open entry).
pub(crate) fn form(
    entry: &Entry,
    how: Asked,
    anchor: &str,
    strings: &Strings,
    inline: &mut Inline<'_>,
) -> qbank_export::Result<Option<String>> {
    let id = format!("{anchor}-graded");
    let made = match how {
        Asked::Short => short(entry, &id, strings).map(|f| ("short", f)),
        Asked::Numerical => numerical(entry, &id, strings).map(|f| ("numerical", f)),
        Asked::Matching => matching(entry, &id, strings, inline)?.map(|f| ("matching", f)),
        Asked::Ordering => ordering(entry, &id, strings, inline)?.map(|f| ("ordering", f)),
        _ => None,
    };
    let Some((kind, Form { inner, solution })) = made else {
        return Ok(None);
    };
    Ok(Some(format!(
        "<form class=\"graded\" id=\"{id}\" data-graded=\"{kind}\" data-solution=\"{}\">{inner}\
         <p class=\"actions\"><button type=\"submit\" class=\"check\">{}</button> \
         <span class=\"verdict\" role=\"status\"></span></p></form>\n",
        escape(&solution),
        strings.check,
    )))
}

/// A form's controls, and its right answer as text.
struct Form {
    inner: String,
    solution: String,
}

/// A text box and what it is checked against.
fn short(entry: &Entry, id: &str, strings: &Strings) -> Option<Form> {
    let (accepted, case_sensitive) = graded::short(entry)?;
    let answers = serde_json::to_string(accepted).unwrap_or_else(|_| "[]".to_owned());
    let case = if case_sensitive {
        " data-case-sensitive"
    } else {
        ""
    };
    // Each accepted answer once, as the check compares them (`colour` and
    // `Colour` are one where case does not matter).
    let mut shown: Vec<&str> = Vec::with_capacity(accepted.len());
    for answer in accepted.iter().map(|a| a.trim()) {
        let same = |s: &&str| {
            if case_sensitive {
                *s == answer
            } else {
                s.to_lowercase() == answer.to_lowercase()
            }
        };
        if !answer.is_empty() && !shown.iter().any(same) {
            shown.push(answer);
        }
    }
    let solution = shown.join(" / ");
    let inner = format!(
        "<p class=\"typed\"><input type=\"text\" id=\"{id}-answer\" aria-label=\"{}\" size=\"{}\" \
         autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" data-answers=\"{}\"{case}> \
         <span class=\"key\">{}</span></p>",
        strings.your_answer,
        crate::blank::size(accepted),
        escape(&answers),
        escape(&solution),
    );
    Some(Form { inner, solution })
}

/// A text box, the unit beside it, and the bounds it is checked against.
fn numerical(entry: &Entry, id: &str, strings: &Strings) -> Option<Form> {
    let (bounds, unit) = graded::numerical(entry)?;
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    let mut solution = written(entry, &bounds, strings);
    let (unit_attr, unit_shown, described) = match unit {
        Some(u) => {
            let _ = write!(solution, " {u}");
            (
                format!(" data-unit=\"{}\"", escape(u)),
                format!(
                    " <span class=\"unit\" id=\"{id}-unit\">{}</span>",
                    escape(u)
                ),
                format!(" aria-describedby=\"{id}-unit\""),
            )
        }
        None => Default::default(),
    };
    // A keypad with no minus sign on some phones: only where none is needed.
    let keypad = if bounds.min.starts_with('-') {
        ""
    } else {
        " inputmode=\"decimal\""
    };
    let inner = format!(
        "<p class=\"typed\"><input type=\"text\" id=\"{id}-answer\" aria-label=\"{}\"{described} \
         size=\"10\"{keypad} autocomplete=\"off\" spellcheck=\"false\" data-min=\"{}\" \
         data-max=\"{}\"{unit_attr}>{unit_shown} <span class=\"key\">{}</span></p>",
        strings.your_number,
        bounds.min,
        bounds.max,
        escape(&solution),
    );
    Some(Form { inner, solution })
}

/// A numerical answer as the bank writes it (`9.8 ± 0.1`, `100 ± 1 %`),
/// a range in words (`3.1 to 3.2`); the bounds where a number in it is
/// not written as one.
fn written(entry: &Entry, bounds: &Bounds, strings: &Strings) -> String {
    let range = |min: &str, max: &str| strings.range.replace("{min}", min).replace("{max}", max);
    let Some(Graded::Numerical(n)) = &entry.graded else {
        return range(&bounds.min, &bounds.max);
    };
    match &n.answer {
        NumericalAnswer::Value { value, tolerance } => {
            let value = value.0.trim();
            match tolerance {
                None => value.to_owned(),
                Some(Tolerance::Absolute(t)) => format!("{value} ± {}", t.0.trim()),
                Some(Tolerance::Percent(p)) => format!("{value} ± {} %", p.0.trim()),
            }
        }
        NumericalAnswer::Range { min, max } => range(min.0.trim(), max.0.trim()),
    }
}

/// A list of the right-hand items per left-hand item; the lists' items
/// (each right-hand item once, then the distractors) in a stable shuffled
/// order.
fn matching(
    entry: &Entry,
    id: &str,
    strings: &Strings,
    inline: &mut Inline<'_>,
) -> qbank_export::Result<Option<Form>> {
    let Some(m) = graded::matching(entry) else {
        return Ok(None);
    };
    // Each right-hand text once: a pair's list item is its text's.
    let mut choices: Vec<String> = Vec::new();
    let mut place = |text: String| match choices.iter().position(|c| *c == text) {
        Some(at) => at,
        None => {
            choices.push(text);
            choices.len() - 1
        }
    };
    let answers: Vec<usize> = m.pairs.iter().map(|(_, r)| place(plain(r))).collect();
    for distractor in m.distractors.iter().map(|d| plain(d)) {
        if !distractor.is_empty() {
            place(distractor);
        }
    }
    let order = scramble(&choices, |shown| shown.iter().copied().eq(0..shown.len()));
    let mut options = format!("<option value=\"\">{}</option>", strings.choose);
    for &c in &order {
        let _ = write!(
            options,
            "<option value=\"{c}\">{}</option>",
            escape(&choices[c])
        );
    }
    let mut inner = String::from("<ol class=\"pairs\">");
    let mut solution = Vec::with_capacity(m.pairs.len());
    for (i, ((left, _), answer)) in m.pairs.iter().zip(&answers).enumerate() {
        let html = inline(left)?;
        let right = escape(&choices[*answer]);
        let _ = write!(
            inner,
            "<li class=\"pair\"><span class=\"left\" id=\"{id}-left{i}\">{html}</span> \
             <select aria-labelledby=\"{id}-left{i}\" data-answer=\"{answer}\">{options}</select> \
             <span class=\"key\">{right}</span></li>"
        );
        solution.push(format!("{} → {}", plain(left), choices[*answer]));
    }
    inner.push_str("</ol>");
    Ok(Some(Form {
        inner,
        solution: solution.join(strings.separator),
    }))
}

/// The items, shown out of their right order, each with buttons to move
/// it; how to move them; the right order, for reveal and print; and a live
/// region that says where a moved item now stands.
fn ordering(
    entry: &Entry,
    id: &str,
    strings: &Strings,
    inline: &mut Inline<'_>,
) -> qbank_export::Result<Option<Form>> {
    let Some(items) = graded::ordering(entry) else {
        return Ok(None);
    };
    let texts: Vec<String> = items.iter().map(|i| plain(i)).collect();
    // An item's rank: the place of the first item written as it is (two
    // items alike may stand in either's place).
    let rank = |i: usize| texts.iter().position(|t| *t == texts[i]).unwrap_or(i);
    let in_order = |shown: &[usize]| shown.iter().enumerate().all(|(at, &i)| rank(i) == rank(at));
    let order = scramble(&texts, in_order);
    let mut inner = format!(
        "<p class=\"hint\" id=\"{id}-help\">{}</p><ol class=\"order\" aria-label=\"{}\" \
         aria-describedby=\"{id}-help\">",
        strings.order_help, strings.order_list,
    );
    for &i in &order {
        let html = inline(items[i].trim())?;
        let name = escape(&texts[i]);
        let up = strings.move_up.replace("{item}", &name);
        let down = strings.move_down.replace("{item}", &name);
        let _ = write!(
            inner,
            "<li class=\"item\" tabindex=\"0\" data-item=\"{i}\" data-rank=\"{}\"><span class=\"text\">{html}</span> \
             <span class=\"moves\"><button type=\"button\" class=\"move\" data-by=\"-1\" aria-label=\"{up}\">↑</button>\
             <button type=\"button\" class=\"move\" data-by=\"1\" aria-label=\"{down}\">↓</button></span></li>",
            rank(i)
        );
    }
    let solution = texts.join(" → ");
    let _ = write!(
        inner,
        "</ol><p class=\"key\">{}{}{}</p><p class=\"moved sr-only\" aria-live=\"polite\"></p>",
        strings.key,
        strings.colon,
        escape(&solution)
    );
    Ok(Some(Form { inner, solution }))
}

/// A text as plain text (markup aside), for a list's items and labels.
fn plain(markdown: &str) -> String {
    qbank_export::TextFormat::Plain
        .render(markdown.trim())
        .trim()
        .to_owned()
}

/// The places `0..texts.len()` in an order shuffled from the texts (the
/// same for the same texts), turned until `right` no longer holds for it
/// where any turn does that (`right`: whether an order gives the answer
/// away).
fn scramble(texts: &[String], right: impl Fn(&[usize]) -> bool) -> Vec<usize> {
    let mut seed = 0xcbf2_9ce4_8422_2325_u64;
    for text in texts {
        for b in text.bytes().chain([0]) {
            seed = (seed ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut order: Vec<usize> = (0..texts.len()).collect();
    for i in (1..order.len()).rev() {
        seed = splitmix(seed);
        // Below 2^32 items: the remainder's bias is no matter here.
        let j = usize::try_from(seed % (i as u64 + 1)).unwrap_or(0);
        order.swap(i, j);
    }
    for _ in 0..order.len() {
        if !right(&order) {
            break;
        }
        order.rotate_left(1);
    }
    order
}

/// SplitMix64's next value: a seed's bits spread (the shuffle's source).
fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("step {i}")).collect()
    }

    #[test]
    fn a_scramble_is_stable_and_never_the_right_order() {
        let identity = |o: &[usize]| o.iter().copied().eq(0..o.len());
        for n in 2..12 {
            let t = texts(n);
            let a = scramble(&t, identity);
            assert_eq!(a, scramble(&t, identity), "the same texts, the same order");
            assert!(!identity(&a), "{n}: {a:?}");
            let mut sorted = a.clone();
            sorted.sort_unstable();
            assert!(sorted.iter().copied().eq(0..n));
        }
        assert_eq!(scramble(&texts(1), identity), [0]);
        assert!(scramble(&[], identity).is_empty());
    }

    #[test]
    fn other_texts_shuffle_otherwise() {
        let identity = |o: &[usize]| o.iter().copied().eq(0..o.len());
        let orders: std::collections::HashSet<Vec<usize>> = (0..20)
            .map(|k| {
                let t: Vec<String> = (0..6).map(|i| format!("{k}-{i}")).collect();
                scramble(&t, identity)
            })
            .collect();
        assert!(orders.len() > 10, "{orders:?}");
    }
}
