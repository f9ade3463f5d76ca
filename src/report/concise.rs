//! `path:line:col: QB### [rule-name] message`.

use super::Findings;
use std::fmt::Write as _;

/// `path:line:col: QB### [rule-name] message`, one per line.
pub(crate) fn concise(w: &mut dyn std::io::Write, findings: &Findings<'_>) -> std::io::Result<()> {
    let (files, diagnostics) = (findings.files, findings.diagnostics);
    let mut out = String::new();
    for d in diagnostics {
        let f = &files[d.file];
        let r = f.region(d.span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            f.path, r.line, r.column, d.rule.code, d.rule.name, d.message
        );
    }
    w.write_all(out.as_bytes())
}
