//! The graphical report, through miette.

use super::{Findings, ReportFile};
use qbank_core::{LineIndex, Span};
use qbank_lint::{Diagnostic, Severity};

/// The graphical report, written as rendered, one diagnostic at a time
/// (the report of a large bank with many findings is larger than the bank),
/// then the totals line.
pub(crate) fn graphical(
    w: &mut dyn std::io::Write,
    findings: &Findings<'_>,
) -> std::io::Result<()> {
    for d in findings.diagnostics {
        w.write_all(diagnostic(findings.files, d, findings.color).as_bytes())?;
    }
    if findings.summary {
        writeln!(w, "{}", findings.totals.line())?;
    }
    Ok(())
}

/// The graphical report of one diagnostic, through miette.
fn diagnostic(files: &[ReportFile<'_>], d: &Diagnostic, color: bool) -> String {
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

/// How many related places the graphical report draws for one finding.
/// A pattern finding ("and 999,998 more entries like it") carries every
/// place; drawn in full, its snippet was longer than the bank, and miette
/// takes time proportional to its lines times its labels (8,000 places:
/// 10 s; a million: hours). The JSON and SARIF reports list them all.
const MAX_PLACES: usize = 8;

/// A finding as a miette diagnostic: the source snippet, a label at the
/// span, the first related places in the same file as secondary labels and
/// those in other files as related reports, and a note saying how many
/// more there are.
#[derive(Debug)]
struct Report<'a> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    /// The rule's page, when a docs address is configured.
    url: Option<String>,
    source: CharColumns<'a>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    fn new(files: &'a [ReportFile<'a>], d: &Diagnostic) -> Self {
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
        for rel in d.related.iter().take(MAX_PLACES) {
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
                    url: None,
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
            help: with_more_places(d.help.clone(), d.related.len()),
            url: f.rule_url(d.rule),
            source: CharColumns::new(f),
            labels,
            related,
        }
    }
}

/// The finding's help, and a line saying how many related places are not
/// drawn.
fn with_more_places(help: Option<String>, places: usize) -> Option<String> {
    if places <= MAX_PLACES {
        return help;
    }
    let more = format!(
        "{} more places are not shown here; `--format json` lists all {places}",
        places - MAX_PLACES
    );
    Some(match help {
        Some(help) => format!("{help}\n{more}"),
        None => more,
    })
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
    fn new(file: &'a ReportFile<'a>) -> Self {
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

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn std::fmt::Display>)
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
        let file = ReportFile::new("t.md".to_owned(), text);
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
