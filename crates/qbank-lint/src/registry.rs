//! The rule table: every rule, its stable code and its name.

use crate::FileCtx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;

/// Whether a rule can fix what it finds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// It cannot.
    None,
    /// Some findings carry a safe fix (`--fix` applies it).
    Sometimes,
    /// Every finding carries a safe fix.
    Always,
}

impl FixAvailability {
    /// Whether the rule can fix at all.
    #[must_use]
    pub fn is_fixable(self) -> bool {
        self != FixAvailability::None
    }
}

pub(crate) type FileCheck = fn(&FileCtx<'_>, &mut Vec<Diagnostic>);
pub(crate) type RunCheck = fn(&[FileCtx<'_>], &mut Vec<Diagnostic>);

/// How a rule runs.
#[derive(Copy, Clone)]
pub(crate) enum Check {
    /// On one file at a time.
    File(FileCheck),
    /// On every file of the run at once (duplicates across files).
    Run(RunCheck),
    /// Not by itself: its findings come from the linter (suppressions).
    None,
}

/// A lint rule.
pub struct Rule {
    /// Stable code: `QB` and a number, never reused.
    pub code: &'static str,
    /// Kebab-case name, naming the pattern it flags.
    pub name: &'static str,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// Whether it can fix what it finds.
    pub fix: FixAvailability,
    /// The rule's documentation, Markdown, as written in its doc comment.
    pub doc: &'static str,
    pub(crate) check: Check,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

impl Rule {
    /// The documentation, with the one space rustdoc keeps after `///`
    /// removed from each line.
    #[must_use]
    pub fn explanation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// Declares a rule: its doc comment becomes [`Rule::doc`].
macro_rules! declare_rule {
    (@check None $check:expr) => {
        $crate::registry::Check::None
    };
    (@check $kind:ident $check:expr) => {
        $crate::registry::Check::$kind($check)
    };
    (
        $(#[doc = $doc:literal])+
        code: $code:literal,
        name: $name:literal,
        summary: $summary:literal,
        severity: $severity:ident,
        fix: $fix:ident,
        check: $kind:ident($check:expr) $(,)?
    ) => {
        $(#[doc = $doc])+
        pub(crate) static RULE: $crate::registry::Rule = $crate::registry::Rule {
            code: $code,
            name: $name,
            summary: $summary,
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::registry::FixAvailability::$fix,
            doc: concat!($($doc, "\n"),+),
            check: $crate::registry::declare_rule!(@check $kind $check),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order. Codes are stable and never reused: `QB0xx`
/// documents, `QB1xx` sections, `QB2xx` numbering, `QB3xx` lists, `QB4xx`
/// content, `QB5xx` choice entries, `QB6xx` fill entries, `QB7xx`
/// short-answer, numerical, matching and ordering entries, `QB9xx` the
/// linter itself.
pub static RULES: &[&Rule] = &[
    &rules::missing_title::RULE,
    &rules::no_entries::RULE,
    &rules::missing_question::RULE,
    &rules::missing_answer::RULE,
    &rules::missing_analysis::RULE,
    &rules::empty_section::RULE,
    &rules::duplicate_section::RULE,
    &rules::section_order::RULE,
    &rules::stray_content::RULE,
    &rules::unread_region::RULE,
    &rules::entry_numbering::RULE,
    &rules::entry_heading::RULE,
    &rules::list_numbering::RULE,
    &rules::answer_without_list::RULE,
    &rules::list_item_term::RULE,
    &rules::empty_list_item::RULE,
    &rules::duplicate_title::RULE,
    &rules::duplicate_question::RULE,
    &rules::placeholder_text::RULE,
    &rules::label_punctuation::RULE,
    &rules::choice_without_correct::RULE,
    &rules::key_not_an_option::RULE,
    &rules::conflicting_key::RULE,
    &rules::duplicate_option::RULE,
    &rules::option_labels::RULE,
    &rules::single_choice_with_several_correct::RULE,
    &rules::answer_key_disagrees::RULE,
    &rules::blank_answer_count::RULE,
    &rules::empty_cloze::RULE,
    &rules::cloze_number_skipped::RULE,
    &rules::numerical_not_a_number::RULE,
    &rules::negative_tolerance::RULE,
    &rules::matching_pair::RULE,
    &rules::ordering_one_item::RULE,
    &rules::unused_suppression::RULE,
];

/// The rule with this code (`QB201`) or name (`entry-numbering`),
/// case-insensitively.
#[must_use]
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    let key = code_or_name.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert!(
            codes.windows(2).all(|w| w[0] < w[1]),
            "RULES is sorted by code"
        );
        codes.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(codes.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for r in RULES {
            assert!(r.code.starts_with("QB") && r.code[2..].parse::<u16>().is_ok());
            assert!(r.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert!(!r.name.starts_with("no-") || r.name == "no-entries");
            let doc = r.explanation();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
            ] {
                assert!(doc.contains(heading), "{}: doc lacks {heading}", r.name);
            }
            assert_eq!(rule(r.code), Some(*r));
            assert_eq!(rule(&r.name.to_uppercase()), Some(*r));
        }
    }
}
