//! The bad-input matrix, run against the real binary.
//!
//! Each bad input (undecodable, binary, huge, deeply nested, unreadable,
//! looping, missing) and each bad output (missing folder, one of the inputs,
//! a full disk, a FIFO, `/dev/stdout`, a closed pipe) goes through both
//! `qbank check` and `qbank export` (every format at once, into a folder),
//! next to two good banks. Every case asserts:
//!
//! - the documented exit code: 0 clean, 1 error findings (`check`), 2 usage,
//!   I/O or decoding errors;
//! - a message on standard error that names the file (and the line where
//!   there is one);
//! - that the good banks of the same command are still checked (their
//!   findings are printed) and exported in full (every format holds every
//!   one of their entries);
//! - that the output folder holds no partial output and no temporary file,
//!   and that the temporary folder (`TMPDIR`, one per case) is left empty;
//! - that the inputs are unchanged, byte for byte;
//! - that nothing panicked, overflowed its stack or was killed by a signal.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use crate::util::stderr;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary under test: this build's, or the one `QBANK_TEST_BIN` names.
/// `.ci/run` runs the million-entry case with an optimised `qbank` against
/// this (debug) test binary, which saves building the whole test binary a
/// second time with optimisations.
fn bin() -> std::ffi::OsString {
    std::env::var_os("QBANK_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_qbank").into())
}

/// Every export format, as `--to` takes them.
const ALL: &str = "json,jsonl,csv,xlsx,anki,anki-txt,gift,moodle,qti,html";

/// Each format and the extension of its file.
const FORMATS: [(&str, &str); 10] = [
    ("json", "json"),
    ("jsonl", "jsonl"),
    ("csv", "csv"),
    ("xlsx", "xlsx"),
    ("anki", "apkg"),
    ("anki-txt", "txt"),
    ("gift", "gift"),
    ("moodle", "xml"),
    ("qti", "zip"),
    ("html", "html"),
];

/// Every format `--to` takes is in this matrix and in the reproducibility
/// test (`tests/it/reproducible.rs`): a new format is not forgotten in
/// either (and `entries_in` must learn to read it back).
#[test]
fn every_format_is_in_the_matrices() {
    let out = Command::new(bin())
        .args(["export", "-", "--to", "no-such-format"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let values = stderr
        .split("[possible values: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("no possible values in {stderr}"));
    let every: Vec<&str> = values.split(", ").collect();
    assert_eq!(FORMATS.map(|(f, _)| f).to_vec(), every, "FORMATS");
    assert_eq!(ALL.split(',').collect::<Vec<_>>(), every, "ALL");
    assert_eq!(crate::reproducible::FORMATS.to_vec(), every, "reproducible");
}

/// What `--to ALL -o out/` writes for several inputs.
const ALL_FILES: [&str; 10] = [
    "qbank.apkg",
    "qbank.csv",
    "qbank.gift",
    "qbank.html",
    "qbank.json",
    "qbank.jsonl",
    "qbank.txt",
    "qbank.xlsx",
    "qbank.xml",
    "qbank.zip",
];

/// The two good banks given with every bad input.
const GOOD: [&str; 2] = ["in/good-a.md", "in/good-b.md"];

/// Entry 2's answer has no list: one warning (QB301).
const GOOD_A: &str = "# Good A

#### 1. Alpha

**题目：** What is alpha?

**答案：**

1. **First：** one.
2. **Second：** two.

**解析：** Because alpha.

#### 2. Beta

**题目：** What is beta?

**答案：** Only beta.

**解析：** Because beta.

#### 3. Gamma

**题目：** What is gamma?

**答案：**

1. **First：** three.

**解析：** Because gamma.
";

/// Two entries with the same title: one warning (QB401).
const GOOD_B: &str = "# Good B

#### 1. Delta

**题目：** What is delta?

**答案：**

1. **First：** four.

**解析：** Because delta.

#### 2. Delta

**题目：** What is delta, again?

**答案：**

1. **First：** five.

**解析：** Because delta again.
";

/// `qbank check --format concise` on the good banks: warnings only.
const GOOD_FINDINGS: [&str; 2] = [
    "in/good-a.md:18:1: QB301 [answer-without-list] the answer of entry 2 has no numbered list",
    "in/good-b.md:13:9: QB401 [duplicate-title] entry 2 has the same title as entry 1 (in/good-b.md:3)",
];

/// `(document path, entry title)` of every entry of the good banks.
fn good_entries() -> Vec<(String, String)> {
    [
        ("in/good-a.md", "Alpha"),
        ("in/good-a.md", "Beta"),
        ("in/good-a.md", "Gamma"),
        ("in/good-b.md", "Delta"),
        ("in/good-b.md", "Delta"),
    ]
    .iter()
    .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
    .collect()
}

fn with_good(extra: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut all = good_entries();
    all.extend(extra);
    all
}

// ---------------------------------------------------------------------------
// A case's folder: in/ (the inputs), out/ (the outputs), tmp/ (TMPDIR)
// ---------------------------------------------------------------------------

struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["in", "out", "tmp"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let bench = Bench { dir };
        bench.add("in/good-a.md", GOOD_A);
        bench.add("in/good-b.md", GOOD_B);
        bench
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write `rel` (creating its folder) and return `rel`.
    fn add<'a>(&self, rel: &'a str, contents: impl AsRef<[u8]>) -> &'a str {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        rel
    }

    fn symlink(&self, target: impl AsRef<Path>, rel: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    /// The binary, run in the case's folder, without colour, with its own
    /// TMPDIR.
    fn command(&self) -> Command {
        let mut cmd = Command::new(bin());
        cmd.current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.path("tmp"))
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Run through `sh -c '<setup>; exec qbank args…'`.
    fn run_sh(&self, setup: &str, args: &[&str]) -> Output {
        Command::new("sh")
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.path("tmp"))
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .arg("-c")
            .arg(format!("{setup}; exec \"$0\" \"$@\""))
            .arg(bin())
            .args(args)
            .output()
            .unwrap()
    }

    /// Run with writes limited to 64 blocks (32 KiB for dash's 512-byte
    /// blocks, 64 KiB for bash's): a write past it fails with EFBIG, as on a
    /// full disk. SIGXFSZ is ignored, which `exec` keeps.
    fn run_disk_full(&self, args: &[&str]) -> Output {
        self.run_sh("ulimit -f 64; trap '' XFSZ", args)
    }

    /// `qbank check --format concise GOOD… extra… flags…`
    fn check(&self, extra: &[&str], flags: &[&str]) -> Output {
        let mut args = vec!["check", "--format", "concise"];
        args.extend(GOOD);
        args.extend(extra);
        args.extend(flags);
        self.run(&args)
    }

    /// `qbank export GOOD… extra… --to ALL -o out/ flags…`
    fn export_all(&self, extra: &[&str], flags: &[&str]) -> Output {
        let mut args = vec!["export"];
        args.extend(GOOD);
        args.extend(extra);
        args.extend(["--to", ALL, "-o", "out/"]);
        args.extend(flags);
        self.run(&args)
    }

    /// Every name in `rel`, hidden ones included, sorted.
    fn names(&self, rel: &str) -> Vec<String> {
        names(&self.path(rel))
    }

    /// No temporary file anywhere: not in out/ nor in the case's folder,
    /// and TMPDIR is empty.
    fn assert_no_temp(&self, what: &str) {
        assert_eq!(self.names("tmp"), Vec::<String>::new(), "{what}: TMPDIR");
        for rel in [".", "out", "in"] {
            let temps: Vec<String> = self
                .names(rel)
                .into_iter()
                .filter(|n| n.starts_with(".qbank-") || n.ends_with(".tmp"))
                .collect();
            assert!(
                temps.is_empty(),
                "{what}: temporary files in {rel}: {temps:?}"
            );
        }
    }

    /// Everything under in/: file bytes, link targets, modes.
    fn snapshot(&self) -> Snapshot {
        let mut snap = BTreeMap::new();
        snapshot_into(&self.path("in"), &mut snap);
        Snapshot(snap)
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[derive(PartialEq, Eq)]
enum Node {
    File { mode: u32, bytes: Option<Vec<u8>> },
    Link(PathBuf),
    Dir(u32),
    Other,
}

#[derive(PartialEq, Eq)]
struct Snapshot(BTreeMap<PathBuf, Node>);

fn snapshot_into(dir: &Path, snap: &mut BTreeMap<PathBuf, Node>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode();
        let node = if meta.file_type().is_symlink() {
            Node::Link(fs::read_link(&path).unwrap())
        } else if meta.is_dir() {
            snapshot_into(&path, snap);
            Node::Dir(mode)
        } else if meta.is_file() {
            Node::File {
                mode,
                bytes: fs::read(&path).ok(),
            }
        } else {
            Node::Other
        };
        snap.insert(path, node);
    }
}

/// The inputs are as they were (only the names that differ are printed).
fn assert_unchanged(before: &Snapshot, bench: &Bench, what: &str) {
    let after = bench.snapshot();
    if &after != before {
        let mut differ: Vec<&PathBuf> = before
            .0
            .iter()
            .filter(|(p, n)| after.0.get(*p) != Some(*n))
            .map(|(p, _)| p)
            .collect();
        differ.extend(after.0.keys().filter(|p| !before.0.contains_key(*p)));
        panic!("{what}: the inputs changed: {differ:?}");
    }
}

// ---------------------------------------------------------------------------
// Exit codes and messages
// ---------------------------------------------------------------------------

/// Standard error with miette's wrapping undone: words joined by single
/// spaces, the `|` continuation gutters dropped, and a word cut after a
/// hyphen or a slash (`UTF-` / `16`, `I/` / `O`) joined again.
fn flat_stderr(output: &Output) -> String {
    let mut flat = String::new();
    for line in stderr(output).lines() {
        let words: Vec<&str> = line.split_whitespace().filter(|w| *w != "|").collect();
        if words.is_empty() {
            continue;
        }
        let cut = (flat.ends_with('-') || flat.ends_with('/'))
            && !flat.ends_with(" -")
            && !flat.ends_with(" /");
        if !flat.is_empty() && !cut {
            flat.push(' ');
        }
        flat.push_str(&words.join(" "));
    }
    flat
}

fn head(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(3000)]).into_owned()
}

