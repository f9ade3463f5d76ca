//! GIFT read back by a reader written from Moodle's format documentation
//! (docs.moodle.org/en/GIFT_format), independent of the writer: every entry
//! a question of the right type with the right correct answers.
#![allow(clippy::unwrap_used)]

#[path = "../../../qbank-export/tests/support/quiz.rs"]
mod quiz;

mod reader;

use qbank_core::{Kind, ParseOptions, ParsedFile};
use reader::{Question, Type};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parsed(path: &str) -> ParsedFile {
    let bytes = std::fs::read(root().join(path)).unwrap();
    qbank_core::parse_bytes(path, bytes, &ParseOptions::default()).unwrap()
}

fn gift(files: &[&ParsedFile]) -> String {
    String::from_utf8(quiz::export(qbank_gift::create, files).unwrap().output).unwrap()
}

/// The text inside HTML, tags and entities aside, for comparing answers.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#37;", "%")
        .replace("&#91;", "[")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

#[test]
fn the_sample_is_thirty_essays() {
    let sample = parsed("fixtures/llm-industry.md");
    let questions = reader::read(&gift(&[&sample]));
    assert_eq!(questions.len(), 30);
    for (q, e) in questions.iter().zip(&sample.document.entries) {
        assert_eq!(q.kind, Type::Essay);
        assert_eq!(q.title, e.title);
        assert_eq!(q.category, ["大模型产业化：新商业模式和生态系统"]);
        // The answer and analysis are the general feedback.
        assert!(q.feedback.contains("<ol>"), "{}", q.feedback);
    }
    assert!(plain(&questions[1].text).starts_with("请简要介绍"));
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
        let questions = reader::read(&gift(&[&file]));
        assert_eq!(questions.len(), file.document.entries.len(), "{path}");
        for (q, e) in questions.iter().zip(&file.document.entries) {
            let correct: Vec<&str> = e
                .options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.text.as_str())
                .collect();
            match &q.kind {
                Type::TrueFalse(answer) => {
                    assert_eq!(e.options.len(), 2, "{path}: {}", e.title);
                    let said_true = correct
                        .iter()
                        .any(|t| ["正确", "对", "True", "T", "√"].contains(t));
                    assert_eq!(*answer, said_true, "{path}: {}", e.title);
                }
                Type::MultipleChoice(answers) | Type::MultipleAnswers(answers) => {
                    assert_eq!(e.kind, Kind::Choice);
                    let got: Vec<String> = answers
                        .iter()
                        .filter(|a| a.1 > 0.0)
                        .map(|a| plain(&a.0))
                        .collect();
                    let want: Vec<String> = correct
                        .iter()
                        .map(|t| plain(&format!("<p>{t}</p>")))
                        .collect();
                    // Markdown in options is rendered: compare words.
                    assert_eq!(got.len(), want.len(), "{path}: {}", e.title);
                    let total: f64 = answers.iter().filter(|a| a.1 > 0.0).map(|a| a.1).sum();
                    assert!(
                        (total - 100.0).abs() < 0.01,
                        "{path}: weights sum to {total}"
                    );
                    if let Type::MultipleChoice(_) = q.kind {
                        assert_eq!(correct.len(), 1);
                    }
                }
                Type::Essay => assert!(correct.is_empty(), "{path}: {}", e.title),
            }
        }
    }
}

#[test]
fn reserved_characters_survive() {
    let text = "# A: {bank} b/c\n\n## 1. a=b ~c #d\n\n**Question:** What is `x := {y}`?\n\n**Answer:** a \\ b\n";
    let file = qbank_core::parse_bytes("h.md", text.as_bytes().to_vec(), &ParseOptions::default())
        .unwrap();
    let questions = reader::read(&gift(&[&file]));
    let q: &Question = &questions[0];
    assert_eq!(q.title, "a=b ~c #d");
    assert_eq!(plain(&q.text), "What is x := {y}?");
    assert_eq!(plain(&q.feedback), "a \\ b");
    assert_eq!(q.category, ["A: {bank} b/c"]);
}

/// A choice question's answers as text, with their fractions.
fn answers(kind: &Type) -> Vec<(String, f64)> {
    match kind {
        Type::MultipleChoice(answers) | Type::MultipleAnswers(answers) => {
            answers.iter().map(|(t, w)| (plain(t), *w)).collect()
        }
        other => panic!("not a choice question: {other:?}"),
    }
}

/// A bank whose texts start with what GIFT's readers take for a weight or a
/// format, in every place: title, question, options and feedback.
const HAZARDS: &str = "# Hazards\n\n\
## 1. %50% off [html] title\n\n\
**Question:** [plain] Which is 10% off?\n\n\
- A. %10% off\n- B. [html]\n- C. [markdown] shown\n- D. [moodle]x\n\n\
**Answer:** B\n\n**Analysis:** [markdown] Every word shows.\n\n\
## 2. Several\n\n\
**Question:** Pick two\n\n\
- [x] %25%\n- [x] [plain] plain\n- [ ] %5% wrong\n\n\
## 3. Open\n\n\
**Question:** %1% open\n\n**Answer:** [html] an answer\n";

