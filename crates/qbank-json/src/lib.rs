//! # qbank-json: JSON and JSON Lines export of question banks
//!
//! Writes documents as one JSON object (format version [`FORMAT_VERSION`],
//! described by the JSON Schema in [`SCHEMA`]) or as JSON Lines (one entry
//! per line, see [`JSONL_SCHEMA`]): [`create_json`] and [`create_jsonl`]
//! make a [`Writer`]. Output is streamed: a document is never built in
//! memory as a whole JSON tree, and entries are written as the parser hands
//! them on; nothing but the open document's place in its line count is
//! held.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_export::ExportOptions;
//! use qbank_json::JsonOptions;
//!
//! let md = "# Bank\n\n## 1. First\n\nQuestion: Why?\n\nAnswer: Because.\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let json = qbank_json::create_json(Vec::new(), &ExportOptions::default(), &JsonOptions::default());
//! let out = qbank_export::export_parsed(json, &[&file])?.output;
//! let value: serde_json::Value = serde_json::from_slice(&out)?;
//! let entry = &value["documents"][0]["entries"][0];
//! assert_eq!(entry["question"], "Why?");
//! assert_eq!(entry["analysis"], serde_json::Value::Null);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use qbank_core::{
    Block, Document, Entry, Graded, List, Numerical, NumericalAnswer, SectionKind, Span, Tolerance,
};
use qbank_export::rows::{LineCounter, Sources};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// The version of the JSON format (the `version` key). It changes only when
/// a key is removed or changes meaning; new keys may appear in any version.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of the `--to json` output.
pub const SCHEMA: &str = include_str!("../schema/qbank-export-v1.schema.json");

/// The JSON Schema (draft 2020-12) of one line of the `--to jsonl` output.
pub const JSONL_SCHEMA: &str = include_str!("../schema/qbank-entry-v1.schema.json");

/// Why writing failed, inside this crate; the writer reports it as
/// [`qbank_export::Error`].
#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("could not write JSON")]
    Io(#[from] std::io::Error),
    /// Serialisation failed (in practice, only when writing fails).
    #[error("could not write JSON")]
    Json(#[from] serde_json::Error),
}

impl From<Error> for qbank_export::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Io(io) => qbank_export::Error::Io(io),
            // serde_json keeps the kind of the I/O error it wraps (a closed
            // pipe stays `BrokenPipe`).
            Error::Json(json) if json.io_error_kind().is_some() => {
                qbank_export::Error::Io(json.into())
            }
            Error::Json(json) => qbank_export::Error::format("JSON", json),
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// The options of `--to json`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonOptions {
    /// Indented (true) or on one line.
    pub pretty: bool,
}

impl Default for JsonOptions {
    fn default() -> Self {
        JsonOptions { pretty: true }
    }
}

/// `--to json`: one JSON object,
/// `{"version": 1, "generator": …, "text": "markdown", "documents": [{"path",
/// "title", "entries"}]}`,
/// `generator` from the shared options, indented by two spaces unless
/// `options.pretty` is false.
///
/// # Errors
///
/// When the header cannot be written.
pub fn create_json<W: Write + 'static>(
    mut out: W,
    shared: &ExportOptions,
    options: &JsonOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    write_header(&mut out, &shared.generator, options.pretty)?;
    let style = if options.pretty {
        Style::Pretty
    } else {
        Style::Compact
    };
    Ok(Box::new(JsonWriter::new(out, style)))
}

/// `--to jsonl`: JSON Lines, one entry per line, each with its document's
/// `path` and `document_title`.
///
/// # Errors
///
/// None today: the signature is every format's.
pub fn create_jsonl<W: Write + 'static>(
    out: W,
    _options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(JsonWriter::new(out, Style::Lines)))
}

fn write_header(out: &mut impl Write, generator: &str, pretty: bool) -> Result<()> {
    if pretty {
        out.write_all(b"{\n  \"version\": ")?;
        serde_json::to_writer(&mut *out, &FORMAT_VERSION)?;
        out.write_all(b",\n  \"generator\": ")?;
        serde_json::to_writer(&mut *out, generator)?;
        // JSON always carries the Markdown source: said, so that `qbank
        // import` need not guess (CSV and XLSX may hold plain text or HTML).
        out.write_all(b",\n  \"text\": \"markdown\",\n  \"documents\": [")?;
    } else {
        out.write_all(b"{\"version\":")?;
        serde_json::to_writer(&mut *out, &FORMAT_VERSION)?;
        out.write_all(b",\"generator\":")?;
        serde_json::to_writer(&mut *out, generator)?;
        out.write_all(b",\"text\":\"markdown\",\"documents\":[")?;
    }
    Ok(())
}

