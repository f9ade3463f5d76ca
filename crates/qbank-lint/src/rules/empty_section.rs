use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags a section label with nothing after it: the next label or the
    /// next entry follows straight away.
    ///
    /// ## Why is this bad?
    /// An empty section is an unfinished entry. Exports carry an empty string,
    /// and flashcards show a blank side.
    ///
    /// ## Example
    /// ```markdown
    /// **答案：**
    ///
    /// **解析：** 数据并行最常用。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **答案：** 数据并行、模型并行和流水线并行。
    ///
    /// **解析：** 数据并行最常用。
    /// ```
    code: "QB104",
    name: "empty-section",
    summary: "A section label has an empty body",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        for section in &entry.sections {
            if section.body.is_empty() {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        section.label.span,
                        format!(
                            "the {} of {} is empty",
                            section.kind,
                            super::entry_name(entry)
                        ),
                    )
                    .label("nothing follows this label")
                    .help(format!(
                        "write the {} after the label, or remove the label",
                        section.kind
                    )),
                );
            }
        }
    }
}
