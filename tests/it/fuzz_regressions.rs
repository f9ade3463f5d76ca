//! Replays the fuzz targets' checks (`fuzz/checks.rs`) on every input that
//! once failed (`fuzz/regressions/<target>/`) and on every fixture, so a
//! fixed crash stays fixed without a fuzzer installed.

#[path = "../../fuzz/checks.rs"]
mod checks;

use crate::util::root;
use std::path::{Path, PathBuf};

/// Every regular file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path.file_name().is_some_and(|n| n != ".keep") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn replay(target: &str, check: fn(&[u8])) {
    let dir = root().join("fuzz/regressions").join(target);
    for path in files_under(&dir) {
        let data = std::fs::read(&path).expect("regression input readable");
        // A panic names the input that caused it.
        eprintln!("{target}: {}", path.display());
        check(&data);
    }
}

#[test]
fn parse_regressions() {
    replay("parse", checks::parse);
}

#[test]
fn lint_regressions() {
    replay("lint", checks::lint_bytes);
}

#[test]
fn export_regressions() {
    replay("export", checks::export);
}

#[test]
fn fix_regressions() {
    replay("fix", checks::fix);
}

#[test]
fn fmt_regressions() {
    replay("fmt", checks::fmt);
}

/// The fuzzers start from the fixtures; the checks hold on all of them.
#[test]
fn fixtures_pass_every_check() {
    let mut inputs = files_under(&root().join("fixtures"));
    inputs.extend(files_under(
        &root().join("crates/qbank-lint/tests/fixtures"),
    ));
    inputs.retain(|p| p.extension().is_some_and(|e| e == "md"));
    assert!(inputs.len() > 40, "fixtures not found");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        eprintln!("{}", path.display());
        checks::parse(&data);
        checks::lint_bytes(&data);
        checks::fix(&data);
        checks::export(&data);
        checks::fmt(&data);
    }
}
