//! # qbank-csv: question banks as CSV
//!
//! One row per entry, across all files, with the columns of
//! [`qbank_core::rows::ENTRY_COLUMNS`]: `file, number, title, question,
//! answer, analysis, line, end_line, id, document_title`.
//!
//! **Formula neutralisation** is on by default: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab, a carriage return or a line feed gets a leading `'`.
//! Spreadsheet programs treat such cells as formulas when they open a CSV
//! file, and a formula in a cell can run commands or leak data (CSV
//! injection); the apostrophe makes them text, as OWASP advises. A body that
//! starts with a list item such as `- a` is the common legitimate case: it
//! exports as `'- a`. Turn it off ([`CsvOptions::formula_escape`]) for
//! programs that read the file as data, not as a spreadsheet.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_csv::{write_csv, CsvOptions};
//!
//! let md = "# Bank\n\n## 1. Sum\n\n**Question:** =1+1?\n\n**Answer:** 2\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default()).unwrap();
//! let mut out = Vec::new();
//! write_csv(&mut out, &[&file], &CsvOptions::default()).unwrap();
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("file,number,title,question,answer,analysis,line"));
//! assert!(text.contains("bank.md,1,Sum,'=1+1?,2,,3,7,,Bank"));
//! ```

#![deny(missing_docs)]

use qbank_core::rows::{ENTRY_COLUMNS, entry_rows};
use qbank_core::{ParsedFile, TextFormat};
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
    #[error("could not write CSV: {0}")]
    Io(#[from] std::io::Error),
    /// The csv crate failed (in practice only on I/O errors).
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
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

/// Whether a spreadsheet would take a cell starting like this for a formula.
#[must_use]
pub fn needs_formula_escape(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n')
    )
}

/// `cell`, with a leading `'` when it would read as a formula.
#[must_use]
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    if needs_formula_escape(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Write every entry of `files` as CSV rows, after a header row.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write_csv<W: Write>(mut out: W, files: &[&ParsedFile], options: &CsvOptions) -> Result<()> {
    if options.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .buffer_capacity(1 << 16)
        .from_writer(out);
    writer.write_record(ENTRY_COLUMNS)?;
    let mut numbers = NumberBuf::default();
    for file in files {
        for row in entry_rows(file, options.text) {
            let escape = options.formula_escape;
            let text = |s| cell(s, escape);
            writer.write_field(text(row.file).as_bytes())?;
            writer.write_field(row.number.map_or(&b""[..], |n| numbers.format(n)))?;
            writer.write_field(text(row.title).as_bytes())?;
            for body in [&row.question, &row.answer, &row.analysis] {
                writer.write_field(text(body.as_deref().unwrap_or("")).as_bytes())?;
            }
            writer.write_field(numbers.format(u64::from(row.line)))?;
            writer.write_field(numbers.format(u64::from(row.end_line)))?;
            writer.write_field(text(row.id.unwrap_or("")).as_bytes())?;
            writer.write_field(text(row.document_title.unwrap_or("")).as_bytes())?;
            // An empty record ends the row begun by `write_field`.
            writer.write_record(None::<&[u8]>)?;
        }
    }
    writer.flush()?;
    Ok(())
}

fn cell(s: &str, escape: bool) -> Cow<'_, str> {
    if escape {
        escape_formula(s)
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
