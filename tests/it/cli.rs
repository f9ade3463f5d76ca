//! End-to-end tests of the `qbank` binary: every test runs the real
//! executable and checks what it writes, where, and how it exits.
#![allow(clippy::unwrap_used)]

use crate::util::{qbank, root, stderr, stdout, tempdir};
use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = "fixtures/llm-industry.md";
const TITLE: &str = "大模型产业化：新商业模式和生态系统";
const ENTRIES: usize = 30;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Run `qbank args…` in `dir` (the workspace root when `None`).
fn run_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = qbank();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args).output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(None, args)
}

/// Run `qbank args…` with `input` on standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = qbank()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        stdin.write_all(&input).unwrap();
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// Standard error with miette's wrapping undone: words joined by single
/// spaces, the `|` continuation gutters dropped.
fn flat_stderr(output: &Output) -> String {
    stderr(output)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        code(output),
        Some(expected),
        "exit status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

fn fixture_text() -> String {
    fs::read_to_string(root().join(FIXTURE)).unwrap()
}

/// `(N, line)` of every `#### N.` heading in `text`, lines 1-based.
fn heading_lines(text: &str) -> Vec<(u64, u64)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.strip_prefix("#### ")?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() || !rest[digits.len()..].starts_with('.') {
                return None;
            }
            Some((digits.parse().unwrap(), i as u64 + 1))
        })
        .collect()
}

fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}):\n{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
        )
    })
}

fn read_json(path: &Path) -> Value {
    parse_json(&fs::read(path).unwrap())
}

fn jsonl_lines(text: &str) -> Vec<Value> {
    assert!(text.ends_with('\n'), "JSON Lines must end with a newline");
    text.lines().map(|l| parse_json(l.as_bytes())).collect()
}

fn schema(name: &str) -> Value {
    let path = root().join("crates/qbank-json/schema").join(name);
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_valid(schema_name: &str, value: &Value) {
    let schema = schema(schema_name);
    let validator = jsonschema::validator_for(&schema).unwrap();
    if !validator.is_valid(value) {
        let errors: Vec<String> = validator
            .iter_errors(value)
            .take(20)
            .map(|e| format!("  at {}: {e}", e.instance_path()))
            .collect();
        panic!(
            "output does not validate against {schema_name}:\n{}",
            errors.join("\n")
        );
    }
}

/// Call `f` on every string in `value`, object keys included.
fn each_string(value: &Value, f: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| each_string(v, f)),
        Value::Object(map) => {
            for (k, v) in map {
                f(k);
                each_string(v, f);
            }
        }
        _ => {}
    }
}

fn entries(value: &Value) -> &Vec<Value> {
    value["entries"].as_array().unwrap()
}

fn doc_paths(export: &Value) -> Vec<String> {
    export["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect()
}

/// The names in `dir` that look like qbank's temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".qbank-") && n.ends_with(".tmp"))
        .collect()
}

/// A tiny valid bank with one entry.
fn small_bank(title: &str) -> String {
    format!("# {title}\n\n## 1. Question\n\nQuestion: Why?\n\nAnswer: Because.\n")
}

fn write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
    let path = path.as_ref();
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, contents).unwrap();
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---------------------------------------------------------------------------
// JSON export of the sample
// ---------------------------------------------------------------------------