/// A JSON or JSON Lines export, written document by document and entry by
/// entry.
struct JsonWriter<W: Write> {
    out: W,
    style: Style,
    documents: usize,
    /// The open document's place in its line count (byte offset, line) and
    /// how many entries it has had.
    open: Option<((usize, u32), usize)>,
    /// The open document's entry sources.
    sources: Sources,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Pretty,
    Compact,
    Lines,
}

impl<W: Write> Writer<W> for JsonWriter<W> {
    /// Start a document: its path and title (its entries come through
    /// `write_entries`).
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.begin(doc.document)?;
        self.sources = Sources::new(doc.line_endings);
        Ok(())
    }

    /// Entries of the open document, in order; line numbers are counted as
    /// the entries come, and when they end the document (`doc.last`) its
    /// tail goes into the last one's `source`.
    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let Some((position, count)) = &mut self.open else {
            return Ok(());
        };
        let mut lines = LineCounter::resume(doc.text, position.0, position.1);
        let open = Open {
            text: doc.text,
            doc: doc.document,
            last: doc.last,
            sources: &mut self.sources,
        };
        let result = Self::write_each(&mut self.out, self.style, open, entries, &mut lines, count);
        *position = lines.position();
        Ok(result?)
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        Ok(self.end()?)
    }

    /// Close the open document, if any, and the export; flush and hand the
    /// output back.
    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        self.end()?;
        match self.style {
            Style::Pretty if self.documents == 0 => self.out.write_all(b"]\n}\n")?,
            Style::Pretty => self.out.write_all(b"\n  ]\n}\n")?,
            Style::Compact => self.out.write_all(b"]}\n")?,
            Style::Lines => {}
        }
        self.out.flush()?;
        Ok(Finished::new(self.out))
    }
}

impl<W: Write> JsonWriter<W> {
    fn new(out: W, style: Style) -> Self {
        JsonWriter {
            out,
            style,
            documents: 0,
            open: None,
            sources: Sources::default(),
        }
    }

    fn begin(&mut self, doc: &Document) -> Result<()> {
        let title = doc.title.as_ref().map(|t| t.text.as_str());
        let out = &mut self.out;
        match self.style {
            Style::Pretty => {
                out.write_all(if self.documents == 0 {
                    b"\n    {\n      \"path\": "
                } else {
                    b",\n    {\n      \"path\": "
                })?;
                serde_json::to_writer(&mut *out, &doc.path)?;
                out.write_all(b",\n      \"title\": ")?;
                serde_json::to_writer(&mut *out, &title)?;
                out.write_all(b",\n      \"entries\": [")?;
            }
            Style::Compact => {
                if self.documents > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"{\"path\":")?;
                serde_json::to_writer(&mut *out, &doc.path)?;
                out.write_all(b",\"title\":")?;
                serde_json::to_writer(&mut *out, &title)?;
                out.write_all(b",\"entries\":[")?;
            }
            Style::Lines => {}
        }
        self.documents += 1;
        self.open = Some(((0, 1), 0));
        Ok(())
    }

    fn write_each(
        out: &mut W,
        style: Style,
        open: Open<'_>,
        entries: &[Entry],
        lines: &mut LineCounter<'_>,
        count: &mut usize,
    ) -> Result<()> {
        let Open {
            text,
            doc,
            last,
            sources,
        } = open;
        for (i, entry) in entries.iter().enumerate() {
            let source = sources.source(text, doc, entry, last && i + 1 == entries.len());
            let confidence = qbank_core::assess(text, doc, entry).level;
            let entry_out = EntryOut::new(entry, text, lines, source, confidence);
            match style {
                Style::Pretty => {
                    out.write_all(if *count == 0 {
                        b"\n        "
                    } else {
                        b",\n        "
                    })?;
                    let mut ser = serde_json::Serializer::with_formatter(
                        IndentedWriter { out: &mut *out },
                        serde_json::ser::PrettyFormatter::with_indent(b"  "),
                    );
                    entry_out.serialize(&mut ser)?;
                }
                Style::Compact => {
                    if *count > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, &entry_out)?;
                }
                Style::Lines => {
                    let line = LineOut {
                        path: &doc.path,
                        document_title: doc.title.as_ref().map(|t| t.text.as_str()),
                        entry: entry_out,
                    };
                    serde_json::to_writer(&mut *out, &line)?;
                    out.write_all(b"\n")?;
                }
            }
            *count += 1;
        }
        Ok(())
    }

    /// Close the open document.
    fn end(&mut self) -> Result<()> {
        let Some((_, count)) = self.open.take() else {
            return Ok(());
        };
        match self.style {
            Style::Pretty if count == 0 => self.out.write_all(b"]\n    }")?,
            Style::Pretty => self.out.write_all(b"\n      ]\n    }")?,
            Style::Compact => self.out.write_all(b"]}")?,
            Style::Lines => {}
        }
        Ok(())
    }
}

