//! SARIF 2.1.0.

use super::json::{STREAMED, write_streamed};
use super::{Findings, ReportFile, run_docs};
use qbank_core::Span;
use qbank_lint::{Diagnostic, DocsUrl, RULES, Severity};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// SARIF 2.1.0, with every rule and its help in `tool.driver.rules`,
/// written result by result.
pub(crate) fn sarif(w: &mut dyn std::io::Write, findings: &Findings<'_>) -> std::io::Result<()> {
    let (files, diagnostics) = (findings.files, findings.diagnostics);
    let results = diagnostics.iter().map(|d| result(files, d));
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "qbank",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules(run_docs(files)),
            }},
            "columnKind": "unicodeCodePoints",
            "results": STREAMED,
        }],
    });
    write_streamed(w, &value, results)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Every rule, with its documentation as help, and its page as `helpUri`
/// when a docs address is configured.
fn rules(docs: Option<&DocsUrl>) -> Vec<Value> {
    RULES
        .iter()
        .map(|r| {
            let help = r.explanation();
            let mut rule = json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": first_paragraph(&help)},
                "help": {"text": help, "markdown": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": ["qbank", r.name], "fixable": r.fix.is_fixable()},
            });
            if let Some(docs) = docs {
                rule["helpUri"] = json!(docs.rule_url(r));
            }
            rule
        })
        .collect()
}

/// A span of a file as a SARIF region.
fn region(file: &ReportFile<'_>, span: Span) -> Value {
    let r = file.region(span);
    json!({
        "startLine": r.line,
        "startColumn": r.column,
        "endLine": r.end_line,
        "endColumn": r.end_column,
    })
}

fn location(files: &[ReportFile<'_>], file: usize, span: Span, message: Option<&str>) -> Value {
    let f = &files[file];
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&f.path)},
            "region": region(f, span),
        },
    });
    if let Some(m) = message {
        loc["message"] = json!({"text": m});
    }
    loc
}

/// One finding as a SARIF result, with its related places and its fix.
fn result(files: &[ReportFile<'_>], d: &Diagnostic) -> Value {
    let index = RULES
        .iter()
        .position(|r| r.code == d.rule.code)
        .unwrap_or(0);
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": index,
        "level": level(d.severity),
        "message": {"text": format!("[{}] {}", d.rule.name, d.message)},
        "locations": [location(files, d.file, d.span, None)],
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut loc = location(files, rel.file, rel.span, Some(&rel.message));
                loc["id"] = json!(i);
                loc
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        let f = &files[d.file];
        result["fixes"] = json!([{
            "description": {"text": fix.message},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(&f.path)},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(f, e.span),
                    "insertedContent": {"text": e.replacement},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// The paragraph under "## What it does", on one line.
fn first_paragraph(doc: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| l.trim() != "## What it does")
        .skip(1);
    let mut out: Vec<&str> = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim();
        if line.is_empty() {
            if out.is_empty() {
                continue;
            }
            break;
        }
        out.push(line);
    }
    out.join(" ")
}

/// A relative URI reference for a path: `/` separators, percent-encoding
/// what URIs do not allow (spaces, `%`, `#`, `?`, non-ASCII bytes).
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            b'\\' => out.push('/'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}