#[test]
fn export_json_to_file() {
    let dir = tempdir();
    let out = dir.path().join("llm-industry.json");
    let output = run(&["export", FIXTURE, "--to", "json", "-o", path_str(&out)]);
    assert_code(&output, 0);
    assert!(output.stdout.is_empty(), "nothing on stdout with -o FILE");

    let json = read_json(&out);
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["generator"],
        format!("qbank {}", env!("CARGO_PKG_VERSION"))
    );
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["path"], FIXTURE);
    assert_eq!(doc["title"], TITLE);

    let headings = heading_lines(&fixture_text());
    assert_eq!(
        headings.len(),
        ENTRIES,
        "the fixture has 30 `#### N.` headings"
    );
    assert_eq!(headings[0], (1, 5));
    assert_eq!(headings[1], (2, 27));
    assert_eq!(headings[ENTRIES - 1], (30, 605));

    let entries = entries(doc);
    assert_eq!(entries.len(), ENTRIES);
    for (i, (entry, (number, line))) in entries.iter().zip(&headings).enumerate() {
        assert_eq!(entry["number"], i as u64 + 1, "entry {i}");
        assert_eq!(entry["number"], *number, "entry {i}");
        assert_eq!(entry["line"], *line, "line of entry {number}");
        let end = entry["end_line"].as_u64().unwrap();
        assert!(end >= *line, "entry {number} ends at {end} before {line}");
        if let Some((_, next)) = headings.get(i + 1) {
            assert!(end < *next, "entry {number} ends at {end}, past {next}");
        }
    }
    assert_eq!(entries[1]["title"], "大模型训练过程中的数据预处理技巧");
    assert_eq!(
        entries[1]["question"],
        "请简要介绍大模型训练过程中常用的数据预处理技巧。"
    );

    // Entry 2's answer holds the five-item list of terms.
    let answer = entries[1]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "answer")
        .expect("entry 2 has an answer section");
    assert_eq!(answer["label"], "答案");
    let expected = ["数据清洗", "数据增强", "数据归一化", "数据分块", "序列填充"];
    let terms: Vec<Vec<Option<&str>>> = answer["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|list| {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["term"].as_str())
                .collect()
        })
        .collect();
    let wanted: Vec<Option<&str>> = expected.iter().copied().map(Some).collect();
    assert!(
        terms.contains(&wanted),
        "no list in entry 2's answer has the terms {expected:?}: {terms:?}"
    );

    assert_valid("qbank-export-v1.schema.json", &json);

    // The summary goes to stderr.
    let err = flat_stderr(&output);
    assert!(err.contains("30 entries"), "stderr: {err}");
}

#[test]
fn export_jsonl_to_stdout() {
    let output = run(&["export", FIXTURE, "--to", "jsonl", "-o", "-"]);
    assert_code(&output, 0);
    let text = stdout(&output);
    let lines = jsonl_lines(&text);
    assert_eq!(lines.len(), ENTRIES);
    assert_eq!(text.matches('\n').count(), ENTRIES);
    let headings = heading_lines(&fixture_text());
    let validator_schema = schema("qbank-entry-v1.schema.json");
    let validator = jsonschema::validator_for(&validator_schema).unwrap();
    for (i, line) in lines.iter().enumerate() {
        if !validator.is_valid(line) {
            assert_valid("qbank-entry-v1.schema.json", line);
        }
        assert_eq!(line["path"], FIXTURE);
        assert_eq!(line["document_title"], TITLE);
        assert_eq!(line["number"], i as u64 + 1);
        assert_eq!(line["line"], headings[i].1);
    }
    assert!(
        stderr(&output).is_empty(),
        "no summary when writing to stdout"
    );
}

#[test]
fn jsonl_lines_match_json_entries() {
    let json = parse_json(&run(&["export", FIXTURE, "--to", "json"]).stdout);
    let jsonl = jsonl_lines(&stdout(&run(&["export", FIXTURE, "--to", "jsonl"])));
    for (entry, line) in entries(&json["documents"][0]).iter().zip(&jsonl) {
        let mut line = line.as_object().unwrap().clone();
        line.remove("path");
        line.remove("document_title");
        assert_eq!(&Value::Object(line), entry);
    }
}

#[test]
fn stdout_is_the_default_and_dash() {
    let dash = run(&["export", FIXTURE, "-o", "-"]);
    let default = run(&["export", FIXTURE]);
    assert_code(&dash, 0);
    assert_code(&default, 0);
    assert_eq!(dash.stdout, default.stdout);
    let json = parse_json(&default.stdout);
    assert_eq!(json["version"], 1);
    assert_eq!(entries(&json["documents"][0]).len(), ENTRIES);
    assert_valid("qbank-export-v1.schema.json", &json);

    // --compact: the same value on one line.
    let compact = run(&["export", FIXTURE, "--compact"]);
    assert_code(&compact, 0);
    assert_eq!(stdout(&compact).trim_end().lines().count(), 1);
    assert_eq!(parse_json(&compact.stdout), json);
}

