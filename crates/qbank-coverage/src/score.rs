//! The rule: golden lines walked in order against the exported entries.

use crate::flat::{flat, is_alnum, key};
use crate::golden::Golden;
use serde_json::Value;

const TRUE: &[&str] = &["true", "t", "正确", "对", "√", "✓", "yes", "o", "是", "ㅇ"];
const FALSE: &[&str] = &["false", "f", "错误", "错", "×", "✗", "x", "no", "否"];

/// What one bank scored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Golden lines.
    pub gold: usize,
    /// Golden lines that carry an answer or a key.
    pub answered: usize,
    /// Golden lines whose question was found among the exported entries.
    pub found: usize,
    /// Answered golden lines found with the right answer or key.
    pub right: usize,
    /// Exported entries that match no golden line.
    pub extra: usize,
}

impl std::ops::Add for Figures {
    type Output = Figures;

    /// The sum of two banks' figures.
    fn add(self, other: Figures) -> Figures {
        Figures {
            gold: self.gold + other.gold,
            answered: self.answered + other.answered,
            found: self.found + other.found,
            right: self.right + other.right,
            extra: self.extra + other.extra,
        }
    }
}

impl Figures {
    /// Strict coverage: right / answered (0 when nothing is answered).
    pub fn coverage(&self) -> f64 {
        if self.answered == 0 {
            0.0
        } else {
            self.right as f64 / self.answered as f64
        }
    }
}

/// One exported entry, as the rule reads it from the JSON export.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// Title and question, flattened.
    asked: String,
    /// Answer and analysis, flattened.
    answered: String,
    /// The options marked correct: (label, text), as written.
    correct: Vec<(Option<String>, Option<String>)>,
}

impl Exported {
    /// Reads one entry object of `documents[].entries[]`.
    pub fn from_json(entry: &Value) -> Exported {
        let text = |name: &str| entry.get(name).and_then(Value::as_str).unwrap_or("");
        let nonempty = |o: &Value, name: &str| {
            o.get(name)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let correct = entry
            .get("options")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|o| o.is_object() && o.get("correct").is_some_and(truthy))
            .map(|o| (nonempty(o, "label"), nonempty(o, "text")))
            .collect();
        Exported {
            asked: flat(&format!("{} {}", text("title"), text("question"))),
            answered: flat(&format!("{} {}", text("answer"), text("analysis"))),
            correct,
        }
    }
}

/// Python's truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Every entry of a JSON export (`{"documents": [{"entries": […]}]}`); an
/// export that is not of that form has none.
pub fn entries_of_export(json: &[u8]) -> Vec<Exported> {
    let Ok(value) = serde_json::from_slice::<Value>(json) else {
        return Vec::new();
    };
    let Some(documents) = value.get("documents").and_then(Value::as_array) else {
        return Vec::new();
    };
    documents
        .iter()
        .filter_map(|d| d.get("entries").and_then(Value::as_array))
        .flatten()
        .map(Exported::from_json)
        .collect()
}

/// The first exported entry from `from` on that holds the question's first
/// 24 letters; failing that, one of the next three that holds its first 12
/// (a question cut short or reworded at its end).
fn find(entries: &[Exported], from: usize, q: &str) -> Option<usize> {
    let (long, short) = (key(q, 24), key(q, 12));
    if short.is_empty() {
        return None;
    }
    let rest = entries.get(from..).unwrap_or_default();
    if let Some(j) = rest.iter().position(|e| e.asked.contains(&long)) {
        return Some(from + j);
    }
    let near = rest.iter().take(3);
    near.enumerate()
        .find(|(_, e)| e.asked.contains(&short))
        .map(|(j, _)| from + j)
}

/// Whether the entry's correct options are exactly the golden `correct`.
fn choice_right(entry: &Exported, want: &[String]) -> bool {
    let got = &entry.correct;
    if got.is_empty() {
        return false;
    }
    let want: Vec<&str> = want.iter().map(|w| w.trim()).collect();
    let one_letter = |w: &&str| w.chars().count() == 1 && w.chars().all(is_alnum);
    if want.iter().all(one_letter) && got.iter().all(|(label, _)| label.is_some()) {
        let mut labels: Vec<String> = got
            .iter()
            .map(|(l, _)| flat(l.as_deref().unwrap_or("")))
            .collect();
        let mut wanted: Vec<String> = want.iter().map(|w| flat(w)).collect();
        labels.sort();
        wanted.sort();
        return labels == wanted;
    }
    if let [only] = want.as_slice() {
        let lower = only.to_lowercase();
        if lower == "true" || lower == "false" {
            let (label, text) = &got[0];
            let t = flat(text.as_deref().or(label.as_deref()).unwrap_or(""));
            let set = if lower == "true" { TRUE } else { FALSE };
            return got.len() == 1 && set.contains(&t.as_str());
        }
    }
    let texts: Vec<String> = got
        .iter()
        .map(|(_, t)| flat(t.as_deref().unwrap_or("")))
        .collect();
    texts.len() == want.len()
        && want.iter().all(|w| {
            let k = key(w, 8);
            texts.iter().any(|t| t.starts_with(&k) || t.contains(&k))
        })
}

