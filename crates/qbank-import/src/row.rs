//! One entry as an export holds it: the columns `qbank import` reads.

/// An entry's row (or JSON object), as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Row {
    /// Where it was read (`row 5`, `line 3`, `document 1, entry 2`), for
    /// messages.
    pub place: String,
    /// The document's path.
    pub file: String,
    /// The entry's title.
    pub title: String,
    /// The question, answer and analysis (`None`: empty).
    pub question: Option<String>,
    /// See `question`.
    pub answer: Option<String>,
    /// See `question`.
    pub analysis: Option<String>,
    /// The document's title.
    pub document_title: Option<String>,
    /// The entry's explicit id (`{#id}` on its heading); `None` when the
    /// export has no such column.
    pub id: Option<Option<String>>,
    /// The group headings the entry sits under; `None` when the export has
    /// no such column.
    pub category: Option<Vec<String>>,
    /// The options and correct marks of a choice entry.
    pub choice: Option<ChoiceCell>,
    /// A fill entry's blanks, in order; `None` when the export has no such
    /// column (or the cell is empty).
    pub blanks: Option<Vec<BlankCell>>,
    /// What a short-answer, numerical, matching or ordering entry grades
    /// (the `graded` column, or JSON's `accepted`, `numerical`, `pairs`,
    /// `order`); `None` when the export has no such column or the cell is
    /// empty.
    pub graded: Option<GradedCell>,
    /// The entry as written (the `source` column), when the row has one.
    pub source: Option<String>,
    /// The export it was read from (shared by all its rows).
    pub export: std::sync::Arc<Export>,
}

/// The export a row was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// Its name, for messages.
    pub name: String,
    /// How it writes the question, answer, analysis and option texts, as
    /// it says (`"text"` in JSON, a document property in XLSX); `None`
    /// where it does not say (CSV, older XLSX): inferred from the cells.
    pub text: Option<qbank_export::TextFormat>,
}

/// What a graded entry's row says it grades.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GradedCell {
    /// The `graded` cell of a CSV or XLSX export, as written there (see
    /// `qbank_export::graded::cell`), read against the entry's kind.
    Text(String),
    /// A JSON entry's graded keys, its numbers as the decimals of their
    /// values (JSON has no numbers as written).
    Json(qbank_core::Graded),
}

/// One blank as its row gives it: its accepted answers and hint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlankCell {
    /// The accepted answers, the first the one shown.
    pub answers: Vec<String>,
    /// A cloze's hint.
    pub hint: Option<String>,
}

impl BlankCell {
    /// The blanks of a `blanks` cell: `1. 共享` lines, alternatives after
    /// ` | `, a hint after ` :: ` (as `qbank_export::fill::blank_lines`
    /// writes them); `None` for an empty cell.
    #[must_use]
    pub fn from_cell(cell: &str) -> Option<Vec<BlankCell>> {
        let blanks: Vec<BlankCell> = cell
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let line = line.trim();
                let rest = line
                    .split_once(". ")
                    .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(line, |(_, rest)| rest);
                let (answers, hint) = match rest.split_once(" :: ") {
                    Some((a, h)) => (a, Some(h.trim().to_owned())),
                    None => (rest, None),
                };
                let answers = answers
                    .split(" | ")
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect();
                BlankCell { answers, hint }
            })
            .collect();
        (!blanks.is_empty()).then_some(blanks)
    }
}

/// A choice entry's options as its row gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChoiceCell {
    /// Each option's letter (or `None`) and text.
    pub options: Vec<(Option<String>, String)>,
    /// Which are correct, by position.
    pub correct: Vec<bool>,
}

impl ChoiceCell {
    /// From the `options` cell (`A. text` lines; `1. text` for options
    /// without letters; a line that starts neither way continues the
    /// option before) and the `correct` cell (`B`, `A,B,D`, `1,3`).
    #[must_use]
    pub fn from_cells(options: &str, correct: &str) -> Option<ChoiceCell> {
        let mut parsed: Vec<(Option<String>, String)> = Vec::new();
        for line in options.lines() {
            match option_line(line) {
                Some((label, text)) => parsed.push((label, text.to_owned())),
                None => match parsed.last_mut() {
                    Some((_, text)) => {
                        text.push('\n');
                        text.push_str(line);
                    }
                    None if line.trim().is_empty() => {}
                    None => parsed.push((None, line.trim().to_owned())),
                },
            }
        }
        if parsed.is_empty() {
            return None;
        }
        let names: Vec<&str> = correct
            .split([',', '，', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let correct = parsed
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                let position = (i + 1).to_string();
                names
                    .iter()
                    .any(|n| label.as_deref() == Some(*n) || *n == position)
            })
            .collect();
        Some(ChoiceCell {
            options: parsed,
            correct,
        })
    }
}

/// `A. text` → (Some("A"), "text"); `2. text` → (None, "text").
fn option_line(line: &str) -> Option<(Option<String>, &str)> {
    let (name, text) = line.split_once(". ")?;
    if name.len() == 1 && name.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some((Some(name.to_owned()), text.trim()));
    }
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return Some((None, text.trim()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_correct() {
        let cell = ChoiceCell::from_cells("A. 无连接\nB. 面向连接\n   续行\nC. x", "B").unwrap();
        assert_eq!(
            cell.options[1],
            (Some("B".into()), "面向连接\n   续行".into())
        );
        assert_eq!(cell.correct, [false, true, false]);
        let bare = ChoiceCell::from_cells("1. docker ps\n2. docker images", "1").unwrap();
        assert_eq!(bare.options[0], (None, "docker ps".into()));
        assert_eq!(bare.correct, [true, false]);
        assert_eq!(ChoiceCell::from_cells("", ""), None);
    }
}
