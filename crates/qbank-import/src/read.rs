//! The four export formats read into [`Row`]s: CSV (any delimiter qbank
//! writes), XLSX (the `Entries` sheet), JSON and JSON Lines.

use crate::row::{BlankCell, ChoiceCell, Export, GradedCell, Row};
use crate::{Error, Result};
use calamine::{Data, Reader, Xlsx};
use qbank_core::{Graded, Number, Numerical, NumericalAnswer, Pair, Tolerance};
use qbank_export::TextFormat;
use qbank_export::rows::{ENTRY_COLUMNS, TEXT_PROPERTY};
use serde_json::Value;

/// An export format `qbank import` reads.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// `--to json`.
    Json,
    /// `--to jsonl`.
    Jsonl,
    /// `--to csv` (commas, tabs or semicolons).
    Csv,
    /// `--to xlsx`.
    Xlsx,
}

impl Format {
    /// The format of a file, from its name, else from its first bytes.
    #[must_use]
    pub fn of(name: &str, bytes: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Format::Jsonl
        } else if lower.ends_with(".json") || bytes.trim_ascii_start().starts_with(b"{") {
            Format::Json
        } else {
            Format::Csv
        }
    }
}

/// The rows of an export, and warnings.
pub(crate) struct Read {
    pub(crate) rows: Vec<Row>,
    pub(crate) warnings: Vec<String>,
    /// How its texts are written, where it says.
    text: Option<TextFormat>,
}

/// The columns an import needs.
const REQUIRED: [&str; 5] = ["file", "title", "question", "answer", "analysis"];

pub(crate) fn rows(name: &str, bytes: &[u8]) -> Result<Read> {
    let mut read = match Format::of(name, bytes) {
        Format::Xlsx => xlsx(name, bytes),
        Format::Json => json(name, bytes),
        Format::Jsonl => jsonl(name, bytes),
        Format::Csv => csv(name, bytes),
    }?;
    let export = std::sync::Arc::new(Export {
        name: name.to_owned(),
        text: read.text,
    });
    for row in &mut read.rows {
        row.export = std::sync::Arc::clone(&export);
    }
    Ok(read)
}

