//! The properties the fuzz targets check, shared with the regression test
//! (`tests/it/fuzz_regressions.rs`) that replays every saved crashing input.
//!
//! Each function takes arbitrary bytes and panics when a property fails;
//! returning normally means the input is fine. They call the library crates
//! exactly as the `qbank` binary does.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use qbank_core::{ParseOptions, ParsedFile, Source};
use qbank_export::TextFormat;
use qbank_lint::{LintFile, Settings, lint};
use qbank_xlsx::XlsxOptions;
use std::io::Cursor;

/// Decode and parse; every span lies inside the text on character
/// boundaries; entries come in order; a split parse equals the sequential
/// one; the model serialises.
pub(crate) fn parse(data: &[u8]) {
    let options = ParseOptions::default();
    let Ok(file) = qbank_core::parse_bytes("fuzz.md", data.to_vec(), &options) else {
        return;
    };
    assert_eq!(
        qbank_core::encode(&file.source),
        data,
        "encode(decode(bytes)) differs from bytes"
    );
    let text = &file.source.text;
    let value = serde_json::to_value(&file.document).expect("the model serialises");
    check_spans(&value, text);
    let mut last_end = 0u32;
    for entry in &file.document.entries {
        assert!(entry.span.start >= last_end, "entries overlap");
        assert!(entry.heading.span.start == entry.span.start);
        for section in &entry.sections {
            // An answer read from the answer key stands in the key.
            let (start, end) = match (&section.label.style, &file.document.answer_key) {
                (qbank_core::LabelStyle::Key, Some(key)) => (key.span.start, key.span.end),
                _ => (entry.span.start, entry.span.end),
            };
            assert!(
                section.span.start >= start && section.span.end <= end,
                "section outside its entry"
            );
        }
        last_end = entry.span.end;
    }
    let sequential = qbank_core::parse_sequential("fuzz.md", text, &options);
    assert_eq!(
        file.document, sequential,
        "parse differs from parse_sequential"
    );
    let mut streamed = Vec::new();
    let head = qbank_core::parse_each("fuzz.md", text, &options, |head, entry| {
        assert_eq!(
            (&head.title, head.entry_level),
            (&sequential.title, sequential.entry_level),
            "parse_each handed an entry on with another head"
        );
        streamed.push(entry);
    });
    assert_eq!(streamed, sequential.entries, "parse_each's entries differ");
    assert_eq!(
        head.outside, sequential.outside,
        "parse_each's outside differs"
    );
    for target in [1, 16, 64] {
        if let Some(split) = qbank_core::parse_split_for_testing("fuzz.md", text, &options, target)
        {
            assert_eq!(split, sequential, "split parse (target {target}) differs");
        }
    }
}

/// Every `{start, end}` object in the serialised model is a valid range of
/// `text`.
fn check_spans(value: &serde_json::Value, text: &str) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(start), Some(end), 2) = (
                map.get("start").and_then(serde_json::Value::as_u64),
                map.get("end").and_then(serde_json::Value::as_u64),
                map.len(),
            ) {
                let (start, end) = (start as usize, end as usize);
                assert!(start <= end, "span {start}..{end} reversed");
                assert!(end <= text.len(), "span {start}..{end} past the text");
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "span {start}..{end} splits a character"
                );
            }
            map.values().for_each(|v| check_spans(v, text));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_spans(v, text)),
        _ => {}
    }
}

/// Lint with every rule on; every diagnostic points into the text, and so
/// does every fix edit and related location.
pub(crate) fn lint_bytes(data: &[u8]) {
    let Ok(file) = qbank_core::parse_bytes("fuzz.md", data.to_vec(), &ParseOptions::default())
    else {
        return;
    };
    // Two copies: the cross-file rules (duplicates) compare files too.
    let settings = Settings::default();
    let files = [
        LintFile {
            file: &file,
            settings: &settings,
        },
        LintFile {
            file: &file,
            settings: &settings,
        },
    ];
    let text = &file.source.text;
    for report in lint(&files) {
        for d in &report.diagnostics {
            assert!(
                text.get(d.span.range()).is_some(),
                "{}: bad span",
                d.rule.name
            );
            for related in &d.related {
                assert!(text.get(related.span.range()).is_some(), "bad related span");
            }
            if let Some(fix) = &d.fix {
                for edit in &fix.edits {
                    assert!(text.get(edit.span.range()).is_some(), "bad edit span");
                }
            }
        }
    }
}

