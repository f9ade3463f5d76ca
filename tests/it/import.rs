//! `qbank import`: exports back into banks through the binary: one
//! document to a file, several to a folder, never outside it; damaged
//! exports refused with exit 2 and nothing written.

use crate::util::{qbank, root, stderr, tempdir};
use std::fs;
use std::path::Path;
use std::process::Output;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    qbank().current_dir(dir).args(args).output().unwrap()
}

fn export(dir: &Path, inputs: &[&str], out: &str) {
    let mut args = vec!["export"];
    args.extend(inputs);
    args.extend(["-o", out, "-q"]);
    let run = run_in(dir, &args);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// A folder with the sample and a choice bank.
fn banks() -> tempfile::TempDir {
    let dir = tempdir();
    for name in ["llm-industry.md", "shapes/choice-keys.md"] {
        let to = dir.path().join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(root().join("fixtures").join(name), to).unwrap();
    }
    dir
}

fn formatted(dir: &Path, name: &str) -> String {
    let text = fs::read_to_string(dir.join(name)).unwrap();
    let source = qbank_core::Source {
        path: name.to_owned(),
        text,
        ..qbank_core::Source::default()
    };
    qbank_fmt::format(
        &source,
        &qbank_core::ParseOptions::default(),
        &qbank_fmt::FmtOptions::default(),
    )
    .text
}

#[test]
fn every_format_comes_back_as_fmt() {
    let dir = banks();
    for format in ["json", "jsonl", "csv", "xlsx"] {
        let export_name = format!("all.{format}");
        export(
            dir.path(),
            &["llm-industry.md", "shapes/choice-keys.md", "--to", format],
            &export_name,
        );
        let out = format!("back-{format}");
        let run = run_in(dir.path(), &["import", &export_name, "-o", &out]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(
            stderr(&run),
            format!("imported 2 documents (36 entries) into {out}\n")
        );
        for name in ["llm-industry.md", "shapes/choice-keys.md"] {
            let back = fs::read_to_string(dir.path().join(&out).join(name)).unwrap();
            assert_eq!(back, formatted(dir.path(), name), "{format} {name}");
        }
    }
}

#[test]
fn one_document_to_a_file_or_standard_output() {
    let dir = banks();
    export(dir.path(), &["llm-industry.md", "--to", "csv"], "s.csv");
    let run = run_in(dir.path(), &["import", "s.csv", "-o", "s.md"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        fs::read_to_string(dir.path().join("s.md")).unwrap(),
        formatted(dir.path(), "llm-industry.md")
    );
    let run = run_in(dir.path(), &["import", "s.csv", "-o", "-", "-q"]);
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        formatted(dir.path(), "llm-industry.md")
    );
    // Several documents need a folder.
    export(
        dir.path(),
        &["llm-industry.md", "shapes/choice-keys.md", "--to", "csv"],
        "two.csv",
    );
    let run = run_in(dir.path(), &["import", "two.csv", "-o", "two.md"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("2 documents"), "{}", stderr(&run));
    assert!(!dir.path().join("two.md").exists());
}

#[test]
fn a_csv_cut_inside_a_quoted_cell_exits_2_and_writes_nothing() {
    let dir = banks();
    export(dir.path(), &["llm-industry.md", "--to", "csv"], "s.csv");
    let whole = fs::read(dir.path().join("s.csv")).unwrap();
    // Cut in the last row's `source`, as a partial download leaves it.
    fs::write(dir.path().join("s.csv"), &whole[..whole.len() - 100]).unwrap();
    let listing = || {
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let bank = fs::read(dir.path().join("llm-industry.md")).unwrap();
    let run = run_in(dir.path(), &["import", "s.csv", "-o", "llm-industry.md"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let words: Vec<&str> = err.split_whitespace().filter(|w| *w != "|").collect();
    let last_row = whole[..find_last(&whole, b"\nllm-industry.md,30,")]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 2;
    assert!(
        words.join(" ").contains(&format!(
            "s.csv: line {last_row}: the file ends inside the quoted `source` cell"
        )),
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join("llm-industry.md")).unwrap(), bank);
    assert_eq!(listing(), before);
}

fn find_last(bytes: &[u8], what: &[u8]) -> usize {
    bytes.windows(what.len()).rposition(|w| w == what).unwrap()
}

#[test]
fn damaged_exports_exit_2_and_write_nothing() {
    let dir = tempdir();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "bad.csv",
            b"file,title,question,answer,analysis\na.md,T,Q,A,X\nb.md,T\n",
            "bad.csv: line 3: the last row has 2 fields where the header has 5: the file is cut short",
        ),
        (
            "cols.csv",
            b"file,title\na.md,T\n",
            "cols.csv: header: the required columns question, answer, analysis are missing",
        ),
        (
            "v2.json",
            br#"{"version": 2, "documents": []}"#,
            "v2.json: export version 2: this qbank reads version 1",
        ),
        (
            "no.xlsx",
            b"PK\x03\x04 not really a workbook",
            "no.xlsx: not a readable XLSX workbook",
        ),
    ];
    for (name, bytes, message) in cases {
        fs::write(dir.path().join(name), bytes).unwrap();
        fs::write(dir.path().join("keep.md"), "kept\n").unwrap();
        let run = run_in(dir.path(), &["import", name, "-o", "keep.md"]);
        assert_eq!(run.status.code(), Some(2), "{name}");
        // miette wraps long lines: compare the words.
        let err = stderr(&run);
        let words: Vec<&str> = err.split_whitespace().filter(|w| *w != "|").collect();
        assert!(words.join(" ").contains(message), "{name}: {err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.md")).unwrap(),
            "kept\n"
        );
    }
}

#[test]
fn paths_never_leave_the_folder() {
    let dir = tempdir();
    let csv = "file,title,question,answer,analysis\n../evil.md,T,Q?,A,\n";
    fs::write(dir.path().join("e.csv"), csv).unwrap();
    let run = run_in(dir.path(), &["import", "e.csv", "-o", "out"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let words = err
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("must be relative and stay inside"),
        "{words}"
    );
    assert!(!dir.path().join("evil.md").exists() && !dir.path().join("out").exists());
}

#[test]
fn extra_columns_warn_once() {
    let dir = tempdir();
    let csv = "file,title,question,answer,analysis,notes\na.md,T,Q?,A,,mine\n";
    fs::write(dir.path().join("e.csv"), csv).unwrap();
    let run = run_in(dir.path(), &["import", "e.csv", "-o", "a.md"]);
    assert!(run.status.success());
    assert!(
        stderr(&run).contains("ignored the column qbank does not write: `notes`"),
        "{}",
        stderr(&run)
    );
}

/// A bank whose labels only its `qbank.toml` knows (issue 27, item 1).
const ASK_REPLY: &str = "# Bank\n\n## 1. First\n\n**Ask:** What is one?\n\n**Reply:** One.\n\n\
                         ## 2. Second\n\n**Ask:** What is two?\n\n**Reply:** Two.\n";
const ASK_REPLY_TOML: &str = "[labels]\nquestion = [\"Ask\"]\nanswer = [\"Reply\"]\n";

#[test]
fn the_nearest_qbank_toml_reads_and_writes_the_banks_back() {
    let dir = tempdir();
    fs::create_dir_all(dir.path().join("bank")).unwrap();
    fs::write(dir.path().join("bank/qbank.toml"), ASK_REPLY_TOML).unwrap();
    fs::write(dir.path().join("bank/b.md"), ASK_REPLY).unwrap();
    let bank = dir.path().join("bank");
    let check = run_in(&bank, &["fmt", "--check", "b.md"]);
    assert!(
        check.status.success(),
        "the bank is tidy: {}",
        stderr(&check)
    );
    for format in ["csv", "json", "xlsx"] {
        let name = format!("b.{format}");
        export(&bank, &["b.md", "--to", format], &name);
        // Written under the bank's qbank.toml: read with its labels.
        let run = run_in(&bank, &["import", &name, "-o", "back/"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(
            stderr(&run),
            "imported 1 document (2 entries) into back/\n",
            "{format}"
        );
        let back = fs::read_to_string(bank.join("back/b.md")).unwrap();
        assert_eq!(back, ASK_REPLY, "{format}");
    }
    // An edited answer keeps the bank's label.
    let csv = fs::read_to_string(bank.join("b.csv")).unwrap();
    fs::write(bank.join("e.csv"), csv.replace("Two.", "Zwei.")).unwrap();
    let run = run_in(&bank, &["import", "e.csv", "-o", "e.md"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let back = fs::read_to_string(bank.join("e.md")).unwrap();
    assert_eq!(back, ASK_REPLY.replace("Two.", "Zwei."));
    // Written elsewhere, --config names the settings.
    let out = dir.path().join("elsewhere.md");
    let out = out.to_str().unwrap();
    let toml = bank.join("qbank.toml");
    let args = [
        "import",
        "b.csv",
        "-o",
        out,
        "--config",
        toml.to_str().unwrap(),
    ];
    let run = run_in(&bank, &args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(fs::read_to_string(out).unwrap(), ASK_REPLY);
}

#[test]
fn a_broken_qbank_toml_stops_the_import_before_anything_is_written() {
    let dir = tempdir();
    fs::write(dir.path().join("b.md"), ASK_REPLY).unwrap();
    export(dir.path(), &["b.md", "--to", "csv"], "b.csv");
    fs::write(
        dir.path().join("qbank.toml"),
        "[labels]\nquestoin = [\"Ask\"]\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["import", "b.csv", "-o", "back.md"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("qbank.toml"), "{}", stderr(&run));
    assert!(!dir.path().join("back.md").exists());
}

#[test]
fn a_csv_without_its_source_column_is_rebuilt_with_one_warning() {
    let dir = tempdir();
    let csv = "file,title,question,answer,analysis,category\n\
               q.md,What is a process?,What is a process?,A running program.,,Basics\n\
               q.md,Ports,Which port?,80,,Networks\n";
    fs::write(dir.path().join("q.csv"), csv).unwrap();
    let run = run_in(dir.path(), &["import", "q.csv", "-o", "q.md"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        stderr(&run),
        "warning: 1 document without a `source` column: rebuilt from the other columns in \
         qbank's shape (numbered headings under the `category` groups, bold labels, options \
         under an answer key), not as written: q.md\n\
         imported 1 document (2 entries) into q.md\n"
    );
    let back = fs::read_to_string(dir.path().join("q.md")).unwrap();
    assert!(
        back.starts_with("## Basics\n\n### 1. What is a process?\n\n**Answer:**"),
        "{back}"
    );
}

#[test]
fn an_edited_cell_of_a_plain_export_exits_2_and_writes_nothing() {
    let dir = banks();
    export(
        dir.path(),
        &["llm-industry.md", "--to", "xlsx", "--text", "plain"],
        "plain.xlsx",
    );
    // Unedited, a plain export comes back as the bank formatted.
    let run = run_in(dir.path(), &["import", "plain.xlsx", "-o", "back.md"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        fs::read_to_string(dir.path().join("back.md")).unwrap(),
        formatted(dir.path(), "llm-industry.md")
    );
    // Edited (through a CSV, which does not say its mode), it is refused.
    export(
        dir.path(),
        &["llm-industry.md", "--to", "csv", "--text", "plain"],
        "plain.csv",
    );
    let csv = fs::read_to_string(dir.path().join("plain.csv")).unwrap();
    let edited = csv.replacen("去除数据中的噪声", "去除噪声", 1);
    assert_ne!(edited, csv);
    fs::write(dir.path().join("plain.csv"), edited).unwrap();
    let bank = fs::read(dir.path().join("llm-industry.md")).unwrap();
    let run = run_in(
        dir.path(),
        &["import", "plain.csv", "-o", "llm-industry.md"],
    );
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let words: Vec<&str> = err.split_whitespace().filter(|w| *w != "|").collect();
    let said = words.join(" ");
    assert!(
        said.contains(
            "plain.csv: row 3, column `answer`: edited, but this export's cells are plain text"
        ) && said.contains("export again with `--text markdown`"),
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join("llm-industry.md")).unwrap(), bank);
}

/// The four graded fixtures come back as `qbank fmt` of them through every
/// format; an edited `graded` cell comes back in the answer, and one that
/// cannot exits 2 naming the row and column, the bank untouched.
#[test]
fn graded_entries_come_back_and_their_cells_edit_the_answers() {
    let dir = tempdir();
    let names = ["short.md", "numerical.md", "matching.md", "ordering.md"];
    for name in names {
        fs::copy(
            root().join("fixtures/graded").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    for format in ["json", "jsonl", "csv", "xlsx"] {
        let export_name = format!("graded.{format}");
        let mut inputs = names.to_vec();
        inputs.extend(["--to", format]);
        export(dir.path(), &inputs, &export_name);
        let out = format!("back-{format}");
        let run = run_in(dir.path(), &["import", &export_name, "-o", &out]);
        assert!(run.status.success(), "{}", stderr(&run));
        for name in names {
            let back = fs::read_to_string(dir.path().join(&out).join(name)).unwrap();
            assert_eq!(back, formatted(dir.path(), name), "{format} {name}");
        }
    }
    let csv = fs::read_to_string(dir.path().join("graded.csv")).unwrap();
    let edited = csv.replacen("9.8 ± 0.1 m/s²", "9.81 ± 0.01 m/s²", 1);
    assert_ne!(edited, csv);
    fs::write(dir.path().join("edited.csv"), edited).unwrap();
    let run = run_in(dir.path(), &["import", "edited.csv", "-o", "edited"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let back = fs::read_to_string(dir.path().join("edited/numerical.md")).unwrap();
    assert!(back.contains("**Answer:** 9.81 ± 0.01 m/s²\n"), "{back}");
    // A pair added in the cell: refused, nothing written.
    let added = csv.replacen("Go → Rob Pike\n", "Go → Rob Pike\nC → Dennis Ritchie\n", 1);
    assert_ne!(added, csv);
    fs::write(dir.path().join("added.csv"), added).unwrap();
    let run = run_in(dir.path(), &["import", "added.csv", "-o", "added"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let said: Vec<&str> = err.split_whitespace().filter(|w| *w != "|").collect();
    assert!(
        said.join(" ").contains(
            "added.csv: row 2, column `graded`: matching.md, entry \"Match each language with \
             its creator.\": it has 4 pairs where the entry has 3"
        ),
        "{err}"
    );
    assert!(!dir.path().join("added").exists());
}
