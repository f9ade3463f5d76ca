//! The graded kinds in Moodle XML: `shortanswer` (each accepted answer
//! 100%, `usecase` as the bank says), `numerical` (the value and its
//! absolute tolerance, a range as its midpoint and half width; the unit as
//! Moodle's unit, optional in answers, and shown after the question),
//! `matching` (each pair a subquestion, each distractor an answer with an
//! empty subquestion) and `ordering`, core in Moodle 4.4 and later (the
//! items in their order, each answer's fraction its place); for an older
//! Moodle (`--moodle-version`), an ordering is a matching of each item
//! with its place.

use crate::fill::short_answer;
use crate::{Render, Rich, text_body};
use qbank_core::Entry;
use qbank_export::DocumentRef;
use qbank_export::graded::{self, Bounds};
use qbank_export::quiz::Asked;
use std::fmt::Write as _;

/// The Moodle release a Moodle XML export is for (`--moodle-version 4.3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MoodleVersion {
    /// `4` in 4.3.
    pub major: u32,
    /// `3` in 4.3.
    pub minor: u32,
}

impl MoodleVersion {
    /// The first release with the ordering question in its core (4.4).
    pub const ORDERING: MoodleVersion = MoodleVersion { major: 4, minor: 4 };

    /// Whether this release imports `ordering` questions.
    #[must_use]
    pub fn has_ordering(self) -> bool {
        self >= MoodleVersion::ORDERING
    }
}

impl std::str::FromStr for MoodleVersion {
    type Err = String;

    /// `4.4`, `4.4.1`, `3.11` or `5`.
    ///
    /// ```
    /// use qbank_moodle::MoodleVersion;
    /// let v: MoodleVersion = "4.3.2".parse().unwrap();
    /// assert_eq!((v.major, v.minor), (4, 3));
    /// assert!(!v.has_ordering());
    /// assert!("5".parse::<MoodleVersion>().unwrap().has_ordering());
    /// assert!("four".parse::<MoodleVersion>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a Moodle release: write it as 4.3 or 4.4");
        let mut parts = s.trim().split('.');
        let number = |part: Option<&str>| -> Result<Option<u32>, String> {
            part.map(|p| p.parse::<u32>().map_err(|_| bad()))
                .transpose()
        };
        let major = number(parts.next())?.ok_or_else(bad)?;
        let minor = number(parts.next())?.unwrap_or(0);
        number(parts.next())?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(MoodleVersion { major, minor })
    }
}

