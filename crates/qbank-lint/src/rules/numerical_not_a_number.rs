use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Kind, SectionKind};

declare_rule! {
    /// ## What it does
    /// Flags an entry that a numerical section or tag calls numerical
    /// (`## Numerical`, `## 数值题`, `[Numeric]` before the stem) whose
    /// answer is not a number, a number with a tolerance, or a range.
    ///
    /// ## Why is this bad?
    /// The entry is read as an open question: a platform cannot grade it,
    /// and the section says it should be graded.
    ///
    /// ## Example
    /// ```markdown
    /// ## Numerical
    ///
    /// ### 1. How many sides has a hexagon?
    ///
    /// **Answer:** six
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Numerical
    ///
    /// ### 1. How many sides has a hexagon?
    ///
    /// **Answer:** 6
    /// ```
    code: "QB701",
    name: "numerical-not-a-number",
    summary: "A numerical entry's answer is not a number",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.file.source.text.as_str();
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Open || qbank_core::stated_kind(text, entry) != Some(Kind::Numerical)
        {
            continue;
        }
        let Some(answer) = entry
            .section(SectionKind::Answer)
            .filter(|s| !s.body.is_empty())
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                answer.body,
                format!(
                    "{} is numerical, but its answer is not a number",
                    super::entry_name(entry)
                ),
            )
            .label("not a number")
            .help("write a number, with its tolerance or unit if any: `6`, `9.8 ± 0.1 m/s²`, `[3.1, 3.2]`"),
        );
    }
}
