//! Moodle XML read back with an XML parser (roxmltree): one question per
//! entry, of the right type, with the right correct answers.
#![allow(clippy::unwrap_used)]

#[path = "../../../qbank-export/tests/support/quiz.rs"]
mod quiz;

use qbank_core::{Kind, ParseOptions, ParsedFile};
use qbank_export::quiz::truth;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parsed(path: &str) -> ParsedFile {
    let bytes = std::fs::read(root().join(path)).unwrap();
    qbank_core::parse_bytes(path, bytes, &ParseOptions::default()).unwrap()
}

fn moodle(files: &[&ParsedFile]) -> String {
    String::from_utf8(quiz::export(qbank_moodle::create, files).unwrap().output).unwrap()
}

struct Question {
    kind: String,
    name: String,
    text: String,
    /// (text, fraction) of each answer.
    answers: Vec<(String, f64)>,
    single: Option<bool>,
    graderinfo: String,
    feedback: String,
}

fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.children().find(|t| t.has_tag_name("text")))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_owned()
}

fn read(xml: &str) -> (Vec<String>, Vec<Question>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let quiz = doc.root_element();
    assert!(quiz.has_tag_name("quiz"));
    let mut categories = Vec::new();
    let mut questions = Vec::new();
    for q in quiz.children().filter(|n| n.has_tag_name("question")) {
        let kind = q.attribute("type").unwrap().to_owned();
        if kind == "category" {
            categories.push(child_text(q, "category"));
            continue;
        }
        let answers = q
            .children()
            .filter(|a| a.has_tag_name("answer"))
            .map(|a| {
                let text = a
                    .children()
                    .find(|t| t.has_tag_name("text"))
                    .and_then(|t| t.text())
                    .unwrap_or_default();
                (
                    text.to_owned(),
                    a.attribute("fraction").unwrap().parse().unwrap(),
                )
            })
            .collect();
        let single = q
            .children()
            .find(|c| c.has_tag_name("single"))
            .map(|s| s.text() == Some("true"));
        questions.push(Question {
            kind,
            name: child_text(q, "name"),
            text: child_text(q, "questiontext"),
            answers,
            single,
            graderinfo: child_text(q, "graderinfo"),
            feedback: child_text(q, "generalfeedback"),
        });
    }
    (categories, questions)
}

#[test]
fn the_sample_is_thirty_essays() {
    let sample = parsed("fixtures/llm-industry.md");
    let (categories, questions) = read(&moodle(&[&sample]));
    assert_eq!(
        categories,
        ["$course$/top/大模型产业化：新商业模式和生态系统"]
    );
    assert_eq!(questions.len(), 30);
    for (q, e) in questions.iter().zip(&sample.document.entries) {
        assert_eq!(q.kind, "essay");
        assert_eq!(q.name, e.title);
        assert!(
            q.graderinfo.contains("<ol>"),
            "the answer is the grader's information"
        );
        assert!(
            q.feedback.starts_with("<p>"),
            "the analysis is the general feedback"
        );
    }
    assert!(questions[1].text.starts_with("<p>请简要介绍"));
}

#[test]
fn choice_entries_keep_their_type_and_correct_answers() {
    for path in [
        "fixtures/shapes/choice-keys.md",
        "fixtures/shapes/choice-task-lists.md",
        "fixtures/shapes/choice-more.md",
        "fixtures/corpus/zh_lydiahallie-js-questions_README-zh_CN.md",
    ] {
        let file = parsed(path);
        let (_, questions) = read(&moodle(&[&file]));
        assert_eq!(questions.len(), file.document.entries.len(), "{path}");
        for (q, e) in questions.iter().zip(&file.document.entries) {
            let correct = e.options.iter().filter(|o| o.correct).count();
            let right: f64 = q.answers.iter().filter(|a| a.1 > 0.0).map(|a| a.1).sum();
            match q.kind.as_str() {
                "truefalse" => {
                    let said_true = e
                        .options
                        .iter()
                        .any(|o| o.correct && truth(o) == Some(true));
                    let true_fraction = q.answers.iter().find(|a| a.0 == "true").unwrap().1;
                    assert_eq!(true_fraction == 100.0, said_true, "{path}: {}", e.title);
                }
                "multichoice" => {
                    assert_eq!(e.kind, Kind::Choice);
                    assert_eq!(q.answers.len(), e.options.len());
                    assert_eq!(q.answers.iter().filter(|a| a.1 > 0.0).count(), correct);
                    assert!((right - 100.0).abs() < 0.01, "{path}: {right}");
                    assert_eq!(q.single, Some(correct == 1));
                }
                "essay" => assert_eq!(correct, 0, "{path}: {}", e.title),
                other => panic!("{other}"),
            }
        }
    }
}

#[test]
fn markup_and_cdata_ends_survive() {
    let text = "# B & C > D\n\n## 1. x < y && \"z\"\n\n**Question:** What does `a]]>b` print?\n\n**Answer:** It prints ]]> and <b>.\n";
    let file = qbank_core::parse_bytes("h.md", text.as_bytes().to_vec(), &ParseOptions::default())
        .unwrap();
    let (categories, questions) = read(&moodle(&[&file]));
    assert_eq!(categories, ["$course$/top/B & C > D"]);
    assert_eq!(questions[0].name, "x < y && \"z\"");
    assert!(
        questions[0].text.contains("a]]&gt;b"),
        "{}",
        questions[0].text
    );
    assert!(
        questions[0].graderinfo.contains("]]&gt;"),
        "{}",
        questions[0].graderinfo
    );
}

#[test]
fn fractions_are_moodles_for_up_to_20_correct_options() {
    let file = quiz::many_correct(&quiz::COUNTS);
    let done = quiz::export(qbank_moodle::create, &[&file]).unwrap();
    let (_, questions) = read(&String::from_utf8(done.output).unwrap());
    let fractions: Vec<Vec<String>> = questions
        .iter()
        .map(|q| q.answers.iter().map(|a| a.1.to_string()).collect())
        .collect();
    let expect = |right: &[(&str, usize)]| -> Vec<String> {
        let mut all: Vec<String> = right
            .iter()
            .flat_map(|(f, n)| std::iter::repeat_n((*f).to_owned(), *n))
            .collect();
        all.push("-100".to_owned());
        all
    };
    assert_eq!(fractions[0], expect(&[("14.28571", 7)]));
    assert_eq!(fractions[1], expect(&[("11.11111", 9)]));
    assert_eq!(fractions[2], expect(&[("10", 9), ("5", 2)]));
    assert_eq!(fractions[3], expect(&[("5", 20)]));
    assert_eq!(fractions[4], expect(&[("10", 8), ("5", 4)]));
    quiz::assert_one_unequal_warning(&done.warnings, "Moodle XML");
}

#[test]
fn more_than_20_correct_options_are_refused_naming_the_entry() {
    let err = quiz::export(qbank_moodle::create, &[&quiz::many_correct(&[2, 21])]).unwrap_err();
    assert_eq!(err.to_string(), "cannot write Moodle XML");
    let cause = std::error::Error::source(&err).map(ToString::to_string);
    assert!(
        cause
            .is_some_and(|c| c.starts_with("many.md:11: entry 2 (21 correct): 21 correct options")),
        "{err:?}"
    );
}
