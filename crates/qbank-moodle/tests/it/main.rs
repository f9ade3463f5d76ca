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

/// HTML entities decoded, as PHP's `html_entity_decode` does for the ones
/// written here.
fn entity_decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').map(|e| at + e);
        let entity = end.map(|e| &rest[at + 1..e]);
        let decoded = match entity {
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("amp") => Some('&'),
            Some("quot") => Some('"'),
            Some(e) => e
                .strip_prefix('#')
                .and_then(|n| n.parse().ok())
                .and_then(char::from_u32),
            None => None,
        };
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[at + 1..];
            }
        }
    }
    out + rest
}

/// The blanks of a Cloze question text as Moodle's `qtype_multianswer`
/// reads them: each `{1:SHORTANSWER:…}`, its answers cut at `~`, `#` or `}`
/// not after `\` or `&`, entities and `\}`, `\#` decoded; and the text with
/// `_____` for each blank.
fn cloze_blanks(text: &str) -> (Vec<Vec<String>>, String) {
    let mut blanks = Vec::new();
    let mut shown = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("{1:SHORTANSWER:") {
        shown.push_str(&rest[..at]);
        shown.push_str("_____");
        let body = &rest[at + "{1:SHORTANSWER:".len()..];
        let mut answers = Vec::new();
        let mut start = 0;
        let mut end = None;
        for (i, c) in body.char_indices() {
            let before = body[..i].chars().next_back();
            if matches!(c, '~' | '}') && !matches!(before, Some('\\' | '&')) {
                answers.push(&body[start..i]);
                start = i + 1;
                if c == '}' {
                    end = Some(i);
                    break;
                }
            }
        }
        let end = end.expect("the blank closes");
        blanks.push(
            answers
                .iter()
                .map(|a| {
                    let a = a.strip_prefix('=').expect("a right answer");
                    entity_decode(a).replace("\\}", "}").replace("\\#", "#")
                })
                .collect(),
        );
        rest = &body[end + 1..];
    }
    shown.push_str(rest);
    (blanks, shown)
}

/// Moodle's short-answer comparison reads `\*` as a literal `*`.
fn literal(answer: &str) -> String {
    answer.replace("\\*", "*")
}

/// Every fill entry of `file` against the questions read back.
fn assert_fill_questions(file: &ParsedFile, questions: &[Question]) {
    assert_eq!(questions.len(), file.document.entries.len());
    for (entry, q) in file.document.entries.iter().zip(questions) {
        assert_eq!(q.name, entry.title);
        let Some(fill) = qbank_export::quiz::fill(&file.source.text, entry) else {
            if entry.kind == Kind::Fill {
                assert_eq!(q.kind, "essay", "{}", entry.title);
            }
            continue;
        };
        let want: Vec<Vec<String>> = fill.blanks.iter().map(|b| b.answers.clone()).collect();
        if let [one] = want.as_slice() {
            assert_eq!(q.kind, "shortanswer");
            assert!(q.answers.iter().all(|a| a.1 == 100.0));
            let got: Vec<String> = q.answers.iter().map(|a| literal(&a.0)).collect();
            assert_eq!(&got, one, "{}", entry.title);
            assert_eq!(q.text.matches("_____").count(), 1, "{}", q.text);
        } else {
            assert_eq!(q.kind, "cloze");
            let (blanks, _) = cloze_blanks(&q.text);
            let blanks: Vec<Vec<String>> = blanks
                .iter()
                .map(|b| b.iter().map(|a| literal(a)).collect())
                .collect();
            assert_eq!(blanks, want, "{}", entry.title);
        }
    }
}

#[test]
fn fill_entries_are_short_answers_and_clozes() {
    for path in [
        "fixtures/fill/mixed-exam.md",
        "fixtures/fill/underscores.md",
    ] {
        let file = parsed(path);
        let xml = moodle(&[&file]);
        let (_, questions) = read(&xml);
        assert_fill_questions(&file, &questions);
        let name = path.rsplit('/').next().unwrap();
        insta::assert_snapshot!(format!("fill_{name}"), xml);
    }
    let file = parsed("fixtures/fill/mixed-exam.md");
    let (_, questions) = read(&moodle(&[&file]));
    let paging = questions
        .iter()
        .find(|q| q.name.contains("逻辑地址"))
        .unwrap();
    let (blanks, shown) = cloze_blanks(&paging.text);
    assert_eq!(blanks, [["页号"], ["页内偏移"]]);
    assert_eq!(shown, "<p>分页系统中，逻辑地址由_____和_____组成。</p>");
}

/// Answers that hold what would end a Cloze answer early, HTML, and a hint.
const FILL_HAZARDS: &str = "# Fill hazards\n\n\
## 1. Several\n\n**Question:** Write ____ and ____.\n\n**Answer:** a~b #c} R& d\\; x > y \"q\"\n\n\
## 2. One\n\n**Question:** Type ____.\n\n**Answer:** a > b & {x}\nAccepted: a#b\n\n\
## 3. Hint\n\n**Question:** The {{c1::mitochondria::organelle}} makes {{c2::ATP}}.\n\n**Analysis:** Most of it.\n\n\
## 4. Unanswered\n\n**Question:** HTTP runs over ____ and DNS over ____.\n\n**Answer:** TCP\n";

