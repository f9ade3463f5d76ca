//! The QTI package opened (zip) and its XML read back (roxmltree): the
//! manifest lists one assessment per document; each item's Canvas
//! `question_type` and the `varequal` conditions name the right answers.
#![allow(clippy::unwrap_used)]

use qbank_core::{Kind, ParseOptions, ParsedFile};
use qbank_export::quiz::truth;
use qbank_export::{Driver, ExportOptions};
use std::io::Read;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parsed(path: &str) -> ParsedFile {
    let bytes = std::fs::read(root().join(path)).unwrap();
    qbank_core::parse_bytes(path, bytes, &ParseOptions::default()).unwrap()
}

fn qti(files: &[&ParsedFile]) -> Vec<(String, String)> {
    let mut driver = Driver::new(vec![qbank_qti::create(
        Vec::new(),
        &ExportOptions::default(),
    )]);
    for file in files {
        driver.write_parsed(file, &[]);
    }
    let bytes = driver.finish().remove(0).unwrap().output;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files: Vec<(String, String)> = (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().to_owned(), text)
        })
        .collect();
    // The manifest ends the zip (written once every document is in; the
    // order of a zip's files means nothing to importers): first here.
    assert_eq!(files.last().unwrap().0, "imsmanifest.xml");
    files.rotate_right(1);
    files
}

struct Item {
    title: String,
    question_type: String,
    text: String,
    /// (ident, text) of each response label.
    labels: Vec<(String, String)>,
    /// Labels named by `varequal` outside a `not`.
    correct: Vec<String>,
    feedback: String,
}

