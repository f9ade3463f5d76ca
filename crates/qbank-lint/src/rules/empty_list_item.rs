use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags a list item with nothing after its marker.
    ///
    /// ## Why is this bad?
    /// An empty item is a point that was never written (or a stray marker);
    /// it exports as an empty row and renders as an empty bullet.
    ///
    /// ## Example
    /// ```markdown
    /// 1. **数据清洗：** 去除噪声和异常值。
    /// 2.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// 1. **数据清洗：** 去除噪声和异常值。
    /// 2. **数据增强：** 增加数据的多样性。
    /// ```
    code: "QB303",
    name: "empty-list-item",
    summary: "A list item is empty",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        super::for_each_list(entry, |_, list| {
            for item in &list.items {
                if item.term.is_none() && item.text.is_empty() && item.lists.is_empty() {
                    out.push(
                        Diagnostic::new(&RULE, ctx.index, item.span, "empty list item")
                            .label("nothing after the marker")
                            .help("write the item, or remove the marker"),
                    );
                }
            }
        });
    }
}
