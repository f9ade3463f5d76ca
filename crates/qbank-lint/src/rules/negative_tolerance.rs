use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Graded, NumericalAnswer, SectionKind, Tolerance};

declare_rule! {
    /// ## What it does
    /// Flags a numerical answer whose tolerance is below zero (`3.14 ±
    /// -0.01`), or whose range ends below its start (`[3.2, 3.1]`).
    ///
    /// ## Why is this bad?
    /// No answer lies within it: platforms reject the question, or mark
    /// every answer wrong.
    ///
    /// ## Example
    /// ```markdown
    /// ## 1. π to two places?
    ///
    /// **Answer:** 3.14 ± -0.01
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 1. π to two places?
    ///
    /// **Answer:** 3.14 ± 0.01
    /// ```
    code: "QB702",
    name: "negative-tolerance",
    summary: "A numerical answer's tolerance is below zero, or its range is reversed",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let Some(Graded::Numerical(numerical)) = &entry.graded else {
            continue;
        };
        let Some(answer) = entry.section(SectionKind::Answer) else {
            continue;
        };
        let problem = match &numerical.answer {
            NumericalAnswer::Value {
                tolerance: Some(Tolerance::Absolute(t) | Tolerance::Percent(t)),
                ..
            } if t.value().is_some_and(|v| v < 0.0) => {
                format!("its tolerance {} is below zero", t.0)
            }
            NumericalAnswer::Range { min, max } if matches!((min.value(), max.value()), (Some(a), Some(b)) if b < a) =>
            {
                format!("its range ends at {} below its start {}", max.0, min.0)
            }
            _ => continue,
        };
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                answer.body,
                format!("{}'s answer accepts nothing: {problem}", super::entry_name(entry)),
            )
            .label("no answer lies within it")
            .help("write the tolerance as a positive amount (`± 0.01`), and a range from its smaller end"),
        );
    }
}
