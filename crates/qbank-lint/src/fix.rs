//! Applying fixes to a text.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

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
