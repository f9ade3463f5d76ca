//! The JSON export of every fixture: valid against the published schema,
//! faithful to the model, and pinned by a snapshot.
#![allow(clippy::unwrap_used)]

use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::ExportOptions;
use serde_json::Value;
use std::path::PathBuf;

/// The `--to json` export of `files`, through the driver as `qbank export`
/// runs it.
fn export_json(files: &[&ParsedFile], generator: &str, pretty: bool) -> Vec<u8> {
    let mut shared = ExportOptions::default();
    shared.generator = generator.to_owned();
    let mut options = qbank_json::JsonOptions::default();
    options.pretty = pretty;
    let writer = qbank_json::create_json(Vec::new(), &shared, &options);
    qbank_export::export_parsed(writer, files).unwrap().output
}

/// The `--to jsonl` export of `files`.
fn export_jsonl(files: &[&ParsedFile]) -> Vec<u8> {
    let writer = qbank_json::create_jsonl(Vec::new(), &ExportOptions::default());
    qbank_export::export_parsed(writer, files).unwrap().output
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture that decodes, with its name (corpus files included).
fn fixtures() -> Vec<(String, ParsedFile)> {
    let mut out = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/shapes",
        "fixtures/fill",
        "fixtures/graded",
        "fixtures/corpus",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(file) = qbank_core::parse_bytes(name.clone(), bytes, &ParseOptions::default())
            {
                out.push((name, file));
            }
        }
    }
    out
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).unwrap();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema itself is invalid"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema["$id"].as_str().unwrap().ends_with(":v1"));
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn every_fixture_export_validates_against_the_schema() {
    let json = validator(qbank_json::SCHEMA);
    let jsonl = validator(qbank_json::JSONL_SCHEMA);
    let files = fixtures();
    assert!(files.len() >= 30);
    for (name, file) in &files {
        for pretty in [true, false] {
            let out = export_json(&[file], "qbank 0.0.0", pretty);
            let value: Value = serde_json::from_slice(&out).unwrap();
            assert_valid(&json, &value, name);
        }
        let out = export_jsonl(&[file]);
        let lines: Vec<&[u8]> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines.len(), file.document.entries.len());
        for line in lines {
            assert_valid(&jsonl, &serde_json::from_slice(line).unwrap(), name);
        }
    }
    // All files in one export.
    let all: Vec<&ParsedFile> = files.iter().map(|(_, f)| f).collect();
    let out = export_json(&all, "qbank 0.0.0", true);
    assert_valid(
        &json,
        &serde_json::from_slice(&out).unwrap(),
        "all fixtures",
    );
}

fn has_cr_or_bom(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains(['\r', '\u{feff}']),
        Value::Array(items) => items.iter().any(has_cr_or_bom),
        Value::Object(map) => map.values().any(has_cr_or_bom),
        _ => false,
    }
}

#[test]
fn export_matches_the_model() {
    for (name, file) in fixtures() {
        let out = export_json(&[&file], "qbank 0.0.0", false);
        let value: Value = serde_json::from_slice(&out).unwrap();
        let doc = &value["documents"][0];
        assert_eq!(doc["path"], name.as_str());
        let entries = doc["entries"].as_array().unwrap();
        assert_eq!(entries.len(), file.document.entries.len());
        let text = &file.source.text;
        for (json, entry) in entries.iter().zip(&file.document.entries) {
            assert_eq!(json["title"], entry.title.as_str());
            assert_eq!(json["number"].as_u64(), entry.number);
            for kind in qbank_core::SectionKind::ALL {
                let mut expected = entry.section(kind).map(|s| s.body.slice(text).to_owned());
                if kind == qbank_core::SectionKind::Answer && expected.is_none() {
                    expected = qbank_export::fill::cloze_answers(entry);
                }
                assert_eq!(
                    json[kind.as_str()].as_str(),
                    expected.as_deref(),
                    "{name} {kind}"
                );
            }
        }
        // No string in the output holds a '\r' or a byte-order mark.
        assert!(!has_cr_or_bom(&value), "{name}");
    }
}

#[test]
fn snapshots() {
    for (name, file) in fixtures() {
        if name.starts_with("fixtures/corpus/")
            && !name.contains("lydiahallie")
            && !name.contains("halfrost")
        {
            // The unnumbered corpus shapes export no entries; the counts are
            // asserted in qbank-core's corpus tests.
            continue;
        }
        let out = export_json(&[&file], "qbank (snapshot)", true);
        let snapshot = name
            .trim_start_matches("fixtures/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(snapshot, String::from_utf8(out).unwrap());
    }
}

#[test]
fn docs_copy_of_the_schemas_is_current() {
    for (file, schema) in [
        ("qbank-export-v1.schema.json", qbank_json::SCHEMA),
        ("qbank-entry-v1.schema.json", qbank_json::JSONL_SCHEMA),
    ] {
        let path = root().join("docs/schema").join(file);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if on_disk != schema {
            if std::env::var_os("QBANK_UPDATE_DOCS").is_some() {
                std::fs::write(&path, schema).unwrap();
            } else {
                panic!(
                    "{} is stale: run `QBANK_UPDATE_DOCS=1 cargo test -p qbank-json`",
                    path.display()
                );
            }
        }
    }
}
