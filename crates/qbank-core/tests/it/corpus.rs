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
    // The link title is the document's title; its one question label makes
    // the document one entry, numbered and titled from it.
    assert_eq!(doc.title.as_ref().unwrap().text, "146. LRU Cache");
    assert_eq!(doc.entries.len(), 1);
    assert_eq!(doc.entries[0].number, Some(146));
    assert_eq!(doc.entries[0].title, "LRU Cache");
    // `## 题目` is the question; `## 题目大意` is content.
    let question = body(&file, 0, SectionKind::Question).unwrap();
    assert!(question.starts_with("Design a data structure that follows"));
    assert!(question.contains("## 题目大意"));
}

/// Every corpus file: its entry count (SOURCES.md), the shape it is read
/// as, and how many entries have no question or no answer (the real defects
/// SOURCES.md lists: haizlin's 84 questions have their answers elsewhere,
/// mdanki's last card is empty).
#[test]
fn every_shape_gives_the_counted_entries_with_questions_and_answers() {
    use qbank_core::Marker::*;
    let cases = [
        (
            "zh_lydiahallie-js-questions_README-zh_CN.md",
            155,
            NumberedHeading,
            0,
            0,
        ),
        (
            "zh_haizlin-fe-interview_category-nodejs.md",
            84,
            ListItem,
            0,
            84,
        ),
        (
            "zh-en_halfrost-leetcode-go_0146-LRU-Cache.md",
            1,
            Label,
            0,
            0,
        ),
        ("en_trimstray-sysadmin-skills_README.md", 271, Details, 0, 0),
        (
            "en_alexeygrigorev-ds-interviews_theory.md",
            166,
            BoldParagraph,
            0,
            0,
        ),
        (
            "en_alexeygrigorev-ds-interviews_technical.md",
            40,
            BoldParagraph,
            0,
            0,
        ),
        (
            "en_30s-interviews_event-delegation.md",
            1,
            QuestionHeading,
            0,
            0,
        ),
        ("anki_mdanki_simple.md", 5, HeadingCard, 0, 1),
        ("anki_mdanki_complex.md", 3, HeadingCard, 0, 0),
        ("anki_md2anki_basic_example.md", 4, HeadingCard, 0, 0),
        ("anki_md2anki_code_example.md", 3, HeadingCard, 0, 0),
        ("anki_md2anki_table_example.md", 1, HeadingCard, 0, 0),
    ];
    for (name, count, marker, no_question, no_answer) in cases {
        let file = corpus(name);
        let doc = &file.document;
        assert_eq!(doc.entries.len(), count, "{name}");
        assert_eq!(doc.shape.marker, marker, "{name}");
        let missing = |kind| {
            doc.entries
                .iter()
                .filter(|e| e.section(kind).is_none_or(|s| s.body.is_empty()))
                .count()
        };
        assert_eq!(
            missing(SectionKind::Question),
            no_question,
            "{name}: questions"
        );
        assert_eq!(missing(SectionKind::Answer), no_answer, "{name}: answers");
        // Parsed in pieces, the same.
        let text = &file.source.text;
        let split =
            qbank_core::parse_split_for_testing("c.md", text, &ParseOptions::default(), 512);
        if let Some(split) = split {
            let whole = qbank_core::parse_sequential("c.md", text, &ParseOptions::default());
            assert_eq!(split, whole, "{name}: split parse differs");
        }
    }
}

#[test]
fn shapes_fill_titles_ids_and_categories() {
    let md2anki = corpus("anki_md2anki_basic_example.md");
    let e = &md2anki.document.entries[1];
    assert_eq!(e.title, "Multi line");
    assert_eq!(
        e.heading.id.as_deref(),
        Some("24501c1a-f615-4355-a862-a00f64cc4725")
    );
    let q = body(&md2anki, 1, SectionKind::Question).unwrap();
    assert!(
        q.starts_with("question thanks to a question answer separator"),
        "{q}"
    );
    let a = body(&md2anki, 3, SectionKind::Answer).unwrap();
    assert!(a.starts_with("Answer\n\n---\n\nSecond part"), "{a}");
    let theory = corpus("en_alexeygrigorev-ds-interviews_theory.md");
    let e = &theory.document.entries[1];
    assert!(e.title.starts_with("What is regression?"));
    assert_eq!(e.category, ["Linear regression"]);
    let trimstray = corpus("en_trimstray-sysadmin-skills_README.md");
    let q = body(&trimstray, 0, SectionKind::Question).unwrap();
    assert!(q.contains("Give some examples of Linux distribution"));
    let a = body(&trimstray, 0, SectionKind::Answer).unwrap();
    assert!(!a.contains("</details>") && !a.contains("<summary>"), "{a}");
    let lydia = corpus("zh_lydiahallie-js-questions_README-zh_CN.md");
    let q = body(&lydia, 0, SectionKind::Question).unwrap();
    assert!(q.starts_with("输出是什么？\n\n```javascript"), "{q}");
    // Its options are the entry's options, not part of the question text.
    assert!(q.ends_with("sayHi()\n```"), "{q}");
}

/// The zh-CN JavaScript bank is a choice bank: options `- A: …` under each
/// question, the key `#### 答案：D` inside `<details>`.
#[test]
fn lydiahallie_has_155_choice_entries_with_their_correct_option() {
    let file = corpus("zh_lydiahallie-js-questions_README-zh_CN.md");
    let doc = &file.document;
    for e in &doc.entries {
        assert_eq!(e.kind, qbank_core::Kind::Choice, "entry {:?}", e.number);
        assert!(e.options.len() >= 2, "entry {:?}", e.number);
        let correct = e.options.iter().filter(|o| o.correct).count();
        assert_eq!(correct, 1, "entry {:?}", e.number);
    }
    let first = &doc.entries[0];
    let labels: Vec<_> = first
        .options
        .iter()
        .map(|o| o.label.as_deref().unwrap())
        .collect();
    assert_eq!(labels, ["A", "B", "C", "D"]);
    assert!(first.options[3].correct);
    assert_eq!(first.options[0].text, "`Lydia` 和 `undefined`");
    // The question stops before its options.
    let question = body(&file, 0, SectionKind::Question).unwrap();
    assert!(question.ends_with("sayHi()\n```"), "{question}");
}