/// Scores one bank: its golden lines against its exported entries.
pub fn score(gold: &[Golden], entries: &[Exported]) -> Figures {
    let mut figures = Figures {
        gold: gold.len(),
        ..Figures::default()
    };
    let mut from = 0;
    for g in gold {
        let has = g.answered();
        figures.answered += usize::from(has);
        let Some(hit) = find(entries, from, g.q.as_deref().unwrap_or("")) else {
            continue;
        };
        figures.found += 1;
        from = hit + 1;
        if !has {
            continue;
        }
        let entry = &entries[hit];
        let ok = match &g.correct {
            Some(correct) if g.has_key() => choice_right(entry, correct),
            _ => entry
                .answered
                .contains(&key(g.a.as_deref().unwrap_or(""), 10)),
        };
        figures.right += usize::from(ok);
    }
    figures.extra = entries.len().saturating_sub(figures.found);
    figures
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn golden(q: &str, a: Option<&str>, correct: Option<&[&str]>) -> Golden {
        Golden {
            q: Some(q.to_owned()),
            a: a.map(str::to_owned),
            correct: correct.map(|c| c.iter().map(|s| (*s).to_owned()).collect()),
            kind: None,
        }
    }

    fn export(entries: serde_json::Value) -> Vec<Exported> {
        let json = json!({"documents": [{"entries": entries}]});
        entries_of_export(json.to_string().as_bytes())
    }

    #[test]
    fn answers_and_keys_are_right_in_order() {
        let entries = export(json!([
            {"title": "1. Which protocol resolves an IPv4 address?", "options": [
                {"label": "A", "text": "DNS", "correct": false},
                {"label": "C", "text": "ARP", "correct": true}]},
            {"title": "缓冲", "question": "简述缓冲技术的作用。", "answer": "缓和 CPU 与 I/O 设备速度不匹配的矛盾"},
            {"title": "Resources"}
        ]));
        let gold = [
            golden(
                "Which protocol resolves an IPv4 address",
                None,
                Some(&["C"]),
            ),
            golden(
                "简述缓冲技术的作用",
                Some("缓和 CPU 与 I/O 设备速度不匹配的矛盾"),
                None,
            ),
            golden("A question nobody read", Some("anything"), None),
        ];
        let f = score(&gold, &entries);
        assert_eq!(
            (f.gold, f.answered, f.found, f.right, f.extra),
            (3, 3, 2, 2, 1)
        );
    }

    #[test]
    fn texts_and_true_false_keys() {
        let entries = export(json!([
            {"title": "The sky is green", "options": [
                {"label": "", "text": "False", "correct": true},
                {"label": "", "text": "True", "correct": false}]},
            {"title": "Pick colours", "options": [
                {"label": null, "text": "Red things", "correct": true},
                {"label": null, "text": "Blue things", "correct": true}]}
        ]));
        let gold = [
            golden("The sky is green", None, Some(&["false"])),
            golden("Pick colours", None, Some(&["Blue things", "Red things"])),
        ];
        assert_eq!(score(&gold, &entries).right, 2);
        let wrong = [golden("The sky is green", None, Some(&["true"]))];
        assert_eq!(score(&wrong, &entries).right, 0);
    }

    #[test]
    fn a_short_question_matches_only_nearby() {
        let entries = export(json!([
            {"title": "a"}, {"title": "b"}, {"title": "c"},
            {"title": "Explain the borrow checker briefly", "answer": "x"}
        ]));
        // The first 24 letters are nowhere; the first 12 are in the fourth
        // entry, past the three the rule looks at.
        let gold = [golden(
            "Explain the borrow checker in detail",
            Some("x"),
            None,
        )];
        assert_eq!(score(&gold, &entries).found, 0);
        assert_eq!(score(&gold, &entries[1..]).found, 1);
    }

    #[test]
    fn a_broken_export_has_no_entries() {
        assert!(entries_of_export(b"not json").is_empty());
        assert!(entries_of_export(b"{\"documents\": 3}").is_empty());
    }
}
