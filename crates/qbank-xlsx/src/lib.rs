//! # qbank-xlsx: question banks as an Excel workbook
//!
//! Six sheets, written with `rust_xlsxwriter` in constant-memory mode (rows
//! are streamed to temporary files, so memory does not grow with the row
//! count):
//!
//! - `Entries`: [`ENTRY_COLUMNS`], one row per entry;
//! - `Items`: [`ITEM_COLUMNS`], one row per numbered-list item;
//! - `Options`: [`OPTION_COLUMNS`], one row per option of a choice entry,
//!   the correct ones in bold on green with `correct` TRUE;
//! - `Blanks`: [`BLANK_COLUMNS`], one row per blank of a fill entry;
//! - `Graded`: [`GRADED_COLUMNS`], one row per accepted answer of a
//!   short-answer entry, the number of a numerical one, each pair and
//!   distractor of a matching one, each item of an ordering one;
//! - `Documents`: `path, title, entries`.
//!
//! Every text cell is written with `write_string`: a body starting with `=`
//! stays text and is never evaluated. XML-special characters are escaped and
//! control characters encoded by `rust_xlsxwriter`.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_export::ExportOptions;
//! use qbank_xlsx::XlsxOptions;
//!
//! let md = "# Bank\n\n## 1. Sum\n\n**Question:** 1+1?\n\n**Answer:**\n\n1. **Two:** 2\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let xlsx = qbank_xlsx::create(Vec::new(), &ExportOptions::default(), &XlsxOptions::default());
//! let workbook = qbank_export::export_parsed(xlsx, &[&file])?;
//! assert!(workbook.output.starts_with(b"PK"));
//! assert!(workbook.warnings.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use qbank_core::{Document, Entry};
use qbank_export::rows::{
    BLANK_COLUMNS, BlankRow, ENTRY_COLUMNS, EntryRow, GRADED_COLUMNS, GradedRow, ITEM_COLUMNS,
    ItemRow, LineCounter, OPTION_COLUMNS, OptionRow, Sources, TEXT_PROPERTY, entry_row,
    for_each_blank_row_of, for_each_graded_row_of, for_each_item_row_of, for_each_option_row_of,
};
use qbank_export::{DocumentRef, ExportOptions, Finished, TextFormat, Writer};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::borrow::Cow;
use std::io::Write;

/// Excel's limit on the characters of one cell, counted in UTF-16 code
/// units as Excel counts them (an emoji counts two).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the rows of one sheet (header included).
pub const MAX_ROWS: usize = 1_048_576;

/// The options of `--to xlsx` (how section bodies are written, and the
/// workbook's creation time, come from [`ExportOptions`]).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct XlsxOptions {
    /// Cut cells longer than [`MAX_CELL_CHARS`] (with a warning) instead of
    /// failing.
    pub truncate: bool,
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
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    /// rust_xlsxwriter panicked: in constant-memory mode it panics when its
    /// temporary files cannot be written (a full disk, say).
    #[error("rust_xlsxwriter stopped: {0}")]
    Panicked(String),
}

impl From<Error> for qbank_export::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Xlsx(XlsxError::IoError(io)) => qbank_export::Error::Io(io),
            other => qbank_export::Error::format("XLSX", other),
        }
    }
}

/// `--to xlsx`: the workbook, written entry by entry, goes to `out` when it
/// is finished. Its six sheets are constant-memory worksheets, whose rows go
/// to temporary files as they are written, so neither the model of a whole
/// bank nor its rows are held. The workbook is built in a temporary file
/// (deleted by the system even if the process is killed), then copied to
/// `out`, so that a full disk or a closed pipe is `out`'s own I/O error, not
/// one inside rust_xlsxwriter.
///
/// The workbook's creation time (`docProps/core.xml`) is
/// [`ExportOptions::time`]: the export time, or `SOURCE_DATE_EPOCH` for
/// reproducible output. It is the only time in the file (zip members carry
/// a fixed 1980 date), so the same input and time give the same bytes.
///
/// Writing fails with [`Error::CellTooLong`] for a cell over 32,767
/// characters (unless [`XlsxOptions::truncate`]), [`Error::TooManyRows`] for
/// a sheet over 1,048,576 rows, [`Error::Xlsx`] when `rust_xlsxwriter` fails
/// (its temporary files could not be written), and [`Error::Panicked`] when
/// it panics (it does when a write to its temporary files fails). After an
/// error, the writer is spent: every later call returns an error.
///
/// # Errors
///
/// [`Error::Xlsx`] when the time is outside Excel's years 1900 to 9999, or
/// rust_xlsxwriter fails.
pub fn create<W: Write + 'static>(
    out: W,
    shared: &ExportOptions,
    options: &XlsxOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(XlsxWriter::new(out, shared, options)?))
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

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
    /// A correct option's cells: bold on green.
    correct_text: Format,
    correct_number: Format,
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
            correct_text: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_bold()
                .set_background_color(Color::RGB(0x00C6_EFCE))
                .set_font_color(Color::RGB(0x0000_6100)),
            correct_number: Format::new()
                .set_align(FormatAlign::Top)
                .set_bold()
                .set_background_color(Color::RGB(0x00C6_EFCE))
                .set_font_color(Color::RGB(0x0000_6100)),
        }
    }
}

