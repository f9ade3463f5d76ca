//! Exports written with `--text plain` or `--text html` (issue 27, item 2):
//! unedited, they come back as `qbank fmt` of the bank; an edited question,
//! answer, analysis or option cell is refused with its row and column; the
//! columns no mode renders (titles, correct marks, ids) stay editable.

use super::edits::{Table, column, csv_of, table};
use super::{fmt, parsed, refused, root};
use qbank_core::ParsedFile;
use qbank_export::{Driver, ExportOptions, TextFormat};

/// The export of `file` to `format` (`csv`, `xlsx`) with `--text text`.
pub(crate) fn export(file: &ParsedFile, format: &str, text: TextFormat) -> Vec<u8> {
    let mut options = ExportOptions::default();
    options.text = text;
    let out = Vec::new();
    let writer = match format {
        "csv" => qbank_csv::create(out, &options, &Default::default()),
        _ => qbank_xlsx::create(out, &options, &Default::default()),
    };
    let mut driver = Driver::new(vec![writer]);
    driver.write_parsed(file, &[]);
    driver.finish().remove(0).unwrap().output
}

const RENDERED: [TextFormat; 2] = [TextFormat::Plain, TextFormat::Html];

#[test]
fn unedited_plain_and_html_exports_come_back_as_fmt() {
    let mut checked = 0;
    for (file, want) in super::banks_with_fmt() {
        let source = &file.source;
        for format in ["csv", "xlsx"] {
            for text in RENDERED {
                let bytes = export(&file, format, text);
                let name = format!("export.{format}");
                let back = qbank_import::from_bytes(&name, &bytes)
                    .unwrap_or_else(|err| panic!("{} {format} {text:?}: {err}", source.path));
                assert_eq!(
                    back.documents[0].text, want,
                    "{} {format} {text:?}",
                    source.path
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "{checked} round trips");
}

fn sample() -> ParsedFile {
    let text = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    parsed("llm-industry.md", &text)
}

#[test]
fn an_edited_cell_of_a_plain_csv_is_refused_with_its_row_and_column() {
    let mut t = table(&export(&sample(), "csv", TextFormat::Plain));
    let answer = column(&t, "answer");
    // Row 3 of the sheet: the second entry.
    let before = t[2][answer].clone();
    t[2][answer] = before.replace("数据清洗：", "数据清洗（修订）：");
    assert_ne!(t[2][answer], before);
    assert_eq!(
        refused("plain.csv", &csv_of(&t)),
        "plain.csv: row 3, column `answer`: edited, but this export's cells are plain text \
         (as their `source` renders; a CSV does not record `--text`): its texts lost the \
         Markdown they came from, and writing the edit back would change the rest of the \
         entry; undo the edit, or export again with `--text markdown` and edit that"
    );
}

#[test]
fn an_emptied_or_filled_cell_of_an_html_csv_is_refused() {
    let t = table(&export(&sample(), "csv", TextFormat::Html));
    let analysis = column(&t, "analysis");
    let mut emptied = t.clone();
    emptied[2][analysis].clear();
    let err = refused("html.csv", &csv_of(&emptied));
    assert!(
        err.starts_with(
            "html.csv: row 3, column `analysis`: edited, but this export's cells are HTML"
        ),
        "{err}"
    );
}

#[test]
fn a_plain_xlsx_says_its_mode_and_refuses_an_edited_option() {
    let text = "# Quiz\n\n## 1. Which is `safe`?\n\n- [ ] **C**\n- [x] *Rust*\n\n## 2. Pick\n\n- [x] A\n- [ ] B\n";
    let file = parsed("quiz.md", text);
    let bytes = export(&file, "xlsx", TextFormat::Plain);
    // Unedited, it comes back as written.
    let back = qbank_import::from_bytes("quiz.xlsx", &bytes).unwrap();
    assert_eq!(back.documents[0].text, fmt("quiz.md", text));
    // Through a CSV (no mode recorded), an option edited is refused.
    let mut t = xlsx_table(&bytes);
    let options = column(&t, "options");
    t[1][options] = t[1][options].replace("Rust", "Rust 2024");
    let err = refused("quiz.csv", &csv_of(&t));
    assert!(
        err.starts_with("quiz.csv: row 2, column `options`: edited"),
        "{err}"
    );
}

/// The Entries sheet of an XLSX export as a table.
pub(crate) fn xlsx_table(bytes: &[u8]) -> Table {
    use calamine::{Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Entries").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn xlsx_records_its_text_mode() {
    use calamine::{Reader, Xlsx};
    for text in [TextFormat::Markdown, TextFormat::Plain, TextFormat::Html] {
        let bytes = export(&sample(), "xlsx", text);
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let props = book.workbook_properties().unwrap();
        assert_eq!(
            props
                .custom_properties
                .get("qbank-text")
                .map(String::as_str),
            Some(text.name())
        );
    }
}

#[test]
fn titles_and_correct_marks_of_a_plain_export_stay_editable() {
    let text = "# Quiz\n\n## 1. Which is `safe`?\n\n- [ ] `Python`\n- [x] *Rust*\n\n**Answer:** See `rustc`.\n";
    let file = parsed("quiz.md", text);
    let mut t = table(&export(&file, "csv", TextFormat::Plain));
    let (title, correct) = (column(&t, "title"), column(&t, "correct"));
    t[1][title] = "Which is memory-safe?".to_owned();
    assert_eq!(t[1][correct], "2");
    t[1][correct] = "1".to_owned();
    let back = qbank_import::from_bytes("quiz.csv", &csv_of(&t)).unwrap();
    let want = text
        .replace("Which is `safe`?", "Which is memory-safe?")
        .replace(
            "- [ ] `Python`\n- [x] *Rust*",
            "- [x] `Python`\n- [ ] *Rust*",
        );
    assert_eq!(back.documents[0].text, fmt("quiz.md", &want));
}

#[test]
fn a_markdown_csv_whose_edit_drops_markup_is_still_markdown() {
    // One edited cell reads like plain text; the other cells say Markdown.
    let file = sample();
    let mut t = table(&super::export(&[&file], "csv"));
    let answer = column(&t, "answer");
    t[2][answer] = t[2][answer].replace("**数据清洗：**", "数据清洗：");
    let back = qbank_import::from_bytes("md.csv", &csv_of(&t)).unwrap();
    assert!(!back.documents[0].text.contains("**数据清洗：**"));
    assert!(back.documents[0].text.contains("**数据增强：**"));
}

#[test]
fn json_says_markdown_and_an_unknown_mode_is_refused() {
    let json = String::from_utf8(super::export(&[&sample()], "json")).unwrap();
    assert!(json.contains("\"text\": \"markdown\""), "{}", &json[..200]);
    let odd = json.replacen("\"text\": \"markdown\"", "\"text\": \"rtf\"", 1);
    assert_eq!(
        refused("odd.json", odd.as_bytes()),
        "odd.json: key `text`: `rtf` is not a text mode qbank writes (markdown, plain, html)"
    );
}

#[test]
fn a_plain_csv_whose_markup_comes_late_is_still_read_as_plain() {
    let mut text = String::from("# Bank\n\n");
    for n in 1..=40 {
        text.push_str(&format!(
            "## {n}. Plain {n}\n\n**Answer:** words only {n}\n\n"
        ));
    }
    text.push_str("## 41. Code\n\n**Answer:** run `cargo test` with *care*\n\n");
    text.push_str("## 42. More\n\n**Answer:** see [the book](https://doc.rust-lang.org)\n");
    let file = parsed("late.md", &text);
    let t = table(&export(&file, "csv", TextFormat::Plain));
    let back = qbank_import::from_bytes("late.csv", &csv_of(&t)).unwrap();
    assert_eq!(back.documents[0].text, fmt("late.md", &text));
    let mut edited = t.clone();
    let answer = column(&t, "answer");
    edited[41][answer] = "run cargo test with great care".to_owned();
    let err = refused("late.csv", &csv_of(&edited));
    assert!(
        err.starts_with("late.csv: row 42, column `answer`: edited"),
        "{err}"
    );
}
