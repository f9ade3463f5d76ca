use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::SectionKind;

declare_rule! {
    /// ## What it does
    /// Flags an entry without a answer section: no `**答案：**` label (or one
    /// of its aliases) between its heading and the next entry.
    ///
    /// ## Why is this bad?
    /// Every entry of a question bank needs its question, answer and analysis;
    /// an entry without its answer exports an empty cell or card side. Which
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
    code: "QB102",
    name: "missing-answer",
    summary: "An entry has no answer section",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    super::missing_section(ctx, out, &RULE, SectionKind::Answer);
}