/// A cell's text after the length check: cut (with a warning) or refused.
struct Cells {
    options: XlsxOptions,
    warnings: Vec<String>,
}

impl Cells {
    fn check<'a>(
        &mut self,
        value: &'a str,
        column: &'static str,
        place: impl Fn() -> (String, u32, String),
    ) -> Result<Cow<'a, str>> {
        // Excel counts a cell's length in UTF-16 code units (a character
        // outside the Basic Multilingual Plane, an emoji, counts two), and so
        // does rust_xlsxwriter's check. Cheap test first: a cell of at most
        // 32,767 bytes has at most that many UTF-16 units.
        if value.len() <= MAX_CELL_CHARS {
            return Ok(Cow::Borrowed(value));
        }
        let chars = value.encode_utf16().count();
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
        let cut = utf16_prefix(value, MAX_CELL_CHARS);
        self.warnings.push(format!(
            "{path}:{line}: {entry}: the {column} cell was cut from {chars} to 32,767 characters"
        ));
        Ok(Cow::Borrowed(&value[..cut]))
    }
}

/// An entry's or document's title repeated in a further column: cut to
/// Excel's limit without a second warning (the Entries sheet's title cell,
/// checked first, reported it or refused it).
fn fitted(value: &str) -> &str {
    // Called for every Items and Options row: no walk for the short titles
    // that are all but every title.
    if value.len() <= MAX_CELL_CHARS {
        return value;
    }
    &value[..utf16_prefix(value, MAX_CELL_CHARS)]
}

