//! Fill-in-the-blank entries: which entries are fill, their blanks and
//! answers, and what stays as it was.

use crate::common::load;
use qbank_core::{BlankStyle, Entry, Kind, ParseOptions, parse};

fn answers(entry: &Entry) -> Vec<Vec<&str>> {
    entry
        .blanks
        .iter()
        .map(|b| b.answers.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn a_mixed_exam_reads_with_the_right_kind_for_every_entry() {
    let file = load("fill/mixed-exam.md");
    let kinds: Vec<Kind> = file.document.entries.iter().map(|e| e.kind).collect();
    use Kind::{Choice, Fill, Open};
    assert_eq!(
        kinds,
        [Choice, Choice, Choice, Choice, Fill, Fill, Fill, Fill, Open]
    );
    let e = &file.document.entries;
    assert_eq!(answers(&e[4]), [vec!["共享"]]);
    assert_eq!(answers(&e[5]), [vec!["页号"], vec!["页内偏移"]]);
    assert_eq!(
        answers(&e[6]),
        [vec!["传输控制协议", "Transmission Control Protocol"]]
    );
    assert_eq!(answers(&e[7]), [vec!["请求和保持"], vec!["不剥夺"]]);
    // Each blank's span is the blank as written; its answer's span the part.
    let text = &file.source.text;
    let blank = &e[5].blanks[1];
    assert_eq!(blank.span.slice(text), "（ ）");
    assert_eq!(blank.answer_span.map(|s| s.slice(text)), Some("页内偏移"));
    assert_eq!(blank.style, BlankStyle::Brackets);
}

#[test]
fn clozes_answer_themselves() {
    let file = load("fill/cloze.md");
    let e = &file.document.entries;
    assert!(e.iter().all(|e| e.kind == Kind::Fill));
    let text = &file.source.text;
    let first = &e[0].blanks;
    assert_eq!(first[0].span.slice(text), "{{c1::mitochondria}}");
    assert_eq!(
        (first[1].number, first[1].hint.as_deref()),
        (2, Some("a place"))
    );
    // A repeated number is one deletion, written twice.
    let numbers: Vec<u32> = e[1].blanks.iter().map(|b| b.number).collect();
    assert_eq!(numbers, [1, 2, 1]);
    // A cloze in a code span is code; one around a code span is a cloze.
    assert_eq!(answers(&e[2]), [vec!["len"]]);
    // The heading named the entry: the text with the clozes is its question.
    assert_eq!(e[0].title, "The cell");
}

#[test]
fn answers_cut_only_where_the_parts_match_the_blanks() {
    let file = load("fill/underscores.md");
    let e = &file.document.entries;
    assert_eq!(answers(&e[1]), [vec!["TCP"], vec!["UDP"]]);
    assert_eq!(answers(&e[2]), [vec!["443", "port 443"]]);
    // Three parts for two blanks: read, unanswered, and left to the lint.
    assert_eq!(e[3].kind, Kind::Fill);
    assert!(e[3].blanks.iter().all(|b| b.answers.is_empty()));
    // `__init__` is a name, not a blank.
    assert_eq!(e[4].kind, Kind::Open);
}

fn kinds(md: &str) -> Vec<Kind> {
    parse("t.md", md, &ParseOptions::default())
        .entries
        .iter()
        .map(|e| e.kind)
        .collect()
}

#[test]
fn what_stays_as_it_was() {
    // `（ ）` without a key label, a long answer under a blank, `==x==` in
    // a file that does not ask for highlight clozes, emphasis.
    let md = "## 1. 软件配置包括程序、（ ）和数据。\n\n## 2. The ____ of X?\n\nIt depends.\n\nOn many things.\n\n## 3. What is ==this==?\n\nA highlight.\n\n## 4. What is ___bold___?\n\nEmphasis.\n";
    assert_eq!(kinds(md), [Kind::Open; 4]);
    // `答案：B` under `（ ）`: a choice whose options went unread, not a blank.
    let md = "## 1. 瀑布模型是一种（ ）。\n\n**答案：** B\n";
    assert_eq!(kinds(md), [Kind::Open]);
}

#[test]
fn obsidian_cloze_cards_in_files_tagged_for_them() {
    let md = "#flashcards\n\nThe ==mitochondria== is the powerhouse of the {{cell}}.\n<!--SR:!2024-05-22,1,230-->\n\nNo cloze here.\n";
    let doc = parse("t.md", md, &ParseOptions::default());
    assert_eq!(doc.entries.len(), 1);
    let entry = &doc.entries[0];
    assert_eq!(entry.kind, Kind::Fill);
    assert_eq!(answers(entry), [vec!["mitochondria"], vec!["cell"]]);
    assert_eq!(
        entry.title,
        "The mitochondria is the powerhouse of the cell."
    );
    let md = "---\ncards-deck: Bio\n---\n\nMoreover, the {2:order} of the {1:cloze} can vary.\n";
    let doc = parse("t.md", md, &ParseOptions::default());
    let numbers: Vec<u32> = doc.entries[0].blanks.iter().map(|b| b.number).collect();
    assert_eq!(numbers, [2, 1]);
}
