//! One fixture per rule (`tests/fixtures/<rule-name>.md`): a snapshot of its
//! diagnostics, of what `--fix` does to it, and of what remains. The harness
//! re-lints after fixing and fails if the fixes do not converge.
#![allow(clippy::unwrap_used)]

use qbank_core::{LineIndex, ParseOptions, ParsedFile};
use qbank_lint::{
    Applicability, Diagnostic, FixFile, LintFile, RULES, Settings, apply_fixes, lint, lint_fix,
};
use std::fmt::Write as _;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn parse(name: &str, text: &str) -> ParsedFile {
    qbank_core::parse_bytes(name, text.as_bytes().to_vec(), &ParseOptions::default()).unwrap()
}

fn diagnostics(file: &ParsedFile) -> Vec<Diagnostic> {
    let settings = Settings::default();
    lint(&[LintFile {
        file,
        settings: &settings,
    }])
    .remove(0)
    .diagnostics
}

fn describe(file: &ParsedFile, diagnostics: &[Diagnostic]) -> String {
    let text = &file.source.text;
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let (line, col) = index.line_col(text, d.span.start);
        let _ = writeln!(
            out,
            "{line}:{col} {} {} {}: {}",
            d.rule.code,
            d.rule.name,
            d.severity.as_str(),
            d.message
        );
        let _ = writeln!(out, "    at: {:?}", d.span.slice(text));
        if !d.label.is_empty() {
            let _ = writeln!(out, "    label: {}", d.label);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
        for rel in &d.related {
            let (l, c) = index.line_col(text, rel.span.start);
            let _ = writeln!(out, "    related {l}:{c}: {}", rel.message);
        }
        if let Some(fix) = &d.fix {
            let kind = match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            };
            let _ = writeln!(out, "    fix ({kind}): {}", fix.message);
        }
    }
    out
}

/// Fix until nothing changes, as `qbank check --fix` does
/// ([`lint_fix`]); returns the text and how many fixes were applied.
fn fix_to_convergence(name: &str, text: &str) -> (String, usize) {
    let mut files = [FixFile::new(
        parse(name, text),
        Settings::default(),
        ParseOptions::default(),
    )];
    let run = lint_fix(&mut files, false);
    assert!(run.converged, "{name}: fixes do not converge");
    let [file] = files;
    (file.file.source.text, run.applied)
}

fn check_fixture(name: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let file = parse(name, &text);
    let found = diagnostics(&file);
    let mut snapshot = format!("diagnostics:\n{}", describe(&file, &found));
    let (fixed, rounds) = fix_to_convergence(name, &text);
    if rounds > 0 {
        let diff = similar::TextDiff::from_lines(text.as_str(), fixed.as_str());
        let _ = write!(
            snapshot,
            "\nafter --fix:\n{}",
            diff.unified_diff()
                .context_radius(1)
                .header("before", "after")
        );
        // Converged: one more fix changes nothing, and no safe fix is left.
        let again = parse(name, &fixed);
        let left = diagnostics(&again);
        assert_eq!(
            apply_fixes(&fixed, &left, false).text,
            fixed,
            "{name}: fix is not idempotent"
        );
        assert!(
            left.iter().all(|d| d
                .fix
                .as_ref()
                .is_none_or(|f| f.applicability != Applicability::Safe)),
            "{name}: a safe fix remains after fixing"
        );
        let _ = write!(
            snapshot,
            "\nremaining after --fix:\n{}",
            describe(&again, &left)
        );
    }
    snapshot
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it() {
    for rule in RULES {
        let name = format!("{}.md", rule.name);
        let path = fixtures().join(&name);
        assert!(
            path.exists(),
            "no fixture for {}: add tests/fixtures/{name}",
            rule.name
        );
        let text = std::fs::read_to_string(path).unwrap();
        let found = diagnostics(&parse(&name, &text));
        assert!(
            found.iter().any(|d| d.rule.code == rule.code),
            "the fixture of {} does not trigger it",
            rule.name
        );
    }
}

#[test]
fn rule_fixtures() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    for name in names {
        let snapshot = check_fixture(&name);
        insta::assert_snapshot!(name.trim_end_matches(".md"), snapshot);
    }
}

