use crate::registry::declare_rule;
use crate::{Applicability, Diagnostic, Edit, FileCtx, Fix};
use qbank_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags ordered-list items whose numbers do not count up by one from the
    /// list's first number.
    ///
    /// ## Why is this bad?
    /// Markdown renders the list counting from its first number whatever the
    /// source says, so the source and the rendered list disagree: a reviewer
    /// reading "3." in the file sees "4." in the export.
    ///
    /// ## Example
    /// ```markdown
    /// 1. **数据清洗：** …
    /// 2. **数据增强：** …
    /// 2. **数据归一化：** …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// 1. **数据清洗：** …
    /// 2. **数据增强：** …
    /// 3. **数据归一化：** …
    /// ```
    ///
    /// A list whose items are all written with the same number (`1.`, `1.`,
    /// `1.`) leaves the counting to Markdown on purpose and is not flagged.
    ///
    /// ## Fix
    /// Renumbers the item (safe). When the new number has another width and
    /// the item spans several lines, the fix is unsafe: the item's continuation
    /// lines would need re-indenting, so `--fix` leaves it to you.
    code: "QB203",
    name: "list-numbering",
    summary: "Ordered-list items do not count up by one from the list's start",
    severity: Warning,
    fix: Sometimes,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        super::for_each_list(entry, |_, list| {
            let Some(start) = list.start else { return };
            // Every item written with the same number (`1.`, `1.`, `1.`):
            // a style that leaves the counting to Markdown, as
            // markdownlint's `one` style does.
            if list.items.len() > 1 && list.items.iter().all(|i| i.number == Some(start)) {
                return;
            }
            for (k, item) in list.items.iter().enumerate() {
                let expected = start + k as u64;
                let Some(number) = item.number else { continue };
                if number == expected {
                    continue;
                }
                let marker = item.marker.slice(text);
                let digits = marker.bytes().take_while(u8::is_ascii_digit).count();
                let span = Span {
                    start: item.marker.start,
                    end: item.marker.start + digits as u32,
                };
                let replacement = expected.to_string();
                let multiline = item.span.slice(text).trim_end().contains('\n');
                let applicability = if replacement.len() != digits && multiline {
                    Applicability::Unsafe
                } else {
                    Applicability::Safe
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        span,
                        format!("list item numbered {number}, but the list counts {expected} here"),
                    )
                    .label(format!("expected {expected}"))
                    .help(format!(
                        "number the items {start}, {}, {}…",
                        start + 1,
                        start + 2
                    ))
                    .fix(Fix {
                        message: format!("renumber {number} to {expected}"),
                        edits: vec![Edit { span, replacement }],
                        applicability,
                    }),
                );
            }
        });
    }
}
