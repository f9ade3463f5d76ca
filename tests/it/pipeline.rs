//! The one pipeline from inputs to outputs, run against the real binary:
//! every command reads its inputs with the settings of their `qbank.toml`;
//! an interrupted export leaves nothing behind; `check --diff` reports the
//! file as it is.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_qbank");

fn qbank(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null());
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    qbank(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bank whose analyses carry a label only its `qbank.toml` knows.
const CUSTOM_LABELS: &str = "# 自定义标签

#### 1. 第一题

**题目：** 什么是张量？

**答案：**

1. **定义：** 多维数组。

**深度解析：** 张量推广了向量和矩阵。
";

const REQUIRED_TOML: &str = "required = [\"question\", \"answer\", \"analysis\"]\n";

const LABELS_TOML: &str = "[labels]\nanalysis = [\"解析\", \"深度解析\"]\n";

fn json_entry(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["documents"][0]["entries"][0].clone()
}

#[test]
fn labels_from_qbank_toml_change_export_as_they_change_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bank.md"), CUSTOM_LABELS).unwrap();
    // The probe is missing-analysis: required, as a bank's config says.
    fs::write(d.join("qbank.toml"), REQUIRED_TOML).unwrap();

    // Without the setting: the analysis is part of the answer, and check
    // reports it missing.
    let entry = json_entry(d, &["export", "bank.md", "--to", "json"]);
    assert_eq!(entry["analysis"], Value::Null);
    assert!(entry["answer"].as_str().unwrap().contains("深度解析"));
    let check = run(d, &["check", "bank.md", "--format", "concise"]);
    assert!(
        stdout(&check).contains("missing-analysis"),
        "{}",
        stdout(&check)
    );

    // With it, found beside the file: both commands read the analysis.
    fs::write(
        d.join("qbank.toml"),
        format!("{REQUIRED_TOML}{LABELS_TOML}"),
    )
    .unwrap();
    let entry = json_entry(d, &["export", "bank.md", "--to", "json"]);
    assert_eq!(entry["analysis"], "张量推广了向量和矩阵。");
    assert!(!entry["answer"].as_str().unwrap().contains("深度解析"));
    let check = run(d, &["check", "bank.md", "--format", "concise"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(!stdout(&check).contains("missing-analysis"));

    // The same through --config, from another folder, for every format
    // that writes the analysis.
    fs::rename(d.join("qbank.toml"), d.join("labels.toml")).unwrap();
    let sub = d.join("sub");
    fs::create_dir(&sub).unwrap();
    let entry = json_entry(
        &sub,
        &[
            "export",
            "../bank.md",
            "--to",
            "json",
            "--config",
            "../labels.toml",
        ],
    );
    assert_eq!(entry["analysis"], "张量推广了向量和矩阵。");
    let csv = run(
        &sub,
        &[
            "export",
            "../bank.md",
            "--to",
            "csv",
            "--config",
            "../labels.toml",
        ],
    );
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[5], "张量推广了向量和矩阵。");
}

#[test]
fn a_bad_qbank_toml_stops_export_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bank.md"), CUSTOM_LABELS).unwrap();
    fs::write(d.join("qbank.toml"), "[labels]\nanalysis = 3\n").unwrap();
    fs::write(d.join("out.json"), "old").unwrap();
    let out = run(d, &["export", "bank.md", "--to", "json", "-o", "out.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("qbank.toml:2"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(d.join("out.json")).unwrap(), "old");
}

#[test]
fn a_typo_in_the_input_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bank.md"), CUSTOM_LABELS).unwrap();
    for (format, file) in [
        ("csv", "good.csv"),
        ("json", "good.json"),
        ("anki", "good.apkg"),
    ] {
        fs::write(d.join(file), "the good output").unwrap();
        let out = run(d, &["export", "bnak.md", "--to", format, "-o", file]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = stderr(&out);
        assert!(err.contains("bnak.md: no such file or folder"), "{err}");
        assert!(err.contains("nothing written"), "{err}");
        assert_eq!(fs::read_to_string(d.join(file)).unwrap(), "the good output");
        // A good input beside the typo: still nothing, unless asked.
        let out = run(
            d,
            &["export", "bank.md", "bnak.md", "--to", format, "-o", file],
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert_eq!(fs::read_to_string(d.join(file)).unwrap(), "the good output");
        let out = run(
            d,
            &[
                "export",
                "bank.md",
                "bnak.md",
                "--to",
                format,
                "-o",
                file,
                "--keep-going",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert_ne!(fs::read(d.join(file)).unwrap(), b"the good output");
        assert!(
            stderr(&out).contains("exported 1 entry from 1 file"),
            "{}",
            stderr(&out)
        );
    }
}

// ---------------------------------------------------------------------------
// check --diff
// ---------------------------------------------------------------------------

/// Entry 3 is numbered 4 (a fixable `entry-numbering`), and entry 1 has
/// no analysis (not fixable).
const FIXABLE: &str = "# Bank

#### 1. One

**题目：** one?

**答案：**

1. **a：** b

#### 2. Two

**题目：** two?

**答案：**

1. **a：** b

**解析：** two.

#### 4. Three

**题目：** three?

**答案：**

1. **a：** b

**解析：** three.
";

#[test]
fn diff_reports_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bank.md"), FIXABLE).unwrap();
    let out = run(d, &["check", "bank.md", "--diff", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(1));
    // The diff of real lines, on standard output.
    let diff = stdout(&out);
    assert!(diff.contains("-#### 4. Three\n+#### 3. Three\n"), "{diff}");
    // The findings of the file as it is, fixable one included, on
    // standard error; the summary does not say "No problems".
    let err = stderr(&out);
    assert!(
        err.contains("bank.md:21:6: QB201 [entry-numbering]"),
        "{err}"
    );
    assert!(err.contains("missing-analysis"), "{err}");
    assert!(!err.contains("No problems"), "{err}");
    assert!(err.contains("Found 2 problems"), "{err}");
    assert_eq!(fs::read_to_string(d.join("bank.md")).unwrap(), FIXABLE);

    // Graphical snippets show the file's own lines.
    let out = run(d, &["check", "bank.md", "--diff"]);
    let err = stderr(&out);
    assert!(err.contains("#### 4. Three"), "{err}");
    assert!(!err.contains("#### 3. Three"), "{err}");
}

#[test]
fn a_run_that_read_no_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["check", "nope.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stdout(&out) + &stderr(&out);
    assert!(
        err.contains("0 files checked: nope.md could not be read."),
        "{err}"
    );
    assert!(!err.contains("No problems"), "{err}");
}

// ---------------------------------------------------------------------------
// Interrupted exports
// ---------------------------------------------------------------------------

/// About `mb` megabytes of entries.
fn large_bank(mb: usize) -> String {
    let mut text = String::from("# Large bank\n\n");
    let mut i = 0;
    while text.len() < mb << 20 {
        i += 1;
        text.push_str(&format!(
            "#### {i}. Question {i}\n\n**题目：** What is {i}?\n\n**答案：**\n\n1. **One：** first {i}.\n2. **Two：** second {i}.\n\n**解析：** Because {i}.\n\n"
        ));
    }
    text
}

/// Every name in `dir`, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Wait until the export has a temporary file or scratch folder (in the
/// output folder or its TMPDIR), that is, until it is writing.
fn wait_until_writing(child: &mut Child, out: &Path, tmp: &Path, what: &str) {
    let started = Instant::now();
    loop {
        let writing = names(out).iter().any(|n| n.starts_with(".qbank-")) || !names(tmp).is_empty();
        if writing {
            // A little further in, so that the writers hold data.
            std::thread::sleep(Duration::from_millis(300));
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "{what}: finished before it could be interrupted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{what}: never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn interrupted_exports_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("large.md"), large_bank(24)).unwrap();
    let (out, tmp) = (d.join("out"), d.join("tmp"));
    for (n, format) in ["json", "jsonl", "csv", "xlsx", "anki", "anki-txt"]
        .into_iter()
        .enumerate()
    {
        let (signal, code) = if n % 2 == 0 {
            ("INT", 130)
        } else {
            ("TERM", 143)
        };
        let what = format!("{format} on SIG{signal}");
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&tmp).unwrap();
        let existing: PathBuf = out.join("bank.out");
        fs::write(&existing, "the old output").unwrap();
        let mut child = qbank(d)
            .args(["export", "large.md", "--to", format, "-o", "out/bank.out"])
            .env("TMPDIR", &tmp)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_until_writing(&mut child, &out, &tmp, &what);
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success(), "{what}: kill");
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(code),
            "{what}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(err.contains("temporary files removed"), "{what}: {err}");
        assert_eq!(names(&out), ["bank.out"], "{what}");
        assert_eq!(
            fs::read_to_string(&existing).unwrap(),
            "the old output",
            "{what}"
        );
        assert_eq!(names(&tmp), Vec::<String>::new(), "{what}: TMPDIR");
        fs::remove_dir_all(&out).unwrap();
        fs::remove_dir_all(&tmp).unwrap();
    }
}

/// Every output file of `dir/out` as text (a zip's members too).
fn outputs_as_text(out: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for entry in fs::read_dir(out).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        if bytes.starts_with(b"PK") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut member = zip.by_index(i).unwrap();
                let mut text = String::new();
                if std::io::Read::read_to_string(&mut member, &mut text).is_ok() {
                    texts.push((format!("{name}/{}", member.name()), text));
                }
            }
        } else {
            texts.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    texts
}

/// Text in braces at the end of a heading is the title's (issue 22, item
/// 2): only a trailing `{#id}` is the entry's id. Every format keeps it.
#[test]
fn braces_at_the_end_of_a_heading_stay_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/heading-braces.md");
    fs::copy(&bank, dir.path().join("bank.md")).unwrap();
    let out = run(
        dir.path(),
        &[
            "export",
            "bank.md",
            "--to",
            "json,csv,xlsx,gift,moodle,qti,anki-txt,html",
            "-o",
            "out/",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let texts = outputs_as_text(&dir.path().join("out"));
    for format in ["json", "csv", "xlsx", "gift", "xml", "zip", "txt", "html"] {
        let all: String = texts
            .iter()
            .filter(|(name, _)| {
                let file = name.split('/').next().unwrap_or("");
                file.ends_with(&format!(".{format}"))
            })
            .map(|(_, text)| text.as_str())
            .collect();
        // GIFT escapes its braces.
        let all = all.replace("\\{", "{").replace("\\}", "}");
        for title in [
            "Set notation {1, 2, 3}",
            "{多选}",
            "{select all}",
            "Both {a, b}",
        ] {
            assert!(all.contains(title), "{format}: no {title:?}");
        }
        // The formats with no source column show the id nowhere.
        if !["json", "csv", "xlsx"].contains(&format) {
            assert!(!all.contains("{#cap-theorem}"), "{format}: the id is shown");
        }
    }
    let entry = json_entry(dir.path(), &["export", "bank.md", "--to", "json"]);
    assert_eq!(entry["title"], "Set notation {1, 2, 3}");
}
