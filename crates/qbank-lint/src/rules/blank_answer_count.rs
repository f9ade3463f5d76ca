use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Kind, SectionKind};

declare_rule! {
    /// ## What it does
    /// Flags a fill-in-the-blank entry whose answer does not cut into as
    /// many parts as its question has blanks. qbank cuts an answer at
    /// `(1) … (2) …`, `①…②…`, or at `；`/`;`, `、` or `，`/`,`, and only
    /// where that gives exactly one part per blank.
    ///
    /// ## Why is this bad?
    /// No part can be given to its blank: the entry cannot be graded by a
    /// platform or hidden on a card, and is exported as an open question.
    ///
    /// ## Example
    /// ```markdown
    /// 1. 逻辑地址由（ ）和（ ）组成。
    ///
    ///    答案：页号
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// 1. 逻辑地址由（ ）和（ ）组成。
    ///
    ///    答案：页号；页内偏移
    /// ```
    code: "QB601",
    name: "blank-answer-count",
    summary: "A fill-in-the-blank entry's answer does not cut into one part per blank",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Fill || entry.blanks.iter().any(|b| b.style.holds_answer()) {
            continue;
        }
        let Some(answer) = entry
            .section(SectionKind::Answer)
            .filter(|s| !s.body.is_empty())
        else {
            continue;
        };
        if entry.blanks.iter().any(|b| !b.answers.is_empty()) {
            continue;
        }
        let n = entry.blanks.len();
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                answer.body,
                format!(
                    "{} has {n} blanks, but its answer does not cut into {n} parts",
                    super::entry_name(entry)
                ),
            )
            .label(format!("expected {n} parts"))
            .help(format!(
                "give one answer per blank, separated by `；` or numbered `(1) … ({n}) …`"
            )),
        );
    }
}
