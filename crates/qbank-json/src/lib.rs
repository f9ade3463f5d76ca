//! # qbank-json: JSON and JSON Lines export of question banks
//!
//! Writes parsed [`ParsedFile`]s as one JSON object (format version
//! [`FORMAT_VERSION`], described by the JSON Schema in [`SCHEMA`]) or as JSON
//! Lines (one entry per line, see [`JSONL_SCHEMA`]). Output is streamed: a
//! document is never built in memory as a whole JSON tree.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//!
//! let md = "# Bank\n\n## 1. First\n\nQuestion: Why?\n\nAnswer: Because.\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default()).unwrap();
//! let mut out = Vec::new();
//! qbank_json::write_json(&mut out, &[&file], "qbank 0.1.0", false).unwrap();
//! let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! let entry = &value["documents"][0]["entries"][0];
//! assert_eq!(entry["question"], "Why?");
//! assert_eq!(entry["analysis"], serde_json::Value::Null);
//! ```

#![deny(missing_docs)]

use qbank_core::{Block, Document, Entry, LineIndex, List, ParsedFile, SectionKind, Span};
use serde::Serialize;
use std::io::Write;

/// The version of the JSON format (the `version` key). It changes only when
/// a key is removed or changes meaning; new keys may appear in any version.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of the `--to json` output.
pub const SCHEMA: &str = include_str!("../schema/qbank-export-v1.schema.json");

/// The JSON Schema (draft 2020-12) of one line of the `--to jsonl` output.
pub const JSONL_SCHEMA: &str = include_str!("../schema/qbank-entry-v1.schema.json");

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The destination could not be written.
    #[error("could not write JSON: {0}")]
    Io(#[from] std::io::Error),
    /// Serialisation failed (in practice, only when writing fails).
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Write the files as one JSON object:
/// `{"version": 1, "generator": …, "documents": [{"path", "title", "entries"}]}`.
///
/// `generator` names the producing tool (`"qbank 0.1.0"`). With `pretty`,
/// the output is indented by two spaces.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write_json<W: Write>(
    mut out: W,
    files: &[&ParsedFile],
    generator: &str,
    pretty: bool,
) -> Result<()> {
    let header = Header {
        version: FORMAT_VERSION,
        generator,
    };
    if pretty {
        // Stream a pretty document by hand at the top level; each document
        // is pretty-printed by serde_json and indented to fit.
        out.write_all(b"{\n  \"version\": ")?;
        serde_json::to_writer(&mut out, &header.version)?;
        out.write_all(b",\n  \"generator\": ")?;
        serde_json::to_writer(&mut out, header.generator)?;
        out.write_all(b",\n  \"documents\": [")?;
        for (i, file) in files.iter().enumerate() {
            out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            let doc = DocumentOut::new(file);
            let mut ser = serde_json::Serializer::with_formatter(
                IndentedWriter { out: &mut out },
                serde_json::ser::PrettyFormatter::with_indent(b"  "),
            );
            doc.serialize(&mut ser)?;
        }
        out.write_all(if files.is_empty() {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        })?;
    } else {
        out.write_all(b"{\"version\":")?;
        serde_json::to_writer(&mut out, &header.version)?;
        out.write_all(b",\"generator\":")?;
        serde_json::to_writer(&mut out, header.generator)?;
        out.write_all(b",\"documents\":[")?;
        for (i, file) in files.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &DocumentOut::new(file))?;
        }
        out.write_all(b"]}\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Write one JSON object per entry and line, each carrying its document's
/// `path` and `document_title`.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write_jsonl<W: Write>(mut out: W, files: &[&ParsedFile]) -> Result<()> {
    for file in files {
        let doc = DocumentOut::new(file);
        for entry in &file.document.entries {
            let line = LineOut {
                path: &file.document.path,
                document_title: doc.title,
                entry: EntryOut::new(entry, &file.source.text, &doc.index),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

struct Header<'a> {
    version: u32,
    generator: &'a str,
}

/// Indents everything written through it by four spaces after each line
/// break, so that a pretty-printed document nests inside `"documents"`.
struct IndentedWriter<'w, W: Write> {
    out: &'w mut W,
}

impl<W: Write> Write for IndentedWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(b"    ")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

struct DocumentOut<'a> {
    doc: &'a Document,
    text: &'a str,
    title: Option<&'a str>,
    index: LineIndex,
}

impl<'a> DocumentOut<'a> {
    fn new(file: &'a ParsedFile) -> Self {
        DocumentOut {
            doc: &file.document,
            text: &file.source.text,
            title: file.document.title.as_ref().map(|t| t.text.as_str()),
            index: LineIndex::new(&file.source.text),
        }
    }
}

impl Serialize for DocumentOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Document", 3)?;
        st.serialize_field("path", &self.doc.path)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field(
            "entries",
            &Entries {
                entries: &self.doc.entries,
                text: self.text,
                index: &self.index,
            },
        )?;
        st.end()
    }
}

