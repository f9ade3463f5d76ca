use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a choice entry none of whose options is correct: no box is
    /// checked, no option is bold, and no answer key (`答案：B`) names one.
    ///
    /// ## Why is this bad?
    /// A quiz or a flashcard cannot say whether the learner chose right;
    /// every export shows the options without their answer.
    ///
    /// ## Example
    /// ```markdown
    /// ### 1. 下列哪个是 TCP 的特点？
    ///
    /// - A. 无连接
    /// - B. 面向连接
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### 1. 下列哪个是 TCP 的特点？
    ///
    /// - A. 无连接
    /// - B. 面向连接
    ///
    /// **答案：** B
    /// ```
    code: "QB501",
    name: "choice-without-correct",
    summary: "A choice entry has no correct option",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        if entry.kind == Kind::Choice && !entry.options.iter().any(|o| o.correct) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    entry.heading.span,
                    format!(
                        "{} has options but no correct one",
                        super::entry_name(entry)
                    ),
                )
                .label("no option is marked correct")
                .help("check the correct box (`- [x]`), or add a key such as `**答案：** B`"),
            );
        }
    }
}
