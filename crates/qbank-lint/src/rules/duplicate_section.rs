use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx, Related};

declare_rule! {
    /// ## What it does
    /// Flags a section that occurs twice in one entry, such as two
    /// `**答案：**` labels.
    ///
    /// ## Why is this bad?
    /// An entry has one question, one answer and one analysis. A second label
    /// is usually a copy-paste slip or two entries merged into one; exports
    /// keep only the first.
    ///
    /// ## Example
    /// ```markdown
    /// **答案：** 数据并行。
    ///
    /// **答案：** 模型并行。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **答案：** 数据并行和模型并行。
    /// ```
    code: "QB105",
    name: "duplicate-section",
    summary: "A section occurs twice in one entry",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        for (i, section) in entry.sections.iter().enumerate() {
            if let Some(first) = entry.sections[..i].iter().find(|s| s.kind == section.kind) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        section.label.span,
                        format!(
                            "{} has a second {} (the first is at line {})",
                            super::entry_name(entry),
                            section.kind,
                            ctx.line(first.label.span.start)
                        ),
                    )
                    .label(format!("second {} label", section.kind))
                    .related(Related {
                        file: ctx.index,
                        span: first.label.span,
                        message: format!("first {} here", section.kind),
                    })
                    .help("merge the two sections, or split the entry in two"),
                );
            }
        }
    }
}
