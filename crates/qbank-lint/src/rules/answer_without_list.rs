use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Block, SectionKind};

declare_rule! {
    /// ## What it does
    /// Flags an answer that holds no numbered list, in a document whose
    /// answers mostly are numbered lists (the rule judges each document by
    /// its own convention: in a bank of prose answers it stays silent).
    ///
    /// ## Why is this bad?
    /// In banks of this shape every answer lists its points as a numbered
    /// list of bold terms (`1. **数据清洗：** …`). Spreadsheet exports give
    /// each point a row of its own and flashcards show them as a list; an
    /// answer written as running text loses that structure. Turn the rule off
    /// (`answer-without-list = "off"` in `qbank.toml`) for banks whose answers
    /// are prose by design.
    ///
    /// ## Example
    /// ```markdown
    /// **答案：** 常用的技巧有数据清洗、数据增强和数据归一化。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **答案：**
    ///
    /// 1. **数据清洗：** 去除噪声和异常值。
    /// 2. **数据增强：** 增加数据的多样性。
    /// 3. **数据归一化：** 把特征缩放到同一尺度。
    /// ```
    code: "QB301",
    name: "answer-without-list",
    summary: "An answer holds no numbered list",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    if !super::answers_are_lists(&ctx.file.document.entries) {
        return;
    }
    for entry in &ctx.file.document.entries {
        for section in entry
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Answer)
        {
            if section.body.is_empty() {
                continue; // empty-section reports it
            }
            let has_list = section
                .blocks
                .iter()
                .any(|b| matches!(b, Block::List(list) if list.is_ordered()));
            if !has_list {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        section.label.span,
                        format!(
                            "the answer of {} has no numbered list",
                            super::entry_name(entry)
                        ),
                    )
                    .label("answer without a numbered list")
                    .help("list the answer's points as `1. **术语：** 说明`"),
                );
            }
        }
    }
}
