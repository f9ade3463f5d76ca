//! How sure a reading of an entry is: `sure`, `likely` or `guess`, with the
//! reasons that decided it.
//!
//! The score is a sum of hand-set integer weights, one table
//! ([`WEIGHTS`]), over what the entry's source says for itself: labels, an
//! entry number, a heading or bold line that asks, a key that marks its
//! options, an exercise or a card written in its own syntax; and against
//! it: nothing that answers it, options without a key, a plain line that
//! does not ask, a heading read as a question among quiz questions. The
//! thresholds were set on the tuning part of `fixtures/realworld`:
//! `sure` entries are right at least 97% of the time there (see
//! `docs/coverage.md`). Nothing here reads the Markdown again; every signal
//! is in the model.

use crate::line::ws::Trim;
use crate::model::{Document, Entry, Kind, LabelStyle, Marker, SectionKind};
use serde::{Deserialize, Serialize};

/// How sure the reading of an entry is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The reading rests on weak evidence: lint stays silent on what
    /// depends on it, and `fmt` leaves it alone.
    Guess,
    /// Read from the document's shape, without labels to confirm it.
    Likely,
    /// The source says what each part is.
    Sure,
}

impl Confidence {
    /// `sure`, `likely` or `guess`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Guess => "guess",
            Confidence::Likely => "likely",
            Confidence::Sure => "sure",
        }
    }
}

/// One signal of a reading, with its weight.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// What was seen, in words: `the answer is labelled`.
    pub why: &'static str,
    /// Its weight: positive for, negative against.
    pub weight: i32,
}

/// An entry's confidence, its score and the reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// The level the score reaches.
    pub level: Confidence,
    /// The sum of the reasons' weights.
    pub score: i32,
    /// What counted, in the order of the weights table (`docs/format.md`, 7.12).
    pub reasons: Vec<Reason>,
}

/// The signals, their weights and what they say. The order is the order of
/// [`Assessment::reasons`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Signal {
    QuestionLabel,
    AnswerLabel,
    KeyAtTheEnd,
    Numbered,
    Asks,
    OwnSyntax,
    Regular,
    KeyedOptions,
    PlainLine,
    HeadingAmongQuizzes,
}

/// The weights, in one table.
const WEIGHTS: [(Signal, i32, &str); 10] = [
    (Signal::QuestionLabel, 3, "the question is labelled"),
    (Signal::AnswerLabel, 3, "the answer is labelled"),
    (
        Signal::KeyAtTheEnd,
        2,
        "the answer key at the end answers it",
    ),
    (Signal::Numbered, 1, "it is numbered"),
    (Signal::Asks, 1, "its question asks (`?`)"),
    (
        Signal::OwnSyntax,
        3,
        "it is written in a syntax of its own (an exercise box, a card, a `<details>`)",
    ),
    (
        Signal::Regular,
        1,
        "most entries of the document are written the same way",
    ),
    (Signal::KeyedOptions, 2, "its options have a key"),
    (
        Signal::PlainLine,
        -2,
        "its question is a plain line that does not ask",
    ),
    (
        Signal::HeadingAmongQuizzes,
        -1,
        "a heading read as a question among quiz questions",
    ),
];

/// The score from which a reading is `sure`.
const SURE: i32 = 4;
/// The score from which a reading is `likely`.
const LIKELY: i32 = 1;

/// How sure the reading of `entry`, an entry of `doc` (parsed from
/// `text`), is. Only the entry and the document's shape are read, so an
/// entry handed on alone (by `parse_each`) is assessed as in the whole
/// document.
#[must_use]
pub fn assess(text: &str, doc: &Document, entry: &Entry) -> Assessment {
    score(&signals(text, doc, entry))
}

/// The assessment the signals add up to.
fn score(signals: &[Signal]) -> Assessment {
    let reasons: Vec<Reason> = WEIGHTS
        .iter()
        .filter(|(s, _, _)| signals.contains(s))
        .map(|&(_, weight, why)| Reason { why, weight })
        .collect();
    let score = reasons.iter().map(|r| r.weight).sum();
    let level = if score >= SURE {
        Confidence::Sure
    } else if score >= LIKELY {
        Confidence::Likely
    } else {
        Confidence::Guess
    };
    Assessment {
        level,
        score,
        reasons,
    }
}