/// `check --fix`: fix until nothing changes (as the CLI does); the result
/// re-parses, and a second `--fix` changes nothing.
pub(crate) fn fix(data: &[u8]) {
    let Ok(file) = qbank_core::parse_bytes("fuzz.md", data.to_vec(), &ParseOptions::default())
    else {
        return;
    };
    let once = fix_all(file.source.text.clone());
    // Written back as the CLI writes it: original line endings and encoding.
    let bytes = qbank_core::encode(&Source {
        text: once.clone(),
        ..file.source.clone()
    });
    let reread = qbank_core::parse_bytes("fuzz.md", bytes, &ParseOptions::default())
        .expect("the fixed file decodes");
    assert_eq!(
        reread.source.text, once,
        "the fixed text does not round-trip"
    );
    let again = fix_all(once.clone());
    assert_eq!(once, again, "a second --fix changed the text");
}

/// `qbank fmt`: the result settles (formatting it again changes nothing),
/// writes back in the original encoding and line endings, says the same as
/// the input (the formatter's own safety net, checked again here on entry
/// counts, titles and correct marks) and leaves no safe fix to
/// `check --fix`.
pub(crate) fn fmt(data: &[u8]) {
    let options = ParseOptions::default();
    let Ok(file) = qbank_core::parse_bytes("fuzz.md", data.to_vec(), &options) else {
        return;
    };
    let fmt = qbank_fmt::FmtOptions::default();
    let once = qbank_fmt::format_parsed(&file.source, &file.document, &options, &fmt);
    let again = qbank_fmt::format(
        &Source {
            text: once.text.clone(),
            ..file.source.clone()
        },
        &options,
        &fmt,
    );
    assert_eq!(once.text, again.text, "formatting twice changed the text");
    let bytes = qbank_core::encode(&qbank_fmt::written(&file.source, once.text.clone()));
    let reread = qbank_core::parse_bytes("fuzz.md", bytes, &options).expect("decodes");
    assert_eq!(
        reread.source.text, once.text,
        "the formatted text does not round-trip"
    );
    let (before, after) = (&file.document, &reread.document);
    assert_eq!(before.entries.len(), after.entries.len(), "entries");
    for (a, b) in before.entries.iter().zip(&after.entries) {
        let marks = |e: &qbank_core::Entry| e.options.iter().map(|o| o.correct).collect::<Vec<_>>();
        assert_eq!(marks(a), marks(b), "correct marks");
        assert_eq!(a.sections.len(), b.sections.len(), "sections");
    }
    if once.withheld.is_none() {
        let settings = Settings::default();
        let reports = lint(&[LintFile {
            file: &reread,
            settings: &settings,
        }]);
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            let safe = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == qbank_lint::Applicability::Safe);
            assert!(!safe, "fmt left a safe fix: {} {}", d.rule.code, d.message);
        }
    }
}

/// Fix until stable, as `qbank check --fix` does (`qbank_lint::lint_fix`).
fn fix_all(text: String) -> String {
    let mut files = [qbank_lint::FixFile::new(
        parsed(&text),
        Settings::default(),
        ParseOptions::default(),
    )];
    let run = qbank_lint::lint_fix(&mut files, false);
    assert!(run.converged, "fixes do not converge");
    let [file] = files;
    file.file.source.text
}

fn parsed(text: &str) -> ParsedFile {
    let source = Source {
        path: "fuzz.md".to_owned(),
        text: text.to_owned(),
        encoding: qbank_core::Encoding::Utf8,
        line_endings: qbank_core::LineEndings::default(),
    };
    let document = qbank_core::parse(&source.path, &source.text, &ParseOptions::default());
    ParsedFile { source, document }
}