#[test]
fn weights_and_formats_at_the_start_of_a_text_are_text() {
    let file = qbank_core::parse_bytes(
        "hazards.md",
        HAZARDS.as_bytes().to_vec(),
        &ParseOptions::default(),
    )
    .unwrap();
    let gift = gift(&[&file]);
    let questions = reader::read(&gift);
    assert_eq!(questions.len(), 3, "{gift}");
    // Read as Moodle reads it, every text is what the bank says.
    assert_eq!(questions[0].title, "%50% off [html] title");
    assert_eq!(plain(&questions[0].text), "[plain] Which is 10% off?");
    assert!(matches!(questions[0].kind, Type::MultipleChoice(_)));
    assert_eq!(
        answers(&questions[0].kind),
        [
            ("%10% off".to_owned(), 0.0),
            ("[html]".to_owned(), 100.0),
            ("[markdown] shown".to_owned(), 0.0),
            ("[moodle]x".to_owned(), 0.0),
        ]
    );
    assert_eq!(
        plain(&questions[0].feedback),
        "[markdown] Every word shows."
    );
    assert!(matches!(questions[1].kind, Type::MultipleAnswers(_)));
    assert_eq!(
        answers(&questions[1].kind),
        [
            ("%25%".to_owned(), 50.0),
            ("[plain] plain".to_owned(), 50.0),
            ("%5% wrong".to_owned(), -100.0),
        ]
    );
    assert_eq!(plain(&questions[2].text), "%1% open");
    assert_eq!(plain(&questions[2].feedback), "[html] an answer");
    insta::assert_snapshot!(gift);
}

#[test]
fn grades_are_moodles_for_up_to_20_correct_options() {
    let file = quiz::many_correct(&quiz::COUNTS);
    let done = quiz::export(qbank_gift::create, &[&file]).unwrap();
    let questions = reader::read(&String::from_utf8(done.output).unwrap());
    let grades: Vec<Vec<f64>> = questions
        .iter()
        .map(|q| answers(&q.kind).iter().map(|a| a.1).collect())
        .collect();
    let with_wrong = |mut right: Vec<f64>| {
        right.push(-100.0);
        right
    };
    assert_eq!(grades[0], with_wrong(vec![14.28571; 7]));
    assert_eq!(grades[1], with_wrong(vec![11.11111; 9]));
    // 100/11 is no Moodle grade: nine of 10% and two of 5%.
    let mut eleven = vec![10.0; 9];
    eleven.extend([5.0; 2]);
    assert_eq!(grades[2], with_wrong(eleven));
    assert_eq!(grades[3], with_wrong(vec![5.0; 20]));
    for (q, n) in questions.iter().zip(quiz::COUNTS) {
        let sum: f64 = answers(&q.kind)
            .iter()
            .map(|a| a.1)
            .filter(|w| *w > 0.0)
            .sum();
        assert!((sum - 100.0).abs() < 0.001, "{n}: {sum}");
    }
    quiz::assert_one_unequal_warning(&done.warnings, "GIFT");
}

#[test]
fn more_than_20_correct_options_are_refused_naming_the_entry() {
    let file = quiz::many_correct(&[2, 21]);
    let err = quiz::export(qbank_gift::create, &[&file]).unwrap_err();
    let cause = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(
        cause.as_deref(),
        Some(
            "many.md:11: entry 2 (21 correct): 21 correct options: Moodle accepts only its own \
             grades, the smallest 5%, so at most 20 correct options can share 100%"
        )
    );
}

/// The accepted answers of a short-answer question, as Moodle compares
/// them (`\*` is a literal `*`).
fn short_answers(kind: &Type) -> Vec<String> {
    match kind {
        Type::MultipleChoice(answers) if answers.iter().all(|a| a.1 == 100.0) => {
            answers.iter().map(|a| a.0.replace("\\*", "*")).collect()
        }
        other => panic!("not a short-answer question: {other:?}"),
    }
}

/// Every graded fill entry of `file` against the questions read back: one
/// short-answer question per blank, its block where the blank stands, the
/// blank's accepted answers; the other entries one question each.
fn assert_fill_questions(file: &ParsedFile, questions: &[Question]) {
    let mut read = questions.iter();
    for entry in &file.document.entries {
        // An answer with `->` would make Moodle read a matching question.
        let arrow = |f: &qbank_export::quiz::Fill<'_>| f.answers().concat().join("").contains("->");
        let fill = qbank_export::quiz::fill(&file.source.text, entry).filter(|f| !arrow(f));
        let Some(fill) = fill else {
            let q = read.next().unwrap();
            assert_eq!(q.title, entry.title);
            if entry.kind == Kind::Fill {
                assert_eq!(q.kind, Type::Essay, "{}", entry.title);
            }
            continue;
        };
        let count = fill.blanks.len();
        for (i, blank) in fill.blanks.iter().enumerate() {
            let q = read.next().unwrap();
            let title = match count {
                1 => entry.title.clone(),
                _ => format!("{} ({}/{count})", entry.title, i + 1),
            };
            assert_eq!(q.title, title);
            assert_eq!(short_answers(&q.kind), blank.answers, "{title}");
            assert_eq!(q.text.matches("_____").count(), 1, "{}", q.text);
            assert_eq!(q.text.matches("[…]").count(), count - 1, "{}", q.text);
        }
    }
    assert!(read.next().is_none());
}