#[test]
fn stdin_is_read_for_dash() {
    let output = run_with_stdin(&["export", "-", "--to", "json"], fixture_text().as_bytes());
    assert_code(&output, 0);
    let json = parse_json(&output.stdout);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], "-");
    assert_eq!(docs[0]["title"], TITLE);
    assert_eq!(entries(&docs[0]).len(), ENTRIES);

    // The same entries as from the file.
    let from_file = parse_json(&run(&["export", FIXTURE]).stdout);
    assert_eq!(docs[0]["entries"], from_file["documents"][0]["entries"]);
}

// ---------------------------------------------------------------------------
// Finding inputs
// ---------------------------------------------------------------------------

#[test]
fn folder_is_searched_for_markdown_respecting_ignore_files() {
    let dir = tempdir();
    let bank = dir.path().join("bank");
    write(bank.join("b.md"), small_bank("B"));
    write(bank.join("a.markdown"), small_bank("A"));
    write(bank.join("sub/c.md"), small_bank("C"));
    // Skipped: other extensions.
    write(bank.join("notes.txt"), small_bank("txt"));
    write(bank.join("readme.rst"), small_bank("rst"));
    write(bank.join("old.md.bak"), small_bank("bak"));
    // Skipped: listed in .gitignore / .ignore (no git repository here).
    write(bank.join(".gitignore"), "ignored.md\nbuild/\n");
    write(bank.join("ignored.md"), small_bank("gitignored"));
    write(bank.join("build/gen.md"), small_bank("gitignored folder"));
    write(bank.join(".ignore"), "private.md\n");
    write(bank.join("sub/private.md"), small_bank("ignored"));
    // Skipped: hidden files (documented in `export --help`).
    write(bank.join(".hidden.md"), small_bank("hidden"));
    write(dir.path().join("extra.md"), small_bank("Extra"));
    assert!(!dir.path().join(".git").exists());

    let output = run_in(Some(dir.path()), &["export", "extra.md", "bank"]);
    assert_code(&output, 0);
    let json = parse_json(&output.stdout);
    assert_eq!(
        doc_paths(&json),
        ["bank/a.markdown", "bank/b.md", "bank/sub/c.md", "extra.md"]
    );
    let titles: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["A", "B", "C", "Extra"]);
    assert_valid("qbank-export-v1.schema.json", &json);

    // A trailing slash changes nothing.
    let slash = run_in(Some(dir.path()), &["export", "bank/", "extra.md"]);
    assert_code(&slash, 0);
    assert_eq!(parse_json(&slash.stdout), json);

    // --no-ignore brings the ignored files back (hidden ones stay out).
    let all = run_in(Some(dir.path()), &["export", "--no-ignore", "bank"]);
    assert_code(&all, 0);
    assert_eq!(
        doc_paths(&parse_json(&all.stdout)),
        [
            "bank/a.markdown",
            "bank/b.md",
            "bank/build/gen.md",
            "bank/ignored.md",
            "bank/sub/c.md",
            "bank/sub/private.md",
        ]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_folders_are_followed_with_follow() {
    let dir = tempdir();
    let bank = dir.path().join("bank");
    write(bank.join("a.md"), small_bank("A"));
    write(dir.path().join("shared/s.md"), small_bank("S"));
    std::os::unix::fs::symlink(dir.path().join("shared/s.md"), bank.join("s.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("shared"), bank.join("linked")).unwrap();

    // Skipped by default, as ripgrep does.
    let plain = run_in(Some(dir.path()), &["export", "bank"]);
    assert_code(&plain, 0);
    assert_eq!(doc_paths(&parse_json(&plain.stdout)), ["bank/a.md"]);

    // Followed with -L / --follow; the same file through two links is read
    // once.
    for flag in ["-L", "--follow"] {
        let followed = run_in(Some(dir.path()), &["export", flag, "bank"]);
        assert_code(&followed, 0);
        assert_eq!(
            doc_paths(&parse_json(&followed.stdout)),
            ["bank/a.md", "bank/linked/s.md"]
        );
    }
    let checked = run_in(Some(dir.path()), &["check", "--follow", "bank"]);
    assert!(
        stdout(&checked).contains("in 2 files."),
        "{}",
        stdout(&checked)
    );
    let unfollowed = run_in(Some(dir.path()), &["check", "bank"]);
    assert!(
        stdout(&unfollowed).contains("in 1 file."),
        "{}",
        stdout(&unfollowed)
    );
}

#[test]
fn explicit_files_come_out_sorted() {
    let dir = tempdir();
    write(dir.path().join("z.md"), small_bank("Z"));
    write(dir.path().join("a.md"), small_bank("A"));
    write(dir.path().join("m/x.md"), small_bank("X"));
    let output = run_in(Some(dir.path()), &["export", "z.md", "m/x.md", "a.md"]);
    assert_code(&output, 0);
    assert_eq!(
        doc_paths(&parse_json(&output.stdout)),
        ["a.md", "m/x.md", "z.md"]
    );
}

#[test]
fn same_file_twice_appears_once() {
    let output = run(&["export", FIXTURE, FIXTURE, "--to", "jsonl"]);
    assert_code(&output, 0);
    assert_eq!(jsonl_lines(&stdout(&output)).len(), ENTRIES);

    // A file named directly and found again in its folder.
    let dir = tempdir();
    write(dir.path().join("bank/x.md"), small_bank("X"));
    let output = run_in(Some(dir.path()), &["export", "bank", "bank/x.md", "bank/"]);
    assert_code(&output, 0);
    assert_eq!(doc_paths(&parse_json(&output.stdout)), ["bank/x.md"]);
}

#[test]
fn same_file_spelt_differently_appears_once() {
    let dir = tempdir();
    write(dir.path().join("x.md"), small_bank("X"));
    let output = run_in(Some(dir.path()), &["export", "x.md", "./x.md"]);
    assert_code(&output, 0);
    let json = parse_json(&output.stdout);
    assert_eq!(doc_paths(&json).len(), 1, "{:?}", doc_paths(&json));
}

// ---------------------------------------------------------------------------
// Input errors
// ---------------------------------------------------------------------------

#[test]
fn missing_path_is_reported_and_others_exported() {
    let dir = tempdir();
    let out = dir.path().join("out.json");
    let output = run(&["export", "no/such/bank.md", FIXTURE, "-o", path_str(&out)]);
    assert_code(&output, 2);
    assert!(!out.exists(), "nothing written without --keep-going");
    let output = run(&[
        "export",
        "no/such/bank.md",
        FIXTURE,
        "-o",
        path_str(&out),
        "--keep-going",
    ]);
    assert_code(&output, 2);
    assert!(
        stderr(&output).contains("no/such/bank.md"),
        "{}",
        stderr(&output)
    );
    let json = read_json(&out);
    assert_eq!(doc_paths(&json), [FIXTURE]);
    assert_eq!(entries(&json["documents"][0]).len(), ENTRIES);
    assert_valid("qbank-export-v1.schema.json", &json);

    // Into a folder: named `qbank.*` as for any two paths, whether or not
    // the second one exists.
    let folder = dir.path().join("out");
    for second in ["no/such/bank.md", "fixtures/bom.md"] {
        let output = run(&[
            "export",
            FIXTURE,
            second,
            "--to",
            "json,csv",
            "-o",
            path_str(&folder),
            "--keep-going",
        ]);
        assert!(folder.join("qbank.json").is_file(), "{}", stderr(&output));
        assert!(folder.join("qbank.csv").is_file());
        assert!(!folder.join("llm-industry.json").exists());
    }
}

#[test]
fn invalid_utf8_is_reported_with_line_and_offset() {
    let dir = tempdir();
    write(dir.path().join("bad.md"), b"# T\n\n## 1. A\n\xff\n");
    write(dir.path().join("good.md"), small_bank("Good"));
    write(dir.path().join("zz.md"), small_bank("Last"));
    let output = run_in(
        Some(dir.path()),
        &["export", "good.md", "bad.md", "zz.md", "-o", "out.json"],
    );
    assert_code(&output, 2);
    let err = flat_stderr(&output);
    assert!(err.contains("bad.md:4:"), "names file and line 4: {err}");
    assert!(err.contains("invalid UTF-8"), "{err}");
    assert!(err.contains("byte offset 13"), "names the offset: {err}");
    assert!(!dir.path().join("out.json").exists(), "nothing written");
    let output = run_in(
        Some(dir.path()),
        &[
            "export",
            "good.md",
            "bad.md",
            "zz.md",
            "-o",
            "out.json",
            "--keep-going",
        ],
    );
    assert_code(&output, 2);
    let json = read_json(&dir.path().join("out.json"));
    assert_eq!(doc_paths(&json), ["good.md", "zz.md"]);
    assert_valid("qbank-export-v1.schema.json", &json);
}

#[test]
fn nul_byte_is_reported() {
    let dir = tempdir();
    write(
        dir.path().join("binary.md"),
        b"# T\n\n## 1. A\n\x00\x01\x02\n",
    );
    write(dir.path().join("good.md"), small_bank("Good"));
    let output = run_in(
        Some(dir.path()),
        &["export", "binary.md", "good.md", "--to", "jsonl"],
    );
    assert_code(&output, 2);
    let err = flat_stderr(&output);
    assert!(err.contains("binary.md"), "{err}");
    assert!(err.contains("NUL"), "{err}");
    let lines = jsonl_lines(&stdout(&output));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], "good.md");
}

fn utf16le(text: &str) -> Vec<u8> {
    utf16(text, [0xFF, 0xFE], u16::to_le_bytes)
}

#[test]
fn utf16_errors_name_line_and_offset() {
    let dir = tempdir();
    // NUL after 13 code units: byte 2 (BOM) + 26.
    let nul = utf16le("# T\n\n## 1. A\n\0\n");
    write(dir.path().join("nul16.md"), &nul);
    // An unpaired high surrogate after 13 code units.
    let mut lone = utf16le("# T\n\n## 1. A\n");
    lone.extend_from_slice(&[0x00, 0xD8]);
    lone.extend_from_slice(&utf16le("\n")[2..]);
    write(dir.path().join("lone16.md"), &lone);
    // An odd number of bytes: the dangling byte is at offset 10.
    let mut odd = utf16le("# T\n");
    odd.push(b'x');
    write(dir.path().join("odd16.md"), &odd);
    write(dir.path().join("good.md"), small_bank("Good"));

    for (name, expected) in [
        ("nul16.md", "nul16.md:4: NUL byte at byte offset 28"),
        ("lone16.md", "lone16.md:4: invalid UTF-16 at byte offset 28"),
        ("odd16.md", "odd16.md:2: invalid UTF-16 at byte offset 10"),
    ] {
        let output = run_in(
            Some(dir.path()),
            &["export", name, "good.md", "--to", "jsonl"],
        );
        assert_code(&output, 2);
        let err = flat_stderr(&output);
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in {err}"
        );
        let lines = jsonl_lines(&stdout(&output));
        assert_eq!(lines.len(), 1, "{name}: good.md is still exported");
        assert_eq!(lines[0]["path"], "good.md");
    }
}

