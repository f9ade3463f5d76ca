//! # qbank-csv: question banks as CSV
//!
//! One row per entry, across all files, with the columns of
//! [`qbank_export::rows::ENTRY_COLUMNS`]: `file, number, title, question,
//! answer, analysis, line, end_line, id, document_title, category, kind,
//! options, correct`.
//!
//! **Formula neutralisation** is on by default: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab, a carriage return or a line feed gets a leading `'`.
//! Spreadsheet programs treat such cells as formulas when they open a CSV
//! file, and a formula in a cell can run commands or leak data (CSV
//! injection); the apostrophe makes them text, as OWASP advises. A body that
//! starts with a list item such as `- a` is the common legitimate case: it
//! exports as `'- a`. Turn it off ([`CsvOptions::formula_escape`]) for
//! programs that read the file as data, not as a spreadsheet. The rule is
//! [`qbank_export::formula`], which `qbank import` also reads by.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_csv::{write_csv, CsvOptions};
//!
//! let md = "# Bank\n\n## 1. Sum\n\n**Question:** =1+1?\n\n**Answer:** 2\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let mut out = Vec::new();
//! write_csv(&mut out, &[&file], &CsvOptions::default())?;
//! let text = String::from_utf8(out)?;
//! assert!(text.starts_with("file,number,title,question,answer,analysis,line"));
//! assert!(text.contains("bank.md,1,Sum,'=1+1?,2,,3,7,,Bank"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use qbank_core::{Document, Entry, ParsedFile};
use qbank_export::formula;
use qbank_export::rows::{ENTRY_COLUMNS, LineCounter, Sources, entry_row};
use qbank_export::{DocumentRef, ExportOptions, Finished, TextFormat};
use std::borrow::Cow;
use std::io::Write;

/// How to write the CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvOptions {
    /// How section bodies are written.
    pub text: TextFormat,
    /// Start the file with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The field delimiter (`,` by default).
    pub delimiter: u8,
    /// Prefix `'` to cells that a spreadsheet would read as a formula.
    pub formula_escape: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            text: TextFormat::Markdown,
            bom: false,
            delimiter: b',',
            formula_escape: true,
        }
    }
}

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The destination could not be written.
    #[error("could not write CSV")]
    Io(#[from] std::io::Error),
    /// The csv crate failed (in practice only on I/O errors).
    #[error("could not write CSV")]
    Csv(#[from] csv::Error),
}

impl From<Error> for qbank_export::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Io(io) => qbank_export::Error::Io(io),
            Error::Csv(csv) if csv.is_io_error() => {
                qbank_export::Error::Io(std::io::Error::from(Error::Csv(csv)))
            }
            Error::Csv(csv) => qbank_export::Error::format("CSV", csv),
        }
    }
}

impl From<Error> for std::io::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Io(io) => io,
            Error::Csv(csv) => match csv.into_kind() {
                csv::ErrorKind::Io(io) => io,
                other => std::io::Error::other(format!("{other:?}")),
            },
        }
    }
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Write the entries of `files` as CSV: a header row, then one row per entry.
/// (To write entries as the parser hands them on, without holding whole
/// documents, use [`CsvWriter`].)
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write_csv<W: Write>(out: W, files: &[&ParsedFile], options: &CsvOptions) -> Result<()> {
    let mut writer = CsvWriter::new(out, options)?;
    for file in files {
        writer.begin_document();
        writer.entries(&file.source.text, &file.document, &file.document.entries)?;
    }
    writer.finish()?;
    Ok(())
}

/// `--to csv`: a [`CsvWriter`] behind the [`qbank_export::Writer`] trait.
///
/// # Errors
///
/// When the byte-order mark or the header row cannot be written.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn qbank_export::Writer<W>>> {
    let csv = CsvOptions {
        text: options.text,
        bom: options.bom,
        delimiter: options.delimiter,
        formula_escape: options.formula_escape,
    };
    Ok(Box::new(CsvWriter::new(out, &csv)?))
}

impl<W: Write> qbank_export::Writer<W> for CsvWriter<W> {
    fn begin_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        CsvWriter::begin_document(self);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        Ok(self.entries_of(doc.text, doc.document, entries, doc.last)?)
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        Ok(Finished::new(CsvWriter::finish(*self)?))
    }
}

