use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx, Related};
use qbank_core::{Entry, KeyItem, Kind};

declare_rule! {
    /// ## What it does
    /// Flags a choice entry whose own key or marks name other options than
    /// the document's answer key (the `## Answer Key` section at its end)
    /// does for its number.
    ///
    /// ## Why is this bad?
    /// One of the two is wrong. qbank keeps the entry's own answer, so the
    /// key at the end says something no export shows.
    ///
    /// ## Example
    /// ```markdown
    /// 1. Which layer routes packets?
    ///    - A. Data link
    ///    - **B. Network**
    ///
    /// ## Answer Key
    ///
    /// 1. A
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// 1. Which layer routes packets?
    ///    - A. Data link
    ///    - B. Network
    ///
    /// ## Answer Key
    ///
    /// 1. B
    /// ```
    code: "QB507",
    name: "answer-key-disagrees",
    summary: "The answer key at the end and the entry's own answer disagree",
    severity: Error,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    let Some(key) = &doc.answer_key else {
        return;
    };
    for (entry, item) in doc.entries.iter().zip(key.item_for_each(&doc.entries)) {
        let Some(item) = item else {
            continue;
        };
        if let Some((own, keyed)) = disagreement(entry, item) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    item.answer,
                    format!(
                        "the answer key says {keyed} for {}, but the entry says {own}",
                        super::entry_name(entry)
                    ),
                )
                .label("key disagrees with the entry")
                .related(Related {
                    file: ctx.index,
                    span: entry.heading.span,
                    message: format!("the entry says {own}"),
                })
                .help("make the entry and the answer key name the same letters"),
            );
        }
    }
}

/// The letters the entry marks correct and those the key names, in
/// capitals, when they differ.
fn disagreement(entry: &Entry, item: &KeyItem) -> Option<(String, String)> {
    if entry.kind != Kind::Choice || item.letters.is_empty() {
        return None;
    }
    let mut own: Vec<String> = entry
        .options
        .iter()
        .filter(|o| o.correct)
        .filter_map(|o| o.label.as_deref())
        .map(str::to_ascii_uppercase)
        .collect();
    let mut keyed: Vec<String> = item
        .letters
        .iter()
        .map(|l| l.to_ascii_uppercase())
        .collect();
    own.sort_unstable();
    keyed.sort_unstable();
    keyed.dedup();
    (!own.is_empty() && own != keyed).then(|| (own.join(", "), keyed.join(", ")))
}
