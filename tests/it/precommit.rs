//! The README's pre-commit snippet works as written: it is taken from
//! README.md (and docs/editors.md shows the same), written as a bank
//! repository's `.pre-commit-config.yaml`, and run by pre-commit itself
//! (`$QBANK_PYTHON -m pre_commit`) with this build's `qbank` on the `PATH`.
//! The test is ignored where pre-commit is missing, outside CI (build.rs).

use crate::util::{root, tempdir};
use std::path::Path;
use std::process::{Command, Output};

/// The README's `.pre-commit-config.yaml`: the YAML block that holds
/// `repo: local`.
fn readme_snippet() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| block.contains("repo: local"))
        .collect();
    assert_eq!(blocks.len(), 1, "one pre-commit snippet in the README");
    blocks[0].to_owned()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// `pre-commit run --files FILES` in `dir`, with this build's qbank first
/// on the PATH.
fn pre_commit(dir: &Path, files: &[&str]) -> Output {
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let bin = Path::new(env!("CARGO_BIN_EXE_qbank")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new(python)
        .current_dir(dir)
        .args(["-m", "pre_commit", "run", "--color", "never", "--files"])
        .args(files)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", dir.join(".cache"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_editors_guide_shows_the_readme_snippet() {
    let guide = std::fs::read_to_string(root().join("docs/editors.md")).unwrap();
    assert!(guide.contains(&readme_snippet()));
}

#[test]
#[cfg_attr(
    qbank_no_pre_commit,
    ignore = "pre-commit is not installed for $QBANK_PYTHON or python3 (pip install pre-commit; `touch build.rs` after)"
)]
fn the_readme_pre_commit_snippet_runs_as_written() {
    let dir = tempdir();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::write(repo.join(".pre-commit-config.yaml"), readme_snippet()).unwrap();
    std::fs::write(repo.join(".gitignore"), ".cache/\n").unwrap();
    std::fs::copy(
        root().join("fixtures/shapes/heading-question.md"),
        repo.join("clean.md"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/llm-industry.md"),
        repo.join("sample.md"),
    )
    .unwrap();
    git(repo, &["add", "-A"]);

    let clean = pre_commit(repo, &["clean.md"]);
    let said = String::from_utf8_lossy(&clean.stdout).into_owned();
    assert!(
        clean.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(
        said.contains("qbank check") && said.contains("qbank fmt"),
        "{said}"
    );

    let sample = pre_commit(repo, &["sample.md"]);
    let said = String::from_utf8_lossy(&sample.stdout).into_owned();
    assert!(!sample.status.success(), "{said}");
    assert!(said.contains("QB402"), "the duplicate question: {said}");
}