/// No panic, no stack overflow, not killed by a signal.
fn assert_sane(output: &Output, what: &str) {
    let err = stderr(output);
    assert!(
        output.status.signal().is_none(),
        "{what}: killed by signal {:?}\n--- stderr ---\n{}",
        output.status.signal(),
        &err[..err.len().min(5000)]
    );
    assert!(!err.contains("panicked"), "{what}: panicked\n{err}");
    assert!(
        !err.contains("overflowed its stack"),
        "{what}: stack overflow\n{err}"
    );
}

fn assert_code(output: &Output, expected: i32, what: &str) {
    assert_sane(output, what);
    assert_eq!(
        output.status.code(),
        Some(expected),
        "{what}: exit status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        head(&output.stdout),
        head(&output.stderr),
    );
}

fn assert_says(output: &Output, needles: &[&str], what: &str) {
    let err = flat_stderr(output);
    for needle in needles {
        assert!(
            err.contains(needle),
            "{what}: {needle:?} is not on standard error:\n{}",
            stderr(output)
        );
    }
}

/// The good banks' findings are in `report`, and no other file's but
/// those of `others`.
fn assert_good_findings(report: &str, others: &[&str], what: &str) {
    for line in GOOD_FINDINGS {
        assert!(
            report.lines().any(|l| l == line),
            "{what}: missing finding {line:?} in:\n{}",
            &report[..report.len().min(3000)]
        );
    }
    for line in report.lines() {
        assert!(
            line.starts_with("in/good-") || others.iter().any(|o| line.starts_with(o)),
            "{what}: unexpected finding {line:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Reading the exports back
// ---------------------------------------------------------------------------

#[derive(serde::Deserialize)]
struct JsonExport {
    documents: Vec<JsonDocument>,
}

#[derive(serde::Deserialize)]
struct JsonDocument {
    path: String,
    entries: Vec<JsonEntry>,
}

#[derive(serde::Deserialize)]
struct JsonEntry {
    title: Option<String>,
}

#[derive(serde::Deserialize)]
struct JsonLine {
    path: String,
    title: Option<String>,
}

/// `(document path, title)` of every entry in an export, read with each
/// format's own reader.
fn entries_in(format: &str, bytes: &[u8]) -> Vec<(String, String)> {
    match format {
        "json" => {
            let export: JsonExport = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("json: {e}: {}", head(bytes)));
            export
                .documents
                .into_iter()
                .flat_map(|d| {
                    let path = d.path;
                    d.entries
                        .into_iter()
                        .map(move |e| (path.clone(), e.title.unwrap_or_default()))
                })
                .collect()
        }
        "jsonl" => {
            assert!(bytes.ends_with(b"\n"), "jsonl ends with a newline");
            bytes
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let line: JsonLine = serde_json::from_slice(l)
                        .unwrap_or_else(|e| panic!("jsonl: {e}: {}", head(l)));
                    (line.path, line.title.unwrap_or_default())
                })
                .collect()
        }
        "csv" => {
            let mut reader = csv::Reader::from_reader(bytes);
            let headers = reader.headers().unwrap().clone();
            assert_eq!((&headers[0], &headers[2]), ("file", "title"));
            reader
                .records()
                .map(|r| {
                    let r = r.unwrap();
                    (r[0].to_owned(), r[2].to_owned())
                })
                .collect()
        }
        "xlsx" => {
            use calamine::Reader;
            let mut workbook: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
            let range = workbook.worksheet_range("Entries").unwrap();
            let mut rows = range.rows();
            let header = rows.next().unwrap();
            assert_eq!(
                (header[0].to_string(), header[2].to_string()),
                ("file".to_owned(), "title".to_owned())
            );
            rows.map(|r| (r[0].to_string(), r[2].to_string())).collect()
        }
        "anki" => {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            let mut collection = Vec::new();
            zip.by_name("collection.anki2")
                .unwrap()
                .read_to_end(&mut collection)
                .unwrap();
            let scratch = tempfile::NamedTempFile::new().unwrap();
            fs::write(scratch.path(), collection).unwrap();
            let db = rusqlite::Connection::open(scratch.path()).unwrap();
            let mut statement = db.prepare("SELECT flds FROM notes ORDER BY id").unwrap();
            statement
                .query_map([], |row| row.get::<_, String>(0))
                .unwrap()
                .map(|fields| {
                    // Question, Answer, Analysis, Title, Number, Source.
                    let fields = fields.unwrap();
                    let fields: Vec<&str> = fields.split('\u{1f}').collect();
                    let (path, _line) = fields[5].rsplit_once(':').unwrap();
                    (path.to_owned(), fields[3].to_owned())
                })
                .collect()
        }
        "anki-txt" => {
            let text = std::str::from_utf8(bytes).unwrap();
            let body_start = text
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .find(|i| !text[*i..].starts_with('#'))
                .unwrap_or(text.len());
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b'\t')
                .has_headers(false)
                .from_reader(&bytes[body_start..]);
            reader
                .records()
                .map(|r| {
                    // guid, notetype, deck, Question, Answer, Analysis,
                    // Title, Number, Source, Options, Marked, Correct, tags.
                    let r = r.unwrap();
                    let (path, _line) = r[8].rsplit_once(':').unwrap();
                    (path.to_owned(), r[6].to_owned())
                })
                .collect()
        }
        "gift" => gift_entries(std::str::from_utf8(bytes).unwrap()),
        "moodle" => moodle_entries(std::str::from_utf8(bytes).unwrap()),
        "qti" => qti_entries(bytes),
        "html" => html_entries(std::str::from_utf8(bytes).unwrap()),
        other => panic!("unknown format {other}"),
    }
}

