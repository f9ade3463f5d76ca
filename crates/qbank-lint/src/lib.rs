//! # qbank-lint: structure rules for Markdown question banks
//!
//! Rules read the model built by [`qbank_core`]; they never re-parse the
//! Markdown. Each rule lives in its own module under `rules/`, with its
//! documentation (What it does / Why is this bad? / Example / Use instead)
//! as the doc comment that [`Rule::doc`] returns, its stable code
//! (`QB` + number, see [`RULES`]) and its default [`Severity`].
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_lint::{lint, LintFile, Settings};
//!
//! let md = "# Bank\n\n## 1. CAP\n\n**Question:** What is CAP?\n\n**Answer:** TODO\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let settings = Settings::default();
//! let reports = lint(&[LintFile { file: &file, settings: &settings }]);
//! let names: Vec<&str> = reports[0].diagnostics.iter().map(|d| d.rule.name).collect();
//! assert_eq!(names, ["placeholder-text"]);
//! # Ok::<(), qbank_core::DecodeError>(())
//! ```

#![deny(missing_docs)]

mod diagnostic;
mod docs_url;
mod fix;
mod normalize;
mod patterns;
mod registry;
mod rules;
mod settings;
mod suppress;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity};
pub use docs_url::{DocsUrl, InvalidDocsUrl};
pub use fix::{FixFile, FixOutcome, FixRun, MAX_ITERATIONS, apply_fixes, lint_fix};
pub use normalize::normalize_for_comparison;
pub use registry::{FixAvailability, RULES, Rule, rule};
pub use settings::{DEFAULT_PLACEHOLDERS, Settings};

use qbank_core::{LineIndex, ParsedFile};
use rayon::prelude::*;

/// One file to lint, with the settings that apply to it.
#[derive(Clone, Copy, Debug)]
pub struct LintFile<'a> {
    /// The parsed file.
    pub file: &'a ParsedFile,
    /// The rules and options in force for it.
    pub settings: &'a Settings,
}

/// The diagnostics of one file, sorted by position.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// Index of the file in the slice given to [`lint`].
    pub file: usize,
    /// Its diagnostics, suppressions applied.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a rule sees of one file.
pub(crate) struct FileCtx<'a> {
    pub(crate) index: usize,
    pub(crate) file: &'a ParsedFile,
    pub(crate) settings: &'a Settings,
    /// Built on first use: a clean file never needs line numbers.
    lines: std::sync::OnceLock<LineIndex>,
}

impl FileCtx<'_> {
    pub(crate) fn text(&self) -> &str {
        &self.file.source.text
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: u32) -> u32 {
        self.lines
            .get_or_init(|| LineIndex::new(&self.file.source.text))
            .line(offset)
    }
}

/// Lint every file; rules that compare files (duplicates) see them all.
///
/// Diagnostics of a rule that is off for a file are dropped; suppression
/// comments are applied, and suppressions that suppress nothing are reported
/// as `unused-suppression`.
#[must_use]
pub fn lint(files: &[LintFile<'_>]) -> Vec<FileReport> {
    // Files are linted in parallel; only the rules that compare files (the
    // duplicates) run over all of them at once.
    let ctxs: Vec<FileCtx<'_>> = files
        .par_iter()
        .enumerate()
        .map(|(index, f)| FileCtx {
            index,
            file: f.file,
            settings: f.settings,
            lines: std::sync::OnceLock::new(),
        })
        .collect();
    // The per-file rules and the rules that compare files run side by side.
    let (mut raw, compared) = rayon::join(
        || {
            ctxs.par_iter()
                .map(|ctx| {
                    let mut out = Vec::new();
                    for rule in RULES {
                        if let registry::Check::File(check) = rule.check {
                            if ctx.settings.severity(rule).is_some() {
                                check(ctx, &mut out);
                            }
                        }
                    }
                    out
                })
                .collect::<Vec<Vec<Diagnostic>>>()
        },
        || {
            let mut found = Vec::new();
            for rule in RULES {
                if let registry::Check::Run(check) = rule.check {
                    check(&ctxs, &mut found);
                }
            }
            found
        },
    );
    for d in compared {
        if let Some(slot) = raw.get_mut(d.file) {
            slot.push(d);
        }
    }
    ctxs.par_iter()
        .zip(raw)
        .map(|(ctx, diagnostics)| {
            let mut diagnostics: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter_map(|mut d| {
                    d.severity = ctx.settings.severity(d.rule)?;
                    Some(d)
                })
                .collect();
            suppress::apply(ctx, &mut diagnostics);
            diagnostics.sort_by(|a, b| {
                (a.span.start, a.span.end, a.rule.code).cmp(&(
                    b.span.start,
                    b.span.end,
                    b.rule.code,
                ))
            });
            patterns::apply(ctx, &mut diagnostics);
            FileReport {
                file: ctx.index,
                diagnostics,
            }
        })
        .collect()
}