/// What the entry's source says for and against its reading.
fn signals(text: &str, doc: &Document, entry: &Entry) -> Vec<Signal> {
    let mut out = Vec::new();
    let labelled = |kind| {
        entry
            .section(kind)
            .is_some_and(|s| !matches!(s.label.style, LabelStyle::Implicit | LabelStyle::Key))
    };
    if labelled(SectionKind::Question) {
        out.push(Signal::QuestionLabel);
    }
    if labelled(SectionKind::Answer) || labelled(SectionKind::Analysis) {
        out.push(Signal::AnswerLabel);
    }
    if entry
        .section(SectionKind::Answer)
        .is_some_and(|s| s.label.style == LabelStyle::Key)
    {
        out.push(Signal::KeyAtTheEnd);
    }
    if entry.number.is_some() {
        out.push(Signal::Numbered);
    }
    if crate::line::ask::asks(&entry.title) {
        out.push(Signal::Asks);
    }
    if matches!(
        entry.marker,
        Marker::Challenge | Marker::InlineCard | Marker::Details
    ) {
        out.push(Signal::OwnSyntax);
    }
    if entry.marker == doc.shape.marker {
        out.push(Signal::Regular);
    }
    out.extend(choice_signals(entry));
    if plain_line(text, entry) {
        out.push(Signal::PlainLine);
    }
    if entry.marker.is_heading() && !doc.shape.marker.is_heading() {
        out.push(Signal::HeadingAmongQuizzes);
    }
    out
}

/// A choice entry whose options have a key.
fn choice_signals(entry: &Entry) -> Option<Signal> {
    (entry.kind == Kind::Choice && entry.options.iter().any(|o| o.correct))
        .then_some(Signal::KeyedOptions)
}

/// An entry that starts at a list item whose question is not bold, or at
/// a bold paragraph without a number, and neither asks nor is labelled: a
/// line of text that may as well be content (a closing remark in bold).
fn plain_line(text: &str, entry: &Entry) -> bool {
    let first = entry.heading.title_span.slice(text).trim_start_ws();
    let bold = first.starts_with("**") || first.starts_with("__");
    let plain = match entry.marker {
        Marker::ListItem => !bold,
        Marker::BoldParagraph => entry.number.is_none(),
        _ => false,
    };
    plain
        && entry.kind == Kind::Open
        && !crate::line::ask::asks(&entry.title)
        && entry
            .section(SectionKind::Question)
            .is_some_and(|s| s.label.style == LabelStyle::Implicit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ParseOptions, parse};

    fn levels(md: &str) -> Vec<Confidence> {
        let doc = parse("t.md", md, &ParseOptions::default());
        doc.entries
            .iter()
            .map(|e| assess(md, &doc, e).level)
            .collect()
    }

    #[test]
    fn labelled_entries_are_sure() {
        let md = "# B\n\n#### 1. A\n\n**题目：** 问？\n\n**答案：** 答。\n\n#### 2. B\n\n**题目：** 问？\n\n**答案：** 答。\n";
        assert_eq!(levels(md), [Confidence::Sure, Confidence::Sure]);
    }

    #[test]
    fn a_heading_among_quizzes_is_a_guess() {
        let md = "# Quiz\n\n## What is Rust?\n\nA language.\n\n**1.** Which is safe?\n\n- a) C\n- b) **Rust**\n\n**2.** Which is old?\n\n- a) **C**\n- b) Rust\n\n**3.** Which is new?\n\n- a) C\n- b) **Rust**\n\n## Why Rust?\n\nSafety.\n";
        assert_eq!(
            levels(md),
            [
                Confidence::Guess,
                Confidence::Sure,
                Confidence::Sure,
                Confidence::Sure,
                Confidence::Guess
            ]
        );
    }

    #[test]
    fn every_reason_has_its_weight() {
        let md = "# Cards\n\n#flashcards\n\nWhat is gold?::Au\n";
        let doc = parse("t.md", md, &ParseOptions::default());
        let a = assess(md, &doc, &doc.entries[0]);
        assert_eq!(a.score, a.reasons.iter().map(|r| r.weight).sum::<i32>());
        assert_eq!(a.level, Confidence::Sure);
    }
}