/// The byte length of the longest prefix of `value` that takes at most
/// `units` UTF-16 code units (a character is never split).
fn utf16_prefix(value: &str, units: usize) -> usize {
    let mut used = 0;
    for (i, c) in value.char_indices() {
        used += c.len_utf16();
        if used > units {
            return i;
        }
    }
    value.len()
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

/// Too many entries for the Entries sheet is an error before any of them is
/// written, with the message the row-by-row check gives.
fn check_batch(rows: u32, entries: usize) -> Result<()> {
    if rows as usize + entries + 1 > MAX_ROWS {
        return Err(Error::TooManyRows {
            sheet: "Entries",
            rows: MAX_ROWS + 1,
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
    for (col, name) in columns.iter().enumerate() {
        let width = widths.get(col).copied().unwrap_or(12.0);
        let col = col as u16;
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, *name, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook being written (see [`create`]).
struct XlsxWriter<W> {
    workbook: Workbook,
    formats: Formats,
    /// How section bodies and item texts are written.
    text: TextFormat,
    cells: Cells,
    /// Data rows written to the Entries, Items, Options, Blanks, Graded
    /// and Documents sheets.
    rows: [u32; 6],
    /// Where the line counts of the open document stand (offset, line):
    /// for the entry rows, the item rows, the option rows, the blank rows
    /// and the graded rows.
    lines: [(usize, u32); 5],
    /// Entries of the open document so far.
    entries: usize,
    /// The open document's entry sources.
    sources: Sources,
    spent: bool,
    out: W,
}

/// The sheets, in order: name, columns and column widths.
const SHEETS: [(&str, &[&str], &[f64]); 6] = [
    (
        "Entries",
        &ENTRY_COLUMNS,
        &[
            28.0, 8.0, 36.0, 50.0, 70.0, 60.0, 7.0, 9.0, 14.0, 30.0, 24.0, 8.0, 40.0, 9.0, 30.0,
            36.0, 40.0,
        ],
    ),
    (
        "Items",
        &ITEM_COLUMNS,
        &[28.0, 8.0, 36.0, 10.0, 6.0, 6.0, 24.0, 70.0, 7.0, 6.0, 7.0],
    ),
    (
        "Options",
        &OPTION_COLUMNS,
        &[28.0, 8.0, 36.0, 8.0, 6.0, 60.0, 8.0, 7.0],
    ),
    (
        "Blanks",
        &BLANK_COLUMNS,
        &[28.0, 8.0, 36.0, 8.0, 8.0, 50.0, 24.0, 7.0],
    ),
    (
        "Graded",
        &GRADED_COLUMNS,
        &[28.0, 8.0, 36.0, 11.0, 8.0, 40.0, 40.0, 7.0],
    ),
    (
        "Documents",
        &["path", "title", "entries"],
        &[40.0, 50.0, 9.0],
    ),
];

const ENTRIES: usize = 0;
const ITEMS: usize = 1;
const OPTIONS: usize = 2;
const BLANKS: usize = 3;
const GRADED: usize = 4;
const DOCUMENTS: usize = 5;

impl<W: Write> XlsxWriter<W> {
    /// A workbook with its six sheets and their header rows.
    fn new(out: W, shared: &ExportOptions, options: &XlsxOptions) -> Result<Self> {
        guarded(|| {
            let formats = Formats::new();
            let mut workbook = Workbook::new();
            let created = ExcelDateTime::from_timestamp(shared.time)?;
            workbook.set_properties(
                &DocProperties::new()
                    .set_creation_datetime(&created)
                    .set_custom_property(TEXT_PROPERTY, shared.text.name()),
            );
            for (name, columns, widths) in SHEETS {
                let sheet = workbook.add_worksheet_with_constant_memory()?;
                sheet.set_name(sanitize_sheet_name(name))?;
                header(sheet, columns, widths, &formats)?;
            }
            Ok(XlsxWriter {
                workbook,
                formats,
                text: shared.text,
                cells: Cells {
                    options: options.clone(),
                    warnings: Vec::new(),
                },
                rows: [0; 6],
                lines: [(0, 1); 5],
                entries: 0,
                sources: Sources::default(),
                spent: false,
                out,
            })
        })
    }

    /// Close the open document: its row in the Documents sheet.
    fn end(&mut self, doc: &Document) -> Result<()> {
        self.step(|w| {
            let row = w.next_row(DOCUMENTS, "Documents")?;
            let count = w.entries as u64;
            let sheet = w.workbook.worksheet_from_index(DOCUMENTS)?;
            sheet.write_string_with_format(row, 0, &doc.path, &w.formats.text)?;
            if let Some(title) = &doc.title {
                // A title over a cell's limit is cut (a heading of 32,767
                // characters is no title to refuse a workbook over).
                let text = fitted(&title.text);
                if text.len() < title.text.len() {
                    w.cells.warnings.push(format!(
                        "{}: the document's title was cut to 32,767 characters",
                        doc.path
                    ));
                }
                sheet.write_string_with_format(row, 1, text, &w.formats.text)?;
            }
            number(sheet, row, 2, Some(count), &w.formats)
        })
    }

    /// Set the sheets' filters and write the workbook to `file`.
    fn save(&mut self, file: &mut std::fs::File) -> Result<()> {
        self.step(|w| {
            for (i, (_, columns, _)) in SHEETS.iter().enumerate() {
                let rows = w.rows[i];
                let columns = columns.len();
                w.workbook
                    .worksheet_from_index(i)?
                    .autofilter(0, 0, rows, (columns - 1) as u16)?;
            }
            w.workbook.save_to_writer(file)?;
            Ok(())
        })
    }

    /// Run `f` unless the writer is spent; an error or a panic spends it.
    fn step<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.spent {
            return Err(Error::Panicked(
                "the workbook failed earlier and was not completed".to_owned(),
            ));
        }
        let result = guarded(|| f(self));
        if result.is_err() {
            self.spent = true;
        }
        result
    }

    /// The next data row of sheet `index`, counted.
    fn next_row(&mut self, index: usize, sheet: &'static str) -> Result<u32> {
        let rows = self.rows[index] as usize + 1;
        check_rows(sheet, rows)?;
        self.rows[index] += 1;
        Ok(self.rows[index])
    }

    /// The rows of some entries of the open document: one each in Entries,
    /// one per numbered-list item in Items, one per option in Options, one
    /// per blank in Blanks, one per graded answer, pair or item in Graded.
    fn write_rows(
        &mut self,
        text: &str,
        doc: &Document,
        entries: &[Entry],
        last: bool,
    ) -> Result<()> {
        let format = self.text;
        check_batch(self.rows[ENTRIES], entries.len())?;
        let mut lines = LineCounter::resume(text, self.lines[0].0, self.lines[0].1);
        for (i, entry) in entries.iter().enumerate() {
            let row = self.next_row(ENTRIES, "Entries")?;
            let ends = last && i + 1 == entries.len();
            let source = self.sources.source(text, doc, entry, ends);
            let entry = entry_row(text, doc, entry, format, &mut lines);
            let sheet = self.workbook.worksheet_from_index(ENTRIES)?;
            write_entry(sheet, row, &entry, &self.formats, &mut self.cells)?;
            write_source(sheet, row, &entry, &source, &self.formats, &mut self.cells)?;
        }
        self.lines[0] = lines.position();
        self.entries += entries.len();

        let mut lines = LineCounter::resume(text, self.lines[1].0, self.lines[1].1);
        let result = for_each_item_row_of(
            text,
            doc,
            entries,
            format,
            &mut lines,
            |item: ItemRow<'_>| -> Result<()> {
                let row = self.next_row(ITEMS, "Items")?;
                let place = || {
                    (
                        item.file.to_owned(),
                        item.line,
                        entry_label(item.entry_number, item.entry_title),
                    )
                };
                let formats = &self.formats;
                let sheet = self.workbook.worksheet_from_index(ITEMS)?;
                sheet.write_string_with_format(row, 0, item.file, &formats.text)?;
                number(sheet, row, 1, item.entry_number, formats)?;
                sheet.write_string_with_format(row, 2, fitted(item.entry_title), &formats.text)?;
                sheet.write_string_with_format(row, 3, item.section.as_str(), &formats.text)?;
                number(sheet, row, 4, Some(item.list_index as u64), formats)?;
                number(sheet, row, 5, item.item_number, formats)?;
                if let Some(term) = item.term {
                    let term = self.cells.check(term, "term", place)?;
                    sheet.write_string_with_format(row, 6, &*term, &formats.text)?;
                }
                let text = self.cells.check(&item.text, "text", place)?;
                sheet.write_string_with_format(row, 7, &*text, &formats.text)?;
                number(sheet, row, 8, Some(u64::from(item.line)), formats)?;
                number(sheet, row, 9, Some(item.depth as u64), formats)?;
                number(sheet, row, 10, Some(u64::from(item.entry_line)), formats)?;
                Ok(())
            },
        );
        self.lines[1] = lines.position();
        result?;
        self.write_options(text, doc, entries)?;
        self.write_blanks(text, doc, entries)?;
        self.write_graded(text, doc, entries)
    }

    /// The Graded rows of `entries`: one per accepted answer, number, pair,
    /// distractor or ordering item.
    fn write_graded(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        let mut lines = LineCounter::resume(text, self.lines[4].0, self.lines[4].1);
        let result = for_each_graded_row_of(doc, entries, &mut lines, |graded: GradedRow<'_>| {
            let row = self.next_row(GRADED, "Graded")?;
            let place = || {
                let entry = entry_label(graded.entry_number, graded.entry_title);
                (graded.file.to_owned(), graded.line, entry)
            };
            let item = self.cells.check(&graded.item, "item", place)?;
            let matched = match graded.matched {
                Some(m) => Some(self.cells.check(m, "match", place)?),
                None => None,
            };
            let formats = &self.formats;
            let sheet = self.workbook.worksheet_from_index(GRADED)?;
            sheet.write_string_with_format(row, 0, graded.file, &formats.text)?;
            number(sheet, row, 1, graded.entry_number, formats)?;
            sheet.write_string_with_format(row, 2, fitted(graded.entry_title), &formats.text)?;
            sheet.write_string_with_format(row, 3, graded.kind, &formats.text)?;
            number(sheet, row, 4, Some(graded.position as u64), formats)?;
            if !item.is_empty() {
                sheet.write_string_with_format(row, 5, &*item, &formats.text)?;
            }
            if let Some(matched) = matched {
                sheet.write_string_with_format(row, 6, &*matched, &formats.text)?;
            }
            number(sheet, row, 7, Some(u64::from(graded.line)), formats)?;
            Ok(())
        });
        self.lines[4] = lines.position();
        result
    }

    /// The Blanks rows of `entries`.
    fn write_blanks(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        let mut lines = LineCounter::resume(text, self.lines[3].0, self.lines[3].1);
        let result = for_each_blank_row_of(doc, entries, &mut lines, |blank: BlankRow<'_>| {
            let row = self.next_row(BLANKS, "Blanks")?;
            let place = || {
                let entry = entry_label(blank.entry_number, blank.entry_title);
                (blank.file.to_owned(), blank.line, entry)
            };
            let answers = self.cells.check(&blank.answers, "answers", place)?;
            let formats = &self.formats;
            let sheet = self.workbook.worksheet_from_index(BLANKS)?;
            sheet.write_string_with_format(row, 0, blank.file, &formats.text)?;
            number(sheet, row, 1, blank.entry_number, formats)?;
            sheet.write_string_with_format(row, 2, fitted(blank.entry_title), &formats.text)?;
            number(sheet, row, 3, Some(blank.position as u64), formats)?;
            number(sheet, row, 4, Some(u64::from(blank.number)), formats)?;
            sheet.write_string_with_format(row, 5, &*answers, &formats.text)?;
            if let Some(hint) = blank.hint {
                sheet.write_string_with_format(row, 6, fitted(hint), &formats.text)?;
            }
            number(sheet, row, 7, Some(u64::from(blank.line)), formats)?;
            Ok(())
        });
        self.lines[3] = lines.position();
        result
    }

    /// The Options rows of `entries`: the correct ones in bold on green.
    fn write_options(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        let format = self.text;
        let mut lines = LineCounter::resume(text, self.lines[2].0, self.lines[2].1);
        let result = for_each_option_row_of(
            doc,
            entries,
            format,
            &mut lines,
            |option: OptionRow<'_>| -> Result<()> {
                let row = self.next_row(OPTIONS, "Options")?;
                let place = || {
                    let entry = entry_label(option.entry_number, option.entry_title);
                    (option.file.to_owned(), option.line, entry)
                };
                let value = self.cells.check(&option.text, "option", place)?;
                let (text_format, number_format) = if option.correct {
                    (&self.formats.correct_text, &self.formats.correct_number)
                } else {
                    (&self.formats.text, &self.formats.number)
                };
                let sheet = self.workbook.worksheet_from_index(OPTIONS)?;
                sheet.write_string_with_format(row, 0, option.file, text_format)?;
                write_number(sheet, row, 1, option.entry_number, number_format)?;
                sheet.write_string_with_format(row, 2, fitted(option.entry_title), text_format)?;
                write_number(sheet, row, 3, Some(option.position as u64), number_format)?;
                match option.label {
                    Some(label) => sheet.write_string_with_format(row, 4, label, text_format)?,
                    None => sheet.write_blank(row, 4, text_format)?,
                };
                sheet.write_string_with_format(row, 5, &*value, text_format)?;
                sheet.write_boolean_with_format(row, 6, option.correct, text_format)?;
                write_number(sheet, row, 7, Some(u64::from(option.line)), number_format)?;
                Ok(())
            },
        );
        self.lines[2] = lines.position();
        result
    }
}

impl<W: Write> Writer<W> for XlsxWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.lines = [(0, 1); 5];
        self.entries = 0;
        self.sources = Sources::new(doc.line_endings);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let (text, document, last) = (doc.text, doc.document, doc.last);
        Ok(self.step(|w| w.write_rows(text, document, entries, last))?)
    }

    fn end_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        Ok(self.end(doc.document)?)
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        use std::io::Seek;
        let mut file = tempfile::tempfile()?;
        self.save(&mut file)?;
        file.seek(std::io::SeekFrom::Start(0))?;
        let XlsxWriter { mut out, cells, .. } = *self;
        std::io::copy(&mut file, &mut out)?;
        out.flush()?;
        Ok(Finished {
            output: out,
            warnings: cells.warnings,
        })
    }
}

