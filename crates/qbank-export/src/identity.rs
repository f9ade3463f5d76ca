//! An entry's identity across exports: what stays the same when the bank
//! is edited (Anki's note GUIDs, the study page's progress).

use qbank_core::{Block, Entry};

/// The explicit id of an entry: `{#id}` on its heading, or a
/// `<!-- qbank-id: … -->` comment in it.
#[must_use]
pub fn explicit_id(entry: &Entry, text: &str) -> Option<String> {
    if let Some(id) = &entry.heading.id {
        return Some(id.clone());
    }
    let blocks = entry
        .preamble
        .iter()
        .chain(entry.sections.iter().flat_map(|s| &s.blocks));
    for block in blocks {
        if let Block::Html { span } = block {
            let html = span.slice(text);
            if let Some(at) = html.find("qbank-id:") {
                let rest = &html[at + "qbank-id:".len()..];
                let id = rest.split("-->").next().unwrap_or("").trim();
                if !id.is_empty() {
                    return Some(id.to_owned());
                }
            }
        }
    }
    None
}

/// Whitespace collapsed and case folded: how titles are compared for the
/// identity key.
#[must_use]
pub fn normalize_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