/// GIFT: each document starts with `// path`; each question with
/// `::title::` (GIFT's reserved characters escaped with `\`).
fn gift_entries(text: &str) -> Vec<(String, String)> {
    let mut path = String::new();
    let mut entries = Vec::new();
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("// ") {
            path = p.to_owned();
        } else if let Some(rest) = line.strip_prefix("::") {
            let mut title = String::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => title.extend(chars.next()),
                    ':' if chars.peek() == Some(&':') => break,
                    c => title.push(c),
                }
            }
            entries.push((path.clone(), title));
        }
    }
    entries
}

/// XML text as written: the five entities decoded.
fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Moodle XML: each document starts with `<!-- path -->`; each question
/// (not a category) has `<name><text>title</text></name>`.
fn moodle_entries(text: &str) -> Vec<(String, String)> {
    let mut path = String::new();
    let mut entries = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(p) = line
            .strip_prefix("<!-- ")
            .and_then(|l| l.strip_suffix(" -->"))
        {
            path = xml_unescape(p);
        } else if let Some(t) = line
            .strip_prefix("<name><text>")
            .and_then(|l| l.strip_suffix("</text></name>"))
        {
            entries.push((path.clone(), xml_unescape(t)));
        }
    }
    entries
}

/// QTI: the items' titles, every assessment's. An assessment is named
/// after its document's title, not its path: the paths are left empty, and
/// `assert_entries` compares titles alone for this format.
fn qti_entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).unwrap();
        if member.name() == "imsmanifest.xml" || !member.name().ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        member.read_to_string(&mut xml).unwrap();
        for item in xml.split("<item ident=\"").skip(1) {
            let title = item.split("title=\"").nth(1).unwrap();
            let title = &title[..title.find('"').unwrap()];
            entries.push((String::new(), xml_unescape(title)));
        }
    }
    entries
}

/// The study page: each document a `<section class="document" …
/// data-path="path">`; each entry an `<h4 class="title">` with its number
/// in a link before the title.
fn html_entries(page: &str) -> Vec<(String, String)> {
    let mut path = String::new();
    let mut entries = Vec::new();
    for line in page.lines() {
        if line.starts_with("<section class=\"document\"") {
            let p = line.split("data-path=\"").nth(1).unwrap();
            path = xml_unescape(&p[..p.find('"').unwrap()]);
        } else if let Some(rest) = line.strip_prefix("<h4 class=\"title\">") {
            let title = rest.strip_suffix("</h4>").unwrap();
            let title = match title.find("</a>") {
                Some(end) => &title[end + "</a>".len()..],
                None => title,
            };
            entries.push((path.clone(), xml_unescape(title)));
        }
    }
    entries
}

/// The export holds exactly `expected` (in any order: Anki sorts its own).
fn assert_entries(format: &str, bytes: &[u8], expected: &[(String, String)], what: &str) {
    let mut got = entries_in(format, bytes);
    let mut expected = expected.to_vec();
    if format == "qti" {
        // QTI keeps no path (see `qti_entries`).
        for (path, _) in &mut expected {
            path.clear();
        }
    }
    got.sort();
    expected.sort();
    if got != expected {
        let missing: Vec<_> = expected
            .iter()
            .filter(|e| !got.contains(e))
            .take(10)
            .collect();
        let extra: Vec<_> = got
            .iter()
            .filter(|e| !expected.contains(e))
            .take(10)
            .collect();
        panic!(
            "{what} ({format}): {} entries, expected {}; missing {missing:?}, unexpected {extra:?}",
            got.len(),
            expected.len()
        );
    }
}

/// Every format in `folder/qbank.*` holds exactly `expected`. The formats
/// are read back on as many threads as there are cores (a million entries:
/// 80 s on one core, most of it XLSX).
fn assert_exports(folder: &Path, expected: &[(String, String)], what: &str) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(FORMATS.len()) {
            scope.spawn(|| {
                while let Some((format, ext)) =
                    FORMATS.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let bytes = fs::read(folder.join(format!("qbank.{ext}")))
                        .unwrap_or_else(|e| panic!("{what}: qbank.{ext}: {e}"));
                    let start = Instant::now();
                    assert_entries(format, &bytes, expected, what);
                    if expected.len() > 100_000 {
                        eprintln!("{what}: {format} read back in {:?}", start.elapsed());
                    }
                }
            });
        }
    });
}

/// The formats whose bytes depend on nothing but the input (XLSX, Anki and
/// QTI packages carry the export time).
const TEXT_FORMATS: [&str; 7] = ["json", "jsonl", "csv", "anki-txt", "gift", "moodle", "html"];

/// When the good banks are all an export holds, it is byte for byte what
/// they export to alone (for the formats without a time in them).
fn assert_as_alone(bench: &Bench, format: &str, bytes: &[u8], what: &str) {
    if !TEXT_FORMATS.contains(&format) {
        return;
    }
    let mut args = vec!["export"];
    args.extend(GOOD);
    args.extend(["--to", format, "-o", "-"]);
    let alone = bench.run(&args);
    assert_code(&alone, 0, "the good banks alone");
    assert!(
        bytes == alone.stdout.as_slice(),
        "{what} ({format}): not what the good banks export to alone:\n{}\n--- alone ---\n{}",
        head(bytes),
        head(&alone.stdout)
    );
}

// ---------------------------------------------------------------------------
// Inputs that cannot be read or decoded
// ---------------------------------------------------------------------------

/// `bad` (paths in the bench) given with the good banks: both commands exit
/// 2 and say every one of `messages`; the good banks are checked; the export
/// writes nothing (the outputs already in out/ stay as they were), and with
/// `--keep-going` it exports the good banks in full; nothing else is left
/// behind; the inputs are unchanged.
fn assert_rejected(bench: &Bench, bad: &[&str], messages: &[&str]) {
    let before = bench.snapshot();
    let what = format!("check {bad:?}");
    let check = bench.check(bad, &[]);
    assert_code(&check, 2, &what);
    assert_says(&check, messages, &what);
    assert_good_findings(
        &String::from_utf8(check.stdout.clone()).unwrap(),
        &[],
        &what,
    );
    assert_unchanged(&before, bench, &what);

    let what = format!("export {bad:?}");
    for name in ALL_FILES {
        bench.add(&format!("out/{name}"), format!("the old {name}"));
    }
    let export = bench.export_all(bad, &[]);
    assert_code(&export, 2, &what);
    assert_says(&export, messages, &what);
    assert_says(&export, &["nothing written", "--keep-going"], &what);
    for name in ALL_FILES {
        let kept = fs::read_to_string(bench.path(&format!("out/{name}"))).unwrap();
        assert_eq!(
            kept,
            format!("the old {name}"),
            "{what}: out/{name} was replaced"
        );
    }
    assert_eq!(bench.names("out"), ALL_FILES, "{what}");
    bench.assert_no_temp(&what);

    let what = format!("export --keep-going {bad:?}");
    let export = bench.export_all(bad, &["--keep-going"]);
    assert_code(&export, 2, &what);
    assert_says(&export, messages, &what);
    assert_eq!(bench.names("out"), ALL_FILES, "{what}");
    assert_exports(&bench.path("out"), &good_entries(), &what);
    for (format, ext) in FORMATS {
        let bytes = fs::read(bench.path("out").join(format!("qbank.{ext}"))).unwrap();
        assert_as_alone(bench, format, &bytes, &what);
    }
    bench.assert_no_temp(&what);
    assert_unchanged(&before, bench, &what);
    for name in ALL_FILES {
        fs::remove_file(bench.path(&format!("out/{name}"))).unwrap();
    }
}

