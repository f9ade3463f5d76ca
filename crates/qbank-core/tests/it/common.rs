//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use qbank_core::{Block, Document, List, ParseOptions, ParsedFile, SectionKind, Span};
use std::path::PathBuf;

pub(crate) fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

pub(crate) fn load(name: &str) -> ParsedFile {
    let path = fixtures().join(name);
    let bytes = std::fs::read(&path).unwrap();
    qbank_core::parse_bytes(name, bytes, &ParseOptions::default()).unwrap()
}

pub(crate) fn body(file: &ParsedFile, entry: usize, kind: SectionKind) -> Option<&str> {
    file.document.entries[entry]
        .section(kind)
        .map(|s| s.body.slice(&file.source.text))
}

pub(crate) fn lists(file: &ParsedFile, entry: usize, kind: SectionKind) -> Vec<&List> {
    file.document.entries[entry]
        .section(kind)
        .map(|s| s.blocks.iter().filter_map(Block::as_list).collect())
        .unwrap_or_default()
}

pub(crate) fn slice(file: &ParsedFile, span: Span) -> &str {
    span.slice(&file.source.text)
}

/// Invariants every parsed document must hold, whatever its input.
pub(crate) fn check_invariants(text: &str, doc: &Document) {
    let ok = |span: Span, what: &str| {
        assert!(span.start <= span.end, "{what}: inverted span {span:?}");
        assert!(
            text.get(span.range()).is_some(),
            "{what}: span {span:?} not on char boundaries of a {}-byte text",
            text.len()
        );
    };
    let mut previous_end = 0;
    for entry in &doc.entries {
        ok(entry.span, "entry");
        ok(entry.heading.span, "heading");
        assert!(entry.span.start >= previous_end, "entries overlap");
        previous_end = entry.span.end;
        assert!(!entry.title.contains('\r'));
        for block in &entry.preamble {
            ok(block.span(), "preamble block");
        }
        for section in &entry.sections {
            ok(section.span, "section");
            ok(section.body, "body");
            ok(section.label.span, "label");
            // An answer read from the answer key stands in the key.
            let within = match (section.label.style, &doc.answer_key) {
                (qbank_core::LabelStyle::Key, Some(key)) => key.span,
                _ => entry.span,
            };
            assert!(section.span.start >= within.start && section.span.end <= within.end);
            let body = section.body.slice(text);
            assert_eq!(body, body.trim(), "bodies are trimmed");
            for block in &section.blocks {
                ok(block.span(), "block");
                if let Block::List(list) = block {
                    check_list(text, list);
                }
            }
        }
    }
    for block in &doc.outside {
        ok(block.span(), "outside block");
    }
}

fn check_list(text: &str, list: &List) {
    for item in &list.items {
        for span in [item.span, item.marker, item.text] {
            assert!(text.get(span.range()).is_some(), "item span {span:?}");
        }
        if let Some(term) = &item.term {
            assert!(text.get(term.span.range()).is_some());
            assert!(!term.span.slice(text).is_empty());
        }
        for nested in &item.lists {
            check_list(text, nested);
        }
    }
}