#[test]
fn utf16_error_offset_after_surrogate_pair() {
    let dir = tempdir();
    // "# 😀\n\n## 1. A\n" is 14 code units (the emoji is two): the NUL is at
    // byte 2 + 28 = 30.
    write(
        dir.path().join("emoji16.md"),
        utf16le("# 😀\n\n## 1. A\n\0\n"),
    );
    let output = run_in(Some(dir.path()), &["export", "emoji16.md"]);
    assert_code(&output, 2);
    let err = flat_stderr(&output);
    assert!(
        err.contains("emoji16.md:4: NUL byte at byte offset 30"),
        "{err}"
    );
}

#[test]
fn utf16_error_line_counts_lone_cr() {
    let dir = tempdir();
    // The same invalid input as UTF-8 and as UTF-16, with \r line endings.
    write(dir.path().join("cr8.md"), b"# T\r\r## 1. A\r\xff\r");
    let mut cr16 = utf16le("# T\r\r## 1. A\r");
    cr16.extend_from_slice(&[0x00, 0xD8]);
    write(dir.path().join("cr16.md"), &cr16);
    let output = run_in(Some(dir.path()), &["export", "cr8.md"]);
    assert_code(&output, 2);
    assert!(
        flat_stderr(&output).contains("cr8.md:4:"),
        "{}",
        stderr(&output)
    );
    let output = run_in(Some(dir.path()), &["export", "cr16.md"]);
    assert_code(&output, 2);
    assert!(
        flat_stderr(&output).contains("cr16.md:4:"),
        "{}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------

#[test]
fn output_equal_to_an_input_is_refused() {
    let dir = tempdir();
    let bank = dir.path().join("bank.md");
    let original = small_bank("Keep me");
    write(&bank, &original);
    write(dir.path().join("other.md"), small_bank("Other"));

    let output = run_in(
        Some(dir.path()),
        &["export", "other.md", "bank.md", "-o", "bank.md"],
    );
    assert_code(&output, 2);
    assert!(
        flat_stderr(&output).contains("bank.md"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&bank).unwrap(), original);

    // Spelt differently, and found through a folder.
    let output = run_in(Some(dir.path()), &["export", ".", "-o", "./bank.md"]);
    assert_code(&output, 2);
    assert_eq!(fs::read_to_string(&bank).unwrap(), original);
    assert!(temp_files(dir.path()).is_empty());
}

/// A missing output folder is created, for one format as for several.
#[test]
fn missing_output_folder_is_created() {
    let dir = tempdir();
    let fixture = root().join(FIXTURE);
    let output = run_in(
        Some(dir.path()),
        &["export", path_str(&fixture), "-o", "one/two/out.json"],
    );
    assert_code(&output, 0);
    read_json(&dir.path().join("one/two/out.json"));
    let output = run_in(
        Some(dir.path()),
        &[
            "export",
            path_str(&fixture),
            "--to",
            "csv,json",
            "-o",
            "three/",
        ],
    );
    assert_code(&output, 0);
    let mut names: Vec<String> = fs::read_dir(dir.path().join("three"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["llm-industry.csv", "llm-industry.json"]);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_that_is_a_folder_receives_a_file_named_after_the_input() {
    let dir = tempdir();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let output = run(&["export", FIXTURE, "-o", path_str(&out)]);
    assert_code(&output, 0);
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["llm-industry.json"]);
    assert!(temp_files(dir.path()).is_empty());
}

/// A write that fails half-way (the file size limit is hit) leaves neither
/// the output nor a temporary file behind.
#[cfg(unix)]
#[test]
fn failed_write_leaves_no_temporary_file() {
    let dir = tempdir();
    let out = dir.path().join("out.json");
    let fixture = root().join(FIXTURE);
    // Ignore SIGXFSZ so that the write fails with EFBIG instead of killing
    // the process; the limit (in 512-byte blocks) is far below the output.
    let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"";
    let output = Command::new("sh")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["-c", script, env!("CARGO_BIN_EXE_qbank")])
        .args(["export", path_str(&fixture), "-o", "out.json"])
        .output()
        .unwrap();
    assert_code(&output, 2);
    assert!(
        flat_stderr(&output).contains("out.json"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "no partial output");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());

    // The same with an existing output: it is left as it was.
    write(&out, "old");
    let output = Command::new("sh")
        .current_dir(dir.path())
        .args(["-c", script, env!("CARGO_BIN_EXE_qbank")])
        .args(["export", path_str(&fixture), "-o", "out.json"])
        .output()
        .unwrap();
    assert_code(&output, 2);
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn existing_output_is_replaced_atomically() {
    let dir = tempdir();
    let out = dir.path().join("out.json");
    write(&out, "old content\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
    }
    // A reader holding the old file keeps seeing all of it: the new file is
    // renamed over the old one, never written into it.
    let mut old = fs::File::open(&out).unwrap();

    let output = run(&["export", FIXTURE, "-o", path_str(&out)]);
    assert_code(&output, 0);
    let json = read_json(&out);
    assert_eq!(entries(&json["documents"][0]).len(), ENTRIES);
    let mut seen = String::new();
    old.read_to_string(&mut seen).unwrap();
    assert_eq!(seen, "old content\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640, "mode of the replaced file is kept: {mode:o}");
    }
    assert!(temp_files(dir.path()).is_empty());

    // A second run over a shorter output leaves no trailing bytes.
    let output = run(&["export", FIXTURE, "--to", "jsonl", "-o", path_str(&out)]);
    assert_code(&output, 0);
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(jsonl_lines(&text).len(), ENTRIES);
    assert!(temp_files(dir.path()).is_empty());
}

/// A new output file is created like any other: 0666 less the umask (not
/// the 0600 of a temporary file).
#[cfg(unix)]
#[test]
fn new_output_gets_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let fixture = root().join(FIXTURE);
    for (umask, expected) in [("022", 0o644), ("027", 0o640)] {
        let out = format!("out-{umask}.json");
        let output = Command::new("sh")
            .current_dir(dir.path())
            .args(["-c", &format!("umask {umask}; exec \"$0\" \"$@\"")])
            .arg(env!("CARGO_BIN_EXE_qbank"))
            .args(["export", path_str(&fixture), "-o", &out])
            .output()
            .unwrap();
        assert_code(&output, 0);
        let mode = fs::metadata(dir.path().join(&out))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777;
        assert_eq!(mode, expected, "umask {umask}: mode {mode:o}");
    }
}

#[cfg(unix)]
#[test]
fn fifo_output_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempdir();
    let fifo = dir.path().join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());

    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let output = run(&["export", FIXTURE, "--to", "jsonl", "-o", path_str(&fifo)]);
    if !output.status.success() {
        // Unblock the reader if qbank never opened the FIFO.
        drop(fs::OpenOptions::new().write(true).open(&fifo));
    }
    let text = reader.join().unwrap();
    assert_code(&output, 0);
    assert_eq!(jsonl_lines(&text).len(), ENTRIES);
    assert!(
        fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO is still a FIFO"
    );
    assert!(temp_files(dir.path()).is_empty());
}

