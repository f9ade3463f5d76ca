//! The study page read back with an HTML parser (scraper, on html5ever):
//! one `data-entry` element per entry for every bank qbank has, the correct
//! options of every choice entry marked, nothing that could fetch or run
//! anything in the bank's content, the page's structure and words. The
//! page's behaviour is tested in Chromium (tests/it/browser.rs at the root).
#![allow(clippy::unwrap_used)]

use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::quiz::{Asked, asked};
use qbank_export::{Driver, ExportOptions};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A bank, named by its path from the repository's root (the working
/// folder of every test here, so that images resolve and pages name
/// their documents the same on every machine).
fn parsed(path: &Path) -> ParsedFile {
    try_parsed(path).unwrap()
}

fn try_parsed(path: &Path) -> Option<ParsedFile> {
    static ROOT: std::sync::Once = std::sync::Once::new();
    ROOT.call_once(|| std::env::set_current_dir(root()).unwrap());
    let path = path.strip_prefix(root()).unwrap_or(path);
    let bytes = std::fs::read(path).unwrap();
    let shown = path.to_string_lossy().into_owned();
    qbank_core::parse_bytes(&shown, bytes, &ParseOptions::default()).ok()
}

fn page(files: &[&ParsedFile], several: bool) -> Result<String, String> {
    let mut options = ExportOptions::default();
    options.several = several;
    let mut driver = Driver::new(vec![qbank_html::create(Vec::new(), &options)]);
    for file in files {
        driver.write_parsed(file, &[]);
    }
    match driver.finish().remove(0) {
        Ok(done) => Ok(String::from_utf8(done.output).unwrap()),
        Err(e) => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Err(message)
        }
    }
}

fn select(html: &Html, css: &str) -> usize {
    html.select(&Selector::parse(css).unwrap()).count()
}

/// Every bank in fixtures/ (the corpus's real banks too).
fn banks() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/shapes",
        "fixtures/corpus",
        "fixtures/html",
        "fixtures/fill",
        "fixtures/graded",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") && !path.ends_with("SOURCES.md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_bank_has_one_data_entry_per_entry_and_its_correct_options() {
    let mut checked = 0;
    for path in banks() {
        // Undecodable fixtures are the decoder's tests.
        let Some(file) = try_parsed(&path) else {
            continue;
        };
        let html = match page(&[&file], false) {
            Ok(html) => Html::parse_document(&html),
            // A bank whose images are missing is refused, naming the image.
            Err(e) => {
                assert!(e.contains("image"), "{}: {e}", path.display());
                continue;
            }
        };
        let entries = &file.document.entries;
        assert_eq!(
            select(&html, "[data-entry]"),
            entries.len(),
            "{}",
            path.display()
        );
        assert_eq!(select(&html, "article.entry"), entries.len());
        let articles = Selector::parse("article[data-entry]").unwrap();
        let correct = Selector::parse(".option[data-correct]").unwrap();
        let inputs = Selector::parse(".option input").unwrap();
        for (article, entry) in html.select(&articles).zip(entries) {
            let want = match asked(entry) {
                Asked::Essay => 0,
                _ => entry.options.iter().filter(|o| o.correct).count(),
            };
            assert_eq!(
                article.select(&correct).count(),
                want,
                "{}: {}",
                path.display(),
                entry.title
            );
            let kind = match asked(entry) {
                Asked::Several => Some("checkbox"),
                Asked::Essay => None,
                _ => Some("radio"),
            };
            for input in article.select(&inputs) {
                assert_eq!(input.value().attr("type"), kind);
            }
            if let Some(n) = entry.number {
                assert_eq!(
                    article.value().attr("data-entry"),
                    Some(n.to_string().as_str())
                );
            }
        }
        // The bank's content runs nothing and fetches nothing.
        assert_eq!(
            select(&html, "main script, main iframe, main object, main link"),
            0
        );
        let images = Selector::parse("main img[src]").unwrap();
        for img in html.select(&images) {
            assert!(img.value().attr("src").unwrap().starts_with("data:image/"));
        }
        checked += 1;
    }
    assert!(checked >= 50, "{checked} banks");
}

