//! Round trips of the CSV writer: banks written through the
//! `qbank_export::Writer` trait (whole, and entry batch by entry batch),
//! read back with the csv crate, compared cell by cell with the model.
#![allow(clippy::unwrap_used)]

use qbank_core::{ParseOptions, ParsedFile};
use qbank_csv::CsvOptions;
use qbank_export::rows::{ENTRY_COLUMNS, HEAD_MARK, Sources, TAIL_MARK, entry_rows};
use qbank_export::{Driver, ExportOptions, TextFormat};

fn bank(name: &str, text: &str) -> ParsedFile {
    qbank_core::parse_bytes(name, text.as_bytes().to_vec(), &ParseOptions::default()).unwrap()
}

fn sample() -> ParsedFile {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/llm-industry.md"
    );
    bank("llm-industry.md", &std::fs::read_to_string(path).unwrap())
}

/// Cells a spreadsheet would run, quotes, line breaks, a delimiter.
const HAZARDS: &str = "# Hazards\n\n## 1. =SUM(A1)\n\n**Question:** -1+1, \"quoted\"?\n\n**Answer:**\n\n1. **@term:** a\n   b\n\n**Analysis:** +x\n";

fn export(
    files: &[&ParsedFile],
    shared: &ExportOptions,
    options: &CsvOptions,
    batched: bool,
) -> Vec<u8> {
    let mut driver = Driver::new(vec![qbank_csv::create(Vec::new(), shared, options)]);
    for file in files {
        if batched {
            driver.write_batches(file, &[], 7);
        } else {
            driver.write_parsed(file, &[]);
        }
    }
    driver.finish().remove(0).unwrap().output
}

fn read(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn expected(files: &[&ParsedFile], format: TextFormat, escape: bool) -> Vec<Vec<String>> {
    let cell = |s: &str| {
        if escape {
            qbank_export::formula::escape(s).into_owned()
        } else {
            s.to_owned()
        }
    };
    let mut rows = vec![ENTRY_COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for file in files {
        let doc = &file.document;
        let mut sources = Sources::new(&qbank_core::LineEndings::Lf);
        let mut joined = String::new();
        for (i, row) in entry_rows(file, format).enumerate() {
            let last = i + 1 == doc.entries.len();
            let source = sources.source(&file.source.text, doc, &doc.entries[i], last);
            joined.push_str(&source.replace(HEAD_MARK, "").replace(TAIL_MARK, ""));
            rows.push(vec![
                cell(row.file),
                row.number.map(|n| n.to_string()).unwrap_or_default(),
                cell(row.title),
                cell(row.question.as_deref().unwrap_or("")),
                cell(row.answer.as_deref().unwrap_or("")),
                cell(row.analysis.as_deref().unwrap_or("")),
                row.line.to_string(),
                row.end_line.to_string(),
                cell(row.id.unwrap_or("")),
                cell(row.document_title.unwrap_or("")),
                cell(&row.category),
                row.kind.to_owned(),
                cell(&row.options),
                row.correct.clone(),
                cell(&row.blanks),
                cell(&row.graded),
                cell(&source),
            ]);
        }
        // The sources put the document back together.
        assert_eq!(joined, file.source.text);
    }
    rows
}

#[test]
fn every_cell_reads_back_as_the_model() {
    let (sample, hazards) = (sample(), bank("hazards.md", HAZARDS));
    let files = [&sample, &hazards];
    for format in [TextFormat::Markdown, TextFormat::Plain, TextFormat::Html] {
        let mut options = ExportOptions::default();
        options.text = format;
        let bytes = export(&files, &options, &CsvOptions::default(), false);
        assert_eq!(
            read(&bytes, b','),
            expected(&files, format, true),
            "{format:?}"
        );
        assert_eq!(read(&bytes, b',').len(), 1 + 30 + 1);
    }
}

#[test]
fn batches_write_the_same_bytes() {
    let (sample, hazards) = (sample(), bank("hazards.md", HAZARDS));
    let files = [&sample, &hazards];
    let (shared, options) = (ExportOptions::default(), CsvOptions::default());
    assert_eq!(
        export(&files, &shared, &options, true),
        export(&files, &shared, &options, false)
    );
}

#[test]
fn options_bom_delimiter_and_no_escape() {
    let hazards = bank("hazards.md", HAZARDS);
    let mut options = CsvOptions::default();
    options.bom = true;
    options.delimiter = b'\t';
    options.formula_escape = false;
    let bytes = export(&[&hazards], &ExportOptions::default(), &options, false);
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    assert_eq!(
        read(body, b'\t'),
        expected(&[&hazards], TextFormat::Markdown, false)
    );
}

#[test]
fn sources_show_as_written_without_an_apostrophe() {
    let sample = sample();
    let bytes = export(
        &[&sample],
        &ExportOptions::default(),
        &CsvOptions::default(),
        false,
    );
    let rows = read(&bytes, b',');
    let source = ENTRY_COLUMNS.iter().position(|c| *c == "source").unwrap();
    // Every entry after the first starts with the blank lines before it:
    // a line feed is no formula, so no `'` is shown before it.
    for row in &rows[2..] {
        assert!(row[source].starts_with("\n\n#### "), "{:?}", row[source]);
    }
}
