use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx, Related};

declare_rule! {
    /// ## What it does
    /// Flags an entry whose sections are not in the order question, answer,
    /// analysis.
    ///
    /// ## Why is this bad?
    /// Readers expect the question first and the explanation last; a bank
    /// that keeps one order is easier to read, review and diff.
    ///
    /// ## Example
    /// ```markdown
    /// **答案：** 数据并行。
    ///
    /// **题目：** 最常用的并行策略是什么？
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **题目：** 最常用的并行策略是什么？
    ///
    /// **答案：** 数据并行。
    /// ```
    code: "QB106",
    name: "section-order",
    summary: "Sections are not in the order question, answer, analysis",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let mut latest: Option<&qbank_core::Section> = None;
        for section in &entry.sections {
            match latest {
                Some(before) if section.kind < before.kind => {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            ctx.index,
                            section.label.span,
                            format!(
                                "in {} the {} comes after the {}",
                                super::entry_name(entry),
                                section.kind,
                                before.kind
                            ),
                        )
                        .label(format!("{} after the {}", section.kind, before.kind))
                        .related(Related {
                            file: ctx.index,
                            span: before.label.span,
                            message: format!("the {} is here", before.kind),
                        })
                        .help("order the sections question, answer, analysis"),
                    );
                    break;
                }
                Some(before) if section.kind <= before.kind => {}
                _ => latest = Some(section),
            }
        }
    }
}