/// A table's header: each known column's index; the unknown ones warned of.
struct Header {
    index: Vec<(&'static str, usize)>,
}

impl Header {
    fn new(name: &str, cells: &[String], warnings: &mut Vec<String>) -> Result<Header> {
        let mut index = Vec::new();
        let mut extra = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = cell.trim().trim_start_matches('\u{feff}');
            match ENTRY_COLUMNS.iter().find(|c| **c == cell) {
                Some(known) => index.push((*known, i)),
                None if cell.is_empty() => {}
                None => extra.push(format!("`{cell}`")),
            }
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|r| !index.iter().any(|(c, _)| c == *r))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(Error::malformed(
                name,
                "header",
                format!(
                    "the required column{} {} {} missing (a qbank export has {})",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" },
                    REQUIRED.join(", ")
                ),
            ));
        }
        if !extra.is_empty() {
            warnings.push(format!(
                "{name}: ignored the column{} qbank does not write: {}",
                if extra.len() == 1 { "" } else { "s" },
                extra.join(", ")
            ));
        }
        Ok(Header { index })
    }

    /// The known column at `index`.
    fn column(&self, index: usize) -> Option<&'static str> {
        self.index
            .iter()
            .find(|(_, i)| *i == index)
            .map(|(c, _)| *c)
    }

    fn get<'a>(&self, cells: &'a [String], column: &str) -> &'a str {
        self.index
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| cells.get(*i))
            .map_or("", String::as_str)
    }

    /// A row from its cells (formula escapes already taken off).
    fn row(&self, place: String, cells: &[String]) -> Row {
        let text = |c: &str| {
            let v = self.get(cells, c);
            (!v.is_empty()).then(|| v.to_owned())
        };
        let choice = (self.get(cells, "kind") == "choice")
            .then(|| ChoiceCell::from_cells(self.get(cells, "options"), self.get(cells, "correct")))
            .flatten();
        let has = |c: &str| self.index.iter().any(|(k, _)| *k == c);
        let category = self.get(cells, "category");
        Row {
            place,
            file: self.get(cells, "file").to_owned(),
            title: self.get(cells, "title").to_owned(),
            question: text("question"),
            answer: text("answer"),
            analysis: text("analysis"),
            document_title: text("document_title"),
            id: has("id").then(|| text("id")),
            blanks: BlankCell::from_cell(self.get(cells, "blanks")),
            graded: text("graded").map(GradedCell::Text),
            category: has("category").then(|| {
                category
                    .split(qbank_export::rows::CATEGORY_SEPARATOR)
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
            choice,
            source: text("source"),
            export: std::sync::Arc::default(),
        }
    }
}

/// Spreadsheets may turn line breaks into `\r\n`.
fn cell_text(s: &str) -> String {
    s.replace("\r\n", "\n")
}

fn csv(name: &str, bytes: &[u8]) -> Result<Read> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = csv_delimiter(bytes);
    let mut reader = csv_reader(delimiter).from_reader(bytes);
    let mut records = reader.byte_records().peekable();
    let mut warnings = Vec::new();
    let mut header: Option<(Header, usize)> = None;
    let mut rows = Vec::new();
    let mut number = 0;
    while let Some(record) = records.next() {
        number += 1;
        let record = record.map_err(|err| {
            let place = err
                .position()
                .map_or(format!("row {number}"), |p| format!("line {}", p.line()));
            Error::malformed(name, place, err.to_string())
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        if records.peek().is_none() {
            whole_last_row(name, bytes, delimiter, &record, header.as_ref())?;
        }
        let cells = csv_cells(name, line, record)?;
        match &header {
            None => header = Some((Header::new(name, &cells, &mut warnings)?, cells.len())),
            Some((_, width)) if cells.len() != *width => {
                let what = format!("{} fields where the header has {width}", cells.len());
                return Err(Error::malformed(name, format!("line {line}"), what));
            }
            Some((h, _)) => rows.push(h.row(format!("row {number}"), &cells)),
        }
    }
    if header.is_none() {
        return Err(Error::malformed(name, "", "empty: no header row"));
    }
    Ok(Read {
        rows,
        warnings,
        text: None,
    })
}

/// The delimiter qbank may have written: the one the header row has most of.
fn csv_delimiter(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// Rows of any length: `csv` compares each with the header itself, so
/// that a short last row can be told from a short row within the file.
fn csv_reader(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    builder
}

/// A record's cells as text, formula escapes taken off.
fn csv_cells(name: &str, line: u64, record: csv::ByteRecord) -> Result<Vec<String>> {
    let record = csv::StringRecord::from_byte_record(record)
        .map_err(|_| Error::malformed(name, format!("line {line}"), "not UTF-8 text"))?;
    Ok(record
        .iter()
        .map(|c| cell_text(qbank_export::formula::unescape(c)))
        .collect())
}

/// Refuses a file cut inside its last row (a partial download, a writer
/// that did not finish): the row ends inside a quoted cell that never
/// closes, or has fewer cells than the header (`header`: the header and
/// its width, once read). An open quoted cell runs to the end of the file,
/// which the csv crate takes as the cell's end; read again with a line
/// break after it, such a row takes the break in, where a whole row ends
/// before it. A cut between two rows leaves no trace.
fn whole_last_row(
    name: &str,
    bytes: &[u8],
    delimiter: u8,
    record: &csv::ByteRecord,
    header: Option<&(Header, usize)>,
) -> Result<()> {
    let Some(position) = record.position() else {
        return Ok(());
    };
    let place = format!("line {}", position.line());
    let start = usize::try_from(position.byte()).map_or(bytes.len(), |s| s.min(bytes.len()));
    let mut again = bytes[start..].to_vec();
    again.push(b'\n');
    let mut reread = csv::ByteRecord::new();
    let read = csv_reader(delimiter)
        .from_reader(again.as_slice())
        .read_byte_record(&mut reread);
    if matches!(read, Ok(true)) && reread != *record {
        let index = record.len().saturating_sub(1);
        let cell = header
            .and_then(|(h, _)| h.column(index))
            .map_or(format!("cell {}", index + 1), |c| format!("`{c}` cell"));
        let what = format!(
            "the file ends inside the quoted {cell} of the row that starts here: \
             it is cut short (a partial download or an unfinished write?)"
        );
        return Err(Error::malformed(name, place, what));
    }
    match header {
        Some((_, width)) if record.len() < *width => {
            let what = format!(
                "the last row has {} fields where the header has {width}: \
                 the file is cut short (a partial download or an unfinished write?)",
                record.len()
            );
            Err(Error::malformed(name, place, what))
        }
        _ => Ok(()),
    }
}

fn xlsx(name: &str, bytes: &[u8]) -> Result<Read> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|err| {
        Error::malformed(name, "", format!("not a readable XLSX workbook: {err}"))
    })?;
    if !book.sheet_names().iter().any(|s| s == "Entries") {
        return Err(Error::malformed(
            name,
            "",
            "no `Entries` sheet (qbank's XLSX export has one)",
        ));
    }
    let text = xlsx_text(name, &mut book)?;
    let sheet_error =
        |err: calamine::XlsxError| Error::malformed(name, "sheet Entries", err.to_string());
    // The sheet is streamed cell by cell, one row held at a time (a whole
    // `Range` of a 120,000-entry sheet held every cell at once).
    let mut cells_reader = book
        .worksheet_cells_reader("Entries")
        .map_err(sheet_error)?;
    let mut table = Table::new(name);
    let mut row: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells_reader.next_cell().map_err(sheet_error)? {
        let (r, c) = cell.get_position();
        if row.as_ref().is_some_and(|(at, _)| *at != r) {
            if let Some((at, cells)) = row.take() {
                table.row(at, &cells)?;
            }
        }
        let (_, cells) = row.get_or_insert_with(|| (r, Vec::new()));
        let c = c as usize;
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = xlsx_cell(&Data::from(cell.get_value().clone()));
    }
    if let Some((at, cells)) = row {
        table.row(at, &cells)?;
    }
    table.finish(text)
}

/// The `Entries` sheet's rows as they stream in: the first is the header.
struct Table<'a> {
    name: &'a str,
    header: Option<Header>,
    rows: Vec<Row>,
    warnings: Vec<String>,
}

