//! Fill entries as the tabular and JSON exports show them: the `blanks`
//! cell, and a cloze's answer when the entry has no answer section.

use qbank_core::{Blank, Entry, Kind};

/// Between a blank's accepted answers in the `blanks` cell: `TCP | 传输控制协议`.
pub const ALTERNATIVES: &str = " | ";

/// The deletions' answers of a fill entry that has no answer section, in
/// order, each deletion once (`Paris; France`): a cloze's answer. `None`
/// for other entries and for blanks without answers.
#[must_use]
pub fn cloze_answers(entry: &Entry) -> Option<String> {
    if entry.kind != Kind::Fill || entry.section(qbank_core::SectionKind::Answer).is_some() {
        return None;
    }
    let mut seen = Vec::new();
    let mut parts = Vec::new();
    for blank in &entry.blanks {
        if seen.contains(&blank.number) {
            continue;
        }
        seen.push(blank.number);
        parts.push(blank.answers.first()?.as_str());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The `blanks` cell: one line per blank, `1. 共享`, alternatives after
/// ` | `, a hint after ` :: ` (`2. powerhouse :: a place`); empty for other
/// entries.
#[must_use]
pub fn blank_lines(entry: &Entry) -> String {
    let lines: Vec<String> = entry.blanks.iter().map(blank_line).collect();
    lines.join("\n")
}

/// One line of the `blanks` cell.
#[must_use]
pub fn blank_line(blank: &Blank) -> String {
    let mut line = format!("{}. {}", blank.number, blank.answers.join(ALTERNATIVES));
    if let Some(hint) = &blank.hint {
        line.push_str(" :: ");
        line.push_str(hint);
    }
    line
}