/// Read one line of qbank's stdout, close the pipe, and return qbank's exit
/// code and standard error.
fn close_pipe_after_one_line(args: &[&str]) -> (Output, String) {
    let mut child = qbank()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    drop(out);
    let output = child.wait_with_output().unwrap();
    (output, first)
}

#[test]
fn closed_stdout_is_not_an_error() {
    let (output, first) =
        close_pipe_after_one_line(&["export", FIXTURE, "-o", "-", "--to", "jsonl"]);
    assert_eq!(parse_json(first.as_bytes())["number"], 1);
    assert_code(&output, 0);
    assert_eq!(stderr(&output), "");
}

#[test]
fn closed_stdout_is_not_an_error_for_json() {
    let (output, first) =
        close_pipe_after_one_line(&["export", FIXTURE, "-o", "-", "--to", "json"]);
    assert_eq!(first, "{\n");
    assert_eq!(stderr(&output), "");
    assert_code(&output, 0);
}

#[test]
fn closed_stdout_is_not_an_error_for_large_jsonl() {
    let dir = tempdir();
    for i in 0..4 {
        fs::copy(root().join(FIXTURE), dir.path().join(format!("{i}.md"))).unwrap();
    }
    let (output, first) =
        close_pipe_after_one_line(&["export", path_str(dir.path()), "--to", "jsonl"]);
    assert_eq!(parse_json(first.as_bytes())["number"], 1);
    assert_eq!(stderr(&output), "");
    assert_code(&output, 0);
}