/// Indents everything written through it by eight spaces after each line
/// break, so that a pretty-printed entry nests inside a document's
/// `"entries"`.
struct IndentedWriter<'w, W: Write> {
    out: &'w mut W,
}

impl<W: Write> Write for IndentedWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(b"        ")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The open document, as [`JsonWriter::write_each`] needs it.
struct Open<'a> {
    text: &'a str,
    doc: &'a Document,
    /// Whether the entries end the document.
    last: bool,
    sources: &'a mut Sources,
}

#[derive(Serialize)]
struct LineOut<'a> {
    path: &'a str,
    document_title: Option<&'a str>,
    #[serde(flatten)]
    entry: EntryOut<'a>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    number: Option<u64>,
    title: &'a str,
    id: Option<&'a str>,
    kind: &'static str,
    confidence: &'static str,
    category: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<OptionOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    blanks: Vec<BlankOut<'a>>,
    #[serde(flatten)]
    graded: GradedOut<'a>,
    line: u32,
    end_line: u32,
    question: Option<&'a str>,
    answer: Option<Cow<'a, str>>,
    analysis: Option<&'a str>,
    preamble: Option<&'a str>,
    sections: Vec<SectionOut<'a>>,
    source: String,
}

impl<'a> EntryOut<'a> {
    /// Lines are counted in document order (the entry, its sections, their
    /// lists and items, then the entry's end), so `lines` never goes back.
    fn new(
        entry: &'a Entry,
        text: &'a str,
        lines: &mut LineCounter<'_>,
        source: String,
        confidence: qbank_core::Confidence,
    ) -> Self {
        let body = |kind| entry.section(kind).map(|s| s.body.slice(text));
        let preamble = match (entry.preamble.first(), entry.preamble.last()) {
            (Some(first), Some(last)) => Some(
                Span {
                    start: first.span().start,
                    end: last.span().end,
                }
                .slice(text),
            ),
            _ => None,
        };
        let line = lines.line(entry.span.start);
        let sections = entry
            .sections
            .iter()
            .map(|s| {
                let line = lines.line(s.span.start);
                SectionOut {
                    kind: s.kind.as_str(),
                    label: &s.label.text,
                    line,
                    body: s.body.slice(text),
                    lists: s
                        .blocks
                        .iter()
                        .filter_map(Block::as_list)
                        .map(|l| ListOut::new(l, text, lines))
                        .collect(),
                }
            })
            .collect();
        EntryOut {
            number: entry.number,
            title: &entry.title,
            id: entry.heading.id.as_deref(),
            kind: entry.kind.as_str(),
            confidence: confidence.as_str(),
            category: &entry.category,
            options: entry
                .options
                .iter()
                .map(|o| OptionOut {
                    label: o.label.as_deref(),
                    text: &o.text,
                    correct: o.correct,
                })
                .collect(),
            blanks: entry.blanks.iter().map(BlankOut::new).collect(),
            graded: GradedOut::new(entry.graded.as_ref()),
            line,
            end_line: lines.line(entry.span.end.saturating_sub(1).max(entry.span.start)),
            question: body(SectionKind::Question),
            answer: answer(entry, text),
            analysis: body(SectionKind::Analysis),
            preamble,
            sections,
            source,
        }
    }
}

/// How a short, numerical, matching or ordering entry is graded: the keys
/// of its kind only (`accepted` and `case_sensitive`; `numerical`; `pairs`
/// and `distractors`; `order`).
#[derive(Default, Serialize)]
struct GradedOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case_sensitive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numerical: Option<NumericalOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<Vec<PairOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distractors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'a [String]>,
}

impl<'a> GradedOut<'a> {
    fn new(graded: Option<&'a Graded>) -> Self {
        match graded {
            None => GradedOut::default(),
            Some(Graded::Short {
                accepted,
                case_sensitive,
            }) => GradedOut {
                accepted: Some(accepted),
                case_sensitive: Some(*case_sensitive),
                ..GradedOut::default()
            },
            Some(Graded::Numerical(n)) => GradedOut {
                numerical: Some(NumericalOut::new(n)),
                ..GradedOut::default()
            },
            Some(Graded::Matching { pairs, distractors }) => GradedOut {
                pairs: Some(
                    pairs
                        .iter()
                        .map(|p| PairOut {
                            left: &p.left,
                            right: &p.right,
                        })
                        .collect(),
                ),
                distractors: Some(distractors),
                ..GradedOut::default()
            },
            Some(Graded::Ordering { items }) => GradedOut {
                order: Some(items),
                ..GradedOut::default()
            },
        }
    }
}

#[derive(Serialize)]
struct PairOut<'a> {
    left: &'a str,
    right: &'a str,
}

