use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags list items that break their list's pattern of bold terms: a list
    /// where some items start with a bold term (`**数据清洗：**`) and others do
    /// not (the fewer are flagged), and a bold term without its colon. Only
    /// in documents whose answers mostly are numbered lists.
    ///
    /// ## Why is this bad?
    /// Exports split each item into its term and its text; an item without a
    /// term, or whose term runs into its text, lands in the wrong column.
    ///
    /// ## Example
    /// ```markdown
    /// 1. **数据清洗：** 去除噪声和异常值。
    /// 2. 数据增强：增加数据的多样性。
    /// 3. **数据归一化** 把特征缩放到同一尺度。
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// 1. **数据清洗：** 去除噪声和异常值。
    /// 2. **数据增强：** 增加数据的多样性。
    /// 3. **数据归一化：** 把特征缩放到同一尺度。
    /// ```
    code: "QB302",
    name: "list-item-term",
    summary: "A list mixes items with and without a bold term, or a term lacks its colon",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    if !super::answers_are_lists(&ctx.file.document.entries) {
        return;
    }
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        super::for_each_list(entry, |_, list| {
            let with = list.items.iter().filter(|i| i.term.is_some()).count();
            let without = list.items.len() - with;
            if with > 0 && without > 0 {
                let flag_without = with >= without;
                for item in &list.items {
                    match (&item.term, flag_without) {
                        (None, true) => out.push(
                            Diagnostic::new(
                                &RULE,
                                ctx.index,
                                item.marker,
                                format!("this item has no bold term, unlike {with} of the {} items in its list", list.items.len()),
                            )
                            .label("no bold term")
                            .help("start the item with a bold term, as `**术语：** 说明`"),
                        ),
                        (Some(term), false) => out.push(
                            Diagnostic::new(
                                &RULE,
                                ctx.index,
                                term.bold_span,
                                format!("this item starts with a bold term, unlike {without} of the {} items in its list", list.items.len()),
                            )
                            .label("bold term")
                            .help("give every item of the list a bold term, or none"),
                        ),
                        _ => {}
                    }
                }
            }
            for item in &list.items {
                if let Some(term) = &item.term {
                    if term.colon.is_none() {
                        out.push(
                            Diagnostic::new(
                                &RULE,
                                ctx.index,
                                term.bold_span,
                                format!(
                                    "the term `{}` has no colon after it",
                                    term.span.slice(text)
                                ),
                            )
                            .label("no colon")
                            .help("write the term as `**术语：**` (or `**Term:**`)"),
                        );
                    }
                }
            }
        });
    }
}
