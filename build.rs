//! Which Python packages (and browser) the tests that read exports back (or
//! run pre-commit) can use: a test
//! whose package is missing is marked ignored, with the reason, so that
//! `cargo test` says "ignored, openpyxl is not installed …" instead of
//! passing without checking anything. In CI (`CI` set) nothing is ignored:
//! a missing package fails the test.
//!
//! The real platform clients (tests/it/platforms.rs) are found here too, and
//! their places handed to the tests: the shared folder beside the
//! repository (`QBANK_SHARED`, else `../shared`, else the project's copy
//! in `tests/clients/`) with Canvas's QTIMigrationTool, and gift-pegjs (`QBANK_GIFT_PEGJS`, else where
//! `.ci/run` installs it) run by Node (`QBANK_NODE`, else `node`); and
//! the AnkiConnect add-on (`clients/anki-connect` of `QBANK_SHARED`, else of
//! `../shared`, else the project's copy in `tests/clients/`) that `qbank sync`'s tests load into a headless Anki (`aqt`
//! in the same Python).

use std::path::PathBuf;
use std::process::Command;

/// The gift-pegjs that `.ci/run` installs (keep the two in step).
const GIFT_PEGJS_VERSION: &str = "1.0.2";

fn main() {
    println!("cargo::rerun-if-env-changed=QBANK_PYTHON");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_openpyxl)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_anki)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_browser)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_pre_commit)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_qti_migration)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_gift_pegjs)");
    println!("cargo::rustc-check-cfg=cfg(qbank_no_anki_connect)");
    println!("cargo::rerun-if-env-changed=QBANK_CHROMIUM");
    println!("cargo::rerun-if-env-changed=QBANK_CHROMEDRIVER");
    let (shared, gift_pegjs, node) = platform_clients();
    println!("cargo::rustc-env=QBANK_SHARED_DIR={}", shared.display());
    println!(
        "cargo::rustc-env=QBANK_GIFT_PEGJS_DIR={}",
        gift_pegjs.display()
    );
    println!("cargo::rustc-env=QBANK_NODE_BIN={node}");
    let anki_connect = anki_connect_dir();
    println!(
        "cargo::rustc-env=QBANK_ANKI_CONNECT_DIR={}",
        anki_connect.display()
    );
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
    // `qbank sync`'s tests run a headless Anki (aqt, from PyPI) with the
    // AnkiConnect add-on of the shared folder.
    if !has("aqt") || !anki_connect.join("__init__.py").is_file() {
        println!("cargo::rustc-cfg=qbank_no_anki_connect");
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
    // Canvas's QTI 1.2 to 2.1 converter: its script and lxml.
    if !shared.join("clients/QTIMigrationTool/migrate.py").is_file() || !has("lxml") {
        println!("cargo::rustc-cfg=qbank_no_qti_migration");
    }
    let gift_pegjs_runs = Command::new(&node)
        .args(["-e", "require(process.argv[1])"])
        .arg(&gift_pegjs)
        .output()
        .is_ok_and(|o| o.status.success());
    if !gift_pegjs_runs {
        println!("cargo::rustc-cfg=qbank_no_gift_pegjs");
    }
}

/// The AnkiConnect add-on (GPL-3.0; the tests copy it into their Anki's
/// add-on folder): `clients/anki-connect` of `QBANK_SHARED`, else of the
/// shared folder beside the checkout, else the project's copy in
/// `tests/clients/` (a fresh clone, as CI's, has no `../shared`). The copy
/// is test data only: no crate holds it, and the package excludes it.
fn anki_connect_dir() -> PathBuf {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let beside = root.join("../shared/clients/anki-connect");
    match std::env::var_os("QBANK_SHARED").filter(|v| !v.is_empty()) {
        Some(shared) => PathBuf::from(shared).join("clients/anki-connect"),
        None if beside.join("__init__.py").is_file() => beside,
        None => root.join("tests/clients/anki-connect"),
    }
}

/// The shared folder, gift-pegjs's package folder and Node, from the
/// environment or their defaults.
fn platform_clients() -> (PathBuf, PathBuf, String) {
    println!("cargo::rerun-if-env-changed=QBANK_SHARED");
    println!("cargo::rerun-if-env-changed=QBANK_GIFT_PEGJS");
    println!("cargo::rerun-if-env-changed=QBANK_NODE");
    println!("cargo::rerun-if-env-changed=XDG_CACHE_HOME");
    println!("cargo::rerun-if-env-changed=HOME");
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The shared folder beside the checkout when it holds the converter;
    // else the project's own copy under tests/clients (a fresh clone, as
    // CI's, has no ../shared).
    let beside = root.join("../shared");
    let shared = var("QBANK_SHARED").map_or_else(
        || {
            if beside.join("clients/QTIMigrationTool/migrate.py").is_file() {
                beside
            } else {
                root.join("tests")
            }
        },
        PathBuf::from,
    );
    let cache = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_default();
    let gift_pegjs = var("QBANK_GIFT_PEGJS").map_or_else(
        || {
            cache
                .join("qbank-ci-tools")
                .join(format!("gift-pegjs-{GIFT_PEGJS_VERSION}"))
                .join("node_modules/gift-pegjs")
        },
        PathBuf::from,
    );
    let node = std::env::var("QBANK_NODE").unwrap_or_else(|_| "node".to_owned());
    (shared, gift_pegjs, node)
}
