//! `qbank fmt`: in place, atomically, in the file's own encoding and line
//! endings; `--check` and `--diff` write nothing; `[fmt]` settings; and a
//! formatted file leaves `check --fix` nothing to do.

use crate::util::{qbank, root, stderr, stdout, tempdir};
use std::fs;
use std::path::Path;
use std::process::Output;

const MESSY: &str = "fixtures/fmt/messy.md";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    qbank().current_dir(dir).args(args).output().unwrap()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// The formatted text of `text`, through standard input.
fn formatted(text: &str) -> String {
    let dir = tempdir();
    let path = dir.path().join("in.md");
    fs::write(&path, text).unwrap();
    let out = run_in(dir.path(), &["fmt", "in.md", "-q"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    fs::read_to_string(path).unwrap()
}

#[test]
fn formats_in_place_and_again_changes_nothing() {
    let dir = tempdir();
    let messy = fs::read_to_string(root().join(MESSY)).unwrap();
    fs::write(dir.path().join("a.md"), &messy).unwrap();
    let out = run_in(dir.path(), &["fmt", "a.md"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "1 file reformatted\n");
    let once = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_ne!(once, messy);
    let out = run_in(dir.path(), &["fmt", "a.md", "--check"]);
    assert_eq!(code(&out), Some(0), "{}", stdout(&out));
    assert_eq!(stderr(&out), "1 file already formatted\n");
    // check --fix agrees: nothing left to fix.
    let out = run_in(
        dir.path(),
        &["check", "a.md", "--diff", "--format", "concise"],
    );
    assert!(!stdout(&out).contains("--- a/"), "{}", stdout(&out));
    assert!(!stderr(&out).contains("fixable"), "{}", stderr(&out));
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn check_and_diff_write_nothing() {
    let dir = tempdir();
    let messy = fs::read_to_string(root().join(MESSY)).unwrap();
    fs::write(dir.path().join("a.md"), &messy).unwrap();
    for flag in ["--check", "--diff"] {
        let out = run_in(dir.path(), &["fmt", ".", flag]);
        assert_eq!(code(&out), Some(1), "{flag}");
        assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), messy);
    }
}

#[test]
fn keeps_encoding_bom_and_line_endings() {
    let dir = tempdir();
    let text = "#### 2. Sum  \n**题目:** 1+1?\n\n\n**答案：** 2\n";
    let want = "#### 1. Sum\n\n**题目：** 1+1?\n\n**答案：** 2\n";
    let mut crlf = vec![0xEF, 0xBB, 0xBF];
    crlf.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    fs::write(dir.path().join("crlf.md"), &crlf).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(dir.path().join("utf16.md"), &utf16).unwrap();
    let out = run_in(dir.path(), &["fmt", "crlf.md", "utf16.md"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let mut expected = vec![0xEF, 0xBB, 0xBF];
    expected.extend_from_slice(want.replace('\n', "\r\n").as_bytes());
    assert_eq!(fs::read(dir.path().join("crlf.md")).unwrap(), expected);
    let mut expected = vec![0xFF, 0xFE];
    expected.extend(want.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(fs::read(dir.path().join("utf16.md")).unwrap(), expected);
}

#[test]
fn mixed_line_endings_become_the_prevailing_one() {
    let dir = tempdir();
    let path = dir.path().join("mixed.md");
    fs::write(
        &path,
        "## 2. A\r\n\r\n答案：B\r\n\r\n\n\n## 3. C\r\n答案：D\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["fmt", "mixed.md"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "## 1. A\r\n\r\n答案：B\r\n\r\n## 2. C\r\n\r\n答案：D\r\n"
    );
}

#[test]
fn standard_input_to_standard_output() {
    let mut child = qbank()
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("\n\n## 3. A\n答案：B\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), Some(0));
    assert_eq!(stdout(&out), "## 1. A\n\n答案：B\n");
}

#[test]
fn fmt_settings_come_from_qbank_toml() {
    let dir = tempdir();
    fs::write(
        dir.path().join("qbank.toml"),
        "[fmt]\nlabels = \"plain\"\ncolon = \"ascii\"\nrenumber-entries = false\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "## 5. A\n\n**答案：** B\n").unwrap();
    let out = run_in(dir.path(), &["fmt", "a.md"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "## 5. A\n\n答案: B\n"
    );
    // An unknown key is a configuration error: exit 2, the file untouched.
    fs::write(dir.path().join("qbank.toml"), "[fmt]\nlabel = \"plain\"\n").unwrap();
    let out = run_in(dir.path(), &["fmt", "a.md"]);
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("qbank.toml"), "{}", stderr(&out));
}

#[test]
fn errors_exit_2_and_other_files_are_formatted() {
    let dir = tempdir();
    fs::write(dir.path().join("a.md"), "## 2. A\n\n答案：B\n").unwrap();
    fs::write(dir.path().join("bad.md"), [0xC3, 0x28, 0x0A]).unwrap();
    let out = run_in(dir.path(), &["fmt", "a.md", "bad.md", "missing.md"]);
    assert_eq!(code(&out), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.md") && err.contains("missing.md"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "## 1. A\n\n答案：B\n"
    );
    assert_eq!(
        fs::read(dir.path().join("bad.md")).unwrap(),
        [0xC3, 0x28, 0x0A]
    );
}

#[test]
fn the_sample_keeps_its_text() {
    let sample = fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    assert_eq!(formatted(&sample), format!("{}\n", sample.trim()));
}

/// A card file keeps its cards' layout: a tidy one is already formatted,
/// and a messy one is tidied without a blank line inside a card.
#[test]
fn card_files_keep_their_layout() {
    let dir = tempdir();
    for name in ["cards.md", "cards-tidy.md"] {
        fs::copy(
            root().join("fixtures/fmt").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = run_in(dir.path(), &["fmt", "--check", "cards-tidy.md"]);
    assert_eq!(code(&out), Some(0), "{}", stdout(&out));
    let out = run_in(dir.path(), &["fmt", "cards.md", "-q"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let tidy = fs::read_to_string(dir.path().join("cards-tidy.md")).unwrap();
    let once = fs::read_to_string(dir.path().join("cards.md")).unwrap();
    assert_eq!(once, tidy);
    assert!(once.contains("Q: What is the capital of France?\nA: Paris.\n"));
}