impl std::fmt::Display for MoodleVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Render<'_> {
    /// The question type of a graded kind (`how` one of them).
    pub(crate) fn graded_type(&self, how: Asked) -> &'static str {
        match how {
            Asked::Short => "shortanswer",
            Asked::Numerical => "numerical",
            Asked::Ordering if self.ordering => "ordering",
            _ => "matching",
        }
    }

    /// The grading of a graded kind (`how` one of them), after the common
    /// elements.
    pub(crate) fn graded(
        &self,
        q: &mut String,
        doc: DocumentRef<'_>,
        entry: &Entry,
        how: Asked,
    ) -> qbank_export::Result<()> {
        match how {
            Asked::Short => {
                if let Some((accepted, case_sensitive)) = graded::short(entry) {
                    short_answer(q, accepted, case_sensitive);
                }
            }
            Asked::Numerical => {
                if let Some((bounds, unit)) = graded::numerical(entry) {
                    numerical(q, &bounds, unit);
                }
            }
            Asked::Matching => {
                if let Some(m) = graded::matching(entry) {
                    let pairs: Vec<(Option<&str>, String)> = m
                        .pairs
                        .iter()
                        .map(|(l, r)| (Some(*l), (*r).to_owned()))
                        .chain(m.distractors.iter().map(|d| (None, d.clone())))
                        .collect();
                    self.matching(q, doc, entry, &pairs)?;
                }
            }
            Asked::Ordering => {
                let items = graded::ordering(entry).unwrap_or_default();
                if self.ordering {
                    self.ordering(q, doc, entry, items)?;
                } else {
                    let pairs: Vec<(Option<&str>, String)> = graded::ordering_as_matching(items)
                        .into_iter()
                        .map(|(item, place)| (Some(item), place))
                        .collect();
                    self.matching(q, doc, entry, &pairs)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A `matching`'s subquestions: the left side HTML, the right side
    /// plain text (Moodle shows a matching's answers as written); no left
    /// side for a distractor.
    fn matching(
        &self,
        q: &mut String,
        doc: DocumentRef<'_>,
        entry: &Entry,
        pairs: &[(Option<&str>, String)],
    ) -> qbank_export::Result<()> {
        q.push_str("    <penalty>0.3333333</penalty>\n    <shuffleanswers>true</shuffleanswers>\n");
        combined_feedback(q);
        for (left, right) in pairs {
            let left = match left {
                Some(markdown) => self.inline(doc, markdown, entry)?,
                None => crate::empty(),
            };
            let right = qbank_export::TextFormat::Plain.render(right);
            q.push_str("    <subquestion format=\"html\">\n");
            q.push_str(&text_body(&left, 6));
            let _ = writeln!(
                q,
                "      <answer><text>{}</text></answer>\n    </subquestion>",
                qbank_render::xml_text(right.trim())
            );
        }
        Ok(())
    }

    /// An `ordering`'s options and items, first to last, each answer's
    /// fraction its place.
    fn ordering(
        &self,
        q: &mut String,
        doc: DocumentRef<'_>,
        entry: &Entry,
        items: &[String],
    ) -> qbank_export::Result<()> {
        q.push_str("    <penalty>0.3333333</penalty>\n");
        q.push_str("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n");
        q.push_str(
            "    <selectcount>0</selectcount>\n    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n",
        );
        q.push_str(
            "    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n",
        );
        combined_feedback(q);
        for (place, item) in items.iter().enumerate() {
            let rich = self.inline(doc, item, entry)?;
            let _ = writeln!(q, "    <answer fraction=\"{}\" format=\"html\">", place + 1);
            q.push_str(&text_body(&rich, 6));
            q.push_str("      <feedback format=\"html\"><text></text></feedback>\n    </answer>\n");
        }
        Ok(())
    }

    /// Inline Markdown (an item, a pair's side) as HTML without its
    /// paragraph.
    fn inline(
        &self,
        doc: DocumentRef<'_>,
        markdown: &str,
        entry: &Entry,
    ) -> qbank_export::Result<Rich> {
        let mut rich = self.rich(doc, markdown, entry.span)?;
        rich.html = qbank_render::unwrap_paragraph(&rich.html).to_owned();
        Ok(rich)
    }
}

/// A `numerical`'s answer and its unit, optional in responses.
fn numerical(q: &mut String, bounds: &Bounds, unit: Option<&str>) {
    q.push_str("    <penalty>0.3333333</penalty>\n");
    let _ = writeln!(
        q,
        "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n      <text>{}</text>\n      <feedback format=\"html\"><text></text></feedback>\n      <tolerance>{}</tolerance>\n    </answer>",
        bounds.value, bounds.tolerance
    );
    if let Some(unit) = unit {
        let _ = writeln!(
            q,
            "    <units>\n      <unit><multiplier>1</multiplier><unit_name>{}</unit_name></unit>\n    </units>",
            qbank_render::xml_text(unit)
        );
    }
    // Units not graded; 0: typed in with the number (optional), 3: none.
    let show = if unit.is_some() { 0 } else { 3 };
    let _ = writeln!(
        q,
        "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n    <showunits>{show}</showunits>\n    <unitsleft>0</unitsleft>"
    );
}

/// The feedback for a right, partly right and wrong response: none.
fn combined_feedback(q: &mut String) {
    for name in [
        "correctfeedback",
        "partiallycorrectfeedback",
        "incorrectfeedback",
    ] {
        let _ = writeln!(q, "    <{name} format=\"html\"><text></text></{name}>");
    }
    q.push_str("    <shownumcorrect/>\n");
}
