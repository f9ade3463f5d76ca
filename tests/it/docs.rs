//! Documentation stays current: `docs/cli.md` is the binary's own help
//! (run `QBANK_UPDATE_DOCS=1 cargo test --test it docs::` to refresh it),
//! the column lists are the writers' columns, and the source files the docs
//! name exist.
#![allow(clippy::unwrap_used)]

use crate::util::root;
use std::path::PathBuf;
use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "qbank {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn cli_reference() -> String {
    let mut doc = String::from(
        "# CLI reference\n\n\
         <!-- Generated from `qbank --help` by tests/it/docs.rs: do not edit by hand.\n\
         Refresh with `QBANK_UPDATE_DOCS=1 cargo test --test it docs::`. -->\n\n\
         Exit codes, for every command: `0` success; `1` error-severity findings remain\n\
         (`qbank check`; with `--diff`, also when there is something to fix), or conflicts\n\
         or reported orphans remain (`qbank sync`); `2` usage,\n\
         I/O, decoding or configuration errors. A closed standard output\n\
         (`qbank … | head`) is not an error.\n\n\
         Outputs, for every command that writes files (`check -o`, `export -o`,\n\
         `import -o`, `man --dir`): each is written to a temporary file and renamed\n\
         into place once complete. Missing folders on the way are created, for one\n\
         output as for several, when the output is put in place, so a run that fails\n\
         (an input that cannot be read, a write error, Ctrl-C) leaves neither a file\n\
         nor a folder behind. A file where a folder should be (`-o bank.md/out.csv`)\n\
         is refused before any work.\n",
    );
    for (title, args) in [
        ("qbank", vec!["--help"]),
        ("qbank check", vec!["check", "--help"]),
        ("qbank rules", vec!["rules", "--help"]),
        ("qbank explain", vec!["explain", "--help"]),
        ("qbank export", vec!["export", "--help"]),
        ("qbank sync", vec!["sync", "--help"]),
        ("qbank schema", vec!["schema", "--help"]),
        ("qbank man", vec!["man", "--help"]),
    ] {
        doc.push_str(&format!("\n## `{title}`\n\n```text\n{}```\n", help(&args)));
    }
    doc
}

#[test]
fn cli_reference_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md");
    let expected = cli_reference();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("QBANK_UPDATE_DOCS").is_some() {
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("docs/cli.md is stale: run `QBANK_UPDATE_DOCS=1 cargo test --test it docs::`");
        }
    }
}

/// The example in docs/config.md is a valid configuration, and uses every
/// documented key.
#[test]
fn config_example_is_valid() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/config.md")).unwrap();
    let start = doc.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    for key in [
        "required",
        "placeholders",
        "extend-placeholders",
        "docs-url",
        "[rules]",
        "[labels]",
        "[[overrides]]",
        "files",
        "[anki]",
    ] {
        assert!(example.contains(key), "the example lacks {key}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("qbank.toml"), example).unwrap();
    std::fs::copy(
        root.join("fixtures/llm-industry.md"),
        dir.path().join("bank.md"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(["check", "--format", "concise"])
        .arg(dir.path().join("bank.md"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    // duplicate-title is off in the example: only the duplicate question remains.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("QB402"));
}

/// Text as a reader sees it: `//!` and `///` markers gone, lines joined,
/// white space folded, so that a list broken over lines reads whole.
fn flattened(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_start();
            l.strip_prefix("//!")
                .or_else(|| l.strip_prefix("///"))
                .unwrap_or(l)
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column lists the crate docs, the READMEs and docs/exports.md give are
/// the columns the writers write, in order: the qbank-csv crate doc listed 14
/// of the 15 CSV columns, the XLSX README 10 of them and no `Options` sheet.
#[test]
fn column_lists_match_the_writers() {
    use qbank_export::rows::{
        BLANK_COLUMNS, ENTRY_COLUMNS, GRADED_COLUMNS, ITEM_COLUMNS, OPTION_COLUMNS,
    };
    let read = |path: &str| flattened(&std::fs::read_to_string(root().join(path)).unwrap());
    let listed = |columns: &[&str]| format!("`{}`", columns.join(", "));
    let places: [(&str, &[&[&str]]); 4] = [
        ("crates/qbank-csv/src/lib.rs", &[&ENTRY_COLUMNS]),
        ("crates/qbank-csv/README.md", &[&ENTRY_COLUMNS]),
        (
            "crates/qbank-xlsx/README.md",
            &[
                &ENTRY_COLUMNS,
                &ITEM_COLUMNS,
                &OPTION_COLUMNS,
                &BLANK_COLUMNS,
                &GRADED_COLUMNS,
            ],
        ),
        (
            "docs/exports.md",
            &[
                &ITEM_COLUMNS,
                &OPTION_COLUMNS,
                &BLANK_COLUMNS,
                &GRADED_COLUMNS,
            ],
        ),
    ];
    for (path, lists) in places {
        let text = read(path);
        for columns in lists {
            let list = listed(columns);
            assert!(text.contains(&list), "{path} does not list {list}");
        }
    }
    // docs/exports.md's CSV table: one row per column (or a few, as
    // `question`, `answer`, `analysis`), in order.
    let exports = std::fs::read_to_string(root().join("docs/exports.md")).unwrap();
    let csv = exports.split("## CSV (`--to csv`)").nth(1).unwrap();
    let table = csv
        .split("\n\n")
        .find(|p| p.starts_with("| column |"))
        .unwrap();
    let named: Vec<&str> = table
        .lines()
        .skip(2)
        .flat_map(|row| row.split('|').nth(1).unwrap().split(','))
        .map(|c| c.trim().trim_matches('`'))
        .collect();
    assert_eq!(named, ENTRY_COLUMNS, "docs/exports.md, the CSV columns");
}

/// Every source file the docs name (`crates/…/x.rs`, `tests/it/x.rs::test`)
/// exists and holds the function named: docs/security.md pointed at
/// `crates/qbank-anki/src/html.rs` after the sanitiser moved to qbank-render.
#[test]
fn source_files_named_in_the_docs_exist() {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.extend(["README.md", "CONTRIBUTING.md"].map(|p| root().join(p)));
    let mut stale = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        for word in text.split(|c: char| c.is_whitespace() || "`()[],;".contains(c)) {
            let (file, function) = word.split_once("::").unwrap_or((word, ""));
            let starts = ["crates/", "src/", "tests/", "benches/", "fuzz/"];
            // Paths with a placeholder (`rules/<rule_name>.rs`) are patterns.
            if !file.ends_with(".rs")
                || !starts.iter().any(|s| file.starts_with(s))
                || file.contains(['<', '*'])
            {
                continue;
            }
            let Ok(source) = std::fs::read_to_string(root().join(file)) else {
                stale.push(format!("{}: {file}", doc.display()));
                continue;
            };
            let function: String = function
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !function.is_empty() && !source.contains(&format!("fn {function}(")) {
                stale.push(format!("{}: {file}::{function}", doc.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the docs name what is not there: {stale:#?}"
    );
}
