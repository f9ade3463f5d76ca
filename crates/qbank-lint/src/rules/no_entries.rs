use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a Markdown file in which no entry was found in any of the shapes
    /// qbank reads (numbered or question headings, `<details>`, bold
    /// questions, question lists, `Q:` labels, flashcard decks), and names
    /// what it nearly found: "3 headings at level 2 look like `## 数据预处理`",
    /// with the `[entries]` setting of `qbank.toml` that reads them.
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
    /// 常用的技巧有数据清洗和数据增强。
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
    summary: "No entry was found in the file",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    if !doc.entries.is_empty() {
        return;
    }
    if ctx.text().trim().is_empty() {
        out.push(
            Diagnostic::new(&RULE, ctx.index, Span::default(), "the file is empty")
                .label("no entry in this document")
                .help("write entries (`## 1. 标题`), or exclude the file from the run"),
        );
        return;
    }
    let span = doc.title.as_ref().map_or(Span::default(), |t| t.span);
    let options = qbank_core::ParseOptions::default();
    let (message, help) = match qbank_core::near_misses(ctx.text(), &options).first() {
        Some(near) => (
            format!("no entry found; {}, but none is an entry", near.looks_like()),
            format!(
                "to read them as entries, put `{}` in qbank.toml (`qbank inspect` shows what is read)",
                near.setting_line()
            ),
        ),
        None => (
            format!(
                "no entry found: no numbered heading (`## 1. {}`), question heading, `<details>` question, bold question, question list or `Q:` label",
                if super::writes_cjk(ctx.text()) { "标题" } else { "Title" }
            ),
            "write the entries in one of the shapes of docs/format.md, or exclude the file from the run".to_owned(),
        ),
    };
    out.push(
        Diagnostic::new(&RULE, ctx.index, span, message)
            .label("no entry in this document")
            .help(help),
    );
}
