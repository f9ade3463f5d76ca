//! # qbank-xlsx: question banks as an Excel workbook
//!
//! Three sheets, written with `rust_xlsxwriter` in constant-memory mode (rows
//! are streamed to temporary files, so memory does not grow with the row
//! count):
//!
//! - `Entries`: [`ENTRY_COLUMNS`], one row per entry;
//! - `Items`: [`ITEM_COLUMNS`], one row per numbered-list item;
//! - `Documents`: `path, title, entries`.
//!
//! Every text cell is written with `write_string`: a body starting with `=`
//! stays text and is never evaluated. XML-special characters are escaped and
//! control characters encoded by `rust_xlsxwriter`.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_xlsx::{write_xlsx, XlsxOptions};
//!
//! let md = "# Bank\n\n## 1. Sum\n\n**Question:** 1+1?\n\n**Answer:**\n\n1. **Two:** 2\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default()).unwrap();
//! let workbook = write_xlsx(&[&file], &XlsxOptions::default()).unwrap();
//! assert!(workbook.bytes.starts_with(b"PK"));
//! assert!(workbook.warnings.is_empty());
//! ```

#![deny(missing_docs)]

use qbank_core::rows::{
    ENTRY_COLUMNS, EntryRow, ITEM_COLUMNS, ItemRow, entry_rows, for_each_item_row, item_count,
};
use qbank_core::{ParsedFile, TextFormat};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::borrow::Cow;
use std::io::Write;

/// Excel's limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the rows of one sheet (header included).
pub const MAX_ROWS: usize = 1_048_576;

/// How to write the workbook.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct XlsxOptions {
    /// How section bodies and item texts are written.
    pub text: TextFormat,
    /// Cut cells longer than [`MAX_CELL_CHARS`] (with a warning) instead of
    /// failing.
    pub truncate: bool,
    /// The workbook's creation time (`docProps/core.xml`), in seconds since
    /// the Unix epoch: the export time, or `SOURCE_DATE_EPOCH` for
    /// reproducible output. `None`: the current time. It is the only
    /// time in the file (zip members carry a fixed 1980 date), so the same
    /// input and time give the same bytes.
    pub created: Option<i64>,
}

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cell is longer than Excel allows.
    #[error(
        "{path}:{line}: {entry}: the {column} cell has {chars} characters, over Excel's limit of 32,767 (--truncate cuts it)"
    )]
    CellTooLong {
        /// The file.
        path: String,
        /// Line of the entry (or item).
        line: u32,
        /// The entry, as `entry 7 (标题)`.
        entry: String,
        /// The column.
        column: &'static str,
        /// The cell's length in characters.
        chars: usize,
    },
    /// A sheet would have more rows than Excel allows.
    #[error("the {sheet} sheet would have {rows} rows, over Excel's limit of 1,048,576")]
    TooManyRows {
        /// The sheet.
        sheet: &'static str,
        /// Its rows, header included.
        rows: usize,
    },
    /// rust_xlsxwriter failed.
    #[error("could not write XLSX: {0}")]
    Xlsx(#[from] XlsxError),
    /// rust_xlsxwriter panicked: in constant-memory mode it panics when its
    /// temporary files cannot be written (a full disk, say).
    #[error("could not write XLSX: {0}")]
    Panicked(String),
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A workbook written to memory by [`write_xlsx`].
#[derive(Debug)]
pub struct Written {
    /// The `.xlsx` file's bytes.
    pub bytes: Vec<u8>,
    /// What was cut with `truncate` (one line per cell).
    pub warnings: Vec<String>,
}

/// Write the workbook of `files` into memory. See [`write_xlsx_to`].
///
/// # Errors
///
/// As [`write_xlsx_to`].
pub fn write_xlsx(files: &[&ParsedFile], options: &XlsxOptions) -> Result<Written> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let warnings = write_xlsx_to(&mut bytes, files, options)?;
    Ok(Written {
        bytes: bytes.into_inner(),
        warnings,
    })
}

/// An Excel sheet name made valid: no `[ ] : * ? / \`, no leading or
/// trailing `'`, at most 31 characters, not empty, not `History` (reserved).
///
/// ```
/// assert_eq!(qbank_xlsx::sanitize_sheet_name("a/b:c*?"), "a_b_c__");
/// assert_eq!(qbank_xlsx::sanitize_sheet_name("'x'"), "x");
/// assert_eq!(qbank_xlsx::sanitize_sheet_name(""), "Sheet");
/// assert_eq!(qbank_xlsx::sanitize_sheet_name("History"), "History_");
/// assert_eq!(qbank_xlsx::sanitize_sheet_name(&"题".repeat(40)).chars().count(), 31);
/// ```
#[must_use]
pub fn sanitize_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim_matches('\'');
    let mut out: String = trimmed.chars().take(31).collect();
    if out.trim().is_empty() {
        out = "Sheet".to_owned();
    }
    if out.eq_ignore_ascii_case("history") {
        out.push('_');
    }
    out
}