#[test]
fn the_page_is_self_contained() {
    let file = parsed(&root().join("fixtures/html/study.md"));
    let text = page(&[&file], false).unwrap();
    let html = Html::parse_document(&text);
    let policy = Selector::parse("meta[http-equiv=Content-Security-Policy]").unwrap();
    let policy = html
        .select(&policy)
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap();
    assert!(
        policy.starts_with("default-src 'none'; img-src data:"),
        "{policy}"
    );
    assert_eq!(
        select(&html, "script[src], link, iframe, img:not([src^='data:'])"),
        1
    );
    // The one image without a data: URI is the raw HTML one, without src.
    assert_eq!(select(&html, "img:not([src])"), 1);
    // Remote Markdown images become links; math brings KaTeX, fonts inline.
    assert_eq!(select(&html, "a[href='https://example.com/x.png']"), 1);
    assert!(text.contains("KaTeX_Main") && text.contains("font/woff2;base64,"));
    assert!(!text.contains("url(fonts/"));
    // Tags and groups.
    let doc = Selector::parse("section.document").unwrap();
    let doc = html.select(&doc).next().unwrap();
    assert_eq!(doc.value().attr("data-tags"), Some("algebra\trust"));
    assert_eq!(select(&html, "h3.group"), 2);
    assert!(
        select(
            &html,
            "pre.hl-code span.hl-storage, pre.hl-code span.hl-keyword"
        ) >= 2
    );
}

