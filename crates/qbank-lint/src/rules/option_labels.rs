use crate::diagnostic::{Applicability, Edit, Fix};
use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Entry;

declare_rule! {
    /// ## What it does
    /// Flags option letters that do not run A, B, C… in order: a letter
    /// skipped, repeated or out of order (A, B, D; A, A).
    ///
    /// ## Why is this bad?
    /// The key names options by letter: with letters out of order, `答案：C`
    /// may not point where the author meant, and learners lose their place.
    ///
    /// ## Example
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    /// - D. macOS
    /// ```
    ///
    /// ## Fix
    /// Reletters the options A, B, C… in order. Safe when the correct
    /// options are marked on the options themselves, or when the key names
    /// options by letters that are each one option's: the key is relettered
    /// with them (`答案：D` becomes `答案：C`). With repeated letters and a
    /// key, or a key that names no option, the fix is only offered: which
    /// option the key meant needs a human. Options that are the items of a
    /// numbered list, answered by number (`A: 2`), are numbered by Markdown
    /// and never flagged.
    ///
    /// ## Use instead
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    /// - C. macOS
    /// ```
    code: "QB505",
    name: "option-labels",
    summary: "Option letters are skipped, repeated or out of order",
    severity: Warning,
    fix: Sometimes,
    check: File(check),
}

/// Options that are the items of a numbered list (`1.` … `3.`, answered
/// `A: 2`): Markdown numbers them, always in order.
fn numbered(entry: &Entry) -> bool {
    entry.options.iter().all(|o| {
        o.label
            .as_deref()
            .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        if numbered(entry) {
            continue;
        }
        for (i, option) in entry.options.iter().enumerate() {
            let Some(label) = option.label.as_deref() else {
                continue;
            };
            let expected = qbank_core::expected_letter(i);
            if qbank_core::is_letter(label, expected) {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                ctx.index,
                option.span,
                format!(
                    "option {} of {} is lettered {label}",
                    i + 1,
                    super::entry_name(entry)
                ),
            )
            .label(format!("expected {expected}"))
            .help("letter the options A, B, C… in order (and check the key)");
            if let Some(fix) = reletter(ctx.text(), entry) {
                diagnostic = diagnostic.fix(fix);
            }
            out.push(diagnostic);
            break;
        }
    }
}

/// The fix: every option relettered, and the key with them when that is
/// safe; `None` when some letter cannot be found in the source.
fn reletter(text: &str, entry: &Entry) -> Option<Fix> {
    let plan = qbank_core::reletter(text, entry)?;
    let (message, applicability) = match (plan.has_key, plan.safe) {
        (false, _) => ("reletter the options A, B, C…", Applicability::Safe),
        (true, true) => (
            "reletter the options A, B, C… and the key with them",
            Applicability::Safe,
        ),
        (true, false) => (
            "reletter the options A, B, C… (the key is left: check which option it means)",
            Applicability::Unsafe,
        ),
    };
    let edits = plan
        .edits
        .into_iter()
        .map(|(span, replacement)| Edit { span, replacement })
        .collect();
    Some(Fix {
        message: message.to_owned(),
        edits,
        applicability,
    })
}
