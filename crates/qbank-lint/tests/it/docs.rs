//! `docs/rules.md` is generated from the rules' doc comments; this test
//! fails when it is stale. Refresh with
//! `QBANK_UPDATE_DOCS=1 cargo test -p qbank-lint --test it docs::`.
#![allow(clippy::unwrap_used)]

use qbank_lint::{FixAvailability, RULES};
use std::fmt::Write as _;
use std::path::PathBuf;

fn rules_md() -> String {
    let mut out = String::from(
        "# Rules\n\n\
         <!-- Generated from the rules' doc comments (crates/qbank-lint/src/rules/) by\n\
         crates/qbank-lint/tests/it/docs.rs: do not edit by hand. Refresh with\n\
         `QBANK_UPDATE_DOCS=1 cargo test -p qbank-lint --test it docs::`. -->\n\n\
         `qbank check` runs every rule below. Codes are stable and never reused; a rule\n\
         can be named by its code or its name wherever rules are named (`--select`,\n\
         `--ignore`, `qbank.toml`, suppression comments, `qbank explain`). Severities\n\
         are the defaults: `qbank.toml` can turn any rule off or change its severity\n\
         (see [config.md](config.md)). Errors make `qbank check` exit with 1;\n\
         warnings do not. Rules marked *fix* have safe fixes that `qbank check --fix`\n\
         applies. Each rule's section is `#` and its name (`rules.md#duplicate-title`):\n\
         findings link there when `docs-url` in `qbank.toml` names where this page is\n\
         hosted (see [config.md](config.md#rule-links)), and carry no link otherwise.\n\n\
         Eight rules judge what depends on how an entry was read (`missing-answer`,\n\
         `choice-without-correct`, `empty-section`, `entry-heading`, `duplicate-question`,\n\
         `duplicate-title`, `duplicate-section`, `duplicate-option`). They stay silent on\n\
         entries read as a guess (`qbank inspect` shows each entry's confidence and why:\n\
         see [format.md](format.md#712-how-sure-a-reading-is)), and where one of them\n\
         finds four entries or more, more than half of a file's, it reports them as one\n\
         finding (\"entry 1 has no answer, and 41 more entries like it (42 of 50)\"), the\n\
         others its related locations and its fix, if any, theirs too: so many alike\n\
         point to one cause, often a reading to check.\n\n\
         | code | name | severity | fix | what it flags |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        let _ = writeln!(
            out,
            "| {} | [`{}`](#{}) | {} | {} | {} |",
            r.code,
            r.name,
            r.name,
            r.severity.as_str(),
            if r.fix.is_fixable() { "fix" } else { "" },
            r.summary
        );
    }
    for r in RULES {
        let fix = match r.fix {
            FixAvailability::None => "no",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        };
        let _ = write!(
            out,
            "\n## {}\n\nCode `{}` · default severity **{}** · fixable: {}\n\n",
            r.name,
            r.code,
            r.severity.as_str(),
            fix
        );
        // The rule's own headings, one level down.
        for line in r.explanation().lines() {
            if let Some(h) = line.strip_prefix("## ") {
                let _ = writeln!(out, "### {h}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

#[test]
fn rules_reference_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let expected = rules_md();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("QBANK_UPDATE_DOCS").is_some() {
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!(
                "docs/rules.md is stale: run `QBANK_UPDATE_DOCS=1 cargo test -p qbank-lint --test it docs::`"
            );
        }
    }
}
