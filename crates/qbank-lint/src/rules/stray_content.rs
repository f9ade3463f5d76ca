use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags content between an entry's heading and its first section label.
    ///
    /// ## Why is this bad?
    /// Content before the first label belongs to no section: exports leave it
    /// out of the question, answer and analysis columns, and flashcards do
    /// not show it. Often it is the question, written without its label.
    ///
    /// ## Example
    /// ```markdown
    /// #### 4. 推理优化
    ///
    /// 请列举大模型推理优化技术。
    ///
    /// **答案：** 量化、剪枝和蒸馏。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// #### 4. 推理优化
    ///
    /// **题目：** 请列举大模型推理优化技术。
    ///
    /// **答案：** 量化、剪枝和蒸馏。
    /// ```
    code: "QB107",
    name: "stray-content",
    summary: "Content stands between an entry's heading and its first label",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let (Some(first), Some(last)) = (entry.preamble.first(), entry.preamble.last()) else {
            continue;
        };
        let Some(label) = entry.sections.first() else {
            continue;
        };
        let span = Span {
            start: first.span().start,
            end: last.span().end,
        };
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                span,
                format!(
                    "content before the first label of {} belongs to no section",
                    super::entry_name(entry)
                ),
            )
            .label("not under any label")
            .help(format!(
                "put it under a label (the question's is {}), or move it below the `{}` label",
                super::label_example(ctx, qbank_core::SectionKind::Question),
                label.label.text
            )),
        );
    }
}
