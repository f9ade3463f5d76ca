use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags option letters that do not run A, B, C… in order: a letter
    /// skipped, repeated or out of order (A, B, D; A, A).
    ///
    /// ## Why is this bad?
    /// The key names options by letter: with letters out of order, `答案：C`
    /// may not point where the author meant, and learners lose their place.
    ///
    /// ## Example
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    /// - D. macOS
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    /// - C. macOS
    /// ```
    code: "QB505",
    name: "option-labels",
    summary: "Option letters are skipped, repeated or out of order",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        for (i, option) in entry.options.iter().enumerate() {
            let Some(label) = option.label.as_deref() else {
                continue;
            };
            let expected = char::from(b'A' + (i as u8).min(25));
            if label.starts_with(expected) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    option.span,
                    format!(
                        "option {} of {} is lettered {label}",
                        i + 1,
                        super::entry_name(entry)
                    ),
                )
                .label(format!("expected {expected}"))
                .help("letter the options A, B, C… in order (and check the key)"),
            );
            break;
        }
    }
}
