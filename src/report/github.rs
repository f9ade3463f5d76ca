//! GitHub Actions workflow commands.

use super::Findings;
use qbank_lint::Severity;
use std::fmt::Write as _;

/// GitHub Actions workflow commands.
pub(crate) fn github(w: &mut dyn std::io::Write, findings: &Findings<'_>) -> std::io::Result<()> {
    let (files, diagnostics) = (findings.files, findings.diagnostics);
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diagnostics {
        let f = &files[d.file];
        let r = f.region(d.span);
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            property(&f.path),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            property(d.rule.code),
            data(&format!("[{}] {}", d.rule.name, d.message)),
        );
    }
    w.write_all(out.as_bytes())
}