impl<'a> Table<'a> {
    fn new(name: &'a str) -> Self {
        Table {
            name,
            header: None,
            rows: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The cells of row `at` (0-based).
    fn row(&mut self, at: u32, cells: &[String]) -> Result<()> {
        match &self.header {
            _ if cells.iter().all(String::is_empty) => {}
            None => self.header = Some(Header::new(self.name, cells, &mut self.warnings)?),
            Some(h) => {
                let place = format!("row {} of Entries", u64::from(at) + 1);
                self.rows.push(h.row(place, cells));
            }
        }
        Ok(())
    }

    fn finish(self, text: Option<TextFormat>) -> Result<Read> {
        if self.header.is_none() {
            return Err(Error::malformed(
                self.name,
                "sheet Entries",
                "empty: no header row",
            ));
        }
        Ok(Read {
            rows: self.rows,
            warnings: self.warnings,
            text,
        })
    }
}

/// The `--text` an XLSX export records ([`TEXT_PROPERTY`]); `None` for a
/// workbook that does not say (written before qbank recorded it, or saved
/// by a program that dropped the property).
fn xlsx_text(name: &str, book: &mut Xlsx<std::io::Cursor<&[u8]>>) -> Result<Option<TextFormat>> {
    let Ok(properties) = book.workbook_properties() else {
        return Ok(None);
    };
    match properties.custom_properties.get(TEXT_PROPERTY) {
        None => Ok(None),
        Some(value) => {
            let place = format!("document property `{TEXT_PROPERTY}`");
            text_mode(name, &place, value).map(Some)
        }
    }
}

/// The mode an export names; an error for a name qbank does not write.
fn text_mode(name: &str, place: &str, value: &str) -> Result<TextFormat> {
    TextFormat::from_name(value).ok_or_else(|| {
        Error::malformed(
            name,
            place,
            format!("`{value}` is not a text mode qbank writes (markdown, plain, html)"),
        )
    })
}

fn xlsx_cell(data: &Data) -> String {
    match data {
        Data::String(s) => cell_text(s),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn json(name: &str, bytes: &[u8]) -> Result<Read> {
    let value: Value = serde_json::from_slice(bytes).map_err(|err| {
        Error::malformed(
            name,
            format!("line {}, column {}", err.line(), err.column()),
            format!("not JSON: {err}"),
        )
    })?;
    match value.get("version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(v) => {
            return Err(Error::malformed(
                name,
                "",
                format!("export version {v}: this qbank reads version 1"),
            ));
        }
        None => {
            return Err(Error::malformed(
                name,
                "",
                "no `version`: not a qbank JSON export",
            ));
        }
    }
    // JSON exports carry the Markdown source; `"text"` says so (absent in
    // exports written before it was recorded).
    let text = match value.get("text") {
        None => TextFormat::Markdown,
        Some(v) => text_mode(name, "key `text`", v.as_str().unwrap_or_default())?,
    };
    let documents = value
        .get("documents")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::malformed(name, "", "no `documents` array"))?;
    let mut rows = Vec::new();
    for (d, doc) in documents.iter().enumerate() {
        let path = str_field(doc, "path")
            .ok_or_else(|| Error::malformed(name, format!("document {}", d + 1), "no `path`"))?;
        let title = str_field(doc, "title");
        let entries = doc.get("entries").and_then(Value::as_array);
        for (e, entry) in entries.into_iter().flatten().enumerate() {
            let place = format!("document {}, entry {}", d + 1, e + 1);
            rows.push(json_row(name, place, entry, path, title)?);
        }
    }
    Ok(Read {
        rows,
        warnings: Vec::new(),
        text: Some(text),
    })
}

fn jsonl(name: &str, bytes: &[u8]) -> Result<Read> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| Error::malformed(name, "", "not UTF-8 text"))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = format!("line {}", i + 1);
        let entry: Value = serde_json::from_str(line)
            .map_err(|err| Error::malformed(name, place.clone(), format!("not JSON: {err}")))?;
        let path = str_field(&entry, "path")
            .ok_or_else(|| Error::malformed(name, place.clone(), "no `path`"))?;
        let title = str_field(&entry, "document_title");
        rows.push(json_row(name, place, &entry, path, title)?);
    }
    // JSON Lines always carry the Markdown source.
    Ok(Read {
        rows,
        warnings: Vec::new(),
        text: Some(TextFormat::Markdown),
    })
}

fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn json_row(
    name: &str,
    place: String,
    entry: &Value,
    path: &str,
    title: Option<&str>,
) -> Result<Row> {
    if !entry.is_object() {
        return Err(Error::malformed(name, place, "an entry is not an object"));
    }
    let text = |key: &str| {
        str_field(entry, key)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let choice = (str_field(entry, "kind") == Some("choice"))
        .then(|| entry.get("options").and_then(Value::as_array))
        .flatten()
        .map(|options| {
            let (options, correct) = options
                .iter()
                .map(|o| {
                    let label = str_field(o, "label").map(str::to_owned);
                    let text = str_field(o, "text").unwrap_or_default().to_owned();
                    (
                        (label, text),
                        o.get("correct").and_then(Value::as_bool) == Some(true),
                    )
                })
                .unzip();
            ChoiceCell { options, correct }
        });
    Ok(Row {
        place,
        file: path.to_owned(),
        title: str_field(entry, "title").unwrap_or_default().to_owned(),
        question: text("question"),
        answer: text("answer"),
        analysis: text("analysis"),
        document_title: title.map(str::to_owned),
        id: entry.get("id").map(|v| v.as_str().map(str::to_owned)),
        category: entry.get("category").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        }),
        choice,
        blanks: json_blanks(entry),
        graded: json_graded(entry).map(GradedCell::Json),
        source: text("source"),
        export: std::sync::Arc::default(),
    })
}

/// The `blanks` of a JSON entry.
fn json_blanks(entry: &Value) -> Option<Vec<BlankCell>> {
    let blanks: Vec<BlankCell> = entry
        .get("blanks")
        .and_then(Value::as_array)?
        .iter()
        .map(|b| BlankCell {
            answers: b
                .get("answers")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            hint: str_field(b, "hint").map(str::to_owned),
        })
        .collect();
    (!blanks.is_empty()).then_some(blanks)
}

/// What a JSON entry grades, from the keys of its `kind` (`accepted` and
/// `case_sensitive`, `numerical`, `pairs` and `distractors`, `order`);
/// `None` for the other kinds, or where the keys are missing.
fn json_graded(entry: &Value) -> Option<Graded> {
    let strings = |key: &str| -> Option<Vec<String>> {
        entry
            .get(key)?
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    match str_field(entry, "kind")? {
        "short" => Some(Graded::Short {
            accepted: strings("accepted")?,
            case_sensitive: entry.get("case_sensitive").and_then(Value::as_bool) == Some(true),
        }),
        "numerical" => json_numerical(entry.get("numerical")?).map(Graded::Numerical),
        "matching" => {
            let pairs = entry.get("pairs")?.as_array()?.iter().map(|p| {
                Some(Pair {
                    left: str_field(p, "left")?.to_owned(),
                    right: str_field(p, "right")?.to_owned(),
                    span: qbank_core::Span::default(),
                })
            });
            Some(Graded::Matching {
                pairs: pairs.collect::<Option<_>>()?,
                distractors: strings("distractors").unwrap_or_default(),
            })
        }
        "ordering" => Some(Graded::Ordering {
            items: strings("order")?,
        }),
        _ => None,
    }
}

/// A JSON `numerical` object: `{"value", "tolerance" | "tolerance_percent"}`
/// or `{"min", "max"}`, and `"unit"`.
fn json_numerical(n: &Value) -> Option<Numerical> {
    let number = |key: &str| {
        n.get(key)
            .and_then(Value::as_f64)
            .map(|v| Number(qbank_export::graded::decimal(v)))
    };
    let answer = match (number("value"), number("min"), number("max")) {
        (Some(value), _, _) => NumericalAnswer::Value {
            value,
            tolerance: number("tolerance")
                .map(Tolerance::Absolute)
                .or_else(|| number("tolerance_percent").map(Tolerance::Percent)),
        },
        (None, Some(min), Some(max)) => NumericalAnswer::Range { min, max },
        _ => return None,
    };
    Some(Numerical {
        answer,
        unit: str_field(n, "unit").map(str::to_owned),
    })
}
