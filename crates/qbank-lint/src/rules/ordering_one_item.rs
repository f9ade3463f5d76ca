use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Graded, SectionKind};

declare_rule! {
    /// ## What it does
    /// Flags an ordering entry whose answer lists a single item.
    ///
    /// ## Why is this bad?
    /// One item has no order to find: the question asks nothing, and
    /// platforms refuse an ordering question with fewer than two items.
    ///
    /// ## Example
    /// ```markdown
    /// ## 1. Put the steps of the handshake in order.
    ///
    /// **Answer:**
    ///
    /// 1. SYN, SYN-ACK, ACK
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 1. Put the steps of the handshake in order.
    ///
    /// **Answer:**
    ///
    /// 1. SYN
    /// 2. SYN-ACK
    /// 3. ACK
    /// ```
    code: "QB704",
    name: "ordering-one-item",
    summary: "An ordering entry has a single item",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let Some(Graded::Ordering { items }) = &entry.graded else {
            continue;
        };
        let Some(answer) = entry.section(SectionKind::Answer) else {
            continue;
        };
        if items.len() == 1 {
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    answer.body,
                    format!("{} has one item to put in order", super::entry_name(entry)),
                )
                .label("one item")
                .help("write each step as an item of its own, in the right order"),
            );
        }
    }
}