#[test]
fn invalid_utf8() {
    let bench = Bench::new();
    let bad = bench.add(
        "in/bad.md",
        b"# T\n\n#### 1. A\n\n**\xe9\xa2\x98\xe7\x9b\xae\xef\xbc\x9a** caf\xe9!\n",
    );
    assert_rejected(
        &bench,
        &[bad],
        &["in/bad.md:5: invalid UTF-8 at byte offset 33"],
    );
}

fn utf16(text: &str, unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
    text.encode_utf16().flat_map(unit).collect()
}

#[test]
fn utf16_without_byte_order_mark() {
    let bench = Bench::new();
    let text = "# 标题\n\n#### 1. 问题\n\n**题目：** 为什么？\n";
    let le = bench.add("in/utf16le.md", utf16(text, u16::to_le_bytes));
    let be = bench.add("in/utf16be.md", utf16(text, u16::to_be_bytes));
    assert_rejected(
        &bench,
        &[le, be],
        &[
            "in/utf16le.md:1: NUL byte at byte offset 1: this is a binary file, or UTF-16 without a byte-order mark",
            "in/utf16be.md:1: NUL byte at byte offset 0: this is a binary file, or UTF-16 without a byte-order mark",
        ],
    );
}

#[test]
fn nul_bytes() {
    let bench = Bench::new();
    let nul = bench.add("in/nul.md", "# T\n\n#### 1. A\n\n**题目：** a\0b\n");
    assert_rejected(&bench, &[nul], &["in/nul.md:5: NUL byte at byte offset 31"]);
}

#[test]
fn binary_files_named_md() {
    let bench = Bench::new();
    // A PNG: signature, then the IHDR chunk.
    let png = bench.add(
        "in/image.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa",
    );
    // A zip (and so a .docx, .xlsx or .apkg): a local file header.
    let zip = bench.add(
        "in/archive.md",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00!\x00mimetypeapplication/zip",
    );
    // Bytes without a NUL, not UTF-8.
    let noise: Vec<u8> = (0..4096u32).map(|i| 0x80 | (i * 37 % 128) as u8).collect();
    let noise = bench.add("in/noise.md", noise);
    assert_rejected(
        &bench,
        &[png, zip, noise],
        &[
            "in/image.md:3: NUL byte at byte offset 8: this is a binary file",
            "in/archive.md:1: NUL byte at byte offset 5: this is a binary file",
            "in/noise.md:1: invalid UTF-8 at byte offset 0",
        ],
    );
}

#[test]
fn missing_paths() {
    let bench = Bench::new();
    assert_rejected(
        &bench,
        &["in/nope.md", "no/such/folder"],
        &[
            "in/nope.md: no such file or folder",
            "no/such/folder: no such file or folder",
        ],
    );
}

#[test]
fn unreadable_files() {
    let bench = Bench::new();
    // chmod 000: root reads it anyway, so that part only runs for others.
    let secret = bench.add("in/secret.md", small_bank("Secret", "秘密"));
    let path = bench.path(secret);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!(
            "note: chmod 000 does not stop this user (root?) from reading: that case is skipped"
        );
    } else {
        assert_rejected(
            &bench,
            &[secret],
            &["in/secret.md: cannot read", "Permission denied"],
        );
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(&path).unwrap();

    // A file that even root cannot read: reading /proc/self/mem from its
    // start fails with EIO (the first page is never mapped).
    if Path::new("/proc/self/mem").exists() {
        bench.symlink("/proc/self/mem", "in/mem.md");
        assert_rejected(
            &bench,
            &["in/mem.md"],
            &["in/mem.md: cannot read", "Input/output error"],
        );
    } else {
        eprintln!("note: no /proc/self/mem: that case is skipped");
    }
}

/// A folder named like a Markdown file is a folder: it is searched, not read.
#[test]
fn folder_named_md_is_searched() {
    let bench = Bench::new();
    fs::create_dir(bench.path("in/empty.md")).unwrap();
    bench.add("in/dir.md/inner.md", small_bank("Inner", "里面"));
    let before = bench.snapshot();

    let check = bench.check(&["in/dir.md", "in/empty.md"], &[]);
    assert_code(&check, 0, "check");
    assert_good_findings(
        &String::from_utf8(check.stdout.clone()).unwrap(),
        &[],
        "check",
    );
    assert_says(&check, &["in 3 files"], "check");

    let export = bench.export_all(&["in/dir.md", "in/empty.md"], &[]);
    assert_code(&export, 0, "export");
    assert_eq!(bench.names("out"), ALL_FILES);
    let inner = ("in/dir.md/inner.md".to_owned(), "Inner entry".to_owned());
    assert_exports(&bench.path("out"), &with_good([inner]), "export");
    bench.assert_no_temp("export");
    assert_unchanged(&before, &bench, "export");
}

#[test]
fn symlink_loops() {
    let bench = Bench::new();
    bench.add("in/loop/real.md", small_bank("Real", "真的"));
    bench.symlink("self.md", "in/loop/self.md");
    bench.symlink("b.md", "in/loop/a.md");
    bench.symlink("a.md", "in/loop/b.md");
    bench.symlink("..", "in/loop/up");
    bench.symlink(".", "in/loop/here");

    // In a folder: links are not followed, so loops are harmless; the
    // folder's real file is read once.
    let before = bench.snapshot();
    let check = bench.check(&["in/loop"], &[]);
    assert_code(&check, 0, "check in/loop");
    assert_good_findings(
        &String::from_utf8(check.stdout.clone()).unwrap(),
        &[],
        "check in/loop",
    );
    assert_says(&check, &["in 3 files"], "check in/loop");
    let export = bench.export_all(&["in/loop"], &[]);
    assert_code(&export, 0, "export in/loop");
    let real = ("in/loop/real.md".to_owned(), "Real entry".to_owned());
    assert_exports(&bench.path("out"), &with_good([real]), "export in/loop");
    bench.assert_no_temp("export in/loop");
    assert_unchanged(&before, &bench, "export in/loop");
    for name in ALL_FILES {
        fs::remove_file(bench.path("out").join(name)).unwrap();
    }

    // Named: an error that says why.
    assert_rejected(
        &bench,
        &["in/loop/self.md", "in/loop/a.md"],
        &[
            "in/loop/self.md: cannot read",
            "in/loop/a.md: cannot read",
            "Too many levels of symbolic links",
        ],
    );
}

// ---------------------------------------------------------------------------
// Inputs that are huge or deeply nested
// ---------------------------------------------------------------------------

/// A one-entry bank whose titles and questions no other bank repeats.
fn small_bank(title: &str, word: &str) -> String {
    format!(
        "# {title}\n\n#### 1. {title} entry\n\n**题目：** 什么是{word}？\n\n**答案：**\n\n1. **{word}：** {word}。\n\n**解析：** 因为{word}。\n"
    )
}