#[test]
fn pages_without_math_carry_no_katex() {
    let file = parsed(&root().join("fixtures/llm-industry.md"));
    let text = page(&[&file], false).unwrap();
    assert!(
        !text.contains("KaTeX_Main") && !text.contains("font/woff2"),
        "KaTeX only where math is"
    );
    let html = Html::parse_document(&text);
    assert_eq!(select(&html, "html[lang='zh-CN']"), 1);
    let title = Selector::parse("title").unwrap();
    let title: String = html.select(&title).next().unwrap().text().collect();
    assert_eq!(title, "大模型产业化：新商业模式和生态系统");
    assert_eq!(select(&html, "article .answer"), 30);
    assert_eq!(select(&html, "form.options"), 0);
    // A Chinese page's words take full-width colons (`正确答案：B`).
    assert!(text.contains(r#""colon":"："#), "no full-width colon");
}

#[test]
fn several_documents_are_sections_of_one_page() {
    let a = parsed(&root().join("fixtures/html/study.md"));
    let b = parsed(&root().join("fixtures/english-labels.md"));
    let html = Html::parse_document(&page(&[&a, &b], true).unwrap());
    assert_eq!(select(&html, "section.document"), 2);
    assert_eq!(
        select(&html, "section[data-document='2'] [data-entry]"),
        b.document.entries.len()
    );
    let title = Selector::parse("title").unwrap();
    let title: String = html.select(&title).next().unwrap().text().collect();
    assert_eq!(title, "Question bank");
    // Entry anchors are unique across documents.
    let ids: Vec<_> = html
        .select(&Selector::parse("article").unwrap())
        .map(|a| a.value().attr("id").unwrap().to_owned())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn nothing_exported_is_still_a_page() {
    let html = page(&[], false).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert_eq!(select(&Html::parse_document(&html), "[data-entry]"), 0);
}

#[test]
fn entries_as_written_in_the_page() {
    let file = parsed(&root().join("fixtures/html/study.md"));
    let text = page(&[&file], false).unwrap();
    let start = text.find("<main").unwrap();
    let end = text.find("</main>").unwrap();
    insta::assert_snapshot!(&text[start..end]);
}

/// The `<main>` of a bank's page.
fn main_of(path: &str) -> String {
    let file = parsed(&root().join(path));
    let text = page(&[&file], false).unwrap();
    let start = text.find("<main").unwrap();
    let end = text.find("</main>").unwrap();
    text[start..end].to_owned()
}

#[test]
fn fill_entries_of_an_exam_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/fill/mixed-exam.md"));
}

#[test]
fn cloze_entries_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/fill/cloze.md"));
}

#[test]
fn every_answered_blank_is_an_input_with_its_answers() {
    for path in banks() {
        let Some(file) = try_parsed(&path) else {
            continue;
        };
        let Ok(text) = page(&[&file], false) else {
            continue;
        };
        let html = Html::parse_document(&text);
        let articles = Selector::parse("article[data-entry]").unwrap();
        let inputs = Selector::parse(".blank input[type=text]").unwrap();
        for (article, entry) in html.select(&articles).zip(&file.document.entries) {
            let answered = entry.kind == qbank_core::Kind::Fill
                && !entry.blanks.is_empty()
                && entry.blanks.iter().all(|b| !b.answers.is_empty());
            let found: Vec<_> = article.select(&inputs).collect();
            let want = if answered { entry.blanks.len() } else { 0 };
            assert_eq!(found.len(), want, "{}: {}", path.display(), entry.title);
            for (input, blank) in found.iter().zip(&entry.blanks) {
                let answers: Vec<String> =
                    serde_json::from_str(input.value().attr("data-answers").unwrap()).unwrap();
                assert_eq!(answers, blank.answers);
                let form = input.value().attr("form").unwrap();
                let form = Selector::parse(&format!("form.blanks#{form}")).unwrap();
                assert_eq!(article.select(&form).count(), 1);
            }
        }
    }
}

#[test]
fn answers_and_hints_are_text_never_markup() {
    // Answers and a hint that would be markup, or leave an attribute,
    // were they written as they are.
    let md = "# Hostile\n\n## 1. Tags\n\nA {{c1::1 < 2 && 3 > 2::\"><b onclick=alert(1)>x}} and {{c2::a\" onfocus=\"alert(3)}}.\n";
    let file = qbank_core::ParsedFile {
        document: qbank_core::parse("hostile.md", md, &ParseOptions::default()),
        source: qbank_core::Source {
            path: "hostile.md".to_owned(),
            text: md.to_owned(),
            ..qbank_core::Source::default()
        },
    };
    let blanks = &file.document.entries[0].blanks;
    let text = page(&[&file], false).unwrap();
    let html = Html::parse_document(&text);
    assert_eq!(select(&html, ".blank input"), 2, "{blanks:?}");
    assert_eq!(
        select(&html, "main script, main b, [onclick], [onfocus]"),
        0
    );
    let input = Selector::parse(".blank input").unwrap();
    for (input, blank) in html.select(&input).zip(blanks) {
        let answers: Vec<String> =
            serde_json::from_str(input.value().attr("data-answers").unwrap()).unwrap();
        assert_eq!(answers, blank.answers);
        assert_eq!(input.value().attr("placeholder"), blank.hint.as_deref());
    }
    let key = Selector::parse(".blank .key").unwrap();
    let keys: Vec<String> = html.select(&key).map(|k| k.text().collect()).collect();
    assert_eq!(
        keys,
        [blanks[0].answers[0].as_str(), blanks[1].answers[0].as_str()]
    );
}

#[test]
fn a_fill_entry_whose_blank_is_not_answered_stays_open() {
    let main = main_of("fixtures/fill/underscores.md");
    let html = Html::parse_fragment(&main);
    // Q4: two blanks, three answers; Q5: `__init__` in code is no blank.
    assert_eq!(select(&html, "#e1-4 .blank, #e1-4 form, #e1-5 .blank"), 0);
    assert_eq!(select(&html, "#e1-3 .blank input[size]"), 1);
}

#[test]
fn a_title_read_from_a_cloze_does_not_give_its_answers_away() {
    let mut checked = 0;
    for path in banks() {
        let Some(file) = try_parsed(&path) else {
            continue;
        };
        let Ok(text) = page(&[&file], false) else {
            continue;
        };
        let html = Html::parse_document(&text);
        let articles = Selector::parse("article[data-entry]").unwrap();
        let title = Selector::parse("h4.title").unwrap();
        for (article, entry) in html.select(&articles).zip(&file.document.entries) {
            let clozes = entry.blanks.iter().any(|b| b.style.holds_answer());
            if entry.marker.is_heading() || !clozes || article.select(&title).count() != 1 {
                continue;
            }
            let Some(h4) = article.select(&title).next() else {
                continue;
            };
            // The title's own text, its blanks (inputs and keys) aside.
            let own: String = h4
                .descendants()
                .filter_map(|n| n.value().as_text().map(|t| (n, t)))
                .filter(|(n, _)| {
                    !n.ancestors().any(|a| {
                        a.value().as_element().is_some_and(|e| {
                            e.has_class("blank", scraper::CaseSensitivity::CaseSensitive)
                        })
                    })
                })
                .map(|(_, t)| t.to_string())
                .collect();
            for blank in &entry.blanks {
                for answer in &blank.answers {
                    assert!(
                        !own.contains(answer.as_str()),
                        "{}: the title {own:?} shows {answer:?}",
                        path.display()
                    );
                }
            }
            checked += 1;
        }
    }
    eprintln!("{checked} titles of cloze entries checked");
}

#[test]
fn short_answer_entries_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/graded/short.md"));
}

