use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Block, Span};

declare_rule! {
    /// ## What it does
    /// Flags headings that look like entry headings but are not counted as
    /// entries: a heading at the entries' level without a number, or a
    /// numbered heading at another level than the other entries. Only in
    /// documents whose entries are numbered headings. A heading without a
    /// number that has nothing under it before the next entry titles a
    /// section of entries and is not flagged.
    ///
    /// ## Why is this bad?
    /// Such a heading does not start an entry: its question and answer are
    /// swallowed by the entry before it (or by no entry at all), and are
    /// missing from every export.
    ///
    /// ## Example
    /// ```markdown
    /// #### 1. 数据预处理
    /// …
    /// #### 模型并行
    /// …
    /// ### 3. 推理优化
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// #### 1. 数据预处理
    /// …
    /// #### 2. 模型并行
    /// …
    /// #### 3. 推理优化
    /// ```
    code: "QB202",
    name: "entry-heading",
    summary: "A heading without a number at the entries' level, or a numbered heading at another level",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    let Some(level) = doc.entry_level else {
        return;
    };
    // Only where entries are numbered headings: in other shapes a heading
    // without a number is what it should be.
    if doc.shape.marker != qbank_core::Marker::NumberedHeading {
        return;
    }
    let text = ctx.text();
    let title = doc.title.as_ref().map(|t| t.span);
    let first_entry = doc.entries.first().map_or(0, |e| e.span.start);
    // A heading with nothing under it before the next entry titles the
    // entries that follow (`### **Cloud Concepts**` over `### 5. …`): a
    // section, not a misplaced entry.
    let titles_next = |span: Span| {
        let next = doc.entries.partition_point(|e| e.span.start < span.end);
        doc.entries.get(next).is_some_and(|e| {
            text.get(span.end as usize..e.span.start as usize)
                .is_some_and(|between| between.trim().is_empty())
        })
    };
    let mut flag = |span: Span, heading_level: u8, number: Option<u64>| {
        if Some(span) == title || (number.is_none() && titles_next(span)) {
            return;
        }
        let hashes = "#".repeat(usize::from(level));
        match number {
            None if heading_level == level && span.start > first_entry => out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    span,
                    "heading at the entries' level has no number, so it starts no entry",
                )
                .label("no number")
                .help(format!("number it like the other entries (`{hashes} N. 标题`), or make it a deeper heading")),
            ),
            // Chinese-numbered group headings (`## 一、基础`) are a layout,
            // not a misplaced entry.
            Some(n) if heading_level != level && starts_with_digit(span.slice(text)) => out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    span,
                    format!(
                        "numbered heading at level {heading_level}, but entries are at level {level}, so {n} is not an entry"
                    ),
                )
                .label(format!("level {heading_level}"))
                .help(format!("write it as `{hashes} {n}. …` to make it an entry")),
            ),
            _ => {}
        }
    };
    let mut visit = |blocks: &[Block]| {
        for block in blocks {
            if let Block::Heading {
                span,
                level,
                number,
            } = block
            {
                flag(*span, *level, *number);
            }
        }
    };
    visit(&doc.outside);
    for entry in &doc.entries {
        visit(&entry.preamble);
        for section in &entry.sections {
            visit(&section.blocks);
        }
    }
}

fn starts_with_digit(heading: &str) -> bool {
    let rest = heading.trim_start().trim_start_matches('#').trim_start();
    // Skip inline HTML anchors before the number.
    let mut rest = rest;
    while let Some(after) = rest.strip_prefix('<').and_then(|r| r.split_once('>')) {
        rest = after.1.trim_start();
    }
    rest.starts_with(|c: char| c.is_ascii_digit())
}
