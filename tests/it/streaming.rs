//! Streamed exports: a file of 1 MiB or more is parsed with `parse_each` and
//! its entries handed to the writers in batches; smaller files are parsed
//! whole. Both must write the same bytes: the real binary exports a 1.6 MB
//! bank (streamed, in several batches) to every format, and the reference is the library
//! writing the whole parsed document with the same options.
#![allow(clippy::unwrap_used)]

use crate::util::{export_parsed, json_writer, root};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::{DocumentRef, ExportOptions};
use std::path::Path;
use std::process::Command;

const EPOCH: i64 = 1_700_000_000;

/// The sample's entries repeated to over 1.6 MB (well over the 1 MiB at
/// which `qbank export` streams, and over 512 KiB, where the parser cuts
/// the text into pieces), renumbered, with a tail after the last entry.
fn big_bank() -> String {
    let sample = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    let first = sample.find("\n#### ").unwrap() + 1;
    let (head, entries) = sample.split_at(first);
    let mut out = head.to_owned();
    let mut n = 0;
    while out.len() < 1_600_000 {
        for chunk in entries.split("\n#### ").filter(|c| !c.trim().is_empty()) {
            let chunk = chunk.strip_prefix("#### ").unwrap_or(chunk);
            let rest = chunk.split_once(". ").map_or(chunk, |(_, rest)| rest);
            n += 1;
            out.push_str(&format!("#### {n}. {}\n", rest.trim_end()));
            out.push('\n');
        }
    }
    out.push_str("\n## 附录\n\n结束。\n");
    out
}

fn export(input: &Path, format: &str, output: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(["export", "-q", "--to", format, "-o"])
        .arg(output)
        // Named as the library's documents are: `big.md`.
        .arg(input.file_name().unwrap())
        .current_dir(input.parent().unwrap())
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .status()
        .unwrap();
    assert!(status.success(), "export --to {format} failed");
}

#[test]
fn streamed_exports_equal_whole_document_exports() {
    let dir = tempfile::tempdir().unwrap();
    let text = big_bank();
    assert!(text.len() > 1 << 20);
    let input = dir.path().join("big.md");
    std::fs::write(&input, &text).unwrap();
    let file: ParsedFile = qbank_core::parse_bytes(
        "big.md",
        text.clone().into_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    assert!(file.document.entries.len() > 1024, "several batches");
    let files = [&file];
    let generator = concat!("qbank ", env!("CARGO_PKG_VERSION"));
    let mut timed = ExportOptions::default();
    timed.time = EPOCH;
    let (out, defaults) = (Vec::new, ExportOptions::default());

    let mut expected: Vec<(&str, Vec<u8>)> = Vec::new();
    let json = json_writer(generator, true);
    expected.push(("json", export_parsed(json, &files)));
    let jsonl = qbank_json::create_jsonl(out(), &defaults);
    expected.push(("jsonl", export_parsed(jsonl, &files)));
    let csv = qbank_csv::create(out(), &defaults, &Default::default());
    expected.push(("csv", export_parsed(csv, &files)));
    let txt = qbank_anki::create_anki_txt(out(), &timed, &Default::default());
    expected.push(("anki-txt", export_parsed(txt, &files)));
    let xlsx = qbank_xlsx::create(out(), &timed, &Default::default());
    expected.push(("xlsx", export_parsed(xlsx, &files)));
    let apkg = qbank_anki::create_apkg(out(), &timed, &Default::default());
    expected.push(("anki", export_parsed(apkg, &files)));

    for (format, bytes) in expected {
        let output = dir.path().join(format!("out.{format}"));
        export(&input, format, &output);
        let written = std::fs::read(&output).unwrap();
        assert!(
            written == bytes,
            "--to {format}: the streamed export differs from the whole document's \
             ({} bytes against {})",
            written.len(),
            bytes.len()
        );
    }
}

/// The streaming writers, fed through the `Writer` trait in uneven batches
/// as `parse_each` hands entries on, write what the whole document written
/// at once writes.
#[test]
fn writers_fed_in_batches_equal_whole_writes() {
    let text = big_bank();
    let options = ParseOptions::default();
    let whole = qbank_core::parse_bytes("big.md", text.clone().into_bytes(), &options).unwrap();
    let csv_writer =
        || qbank_csv::create(Vec::new(), &ExportOptions::default(), &Default::default());
    for batch in [1, 7, 512, 100_000] {
        let mut json = json_writer("g", true).unwrap();
        let mut csv = csv_writer().unwrap();
        let mut pending = Vec::new();
        let mut begun = false;
        let doc = qbank_core::parse_each("big.md", &text, &options, |head, entry| {
            let doc = DocumentRef {
                text: &text,
                line_endings: &qbank_core::LineEndings::Lf,
                document: head,
                tags: &[],
                last: false,
            };
            if !begun {
                json.begin_document(doc).unwrap();
                csv.begin_document(doc).unwrap();
                begun = true;
            }
            // As the driver does: a full batch waits for one more entry,
            // which says it does not end the document.
            if pending.len() == batch {
                json.write_entries(doc, &pending).unwrap();
                csv.write_entries(doc, &pending).unwrap();
                pending.clear();
            }
            pending.push(entry);
        });
        assert!(begun);
        let end = DocumentRef {
            text: &text,
            line_endings: &qbank_core::LineEndings::Lf,
            document: &doc,
            tags: &[],
            last: true,
        };
        json.write_entries(end, &pending).unwrap();
        csv.write_entries(end, &pending).unwrap();
        json.end_document(end).unwrap();
        csv.end_document(end).unwrap();
        let json = json.finish().unwrap().output;
        let csv = csv.finish().unwrap().output;

        let expected_json = export_parsed(json_writer("g", true), &[&whole]);
        let expected_csv = export_parsed(csv_writer(), &[&whole]);
        assert!(json == expected_json, "JSON in batches of {batch}");
        assert!(csv == expected_csv, "CSV in batches of {batch}");
    }
}