struct Formats {
    header: Format,
    text: Format,
    number: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00DD_E4EE))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new().set_align(FormatAlign::Top),
        }
    }
}

/// A cell's text after the length check: cut (with a warning) or refused.
struct Cells<'o> {
    options: &'o XlsxOptions,
    warnings: Vec<String>,
}

impl Cells<'_> {
    fn check<'a>(
        &mut self,
        value: &'a str,
        column: &'static str,
        place: impl Fn() -> (String, u32, String),
    ) -> Result<Cow<'a, str>> {
        // Cheap test first: a cell of at most 32,767 bytes is short enough.
        if value.len() <= MAX_CELL_CHARS {
            return Ok(Cow::Borrowed(value));
        }
        let chars = value.chars().count();
        if chars <= MAX_CELL_CHARS {
            return Ok(Cow::Borrowed(value));
        }
        let (path, line, entry) = place();
        if !self.options.truncate {
            return Err(Error::CellTooLong {
                path,
                line,
                entry,
                column,
                chars,
            });
        }
        let cut = value
            .char_indices()
            .nth(MAX_CELL_CHARS)
            .map_or(value.len(), |(i, _)| i);
        self.warnings.push(format!(
            "{path}:{line}: {entry}: the {column} cell was cut from {chars} to 32,767 characters"
        ));
        Ok(Cow::Borrowed(&value[..cut]))
    }
}

/// A sheet of `rows` data rows (plus the header) must fit Excel's limit.
fn check_rows(sheet: &'static str, rows: usize) -> Result<()> {
    if rows + 1 > MAX_ROWS {
        return Err(Error::TooManyRows {
            sheet,
            rows: rows + 1,
        });
    }
    Ok(())
}

fn entry_label(number: Option<u64>, title: &str) -> String {
    match number {
        Some(n) => format!("entry {n} ({title})"),
        None => format!("entry \"{title}\""),
    }
}

fn header(
    sheet: &mut Worksheet,
    columns: &[&str],
    widths: &[f64],
    formats: &Formats,
) -> Result<()> {
    for (col, (name, width)) in columns.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(0, col, *name, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Write the workbook of `files` to `writer`. The zip container is streamed:
/// with the worksheets' rows in temporary files (constant-memory mode),
/// memory does not grow with the number of rows. Returns the warnings of
/// `truncate`, one per cut cell.
///
/// # Errors
///
/// [`Error::CellTooLong`] for a cell over 32,767 characters (unless
/// `truncate`), [`Error::TooManyRows`] for a sheet over 1,048,576 rows, and
/// [`Error::Xlsx`] when `rust_xlsxwriter` fails (its temporary files could
/// not be written, or `created` is outside Excel's years 1900 to 9999), and
/// [`Error::Panicked`] when it panics (it does when a write to its temporary
/// files fails).
pub fn write_xlsx_to<W: Write + Send>(
    writer: W,
    files: &[&ParsedFile],
    options: &XlsxOptions,
) -> Result<Vec<String>> {
    // rust_xlsxwriter's constant-memory worksheets panic when a write to
    // their temporary files fails (`Couldn't write to xml file`) instead of
    // returning an error: caught here and returned as one, so that a full
    // disk is a message and the caller's other outputs still get written.
    // Nothing is shared with the caller while writing but `writer`, which
    // the caller discards on error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_workbook(writer, files, options)
    }))
    .unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("rust_xlsxwriter panicked");
        Err(Error::Panicked(message.to_owned()))
    })
}

