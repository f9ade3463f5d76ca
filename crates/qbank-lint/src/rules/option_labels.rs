use crate::diagnostic::{Applicability, Edit, Fix};
use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Entry, SectionKind, Span};
use std::collections::HashMap;

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
    /// option the key meant needs a human.
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

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        for (i, option) in entry.options.iter().enumerate() {
            let Some(label) = option.label.as_deref() else {
                continue;
            };
            let expected = expected_letter(i);
            if label.starts_with(expected) {
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

/// The letter of the option at `index`: A, B, C…
fn expected_letter(index: usize) -> char {
    char::from(b'A' + (index as u8).min(25))
}

/// Reletter every option A, B, C… and the key with them; `None` when some
/// letter cannot be found in the source.
fn reletter(text: &str, entry: &Entry) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut renamed: HashMap<&str, char> = HashMap::new();
    let mut unique = true;
    for (i, option) in entry.options.iter().enumerate() {
        let label = option.label.as_deref()?;
        let span = qbank_core::label_span(text, option)?;
        let expected = expected_letter(i);
        unique &= renamed.insert(label, expected).is_none();
        if !label.starts_with(expected) {
            edits.push(Edit {
                span,
                replacement: expected.to_string(),
            });
        }
    }
    let (message, applicability) = if qbank_core::key_letters(text, entry).is_none() {
        ("reletter the options A, B, C…", Applicability::Safe)
    } else {
        match key_edits(text, entry, &renamed) {
            Some(key) if unique => {
                edits.extend(key);
                (
                    "reletter the options A, B, C… and the key with them",
                    Applicability::Safe,
                )
            }
            _ => (
                "reletter the options A, B, C… (the key is left: check which option it means)",
                Applicability::Unsafe,
            ),
        }
    };
    edits.sort_by_key(|e| e.span.start);
    Some(Fix {
        message: message.to_owned(),
        edits,
        applicability,
    })
}

/// The key's letters relettered as `renamed` says; `None` when the key names
/// a letter that is no option's.
fn key_edits(text: &str, entry: &Entry, renamed: &HashMap<&str, char>) -> Option<Vec<Edit>> {
    let body = entry.section(SectionKind::Answer)?.body;
    let line = body.slice(text).split('\n').next()?;
    let mut edits = Vec::new();
    for (at, c) in line.char_indices().filter(|(_, c)| ('A'..='J').contains(c)) {
        let new = *renamed.get(c.encode_utf8(&mut [0; 4]) as &str)?;
        if new != c {
            let start = body.start as usize + at;
            edits.push(Edit {
                span: Span::new(start, start + 1),
                replacement: new.to_string(),
            });
        }
    }
    Some(edits)
}
