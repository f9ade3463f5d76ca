//! Round trips: every fixture of every shape exported to JSON, JSON Lines,
//! CSV and XLSX and imported again gives `qbank fmt` of it, byte for byte;
//! edits come back as edits; damaged exports are refused with their place.
#![allow(clippy::unwrap_used)]

mod edits;
mod graded;
mod rendered;

use qbank_core::{ParseOptions, ParsedFile, Source};
use qbank_export::{Driver, ExportOptions};
use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The export of `files` in `format` (`json`, `jsonl`, `csv`, `xlsx`).
pub(crate) fn export(files: &[&ParsedFile], format: &str) -> Vec<u8> {
    let (out, options) = (Vec::new(), &ExportOptions::default());
    let writer = match format {
        "json" => qbank_json::create_json(out, options, &Default::default()),
        "jsonl" => qbank_json::create_jsonl(out, options),
        "csv" => qbank_csv::create(out, options, &Default::default()),
        _ => qbank_xlsx::create(out, options, &Default::default()),
    };
    let mut driver = Driver::new(vec![writer]);
    for file in files {
        driver.write_parsed(file, &[]);
    }
    driver.finish().remove(0).unwrap().output
}

pub(crate) fn parsed(path: &str, text: &str) -> ParsedFile {
    let source = Source {
        path: path.to_owned(),
        text: text.to_owned(),
        ..Source::default()
    };
    let document = qbank_core::parse(path, text, &ParseOptions::default());
    ParsedFile { source, document }
}

pub(crate) fn fmt(path: &str, text: &str) -> String {
    let source = Source {
        path: path.to_owned(),
        text: text.to_owned(),
        ..Source::default()
    };
    qbank_fmt::format(
        &source,
        &ParseOptions::default(),
        &qbank_fmt::FmtOptions::default(),
    )
    .text
}

pub(crate) const FORMATS: [&str; 4] = ["json", "jsonl", "csv", "xlsx"];

fn banks() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/shapes",
        "fixtures/fill",
        "fixtures/graded",
        "fixtures/corpus",
        "fixtures/fmt",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        all.extend(files);
    }
    all
}

fn name_of(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Every fixture bank that decodes and has entries, parsed, with `qbank
/// fmt` of it (what an unedited round trip must give back).
pub(crate) fn banks_with_fmt() -> Vec<(ParsedFile, String)> {
    let mut all = Vec::new();
    for path in banks() {
        let Ok(source) = qbank_core::decode(name_of(&path), std::fs::read(&path).unwrap()) else {
            continue;
        };
        let file = parsed(&source.path, &source.text);
        if !file.document.entries.is_empty() {
            let want = fmt(&source.path, &source.text);
            all.push((file, want));
        }
    }
    all
}

#[test]
fn every_bank_comes_back_as_fmt_through_every_format() {
    let mut checked = 0;
    for (file, want) in banks_with_fmt() {
        checked += assert_round_trips(&file, &want);
    }
    assert!(checked > 150, "{checked} round trips");
}

/// `file` exported to every format and imported back gives `want`; the
/// number of formats.
fn assert_round_trips(file: &ParsedFile, want: &str) -> usize {
    let path = &file.source.path;
    for format in FORMATS {
        let bytes = export(&[file], format);
        let name = format!("export.{format}");
        let back = qbank_import::from_bytes(&name, &bytes).unwrap();
        assert_eq!(back.documents.len(), 1, "{path} {format}");
        let doc = &back.documents[0];
        assert_eq!(&doc.path, path);
        if doc.text != want {
            panic!(
                "{path} through {format}:\n{}",
                similar_diff(want, &doc.text)
            );
        }
    }
    FORMATS.len()
}

fn similar_diff(a: &str, b: &str) -> String {
    let mut out = String::new();
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            out.push_str(&format!("line {}:\n- {x}\n+ {y}\n", i + 1));
        }
    }
    if a.lines().count() != b.lines().count() {
        out.push_str("(line counts differ)\n");
    }
    out
}

#[test]
fn several_documents_come_back_each_to_its_path() {
    let a = parsed("a.md", "# A\n\n## 1. One\n\n**Answer:** 1\n");
    let b = parsed(
        "dir/b.md",
        "## 1. Two\n\n**Answer:** 2\n\n## 2. Three\n\n**Answer:** 3\n",
    );
    for format in FORMATS {
        let back =
            qbank_import::from_bytes(&format!("x.{format}"), &export(&[&a, &b], format)).unwrap();
        let paths: Vec<&str> = back.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "dir/b.md"], "{format}");
        assert_eq!(back.documents[1].text, fmt("dir/b.md", &b.source.text));
    }
}

