use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an answer key that names a letter no option has (`答案：E`
    /// under options A–D).
    ///
    /// ## Why is this bad?
    /// The key points at nothing: the entry has no correct option, or the
    /// options were edited and the key was not.
    ///
    /// ## Example
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    ///
    /// **答案：** E
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - A. Linux
    /// - B. Windows
    ///
    /// **答案：** B
    /// ```
    code: "QB502",
    name: "key-not-an-option",
    summary: "The answer key names a letter that is not an option",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    for entry in &ctx.file.document.entries {
        if entry.kind != Kind::Choice {
            continue;
        }
        let Some(key) = qbank_core::key_letters(text, entry) else {
            continue;
        };
        let labels: Vec<&str> = entry
            .options
            .iter()
            .filter_map(|o| o.label.as_deref())
            .collect();
        let missing: Vec<&str> = key
            .iter()
            .map(String::as_str)
            .filter(|l| !labels.iter().any(|o| o.eq_ignore_ascii_case(l)))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let span = super::key_span(entry);
        out.push(
            Diagnostic::new(
                &RULE,
                ctx.index,
                span,
                format!(
                    "the key of {} names {}, but the options are {}",
                    super::entry_name(entry),
                    missing.join(", "),
                    if labels.is_empty() {
                        "not lettered".to_owned()
                    } else {
                        labels.join(", ")
                    }
                ),
            )
            .label("no such option")
            .help("name one of the options' letters"),
        );
    }
}