#[test]
fn ten_megabyte_line() {
    let bench = Bench::new();
    // A bank whose question is one 10 MB line, Chinese and ASCII.
    let question = "长问题 long question ".repeat(10_000_000 / 24);
    let question = question.trim_end();
    let chars = question.chars().count();
    let long = bench.add(
        "in/long.md",
        format!(
            "# Long\n\n#### 1. Long entry\n\n**题目：** {question}\n\n**答案：**\n\n1. **Yes：** yes.\n\n**解析：** Long.\n"
        ),
    );
    // A file that is a single 10 MB line, without a newline.
    let line = bench.add("in/line.md", "x".repeat(10_000_000));
    let before = bench.snapshot();

    let check = bench.check(&[long, line], &[]);
    assert_code(&check, 1, "check");
    let report = String::from_utf8(check.stdout.clone()).unwrap();
    assert_good_findings(&report, &["in/line.md:1:1: "], "check");
    assert!(
        report.contains("in/line.md:1:1: QB002 [no-entries]"),
        "{report}"
    );
    assert_unchanged(&before, &bench, "check");

    // XLSX cannot hold the question (Excel's 32,767 characters a cell):
    // that format fails, naming the entry; the others are written.
    let long_entry = ("in/long.md".to_owned(), "Long entry".to_owned());
    let expected = with_good([long_entry]);
    let export = bench.export_all(&[long, line], &[]);
    assert_code(&export, 2, "export");
    assert_says(
        &export,
        &[
            "out/qbank.xlsx: cannot write XLSX",
            &format!(
                "in/long.md:3: entry 1 (Long entry): the question cell has {chars} characters, over Excel's limit of 32,767"
            ),
        ],
        "export",
    );
    let mut written = ALL_FILES.to_vec();
    written.retain(|n| *n != "qbank.xlsx");
    assert_eq!(bench.names("out"), written, "no partial XLSX");
    for (format, ext) in FORMATS {
        if format != "xlsx" {
            let bytes = fs::read(bench.path("out").join(format!("qbank.{ext}"))).unwrap();
            assert_entries(format, &bytes, &expected, "export");
        }
    }
    // The whole question, every character.
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(bench.path("out/qbank.json")).unwrap()).unwrap();
    let doc = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "in/long.md")
        .unwrap();
    assert_eq!(doc["entries"][0]["question"].as_str(), Some(question));
    bench.assert_no_temp("export");

    // With --truncate, every format.
    let export = bench.export_all(&[long, line], &["--truncate"]);
    assert_code(&export, 0, "export --truncate");
    assert_says(
        &export,
        &[&format!("cut from {chars} to 32,767 characters")],
        "export --truncate",
    );
    assert_eq!(bench.names("out"), ALL_FILES);
    assert_exports(&bench.path("out"), &expected, "export --truncate");
    bench.assert_no_temp("export --truncate");
    assert_unchanged(&before, &bench, "export --truncate");
}

/// A bank with one entry whose answer is `answer`.
fn nested_bank(title: &str, answer: &str) -> String {
    format!(
        "# {title}\n\n#### 1. {title} entry\n\n**题目：** How deep is {title}?\n\n**答案：**\n\n{answer}\n**解析：** Deep.\n"
    )
}

/// The answers of a JSON export, by document. (Read without the lists:
/// only what these tests compare.)
fn answers(json: &[u8]) -> BTreeMap<String, Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Export {
        documents: Vec<Document>,
    }
    #[derive(serde::Deserialize)]
    struct Document {
        path: String,
        entries: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        sections: Vec<Section>,
    }
    #[derive(serde::Deserialize)]
    struct Section {
        kind: String,
        body: String,
    }
    let export: Export = serde_json::from_slice(json).unwrap();
    export
        .documents
        .into_iter()
        .map(|d| {
            let answers = d
                .entries
                .into_iter()
                .flat_map(|e| e.sections)
                .filter(|s| s.kind == "answer")
                .map(|s| s.body)
                .collect();
            (d.path, answers)
        })
        .collect()
}

/// How many lists the JSON Lines export models in `path`'s entries: its
/// `"items"` keys (a chain of one-item lists: how deep they are modelled).
fn modelled_lists(jsonl: &[u8], path: &str) -> usize {
    let key = format!("{{\"path\":{}", serde_json::to_string(path).unwrap());
    String::from_utf8_lossy(jsonl)
        .lines()
        .filter(|l| l.starts_with(&key))
        .map(|l| l.matches("\"items\":").count())
        .sum()
}

/// `answer` nested 100,000 deep: checked and exported like any bank, its
/// lists modelled `lists` levels deep (the rest stays in the item's text).
fn assert_deep(name: &str, answer: &str, lists: usize) {
    let bench = Bench::new();
    let rel = format!("in/{name}.md");
    let title = format!("Deep {name}");
    bench.add(&rel, nested_bank(&title, answer));
    let before = bench.snapshot();

    let start = Instant::now();
    let check = bench.check(&[&rel], &[]);
    eprintln!("{name}: check took {:?}", start.elapsed());
    assert_code(&check, 0, "check");
    assert_good_findings(
        &String::from_utf8(check.stdout.clone()).unwrap(),
        &[],
        "check",
    );
    assert_says(&check, &["in 3 files"], "check");
    assert_unchanged(&before, &bench, "check");

    // The answer is over Excel's cell limit: --truncate.
    let start = Instant::now();
    let export = bench.export_all(&[&rel], &["--truncate"]);
    eprintln!("{name}: export took {:?}", start.elapsed());
    assert_code(&export, 0, "export");
    assert_eq!(bench.names("out"), ALL_FILES);
    let entry = (rel.clone(), format!("{title} entry"));
    assert_exports(&bench.path("out"), &with_good([entry]), "export");
    let answers = answers(&fs::read(bench.path("out/qbank.json")).unwrap());
    assert_eq!(
        answers[&rel],
        [answer.trim_end()],
        "{name}: the answer, whole"
    );
    let jsonl = fs::read(bench.path("out/qbank.jsonl")).unwrap();
    assert_eq!(
        modelled_lists(&jsonl, &rel),
        lists,
        "{name}: lists modelled"
    );
    bench.assert_no_temp("export");
    assert_unchanged(&before, &bench, "export");
}

const DEPTH: usize = 100_000;

#[test]
fn lists_nested_on_one_line() {
    // 1. - - - - … x
    assert_deep("dashes", &format!("1. {}x\n", "- ".repeat(DEPTH)), 24);
}

#[test]
fn lists_indented_line_by_line() {
    // Each line indented to the content of the deepest item of the line
    // before, and opening 2,500 levels: 100,000 levels in 40 lines
    // (indenting one level a line would take 10 GB). A tab is 4 columns:
    // line 1 starts at column 4 (the content of `1. x` is at 3), line j+1
    // at 5,000 columns past line j.
    let per_line = 2_500;
    let mut answer = String::from("1. x\n");
    for line in 0..DEPTH / per_line {
        answer.push_str(&"\t".repeat(1 + per_line * line / 2));
        answer.push_str(&"- ".repeat(per_line));
        answer.push_str("x\n");
    }
    assert_deep("indented", &answer, 24);
}

#[test]
fn lists_indented_one_level_a_line() {
    // 1,000 levels, one a line (4 MB: the indentation grows with the square
    // of the depth).
    let mut answer = String::from("1. x\n");
    for level in 0..1_000 {
        answer.push_str(&" ".repeat(3 + 2 * level));
        answer.push_str("- x\n");
    }
    assert_deep("stairs", &answer, 24);
}

#[test]
fn block_quotes_nested_on_one_line() {
    // > > > … x, after the answer's list.
    assert_deep("quotes", &format!("1. x\n\n{}x\n", "> ".repeat(DEPTH)), 1);
}