/// Run `f`, with a panic of rust_xlsxwriter's returned as an error.
///
/// rust_xlsxwriter's constant-memory worksheets panic when a write to their
/// temporary files fails (`Couldn't write to xml file`) instead of
/// returning an error: caught here and returned as one, so that a full disk
/// is a message and the caller's other outputs still get written. Nothing
/// is shared with the caller while writing but the writer, which is spent
/// after an error, and the output, which the caller discards on error.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("rust_xlsxwriter panicked");
        Err(Error::Panicked(message.to_owned()))
    })
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<u64>,
    formats: &Formats,
) -> Result<()> {
    write_number(sheet, row, col, value, &formats.number)
}

fn write_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<u64>,
    format: &Format,
) -> Result<()> {
    if let Some(v) = value {
        // Excel numbers are doubles: integers up to 2^53 are exact.
        sheet.write_number_with_format(row, col, v as f64, format)?;
    }
    Ok(())
}

fn write_entry(
    sheet: &mut Worksheet,
    row: u32,
    entry: &EntryRow<'_>,
    formats: &Formats,
    cells: &mut Cells,
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
        sheet.write_string_with_format(row, 9, fitted(title), &formats.text)?;
    }
    if !entry.category.is_empty() {
        let value = cells.check(&entry.category, "category", place)?;
        sheet.write_string_with_format(row, 10, &*value, &formats.text)?;
    }
    sheet.write_string_with_format(row, 11, entry.kind, &formats.text)?;
    if !entry.options.is_empty() {
        let value = cells.check(&entry.options, "options", place)?;
        sheet.write_string_with_format(row, 12, &*value, &formats.text)?;
        sheet.write_string_with_format(row, 13, &entry.correct, &formats.text)?;
    }
    if !entry.blanks.is_empty() {
        let value = cells.check(&entry.blanks, "blanks", place)?;
        sheet.write_string_with_format(row, 14, &*value, &formats.text)?;
    }
    if !entry.graded.is_empty() {
        let value = cells.check(&entry.graded, "graded", place)?;
        sheet.write_string_with_format(row, 15, &*value, &formats.text)?;
    }
    Ok(())
}

