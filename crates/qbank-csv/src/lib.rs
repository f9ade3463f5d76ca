//! # qbank-csv: question banks as CSV
//!
//! One row per entry, across all files, with the columns of
//! [`qbank_export::rows::ENTRY_COLUMNS`]: `file, number, title, question,
//! answer, analysis, line, end_line, id, document_title, category, kind,
//! options, correct, blanks, graded, source` (`tests/it/docs.rs` checks this
//! list). `graded` is what a short-answer, numerical, matching or ordering
//! entry grades, as compact text (`colour | color`, `9.8 ± 0.1 m/s²`, one
//! `left → right` line per pair, one `1. item` line per item: see
//! [`qbank_export::graded::cell`]).
//!
//! **Formula neutralisation** is on by default: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (a line
//! feed or a space is no formula: the `source` of each entry after a
//! document's first starts with the blank lines before it, as written).
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
//! use qbank_csv::CsvOptions;
//! use qbank_export::ExportOptions;
//!
//! let md = "# Bank\n\n## 1. Sum\n\n**Question:** =1+1?\n\n**Answer:** 2\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let csv = qbank_csv::create(Vec::new(), &ExportOptions::default(), &CsvOptions::default());
//! let text = String::from_utf8(qbank_export::export_parsed(csv, &[&file])?.output)?;
//! assert!(text.starts_with("file,number,title,question,answer,analysis,line"));
//! assert!(text.contains("bank.md,1,Sum,'=1+1?,2,,3,7,,Bank"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use qbank_core::{Document, Entry};
use qbank_export::formula;
use qbank_export::rows::{ENTRY_COLUMNS, LineCounter, Sources, entry_row};
use qbank_export::{DocumentRef, ExportOptions, Finished, Result, TextFormat, Writer};
use std::borrow::Cow;
use std::io::Write;

/// The options of `--to csv` (how section bodies are written comes from
/// [`ExportOptions::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvOptions {
    /// Start with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The field delimiter.
    pub delimiter: u8,
    /// Prefix `'` to cells a spreadsheet would run as formulas.
    pub formula_escape: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            bom: false,
            delimiter: b',',
            formula_escape: true,
        }
    }
}

/// `--to csv`: a [`Writer`] of CSV to `out`, with the shared options'
/// `text` and this format's own; entries are written as the parser hands
/// them on, no document held whole.
///
/// # Errors
///
/// When the byte-order mark or the header row cannot be written.
pub fn create<W: Write + 'static>(
    mut out: W,
    shared: &ExportOptions,
    options: &CsvOptions,
) -> Result<Box<dyn Writer<W>>> {
    if options.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .buffer_capacity(1 << 16)
        .from_writer(out);
    writer.write_record(ENTRY_COLUMNS).map_err(error)?;
    Ok(Box::new(CsvWriter {
        writer,
        text: shared.text,
        formula_escape: options.formula_escape,
        numbers: NumberBuf::default(),
        lines: (0, 1),
        sources: Sources::default(),
    }))
}

/// A csv crate error as qbank's: an I/O error keeps its kind (a closed pipe
/// is no failure), any other is the format's.
fn error(err: csv::Error) -> qbank_export::Error {
    if err.is_io_error() {
        match err.into_kind() {
            csv::ErrorKind::Io(io) => qbank_export::Error::Io(io),
            other => qbank_export::Error::Io(std::io::Error::other(format!("{other:?}"))),
        }
    } else {
        qbank_export::Error::format("CSV", err)
    }
}

/// A CSV export written entry by entry.
struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    /// How section bodies are written.
    text: TextFormat,
    /// Prefix `'` to cells that a spreadsheet would read as a formula.
    formula_escape: bool,
    numbers: NumberBuf,
    /// Where the line count of the open document stands (offset, line).
    lines: (usize, u32),
    /// The open document's entry sources.
    sources: Sources,
}

impl<W: Write> Writer<W> for CsvWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> Result<()> {
        self.lines = (0, 1);
        self.sources = Sources::new(doc.line_endings);
        Ok(())
    }

    /// The rows of some entries of the open document, in order; when they
    /// end it (`doc.last`), its tail goes into the last one's `source`.
    fn write_entries(&mut self, doc: DocumentRef<'_>, entries: &[Entry]) -> Result<()> {
        let mut lines = LineCounter::resume(doc.text, self.lines.0, self.lines.1);
        let result = self.write_rows(doc.text, doc.document, entries, &mut lines, doc.last);
        self.lines = lines.position();
        result.map_err(error)
    }

    fn finish(mut self: Box<Self>) -> Result<Finished<W>> {
        self.writer.flush()?;
        let out = self
            .writer
            .into_inner()
            .map_err(|err| qbank_export::Error::Io(err.into_error()))?;
        Ok(Finished::new(out))
    }
}

impl<W: Write> CsvWriter<W> {
    fn write_rows(
        &mut self,
        text: &str,
        doc: &Document,
        entries: &[Entry],
        lines: &mut LineCounter<'_>,
        last: bool,
    ) -> csv::Result<()> {
        let writer = &mut self.writer;
        let numbers = &mut self.numbers;
        let escape = self.formula_escape;
        for (i, entry) in entries.iter().enumerate() {
            let row = entry_row(text, doc, entry, self.text, lines);
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
            writer.write_field(cell(&row.blanks, escape).as_bytes())?;
            writer.write_field(cell(&row.graded, escape).as_bytes())?;
            writer.write_field(cell(&source, escape).as_bytes())?;
            // An empty record ends the row begun by `write_field`.
            writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
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