/// Export to every format in memory; each output reads back.
pub(crate) fn export(data: &[u8]) {
    let Ok(file) = qbank_core::parse_bytes("fuzz.md", data.to_vec(), &ParseOptions::default())
    else {
        return;
    };
    let files = [&file];
    let entries = file.document.entries.len();

    let mut options = qbank_export::ExportOptions::default();
    options.generator = "qbank fuzz".to_owned();
    let json = qbank_json::create_json(Vec::new(), &options, &Default::default());
    let json = qbank_export::export_parsed(json, &files).unwrap().output;
    let value: serde_json::Value = serde_json::from_slice(&json).expect("JSON reads back");
    let exported = value["documents"][0]["entries"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(exported, entries);

    let jsonl = qbank_json::create_jsonl(Vec::new(), &options);
    let jsonl = qbank_export::export_parsed(jsonl, &files).unwrap().output;
    for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("JSONL line reads back");
    }

    for text in [TextFormat::Markdown, TextFormat::Plain, TextFormat::Html] {
        let mut options = qbank_export::ExportOptions::default();
        options.text = text;
        let csv = qbank_csv::create(Vec::new(), &options, &Default::default());
        let csv_out = qbank_export::export_parsed(csv, &files).unwrap().output;
        let mut reader = csv::ReaderBuilder::new().from_reader(csv_out.as_slice());
        let width = reader.headers().expect("CSV header").len();
        let mut rows = 0;
        for record in reader.records() {
            assert_eq!(record.expect("CSV row reads back").len(), width);
            rows += 1;
        }
        assert_eq!(rows, entries);
    }

    let mut options = XlsxOptions::default();
    options.truncate = true;
    let xlsx = qbank_xlsx::create(Vec::new(), &Default::default(), &options);
    let written = qbank_export::export_parsed(xlsx, &files).expect("XLSX written");
    zip::ZipArchive::new(Cursor::new(written.output)).expect("XLSX is a zip");

    let mut timed = qbank_export::ExportOptions::default();
    timed.time = 1_700_000_000;
    // Images the fuzzer names may not exist: a media error is a correct
    // answer, anything else is a failure.
    let apkg = qbank_anki::create_apkg(Vec::new(), &timed, &Default::default());
    match qbank_export::export_parsed(apkg, &files) {
        Ok(done) => {
            let mut zip = zip::ZipArchive::new(Cursor::new(done.output)).expect("zip");
            zip.by_name("collection.anki2")
                .expect("collection in the package");
        }
        Err(e) if anki_media(&e) => {}
        Err(e) => panic!("Anki export failed: {e}"),
    }
    let txt = qbank_anki::create_anki_txt(Vec::new(), &timed, &Default::default());
    match qbank_export::export_parsed(txt, &files) {
        Ok(_) => {}
        Err(e) if anki_media(&e) => {}
        Err(e) => panic!("Anki text export failed: {e}"),
    }
    quiz_and_study_page(&file, entries);
}

/// Whether an Anki export failed on an image (missing or refused).
fn anki_media(err: &qbank_export::Error) -> bool {
    matches!(
        err,
        qbank_export::Error::Format { source, .. }
            if matches!(source.downcast_ref(), Some(qbank_anki::Error::Media { .. }))
    )
}

