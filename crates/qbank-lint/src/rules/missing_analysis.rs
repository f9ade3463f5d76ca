use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::SectionKind;

declare_rule! {
    /// ## What it does
    /// Flags an entry without a analysis section: no `**解析：**` label (or one
    /// of its aliases) between its heading and the next entry. By default
    /// only in documents whose entries mostly have an analysis (a bank that
    /// gives none is written that way); when `required` in `qbank.toml`
    /// names the analysis, in every document.
    ///
    /// ## Why is this bad?
    /// Every entry of a question bank needs its question, answer and analysis;
    /// an entry without its analysis exports an empty cell or card side. Which
    /// sections are required is configurable (`required` in `qbank.toml`).
    ///
    /// ## Example
    /// ```markdown
    /// #### 3. 模型并行
    ///
    /// **题目：** 请介绍模型并行化策略。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// #### 3. 模型并行
    ///
    /// **题目：** 请介绍模型并行化策略。
    ///
    /// **答案：** 数据并行、模型并行和流水线并行。
    ///
    /// **解析：** 选择策略要看模型和设备的规模。
    /// ```
    code: "QB103",
    name: "missing-analysis",
    summary: "An entry has no analysis section",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    super::missing_section(ctx, out, &RULE, SectionKind::Analysis);
}