/// Section bodies as plain text or HTML (`--text`) from lists 100,000 deep.
/// The address space is capped at 2 GiB, so a runaway renderer fails fast
/// instead of taking the machine's memory.
#[test]
fn deeply_nested_lists_as_plain_text_and_html() {
    let bench = Bench::new();
    let dashes = bench.add(
        "in/dashes.md",
        nested_bank("Dashes", &format!("1. {}x\n", "- ".repeat(DEPTH))),
    );
    let before = bench.snapshot();
    let entry = (dashes.to_owned(), "Dashes entry".to_owned());
    let expected = with_good([entry]);
    for text in ["html", "plain"] {
        let what = format!("export --text {text}");
        let mut args = vec!["export"];
        args.extend(GOOD);
        args.extend([dashes, "--to", "csv,xlsx", "--truncate", "--text", text]);
        args.extend(["-o", "out/"]);
        let start = Instant::now();
        let export = bench.run_sh("ulimit -v 2097152", &args);
        eprintln!("{what}: took {:?}", start.elapsed());
        assert_code(&export, 0, &what);
        assert_eq!(bench.names("out"), ["qbank.csv", "qbank.xlsx"], "{what}");
        for (format, ext) in [("csv", "csv"), ("xlsx", "xlsx")] {
            let bytes = fs::read(bench.path("out").join(format!("qbank.{ext}"))).unwrap();
            assert_entries(format, &bytes, &expected, &what);
        }
        bench.assert_no_temp(&what);
        assert_unchanged(&before, &bench, &what);
    }
}

/// `n` entries of four short lines each: every question repeats the first
/// (QB402, one finding for the pattern with `n - 2` related locations), no
/// title (QB001). Every answer is prose, so the document's convention is
/// prose and answer-without-list stays silent.
fn assert_many_entries(n: usize) {
    let bench = Bench::new();
    let mut text = String::with_capacity(n * 70);
    for i in 1..=n {
        use std::fmt::Write as _;
        writeln!(
            text,
            "#### {i}. t{i}\n**题目：** q\n**答案：** a\n**解析：** x"
        )
        .unwrap();
    }
    let many = bench.add("in/many.md", text);
    let before = bench.snapshot();

    let start = Instant::now();
    let check = bench.check(&[many], &[]);
    eprintln!("{n} entries: check took {:?}", start.elapsed());
    assert_code(&check, 1, "check");
    let report = String::from_utf8(check.stdout.clone()).unwrap();
    assert_good_findings(&report, &["in/many.md:"], "check");
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for line in report.lines().filter(|l| l.starts_with("in/many.md:")) {
        *by_rule.entry(line.split(' ').nth(1).unwrap()).or_default() += 1;
    }
    let expected_rules: BTreeMap<&str, usize> = [("QB001", 1), ("QB402", 1)].into();
    assert_eq!(by_rule, expected_rules);
    let pattern = format!("and {} more entries like it ({} of {n})", n - 2, n - 1);
    assert!(report.contains(&pattern), "{report}");
    assert_says(&check, &["Found 4 problems"], "check");
    assert_unchanged(&before, &bench, "check");

    let start = Instant::now();
    let export = bench.export_all(&[many], &[]);
    eprintln!(
        "{n} entries: export to every format took {:?}",
        start.elapsed()
    );
    assert_code(&export, 0, "export");
    assert_says(
        &export,
        &[&format!("exported {} entries from 3 files", n + 5)],
        "export",
    );
    assert_eq!(bench.names("out"), ALL_FILES);
    let start = Instant::now();
    let expected = with_good((1..=n).map(|i| ("in/many.md".to_owned(), format!("t{i}"))));
    assert_exports(&bench.path("out"), &expected, "export");
    eprintln!(
        "{n} entries: reading the exports back took {:?}",
        start.elapsed()
    );
    bench.assert_no_temp("export");
    assert_unchanged(&before, &bench, "export");
}

/// A million entries take about ten minutes with a debug qbank (most of it
/// exporting), so this one runs with `--release`, or with `--ignored` and
/// an optimised qbank in `QBANK_TEST_BIN` (as `.ci/run` does).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in a debug build: run with --release, or --ignored"
)]
fn a_million_entries() {
    assert_many_entries(1_000_000);
}

/// The same at a size a debug build checks and exports in seconds.
#[test]
fn twenty_thousand_entries() {
    assert_many_entries(20_000);
}

// ---------------------------------------------------------------------------
// Outputs that cannot be written
// ---------------------------------------------------------------------------

/// One rule for every output: missing folders are created when the output
/// is put in place, for one format as for several; a run that fails leaves
/// no folder (and no temporary file) behind; a file where a folder should
/// be is refused before any work.
#[test]
fn missing_output_folder() {
    let bench = Bench::new();
    bench.add(BAD, BAD_BYTES);
    let before = bench.snapshot();

    let mut args = vec!["check", "--format", "concise"];
    args.extend(GOOD);
    args.extend(["-o", "new/check/report.txt"]);
    let check = bench.run(&args);
    assert_ne!(
        check.status.code(),
        Some(2),
        "check: {}",
        flat_stderr(&check)
    );
    assert!(bench.path("new/check/report.txt").is_file(), "check");

    for (format, ext) in FORMATS {
        let what = format!("export --to {format}");
        let out = format!("new/{format}/x.{ext}");
        let mut args = vec!["export"];
        args.extend(GOOD);
        args.extend(["--to", format, "-o", &out]);
        let export = bench.run(&args);
        assert_code(&export, 0, &what);
        assert_eq!(bench.names(&format!("new/{format}")), [format!("x.{ext}")]);
        // An input that cannot be read: nothing written, no folder made.
        let out = format!("failed/{format}/x.{ext}");
        let mut args = vec!["export", BAD];
        args.extend(GOOD);
        args.extend(["--to", format, "-o", &out]);
        let export = bench.run(&args);
        assert_code(&export, 2, &what);
        assert!(!bench.path("failed").exists(), "{what}");
    }
    // One format into a folder named with a trailing `/`: the file is named
    // after the input, as in an existing folder.
    let export = bench.run(&["export", GOOD[0], "--to", "csv", "-o", "new/one/"]);
    assert_code(&export, 0, "one format into new/one/");
    assert_eq!(bench.names("new/one"), ["good-a.csv"]);

    // Several formats: the same rule.
    let mut args = vec!["export"];
    args.extend(GOOD);
    args.extend(["--to", ALL, "-o", "new/sub/"]);
    let export = bench.run(&args);
    assert_code(&export, 0, "export to a new folder");
    assert_eq!(bench.names("new/sub"), ALL_FILES);
    assert_exports(&bench.path("new/sub"), &good_entries(), "new folder");
    let mut args = vec!["export", BAD];
    args.extend(GOOD);
    args.extend(["--to", ALL, "-o", "failed/sub/"]);
    let export = bench.run(&args);
    assert_code(&export, 2, "several formats, an unreadable input");
    assert!(!bench.path("failed").exists());

    // A file where a folder should be.
    let message = "in/good-a.md: not a folder, so the output cannot be written under it";
    for to in ["csv", ALL] {
        let mut args = vec!["export"];
        args.extend(GOOD);
        args.extend(["--to", to, "-o", "in/good-a.md/sub/x.csv"]);
        let export = bench.run(&args);
        assert_code(&export, 2, to);
        assert_says(&export, &[message], to);
    }
    assert_eq!(bench.names("."), ["in", "new", "out", "tmp"]);
    bench.assert_no_temp("export");
    assert_unchanged(&before, &bench, "export");
}