#[test]
fn numerical_entries_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/graded/numerical.md"));
}

#[test]
fn matching_entries_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/graded/matching.md"));
}

#[test]
fn ordering_entries_in_the_page() {
    insta::assert_snapshot!(main_of("fixtures/graded/ordering.md"));
}

fn attr<'a>(element: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    element.value().attr(name).unwrap_or_default()
}

/// What an ordering's items are, in the order the page shows them.
fn shown_items(form: &scraper::ElementRef<'_>) -> Vec<usize> {
    let items = Selector::parse(".order > li").unwrap();
    form.select(&items)
        .map(|li| attr(&li, "data-item").parse().unwrap())
        .collect()
}

#[test]
fn every_graded_entry_is_a_form_checked_against_its_model() {
    let forms = Selector::parse("form.graded").unwrap();
    let articles = Selector::parse("article[data-entry]").unwrap();
    let mut kinds = std::collections::BTreeMap::new();
    for path in banks() {
        let Some(file) = try_parsed(&path) else {
            continue;
        };
        let Ok(text) = page(&[&file], false) else {
            continue;
        };
        let html = Html::parse_document(&text);
        for (article, entry) in html.select(&articles).zip(&file.document.entries) {
            let found: Vec<_> = article.select(&forms).collect();
            let how = asked(entry);
            let graded = matches!(
                how,
                Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering
            );
            assert_eq!(
                found.len(),
                usize::from(graded),
                "{}: {}",
                path.display(),
                entry.title
            );
            let Some(form) = found.first() else {
                continue;
            };
            assert_eq!(attr(form, "data-graded"), entry.kind.as_str());
            *kinds.entry(entry.kind.as_str()).or_insert(0) += 1;
            graded_form_holds(form, entry);
        }
    }
    let counted: Vec<_> = kinds.into_iter().collect();
    assert_eq!(
        counted,
        [
            ("matching", 3),
            ("numerical", 6),
            ("ordering", 4),
            ("short", 3)
        ]
    );
}

