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

/// The long options a subcommand's `--help` lists (`--format`…).
fn long_options(command: &str) -> Vec<String> {
    let out = qbank().args([command, "--help"]).output().unwrap();
    assert!(out.status.success(), "{command} --help");
    stdout(&out)
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| {
            l.split([' ', ',', '=', '<', '['])
                .find(|w| w.starts_with("--"))
        })
        .filter(|o| *o != "--help")
        .map(str::to_owned)
        .collect()
}

/// Every page qbank.1 lists (`qbank-check(1)`…) is written by
/// `qbank man --dir` and printed by `qbank man COMMAND`, with the
/// subcommand's options.
#[test]
fn every_listed_man_page_exists_with_its_options() {
    let dir = crate::util::tempdir();
    let folder = dir.path().join("share/man/man1");
    let out = qbank()
        .args(["man", "--dir"])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let main = std::fs::read_to_string(folder.join("qbank.1")).unwrap();
    assert_eq!(main, stdout(&qbank().arg("man").output().unwrap()));
    let listed: Vec<&str> = main
        .lines()
        .filter_map(|l| l.strip_prefix("qbank\\-")?.strip_suffix("(1)"))
        .collect();
    assert!(listed.len() >= 10, "{listed:?}");
    for command in ["check", "export", "fmt", "import", "inspect", "man"] {
        assert!(listed.contains(&command), "qbank.1 lists no {command}");
    }
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = listed.iter().map(|c| format!("qbank-{c}.1")).collect();
    expected.push("qbank.1".to_owned());
    expected.sort();
    assert_eq!(files, expected, "one page per listed subcommand, no other");
    for command in listed {
        let page = std::fs::read_to_string(folder.join(format!("qbank-{command}.1"))).unwrap();
        assert!(
            page.contains(&format!(".TH qbank-{command} 1 ")),
            "{command}: {}",
            &page[..page.len().min(200)]
        );
        for option in long_options(command) {
            let roff = option.replace('-', "\\-");
            assert!(page.contains(&roff), "qbank-{command}.1 lacks {option}");
        }
        let printed = qbank().args(["man", command]).output().unwrap();
        assert!(printed.status.success(), "man {command}");
        assert_eq!(stdout(&printed), page, "man {command}");
    }
    let out = qbank().args(["man", "nosuch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no man page for `nosuch`"),
        "{}",
        stderr(&out)
    );
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

/// A bank of a few thousand entries.
fn big_bank(dir: &std::path::Path) -> std::path::PathBuf {
    let sample =
        std::fs::read_to_string(crate::util::root().join("fixtures/llm-industry.md")).unwrap();
    let path = dir.join("big.md");
    std::fs::write(&path, sample.repeat(40)).unwrap();
    path
}

#[test]
fn progress_never_in_a_pipe() {
    let dir = crate::util::tempdir();
    let bank = big_bank(dir.path());
    let out = qbank()
        .env("QBANK_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .arg("export")
        .arg(&bank)
        .args(["--to", "csv", "-o"])
        .arg(dir.path().join("out.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.starts_with("exported 1200 entries from 1 file to "),
        "{err:?}"
    );
    assert_eq!(err.lines().count(), 1, "{err:?}");
}

#[test]
fn progress_on_a_terminal() {
    // util-linux's `script` runs the command on a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "`script` is needed in CI");
        return;
    }
    let dir = crate::util::tempdir();
    let bank = big_bank(dir.path());
    let command = format!(
        "{} export {} --to csv -o {}",
        env!("CARGO_BIN_EXE_qbank"),
        bank.display(),
        dir.path().join("out.csv").display()
    );
    let log = dir.path().join("typescript");
    let run = Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .env("QBANK_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(run.status.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(seen.contains("1/1 files, 1200 entries"), "{seen}");
    assert!(seen.contains("exported 1200 entries"), "{seen}");
}