#[test]
fn output_that_is_an_input() {
    let bench = Bench::new();
    // A bank named .json, so that `-o in/` would write over it.
    bench.add("in/bank.json", small_bank("Bank", "库"));
    let before = bench.snapshot();
    let message = "the output is one of the inputs; refusing to overwrite it";

    for out in ["in/good-a.md", "./in/../in/good-b.md"] {
        let mut args = vec!["check", "--format", "concise"];
        args.extend(GOOD);
        args.extend(["-o", out]);
        let check = bench.run(&args);
        assert_code(&check, 2, &format!("check -o {out}"));
        assert_says(&check, &[&format!("{out}: {message}")], "check");
        assert_unchanged(&before, &bench, &format!("check -o {out}"));

        for (format, _) in FORMATS {
            let what = format!("export --to {format} -o {out}");
            let mut args = vec!["export"];
            args.extend(GOOD);
            args.extend(["--to", format, "-o", out]);
            let export = bench.run(&args);
            assert_code(&export, 2, &what);
            assert_says(&export, &[&format!("{out}: {message}")], &what);
            assert_unchanged(&before, &bench, &what);
        }
    }
    // Several formats into the input's folder.
    let export = bench.run(&["export", "in/bank.json", "--to", ALL, "-o", "in/"]);
    assert_code(&export, 2, "export -o in/");
    assert_says(
        &export,
        &[&format!("in/bank.json: {message}")],
        "export -o in/",
    );
    assert_unchanged(&before, &bench, "export -o in/");
    assert_eq!(bench.names("out"), Vec::<String>::new());
    bench.assert_no_temp("export");
}

/// A bank of `entries` entries of random hexadecimal text: about 680 bytes
/// an entry in every format, even compressed (XLSX, Anki).
fn random_bank(entries: usize) -> String {
    use std::fmt::Write as _;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut hex = |n: usize| -> String {
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from_digit((state % 16) as u32, 16).unwrap()
            })
            .collect()
    };
    let mut text = String::from("# Random\n\n");
    for i in 1..=entries {
        write!(
            text,
            "#### {i}. Random {i}\n\n**题目：** {}\n\n**答案：**\n\n1. **Term：** {}\n\n**解析：** {}\n\n",
            hex(200),
            hex(200),
            hex(200)
        )
        .unwrap();
    }
    text
}

/// 2,000 entries whose analysis is a placeholder: 2,000 findings (QB403
/// placeholder-text, errors, one per entry: a content rule, never folded
/// into one finding for the pattern), about 140 KB of concise report.
fn faulty_bank() -> String {
    use std::fmt::Write as _;
    let mut text = String::from("# Faulty\n\n");
    for i in 1..=2_000 {
        write!(
            text,
            "#### {i}. Faulty {i}\n\n**题目：** Faulty question {i}?\n\n**答案：**\n\n1. **Term：** answer {i}.\n\n**解析：** TODO\n\n"
        )
        .unwrap();
    }
    text
}

fn random_entries(entries: usize) -> Vec<(String, String)> {
    with_good((1..=entries).map(|i| ("in/big.md".to_owned(), format!("Random {i}"))))
}

/// Run `f`, turning a failed assertion into a line of `failures`: one case
/// failing does not hide the others.
fn soft(failures: &mut Vec<String>, what: &str, f: impl FnOnce()) {
    if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        failures.push(format!("{what}: {}", &message[..message.len().min(2000)]));
    }
}

fn assert_no_failures(failures: &[String]) {
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A full disk (a file size limit): every output fails with the file
/// named, nothing partial is left, an existing output keeps its content.
#[test]
fn disk_full() {
    let bench = Bench::new();
    let big = bench.add("in/big.md", random_bank(400));
    let faulty = bench.add("in/faulty.md", faulty_bank());
    let before = bench.snapshot();
    let mut failures = Vec::new();

    // Without the limit every output is well over it.
    let export = bench.export_all(&[big], &[]);
    assert_code(&export, 0, "export without a limit");
    assert_exports(&bench.path("out"), &random_entries(400), "no limit");
    for name in ALL_FILES {
        let path = bench.path("out").join(name);
        let size = fs::metadata(&path).unwrap().len();
        assert!(size > 80 * 1024, "{name}: {size} bytes");
        fs::remove_file(path).unwrap();
    }
    let mut args = vec!["check", "--format", "concise"];
    args.extend(GOOD);
    args.extend([faulty, "-o", "out/report.txt"]);
    assert_code(&bench.run(&args), 1, "check without a limit");
    assert!(fs::metadata(bench.path("out/report.txt")).unwrap().len() > 80 * 1024);
    fs::remove_file(bench.path("out/report.txt")).unwrap();

    soft(&mut failures, "check", || {
        let check = bench.run_disk_full(&args);
        assert_code(&check, 2, "check");
        assert_says(
            &check,
            &["out/report.txt: cannot write", "File too large"],
            "check",
        );
        assert_eq!(bench.names("out"), Vec::<String>::new(), "check");
        bench.assert_no_temp("check");
    });

    // One format at a time, the output existing or not.
    for (format, ext) in FORMATS {
        for existing in [false, true] {
            let what = format!("export --to {format} (existing output: {existing})");
            let out = bench.path("out").join(format!("qbank.{ext}"));
            if existing {
                fs::write(&out, "old\n").unwrap();
            }
            soft(&mut failures, &what, || {
                let mut args = vec!["export"];
                args.extend(GOOD);
                args.extend([big, "--to", format, "-o", "out/"]);
                let export = bench.run_disk_full(&args);
                assert_code(&export, 2, &what);
                // Anki fails first on its SQLite collection, in TMPDIR.
                let why = if format == "anki" {
                    "disk I/O error"
                } else {
                    "File too large"
                };
                assert_says(
                    &export,
                    &[&format!("out/qbank.{ext}: cannot write"), why],
                    &what,
                );
                if existing {
                    assert_eq!(
                        fs::read(&out).unwrap(),
                        b"old\n",
                        "{what}: old content kept"
                    );
                } else {
                    assert_eq!(bench.names("out"), Vec::<String>::new(), "{what}");
                }
                bench.assert_no_temp(&what);
            });
            let _ = fs::remove_file(&out);
        }
    }

    // Every format at once: each fails on its own, none stops the others.
    soft(&mut failures, "export --to all", || {
        let export =
            bench.run_disk_full(&["export", GOOD[0], GOOD[1], big, "--to", ALL, "-o", "out/"]);
        assert_code(&export, 2, "export --to all");
        for name in ALL_FILES {
            assert_says(&export, &[&format!("out/{name}")], "export --to all");
        }
        assert_eq!(bench.names("out"), Vec::<String>::new(), "export --to all");
        bench.assert_no_temp("export --to all");
    });
    for name in bench.names("out") {
        let _ = fs::remove_file(bench.path("out").join(name));
    }
    for name in bench.names("tmp") {
        let _ = fs::remove_file(bench.path("tmp").join(name));
    }
    assert_unchanged(&before, &bench, "disk full");
    assert_no_failures(&failures);
}

// ---------------------------------------------------------------------------
// Special outputs: a FIFO, /dev/stdout, a closed pipe
// ---------------------------------------------------------------------------

/// An input that cannot be decoded, given with the good banks in the
/// special-output cases: the good banks must still come out in full.
const BAD: &str = "in/bad.md";
const BAD_BYTES: &[u8] = b"# Bad\n\n#### 1. Bad\n\n\xff\n";
const BAD_MESSAGE: &str = "in/bad.md:5: invalid UTF-8 at byte offset 20";

/// Run `args` writing into the FIFO `rel`, read by a thread; returns the
/// run and what the thread read.
fn through_fifo(bench: &Bench, rel: &str, args: &[&str]) -> (Output, Vec<u8>) {
    let fifo = bench.path(rel);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    let output = bench.run(args);
    // If qbank never opened the FIFO, the reader still waits to open it:
    // open it for writing (and close it) to let it go.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if !reader.is_finished() {
        drop(fs::OpenOptions::new().write(true).open(&fifo));
    }
    (output, reader.join().unwrap())
}

