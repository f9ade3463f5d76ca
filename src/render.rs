//! Rendering `qbank check` findings: graphical (miette), concise, JSON,
//! SARIF 2.1.0 and GitHub Actions workflow commands.

use qbank_core::{LineIndex, Span};
use qbank_lint::{Applicability, Diagnostic, RULES, Severity};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// A checked file, as the renderers need it: its text borrowed (a copy
/// doubled a large bank's memory), its line index built on first use.
pub(crate) struct RenderFile<'a> {
    pub(crate) path: String,
    pub(crate) text: &'a str,
    lines: OnceLock<LineIndex>,
}

impl<'a> RenderFile<'a> {
    pub(crate) fn new(path: String, text: &'a str) -> Self {
        RenderFile {
            path,
            text,
            lines: OnceLock::new(),
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// 1-based (line, column, end line, end column); columns in characters,
    /// the end exclusive.
    fn region(&self, span: Span) -> Region {
        let (line, column) = self.lines().line_col(self.text, span.start);
        let (end_line, end_column) = self.lines().line_col(self.text, span.end.max(span.start));
        Region {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Clone, Copy)]
struct Region {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

/// Totals for summaries.
#[derive(Default, Clone, Copy)]
pub(crate) struct Totals {
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) fixable: usize,
    pub(crate) fixed: usize,
}

impl Totals {
    pub(crate) fn new(files: usize, diagnostics: &[Diagnostic], fixed: usize) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let fixable = diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            .count();
        Totals {
            files,
            errors,
            warnings: diagnostics.len() - errors,
            fixable,
            fixed,
        }
    }

    /// `Found 3 problems (1 error, 2 warnings) in 2 files; 1 fixable with --fix.`
    pub(crate) fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = String::new();
        if self.fixed > 0 {
            let _ = write!(s, "Fixed {}. ", plural(self.fixed, "problem"));
        }
        if self.errors + self.warnings == 0 {
            let _ = write!(s, "No problems found in {}.", plural(self.files, "file"));
        } else {
            let _ = write!(
                s,
                "Found {} ({}, {}) in {}.",
                plural(self.errors + self.warnings, "problem"),
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
                plural(self.files, "file")
            );
            if self.fixable > 0 {
                let _ = write!(s, " {} fixable with --fix.", self.fixable);
            }
        }
        s
    }
}

/// `path:line:col: QB### [rule-name] message`, one per line.
pub(crate) fn concise(files: &[RenderFile<'_>], diagnostics: &[Diagnostic]) -> String {
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

/// The JSON report, written finding by finding.
pub(crate) fn json(
    w: &mut dyn std::io::Write,
    files: &[RenderFile<'_>],
    diagnostics: &[Diagnostic],
    totals: Totals,
) -> std::io::Result<()> {
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
        json!({
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
        })
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
const STREAMED: &str = "\u{0}qbank-streamed\u{0}";

/// Write `value` as `serde_json::to_string_pretty` would, with `items`, as
/// an array, in place of the string [`STREAMED`]: each finding is built,
/// written and dropped in turn. Holding them all as `Value`s took 14 GB for
/// 2,000,000 findings.
fn write_streamed(
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

/// GitHub Actions workflow commands.
pub(crate) fn github(files: &[RenderFile<'_>], diagnostics: &[Diagnostic]) -> String {
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
    out
}

/// SARIF 2.1.0, with every rule and its help in `tool.driver.rules`,
/// written result by result.
pub(crate) fn sarif(
    w: &mut dyn std::io::Write,
    files: &[RenderFile<'_>],
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let help = r.explanation();
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": first_paragraph(&help)},
                "help": {"text": help, "markdown": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": ["qbank", r.name], "fixable": r.fix.is_fixable()},
            })
        })
        .collect();
    let location = |file: usize, span: Span, message: Option<&str>| {
        let f = &files[file];
        let r = f.region(span);
        let mut loc = json!({
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&f.path)},
                "region": {
                    "startLine": r.line,
                    "startColumn": r.column,
                    "endLine": r.end_line,
                    "endColumn": r.end_column,
                },
            },
        });
        if let Some(m) = message {
            loc["message"] = json!({"text": m});
        }
        loc
    };
    let results = diagnostics.iter().map(|d| {
        let index = RULES
            .iter()
            .position(|r| r.code == d.rule.code)
            .unwrap_or(0);
        let mut result = json!({
            "ruleId": d.rule.code,
            "ruleIndex": index,
            "level": level(d.severity),
            "message": {"text": format!("[{}] {}", d.rule.name, d.message)},
            "locations": [location(d.file, d.span, None)],
        });
        if !d.related.is_empty() {
            result["relatedLocations"] = d
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let mut loc = location(rel.file, rel.span, Some(&rel.message));
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
                    "replacements": fix.edits.iter().map(|e| {
                        let r = f.region(e.span);
                        json!({
                            "deletedRegion": {
                                "startLine": r.line, "startColumn": r.column,
                                "endLine": r.end_line, "endColumn": r.end_column,
                            },
                            "insertedContent": {"text": e.replacement},
                        })
                    }).collect::<Vec<_>>(),
                }],
            }]);
        }
        result
    });
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "qbank",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": STREAMED,
        }],
    });
    write_streamed(w, &value, results)
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

