//! Helpers every test module shares.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The workspace root: fixtures, docs and scripts are found from here.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the workspace root, without colour.
pub(crate) fn qbank() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qbank"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    cmd
}

/// Run `cmd` to its end; fails the test with its standard error when it
/// fails.
pub(crate) fn succeed(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// Standard error, as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output, as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A temporary folder, removed when dropped.
pub(crate) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Run a Python check script of `tests/` with `args`; fails the test with
/// the script's output when it fails.
pub(crate) fn python_check(python: &str, script: &str, args: &[&str]) {
    let check = Command::new(python)
        .arg(root().join("tests").join(script))
        .args(args)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// A writer of one format, as its crate's `create` makes it.
pub(crate) type Made = qbank_export::Result<Box<dyn qbank_export::Writer<Vec<u8>>>>;

/// `files` exported by `writer`, through the driver as `qbank export` runs
/// it.
pub(crate) fn export_parsed(writer: Made, files: &[&qbank_core::ParsedFile]) -> Vec<u8> {
    qbank_export::export_parsed(writer, files).unwrap().output
}

/// A `--to json` writer with `generator`, indented or not.
pub(crate) fn json_writer(generator: &str, pretty: bool) -> Made {
    let mut shared = qbank_export::ExportOptions::default();
    shared.generator = generator.to_owned();
    let mut options = qbank_json::JsonOptions::default();
    options.pretty = pretty;
    qbank_json::create_json(Vec::new(), &shared, &options)
}