#[test]
fn fifo_output() {
    let bench = Bench::new();
    bench.add(BAD, BAD_BYTES);
    let status = Command::new("mkfifo")
        .arg(bench.path("out/pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    let before = bench.snapshot();
    let mut failures = Vec::new();

    soft(&mut failures, "check", || {
        let mut args = vec!["check", "--format", "concise"];
        args.extend(GOOD);
        args.extend([BAD, "-o", "out/pipe"]);
        let (check, bytes) = through_fifo(&bench, "out/pipe", &args);
        assert_code(&check, 2, "check");
        assert_says(&check, &[BAD_MESSAGE], "check");
        assert_good_findings(&String::from_utf8(bytes).unwrap(), &[], "check");
    });
    for (format, _) in FORMATS {
        let what = format!("export --to {format}");
        soft(&mut failures, &what, || {
            let mut args = vec!["export"];
            args.extend(GOOD);
            args.extend([BAD, "--to", format, "-o", "out/pipe"]);
            let (export, bytes) = through_fifo(&bench, "out/pipe", &args);
            assert_code(&export, 2, &what);
            assert_says(&export, &[BAD_MESSAGE], &what);
            assert_entries(format, &bytes, &good_entries(), &what);
            assert_as_alone(&bench, format, &bytes, &what);
        });
        let meta = fs::symlink_metadata(bench.path("out/pipe")).unwrap();
        assert!(
            meta.file_type().is_fifo(),
            "{what}: the FIFO is still a FIFO"
        );
        assert_eq!(bench.names("out"), ["pipe"], "{what}");
        bench.assert_no_temp(&what);
    }
    assert_unchanged(&before, &bench, "fifo");
    assert_no_failures(&failures);
}

/// `-o /dev/stdout` is standard output, written in place: to a pipe, and to
/// a file opened for appending that keeps what was there.
#[test]
fn dev_stdout_output() {
    let bench = Bench::new();
    bench.add(BAD, BAD_BYTES);
    let before = bench.snapshot();
    let mut failures = Vec::new();

    let mut check_args = vec!["check", "--format", "concise"];
    check_args.extend(GOOD);
    check_args.extend([BAD, "-o", "/dev/stdout"]);
    soft(&mut failures, "check", || {
        let check = bench.run(&check_args);
        assert_code(&check, 2, "check");
        assert_says(&check, &[BAD_MESSAGE], "check");
        assert_good_findings(
            &String::from_utf8(check.stdout.clone()).unwrap(),
            &[],
            "check",
        );
    });
    for (format, _) in FORMATS {
        let what = format!("export --to {format} -o /dev/stdout");
        soft(&mut failures, &what, || {
            let mut args = vec!["export"];
            args.extend(GOOD);
            args.extend([BAD, "--to", format, "-o", "/dev/stdout"]);
            let export = bench.run(&args);
            assert_code(&export, 2, &what);
            assert_says(&export, &[BAD_MESSAGE], &what);
            assert_entries(format, &export.stdout, &good_entries(), &what);
            assert_as_alone(&bench, format, &export.stdout, &what);
        });
    }

    // Standard output redirected (`>>`) to a file that has a first line.
    let appended = bench.dir.path().join("appended.txt");
    for (what, args) in [
        ("check >> file", check_args.clone()),
        (
            "export --to jsonl >> file",
            vec![
                "export",
                GOOD[0],
                GOOD[1],
                BAD,
                "--to",
                "jsonl",
                "-o",
                "/dev/stdout",
            ],
        ),
    ] {
        soft(&mut failures, what, || {
            fs::write(&appended, "first line\n").unwrap();
            let inode = fs::metadata(&appended).unwrap().ino();
            let file = fs::OpenOptions::new().append(true).open(&appended).unwrap();
            let output = bench
                .command()
                .args(&args)
                .stdout(Stdio::from(file))
                .output()
                .unwrap();
            assert_code(&output, 2, what);
            assert_eq!(
                fs::metadata(&appended).unwrap().ino(),
                inode,
                "{what}: the file was replaced"
            );
            let text = fs::read_to_string(&appended).unwrap();
            let rest = text.strip_prefix("first line\n").unwrap_or_else(|| {
                panic!("{what}: the first line is gone: {}", head(text.as_bytes()))
            });
            if what.starts_with("check") {
                assert_good_findings(rest, &[], what);
            } else {
                assert_entries("jsonl", rest.as_bytes(), &good_entries(), what);
            }
        });
    }
    let _ = fs::remove_file(&appended);
    assert_eq!(bench.names("out"), Vec::<String>::new());
    bench.assert_no_temp("/dev/stdout");
    assert_unchanged(&before, &bench, "/dev/stdout");
    assert_no_failures(&failures);
}

/// `qbank … | head -1`: the pipe closes long before the output ends. Not an
/// error: the exit code is what it would have been, nothing but the
/// decoding error is said.
fn through_closed_pipe(bench: &Bench, args: &[&str]) -> (Output, Option<i32>) {
    let rc = bench.path("rc");
    let output = Command::new("sh")
        .current_dir(bench.dir.path())
        .env("NO_COLOR", "1")
        .env("TMPDIR", bench.path("tmp"))
        .env("RC", &rc)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .args(["-c", "(\"$0\" \"$@\"; echo $? > \"$RC\") | head -1"])
        .arg(bin())
        .args(args)
        .output()
        .unwrap();
    let code = fs::read_to_string(&rc).unwrap().trim().parse().ok();
    fs::remove_file(&rc).unwrap();
    (output, code)
}

#[test]
fn closed_pipe() {
    let bench = Bench::new();
    let big = bench.add("in/big.md", random_bank(400));
    let faulty = bench.add("in/faulty.md", faulty_bank());
    bench.add(BAD, BAD_BYTES);
    let before = bench.snapshot();
    let mut failures = Vec::new();

    for (inputs, expected) in [(vec![faulty], 1), (vec![faulty, BAD], 2)] {
        let what = format!("check {inputs:?} | head -1");
        soft(&mut failures, &what, || {
            let mut args = vec!["check", "--format", "concise"];
            args.extend(GOOD);
            args.extend(&inputs);
            let (output, code) = through_closed_pipe(&bench, &args);
            assert_sane(&output, &what);
            assert_eq!(code, Some(expected), "{what}: {}", stderr(&output));
            assert_eq!(output.stdout.iter().filter(|b| **b == b'\n').count(), 1);
            // Only the summary (and the decoding error) on stderr.
            let err = stderr(&output);
            assert!(err.contains("Found 2002 problems"), "{what}: {err}");
            assert!(!err.contains("cannot write"), "{what}: {err}");
            if expected == 2 {
                assert_says(&output, &[BAD_MESSAGE], &what);
            }
        });
    }
    for (format, _) in FORMATS {
        for (inputs, expected) in [(vec![big], 0), (vec![big, BAD], 2)] {
            let what = format!("export {inputs:?} --to {format} -o - | head -1");
            soft(&mut failures, &what, || {
                let mut args = vec!["export"];
                args.extend(GOOD);
                args.extend(&inputs);
                args.extend(["--to", format, "-o", "-"]);
                let (output, code) = through_closed_pipe(&bench, &args);
                assert_sane(&output, &what);
                assert_eq!(code, Some(expected), "{what}: {}", stderr(&output));
                if expected == 0 {
                    assert_eq!(stderr(&output), "", "{what}");
                } else {
                    assert_says(&output, &[BAD_MESSAGE], &what);
                    assert!(!stderr(&output).contains("cannot write"), "{what}");
                }
            });
        }
    }
    assert_eq!(bench.names("out"), Vec::<String>::new());
    bench.assert_no_temp("closed pipe");
    assert_unchanged(&before, &bench, "closed pipe");
    assert_no_failures(&failures);
}