/// `{"value", "tolerance" | "tolerance_percent", "unit"}` or `{"min",
/// "max", "unit"}`, numbers as JSON numbers.
#[derive(Default, Serialize)]
struct NumericalOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
}

impl<'a> NumericalOut<'a> {
    fn new(n: &'a Numerical) -> Self {
        let unit = n.unit.as_deref();
        match &n.answer {
            NumericalAnswer::Value { value, tolerance } => NumericalOut {
                value: value.value(),
                tolerance: match tolerance {
                    Some(Tolerance::Absolute(t)) => t.value(),
                    _ => None,
                },
                tolerance_percent: match tolerance {
                    Some(Tolerance::Percent(t)) => t.value(),
                    _ => None,
                },
                unit,
                ..NumericalOut::default()
            },
            NumericalAnswer::Range { min, max } => NumericalOut {
                min: min.value(),
                max: max.value(),
                unit,
                ..NumericalOut::default()
            },
        }
    }
}

/// The answer section's body; for a cloze without one, the deletions'
/// answers in order (`mitochondria; powerhouse`), which are its answer.
fn answer<'a>(entry: &'a Entry, text: &'a str) -> Option<Cow<'a, str>> {
    if let Some(s) = entry.section(SectionKind::Answer) {
        return Some(Cow::Borrowed(s.body.slice(text)));
    }
    qbank_export::fill::cloze_answers(entry).map(Cow::Owned)
}

#[derive(Serialize)]
struct BlankOut<'a> {
    number: u32,
    style: &'static str,
    answers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

impl<'a> BlankOut<'a> {
    fn new(blank: &'a qbank_core::Blank) -> Self {
        BlankOut {
            number: blank.number,
            style: blank.style.as_str(),
            answers: &blank.answers,
            hint: blank.hint.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct OptionOut<'a> {
    label: Option<&'a str>,
    text: &'a str,
    correct: bool,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    kind: &'static str,
    label: &'a str,
    line: u32,
    body: &'a str,
    lists: Vec<ListOut<'a>>,
}

#[derive(Serialize)]
struct ListOut<'a> {
    ordered: bool,
    start: Option<u64>,
    line: u32,
    items: Vec<ItemOut<'a>>,
}

impl<'a> ListOut<'a> {
    fn new(list: &'a List, text: &'a str, lines: &mut LineCounter<'_>) -> Self {
        ListOut {
            ordered: list.is_ordered(),
            start: list.start,
            line: lines.line(list.span.start),
            items: list
                .items
                .iter()
                .map(|item| {
                    let line = lines.line(item.span.start);
                    ItemOut {
                        number: item.number,
                        term: item.term.as_ref().map(|t| t.span.slice(text)),
                        text: item.text.slice(text),
                        line,
                        lists: item
                            .lists
                            .iter()
                            .map(|l| ListOut::new(l, text, lines))
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ItemOut<'a> {
    number: Option<u64>,
    term: Option<&'a str>,
    text: &'a str,
    line: u32,
    lists: Vec<ListOut<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::{ParseOptions, ParsedFile, parse_bytes};

    fn file(md: &str) -> ParsedFile {
        parse_bytes("t.md", md.as_bytes().to_vec(), &ParseOptions::default()).unwrap()
    }

    fn json(files: &[&ParsedFile], pretty: bool) -> Vec<u8> {
        let mut shared = ExportOptions::default();
        shared.generator = "qbank test".to_owned();
        let writer = create_json(Vec::new(), &shared, &JsonOptions { pretty });
        qbank_export::export_parsed(writer, files).unwrap().output
    }

    #[test]
    fn pretty_and_compact_agree() {
        let a = file("# T\n\n## 1. A\n\nQ: x\n\nA:\n\n1. **k：** v\n");
        let b = file("# U\n");
        let pretty = json(&[&a, &b], true);
        let compact = json(&[&a, &b], false);
        let p: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        let c: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        assert_eq!(p, c);
        assert_eq!(p["documents"][0]["entries"][0]["answer"], "1. **k：** v");
        assert_eq!(
            p["documents"][0]["entries"][0]["sections"][1]["lists"][0]["items"][0]["term"],
            "k"
        );
        let empty = json(&[], true);
        let e: serde_json::Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(e["documents"], serde_json::json!([]));
    }

    #[test]
    fn jsonl_lines_carry_their_document() {
        let a = file("# T\n\n## 1. A\n\nQ: x\n\n## 2. B\n");
        let writer = create_jsonl(Vec::new(), &ExportOptions::default());
        let out = qbank_export::export_parsed(writer, &[&a]).unwrap().output;
        let lines: Vec<serde_json::Value> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["path"], "t.md");
        assert_eq!(lines[1]["document_title"], "T");
        assert_eq!(lines[1]["title"], "B");
        assert_eq!(lines[1]["question"], serde_json::Value::Null);
    }
}