#[test]
fn fixes_keep_working_on_the_sample_and_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = vec![root.join("llm-industry.md")];
    for entry in std::fs::read_dir(root.join("corpus")).unwrap() {
        paths.push(entry.unwrap().path());
    }
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Linting never panics, and fixing converges.
        let _ = diagnostics(&parse(&name, &text));
        let _ = fix_to_convergence(&name, &text);
    }
}

/// On the real banks of `fixtures/corpus/`, every finding left is a real
/// defect of the bank (SOURCES.md lists them): haizlin's 84 questions whose
/// answers live elsewhere (one finding for the pattern, the other 83 its
/// related locations), mdanki's empty last card, the placeholder
/// answers of trimstray ("To be completed.") and theory.md ("Answer
/// here"), and an empty list item in lydiahallie. Nothing about the shapes
/// themselves is reported.
#[test]
fn corpus_findings_are_real_defects() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let expected: [(&str, &[(&str, usize)]); 12] = [
        (
            "zh_lydiahallie-js-questions_README-zh_CN.md",
            &[("empty-list-item", 1)],
        ),
        (
            "zh_haizlin-fe-interview_category-nodejs.md",
            &[("missing-answer", 1)],
        ),
        ("zh-en_halfrost-leetcode-go_0146-LRU-Cache.md", &[]),
        (
            "en_trimstray-sysadmin-skills_README.md",
            &[("placeholder-text", 33)],
        ),
        (
            "en_alexeygrigorev-ds-interviews_theory.md",
            &[("placeholder-text", 14)],
        ),
        ("en_alexeygrigorev-ds-interviews_technical.md", &[]),
        ("en_30s-interviews_event-delegation.md", &[]),
        ("anki_mdanki_simple.md", &[("missing-answer", 1)]),
        ("anki_mdanki_complex.md", &[]),
        ("anki_md2anki_basic_example.md", &[]),
        ("anki_md2anki_code_example.md", &[]),
        ("anki_md2anki_table_example.md", &[]),
    ];
    for (name, rules) in expected {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        let found = diagnostics(&parse(name, &text));
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for d in &found {
            *counts.entry(d.rule.name).or_default() += 1;
        }
        let expected: std::collections::BTreeMap<&str, usize> = rules.iter().copied().collect();
        assert_eq!(counts, expected, "{name}");
    }
}

/// Where most entries of a file trip the same reading rule, one finding
/// names the pattern, the other places its related locations.
#[test]
fn many_alike_are_one_finding() {
    let mut md = String::from("# Bank\n\n");
    for n in 1..=6 {
        md.push_str(&format!(
            "## {n}. Topic {n}\n\n**Question:** What is {n}?\n\n"
        ));
    }
    md.push_str("## 7. Topic 7\n\n**Question:** What is 7?\n\n**Answer:** Seven.\n");
    let found = diagnostics(&parse("bank.md", &md));
    let missing: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.rule.name == "missing-answer")
        .collect();
    assert_eq!(missing.len(), 1, "{found:#?}");
    assert!(
        missing[0]
            .message
            .contains("5 more entries like it (6 of 7)"),
        "{}",
        missing[0].message
    );
    assert_eq!(missing[0].related.len(), 5);
}

/// An entry read as a guess (a heading that asks among quiz questions)
/// gets no finding that depends on its reading.
#[test]
fn guesses_get_no_reading_findings() {
    let md = "# Quiz\n\n## What is Rust?\n\n**1.** Which is safe?\n\n- a) C\n- b) **Rust**\n\n\
              **2.** Which is old?\n\n- a) **C**\n- b) Rust\n\n**3.** Which is new?\n\n\
              - a) C\n- b) **Rust**\n\n**4.** Which has a borrow checker?\n\n- a) C\n- b) **Rust**\n\n\
              ## Why is Rust safe?\n\nSee [the book](https://example.com).\n\n\
              ## Why is Rust safe?\n\nOwnership.\n";
    let file = parse("quiz.md", md);
    let doc = &file.document;
    let guesses = doc
        .entries
        .iter()
        .filter(|e| {
            qbank_core::assess(&file.source.text, doc, e).level == qbank_core::Confidence::Guess
        })
        .count();
    assert!(guesses >= 2, "{:#?}", doc.entries);
    let found = diagnostics(&file);
    assert!(
        found.iter().all(|d| d.rule.name != "duplicate-title"),
        "{found:#?}"
    );
}