fn items(xml: &str) -> (String, Vec<Item>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let assessment = doc
        .descendants()
        .find(|n| n.has_tag_name("assessment"))
        .unwrap();
    let title = assessment.attribute("title").unwrap().to_owned();
    let items = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let field = |label: &str| {
                item.descendants()
                    .filter(|n| n.has_tag_name("qtimetadatafield"))
                    .find(|f| {
                        f.descendants()
                            .any(|c| c.has_tag_name("fieldlabel") && c.text() == Some(label))
                    })
                    .and_then(|f| f.descendants().find(|c| c.has_tag_name("fieldentry")))
                    .and_then(|e| e.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            let mattext = |n: roxmltree::Node<'_, '_>| {
                n.descendants()
                    .find(|c| c.has_tag_name("mattext"))
                    .and_then(|m| m.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            let presentation = item
                .children()
                .find(|c| c.has_tag_name("presentation"))
                .unwrap();
            let labels = item
                .descendants()
                .filter(|n| {
                    n.has_tag_name("response_label") && n.attribute("ident") != Some("answer1")
                })
                .map(|l| (l.attribute("ident").unwrap().to_owned(), mattext(l)))
                .collect();
            let correct = item
                .descendants()
                .filter(|n| n.has_tag_name("varequal"))
                .filter(|n| !n.ancestors().any(|a| a.has_tag_name("not")))
                .map(|n| n.text().unwrap().to_owned())
                .collect();
            let feedback = item
                .children()
                .find(|c| {
                    c.has_tag_name("itemfeedback") && c.attribute("ident") == Some("general_fb")
                })
                .map(mattext)
                .unwrap_or_default();
            Item {
                title: item.attribute("title").unwrap().to_owned(),
                question_type: field("question_type"),
                text: presentation
                    .children()
                    .find(|c| c.has_tag_name("material"))
                    .map(mattext)
                    .unwrap(),
                labels,
                correct,
                feedback,
            }
        })
        .collect();
    (title, items)
}

#[test]
fn the_package_and_the_sample() {
    let sample = parsed("fixtures/llm-industry.md");
    let files = qti(&[&sample]);
    assert_eq!(files[0].0, "imsmanifest.xml");
    let manifest = roxmltree::Document::parse(&files[0].1).unwrap();
    let hrefs: Vec<&str> = manifest
        .descendants()
        .filter(|n| n.has_tag_name("resource") && n.attribute("type") == Some("imsqti_xmlv1p2"))
        .filter_map(|r| {
            r.descendants()
                .find(|f| f.has_tag_name("file"))
                .and_then(|f| f.attribute("href"))
        })
        .collect();
    assert_eq!(hrefs, [files[1].0.as_str()]);
    let (title, items) = items(&files[1].1);
    assert_eq!(title, "大模型产业化：新商业模式和生态系统");
    assert_eq!(items.len(), 30);
    for (item, entry) in items.iter().zip(&sample.document.entries) {
        assert_eq!(item.question_type, "essay_question");
        assert_eq!(item.title, entry.title);
        assert!(
            item.feedback.contains("<ol>"),
            "answer and analysis as general feedback"
        );
    }
    assert!(items[1].text.starts_with("<p>请简要介绍"));
}

#[test]
fn choice_items_name_their_correct_answers() {
    for path in [
        "fixtures/shapes/choice-keys.md",
        "fixtures/shapes/choice-task-lists.md",
        "fixtures/shapes/choice-more.md",
        "fixtures/corpus/zh_lydiahallie-js-questions_README-zh_CN.md",
    ] {
        let file = parsed(path);
        let files = qti(&[&file]);
        let (_, items) = items(&files[1].1);
        assert_eq!(items.len(), file.document.entries.len(), "{path}");
        for (item, entry) in items.iter().zip(&file.document.entries) {
            let correct: Vec<usize> = entry
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| i)
                .collect();
            let named: Vec<usize> = item
                .correct
                .iter()
                .map(|id| item.labels.iter().position(|l| &l.0 == id).unwrap())
                .collect();
            match item.question_type.as_str() {
                "true_false_question" => {
                    let said_true = entry
                        .options
                        .iter()
                        .any(|o| o.correct && truth(o) == Some(true));
                    assert_eq!(
                        item.labels[named[0]].1 == "True",
                        said_true,
                        "{path}: {}",
                        entry.title
                    );
                }
                "multiple_choice_question" | "multiple_answers_question" => {
                    assert_eq!(entry.kind, Kind::Choice);
                    assert_eq!(named, correct, "{path}: {}", entry.title);
                    assert_eq!(
                        item.question_type == "multiple_answers_question",
                        correct.len() > 1
                    );
                }
                "essay_question" => assert!(correct.is_empty(), "{path}: {}", entry.title),
                other => panic!("{other}"),
            }
        }
    }
}

#[test]
fn one_assessment_per_document() {
    let a = parsed("fixtures/shapes/choice-keys.md");
    let b = parsed("fixtures/llm-industry.md");
    let files = qti(&[&a, &b]);
    let xml_files: Vec<&(String, String)> =
        files.iter().filter(|f| f.0 != "imsmanifest.xml").collect();
    assert_eq!(xml_files.len(), 2);
    assert_eq!(items(&xml_files[0].1).0, "操作系统练习");
}

/// Each `response_lid` of an item: its ident and the texts of the labels
/// that a `varequal` on it names with a positive score.
fn blanks(xml: &str, title: &str) -> Vec<(String, Vec<String>)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let item = doc
        .descendants()
        .find(|n| n.has_tag_name("item") && n.attribute("title") == Some(title))
        .unwrap();
    let text_of = |id: &str| {
        item.descendants()
            .find(|l| l.has_tag_name("response_label") && l.attribute("ident") == Some(id))
            .and_then(|l| l.descendants().find(|m| m.has_tag_name("mattext")))
            .and_then(|m| m.text())
            .unwrap()
            .to_owned()
    };
    item.descendants()
        .filter(|n| n.has_tag_name("response_lid"))
        .map(|lid| {
            let ident = lid.attribute("ident").unwrap();
            let right = item
                .descendants()
                .filter(|c| c.has_tag_name("respcondition"))
                .filter(|c| {
                    c.descendants()
                        .any(|s| s.has_tag_name("setvar") && s.text().unwrap() != "0")
                })
                .flat_map(|c| c.descendants().filter(|v| v.has_tag_name("varequal")))
                .filter(|v| v.attribute("respident") == Some(ident))
                .map(|v| text_of(v.text().unwrap()))
                .collect();
            (ident.to_owned(), right)
        })
        .collect()
}

