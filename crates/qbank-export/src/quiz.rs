//! How an entry is asked on a quiz platform (GIFT, Moodle XML, QTI): the
//! question type its kind and correct options call for.

use qbank_core::{ChoiceOption, Document, Entry, Kind, SectionKind, Span};

/// The question type an entry becomes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// Answered in words: an open entry, or a choice entry without a
    /// correct option (no platform has a choice question without one).
    Essay,
    /// True or false; the value is whether "true" is correct.
    TrueFalse(bool),
    /// One correct option.
    Single,
    /// Several correct options.
    Several,
}

/// How `entry` is asked.
#[must_use]
pub fn asked(entry: &Entry) -> Asked {
    let correct = entry.options.iter().filter(|o| o.correct).count();
    if entry.kind != Kind::Choice || entry.options.is_empty() || correct == 0 {
        return Asked::Essay;
    }
    if let [a, b] = &entry.options[..] {
        if let (Some(x), Some(y)) = (truth(a), truth(b)) {
            if x != y {
                let true_is_correct = if x { a.correct } else { b.correct };
                return Asked::TrueFalse(true_is_correct);
            }
        }
    }
    if correct == 1 {
        Asked::Single
    } else {
        Asked::Several
    }
}

/// Whether an option says "true" or "false" (正确/错误, 对/错, √/×, T/F).
#[must_use]
pub fn truth(option: &ChoiceOption) -> Option<bool> {
    let t = option.text.trim().trim_end_matches(['.', '。']);
    const YES: [&str; 7] = ["正确", "对", "√", "✓", "true", "t", "是"];
    const NO: [&str; 7] = ["错误", "错", "×", "✗", "false", "f", "否"];
    if YES.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// The body of an entry's section, when it has one that is not empty.
#[must_use]
pub fn body(entry: &Entry, kind: SectionKind) -> Option<Span> {
    entry
        .section(kind)
        .map(|s| s.body)
        .filter(|b| !b.is_empty())
}

/// A document's name on a platform: its title, else its file's stem.
#[must_use]
pub fn document_name(doc: &Document) -> String {
    doc.title
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_else(|| {
            std::path::Path::new(&doc.path)
                .file_stem()
                .map_or_else(|| "qbank".to_owned(), |s| s.to_string_lossy().into_owned())
        })
}

/// An entry's category: its document's name, then its group headings.
#[must_use]
pub fn category_of(doc: &Document, entry: &Entry) -> Vec<String> {
    std::iter::once(document_name(doc))
        .chain(entry.category.iter().cloned())
        .collect()
}

/// An entry's category as Moodle writes a path of categories (GIFT's
/// `$CATEGORY:` and Moodle XML's `<category>`): its parts joined by `/`,
/// a `/` in a part doubled.
#[must_use]
pub fn category_path(doc: &Document, entry: &Entry) -> String {
    let parts: Vec<String> = category_of(doc, entry)
        .iter()
        .map(|c| c.replace('/', "//"))
        .collect();
    parts.join("/")
}

/// The fraction of each of `n` correct options: 100 / n, as Moodle writes
/// fractions (five decimals at most: `33.33333`).
#[must_use]
pub fn weight(n: usize) -> String {
    let w = 100.0 / n.max(1) as f64;
    let s = format!("{w:.5}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn weights_sum_to_100() {
        assert_eq!(super::weight(1), "100");
        assert_eq!(super::weight(2), "50");
        assert_eq!(super::weight(3), "33.33333");
    }
}
