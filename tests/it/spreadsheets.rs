//! CSV and XLSX exports through the real binary, read back with the `csv`
//! crate, `calamine` and (where installed, always in CI) Python's openpyxl,
//! and compared cell by cell with the model.
#![allow(clippy::unwrap_used)]

use crate::util::{python_check, root};
use calamine::{Data, Reader, Xlsx, open_workbook};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::TextFormat;
use qbank_export::rows::{
    BLANK_COLUMNS, ENTRY_COLUMNS, GRADED_COLUMNS, ITEM_COLUMNS, LineCounter, OPTION_COLUMNS,
    Sources, entry_rows, for_each_graded_row_of, for_each_option_row_of, item_rows,
};
use std::path::Path;
use std::process::{Command, Output};

const FIXTURES: [&str; 11] = [
    "fixtures/llm-industry.md",
    "fixtures/fill/mixed-exam.md",
    "fixtures/shapes/choice-task-lists.md",
    "fixtures/spreadsheet-hazards.md",
    "fixtures/nested-lists.md",
    "fixtures/english-labels.md",
    "fixtures/missing-sections.md",
    "fixtures/graded/short.md",
    "fixtures/graded/numerical.md",
    "fixtures/graded/matching.md",
    "fixtures/graded/ordering.md",
];

fn qbank(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn parsed(path: &str) -> ParsedFile {
    let bytes = std::fs::read(root().join(path)).unwrap();
    qbank_core::parse_bytes(path, bytes, &ParseOptions::default()).unwrap()
}

fn escaped(s: &str) -> String {
    qbank_export::formula::escape(s).into_owned()
}

fn read_csv(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let mut bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes.as_slice());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The CSV rows the model says the file must hold.
fn expected_csv(files: &[&ParsedFile], format: TextFormat, escape: bool) -> Vec<Vec<String>> {
    let cell = |s: &str| if escape { escaped(s) } else { s.to_owned() };
    let mut rows = vec![ENTRY_COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for file in files {
        let doc = &file.document;
        let mut sources = Sources::new(&qbank_core::LineEndings::Lf);
        for (i, r) in entry_rows(file, format).enumerate() {
            let last = i + 1 == doc.entries.len();
            let source = sources.source(&file.source.text, doc, &doc.entries[i], last);
            rows.push(vec![
                cell(r.file),
                r.number.map(|n| n.to_string()).unwrap_or_default(),
                cell(r.title),
                cell(r.question.as_deref().unwrap_or("")),
                cell(r.answer.as_deref().unwrap_or("")),
                cell(r.analysis.as_deref().unwrap_or("")),
                r.line.to_string(),
                r.end_line.to_string(),
                cell(r.id.unwrap_or("")),
                cell(r.document_title.unwrap_or("")),
                cell(&r.category),
                r.kind.to_owned(),
                cell(&r.options),
                r.correct.clone(),
                cell(&r.blanks),
                cell(&r.graded),
                cell(&source),
            ]);
        }
    }
    rows
}

#[test]
fn csv_cells_equal_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<ParsedFile> = FIXTURES.iter().map(|p| parsed(p)).collect();
    let refs: Vec<&ParsedFile> = files.iter().collect();
    let out = dir.path().join("all.csv");
    let mut args = vec!["export"];
    args.extend(FIXTURES);
    args.extend(["--to", "csv", "-o", out.to_str().unwrap()]);
    let run = qbank(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let got = read_csv(&out, b',');
    // Documents come sorted by path.
    let mut sorted = refs.clone();
    sorted.sort_by(|a, b| a.document.path.cmp(&b.document.path));
    assert_eq!(got, expected_csv(&sorted, TextFormat::Markdown, true));
    // The sample: 30 rows; entry 2's answer keeps its list, newlines included.
    let sample: Vec<&Vec<String>> = got
        .iter()
        .filter(|r| r[0] == "fixtures/llm-industry.md")
        .collect();
    assert_eq!(sample.len(), 30);
    assert!(
        sample[1][4].contains("\n1. **数据清洗：** 去除数据中的噪声和异常值，确保数据质量。\n")
    );
    // Hazards are neutralised.
    let hazards: Vec<&Vec<String>> = got.iter().filter(|r| r[0].contains("hazards")).collect();
    assert_eq!(
        hazards[0][2],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(hazards[0][3], "'=1+1");
    assert_eq!(hazards[0][4], "'-2, \"quoted\", and a comma");
    assert_eq!(hazards[0][5], "'@SUM(A1:A2)");
    assert_eq!(hazards[1][3], "'+cmd|' /C calc'!A0");
    assert!(hazards[1][4].contains("\tcell\twith tabs"));
    assert!(hazards[1][5].contains('🎉'));
}

#[test]
fn csv_options() {
    let dir = tempfile::tempdir().unwrap();
    let sample = parsed("fixtures/spreadsheet-hazards.md");
    for (extra, delimiter, format, escape) in [
        (
            vec!["--no-formula-escape"],
            b',',
            TextFormat::Markdown,
            false,
        ),
        (
            vec!["--bom", "--delimiter", ";"],
            b';',
            TextFormat::Markdown,
            true,
        ),
        (
            vec!["--delimiter", "\\t"],
            b'\t',
            TextFormat::Markdown,
            true,
        ),
        (vec!["--text", "plain"], b',', TextFormat::Plain, true),
        (vec!["--text", "html"], b',', TextFormat::Html, true),
    ] {
        let out = dir.path().join("x.csv");
        let mut args = vec![
            "export",
            "fixtures/spreadsheet-hazards.md",
            "--to",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(&extra);
        let run = qbank(&args);
        assert!(
            run.status.success(),
            "{extra:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let raw = std::fs::read(&out).unwrap();
        assert_eq!(
            raw.starts_with(b"\xEF\xBB\xBF"),
            extra.contains(&"--bom"),
            "{extra:?}"
        );
        assert_eq!(
            read_csv(&out, delimiter),
            expected_csv(&[&sample], format, escape),
            "{extra:?}"
        );
    }
    // `-o -` writes to standard output.
    let run = qbank(&[
        "export",
        "fixtures/llm-industry.md",
        "--to",
        "csv",
        "-o",
        "-",
    ]);
    assert!(run.status.success());
    let mut reader = csv::Reader::from_reader(run.stdout.as_slice());
    assert_eq!(reader.records().count(), 30);
    // A bad delimiter is a usage error.
    assert_eq!(
        qbank(&[
            "export",
            "fixtures/llm-industry.md",
            "--to",
            "csv",
            "--delimiter",
            "ab"
        ])
        .status
        .code(),
        Some(2)
    );
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// Trailing empty cells are not stored: compare rows without them.
fn trim(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|mut r| {
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect()
}

#[test]
fn xlsx_sheets_equal_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.xlsx");
    let mut args = vec!["export"];
    args.extend(FIXTURES);
    args.extend(["--to", "xlsx", "-o", out.to_str().unwrap()]);
    let run = qbank(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let workbook: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Entries",
            "Items",
            "Options",
            "Blanks",
            "Graded",
            "Documents"
        ]
    );

    let mut files: Vec<ParsedFile> = FIXTURES.iter().map(|p| parsed(p)).collect();
    files.sort_by(|a, b| a.document.path.clone().cmp(&b.document.path));
    // Entries: text as written (never formula-escaped: it is text already).
    let expected = trim(expected_csv(
        &files.iter().collect::<Vec<_>>(),
        TextFormat::Markdown,
        false,
    ));
    assert_eq!(trim(sheet(&out, "Entries")), expected);

    // Items.
    let mut items = vec![
        ITEM_COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<_>>(),
    ];
    for file in &files {
        for r in item_rows(file, TextFormat::Markdown) {
            items.push(vec![
                r.file.to_owned(),
                r.entry_number.map(|n| n.to_string()).unwrap_or_default(),
                r.entry_title.to_owned(),
                r.section.as_str().to_owned(),
                r.list_index.to_string(),
                r.item_number.map(|n| n.to_string()).unwrap_or_default(),
                r.term.unwrap_or("").to_owned(),
                r.text.into_owned(),
                r.line.to_string(),
                r.depth.to_string(),
                r.entry_line.to_string(),
            ]);
        }
    }
    let got_items = trim(sheet(&out, "Items"));
    assert_eq!(got_items, trim(items));
    // The sample's entry 2: five items with their terms.
    let terms: Vec<&str> = got_items
        .iter()
        .filter(|r| r[0] == "fixtures/llm-industry.md" && r[1] == "2")
        .map(|r| r[6].as_str())
        .collect();
    assert_eq!(
        terms,
        ["数据清洗", "数据增强", "数据归一化", "数据分块", "序列填充"]
    );

    // Options: one row per option, TRUE for the correct ones.
    let mut options = vec![OPTION_COLUMNS.map(str::to_owned).to_vec()];
    for file in &files {
        let doc = &file.document;
        let mut lines = LineCounter::new(&file.source.text);
        let _ = for_each_option_row_of(doc, &doc.entries, TextFormat::Markdown, &mut lines, |r| {
            options.push(vec![
                r.file.to_owned(),
                r.entry_number.map(|n| n.to_string()).unwrap_or_default(),
                r.entry_title.to_owned(),
                r.position.to_string(),
                r.label.unwrap_or("").to_owned(),
                r.text.into_owned(),
                if r.correct { "true" } else { "false" }.to_owned(),
                r.line.to_string(),
            ]);
            Ok::<(), ()>(())
        });
    }
    assert_eq!(
        options.len(),
        7 + 14,
        "the choice fixture's six options, the exam's fourteen"
    );
    assert_eq!(trim(sheet(&out, "Options")), trim(options));

    // Blanks: one row per blank, alternatives after ` | `.
    let blanks = trim(sheet(&out, "Blanks"));
    assert_eq!(blanks[0], BLANK_COLUMNS);
    let answers: Vec<&str> = blanks[1..].iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        answers,
        [
            "共享",
            "页号",
            "页内偏移",
            "传输控制协议 | Transmission Control Protocol",
            "请求和保持",
            "不剥夺"
        ]
    );

    graded_sheet_equals_the_model(&out, &files);

    // Documents.
    let docs = trim(sheet(&out, "Documents"));
    assert_eq!(docs[0], ["path", "title", "entries"]);
    assert_eq!(docs.len(), FIXTURES.len() + 1);
    let sample = docs
        .iter()
        .find(|r| r[0] == "fixtures/llm-industry.md")
        .unwrap();
    assert_eq!(
        sample[1..],
        [
            "大模型产业化：新商业模式和生态系统".to_owned(),
            "30".to_owned()
        ]
    );
}

/// The Graded sheet: one row per accepted answer, number, pair, distractor
/// and ordering item, as the model says; the graded cells of Entries too.
fn graded_sheet_equals_the_model(out: &Path, files: &[ParsedFile]) {
    let mut want = vec![GRADED_COLUMNS.map(str::to_owned).to_vec()];
    for file in files {
        let doc = &file.document;
        let mut lines = LineCounter::new(&file.source.text);
        let _ = for_each_graded_row_of(doc, &doc.entries, &mut lines, |r| {
            want.push(vec![
                r.file.to_owned(),
                r.entry_number.map(|n| n.to_string()).unwrap_or_default(),
                r.entry_title.to_owned(),
                r.kind.to_owned(),
                r.position.to_string(),
                r.item.into_owned(),
                r.matched.unwrap_or("").to_owned(),
                r.line.to_string(),
            ]);
            Ok::<(), ()>(())
        });
    }
    let got = trim(sheet(out, "Graded"));
    assert_eq!(got, trim(want));
    let of = |file: &str, entry: &str| -> Vec<Vec<String>> {
        got.iter()
            .filter(|r| r[0] == file && r[1] == entry)
            .map(|r| r[3..8].to_vec())
            .collect()
    };
    let row = |cells: [&str; 5]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        of("fixtures/graded/short.md", "1"),
        [
            row(["short", "1", "colour", "", "7"]),
            row(["short", "2", "color", "", "7"]),
            row(["short", "3", "Colour", "", "7"]),
        ]
    );
    assert_eq!(
        of("fixtures/graded/numerical.md", "1"),
        [row(["numerical", "1", "9.8 ± 0.1 m/s²", "", "7"])]
    );
    let matching = of("fixtures/graded/matching.md", "1");
    assert_eq!(
        matching[0],
        row(["matching", "1", "Rust", "Graydon Hoare", "7"])
    );
    assert_eq!(
        matching[3],
        row(["matching", "4", "", "Dennis Ritchie", "7"])
    );
    assert_eq!(
        of("fixtures/graded/ordering.md", "5")[0],
        row(["ordering", "1", "the power-on self-test", "", "46"])
    );
    // Entries: the graded column, one compact cell per graded entry.
    let entries = sheet(out, "Entries");
    let graded = ENTRY_COLUMNS.iter().position(|c| *c == "graded").unwrap();
    let cell = |file: &str, n: &str| {
        let r = entries.iter().find(|r| r[0] == file && r[1] == n).unwrap();
        r[graded].clone()
    };
    assert_eq!(
        cell("fixtures/graded/short.md", "2"),
        "pwd (case-sensitive)"
    );
    assert_eq!(cell("fixtures/graded/numerical.md", "6"), "[3.1, 3.2]");
    assert_eq!(
        cell("fixtures/graded/matching.md", "3"),
        "Stack → last in, first out\nQueue → first in, first out\n\
         Heap → a tree ordered by priority\n→ a hash map\n→ a linked list"
    );
    assert_eq!(
        cell("fixtures/graded/ordering.md", "2"),
        "1. 预处理\n2. 编译\n3. 汇编\n4. 链接"
    );
    assert_eq!(cell("fixtures/graded/short.md", "4"), "");
}

#[test]
fn xlsx_text_is_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.xlsx");
    let run = qbank(&[
        "export",
        "fixtures/spreadsheet-hazards.md",
        "--to",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let formulas = workbook.worksheet_formula("Entries").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a cell holds a formula"
    );
    let rows = sheet(&out, "Entries");
    assert_eq!(rows[1][3], "=1+1");
    assert_eq!(rows[1][5], "@SUM(A1:A2)");
    assert_eq!(
        rows[3][3],
        "bell\u{7} and escape\u{1b} and form feed\u{c} here"
    );
    assert_eq!(rows[3][5], "XML specials: < > & ' \" ]]> <![CDATA[x]]>");
}

#[test]
fn xlsx_cell_limit_is_an_error_or_a_cut() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("long.md");
    let long = "长".repeat(40_000);
    std::fs::write(
        &bank,
        format!("# Long\n\n## 1. A\n\n**题目：** 短\n\n**答案：** {long}\n\n**解析：** 短\n"),
    )
    .unwrap();
    let out = dir.path().join("long.xlsx");
    let run = qbank(&[
        "export",
        bank.to_str().unwrap(),
        "--to",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("long.md:3") && stderr.contains("entry 1 (A)") && stderr.contains("answer"),
        "{stderr}"
    );
    assert!(stderr.contains("40000"), "{stderr}");
    assert!(!out.exists(), "no partial output");
    let run = qbank(&[
        "export",
        bank.to_str().unwrap(),
        "--to",
        "xlsx",
        "--truncate",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("cut from 40000 to 32,767"));
    let rows = sheet(&out, "Entries");
    assert_eq!(rows[1][4].chars().count(), 32_767);
    // CSV has no such limit: the whole text, every character.
    let csv_out = dir.path().join("long.csv");
    let run = qbank(&[
        "export",
        bank.to_str().unwrap(),
        "--to",
        "csv",
        "-o",
        csv_out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert_eq!(read_csv(&csv_out, b',')[1][4], long);
}

#[test]
fn several_formats_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = qbank(&[
        "export",
        "fixtures/llm-industry.md",
        "--to",
        "csv,xlsx,json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for ext in ["csv", "xlsx", "json"] {
        assert!(out.join(format!("llm-industry.{ext}")).is_file(), "{ext}");
    }
    // Several inputs: named `qbank`.
    let run = qbank(&[
        "export",
        "fixtures/llm-industry.md",
        "fixtures/nested-lists.md",
        "--to",
        "jsonl,csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(out.join("qbank.jsonl").is_file() && out.join("qbank.csv").is_file());
    // Several formats to standard output: a usage error.
    assert_eq!(
        qbank(&["export", "fixtures/llm-industry.md", "--to", "csv,json"])
            .status
            .code(),
        Some(2)
    );
}

/// Python's openpyxl opens the workbook and sees the three sheets with the
/// right cells. Skipped when openpyxl is missing, except in CI (`.ci/run`
/// installs it and sets QBANK_PYTHON).
#[test]
#[cfg_attr(
    qbank_no_openpyxl,
    ignore = "openpyxl is not installed for $QBANK_PYTHON or python3 (pip install openpyxl; `touch build.rs` after)"
)]
fn openpyxl_reads_the_workbook() {
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has_openpyxl = Command::new(&python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    // Not ignored (see build.rs): the package must be there.
    assert!(
        has_openpyxl,
        "openpyxl is not installed for {python}: pip install openpyxl, or set QBANK_PYTHON"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xlsx");
    let run = qbank(&[
        "export",
        "fixtures/llm-industry.md",
        "fixtures/spreadsheet-hazards.md",
        "fixtures/shapes/choice-task-lists.md",
        "fixtures/shapes/choice-task-lists.md",
        "fixtures/graded/matching.md",
        "--to",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    python_check(&python, "openpyxl_check.py", &[out.to_str().unwrap()]);
}
