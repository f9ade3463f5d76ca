//! Reproducible exports: with `SOURCE_DATE_EPOCH` set, every format is
//! byte-for-byte the same from the same input, however far apart the runs
//! (the real binary, run twice more than a second apart, so that a clock
//! read anywhere would show); the XLSX creation date is the epoch; and a
//! malformed value is a usage error.
#![allow(clippy::unwrap_used)]

use crate::util::root;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

const EPOCH: &str = "1700000000";
/// `EPOCH` in the W3CDTF form of `docProps/core.xml`.
const EPOCH_W3C: &str = "2023-11-14T22:13:20Z";
pub(crate) const FORMATS: [&str; 10] = [
    "json", "jsonl", "csv", "xlsx", "anki", "anki-txt", "gift", "moodle", "qti", "html",
];
/// The files each format writes in an output folder, for input stem `s`.
const EXTENSIONS: [&str; 10] = [
    "json", "jsonl", "csv", "xlsx", "apkg", "txt", "gift", "xml", "zip", "html",
];
const FIXTURES: [&str; 4] = [
    "fixtures/llm-industry.md",
    "fixtures/spreadsheet-hazards.md",
    "fixtures/nested-lists.md",
    "fixtures/english-labels.md",
];
/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0A, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// `qbank ARGS` in the repository, with `SOURCE_DATE_EPOCH` set to `epoch`
/// (or removed for `None`).
fn qbank(args: &[&str], epoch: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qbank"));
    command.current_dir(root()).args(args).env("NO_COLOR", "1");
    match epoch {
        Some(e) => command.env("SOURCE_DATE_EPOCH", e),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command.output().unwrap()
}

/// Export `inputs` to every format at once, into `out` (a folder).
fn export_all(inputs: &[&str], out: &Path, epoch: Option<&str>) {
    let formats = FORMATS.join(",");
    let mut args = vec!["export"];
    args.extend(inputs);
    args.extend(["--to", &formats, "-o", out.to_str().unwrap(), "-q"]);
    let run = qbank(&args, epoch);
    assert!(
        run.status.success(),
        "{inputs:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn stem(input: &str) -> String {
    Path::new(input)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// One member of a zip file.
fn member(path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = zip.by_name(name).unwrap();
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

/// The text of `<tag …>text</tag>` in `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = xml.find(&format!("<{tag}")).unwrap();
    let start = open + xml[open..].find('>').unwrap() + 1;
    let end = start + xml[start..].find(&format!("</{tag}>")).unwrap();
    &xml[start..end]
}

#[test]
fn every_format_is_byte_for_byte_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    // fixtures/code-fences.md (highlighted code) with the image it shows,
    // so that the Anki package bundles a media file.
    let media = dir.path().join("media-bank");
    std::fs::create_dir_all(media.join("images")).unwrap();
    std::fs::write(media.join("images/du.png"), PNG).unwrap();
    std::fs::copy(
        root().join("fixtures/code-fences.md"),
        media.join("code-fences.md"),
    )
    .unwrap();
    let media_bank = media.join("code-fences.md");
    let media_bank = media_bank.to_str().unwrap();
    // Each bank alone (output named after it), then all of them at once
    // (several documents, output named `qbank`).
    let mut cases: Vec<(Vec<&str>, String)> = FIXTURES
        .iter()
        .chain([&media_bank])
        .map(|f| (vec![*f], stem(f)))
        .collect();
    cases.push((FIXTURES.to_vec(), "qbank".to_owned()));
    let run = |round: &str| {
        for (i, (inputs, _)) in cases.iter().enumerate() {
            export_all(
                inputs,
                &dir.path().join(format!("{round}-{i}")),
                Some(EPOCH),
            );
        }
    };
    run("first");
    // Past the next whole second: a clock read anywhere would change a
    // timestamp stored in seconds.
    std::thread::sleep(Duration::from_millis(1100));
    run("second");
    for (i, (inputs, stem)) in cases.iter().enumerate() {
        for ext in EXTENSIONS {
            let name = format!("{stem}.{ext}");
            let first = std::fs::read(dir.path().join(format!("first-{i}/{name}"))).unwrap();
            let second = std::fs::read(dir.path().join(format!("second-{i}/{name}"))).unwrap();
            assert!(!first.is_empty(), "{inputs:?} {name}");
            assert!(first == second, "{inputs:?}: {name} differs between runs");
        }
    }
    // The media file is in the package.
    let apkg = dir
        .path()
        .join(format!("first-{}/code-fences.apkg", FIXTURES.len()));
    assert_eq!(member(&apkg, "0"), PNG);
}

#[test]
fn one_format_per_run_matches_the_folder_export() {
    // `--to xlsx -o FILE` and `--to anki -o FILE` alone give the same bytes
    // as the multi-format run: nothing depends on the output's name or on
    // what else is written.
    let dir = tempfile::tempdir().unwrap();
    let input = FIXTURES[0];
    export_all(&[input], &dir.path().join("all"), Some(EPOCH));
    for (format, ext) in [("xlsx", "xlsx"), ("anki", "apkg"), ("csv", "csv")] {
        let single = dir.path().join(format!("single-name.{ext}"));
        let run = qbank(
            &[
                "export",
                input,
                "--to",
                format,
                "-o",
                single.to_str().unwrap(),
            ],
            Some(EPOCH),
        );
        assert!(run.status.success(), "{format}");
        assert_eq!(
            std::fs::read(&single).unwrap(),
            std::fs::read(dir.path().join(format!("all/{}.{ext}", stem(input)))).unwrap(),
            "{format}"
        );
    }
}

#[test]
fn xlsx_creation_date_is_the_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("bank.xlsx");
    let out = xlsx.to_str().unwrap();
    let run = qbank(
        &["export", FIXTURES[0], "--to", "xlsx", "-o", out],
        Some(EPOCH),
    );
    assert!(run.status.success());
    let core = String::from_utf8(member(&xlsx, "docProps/core.xml")).unwrap();
    assert_eq!(element(&core, "dcterms:created"), EPOCH_W3C, "{core}");
    assert_eq!(element(&core, "dcterms:modified"), EPOCH_W3C, "{core}");

    // Another epoch: another date, and only core.xml changes.
    let other = dir.path().join("other.xlsx");
    let run = qbank(
        &[
            "export",
            FIXTURES[0],
            "--to",
            "xlsx",
            "-o",
            other.to_str().unwrap(),
        ],
        Some("0"),
    );
    assert!(run.status.success());
    let core = String::from_utf8(member(&other, "docProps/core.xml")).unwrap();
    assert_eq!(element(&core, "dcterms:created"), "1970-01-01T00:00:00Z");
    let names = |p: &Path| {
        let zip = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
        zip.file_names().map(str::to_owned).collect::<Vec<_>>()
    };
    let mut names_a = names(&xlsx);
    names_a.sort();
    assert_eq!(names_a, {
        let mut n = names(&other);
        n.sort();
        n
    });
    for name in names_a.iter().filter(|n| *n != "docProps/core.xml") {
        assert_eq!(member(&xlsx, name), member(&other, name), "{name}");
    }
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's
/// civil-from-days).
fn w3c(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let secs = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[test]
fn without_source_date_epoch_the_xlsx_date_is_now() {
    assert_eq!(w3c(1_700_000_000), EPOCH_W3C);
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("now.xlsx");
    let before = w3c(now());
    let run = qbank(
        &[
            "export",
            FIXTURES[0],
            "--to",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    let after = w3c(now());
    assert!(run.status.success());
    let core = String::from_utf8(member(&xlsx, "docProps/core.xml")).unwrap();
    let created = element(&core, "dcterms:created");
    // Same width, so the strings order as the times do.
    assert!(
        before.as_str() <= created && created <= after.as_str(),
        "{before} <= {created} <= {after}"
    );
}

#[test]
fn malformed_source_date_epoch_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for (format, ext) in [("anki", "apkg"), ("xlsx", "xlsx"), ("json", "json")] {
        let out = dir.path().join(format!("out.{ext}"));
        for bad in ["yesterday", "-5", "1.5", "17e8", "99999999999999"] {
            let run = qbank(
                &[
                    "export",
                    FIXTURES[0],
                    "--to",
                    format,
                    "-o",
                    out.to_str().unwrap(),
                ],
                Some(bad),
            );
            assert_eq!(run.status.code(), Some(2), "{format} {bad}");
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(
                stderr.contains("SOURCE_DATE_EPOCH") && stderr.contains(bad),
                "{format} {bad}: {stderr}"
            );
            assert!(!out.exists(), "{format} {bad}: nothing is written");
        }
    }
    // Empty counts as unset: the current time.
    let out = dir.path().join("empty.apkg");
    let run = qbank(
        &[
            "export",
            FIXTURES[0],
            "--to",
            "anki",
            "-o",
            out.to_str().unwrap(),
        ],
        Some(""),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
