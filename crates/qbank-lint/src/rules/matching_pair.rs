use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx, Related};
use qbank_core::Graded;

declare_rule! {
    /// ## What it does
    /// Flags a pair of a matching entry that has no right-hand side
    /// (`- Go →`), and a left-hand item paired twice.
    ///
    /// ## Why is this bad?
    /// A prompt without its match cannot be answered, and one paired twice
    /// has two right answers: platforms refuse both, or grade them wrong.
    ///
    /// ## Example
    /// ```markdown
    /// ## 1. Match each language with its creator.
    ///
    /// **Answer:**
    ///
    /// - Rust → Graydon Hoare
    /// - Python → Guido van Rossum
    /// - Go →
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 1. Match each language with its creator.
    ///
    /// **Answer:**
    ///
    /// - Rust → Graydon Hoare
    /// - Python → Guido van Rossum
    /// - Go → Rob Pike
    /// ```
    code: "QB703",
    name: "matching-pair",
    summary: "A matching pair is missing its right side, or its left side is paired twice",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let Some(Graded::Matching { pairs, .. }) = &entry.graded else {
            continue;
        };
        for (i, pair) in pairs.iter().enumerate() {
            let twice = pairs[..i].iter().find(|p| p.left == pair.left);
            let message = if pair.right.is_empty() {
                format!(
                    "`{}` in {} has no match",
                    pair.left,
                    super::entry_name(entry)
                )
            } else if twice.is_some() {
                format!(
                    "`{}` is paired twice in {}",
                    pair.left,
                    super::entry_name(entry)
                )
            } else {
                continue;
            };
            let mut d = Diagnostic::new(&RULE, ctx.index, pair.span, message)
                .label(if pair.right.is_empty() {
                    "no right side"
                } else {
                    "paired again"
                })
                .help("give each left-hand item exactly one match: `left → right`");
            if let Some(first) = twice {
                d = d.related(Related {
                    file: ctx.index,
                    span: first.span,
                    message: "first paired here".to_owned(),
                });
            }
            out.push(d);
        }
    }
}
