//! Findings, and the fixes they carry.

use crate::registry::Rule;
use qbank_core::Span;
use serde::Serialize;

/// How serious a finding is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; does not fail the run.
    Warning,
    /// Reported; makes `qbank check` exit with 1.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// Its severity, after configuration.
    pub severity: Severity,
    /// Index of the file, in the slice given to [`crate::lint`].
    pub file: usize,
    /// Where it is, in the file's decoded text.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The primary label shown at the span.
    pub label: String,
    /// How to put it right.
    pub help: Option<String>,
    /// Other places that explain it (the earlier copy of a duplicate).
    pub related: Vec<Related>,
    /// An automatic fix, when the rule has one for this case.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub(crate) fn new(
        rule: &'static Rule,
        file: usize,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            file,
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub(crate) fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Another place a diagnostic refers to.
#[derive(Clone, Debug)]
pub struct Related {
    /// Index of the file it is in.
    pub file: usize,
    /// Where.
    pub span: Span,
    /// What it is (`first used here`).
    pub message: String,
}

/// Whether a fix may be applied without a human looking.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`: keeps the meaning and the Markdown structure.
    Safe,
    /// Shown, never applied automatically.
    Unsafe,
}

/// A fix: edits to the decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does (`renumber 5 to 4`).
    pub message: String,
    /// Non-overlapping edits, sorted by position.
    pub edits: Vec<Edit>,
    /// Whether `--fix` applies it.
    pub applicability: Applicability,
}

impl Fix {
    pub(crate) fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }
}

/// Replace the text at `span` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace (empty for an insertion).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}
