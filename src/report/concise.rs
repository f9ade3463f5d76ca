//! `path:line:col: QB### [rule-name] message`.

use super::ReportFile;
use qbank_lint::Diagnostic;
use std::fmt::Write as _;

/// `path:line:col: QB### [rule-name] message`, one per line.
pub(crate) fn concise(files: &[ReportFile<'_>], diagnostics: &[Diagnostic]) -> String {
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
    out
}
