//! `qbank_fmt::format` on every fixture and on generated banks: idempotent,
//! what each entry says unchanged, and nothing left for `check --fix`.
#![allow(clippy::unwrap_used)]

mod generated;

use qbank_core::{Document, Kind, ParseOptions, Source};
use qbank_fmt::{FmtOptions, format};
use qbank_lint::{Applicability, LintFile, Settings};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn markdown_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

fn every_fixture() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/shapes",
        "fixtures/fill",
        "fixtures/graded",
        "fixtures/corpus",
        "fixtures/fmt",
        "crates/qbank-lint/tests/fixtures",
    ] {
        all.extend(markdown_under(&root().join(dir)));
    }
    assert!(all.len() > 60, "fixtures not found");
    all
}

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.to_owned(),
        text: text.to_owned(),
        ..Source::default()
    }
}

/// What an entry says, read independently of the formatter's own check:
/// title, kind, category, sections (their words, with list numbers and
/// option letters left out), options' words and correct marks.
fn says(text: &str, doc: &Document) -> Vec<String> {
    let words = |s: &str| -> String {
        s.lines()
            .map(|l| {
                let l = l.trim_start();
                let digits = l.bytes().take_while(u8::is_ascii_digit).count();
                match l[digits..].strip_prefix(['.', ')']) {
                    Some(rest) if digits > 0 => rest,
                    _ => l,
                }
            })
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = vec![format!("{:?} {}", doc.shape.marker, doc.entries.len())];
    for e in &doc.entries {
        out.push(format!("{} {:?} {:?}", words(&e.title), e.kind, e.category));
        for s in &e.sections {
            // A choice entry's letters may be relettered: only its options'
            // words and marks are compared.
            let body = if e.kind == Kind::Choice {
                String::new()
            } else {
                words(s.body.slice(text))
            };
            out.push(format!("  {:?}: {body}", s.kind));
        }
        for o in &e.options {
            out.push(format!("  - {} {}", o.correct, words(&o.text)));
        }
    }
    out
}

/// Format `text`; check the result is settled, says the same, and leaves no
/// safe fix to `check --fix`. Returns the formatted text.
fn check_format(path: &str, text: &str) -> String {
    let options = ParseOptions::default();
    let fmt = FmtOptions::default();
    let once = format(&source(path, text), &options, &fmt);
    assert_eq!(
        once.withheld, None,
        "{path}: the safety net held formatting back"
    );
    let twice = format(&source(path, &once.text), &options, &fmt);
    if twice.text != once.text {
        let diff = similar::TextDiff::from_lines(&once.text, &twice.text);
        panic!("{path}: not idempotent:\n{}", diff.unified_diff());
    }
    let before = qbank_core::parse(path, text, &options);
    let after = qbank_core::parse(path, &once.text, &options);
    assert_eq!(says(text, &before), says(&once.text, &after), "{path}");
    let file = qbank_core::ParsedFile {
        source: source(path, &once.text),
        document: after,
    };
    let settings = Settings::default();
    let reports = qbank_lint::lint(&[LintFile {
        file: &file,
        settings: &settings,
    }]);
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let safe = d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe);
        assert!(
            !safe,
            "{path}: fmt left a safe fix: {} {}",
            d.rule.code, d.message
        );
    }
    once.text
}

#[test]
fn every_fixture_formats_settled_the_same_and_clean() {
    for path in every_fixture() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(decoded) = qbank_core::decode(path.display().to_string(), bytes) else {
            continue;
        };
        check_format(&decoded.path, &decoded.text);
    }
}

#[test]
fn the_sample_is_nearly_unchanged() {
    let text = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    let out = check_format("llm-industry.md", &text);
    // Only the blank line at the top and the one at the end go.
    assert_eq!(out, format!("{}\n", text.trim()));
}

#[test]
fn messy_bank_snapshot() {
    let text = std::fs::read_to_string(root().join("fixtures/fmt/messy.md")).unwrap();
    insta::assert_snapshot!(check_format("messy.md", &text));
}

/// Cards keep their layout: no blank line goes between a card's `Q:` and
/// `A:` lines, nor between the lines of a card of several lines, though a
/// card of the file writes them apart.
#[test]
fn messy_card_file_snapshot() {
    let text = std::fs::read_to_string(root().join("fixtures/fmt/cards.md")).unwrap();
    let out = check_format("cards.md", &text);
    for tight in [
        "Q: What is the capital of France?\nA: Paris.\n",
        "of Japan?\nA: Tokyo.\nExplanation:",
        "Q:\nWhat is the capital of Spain?\nA:\nMadrid.\n",
        "Sun?\nA:\n",
    ] {
        assert!(out.contains(tight), "{tight:?} not in:\n{out}");
    }
    insta::assert_snapshot!(out);
}

/// A tidy file of cards, in each card syntax qbank reads, is left as it is.
#[test]
fn tidy_card_files_are_left_as_they_are() {
    for name in [
        "fmt/cards-tidy.md",
        "shapes/flashcards-qa.md",
        "shapes/inline-cards.md",
        "shapes/logseq-cards.md",
        "shapes/mdanki-deck.md",
        "shapes/md2anki-notes.md",
        "fill/obsidian-spaced-repetition.md",
        "fill/obsidian-flashcards.md",
    ] {
        let text = std::fs::read_to_string(root().join("fixtures").join(name)).unwrap();
        let out = check_format(name, &text);
        if out != text {
            let diff = similar::TextDiff::from_lines(&text, &out);
            panic!("{name} changed:\n{}", diff.unified_diff());
        }
    }
}

#[test]
fn configured_styles() {
    let text = "#### 1. A\n\n**题目：** 问？\n\n答案：答。\n\n**Answer:** yes\n";
    let plain = FmtOptions {
        labels: qbank_fmt::LabelStyle::Plain,
        colon: qbank_fmt::ColonStyle::Ascii,
        ..FmtOptions::default()
    };
    let out = format(&source("a.md", text), &ParseOptions::default(), &plain);
    assert_eq!(
        out.text,
        "#### 1. A\n\n题目: 问？\n\n答案:答。\n\nAnswer: yes\n"
    );
    let keep = FmtOptions {
        labels: qbank_fmt::LabelStyle::Keep,
        colon: qbank_fmt::ColonStyle::Keep,
        ..FmtOptions::default()
    };
    let out = format(&source("a.md", text), &ParseOptions::default(), &keep);
    assert_eq!(out.text, text);
}
