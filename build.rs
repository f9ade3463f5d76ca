//! Which Python packages (and browser) the tests that read exports back (or
//! run pre-commit) can use: a test
//! whose package is missing is marked ignored, with the reason, so that
//! `cargo test` says "ignored, openpyxl is not installed …" instead of
//! passing without checking anything. In CI (`CI` set) nothing is ignored:
//! a missing package fails the test.

use std::process::Command;

fn main() {
    println!("cargo::rerun-if-env-changed=QBANK_PYTHON");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_openpyxl)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_anki)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_browser)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_pre_commit)");
    println!("cargo::rerun-if-env-changed=QBANK_CHROMIUM");
    println!("cargo::rerun-if-env-changed=QBANK_CHROMEDRIVER");
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        return;
    }
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // The README's pre-commit snippet is run by pre-commit itself.
    if !has("pre_commit") {
        println!("cargo::rustc-cfg=qbank_no_pre_commit");
    }
    if !has("openpyxl") {
        println!("cargo::rustc-cfg=qbank_no_openpyxl");
    }
    if !has("anki.collection") {
        println!("cargo::rustc-cfg=qbank_no_anki");
    }
    // The study page's test drives Debian's Chromium with selenium.
    let file = |var: &str, default: &str| {
        std::path::PathBuf::from(std::env::var(var).unwrap_or_else(|_| default.to_owned()))
            .is_file()
    };
    if !has("selenium")
        || !file("QBANK_CHROMIUM", "/usr/bin/chromium")
        || !file("QBANK_CHROMEDRIVER", "/usr/bin/chromedriver")
    {
        println!("cargo::rustc-cfg=qbank_no_browser");
    }
}