/// The `source` cell: left empty, with a warning, when the entry is longer
/// than a cell may be (`qbank import` then rebuilds it from the other
/// columns, in the shape of its neighbours).
fn write_source(
    sheet: &mut Worksheet,
    row: u32,
    entry: &EntryRow<'_>,
    source: &str,
    formats: &Formats,
    cells: &mut Cells,
) -> Result<()> {
    if source.len() > MAX_CELL_CHARS && source.encode_utf16().count() > MAX_CELL_CHARS {
        cells.warnings.push(format!(
            "{}:{}: {}: its source is over 32,767 characters and was left out of the source column",
            entry.file,
            entry.line,
            entry_label(entry.number, entry.title)
        ));
        return Ok(());
    }
    sheet.write_string_with_format(row, 16, source, &formats.text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::{Document, Entry, ParsedFile, Source};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// An output the test keeps a handle on.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().write(buf)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// `file`'s workbook written through the driver into `out`: the
    /// warnings, or this crate's error.
    fn write(out: Shared, file: &ParsedFile, options: &XlsxOptions) -> Result<Vec<String>> {
        let writer = create(out, &ExportOptions::default(), options);
        match qbank_export::export_parsed(writer, &[file]) {
            Ok(finished) => Ok(finished.warnings),
            Err(qbank_export::Error::Format { source, .. }) => match source.downcast::<Error>() {
                Ok(err) => Err(*err),
                Err(other) => Err(Error::Panicked(other.to_string())),
            },
            Err(other) => Err(Error::Panicked(other.to_string())),
        }
    }

    #[test]
    fn cells_are_measured_in_utf16_units_as_excel_does() {
        // 20,000 emoji: 20,000 characters but 40,000 UTF-16 units, over
        // Excel's limit (rust_xlsxwriter refused the cell after qbank's
        // character count had let it through, even with truncate).
        let question = "😀".repeat(20_000);
        let text = format!("#### 1. Emoji\n\n**题目：** {question}\n\n**答案：** x\n");
        let file = qbank_core::parse_bytes("e.md", text.into_bytes(), &Default::default()).unwrap();
        let err = write(Shared::default(), &file, &XlsxOptions::default()).unwrap_err();
        assert!(
            matches!(err, Error::CellTooLong { chars: 40_000, .. }),
            "{err}"
        );
        let options = XlsxOptions { truncate: true };
        let warnings = write(Shared::default(), &file, &options).unwrap();
        assert!(
            warnings.iter().any(|w| w.contains("cut from 40000")),
            "{warnings:?}"
        );
        assert_eq!(utf16_prefix("a😀b", 2), 1);
        assert_eq!(utf16_prefix("a😀b", 3), 5);
        assert_eq!(utf16_prefix("a😀b", 9), 6);
    }

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
        let out = Shared::default();
        let err = write(out.clone(), &file, &XlsxOptions::default()).unwrap_err();
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
        assert!(out.0.borrow().is_empty());
    }
}