pub(crate) fn refused(name: &str, bytes: &[u8]) -> String {
    match qbank_import::from_bytes(name, bytes) {
        Ok(_) => panic!("{name} was accepted"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn damaged_exports_are_refused_with_their_place() {
    assert_eq!(
        refused("e.csv", b"file,title,question\na.md,T,Q\n"),
        "e.csv: header: the required columns answer, analysis are missing (a qbank export has file, title, question, answer, analysis)"
    );
    assert_eq!(
        refused(
            "e.csv",
            b"file,title,question,answer,analysis\na.md,T,Q,A,X\nb.md,T\nc.md,T,Q,A,X\n"
        ),
        "e.csv: line 3: 2 fields where the header has 5"
    );
    assert_eq!(
        refused("e.json", br#"{"version": 2, "documents": []}"#),
        "e.json: export version 2: this qbank reads version 1"
    );
    assert!(
        refused("e.json", b"{\"version\": 1,").starts_with("e.json: line 1, column 14: not JSON")
    );
    assert_eq!(
        refused("e.jsonl", b"{\"title\": \"x\"}\n"),
        "e.jsonl: line 1: no `path`"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Sheet1").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        refused("e.xlsx", &bytes),
        "e.xlsx: no `Entries` sheet (qbank's XLSX export has one)"
    );
}

#[test]
fn extra_columns_are_ignored_with_one_warning() {
    let csv = "file,title,question,answer,analysis,my notes,reviewer\na.md,T,Q?,A,,x,y\n";
    let back = qbank_import::from_bytes("e.csv", csv.as_bytes()).unwrap();
    assert_eq!(
        back.warnings,
        ["e.csv: ignored the columns qbank does not write: `my notes`, `reviewer`"]
    );
    assert_eq!(
        back.documents[0].text,
        "## 1. T\n\n**Question:** Q?\n\n**Answer:** A\n"
    );
}

#[test]
fn formula_escapes_come_off() {
    let text = "## 1. =SUM(A1)\n\n**Question:** -1\n\n**Answer:** '=x\n";
    let file = parsed("f.md", text);
    let bytes = export(&[&file], "csv");
    assert!(String::from_utf8_lossy(&bytes).contains("'=SUM(A1)"));
    let back = qbank_import::from_bytes("f.csv", &bytes).unwrap();
    assert_eq!(back.documents[0].text, text);
}

#[test]
fn the_apostrophe_older_exports_put_before_a_line_feed_comes_off() {
    let text = "# Bank\n\n## 1. One\n\n**Answer:** a\n\n## 2. Two\n\n**Answer:** b\n";
    let bytes = export(&[&parsed("f.csv", text)], "csv");
    let csv = String::from_utf8(bytes).unwrap();
    // This version writes the second source as it is; earlier ones put a
    // `'` before its leading line feed.
    assert!(csv.contains(",\"\n\n## 2. Two"), "{csv}");
    let older = csv.replace(",\"\n\n## 2. Two", ",\"'\n\n## 2. Two");
    for bytes in [csv, older] {
        let back = qbank_import::from_bytes("f.csv", bytes.as_bytes()).unwrap();
        assert_eq!(back.documents[0].text, text);
    }
}

/// An export of a bank of three entries cut at `cut` bytes.
fn cut_export(cut: impl Fn(&[u8]) -> usize) -> (Vec<u8>, Vec<u8>) {
    let text = "# 题库\n\n## 1. 一\n\n**答案：** 甲\n\n## 2. 二\n\n**答案：** 乙\n\n## 3. 三\n\n**答案：** 丙, \"丁\"\n";
    let bytes = export(&[&parsed("b.md", text)], "csv");
    let at = cut(&bytes);
    (bytes[..at].to_vec(), bytes)
}

#[test]
fn a_truncated_csv_is_refused_with_the_line_of_its_cut_row() {
    // The line the last row starts on, as an editor numbers it (the rows
    // before it hold line breaks in their cells).
    let (whole, _) = cut_export(<[u8]>::len);
    let line = whole[..find(&whole, "b.md,3,")]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    assert!(line > 4, "{line}");
    let cut_row = format!("e.csv: line {line}: ");
    let short = "is cut short (a partial download or an unfinished write?)";
    // Inside the quoted `source` cell, mid-character.
    let (bytes, whole) = cut_export(|b| b.len() - 5);
    assert_eq!(
        refused("e.csv", &bytes),
        format!(
            "{cut_row}the file ends inside the quoted `source` cell of the row that starts here: it {short}"
        )
    );
    assert!(qbank_import::from_bytes("e.csv", &whole).is_ok());
    // Inside the quoted `answer` cell: too few cells too, the quote named.
    let (bytes, _) = cut_export(|b| find(b, "丙") + 3);
    assert_eq!(
        refused("e.csv", &bytes),
        format!(
            "{cut_row}the file ends inside the quoted `answer` cell of the row that starts here: it {short}"
        )
    );
    // After a delimiter, outside any quote: too few cells.
    let (bytes, _) = cut_export(|b| find(b, "b.md,3,") + 7);
    assert_eq!(
        refused("e.csv", &bytes),
        format!("{cut_row}the last row has 3 fields where the header has 17: the file {short}")
    );
    // Between two rows: a whole export of fewer entries, which no reader
    // can tell from a cut one (docs/editing.md says so).
    let (bytes, _) = cut_export(|b| find(b, "b.md,3,"));
    let back = qbank_import::from_bytes("e.csv", &bytes).unwrap();
    assert!(!back.documents[0].text.contains("## 3."));
}

/// Where `what` first stands in `bytes`.
fn find(bytes: &[u8], what: &str) -> usize {
    std::str::from_utf8(bytes).unwrap().find(what).unwrap()
}

/// A bank whose labels are its own (`[labels]` in its qbank.toml) comes
/// back exactly when read with them (issue 27, item 1), edits included.
#[test]
fn a_bank_with_its_own_labels_comes_back_through_every_format() {
    let labels = qbank_core::Labels {
        question: vec!["Ask".to_owned()],
        answer: vec!["Reply".to_owned()],
        analysis: vec!["Why".to_owned()],
    };
    let options = qbank_import::DocOptions::new(
        ParseOptions::with_labels(labels),
        qbank_fmt::FmtOptions::default(),
    );
    let text = "# Bank\n\n## 1. First\n\n**Ask:** What is one?\n\n**Reply:** One.\n\n\
                **Why:** It is.\n\n## 2. Second\n\n**Ask:** What is two?\n\n**Reply:** Two.\n";
    let source = Source {
        path: "b.md".to_owned(),
        text: text.to_owned(),
        ..Source::default()
    };
    let document = qbank_core::parse("b.md", text, &options.parse);
    assert_eq!(document.entries.len(), 2);
    let file = ParsedFile { source, document };
    for format in FORMATS {
        let bytes = export(&[&file], format);
        let rows = qbank_import::read_bytes(&format!("b.{format}"), &bytes).unwrap();
        let back = rows.assemble(|_| options.clone()).unwrap();
        assert_eq!(back[0].text, text, "{format}");
    }
    // A new analysis takes the bank's own label.
    let csv = String::from_utf8(export(&[&file], "csv")).unwrap();
    let header = csv.lines().next().unwrap().split(',').collect::<Vec<_>>();
    assert_eq!(header[5], "analysis");
    let edited = csv.replacen("Two.,,", "Two.,Because.,", 1);
    assert_ne!(edited, csv, "the second row's empty analysis cell");
    let rows = qbank_import::read_bytes("e.csv", edited.as_bytes()).unwrap();
    let back = rows.assemble(|_| options.clone()).unwrap();
    assert_eq!(back[0].text, format!("{text}\n**Why:** Because.\n"));
}

/// A bank written with `\r\n` line breaks comes back with them, through
/// every format (issue 27: the round trips cover a CRLF bank).
#[test]
fn crlf_banks_come_back_with_their_line_breaks() {
    let mut checked = 0;
    for path in banks().iter().step_by(7) {
        let bytes = std::fs::read(path).unwrap().replace_lf_with_crlf();
        let Ok(source) = qbank_core::decode(name_of(path), bytes) else {
            continue;
        };
        if source.line_endings != qbank_core::LineEndings::CrLf {
            continue; // no line break at all, or not UTF-8 as read
        }
        let document = qbank_core::parse(&source.path, &source.text, &ParseOptions::default());
        if document.entries.is_empty() {
            continue;
        }
        let want = qbank_core::restore_line_endings(
            &fmt(&source.path, &source.text),
            &qbank_core::LineEndings::CrLf,
        );
        let file = ParsedFile { source, document };
        checked += assert_round_trips(&file, &want);
    }
    assert!(checked > 40, "{checked} round trips");
}

trait Crlf {
    fn replace_lf_with_crlf(self) -> Vec<u8>;
}

impl Crlf for Vec<u8> {
    fn replace_lf_with_crlf(self) -> Vec<u8> {
        let text = String::from_utf8(self).unwrap();
        text.replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .into_bytes()
    }
}
