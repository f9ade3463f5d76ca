use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a document without a title: no heading above the entries' level
    /// comes before the first entry, and no `title` in its front matter. A
    /// file that holds a single entry (one question per file) needs none.
    ///
    /// ## Why is this bad?
    /// The title names the bank. Exports use it as the document's title, and
    /// Anki decks are named after it; without one, every bank looks alike.
    ///
    /// ## Example
    /// ```markdown
    /// #### 1. 数据预处理
    ///
    /// **题目：** …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### 大模型训练题库
    ///
    /// #### 1. 数据预处理
    ///
    /// **题目：** …
    /// ```
    code: "QB001",
    name: "missing-title",
    summary: "The document has no title heading above its entries",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    // A file of one entry (one question per file, as in many interview
    // repositories) is titled by that entry.
    if doc.title.is_some() || ctx.text().trim().is_empty() || doc.entries.len() == 1 {
        return;
    }
    let at = doc
        .entries
        .first()
        .map_or(Span::default(), |e| e.heading.span);
    let level = doc.entry_level.unwrap_or(2);
    let hashes = "#".repeat(usize::from(level.saturating_sub(1).max(1)));
    // The placeholder in the document's own language.
    let title = if super::writes_cjk(ctx.text()) {
        "题库名称"
    } else {
        "Question bank"
    };
    out.push(
        Diagnostic::new(&RULE, ctx.index, at, "the document has no title")
            .label("the first entry, with no title heading before it")
            .help(format!(
                "add a title heading such as `{hashes} {title}` above the first entry"
            )),
    );
}