/// A graded form holds what the quiz formats grade: the accepted answers,
/// the bounds in decimal, the pairs' right items among every right-hand
/// item, the ordering's items out of order.
fn graded_form_holds(form: &scraper::ElementRef<'_>, entry: &qbank_core::Entry) {
    let input = Selector::parse(".typed input").unwrap();
    let selects = Selector::parse("select").unwrap();
    let option = Selector::parse("option").unwrap();
    match asked(entry) {
        Asked::Short => {
            let (accepted, case) = qbank_export::graded::short(entry).unwrap();
            let input = form.select(&input).next().unwrap();
            let answers: Vec<String> = serde_json::from_str(attr(&input, "data-answers")).unwrap();
            assert_eq!(answers, accepted);
            assert_eq!(input.value().attr("data-case-sensitive").is_some(), case);
        }
        Asked::Numerical => {
            let (bounds, unit) = qbank_export::graded::numerical(entry).unwrap();
            let input = form.select(&input).next().unwrap();
            assert_eq!(attr(&input, "data-min"), bounds.min);
            assert_eq!(attr(&input, "data-max"), bounds.max);
            assert_eq!(input.value().attr("data-unit"), unit);
        }
        Asked::Matching => {
            let m = qbank_export::graded::matching(entry).unwrap();
            let lists: Vec<_> = form.select(&selects).collect();
            assert_eq!(lists.len(), m.pairs.len());
            for (list, (_, right)) in lists.iter().zip(&m.pairs) {
                let texts: Vec<(String, String)> = list
                    .select(&option)
                    .map(|o| (attr(&o, "value").to_owned(), o.text().collect()))
                    .collect();
                // The empty choice, then each right-hand item once.
                assert_eq!(texts.len(), 1 + m.pairs.len() + m.distractors.len());
                let answer = attr(list, "data-answer");
                let chosen = texts.iter().find(|(v, _)| v == answer).unwrap();
                assert_eq!(chosen.1, *right);
            }
        }
        Asked::Ordering => {
            let items = qbank_export::graded::ordering(entry).unwrap();
            let shown = shown_items(form);
            assert_eq!(shown.len(), items.len());
            assert!(!shown.iter().copied().eq(0..items.len()), "{shown:?}");
        }
        _ => unreachable!(),
    }
}

#[test]
fn a_graded_page_is_the_same_on_every_export() {
    let file = parsed(&root().join("fixtures/graded/ordering.md"));
    assert_eq!(page(&[&file], false), page(&[&file], false));
}

#[test]
fn a_chinese_page_says_its_graded_words_in_chinese() {
    let md = "# 题库\n\n## 一、排序题\n\n### 1. 请排列 TCP 三次握手的步骤。\n\n**答案：** SYN → SYN-ACK → ACK\n\n## 二、连线题\n\n### 2. 将协议与层配对。\n\n**答案：**\n\n| 协议 | 层 |\n| --- | --- |\n| TCP | 传输层 |\n| IP | 网络层 |\n";
    let file = qbank_core::ParsedFile {
        document: qbank_core::parse("题库.md", md, &ParseOptions::default()),
        source: qbank_core::Source {
            path: "题库.md".to_owned(),
            text: md.to_owned(),
            ..qbank_core::Source::default()
        },
    };
    let kinds: Vec<_> = file.document.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [qbank_core::Kind::Ordering, qbank_core::Kind::Matching]
    );
    let html = Html::parse_document(&page(&[&file], false).unwrap());
    assert_eq!(select(&html, "html[lang='zh-CN']"), 1);
    assert_eq!(
        select(&html, "ol.order[aria-label='各项（按你的顺序）']"),
        1
    );
    assert_eq!(select(&html, ".move[aria-label='上移：SYN']"), 1);
    assert_eq!(select(&html, "form.graded select option[value='']"), 2);
    let choose = Selector::parse("form.graded select option[value='']").unwrap();
    let choose: String = html.select(&choose).next().unwrap().text().collect();
    assert_eq!(choose, "请选择…");
    let key = Selector::parse(".order ~ p.key").unwrap();
    let key: String = html.select(&key).next().unwrap().text().collect();
    assert_eq!(key, "正确答案：SYN → SYN-ACK → ACK");
}