#[test]
fn fill_entries_are_short_answers_with_the_blank_in_the_text() {
    for path in [
        "fixtures/fill/mixed-exam.md",
        "fixtures/fill/underscores.md",
    ] {
        let file = parsed(path);
        let gift = gift(&[&file]);
        assert_fill_questions(&file, &reader::read(&gift));
        let name = path.rsplit('/').next().unwrap();
        insta::assert_snapshot!(format!("fill_{name}"), gift);
    }
    let exam = parsed("fixtures/fill/mixed-exam.md");
    let questions = reader::read(&gift(&[&exam]));
    // 传输控制协议 或 Transmission Control Protocol: two accepted answers.
    let tcp = questions.iter().find(|q| q.title.contains("TCP")).unwrap();
    assert_eq!(
        plain(&tcp.text),
        "传输层协议 TCP 的全称是_____。",
        "{}",
        tcp.text
    );
    assert_eq!(
        short_answers(&tcp.kind),
        ["传输控制协议", "Transmission Control Protocol"]
    );
}

/// Answers that hold GIFT's reserved characters and
/// what its readers take for a weight or a format.
const FILL_HAZARDS: &str = "# Fill hazards\n\n\
## 1. Reserved\n\n**Question:** Write ____.\n\n**Answer:** a=b ~c #d {e}: f \\ g\n\n\
## 2. Weights\n\n**Question:** Save ____, or ____.\n\n**Answer:** 50%; %50% off\n\n\
## 3. Format\n\n**Question:** The tag ____.\n\n**Answer:** [html]\nAccepted: [plain] x\n\n\
## 4. Arrow\n\n**Question:** Rust's return arrow is ____.\n\n**Answer:** ->\n\n\
## 5. Hint\n\n**Question:** The {{c1::mitochondria::organelle}} makes ATP.\n\n**Analysis:** Most of it.\n\n\
## 6. After\n\n**Question:** Write ____//c and ____[html] d.\n\n**Answer:** a; b\n";

#[test]
fn answers_keep_every_character() {
    let file = qbank_core::parse_bytes(
        "fill.md",
        FILL_HAZARDS.as_bytes().to_vec(),
        &ParseOptions::default(),
    )
    .unwrap();
    let gift = gift(&[&file]);
    let questions = reader::read(&gift);
    assert_fill_questions(&file, &questions);
    let answers: Vec<Vec<String>> = questions
        .iter()
        .filter(|q| q.kind != Type::Essay)
        .map(|q| short_answers(&q.kind))
        .collect();
    assert_eq!(
        answers,
        [
            vec!["a=b ~c #d {e}: f \\ g"],
            vec!["50%"],
            vec!["%50% off"],
            vec!["[html]", "[plain] x"],
            vec!["mitochondria"],
            vec!["a"],
            vec!["b"],
        ],
        "{gift}"
    );
    // `->` makes Moodle read a matching question: an essay instead.
    assert_eq!(questions[4].kind, Type::Essay);
    // The hint follows the blank; the analysis is the general feedback.
    // Text after the block that gift-pegjs would take for a comment or a
    // format is kept text.
    assert!(gift.contains("{=a}<!---->//c"), "{gift}");
    assert!(gift.contains("{=b}<!---->[html] d"), "{gift}");
    let hint = &questions[5];
    assert_eq!(plain(&hint.text), "The _____ (organelle) makes ATP.");
    assert_eq!(plain(&hint.feedback), "Most of it.");
}

/// Each graded kind as GIFT writes it (gift-pegjs reads them back in the
/// root package's platforms test): short answers `{=a =b}`, numbers
/// `{#v:t}` and `{#min..max}`, matchings `{=l -> r = -> distractor}`,
/// orderings as matchings with places; the open entries of each fixture
/// stay essays.
#[test]
fn graded_kinds() {
    for kind in ["short", "numerical", "matching", "ordering"] {
        let file = parsed(&format!("fixtures/graded/{kind}.md"));
        let done = quiz::export(qbank_gift::create, &[&file]).unwrap();
        let gift = String::from_utf8(done.output).unwrap();
        let questions = reader::read(&gift);
        assert_eq!(questions.len(), file.document.entries.len(), "{kind}");
        if kind == "short" {
            // `pwd` is case-sensitive, which GIFT cannot say.
            assert_eq!(done.warnings.len(), 1, "{:?}", done.warnings);
            assert!(
                done.warnings[0].contains("short.md:10: entry 2"),
                "{:?}",
                done.warnings
            );
        } else {
            assert_eq!(done.warnings, Vec::<String>::new(), "{kind}");
        }
        insta::assert_snapshot!(format!("graded_{kind}"), gift);
    }
}
