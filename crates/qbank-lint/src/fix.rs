//! Applying fixes to a text.

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::{FileReport, LintFile, Settings, lint};
use qbank_core::{ParseOptions, ParsedFile, Source};

/// The result of applying fixes to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Fixes skipped because they overlapped an applied one (a second
    /// `--fix` run picks them up).
    pub skipped: usize,
}

/// Apply the safe fixes of `diagnostics` (or all fixes with `unsafe_too`)
/// to `text`. Fixes whose edits overlap an already chosen fix are skipped.
#[must_use]
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], unsafe_too: bool) -> FixOutcome {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut skipped = 0;
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_too || f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start < c.span.end && c.span.start < e.span.end
                    || (e.span.start == c.span.start && e.span.is_empty() && c.span.is_empty())
            })
        });
        let in_bounds = fix.edits.iter().all(|e| text.get(e.span.range()).is_some());
        if overlaps || !in_bounds {
            skipped += 1;
            continue;
        }
        chosen.extend(&fix.edits);
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for edit in chosen {
        let range = edit.span.range();
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    FixOutcome {
        text: out,
        applied,
        skipped,
    }
}

/// At most this many rounds of fixing in [`lint_fix`]: each round re-parses
/// and re-lints the files it changed, so that fixes skipped because they
/// overlapped another get their turn.
pub const MAX_ITERATIONS: usize = 10;

/// One file for [`lint_fix`]: owned, because fixing replaces its text.
#[derive(Clone, Debug)]
pub struct FixFile {
    /// The parsed file; after [`lint_fix`], the fixed one.
    pub file: ParsedFile,
    /// The rules in force for it.
    pub settings: Settings,
    /// How to parse it again after a fix.
    pub parse: ParseOptions,
    /// The text before any fix, when a fix changed it.
    pub original: Option<String>,
}

impl FixFile {
    /// A file with its settings, not yet fixed.
    #[must_use]
    pub fn new(file: ParsedFile, settings: Settings, parse: ParseOptions) -> Self {
        FixFile {
            file,
            settings,
            parse,
            original: None,
        }
    }
}

/// What [`lint_fix`] did.
#[derive(Clone, Debug)]
pub struct FixRun {
    /// The findings of the files as they were given (the first round).
    pub initial: Vec<FileReport>,
    /// The findings of the files as they are now, fixes applied.
    pub remaining: Vec<FileReport>,
    /// How many fixes were applied in all.
    pub applied: usize,
    /// False when fixes still changed the text after [`MAX_ITERATIONS`]
    /// rounds (fixes that undo each other): the files hold the text of the
    /// last round.
    pub converged: bool,
}

/// Lint `files`, apply their fixes (safe ones, or all with `unsafe_too`),
/// and repeat until no fix changes a text, at most [`MAX_ITERATIONS`] times.
///
/// Rules that compare files see them all in every round. The findings of
/// the last round are the result: no lint pass is run twice on one text.
///
/// # Examples
///
/// ```
/// use qbank_core::{parse_bytes, ParseOptions};
/// use qbank_lint::{lint_fix, FixFile, Settings};
///
/// let md = "# Bank\n\n## 1. CAP\n\n**Question：** What is CAP?\n\n**Answer:** A trade-off.\n";
/// let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
/// let mut files = [FixFile::new(file, Settings::default(), ParseOptions::default())];
/// let run = lint_fix(&mut files, false);
/// assert!(run.converged);
/// assert!(files[0].original.is_some() == (run.applied > 0));
/// # Ok::<(), qbank_core::DecodeError>(())
/// ```
#[must_use]
pub fn lint_fix(files: &mut [FixFile], unsafe_too: bool) -> FixRun {
    let mut initial = None;
    let mut applied = 0;
    for _ in 0..MAX_ITERATIONS {
        let reports = lint_all(files);
        let changed = fix_round(files, &reports, unsafe_too);
        applied += changed.iter().sum::<usize>();
        let first = initial.is_none();
        if first {
            initial = Some(reports.clone());
        }
        if changed.iter().all(|&n| n == 0) {
            return FixRun {
                initial: initial.unwrap_or_default(),
                remaining: reports,
                applied,
                converged: true,
            };
        }
    }
    FixRun {
        initial: initial.unwrap_or_default(),
        remaining: lint_all(files),
        applied,
        converged: false,
    }
}

fn lint_all(files: &[FixFile]) -> Vec<FileReport> {
    let views: Vec<LintFile<'_>> = files
        .iter()
        .map(|f| LintFile {
            file: &f.file,
            settings: &f.settings,
        })
        .collect();
    lint(&views)
}

/// Apply one round of fixes; how many were applied to each file (0 where
/// the text did not change).
fn fix_round(files: &mut [FixFile], reports: &[FileReport], unsafe_too: bool) -> Vec<usize> {
    let mut changed = vec![0; files.len()];
    for report in reports {
        let Some(fix) = files.get_mut(report.file) else {
            continue;
        };
        let outcome = apply_fixes(&fix.file.source.text, &report.diagnostics, unsafe_too);
        if outcome.applied == 0 || outcome.text == fix.file.source.text {
            continue;
        }
        changed[report.file] = outcome.applied;
        let source = Source {
            path: fix.file.source.path.clone(),
            text: outcome.text,
            encoding: fix.file.source.encoding,
            line_endings: fix.file.source.line_endings.clone(),
        };
        let document = qbank_core::parse(&source.path, &source.text, &fix.parse);
        let old = std::mem::replace(&mut fix.file, ParsedFile { source, document });
        fix.original.get_or_insert(old.source.text);
    }
    changed
}
