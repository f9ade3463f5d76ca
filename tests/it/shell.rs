//! Fitting the shell: completions, the man page, `--color` with `NO_COLOR`
//! and `CLICOLOR_FORCE`, and binary formats kept off the terminal.

use crate::util::{qbank, stderr, stdout};
use std::process::Command;

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = qbank().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains("qbank"), "{shell}");
        for command in ["check", "export", "fmt", "import", "inspect"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    // bash parses the bash script.
    let out = qbank().args(["completions", "bash"]).output().unwrap();
    let dir = crate::util::tempdir();
    let path = dir.path().join("qbank.bash");
    std::fs::write(&path, &out.stdout).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn the_man_page_is_roff_of_the_help() {
    let out = qbank().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.contains(".TH qbank 1"), "{}", &page[..200]);
    for part in [
        ".SH NAME",
        ".SH SYNOPSIS",
        "\\-\\-color",
        "export",
        "fmt",
        "import",
    ] {
        assert!(page.contains(part), "no {part}");
    }
}

/// A bank with one finding, reported graphically.
fn finding(extra_env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = qbank();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.args(["check", "fixtures/out-of-order.md"]).args(args);
    stdout(&cmd.output().unwrap())
}

#[test]
fn color_flag_and_environment() {
    let escape = "\u{1b}[";
    // Not a terminal: no colour by default.
    assert!(!finding(&[], &[]).contains(escape));
    assert!(finding(&[], &["--color", "always"]).contains(escape));
    assert!(finding(&[], &["--color=always"]).contains(escape));
    assert!(!finding(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains(escape));
    assert!(finding(&[("CLICOLOR_FORCE", "1")], &[]).contains(escape));
    assert!(!finding(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains(escape));
    // The flag goes anywhere, on every command.
    for args in [
        vec!["--color", "never", "rules"],
        vec!["rules", "--color", "never"],
        vec![
            "fmt",
            "--check",
            "fixtures/llm-industry.md",
            "--color",
            "never",
        ],
        vec!["inspect", "fixtures/llm-industry.md", "--color", "never"],
    ] {
        let out = qbank().args(&args).output().unwrap();
        assert_ne!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = qbank()
        .args(["rules", "--color", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn binary_formats_stay_off_the_terminal() {
    for format in ["xlsx", "anki"] {
        let out = qbank()
            .env("QBANK_ASSUME_TTY", "1")
            .args(["export", "fixtures/llm-industry.md", "--to", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty());
        let err = stderr(&out)
            .split_whitespace()
            .filter(|w| *w != "|")
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            err.contains("to the terminal: add `-o FILE` or redirect"),
            "{err}"
        );
    }
    // Text formats still print, and binary ones go to a pipe.
    let out = qbank()
        .env("QBANK_ASSUME_TTY", "1")
        .args(["export", "fixtures/llm-industry.md", "--to", "csv", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = qbank()
        .args(["export", "fixtures/llm-industry.md", "--to", "xlsx", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.starts_with(b"PK"));
}
