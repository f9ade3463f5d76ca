use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{LabelStyle, SectionKind};

declare_rule! {
    /// ## What it does
    /// Flags an entry whose title repeats an earlier entry's title, in the same
    /// file or in any file of the run. Titles are compared after normalising
    /// Unicode width (full-width letters and digits), case, whitespace,
    /// punctuation and Markdown markers. The later entry is flagged; the
    /// message names the earlier one's place. In a document whose headings
    /// are the questions (no question labels), titles are often generic
    /// ("输出是什么？" over a different code block each time): there the
    /// title is compared together with the blocks that complete the question.
    ///
    /// ## Why is this bad?
    /// Two entries with one title are usually one entry pasted twice, or two
    /// different questions that readers cannot tell apart in a table of
    /// contents or a deck. Banks whose titles are generic on purpose
    /// ("输出是什么？") turn the rule off in `qbank.toml`.
    ///
    /// ## Example
    /// ```markdown
    /// #### 7. 大模型在语音识别中的应用和挑战
    /// …
    /// #### 20. 大模型在语音识别中的应用和挑战
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// #### 7. 大模型在语音识别中的应用和挑战
    /// …
    /// #### 20. 大模型在语音合成中的应用和挑战
    /// ```
    code: "QB401",
    name: "duplicate-title",
    summary: "An entry's title repeats an earlier entry's title",
    severity: Warning,
    fix: None,
    check: Run(check),
}

fn check(files: &[FileCtx<'_>], out: &mut Vec<Diagnostic>) {
    super::duplicate_question::find_duplicates(files, out, &RULE, "title", |ctx, entry| {
        let span = if entry.heading.title_span.is_empty() {
            entry.heading.span
        } else {
            entry.heading.title_span
        };
        // Where the heading is the question (no question label), titles are
        // often generic ("输出是什么？" over a different code block each
        // time): the title and the blocks under it, which make up the
        // question, are compared together.
        let question = entry.section(SectionKind::Question);
        if let Some(q) = question.filter(|q| q.label.style == LabelStyle::Implicit) {
            let key = super::duplicate_question::with_options(q.body.slice(ctx.text()), entry);
            return Some((key, span));
        }
        Some((entry.title.as_str().into(), span))
    });
}