/// A CSV export written entry by entry, as [`qbank_core::parse_each`] hands
/// entries on. The output is byte for byte that of [`write_csv`].
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    options: CsvOptions,
    numbers: NumberBuf,
    /// Where the line count of the open document stands (offset, line).
    lines: (usize, u32),
    /// The open document's entry sources.
    sources: Sources,
}

impl<W: Write> CsvWriter<W> {
    /// Start the export: writes the BOM (when asked) and the header row.
    ///
    /// # Errors
    ///
    /// When writing to `out` fails.
    pub fn new(mut out: W, options: &CsvOptions) -> Result<Self> {
        if options.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(options.delimiter)
            .buffer_capacity(1 << 16)
            .from_writer(out);
        writer.write_record(ENTRY_COLUMNS)?;
        Ok(CsvWriter {
            writer,
            options: options.clone(),
            numbers: NumberBuf::default(),
            lines: (0, 1),
            sources: Sources::new(),
        })
    }

    /// Start a document (its entries come next).
    pub fn begin_document(&mut self) {
        self.lines = (0, 1);
        self.sources = Sources::new();
    }

    /// Write the rows of some entries of the open document `doc` (whose
    /// text is `text`), in order.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn entries(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        self.entries_of(text, doc, entries, true)
    }

    /// As [`entries`](Self::entries); `last`: whether these entries end the
    /// document (its tail goes into the last one's `source`).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn entries_of(
        &mut self,
        text: &str,
        doc: &Document,
        entries: &[Entry],
        last: bool,
    ) -> Result<()> {
        let mut lines = LineCounter::resume(text, self.lines.0, self.lines.1);
        let result = self.write_rows(text, doc, entries, &mut lines, last);
        self.lines = lines.position();
        result
    }

    fn write_rows(
        &mut self,
        text: &str,
        doc: &Document,
        entries: &[Entry],
        lines: &mut LineCounter<'_>,
        last: bool,
    ) -> Result<()> {
        let writer = &mut self.writer;
        let numbers = &mut self.numbers;
        let escape = self.options.formula_escape;
        for (i, entry) in entries.iter().enumerate() {
            let row = entry_row(text, doc, entry, self.options.text, lines);
            let ends = last && i + 1 == entries.len();
            let source = self.sources.source(text, doc, entry, ends);
            writer.write_field(cell(row.file, escape).as_bytes())?;
            writer.write_field(row.number.map_or(&b""[..], |n| numbers.format(n)))?;
            writer.write_field(cell(row.title, escape).as_bytes())?;
            for body in [&row.question, &row.answer, &row.analysis] {
                writer.write_field(cell(body.as_deref().unwrap_or(""), escape).as_bytes())?;
            }
            writer.write_field(numbers.format(u64::from(row.line)))?;
            writer.write_field(numbers.format(u64::from(row.end_line)))?;
            writer.write_field(cell(row.id.unwrap_or(""), escape).as_bytes())?;
            writer.write_field(cell(row.document_title.unwrap_or(""), escape).as_bytes())?;
            writer.write_field(cell(&row.category, escape).as_bytes())?;
            writer.write_field(row.kind.as_bytes())?;
            writer.write_field(cell(&row.options, escape).as_bytes())?;
            writer.write_field(row.correct.as_bytes())?;
            writer.write_field(cell(&source, escape).as_bytes())?;
            // An empty record ends the row begun by `write_field`.
            writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flush, and hand the writer back.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn finish(mut self) -> Result<W> {
        self.writer.flush()?;
        self.writer
            .into_inner()
            .map_err(|err| Error::Io(err.into_error()))
    }
}

fn cell(s: &str, escape: bool) -> Cow<'_, str> {
    if escape {
        formula::escape(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Formats integers without allocating.
#[derive(Default)]
struct NumberBuf {
    buf: [u8; 20],
}

impl NumberBuf {
    fn format(&mut self, mut n: u64) -> &[u8] {
        let mut i = self.buf.len();
        loop {
            i -= 1;
            self.buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        &self.buf[i..]
    }
}
