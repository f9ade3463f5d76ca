//! The JSON report.

use super::Findings;
use serde_json::{Value, json};

/// The JSON report, written finding by finding.
pub(crate) fn json(w: &mut dyn std::io::Write, findings: &Findings<'_>) -> std::io::Result<()> {
    let (files, diagnostics, totals) = (findings.files, findings.diagnostics, findings.totals);
    let items = diagnostics.iter().map(|d| {
        let f = &files[d.file];
        let r = f.region(d.span);
        let fix = d.fix.as_ref().map(|fix| {
            json!({
                "message": fix.message,
                "applicability": fix.applicability,
                "edits": fix.edits.iter().map(|e| {
                    let er = f.region(e.span);
                    json!({
                        "line": er.line, "column": er.column,
                        "end_line": er.end_line, "end_column": er.end_column,
                        "content": e.replacement,
                    })
                }).collect::<Vec<_>>(),
            })
        });
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|rel| {
                let rf = &files[rel.file];
                let rr = rf.region(rel.span);
                json!({
                    "path": rf.path, "line": rr.line, "column": rr.column,
                    "end_line": rr.end_line, "end_column": rr.end_column,
                    "message": rel.message,
                })
            })
            .collect();
        let mut item = json!({
            "code": d.rule.code,
            "rule": d.rule.name,
            "severity": d.severity.as_str(),
            "path": f.path,
            "line": r.line,
            "column": r.column,
            "end_line": r.end_line,
            "end_column": r.end_column,
            "message": d.message,
            "help": d.help,
            "related": related,
            "fix": fix,
        });
        if let Some(url) = f.rule_url(d.rule) {
            item["url"] = json!(url);
        }
        item
    });
    let value = json!({
        "version": 1,
        "diagnostics": STREAMED,
        "summary": {
            "files": totals.files,
            "errors": totals.errors,
            "warnings": totals.warnings,
            "fixable": totals.fixable,
            "fixed": totals.fixed,
        },
    });
    write_streamed(w, &value, items)
}

/// Stands for the array that [`write_streamed`] writes item by item.
pub(super) const STREAMED: &str = "\u{0}qbank-streamed\u{0}";

/// Write `value` as `serde_json::to_string_pretty` would, with `items`, as
/// an array, in place of the string [`STREAMED`]: each finding is built,
/// written and dropped in turn. Holding them all as `Value`s took 14 GB for
/// 2,000,000 findings.
pub(super) fn write_streamed(
    w: &mut dyn std::io::Write,
    value: &Value,
    items: impl Iterator<Item = Value>,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let marker = serde_json::to_string(STREAMED)?;
    let at = text
        .find(&marker)
        .ok_or_else(|| std::io::Error::other("streamed array marker missing"))?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let indent = line.len() - line.trim_start().len();
    let pad = " ".repeat(indent + 2);
    w.write_all(&text.as_bytes()[..at])?;
    w.write_all(b"[")?;
    let mut any = false;
    for item in items {
        w.write_all(if any { b",\n" } else { b"\n" })?;
        any = true;
        let item = serde_json::to_string_pretty(&item)?;
        for (i, line) in item.split('\n').enumerate() {
            if i > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(pad.as_bytes())?;
            w.write_all(line.as_bytes())?;
        }
    }
    if any {
        w.write_all(b"\n")?;
        w.write_all(" ".repeat(indent).as_bytes())?;
    }
    w.write_all(b"]")?;
    w.write_all(&text.as_bytes()[at + marker.len()..])?;
    w.write_all(b"\n")
}
