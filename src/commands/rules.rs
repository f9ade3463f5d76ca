//! `qbank rules` and `qbank explain`.

use crate::ExitStatus;
use crate::cli::{ExplainArgs, RulesArgs};
use crate::errors::{CliError, report};
use qbank_lint::{RULES, Rule};
use std::io::Write;

pub(crate) fn run(args: &RulesArgs) -> ExitStatus {
    let text = if args.json {
        let rules: Vec<serde_json::Value> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "summary": r.summary,
                    "severity": r.severity.as_str(),
                    "fixable": r.fix.is_fixable(),
                })
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
        s.push('\n');
        s
    } else {
        table()
    };
    print(&text)
}

/// The rule table as `qbank rules` prints it.
pub(crate) fn table() -> String {
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:<6} {:<width$} {:<8} {:<4} summary\n",
        "code", "name", "severity", "fix"
    );
    for r in RULES {
        out.push_str(&format!(
            "{:<6} {:<width$} {:<8} {:<4} {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            if r.fix.is_fixable() { "yes" } else { "" },
            r.summary
        ));
    }
    out
}

pub(crate) fn explain(args: &ExplainArgs) -> ExitStatus {
    match qbank_lint::rule(&args.rule) {
        Some(rule) => print(&explanation(rule)),
        None => {
            report(CliError::UnknownRule {
                name: args.rule.clone(),
                flag: "`qbank explain`",
            });
            ExitStatus::Error
        }
    }
}

/// A rule's explanation as `qbank explain` prints it.
pub(crate) fn explanation(rule: &Rule) -> String {
    format!(
        "# {} ({})\n\nDefault severity: {}. Fix: {}.\n\n{}",
        rule.name,
        rule.code,
        rule.severity.as_str(),
        match rule.fix {
            qbank_lint::FixAvailability::None => "none",
            qbank_lint::FixAvailability::Sometimes => "sometimes (`qbank check --fix`)",
            qbank_lint::FixAvailability::Always => "always (`qbank check --fix`)",
        },
        rule.explanation()
    )
}

fn print(text: &str) -> ExitStatus {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(source) => {
            report(CliError::Stdout { source });
            ExitStatus::Error
        }
    }
}
