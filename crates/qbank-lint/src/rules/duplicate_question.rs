use crate::normalize::normalize_for_comparison;
use crate::registry::{Rule, declare_rule};
use crate::{Diagnostic, FileCtx, Related};
use qbank_core::{Entry, SectionKind, Span};
use std::borrow::Cow;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags an entry whose question repeats an earlier entry's question, in
    /// the same file or in any file of the run. Questions are compared after
    /// normalising Unicode width, case, whitespace, punctuation and Markdown
    /// markers. The later entry is flagged; the message names the earlier
    /// one's place.
    ///
    /// ## Why is this bad?
    /// A question asked twice is a duplicated entry: learners see the same
    /// card twice, and edits made to one copy never reach the other.
    ///
    /// ## Example
    /// ```markdown
    /// #### 7. 语音识别
    /// **题目：** 请讨论大模型在语音识别中的应用和面临的挑战。
    /// …
    /// #### 20. 语音识别
    /// **题目：** 请讨论大模型在语音识别中的应用和面临的挑战。
    /// ```
    ///
    /// ## Use instead
    /// Keep one of the two entries, or ask a different question in the second.
    code: "QB402",
    name: "duplicate-question",
    summary: "An entry's question repeats an earlier entry's question",
    severity: Error,
    fix: None,
    check: Run(check),
}

fn check(files: &[FileCtx<'_>], out: &mut Vec<Diagnostic>) {
    find_duplicates(files, out, &RULE, "question", |ctx, entry| {
        let section = entry.section(SectionKind::Question)?;
        Some((section.body.slice(ctx.text()).into(), section.body))
    });
}

/// Report every entry whose key (after normalisation) an earlier entry of the
/// run already had.
pub(crate) fn find_duplicates<'a>(
    files: &'a [FileCtx<'a>],
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    what: &str,
    key: impl Fn(&'a FileCtx<'a>, &'a Entry) -> Option<(Cow<'a, str>, Span)>,
) {
    let mut first: HashMap<String, (usize, &Entry, Span)> = HashMap::new();
    for (file, ctx) in files.iter().enumerate() {
        if ctx.settings.severity(rule).is_none() {
            continue;
        }
        for entry in &ctx.file.document.entries {
            let Some((text, span)) = key(ctx, entry) else {
                continue;
            };
            let normalized = normalize_for_comparison(&text);
            if normalized.is_empty() {
                continue;
            }
            match first.get(&normalized) {
                Some(&(earlier_file, earlier, earlier_span)) => {
                    let earlier_ctx = &files[earlier_file];
                    let place = super::place(earlier_ctx, earlier.heading.span.start);
                    out.push(
                        Diagnostic::new(
                            rule,
                            ctx.index,
                            span,
                            format!(
                                "{} has the same {what} as {} ({place})",
                                super::entry_name(entry),
                                super::entry_name(earlier),
                            ),
                        )
                        .label(format!("same {what} as {}", super::entry_name(earlier)))
                        .related(Related {
                            file: earlier_ctx.index,
                            span: earlier_span,
                            message: format!(
                                "{} first has this {what}",
                                super::entry_name(earlier)
                            ),
                        })
                        .help(format!("remove the duplicate entry, or reword its {what}")),
                    );
                }
                None => {
                    first.insert(normalized, (file, entry, span));
                }
            }
        }
    }
}
