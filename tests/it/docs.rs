//! Generated documentation stays current: `docs/cli.md` is the binary's own
//! help. Run `QBANK_UPDATE_DOCS=1 cargo test --test it docs::` to refresh it.
#![allow(clippy::unwrap_used)]

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
         (`qbank check`; with `--diff`, also when there is something to fix); `2` usage,\n\
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
