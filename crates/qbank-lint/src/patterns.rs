//! Findings that depend on how entries were read. A finding on an entry
//! read as a guess ([`qbank_core::Confidence::Guess`]) would echo the guess,
//! not the bank: those rules stay silent there. And where most entries of a
//! file trip the same such rule, the likely cause is one pattern (often a
//! reading to check), so one finding names it, with the other places as
//! related locations, instead of one finding per entry.

use crate::{Diagnostic, FileCtx, Fix, Related};
use qbank_core::{Confidence, Span};

/// The rules whose findings depend on the reading.
const READING_RULES: [&str; 8] = [
    "missing-answer",
    "choice-without-correct",
    "empty-section",
    "entry-heading",
    "duplicate-question",
    "duplicate-title",
    "duplicate-section",
    "duplicate-option",
];

/// From how many findings of one rule, more than half the file's entries,
/// one finding names the pattern.
const PATTERN_MIN: usize = 4;

fn depends_on_reading(d: &Diagnostic) -> bool {
    READING_RULES.contains(&d.rule.name)
}

/// Drop reading findings on guessed entries, then fold each reading rule
/// that most entries trip into one finding. `diagnostics` are sorted by
/// position and stay so.
pub(crate) fn apply(ctx: &FileCtx<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    let guessed: Vec<Span> = doc
        .entries
        .iter()
        .filter(|e| qbank_core::assess(ctx.text(), doc, e).level == Confidence::Guess)
        .map(|e| e.span)
        .collect();
    if !guessed.is_empty() {
        diagnostics.retain(|d| {
            !(depends_on_reading(d)
                && guessed
                    .iter()
                    .any(|g| g.start <= d.span.start && d.span.end <= g.end))
        });
    }
    for rule in READING_RULES {
        fold(doc.entries.len(), rule, diagnostics);
    }
}

/// One rule's findings, when they are many and most entries have one, as
/// one finding at the first, the others its related locations.
fn fold(entries: usize, rule: &str, diagnostics: &mut Vec<Diagnostic>) {
    let count = diagnostics.iter().filter(|d| d.rule.name == rule).count();
    if count < PATTERN_MIN || count * 2 <= entries {
        return;
    }
    let mut first: Option<usize> = None;
    let mut related = Vec::new();
    let mut fixes = Vec::new();
    let mut kept = Vec::with_capacity(diagnostics.len() - count + 1);
    for (i, mut d) in std::mem::take(diagnostics).into_iter().enumerate() {
        if d.rule.name != rule {
            kept.push(d);
            continue;
        }
        fixes.push(d.fix.take());
        if first.is_none() {
            first = Some(i);
            kept.push(d);
        } else {
            related.push(Related {
                file: d.file,
                span: d.span,
                message: d.message,
            });
        }
    }
    *diagnostics = kept;
    let fix = merged(fixes);
    if let Some(d) = diagnostics.iter_mut().find(|d| d.rule.name == rule) {
        d.message = format!(
            "{}, and {} more entries like it ({count} of {entries})",
            d.message,
            count - 1
        );
        d.help = Some(
            "so many alike point to one cause: `qbank inspect` shows how the file was read; \
             mend the pattern, or pin the reading with `[entries]` in qbank.toml"
                .to_owned(),
        );
        d.fix = fix;
        d.related.extend(related);
    }
}

/// The fixes of folded findings as one, when each had one and all apply
/// alike: `--fix` mends the whole pattern.
fn merged(fixes: Vec<Option<Fix>>) -> Option<Fix> {
    let fixes: Vec<Fix> = fixes.into_iter().collect::<Option<_>>()?;
    let first = fixes.first()?;
    let applicability = first.applicability;
    if fixes.iter().any(|f| f.applicability != applicability) {
        return None;
    }
    let message = format!("{} (in each of the {} entries)", first.message, fixes.len());
    let edits = fixes.into_iter().flat_map(|f| f.edits).collect();
    Some(Fix {
        message,
        edits,
        applicability,
    })
}