/// The graphical report of one diagnostic, through miette.
pub(crate) fn graphical(files: &[RenderFile<'_>], d: &Diagnostic, color: bool) -> String {
    let report = Report::new(files, d);
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    let _ = handler.render_report(&mut out, &report);
    out
}

/// A finding as a miette diagnostic: the source snippet, a label at the
/// span, the related places in the same file as secondary labels and those
/// in other files as related reports.
#[derive(Debug)]
struct Report<'a> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: CharColumns<'a>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    fn new(files: &'a [RenderFile<'a>], d: &Diagnostic) -> Self {
        let f = &files[d.file];
        let mut labels = vec![miette::LabeledSpan::new_primary_with_span(
            Some(if d.label.is_empty() {
                d.rule.name.to_owned()
            } else {
                d.label.clone()
            }),
            source_span(d.span),
        )];
        let mut related = Vec::new();
        for rel in &d.related {
            if rel.file == d.file {
                labels.push(miette::LabeledSpan::new_with_span(
                    Some(rel.message.clone()),
                    source_span(rel.span),
                ));
            } else {
                let rf = &files[rel.file];
                related.push(Report {
                    message: format!("{}: {}", rf.path, rel.message),
                    code: String::new(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: CharColumns::new(rf),
                    labels: vec![miette::LabeledSpan::new_primary_with_span(
                        Some(rel.message.clone()),
                        source_span(rel.span),
                    )],
                    related: Vec::new(),
                });
            }
        }
        Report {
            message: d.message.clone(),
            code: format!("{}({})", d.rule.code, d.rule.name),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            help: d.help.clone(),
            source: CharColumns::new(f),
            labels,
            related,
        }
    }
}

/// A file's text for miette, whose location headers (`path:line:col`) count
/// columns in characters, as every other qbank output does (miette counts
/// bytes, which is three per Chinese character).
///
/// It also hands miette only the lines around a span: miette's own
/// `SourceCode` for text counts lines from the start of the file on every
/// call, so a file with many findings took time proportional to the file's
/// size times their number (minutes for 70,000 findings in 100 MB). Here the
/// window is found by scanning back and forth from the span, and its first
/// line number comes from the file's line index.
#[derive(Debug)]
struct CharColumns<'a> {
    name: String,
    text: &'a str,
    lines: &'a LineIndex,
}

impl<'a> CharColumns<'a> {
    fn new(file: &'a RenderFile<'a>) -> Self {
        CharColumns {
            name: file.path.clone(),
            text: file.text,
            lines: file.lines(),
        }
    }
}

/// The byte range of the lines around `start..end`: `before` whole lines
/// before the line of `start`, and `after` lines after the line of `end`,
/// each plus one, so that miette, reading the window, meets the same line
/// breaks before and after the span as it would in the whole text (it
/// treats a span at offset 0 differently).
fn line_window(
    text: &str,
    start: usize,
    end: usize,
    before: usize,
    after: usize,
) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = end.max(start).min(bytes.len());
    let mut from = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    for _ in 0..=before {
        if from == 0 {
            break;
        }
        from = memchr::memrchr(b'\n', &bytes[..from - 1]).map_or(0, |i| i + 1);
    }
    let mut to = end;
    for _ in 0..=after + 1 {
        match memchr::memchr(b'\n', &bytes[to..]) {
            Some(i) => to += i + 1,
            None => {
                to = bytes.len();
                break;
            }
        }
    }
    (from, to)
}

impl miette::SourceCode for CharColumns<'_> {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text: &'a str = self.text;
        let (from, to) = line_window(
            text,
            span.offset(),
            span.offset() + span.len(),
            context_lines_before,
            context_lines_after,
        );
        let window = text.get(from..to).ok_or(miette::MietteError::OutOfBounds)?;
        let local = miette::SourceSpan::from((span.offset().saturating_sub(from), span.len()));
        let inner =
            window
                .as_bytes()
                .read_span(&local, context_lines_before, context_lines_after)?;
        // Lines before the window (`line` is 0-based in miette).
        let base_line = self.lines.line(from as u32).saturating_sub(1) as usize;
        let inner_span =
            miette::SourceSpan::from((inner.span().offset() + from, inner.span().len()));
        let mut column = inner.column();
        if context_lines_before == 0 && context_lines_after == 0 {
            let offset = span.offset().min(text.len());
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            column = text
                .get(line_start..offset)
                .map_or(column, |s| s.chars().count());
        }
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            inner_span,
            inner.line() + base_line,
            column,
            inner.line_count() + base_line,
        )))
    }
}

fn source_span(span: Span) -> miette::SourceSpan {
    (span.start as usize, span.len()).into()
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn std::fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic))
                as Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::SourceCode as _;

    /// The windowed source gives miette what its own whole-text reading
    /// gives, for every span and context size.
    #[test]
    fn windowed_source_matches_miette() {
        let text = "第一行\nline two\n\n四 four\nfive\nsix six\n\nlast";
        let file = RenderFile::new("t.md".to_owned(), text);
        let source = CharColumns::new(&file);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start) {
                for before in 0..3 {
                    for after in 0..3 {
                        let span = miette::SourceSpan::from((start, end - start));
                        let want = text.read_span(&span, before, after).unwrap();
                        let got = source.read_span(&span, before, after).unwrap();
                        let case = format!("{start}..{end} ±{before},{after}");
                        assert_eq!(got.data(), want.data(), "{case}");
                        assert_eq!(got.span(), want.span(), "{case}");
                        assert_eq!(got.line(), want.line(), "{case}");
                        assert_eq!(got.line_count(), want.line_count(), "{case}");
                        if before > 0 {
                            assert_eq!(got.column(), want.column(), "{case}");
                        }
                    }
                }
            }
        }
    }
}
