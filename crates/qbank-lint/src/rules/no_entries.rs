use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a Markdown file in which no entry was found: no heading of the
    /// form `#### 1. 标题` (a number, a separator and a title).
    ///
    /// ## Why is this bad?
    /// A question bank whose entries are not recognised exports nothing and
    /// checks nothing. Usually the headings lack their numbers, or the file
    /// is not a question bank and should be excluded (`.ignore` or the
    /// command's paths).
    ///
    /// ## Example
    /// ```markdown
    /// # 题库
    ///
    /// ## 数据预处理
    ///
    /// **题目：** …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 题库
    ///
    /// ## 1. 数据预处理
    ///
    /// **题目：** …
    /// ```
    code: "QB002",
    name: "no-entries",
    summary: "No numbered entry heading was found in the file",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    if !doc.entries.is_empty() {
        return;
    }
    let (span, message) = if ctx.text().trim().is_empty() {
        (Span::default(), "the file is empty")
    } else {
        (
            doc.title.as_ref().map_or(Span::default(), |t| t.span),
            "no entry found: no heading such as `## 1. 标题`",
        )
    };
    out.push(
        Diagnostic::new(&RULE, ctx.index, span, message)
            .label("no entry in this document")
            .help("number the entry headings (`## 1. 标题`), or exclude the file from the run"),
    );
}
