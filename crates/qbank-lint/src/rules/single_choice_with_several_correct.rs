use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::SectionKind;

declare_rule! {
    /// ## What it does
    /// Flags a question that says it is single choice (`单选`, `单项选择`,
    /// "choose one", "single choice", "select one") but has several correct
    /// options.
    ///
    /// ## Why is this bad?
    /// Either the question or its key is wrong; a quiz platform would grade
    /// the question as single choice and reject every answer.
    ///
    /// ## Example
    /// ```markdown
    /// ### 1. 下列哪个是数据库？（单选）
    ///
    /// - A. MySQL
    /// - B. Redis
    ///
    /// **答案：** A、B
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### 1. 下列哪些是数据库？（多选）
    ///
    /// - A. MySQL
    /// - B. Redis
    ///
    /// **答案：** A、B
    /// ```
    code: "QB506",
    name: "single-choice-with-several-correct",
    summary: "A question that says single choice has several correct options",
    severity: Error,
    fix: None,
    check: File(check),
}

const SINGLE: [&str; 6] = [
    "单选",
    "单项选择",
    "choose one",
    "single choice",
    "select one",
    "pick one",
];

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        let correct = entry.options.iter().filter(|o| o.correct).count();
        if correct < 2 {
            continue;
        }
        let question = entry
            .section(SectionKind::Question)
            .map_or("", |s| s.body.slice(text));
        let says = format!("{} {question}", entry.title).to_lowercase();
        if let Some(word) = SINGLE.iter().find(|w| says.contains(*w)) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    entry.heading.span,
                    format!(
                        "{} says `{word}` but has {correct} correct options",
                        super::entry_name(entry)
                    ),
                )
                .label("single choice, several correct")
                .help("correct the key, or say that several options may be chosen"),
            );
        }
    }
}