// ---------------------------------------------------------------------------
// qbank schema
// ---------------------------------------------------------------------------

#[test]
fn schema_prints_the_schemas() {
    let export = run(&["schema"]);
    assert_code(&export, 0);
    let value = parse_json(&export.stdout);
    assert!(
        value["$id"].as_str().unwrap().contains("v1"),
        "{}",
        value["$id"]
    );
    assert_eq!(value, schema("qbank-export-v1.schema.json"));
    assert!(jsonschema::validator_for(&value).is_ok());

    let explicit = run(&["schema", "json"]);
    assert_code(&explicit, 0);
    assert_eq!(explicit.stdout, export.stdout);

    let line = run(&["schema", "jsonl"]);
    assert_code(&line, 0);
    let value = parse_json(&line.stdout);
    assert!(
        value["$id"].as_str().unwrap().contains("v1"),
        "{}",
        value["$id"]
    );
    assert_eq!(value, schema("qbank-entry-v1.schema.json"));
    assert_ne!(line.stdout, export.stdout);

    let unknown = run(&["schema", "xml"]);
    assert_code(&unknown, 2);
}

// ---------------------------------------------------------------------------
// Encodings and line endings
// ---------------------------------------------------------------------------

fn utf16(text: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut bytes = bom.to_vec();
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&unit(u));
    }
    bytes
}

