use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags a section whose whole text is a placeholder: `TODO`, `TBD`,
    /// `待补充`, `略`, `To be completed`, `Answer here`, `…` and the like
    /// (compared ignoring case, width, whitespace and punctuation). The list is
    /// configurable: `placeholders` in `qbank.toml`.
    ///
    /// ## Why is this bad?
    /// A placeholder is an unwritten section that looks written: it passes a
    /// glance, exports as if it were content, and teaches learners nothing.
    ///
    /// ## Example
    /// ```markdown
    /// **答案：** 待补充
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **答案：** 数据并行、模型并行和流水线并行。
    /// ```
    code: "QB403",
    name: "placeholder-text",
    summary: "A section's whole text is a placeholder such as TODO or 待补充",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        for section in &entry.sections {
            if section.body.is_empty() || !ctx.settings.may_be_placeholder(section.body.len()) {
                continue;
            }
            let body = section.body.slice(text);
            if ctx.settings.is_placeholder(body) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        section.body,
                        format!(
                            "the {} of {} is a placeholder: `{}`",
                            section.kind,
                            super::entry_name(entry),
                            body.trim()
                        ),
                    )
                    .label("placeholder")
                    .help(format!("write the {}", section.kind)),
                );
            }
        }
    }
}