fn write_workbook<W: Write + Send>(
    writer: W,
    files: &[&ParsedFile],
    options: &XlsxOptions,
) -> Result<Vec<String>> {
    let entries: usize = files.iter().map(|f| f.document.entries.len()).sum();
    check_rows("Entries", entries)?;
    let formats = Formats::new();
    let mut cells = Cells {
        options,
        warnings: Vec::new(),
    };
    let mut workbook = Workbook::new();
    if let Some(seconds) = options.created {
        let created = ExcelDateTime::from_timestamp(seconds)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    }

    // Entries.
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sanitize_sheet_name("Entries"))?;
    let widths = [28.0, 8.0, 36.0, 50.0, 70.0, 60.0, 7.0, 9.0, 14.0, 30.0];
    header(sheet, &ENTRY_COLUMNS, &widths, &formats)?;
    let mut row = 0u32;
    for file in files {
        for entry in entry_rows(file, options.text) {
            row += 1;
            write_entry(sheet, row, &entry, &formats, &mut cells)?;
        }
    }
    sheet.autofilter(0, 0, row, (ENTRY_COLUMNS.len() - 1) as u16)?;

    // Items.
    let item_count: usize = files.iter().map(|f| item_count(f)).sum();
    check_rows("Items", item_count)?;
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sanitize_sheet_name("Items"))?;
    let widths = [28.0, 8.0, 36.0, 10.0, 6.0, 6.0, 24.0, 70.0, 7.0, 6.0, 7.0];
    header(sheet, &ITEM_COLUMNS, &widths, &formats)?;
    let mut row = 0u32;
    for file in files {
        for_each_item_row(file, options.text, |item: ItemRow<'_>| -> Result<()> {
            row += 1;
            let place = || {
                (
                    item.file.to_owned(),
                    item.line,
                    entry_label(item.entry_number, item.entry_title),
                )
            };
            sheet.write_string_with_format(row, 0, item.file, &formats.text)?;
            number(sheet, row, 1, item.entry_number, &formats)?;
            sheet.write_string_with_format(row, 2, item.entry_title, &formats.text)?;
            sheet.write_string_with_format(row, 3, item.section.as_str(), &formats.text)?;
            number(sheet, row, 4, Some(item.list_index as u64), &formats)?;
            number(sheet, row, 5, item.item_number, &formats)?;
            if let Some(term) = item.term {
                sheet.write_string_with_format(
                    row,
                    6,
                    &*cells.check(term, "term", place)?,
                    &formats.text,
                )?;
            }
            let text = cells.check(&item.text, "text", place)?;
            sheet.write_string_with_format(row, 7, &*text, &formats.text)?;
            number(sheet, row, 8, Some(u64::from(item.line)), &formats)?;
            number(sheet, row, 9, Some(item.depth as u64), &formats)?;
            number(sheet, row, 10, Some(u64::from(item.entry_line)), &formats)?;
            Ok(())
        })?;
    }
    sheet.autofilter(0, 0, row, (ITEM_COLUMNS.len() - 1) as u16)?;

    // Documents.
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sanitize_sheet_name("Documents"))?;
    header(
        sheet,
        &["path", "title", "entries"],
        &[40.0, 50.0, 9.0],
        &formats,
    )?;
    for (i, file) in files.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &file.document.path, &formats.text)?;
        if let Some(title) = &file.document.title {
            sheet.write_string_with_format(row, 1, &title.text, &formats.text)?;
        }
        number(
            sheet,
            row,
            2,
            Some(file.document.entries.len() as u64),
            &formats,
        )?;
    }
    sheet.autofilter(0, 0, files.len() as u32, 2)?;

    workbook.save_to_writer(writer)?;
    Ok(cells.warnings)
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<u64>,
    formats: &Formats,
) -> Result<()> {
    if let Some(v) = value {
        // Excel numbers are doubles: integers up to 2^53 are exact.
        sheet.write_number_with_format(row, col, v as f64, &formats.number)?;
    }
    Ok(())
}

fn write_entry(
    sheet: &mut Worksheet,
    row: u32,
    entry: &EntryRow<'_>,
    formats: &Formats,
    cells: &mut Cells<'_>,
) -> Result<()> {
    let place = || {
        (
            entry.file.to_owned(),
            entry.line,
            entry_label(entry.number, entry.title),
        )
    };
    sheet.write_string_with_format(row, 0, entry.file, &formats.text)?;
    number(sheet, row, 1, entry.number, formats)?;
    sheet.write_string_with_format(
        row,
        2,
        &*cells.check(entry.title, "title", place)?,
        &formats.text,
    )?;
    for (col, (name, body)) in [
        ("question", &entry.question),
        ("answer", &entry.answer),
        ("analysis", &entry.analysis),
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(body) = body {
            let value = cells.check(body, name, place)?;
            sheet.write_string_with_format(row, 3 + col as u16, &*value, &formats.text)?;
        }
    }
    number(sheet, row, 6, Some(u64::from(entry.line)), formats)?;
    number(sheet, row, 7, Some(u64::from(entry.end_line)), formats)?;
    if let Some(id) = entry.id {
        sheet.write_string_with_format(row, 8, id, &formats.text)?;
    }
    if let Some(title) = entry.document_title {
        sheet.write_string_with_format(row, 9, title, &formats.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::{Document, Entry, ParsedFile, Source};

    #[test]
    fn row_limit() {
        assert!(check_rows("Entries", MAX_ROWS - 1).is_ok());
        let err = check_rows("Items", MAX_ROWS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the Items sheet would have 1048577 rows, over Excel's limit of 1,048,576"
        );
    }

    #[test]
    fn too_many_entries_is_an_error_before_anything_is_written() {
        let file = ParsedFile {
            source: Source::default(),
            document: Document {
                entries: vec![Entry::default(); MAX_ROWS],
                ..Document::default()
            },
        };
        let mut out = Vec::new();
        let err = write_xlsx_to(&mut out, &[&file], &XlsxOptions::default()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooManyRows {
                    sheet: "Entries",
                    rows: 1_048_577
                }
            ),
            "{err}"
        );
        assert!(out.is_empty());
    }
}
