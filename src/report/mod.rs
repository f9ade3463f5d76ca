//! The reports of `qbank check` findings, one module per format:
//! graphical (miette), concise, JSON, SARIF 2.1.0 and GitHub Actions
//! workflow commands. Each is one function of type [`Write`], written
//! from the same [`Findings`].

mod concise;
mod github;
mod graphical;
mod json;
mod sarif;

pub(crate) use concise::concise;
pub(crate) use github::github;
pub(crate) use graphical::graphical;
pub(crate) use json::json;
pub(crate) use sarif::sarif;

use qbank_core::{LineIndex, Span};
use qbank_lint::{Applicability, Diagnostic, DocsUrl, Rule, Severity};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// How every report is written: to `w`, from the findings of a run.
pub(crate) type Write = fn(&mut dyn std::io::Write, &Findings<'_>) -> std::io::Result<()>;

/// What every report is written from.
pub(crate) struct Findings<'a> {
    pub(crate) files: &'a [ReportFile<'a>],
    pub(crate) diagnostics: &'a [Diagnostic],
    pub(crate) totals: &'a Totals,
    /// Colours (the graphical report).
    pub(crate) color: bool,
    /// The totals line after the findings (the graphical report, unless
    /// `--quiet`; the others print it on standard error).
    pub(crate) summary: bool,
}

/// A checked file, as the reports need it: its text borrowed (a copy
/// doubled a large bank's memory), its line index built on first use.
pub(crate) struct ReportFile<'a> {
    pub(crate) path: String,
    pub(crate) text: &'a str,
    lines: OnceLock<LineIndex>,
    /// Where its findings link to their rule's documentation (none unless
    /// configured).
    docs: Option<DocsUrl>,
}

impl<'a> ReportFile<'a> {
    pub(crate) fn new(path: String, text: &'a str) -> Self {
        ReportFile {
            path,
            text,
            lines: OnceLock::new(),
            docs: None,
        }
    }

    /// Link the file's findings to the rules' documentation at `docs`.
    pub(crate) fn with_docs(mut self, docs: Option<DocsUrl>) -> Self {
        self.docs = docs;
        self
    }

    /// The page of `rule`, when a docs address is configured for the file.
    fn rule_url(&self, rule: &Rule) -> Option<String> {
        self.docs.as_ref().map(|docs| docs.rule_url(rule))
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// 1-based (line, column, end line, end column); columns in characters,
    /// the end exclusive.
    fn region(&self, span: Span) -> Region {
        let (line, column) = self.lines().line_col(self.text, span.start);
        let (end_line, end_column) = self.lines().line_col(self.text, span.end.max(span.start));
        Region {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The docs address of a whole run (SARIF has one rules table): the files'
/// own when they all share it, else none.
fn run_docs<'f>(files: &'f [ReportFile<'_>]) -> Option<&'f DocsUrl> {
    let first = files.first()?.docs.as_ref()?;
    files
        .iter()
        .all(|f| f.docs.as_ref() == Some(first))
        .then_some(first)
}

#[derive(Clone, Copy)]
struct Region {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

/// Totals for summaries.
#[derive(Default, Clone)]
pub(crate) struct Totals {
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) fixable: usize,
    pub(crate) fixed: usize,
    /// The inputs that could not be read.
    pub(crate) unread: usize,
    /// The first of them, for the summary.
    pub(crate) first_unread: Option<String>,
}

impl Totals {
    pub(crate) fn new(
        files: usize,
        diagnostics: &[Diagnostic],
        fixed: usize,
        unread: &[String],
    ) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let fixable = diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            .count();
        Totals {
            files,
            errors,
            warnings: diagnostics.len() - errors,
            fixable,
            fixed,
            unread: unread.len(),
            first_unread: unread.first().cloned(),
        }
    }

    /// `Found 3 problems (1 error, 2 warnings) in 2 files; 1 fixable with --fix.`
    pub(crate) fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = String::new();
        if self.fixed > 0 {
            let _ = write!(s, "Fixed {}. ", plural(self.fixed, "problem"));
        }
        if self.files == 0 && self.unread > 0 {
            let _ = write!(s, "0 files checked: {}.", self.unread_part());
            return s;
        }
        if self.errors + self.warnings == 0 {
            let _ = write!(s, "No problems found in {}", plural(self.files, "file"));
            if self.unread > 0 {
                let _ = write!(s, "; {}", self.unread_part());
            }
            s.push('.');
        } else {
            let _ = write!(
                s,
                "Found {} ({}, {}) in {}.",
                plural(self.errors + self.warnings, "problem"),
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
                plural(self.files, "file")
            );
            if self.unread > 0 {
                let _ = write!(s, " {}.", self.unread_part());
            }
            if self.fixable > 0 {
                let _ = write!(s, " {} fixable with --fix.", self.fixable);
            }
        }
        s
    }

    /// `nope.md could not be read`, or `3 files could not be read (nope.md, …)`.
    fn unread_part(&self) -> String {
        let first = self.first_unread.as_deref().unwrap_or("an input");
        if self.unread == 1 {
            format!("{first} could not be read")
        } else {
            format!("{} files could not be read ({first}, …)", self.unread)
        }
    }
}
