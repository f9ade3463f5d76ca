use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a cloze that hides nothing: `{{c1::}}`, `{{c2:: ::hint}}`.
    ///
    /// ## Why is this bad?
    /// Its card asks for an empty answer (Anki makes no card for an empty
    /// deletion), and a platform has nothing to grade.
    ///
    /// ## Example
    /// ```markdown
    /// The {{c1::}} is the powerhouse of the cell.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// The {{c1::mitochondria}} is the powerhouse of the cell.
    /// ```
    code: "QB602",
    name: "empty-cloze",
    summary: "A cloze deletion is empty",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Fill {
            continue;
        }
        for blank in &entry.blanks {
            if !blank.style.holds_answer() || !blank.answers.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    blank.span,
                    format!(
                        "cloze {} of {} is empty",
                        blank.number,
                        super::entry_name(entry)
                    ),
                )
                .label("nothing to hide")
                .help("write the hidden answer inside the cloze"),
            );
        }
    }
}