#[test]
fn encodings_and_line_endings_export_the_same_entries() {
    let text = fixture_text();
    assert!(!text.contains('\r') && !text.contains('\u{feff}'));
    let crlf = text.replace('\n', "\r\n");
    let variants: Vec<(&str, Vec<u8>)> = vec![
        (
            "utf8-bom.md",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("crlf.md", crlf.clone().into_bytes()),
        (
            "utf8-bom-crlf.md",
            [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat(),
        ),
        ("utf16le.md", utf16(&text, [0xFF, 0xFE], u16::to_le_bytes)),
        ("utf16be.md", utf16(&text, [0xFE, 0xFF], u16::to_be_bytes)),
        (
            "utf16le-crlf.md",
            utf16(&crlf, [0xFF, 0xFE], u16::to_le_bytes),
        ),
        (
            "utf16be-crlf.md",
            utf16(&crlf, [0xFE, 0xFF], u16::to_be_bytes),
        ),
    ];
    let plain = run(&["export", FIXTURE]);
    assert_code(&plain, 0);
    let plain = parse_json(&plain.stdout);
    let expected = &plain["documents"][0]["entries"];
    assert_eq!(expected.as_array().unwrap().len(), ENTRIES);

    let dir = tempdir();
    for (name, bytes) in &variants {
        write(dir.path().join(name), bytes);
        let output = run_in(Some(dir.path()), &["export", name, "--to", "json"]);
        assert_code(&output, 0);
        let json = parse_json(&output.stdout);
        let doc = &json["documents"][0];
        assert_eq!(doc["path"], *name);
        assert_eq!(doc["title"], TITLE, "{name}");
        // A file written with `\r\n` says so at the start of its first
        // source (for `qbank import`); otherwise the same entries.
        let mut doc = doc.clone();
        if name.contains("crlf") {
            let first = &mut doc["entries"][0]["source"];
            let source = first.as_str().unwrap();
            let rest = source.strip_prefix(qbank_export::rows::CRLF_MARK);
            assert!(rest.is_some(), "{name}: {source:?}");
            *first = rest.unwrap().into();
        }
        if doc["entries"] != *expected {
            let got = entries(&doc);
            for (i, (a, b)) in got.iter().zip(expected.as_array().unwrap()).enumerate() {
                assert_eq!(a, b, "{name}: entry {} differs", i + 1);
            }
            panic!("{name}: {} entries, expected {ENTRIES}", got.len());
        }
        each_string(&json, &mut |s| {
            assert!(!s.contains('\r'), "{name}: \\r in {s:?}");
            assert!(!s.contains('\u{feff}'), "{name}: BOM in {s:?}");
        });
        assert_valid("qbank-export-v1.schema.json", &json);
    }

    // All at once, from a folder, as JSON Lines.
    let output = run_in(Some(dir.path()), &["export", ".", "--to", "jsonl"]);
    assert_code(&output, 0);
    let text = stdout(&output);
    assert!(!text.contains('\r') && !text.contains('\u{feff}'));
    let lines = jsonl_lines(&text);
    assert_eq!(lines.len(), ENTRIES * variants.len());
    for line in &lines {
        each_string(line, &mut |s| {
            assert!(!s.contains('\r') && !s.contains('\u{feff}'), "{s:?}");
        });
    }
}