#[test]
fn fill_answers_keep_every_character() {
    let file = qbank_core::parse_bytes(
        "fill.md",
        FILL_HAZARDS.as_bytes().to_vec(),
        &ParseOptions::default(),
    )
    .unwrap();
    let xml = moodle(&[&file]);
    let (_, questions) = read(&xml);
    assert_fill_questions(&file, &questions);
    let kinds: Vec<&str> = questions.iter().map(|q| q.kind.as_str()).collect();
    assert_eq!(kinds, ["cloze", "shortanswer", "cloze", "essay"], "{xml}");
    let (blanks, _) = cloze_blanks(&questions[0].text);
    assert_eq!(blanks, [["a~b #c} R& d\\"], ["x > y \"q\""]], "{xml}");
    let one: Vec<&str> = questions[1].answers.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(one, ["a > b & {x}", "a#b"]);
    let (_, shown) = cloze_blanks(&questions[2].text);
    assert_eq!(shown, "<p>The _____ (organelle) makes _____.</p>");
    assert_eq!(questions[2].feedback, "<p>Most of it.</p>");
}

/// One graded question read back: its type, and the elements that grade it.
fn graded_questions(xml: &str) -> Vec<(String, serde_json::Value)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let text = |n: roxmltree::Node<'_, '_>| {
        n.children()
            .find(|t| t.has_tag_name("text"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_owned()
    };
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.descendants()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    let mut out = Vec::new();
    for q in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("question"))
    {
        let kind = q.attribute("type").unwrap().to_owned();
        if kind == "category" {
            continue;
        }
        let answers: Vec<serde_json::Value> = q
            .children()
            .filter(|a| a.has_tag_name("answer"))
            .map(|a| serde_json::json!([text(a), a.attribute("fraction"), child(a, "tolerance")]))
            .collect();
        let pairs: Vec<(String, String)> = q
            .children()
            .filter(|s| s.has_tag_name("subquestion"))
            .map(|s| {
                (
                    text(s),
                    text(s.children().find(|a| a.has_tag_name("answer")).unwrap()),
                )
            })
            .collect();
        let read = serde_json::json!({
            "answers": answers,
            "pairs": pairs,
            "usecase": child(q, "usecase"),
            "unit": child(q, "unit_name"),
        });
        out.push((kind, read));
    }
    out
}

/// Each graded kind as Moodle XML: `shortanswer` with its accepted answers
/// and case, `numerical` with its value, tolerance and unit, `matching`
/// with its pairs and distractors, `ordering` with its items in order (a
/// matching of places for Moodle before 4.4); the open entries essays.
#[test]
fn graded_kinds() {
    use qbank_export::graded;
    for kind in ["short", "numerical", "matching", "ordering"] {
        let file = parsed(&format!("fixtures/graded/{kind}.md"));
        let xml = moodle(&[&file]);
        let read = graded_questions(&xml);
        assert_eq!(read.len(), file.document.entries.len(), "{kind}");
        for (entry, (qtype, q)) in file.document.entries.iter().zip(&read) {
            let at = format!("{kind}: {}", entry.title);
            let answers = q["answers"].as_array().unwrap();
            if let Some((accepted, case)) = graded::short(entry) {
                assert_eq!(qtype, "shortanswer", "{at}");
                let texts: Vec<&str> = answers.iter().map(|a| a[0].as_str().unwrap()).collect();
                assert_eq!(texts, accepted, "{at}");
                assert_eq!(q["usecase"], if case { "1" } else { "0" }, "{at}");
            } else if let Some((b, unit)) = graded::numerical(entry) {
                assert_eq!(qtype, "numerical", "{at}");
                assert_eq!(
                    answers[0],
                    serde_json::json!([b.value, "100", b.tolerance]),
                    "{at}"
                );
                assert_eq!(q["unit"].as_str(), unit, "{at}");
            } else if let Some(m) = graded::matching(entry) {
                assert_eq!(qtype, "matching", "{at}");
                let mut want: Vec<(String, String)> = m
                    .pairs
                    .iter()
                    .map(|(l, r)| ((*l).to_owned(), (*r).to_owned()))
                    .collect();
                want.extend(m.distractors.iter().map(|d| (String::new(), d.clone())));
                assert_eq!(q["pairs"], serde_json::json!(want), "{at}");
            } else if let Some(items) = graded::ordering(entry) {
                assert_eq!(qtype, "ordering", "{at}");
                let want: Vec<serde_json::Value> = (1..=items.len())
                    .zip(items)
                    .map(|(place, item)| serde_json::json!([item, place.to_string(), null]))
                    .collect();
                assert_eq!(answers, &want, "{at}");
            } else {
                assert_eq!(qtype, "essay", "{at}");
            }
        }
        insta::assert_snapshot!(format!("graded_{kind}"), xml);
    }
}

/// `--moodle-version 4.3`: Moodle before 4.4 has no ordering question in
/// its core, so each ordering is a matching of its items with their places.
#[test]
fn orderings_are_matchings_before_moodle_4_4() {
    let file = parsed("fixtures/graded/ordering.md");
    let mut options = qbank_moodle::MoodleOptions::default();
    options.version = Some("4.3".parse().unwrap());
    let shared = qbank_export::ExportOptions::default();
    let writer = qbank_moodle::create_with(Vec::new(), &shared, &options);
    let mut driver = qbank_export::Driver::new(vec![writer]);
    driver.write_parsed(&file, &[]);
    let done = driver.finish().remove(0).unwrap();
    let xml = String::from_utf8(done.output).unwrap();
    let read = graded_questions(&xml);
    let entry = &file.document.entries[0];
    assert_eq!(read[0].0, "matching", "{}", entry.title);
    let items = qbank_export::graded::ordering(entry).unwrap();
    let want: Vec<(String, String)> = qbank_export::graded::ordering_as_matching(items)
        .into_iter()
        .map(|(item, place)| (item.to_owned(), place))
        .collect();
    assert_eq!(read[0].1["pairs"], serde_json::json!(want));
    assert!(!xml.contains("type=\"ordering\""));
}