/// GIFT, Moodle XML, QTI and the study page, through the driver as the CLI
/// runs them: written, or refused for an image the fuzzer named or for more
/// correct options than Moodle's grades can credit. Every GIFT and Moodle XML
/// grade is one Moodle lists; no GIFT answer or feedback starts with what
/// Moodle would read as a weight or a format.
fn quiz_and_study_page(file: &ParsedFile, entries: usize) {
    type Create = fn(
        Vec<u8>,
        &qbank_export::ExportOptions,
    ) -> qbank_export::Result<Box<dyn qbank_export::Writer<Vec<u8>>>>;
    let formats: [(&str, Create); 4] = [
        ("GIFT", qbank_gift::create),
        ("Moodle XML", qbank_moodle::create),
        ("QTI", qbank_qti::create),
        ("HTML", qbank_html::create),
    ];
    for (name, create) in formats {
        let options = qbank_export::ExportOptions::default();
        let mut driver = qbank_export::Driver::new(vec![create(Vec::new(), &options)]);
        driver.write_parsed(file, &[]);
        match driver.finish().remove(0) {
            Ok(done) if name == "HTML" => {
                let page = String::from_utf8(done.output).expect("the page is UTF-8");
                assert_eq!(page.matches("<article class=\"entry\"").count(), entries);
                assert!(page.ends_with("</html>\n"));
            }
            Ok(done) if name == "QTI" => {
                zip::ZipArchive::new(Cursor::new(done.output)).expect("QTI is a zip");
            }
            Ok(done) if name == "GIFT" => check_gift(&String::from_utf8(done.output).unwrap()),
            Ok(done) => check_moodle_fractions(&String::from_utf8(done.output).unwrap()),
            Err(e) if is_media_error(&e) || is_refused(&e) => {}
            Err(e) => panic!("{name} export failed: {e}"),
        }
    }
}

fn is_refused(e: &(dyn std::error::Error + 'static)) -> bool {
    std::error::Error::source(e).is_some_and(|c| {
        c.downcast_ref::<qbank_export::quiz::TooManyCorrect>()
            .is_some()
    })
}

fn is_moodle_grade(grade: &str) -> bool {
    qbank_export::quiz::MOODLE_GRADES.contains(&grade.strip_prefix('-').unwrap_or(grade))
}

/// Each answer of each GIFT question: its grade (`~%g%`) one Moodle lists,
/// its text (and the feedback) starting with neither `%` nor `[` (but a
/// short answer's `[plain]`, which makes the rest text). Text
/// escapes `~ = { } #`, so `{~`, `{=`, ` ~` or ` =` starts an answer and
/// `####` the feedback.
fn check_gift(gift: &str) {
    for line in gift.lines() {
        let bytes = line.as_bytes();
        for i in 1..bytes.len() {
            let answer = matches!(bytes[i], b'~' | b'=') && matches!(bytes[i - 1], b'{' | b' ');
            let feedback = bytes[..i].ends_with(b"####");
            if !answer && !feedback {
                continue;
            }
            let mut rest = &line[i + usize::from(answer)..];
            if answer && bytes[i] == b'~' && rest.starts_with('%') {
                let end = rest[1..].find('%').expect("a weight closes") + 1;
                assert!(
                    is_moodle_grade(&rest[1..end]),
                    "grade {} in {line}",
                    &rest[1..end]
                );
                rest = &rest[end + 1..];
            }
            if answer && bytes[i] == b'=' && rest.starts_with("[plain]") {
                // A short answer written behind `[plain]`, which both
                // readers strip: the rest is text, whatever it starts with.
                continue;
            }
            assert!(
                !rest.starts_with(['%', '[']),
                "a text Moodle misreads: {line}"
            );
        }
    }
}

/// Every `fraction="…"` of Moodle XML is one Moodle lists, but in an
/// `ordering` question, whose fractions are its items' places, as Moodle's
/// own export writes them.
fn check_moodle_fractions(xml: &str) {
    for question in xml.split("<question ") {
        if question.starts_with("type=\"ordering\"") {
            continue;
        }
        for (at, _) in question.match_indices(" fraction=\"") {
            let value = &question[at + 11..];
            let value = &value[..value.find('"').expect("the attribute closes")];
            assert!(is_moodle_grade(value), "fraction {value}");
        }
    }
}

fn is_media_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(cause) = source {
        if let Some(qbank_render::Error::Media { .. }) = cause.downcast_ref() {
            return true;
        }
        source = cause.source();
    }
    false
}
