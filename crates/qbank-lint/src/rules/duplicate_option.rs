use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};

declare_rule! {
    /// ## What it does
    /// Flags an option that says the same as an earlier option of the same
    /// entry (compared ignoring case, runs of whitespace and bold markers;
    /// punctuation counts, since options are often code: `a.b` is not
    /// `a[b]`).
    ///
    /// ## Why is this bad?
    /// Two identical options make the question ambiguous or trivially
    /// wrong, and usually one was meant to say something else.
    ///
    /// ## Example
    /// ```markdown
    /// - A. TCP
    /// - B. UDP
    /// - C. tcp
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - A. TCP
    /// - B. UDP
    /// - C. QUIC
    /// ```
    code: "QB504",
    name: "duplicate-option",
    summary: "Two options of one entry say the same thing",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.file.document.entries {
        let keys: Vec<String> = entry.options.iter().map(|o| option_key(&o.text)).collect();
        for (i, key) in keys.iter().enumerate() {
            if key.is_empty() {
                continue;
            }
            if let Some(j) = keys[..i].iter().position(|k| k == key) {
                let name = |k: usize| {
                    entry.options[k]
                        .label
                        .clone()
                        .unwrap_or_else(|| format!("option {}", k + 1))
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        ctx.index,
                        entry.options[i].span,
                        format!(
                            "in {} option {} says the same as option {}",
                            super::entry_name(entry),
                            name(i),
                            name(j)
                        ),
                    )
                    .label("same as an earlier option")
                    .help("reword one of the two options"),
                );
            }
        }
    }
}

/// An option's comparison key: lower case, whitespace runs as one space,
/// no bold markers. An option with code (a code block, `` `A` ``) is
/// compared as written: in code, line breaks and case are what the
/// question asks about.
fn option_key(text: &str) -> String {
    if text.contains('`') || text.starts_with("~~~") {
        return text.to_owned();
    }
    text.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