struct Entries<'a> {
    entries: &'a [Entry],
    text: &'a str,
    index: &'a LineIndex,
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.entries
                .iter()
                .map(|e| EntryOut::new(e, self.text, self.index)),
        )
    }
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
    line: u32,
    end_line: u32,
    question: Option<&'a str>,
    answer: Option<&'a str>,
    analysis: Option<&'a str>,
    preamble: Option<&'a str>,
    sections: Vec<SectionOut<'a>>,
}

impl<'a> EntryOut<'a> {
    fn new(entry: &'a Entry, text: &'a str, index: &LineIndex) -> Self {
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
        EntryOut {
            number: entry.number,
            title: &entry.title,
            id: entry.heading.id.as_deref(),
            line: index.line(entry.span.start),
            end_line: index.line(entry.span.end.saturating_sub(1).max(entry.span.start)),
            question: body(SectionKind::Question),
            answer: body(SectionKind::Answer),
            analysis: body(SectionKind::Analysis),
            preamble,
            sections: entry
                .sections
                .iter()
                .map(|s| SectionOut {
                    kind: s.kind.as_str(),
                    label: &s.label.text,
                    line: index.line(s.span.start),
                    body: s.body.slice(text),
                    lists: s
                        .blocks
                        .iter()
                        .filter_map(Block::as_list)
                        .map(|l| ListOut::new(l, text, index))
                        .collect(),
                })
                .collect(),
        }
    }
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
    fn new(list: &'a List, text: &'a str, index: &LineIndex) -> Self {
        ListOut {
            ordered: list.is_ordered(),
            start: list.start,
            line: index.line(list.span.start),
            items: list
                .items
                .iter()
                .map(|item| ItemOut {
                    number: item.number,
                    term: item.term.as_ref().map(|t| t.span.slice(text)),
                    text: item.text.slice(text),
                    line: index.line(item.span.start),
                    lists: item
                        .lists
                        .iter()
                        .map(|l| ListOut::new(l, text, index))
                        .collect(),
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
    use qbank_core::{ParseOptions, parse_bytes};

    fn file(md: &str) -> ParsedFile {
        parse_bytes("t.md", md.as_bytes().to_vec(), &ParseOptions::default()).unwrap()
    }

    #[test]
    fn pretty_and_compact_agree() {
        let a = file("# T\n\n## 1. A\n\nQ: x\n\nA:\n\n1. **k：** v\n");
        let b = file("# U\n");
        let mut pretty = Vec::new();
        let mut compact = Vec::new();
        write_json(&mut pretty, &[&a, &b], "qbank test", true).unwrap();
        write_json(&mut compact, &[&a, &b], "qbank test", false).unwrap();
        let p: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        let c: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        assert_eq!(p, c);
        assert_eq!(p["documents"][0]["entries"][0]["answer"], "1. **k：** v");
        assert_eq!(
            p["documents"][0]["entries"][0]["sections"][1]["lists"][0]["items"][0]["term"],
            "k"
        );
        let mut empty = Vec::new();
        write_json(&mut empty, &[], "qbank test", true).unwrap();
        let e: serde_json::Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(e["documents"], serde_json::json!([]));
    }

    #[test]
    fn jsonl_lines_carry_their_document() {
        let a = file("# T\n\n## 1. A\n\nQ: x\n\n## 2. B\n");
        let mut out = Vec::new();
        write_jsonl(&mut out, &[&a]).unwrap();
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
