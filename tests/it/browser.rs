//! The study page (`--to html`) in a real browser: headless Chromium, driven
//! by selenium (tests/it/browser.py), opens each page from disk and uses
//! it: entries shown, answers hidden then revealed, a choice answered right
//! and one wrong and scored, blanks filled in right and wrong and scored,
//! short-answer, numerical, matching and ordering entries answered right
//! and wrong (buttons and keys to order) and scored, progress kept over a
//! reload, keys, search,
//! themes, print, math; no request and no console message. Screenshots at
//! a desktop and a phone width are left in `target/tmp/study-page/`.

use crate::util::{qbank, root, succeed};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The Python with selenium (the test is ignored where it or Chromium is
/// missing, outside CI: see build.rs).
fn python() -> String {
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let ok = Command::new(&python)
        .args(["-c", "import selenium"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "selenium is not installed for {python}: pip install selenium, or set QBANK_PYTHON"
    );
    python
}

/// Export `inputs` to a page and use it in Chromium: the script's report.
fn drive(name: &str, inputs: &[&str]) -> Value {
    let python = python();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("study-page");
    std::fs::create_dir_all(&shots).unwrap();
    let page = shots.join(format!("{name}.html"));
    succeed(
        qbank()
            .arg("export")
            .args(inputs.iter().map(|i| root().join(i)))
            .args(["--to", "html", "-q", "-o"])
            .arg(&page),
    );
    let out = Command::new(python)
        .arg(root().join("tests/it/browser.py"))
        .arg(&page)
        .arg(&shots)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "browser.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{name}: {report:#}");
    report
}

/// What every page must do.
fn common(report: &Value, entries: u64) {
    assert_eq!(report["entries"], entries, "one data-entry per entry");
    assert_eq!(report["articles"], entries);
    assert_eq!(report["ready"], true, "the script ran to its end");
    let width = report["main_width"].as_f64().unwrap();
    assert!(
        width >= 600.0,
        "the entries take the page's width at 1280 px: {width}"
    );
    // Small banks list every entry in the contents (and documents, groups).
    if entries <= 500 {
        assert!(
            report["toc_links"].as_u64().unwrap() > entries,
            "{report:#}"
        );
    }
    assert_eq!(report["answer_hidden"], true, "answers start hidden");
    assert_eq!(report["answer_shown_after_click"], true);
    assert_eq!(report["kept_written"], true, "the visit is written down");
    assert_eq!(report["kept_seen"].as_u64().map(|n| n >= 1), Some(true));
    assert_eq!(report["current_after_j"], "e1-1");
    assert_eq!(report["current_after_jj"], "e1-2");
    assert_eq!(report["current_after_jjk"], "e1-1");
    assert_eq!(report["revealed_by_key"], true);
    let after = report["shown_after_search"].as_u64().unwrap();
    assert!(after >= 1 && after <= entries, "{report:#}");
    assert_eq!(report["shown_after_clear"], entries);
    // "Show all answers" shows them: they count as seen.
    assert_eq!(report["seen_after_reveal_all"], report["revealable"]);
    let seen = report["revealable"].as_u64().unwrap().to_string();
    assert!(
        report["seen_text_after_reveal_all"]
            .as_str()
            .unwrap()
            .contains(&seen),
        "{report:#}"
    );
    let themes = report["themes"].as_array().unwrap();
    assert!(themes.iter().any(|t| t == "dark") && themes.iter().any(|t| t == "light"));
    assert_eq!(
        report["print_hidden_answers"], 0,
        "print shows every answer"
    );
    assert_eq!(report["print_toolbar_shown"], false);
    assert_eq!(
        report["print_hidden_blank_keys"], 0,
        "print shows the answers in the blanks"
    );
    assert_eq!(report["print_blank_inputs_shown"], 0);
    assert_eq!(
        report["print_hidden_graded_keys"], 0,
        "print shows the graded entries' answers"
    );
    assert_eq!(report["print_graded_controls_shown"], 0);
    assert_eq!(report["requests"], Value::Array(Vec::new()), "no request");
    assert_eq!(
        report["console"],
        Value::Array(Vec::new()),
        "no console message"
    );
}

/// A choice answered right, one wrong: marked, scored, kept.
fn scored(report: &Value, score: &str) {
    assert_eq!(report["first_verdict"], "verdict right");
    assert_eq!(report["second_verdict"], "verdict wrong");
    assert_eq!(report["second_marked_wrong"], 1);
    assert!(report["second_missed"].as_u64().unwrap() >= 1);
    assert_eq!(report["answer_shown_after_check"], true);
    let verdict = report["second_verdict_text"].as_str().unwrap();
    assert!(
        verdict.contains("Correct: ") || verdict.contains("正确答案："),
        "{verdict}"
    );
    assert!(
        report["score"].as_str().unwrap().ends_with(score),
        "{report:#}"
    );
    assert_eq!(report["score_after_reload"], report["score"], "kept");
    assert_eq!(report["kept_checked"], 2);
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn the_sample_page_in_chromium() {
    let report = drive("sample", &["fixtures/llm-industry.md"]);
    common(&report, 30);
    assert_eq!(report["answerable"], 0);
    assert_eq!(report["title"], "大模型产业化：新商业模式和生态系统");
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn choice_banks_score_in_chromium() {
    let report = drive(
        "choice",
        &[
            "fixtures/shapes/choice-keys.md",
            "fixtures/shapes/choice-task-lists.md",
            "fixtures/shapes/choice-more.md",
        ],
    );
    common(&report, 13);
    scored(&report, "1/2");
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn fill_entries_score_in_chromium() {
    let report = drive(
        "fill",
        &[
            "fixtures/fill/underscores.md",
            "fixtures/fill/mixed-exam.md",
            "fixtures/fill/cloze.md",
        ],
    );
    common(&report, 17);
    scored(&report, "1/2");
    // Every fill entry whose blanks are all answered: 3 + 4 + 3.
    assert_eq!(report["fillable"], 10);
    // `443` typed `  ４４３ `: full-width digits and spaces around, right.
    assert_eq!(report["fill_typed"][0], "  ４４３ ");
    assert_eq!(report["fill_right_verdict"], "verdict right");
    assert_eq!(report["fill_right_marked"], report["fill_right_groups"]);
    // Typed wrong: every blank marked (✗ and aria-invalid), the key said.
    assert_eq!(report["fill_wrong_verdict"], "verdict wrong");
    assert_eq!(report["fill_wrong_marked"], 2);
    assert_eq!(report["fill_wrong_invalid"], "true");
    let verdict = report["fill_wrong_verdict_text"].as_str().unwrap();
    let key = report["fill_wrong_key"].as_str().unwrap();
    assert!(
        verdict.starts_with("✗ ") && verdict.contains(key),
        "{verdict}"
    );
    assert_eq!(report["fill_answer_shown_after_check"], true);
    // Keyboard: Tab goes to the next blank, Esc back to the entry.
    assert_eq!(report["fill_tab_to_next_blank"], true);
    assert_eq!(report["fill_escape_to_entry"], true);
    // Reveal shows the accepted answers in the blanks, none before.
    assert_eq!(report["fill_keys_before_reveal"], 0);
    assert_eq!(
        report["fill_keys_after_reveal"],
        report["fill_keys_expected"]
    );
    // A cloze number written twice is one answer, typed once.
    assert_eq!(
        report["fill_repeated_values"],
        serde_json::json!(["Paris", "Paris"])
    );
    assert_eq!(
        report["fill_labels"],
        serde_json::json!(["Blank 1 of 2", "Blank 2 of 2", "Blank 1 of 2"])
    );
    // Scored with the choices, and kept over a reload.
    assert!(
        report["fill_score"].as_str().unwrap().ends_with("2/4"),
        "{report:#}"
    );
    assert_eq!(report["fill_score_after_reload"], report["fill_score"]);
    assert_eq!(report["fill_kept_checked"], 2);
    assert_eq!(report["fill_kept_value"], "  ４４３ ");
    assert_eq!(report["fill_kept_right_marked"], 1);
    // The contents show a blank as a line, not its answer.
    assert_eq!(report["fill_toc_titles"], 8);
    assert_eq!(report["fill_toc_leaks"], 0);
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn math_code_and_images_in_chromium() {
    let report = drive("study", &["fixtures/html/study.md"]);
    common(&report, 5);
    scored(&report, "1/2");
    assert!(report["katex"].as_u64().unwrap() >= 4, "math drawn");
    assert_eq!(
        report["toc_tex"], false,
        "no TeX delimiters in the contents"
    );
    assert!(
        report["toc_katex"].as_u64().unwrap() >= 2,
        "the titles' math drawn in the contents"
    );
    assert!(
        report["code_spans"].as_u64().unwrap() > 10,
        "code highlighted"
    );
    assert_eq!(report["images"], 1, "the local image shown, embedded");
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn the_corpus_in_one_page_in_chromium() {
    // Every real bank of the corpus but the mdanki deck, whose images are
    // not in the corpus (the export refuses it, naming them).
    let mut banks: Vec<String> = std::fs::read_dir(root().join("fixtures/corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "SOURCES.md" && !n.contains("mdanki_complex"))
        .map(|n| format!("fixtures/corpus/{n}"))
        .collect();
    banks.sort();
    let inputs: Vec<&str> = banks.iter().map(String::as_str).collect();
    let report = drive("corpus", &inputs);
    common(&report, 731);
    scored(&report, "1/2");
    assert_eq!(report["answerable"], 155, "the JavaScript bank's questions");
}

#[test]
#[cfg_attr(
    qbank_no_browser,
    ignore = "selenium (for $QBANK_PYTHON or python3) or Debian's chromium and chromium-driver are not installed (pip install selenium; apt-get install chromium chromium-driver; `touch build.rs` after)"
)]
fn graded_entries_score_in_chromium() {
    let report = drive(
        "graded",
        &[
            "fixtures/graded/short.md",
            "fixtures/graded/numerical.md",
            "fixtures/graded/matching.md",
            "fixtures/graded/ordering.md",
        ],
    );
    common(&report, 20);
    assert_eq!(
        report["graded"],
        serde_json::json!({"short": 3, "numerical": 6, "matching": 3, "ordering": 4})
    );
    assert_eq!(report["order_first_shown_right"], 0, "never shown in order");
    let run = &report["graded_run"];
    let verdict = |name: &str| -> (String, String) {
        let v = &run[name];
        (
            v[0].as_str().unwrap().to_owned(),
            v[1].as_str().unwrap().to_owned(),
        )
    };
    let right = |name: &str| assert_eq!(verdict(name).0, "verdict right", "{name}: {run:#}");
    let wrong = |name: &str, key: &str| {
        let (class, text) = verdict(name);
        assert_eq!(class, "verdict wrong", "{name}: {run:#}");
        assert!(
            text.starts_with("✗ Wrong") && text.ends_with(&format!("Correct: {key}")),
            "{name}: {text}"
        );
    };
    // Short: case and spaces aside where case does not matter; where it
    // does, `PWD` is wrong (marked, `aria-invalid`, the key shown).
    right("short_right");
    wrong("short_wrong", "pwd");
    assert_eq!(run["short_wrong_invalid"], "true");
    assert_eq!(run["short_wrong_key_shown"], "pwd");
    // Numerical: `9,75 m/s²` is within 9.8 ± 0.1 m/s²; 3.2 is not within
    // 3.14 ± 0.01; a word is no number: said, neither checked nor scored.
    right("number_right");
    assert_eq!(run["unit_shown"], "m/s²");
    wrong("number_wrong", "3.14 ± 0.01");
    assert_eq!(
        run["number_word"],
        serde_json::json!(["verdict", "Type a number, such as 3.14 or 3,14."])
    );
    assert_eq!(run["number_word_checked"], false);
    // Matching: scored per pair and overall; the keys of the wrong pairs
    // shown, each list labelled by its left-hand item.
    right("matching_right");
    assert!(verdict("matching_right").1.contains("3 of 3 pairs right"));
    wrong("matching_wrong", "TCP → 传输层; IP → 网络层; HTTP → 应用层");
    assert!(verdict("matching_wrong").1.contains("1 of 3 pairs right"));
    assert_eq!(run["matching_marked"], serde_json::json!([1, 2, 2]));
    assert_eq!(
        run["matching_labels"],
        serde_json::json!(["Rust", "Python", "Go"])
    );
    // Ordering: put right by buttons (each move said) and by Alt+↑ (the
    // moved item keeps the focus); checked as first shown, wrong.
    let said = run["order_said"].as_array().unwrap();
    assert!(!said.is_empty());
    assert!(
        said.iter().all(|s| s.as_str().unwrap().ends_with(" of 3")),
        "{said:?}"
    );
    right("order_buttons");
    let (moves, focused) = (&run["order_key_moves"][0], &run["order_key_moves"][1]);
    assert!(moves.as_u64().unwrap() > 0);
    assert_eq!(moves, focused, "the moved item keeps the focus");
    right("order_keys");
    let solution = run["order_wrong_solution"].as_str().unwrap();
    wrong("order_wrong", solution);
    // Each check reveals the answer and counts: 5 right of 9 answered.
    assert_eq!(run["answers_shown_after_check"], true);
    assert_eq!(run["checked"], 9);
    assert!(run["score"].as_str().unwrap().ends_with("5/9"), "{run:#}");
    // Kept over a reload: the answers, their marks and the score.
    assert_eq!(run["kept_checked"], 9);
    assert_eq!(run["score_after_reload"], run["score"]);
    let kept = &run["kept"];
    assert_eq!(kept["short"], "  COLOR ");
    assert_eq!(kept["number"], "9,75 m/s²");
    assert_eq!(kept["matching"], serde_json::json!([true, false, false]));
    assert_eq!(kept["order"], serde_json::json!([0, 1, 2]));
    let verdicts = kept["verdicts"].as_array().unwrap();
    let rights = verdicts.iter().filter(|v| *v == "verdict right").count();
    assert_eq!((rights, verdicts.len()), (5, 9));
    // "Try again" empties the box and puts the items back as first shown.
    assert_eq!(
        run["again"],
        serde_json::json!(["", false, run["again_expected_order"], false])
    );
}
