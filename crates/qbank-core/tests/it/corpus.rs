//! Real-world question banks in other shapes (fixtures/corpus, see its
//! SOURCES.md): they parse without panicking, and give the entries counted
//! by hand.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use qbank_core::{ParseOptions, SectionKind};

fn corpus(name: &str) -> qbank_core::ParsedFile {
    load(&format!("corpus/{name}"))
}

#[test]
fn every_corpus_file_parses() {
    let dir = fixtures().join("corpus");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let file = qbank_core::parse_bytes("c.md", bytes, &ParseOptions::default()).unwrap();
        check_invariants(&file.source.text, &file.document);
        seen += 1;
    }
    assert_eq!(seen, 13);
}

#[test]
fn lydiahallie_has_155_numbered_h6_entries_with_answers() {
    let file = corpus("zh_lydiahallie-js-questions_README-zh_CN.md");
    let doc = &file.document;
    assert_eq!(doc.title.as_ref().unwrap().text, "JavaScript 进阶问题列表");
    assert_eq!(doc.entry_level, Some(6));
    assert_eq!(doc.entries.len(), 155);
    let numbers: Vec<u64> = doc.entries.iter().map(|e| e.number.unwrap()).collect();
    assert_eq!(numbers, (1..=155).collect::<Vec<_>>());
    // Five headings carry an HTML anchor before the number.
    assert_eq!(doc.entries[54].title, "输出是什么？");
    // `#### 答案：D` inside <details> is the answer label (a shallower heading
    // that is a label stays inside the entry).
    for (i, e) in doc.entries.iter().enumerate() {
        let answer = body(&file, i, SectionKind::Answer).unwrap();
        assert!(!answer.is_empty(), "entry {}", e.number.unwrap());
    }
    assert!(
        body(&file, 0, SectionKind::Answer)
            .unwrap()
            .starts_with("D\n\n在函数内部")
    );
}

#[test]
fn halfrost_one_entry_with_heading_labels() {
    let file = corpus("zh-en_halfrost-leetcode-go_0146-LRU-Cache.md");
    let doc = &file.document;
    assert_eq!(doc.entries.len(), 1);
    assert_eq!(doc.entries[0].number, Some(146));
    assert_eq!(doc.entries[0].title, "LRU Cache");
    // `## 题目` is the question; `## 题目大意` is content.
    let question = body(&file, 0, SectionKind::Question).unwrap();
    assert!(question.starts_with("Design a data structure that follows"));
    assert!(question.contains("## 题目大意"));
}

#[test]
fn unnumbered_shapes_have_no_entries() {
    // These banks mark questions with bold paragraphs, <details> blocks or
    // unnumbered headings: not the entry syntax (docs/format.md).
    for name in [
        "anki_md2anki_basic_example.md",
        "anki_md2anki_code_example.md",
        "anki_md2anki_table_example.md",
        "anki_mdanki_complex.md",
        "anki_mdanki_simple.md",
        "en_30s-interviews_event-delegation.md",
        "en_alexeygrigorev-ds-interviews_technical.md",
        "en_alexeygrigorev-ds-interviews_theory.md",
        "en_trimstray-sysadmin-skills_README.md",
        "zh_haizlin-fe-interview_category-nodejs.md",
    ] {
        let file = corpus(name);
        assert_eq!(file.document.entries.len(), 0, "{name}");
        assert!(file.document.title.is_some(), "{name}");
    }
}