/// Every fill entry of `file` against its item: a graded one is
/// `fill_in_multiple_blanks_question` with `[blankN]` in its text and each
/// blank's accepted answers; one with an unanswered blank an essay.
fn assert_fill_items(file: &ParsedFile, xml: &str) {
    let (_, items) = items(xml);
    assert_eq!(items.len(), file.document.entries.len());
    for (item, entry) in items.iter().zip(&file.document.entries) {
        let Some(fill) = qbank_export::quiz::fill(&file.source.text, entry) else {
            if entry.kind == Kind::Fill {
                assert_eq!(item.question_type, "essay_question", "{}", entry.title);
            }
            continue;
        };
        assert_eq!(item.question_type, "fill_in_multiple_blanks_question");
        let want: Vec<(String, Vec<String>)> = fill
            .blanks
            .iter()
            .zip(1..)
            .map(|(b, k)| (format!("response_blank{k}"), b.answers.clone()))
            .collect();
        assert_eq!(blanks(xml, &entry.title), want, "{}", entry.title);
        for k in 1..=want.len() {
            assert_eq!(item.text.matches(&format!("[blank{k}]")).count(), 1);
        }
    }
}

#[test]
fn fill_entries_are_fill_in_multiple_blanks() {
    for path in [
        "fixtures/fill/mixed-exam.md",
        "fixtures/fill/underscores.md",
    ] {
        let file = parsed(path);
        let files = qti(&[&file]);
        assert_fill_items(&file, &files[1].1);
        let name = path.rsplit('/').next().unwrap();
        insta::assert_snapshot!(format!("fill_{name}"), files[1].1);
    }
    let file = parsed("fixtures/fill/mixed-exam.md");
    let files = qti(&[&file]);
    let (_, items) = items(&files[1].1);
    let tcp = items.iter().find(|i| i.title.contains("TCP")).unwrap();
    assert_eq!(tcp.text, "<p>传输层协议 TCP 的全称是[blank1]。</p>");
    assert_eq!(
        blanks(&files[1].1, &tcp.title),
        [(
            "response_blank1".to_owned(),
            vec![
                "传输控制协议".to_owned(),
                "Transmission Control Protocol".to_owned()
            ]
        )]
    );
}

#[test]
fn fill_answers_and_hints_keep_every_character() {
    let text = "# Fill\n\n## 1. Markup\n\n**Question:** Type ____ and ____.\n\n**Answer:** a > b & c; \"q\" ]]> x\n\n\
                ## 2. Hint\n\n**Question:** The {{c1::mitochondria::a > b & c}} makes ATP.\n\n**Analysis:** Most of it.\n";
    let file = qbank_core::parse_bytes("f.md", text.as_bytes().to_vec(), &ParseOptions::default())
        .unwrap();
    let files = qti(&[&file]);
    assert_fill_items(&file, &files[1].1);
    let (_, items) = items(&files[1].1);
    assert_eq!(
        items[1].text,
        "<p>The [blank1] (a &gt; b &amp; c) makes ATP.</p>"
    );
    assert_eq!(items[1].feedback, "<p>Most of it.</p>");
}

/// The graded kinds as Canvas's own types: a short answer's accepted
/// answers each scored, a number's unit after its text, matchings and
/// orderings as `matching_question`; an entry that cannot be graded an
/// essay. A snapshot of each fixture.
#[test]
fn graded_entries_are_canvas_types() {
    use qbank_export::quiz::{Asked, asked};
    for kind in ["short", "numerical", "matching", "ordering"] {
        let path = format!("fixtures/graded/{kind}.md");
        let file = parsed(&path);
        let files = qti(&[&file]);
        let (_, items) = items(&files[1].1);
        assert_eq!(items.len(), file.document.entries.len(), "{path}");
        for (item, entry) in items.iter().zip(&file.document.entries) {
            let want = match asked(entry) {
                Asked::Short => "short_answer_question",
                Asked::Numerical => "numerical_question",
                Asked::Matching | Asked::Ordering => "matching_question",
                Asked::Essay => "essay_question",
                other => panic!("{path}: {other:?}"),
            };
            assert_eq!(item.question_type, want, "{path}: {}", entry.title);
            if let Some((accepted, _)) = qbank_export::graded::short(entry) {
                assert_eq!(item.correct, accepted, "{}", entry.title);
            }
            if let Some((_, Some(unit))) = qbank_export::graded::numerical(entry) {
                assert!(
                    item.text.ends_with(&format!("<p>({unit})</p>")),
                    "{}",
                    item.text
                );
            }
        }
        insta::assert_snapshot!(format!("graded_{kind}"), files[1].1);
    }
}
