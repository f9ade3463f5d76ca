use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a choice entry whose marks (checked boxes, bold options) and
    /// answer key name different options.
    ///
    /// ## Why is this bad?
    /// One of the two is wrong, and the entry gives both answers: an export
    /// marks every option either names as correct.
    ///
    /// ## Example
    /// ```markdown
    /// - [x] A. 无连接
    /// - [ ] B. 面向连接
    ///
    /// **答案：** B
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - [ ] A. 无连接
    /// - [x] B. 面向连接
    ///
    /// **答案：** B
    /// ```
    code: "QB503",
    name: "conflicting-key",
    summary: "The marked options and the answer key disagree",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Choice || !entry.options.iter().any(|o| o.marked) {
            continue;
        }
        let Some(key) = qbank_core::key_letters(text, entry) else {
            continue;
        };
        // Letters compared in capitals: options may be lettered `a)`.
        let mut marked: Vec<String> = entry
            .options
            .iter()
            .filter(|o| o.marked)
            .filter_map(|o| o.label.as_deref())
            .map(str::to_ascii_uppercase)
            .collect();
        let mut keyed: Vec<String> = key.iter().map(|k| k.to_ascii_uppercase()).collect();
        marked.sort_unstable();
        keyed.sort_unstable();
        keyed.dedup();
        if marked == keyed {
            continue;
        }
        let span = super::key_span(entry);
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                span,
                format!(
                    "in {} the marks say {} but the key says {}",
                    super::entry_name(entry),
                    if marked.is_empty() {
                        "unlettered options".to_owned()
                    } else {
                        marked.join(", ")
                    },
                    keyed.join(", ")
                ),
            )
            .label("key disagrees with the marks")
            .help("make the checked or bold options and the key name the same letters"),
        );
    }
}
