use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{BlankStyle, Kind};

declare_rule! {
    /// ## What it does
    /// Flags Anki clozes whose numbers skip one: `{{c1::…}}` and
    /// `{{c3::…}}` without a `{{c2::…}}`.
    ///
    /// ## Why is this bad?
    /// Anki makes one card per cloze number: a skipped number is most often
    /// a typo, or a deletion removed without renumbering the others.
    ///
    /// ## Example
    /// ```markdown
    /// {{c1::Paris}} is the capital of {{c3::France}}.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// {{c1::Paris}} is the capital of {{c2::France}}.
    /// ```
    code: "QB603",
    name: "cloze-number-skipped",
    summary: "Cloze numbers skip one (c1, c3 without c2)",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Fill {
            continue;
        }
        let clozes: Vec<_> = entry
            .blanks
            .iter()
            .filter(|b| b.style == BlankStyle::Cloze)
            .collect();
        let mut numbers: Vec<u32> = clozes.iter().map(|b| b.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let missing: Vec<u32> = (1..numbers.last().copied().unwrap_or(0))
            .filter(|n| numbers.binary_search(n).is_err())
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        // Point at the first cloze past the gap.
        let Some(after) = clozes.iter().find(|b| b.number > *first) else {
            continue;
        };
        let names: Vec<String> = missing.iter().map(|n| format!("c{n}")).collect();
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                after.span,
                format!(
                    "the clozes of {} skip {}",
                    super::entry_name(entry),
                    names.join(", ")
                ),
            )
            .label(format!("c{} comes after a gap", after.number))
            .help("number the clozes c1, c2, c3… without gaps"),
        );
    }
}
