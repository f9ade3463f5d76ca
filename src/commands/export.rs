//! `qbank export`: question banks to JSON, JSON Lines, CSV, XLSX and Anki.

use crate::ExitStatus;
use crate::cli::{ExportArgs, Format};
use crate::errors::{CliError, display, report, warn};
use crate::inputs::{self, Input};
use crate::output::{Destination, Output};
use qbank_core::{Document, Entry, ParseOptions, ParsedFile};
use std::io::Seek;
use std::path::{Path, PathBuf};

pub(crate) fn run(args: &ExportArgs) -> ExitStatus {
    let time = match export_time() {
        Ok(t) => t,
        Err(err) => {
            report(err);
            return ExitStatus::Error;
        }
    };
    let mut status = ExitStatus::Success;
    let (inputs, errors) = inputs::collect(&args.paths, &args.walk);
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.to {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let targets = match targets(&formats, &args.output, &inputs, args.paths.len()) {
        Ok(t) => t,
        Err(err) => {
            report(err);
            return ExitStatus::Error;
        }
    };
    let files: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| i.path().map(PathBuf::from))
        .collect();
    for (_, destination) in &targets {
        if let Err(err) = destination
            .check_folder()
            .and_then(|()| destination.check_not_input(&files))
        {
            report(err);
            return ExitStatus::Error;
        }
    }
    if inputs.is_empty() && status == ExitStatus::Success {
        warn("no Markdown files (*.md, *.markdown) found");
    }

    let options = ParseOptions::default();
    // Anki tags from the qbank.toml that applies to each file.
    let mut file_tags = Vec::new();
    if formats
        .iter()
        .any(|f| matches!(f, Format::Anki | Format::AnkiTxt))
    {
        let mut resolver = match crate::config::Resolver::new(None) {
            Ok(r) => r,
            Err(err) => {
                report(err);
                return ExitStatus::Error;
            }
        };
        for input in &inputs {
            match resolver.config_for(input.path()) {
                Ok(config) => {
                    file_tags.push(config.map(|c| c.anki_tags().to_vec()).unwrap_or_default())
                }
                Err(err) => {
                    report(err);
                    return ExitStatus::Error;
                }
            }
        }
    }
    let several = args.paths.len() > 1 || inputs.len() > 1;
    let mut sinks = Vec::new();
    for (format, destination) in &targets {
        match Sink::open(*format, destination, args, several, time) {
            Ok(sink) => sinks.push(sink),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    }
    let mut files = 0usize;
    let mut entries = 0usize;
    // Every format takes entries as they come: a large file is parsed
    // with `parse_each` and its entries handed on in batches, so the
    // model of a whole bank never exists at once.
    inputs::for_each_loaded(&inputs, &options, |i, loaded| {
        let tags = file_tags.get(i).map(Vec::as_slice).unwrap_or_default();
        match loaded {
            Ok(inputs::Loaded::Whole(file)) => {
                feed_whole(&mut sinks, &file, tags);
                files += 1;
                entries += file.document.entries.len();
            }
            Ok(inputs::Loaded::Large(source)) => {
                let text = source.text.as_str();
                let mut begun = false;
                let mut batch = Vec::with_capacity(BATCH);
                let doc = qbank_core::parse_each(&source.path, text, &options, |head, entry| {
                    if !begun {
                        for sink in &mut sinks {
                            sink.begin(text, head, tags);
                        }
                        begun = true;
                    }
                    batch.push(entry);
                    if batch.len() == BATCH {
                        for sink in &mut sinks {
                            sink.entries(text, head, &batch);
                        }
                        entries += batch.len();
                        batch.clear();
                    }
                });
                for sink in &mut sinks {
                    if !begun {
                        sink.begin(text, &doc, tags);
                    }
                    sink.entries(text, &doc, &batch);
                    sink.end(&doc);
                }
                entries += batch.len();
                files += 1;
            }
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    });
    let mut written = Vec::new();
    for sink in sinks {
        let destination = sink.destination.clone();
        match sink.finish() {
            Ok(()) => written.push(destination),
            Err(Some(err)) => {
                report(err);
                status = ExitStatus::Error;
            }
            // Standard output closed by its reader: not an error.
            Err(None) => {}
        }
    }
    if !args.quiet {
        let names: Vec<String> = written
            .iter()
            .filter_map(|d| match d {
                Destination::File(path) => Some(path.display().to_string()),
                Destination::Stdout => None,
            })
            .collect();
        if !names.is_empty() {
            eprintln!(
                "exported {entries} entries from {files} file{} to {}",
                if files == 1 { "" } else { "s" },
                names.join(", ")
            );
        }
    }
    status
}

/// A whole parsed file to every writer.
fn feed_whole(sinks: &mut [Sink], file: &ParsedFile, tags: &[String]) {
    let (text, doc) = (&file.source.text, &file.document);
    for sink in sinks {
        sink.begin(text, doc, tags);
        sink.entries(text, doc, &doc.entries);
        sink.end(doc);
    }
}

/// Entries handed to the writers at a time from a large file.
const BATCH: usize = 512;

/// One output being written, entry by entry.
struct Sink {
    destination: Destination,
    writer: Option<Writer>,
    /// Why the output failed (`Some(None)`: standard output closed by its
    /// reader); nothing more is written to it.
    failed: Option<Option<CliError>>,
}

// One writer per output, a handful at most: their sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum Writer {
    Json(qbank_json::JsonWriter<Output>),
    Csv(qbank_csv::CsvWriter<Output>),
    Anki(qbank_anki::ApkgWriter),
    /// With the first I/O error of its output.
    AnkiTxt(qbank_anki::AnkiTxtWriter<KeepError<Output>>, IoErrorCell),
    /// Into a temporary file of rust_xlsxwriter's while the rows come; the
    /// workbook is written to the output at the end.
    Xlsx(qbank_xlsx::XlsxWriter),
}

/// The first I/O error of an output, shared with the writer that wraps it.
type IoErrorCell = std::rc::Rc<std::cell::RefCell<Option<std::io::Error>>>;

impl Sink {
    fn open(
        format: Format,
        destination: &Destination,
        args: &ExportArgs,
        several: bool,
        time: i64,
    ) -> Result<Sink, CliError> {
        let generator = concat!("qbank ", env!("CARGO_PKG_VERSION"));
        // An output that cannot be opened is an error now; a writer that
        // fails to start (a header that cannot be written, no scratch
        // space) fails its output like any later write, reported at the
        // end (and a closed standard output is no error).
        let started: Result<Writer, Failure> = match format {
            Format::Json => {
                qbank_json::JsonWriter::json(destination.open()?, generator, !args.compact)
                    .map(Writer::Json)
                    .map_err(Failure::Json)
            }
            Format::Jsonl => Ok(Writer::Json(qbank_json::JsonWriter::jsonl(
                destination.open()?,
            ))),
            Format::Csv => {
                let mut options = qbank_csv::CsvOptions::default();
                options.text = args.text.into();
                options.bom = args.bom;
                options.delimiter = args.delimiter;
                options.formula_escape = !args.no_formula_escape;
                qbank_csv::CsvWriter::new(destination.open()?, &options)
                    .map(Writer::Csv)
                    .map_err(Failure::Csv)
            }
            Format::Anki => qbank_anki::ApkgWriter::new(&anki_options(args, time), several)
                .map(Writer::Anki)
                .map_err(Failure::Anki),
            Format::AnkiTxt => {
                let error = IoErrorCell::default();
                let out = KeepError {
                    inner: destination.open()?,
                    error: error.clone(),
                };
                match qbank_anki::AnkiTxtWriter::new(out, &anki_options(args, time), several) {
                    Ok(writer) => Ok(Writer::AnkiTxt(writer, error)),
                    Err(err) => Err(match error.borrow_mut().take() {
                        Some(io) => Failure::Io(io),
                        None => Failure::Anki(err),
                    }),
                }
            }
            Format::Xlsx => {
                let mut options = qbank_xlsx::XlsxOptions::default();
                options.text = args.text.into();
                options.truncate = args.truncate;
                options.created = Some(time);
                qbank_xlsx::XlsxWriter::new(&options)
                    .map(Writer::Xlsx)
                    .map_err(Failure::Xlsx)
            }
        };
        let mut sink = Sink {
            destination: destination.clone(),
            writer: None,
            failed: None,
        };
        match started {
            Ok(writer) => sink.writer = Some(writer),
            Err(failure) => sink.failed = Some(sink.reason(failure, None)),
        }
        Ok(sink)
    }

    fn begin(&mut self, text: &str, doc: &Document, tags: &[String]) {
        let result = match &mut self.writer {
            Some(Writer::Json(w)) => w.begin_document(doc).map_err(Failure::Json),
            Some(Writer::Csv(w)) => {
                w.begin_document();
                Ok(())
            }
            Some(Writer::Anki(w)) => {
                w.begin_document(text, doc, tags);
                Ok(())
            }
            Some(Writer::AnkiTxt(w, _)) => {
                w.begin_document(text, doc, tags);
                Ok(())
            }
            Some(Writer::Xlsx(w)) => {
                w.begin_document();
                Ok(())
            }
            None => Ok(()),
        };
        self.check(result);
    }

    fn entries(&mut self, text: &str, doc: &Document, entries: &[Entry]) {
        if entries.is_empty() {
            return;
        }
        let result = match &mut self.writer {
            Some(Writer::Json(w)) => w.entries(text, doc, entries).map_err(Failure::Json),
            Some(Writer::Csv(w)) => w.entries(text, doc, entries).map_err(Failure::Csv),
            Some(Writer::Anki(w)) => w.entries(text, doc, entries).map_err(Failure::Anki),
            Some(Writer::AnkiTxt(w, _)) => w.entries(text, doc, entries).map_err(Failure::Anki),
            Some(Writer::Xlsx(w)) => w.entries(text, doc, entries).map_err(Failure::Xlsx),
            None => Ok(()),
        };
        self.check(result);
    }

    fn end(&mut self, doc: &Document) {
        let result = match &mut self.writer {
            Some(Writer::Json(w)) => w.end_document().map_err(Failure::Json),
            Some(Writer::Xlsx(w)) => w.end_document(doc).map_err(Failure::Xlsx),
            _ => Ok(()),
        };
        self.check(result);
    }

    /// After a failed write: the writer is dropped (a temporary file with
    /// it) and the reason kept.
    fn check(&mut self, result: Result<(), Failure>) {
        if let Err(failure) = result {
            let writer = self.writer.take();
            self.failed = Some(self.reason(failure, writer));
        }
    }

    fn reason(&self, failure: Failure, writer: Option<Writer>) -> Option<CliError> {
        match failure {
            Failure::Json(err) => io_failure(&self.destination, json_to_io(err)),
            Failure::Csv(err) => io_failure(&self.destination, err.into()),
            Failure::Anki(err) => {
                // The text writer's own I/O error, when it failed, is the
                // error: a closed pipe stays one (not an error), a full disk
                // names the output.
                if let Some(Writer::AnkiTxt(_, error)) = writer {
                    if let Some(io) = error.borrow_mut().take() {
                        return io_failure(&self.destination, io);
                    }
                }
                Some(anki_error(&self.destination, err))
            }
            Failure::Xlsx(err) => Some(xlsx_error(&self.destination, &err)),
            Failure::Io(err) => io_failure(&self.destination, err),
        }
    }

    /// Complete the output: `Err(None)` when standard output was closed by
    /// its reader.
    fn finish(mut self) -> Result<(), Option<CliError>> {
        if let Some(failed) = self.failed.take() {
            return Err(failed);
        }
        match self.writer.take() {
            Some(Writer::Json(w)) => match w.finish() {
                Ok(out) => out.commit().map_err(Some),
                Err(err) => Err(io_failure(&self.destination, json_to_io(err))),
            },
            Some(Writer::Csv(w)) => match w.finish() {
                Ok(out) => out.commit().map_err(Some),
                Err(err) => Err(io_failure(&self.destination, err.into())),
            },
            Some(Writer::Anki(w)) => self.finish_anki(w),
            Some(Writer::AnkiTxt(w, error)) => match w.finish() {
                Ok((_, out)) => out.inner.commit().map_err(Some),
                Err(err) => match error.borrow_mut().take() {
                    Some(io) => Err(io_failure(&self.destination, io)),
                    None => Err(Some(anki_error(&self.destination, err))),
                },
            },
            Some(Writer::Xlsx(w)) => self.finish_xlsx(w),
            None => Ok(()),
        }
    }

    fn finish_xlsx(&self, writer: qbank_xlsx::XlsxWriter) -> Result<(), Option<CliError>> {
        // Built in a temporary file, then copied to the destination
        // (atomically, as any output): a closed pipe or a full disk is then
        // the output's error, not one inside rust_xlsxwriter.
        let mut workbook = tempfile::tempfile().map_err(temp_error)?;
        let warnings = writer
            .finish(&mut workbook)
            .map_err(|err| Some(xlsx_error(&self.destination, &err)))?;
        for warning in &warnings {
            warn(warning);
        }
        copy_out(&self.destination, workbook)
    }

    fn finish_anki(&self, writer: qbank_anki::ApkgWriter) -> Result<(), Option<CliError>> {
        // The zip container needs to seek: build it in a temporary file,
        // then copy it to the destination (atomically, as any output).
        let mut package = tempfile::tempfile().map_err(temp_error)?;
        writer
            .finish(&mut package)
            .map_err(|err| Some(anki_error(&self.destination, err)))?;
        copy_out(&self.destination, package)
    }
}

fn temp_error(source: std::io::Error) -> Option<CliError> {
    Some(CliError::Write {
        path: "temporary file".to_owned(),
        source,
    })
}

/// Copy a finished temporary file to the destination.
fn copy_out(destination: &Destination, mut file: std::fs::File) -> Result<(), Option<CliError>> {
    file.seek(std::io::SeekFrom::Start(0)).map_err(temp_error)?;
    let mut out = destination.open().map_err(Some)?;
    match std::io::copy(&mut file, &mut out) {
        Ok(_) => out.commit().map_err(Some),
        Err(err) => Err(out.fail(err)),
    }
}

/// Why a writer failed.
enum Failure {
    Json(qbank_json::Error),
    Csv(qbank_csv::Error),
    Anki(qbank_anki::Error),
    Xlsx(qbank_xlsx::Error),
    Io(std::io::Error),
}

/// The error for a failed write to `destination`, or `None` when standard
/// output was closed by its reader (not an error: `qbank export … | head`).
fn io_failure(destination: &Destination, err: std::io::Error) -> Option<CliError> {
    match destination {
        Destination::Stdout if err.kind() == std::io::ErrorKind::BrokenPipe => None,
        Destination::Stdout => Some(CliError::Stdout { source: err }),
        Destination::File(_) => Some(CliError::Write {
            path: destination.name(),
            source: err,
        }),
    }
}

/// Where each format goes. One format: `-o FILE` (or `-`), or a file named
/// after the input in `-o FOLDER` when that is an existing folder. Several
/// formats: one file each in the folder `-o` names, created if missing.
/// `arguments`: how many paths the command named. The outputs are named
/// after the input's stem only when one path was named and it gave one
/// file, so that a missing second path does not change the names.
fn targets(
    formats: &[Format],
    output: &Path,
    inputs: &[Input],
    arguments: usize,
) -> Result<Vec<(Format, Destination)>, CliError> {
    let stdout = output.as_os_str() == "-";
    if formats.len() == 1 && (stdout || !output.is_dir()) {
        return Ok(vec![(formats[0], Destination::new(output))]);
    }
    if stdout {
        return Err(CliError::Usage {
            message: "several formats need a folder to write into: add `-o FOLDER`".to_owned(),
        });
    }
    if output.exists() && !output.is_dir() {
        return Err(CliError::Usage {
            message: format!(
                "{} is a file, but several formats need a folder to write into",
                display(output)
            ),
        });
    }
    std::fs::create_dir_all(output).map_err(|source| CliError::Write {
        path: display(output),
        source,
    })?;
    let stem = match inputs {
        [Input::File(path)] if arguments <= 1 => path
            .file_stem()
            .map_or_else(|| "qbank".to_owned(), |s| s.to_string_lossy().into_owned()),
        _ => "qbank".to_owned(),
    };
    Ok(formats
        .iter()
        .map(|f| {
            (
                *f,
                Destination::File(output.join(format!("{stem}.{}", f.extension()))),
            )
        })
        .collect())
}

fn anki_options(args: &ExportArgs, time: i64) -> qbank_anki::AnkiOptions {
    let mut options = qbank_anki::AnkiOptions::default();
    options.deck = args.deck.clone();
    options.tags = args.tags.clone();
    options.allow_outside_media = args.allow_outside_media;
    // Anki applies an edited note on re-import only when its time is later
    // than the one it has: the export time is.
    options.mod_time = time;
    options
}

/// The latest `SOURCE_DATE_EPOCH` accepted: 9999-12-31 23:59:59 UTC, the
/// end of the years an XLSX date can hold.
const MAX_EPOCH: i64 = 253_402_300_799;

/// The export time, in seconds since the Unix epoch: `SOURCE_DATE_EPOCH`
/// when set (reproducible builds, <https://reproducible-builds.org/specs/source-date-epoch/>),
/// else now. The only place the CLI reads the clock or the variable: the
/// Anki notes' modification time and the XLSX creation time both come from
/// here, so that with the variable set every export is byte-for-byte
/// reproducible. An empty value counts as unset; anything but a decimal
/// integer from 0 to [`MAX_EPOCH`] is a usage error (the specification asks
/// builds to fail on a malformed value rather than fall back to the clock).
fn export_time() -> Result<i64, CliError> {
    match std::env::var_os("SOURCE_DATE_EPOCH") {
        Some(value) if !value.is_empty() => parse_epoch(&value.to_string_lossy()),
        _ => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs().min(MAX_EPOCH as u64) as i64)),
    }
}

fn parse_epoch(value: &str) -> Result<i64, CliError> {
    let digits = value.trim();
    match digits.parse::<i64>() {
        Ok(seconds)
            if digits.bytes().all(|b| b.is_ascii_digit()) && (0..=MAX_EPOCH).contains(&seconds) =>
        {
            Ok(seconds)
        }
        _ => Err(CliError::Usage {
            message: format!(
                "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 00:00:00 UTC, \
                 from 0 to {MAX_EPOCH} (as `date +%s` prints), not `{value}`"
            ),
        }),
    }
}

/// A writer that keeps the first error of the writer it wraps (the Anki
/// text writer reports it as a CSV error, which loses its kind).
struct KeepError<W> {
    inner: W,
    error: IoErrorCell,
}

impl<W> KeepError<W> {
    fn keep(&mut self, err: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(err.kind(), err.to_string());
        // `write_all` retries an interrupted write: that one is no failure.
        if err.kind() != std::io::ErrorKind::Interrupted {
            self.error.borrow_mut().get_or_insert(err);
        }
        copy
    }
}

impl<W: std::io::Write> std::io::Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|err| self.keep(err))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|err| self.keep(err))
    }
}

fn xlsx_error(destination: &Destination, err: &qbank_xlsx::Error) -> CliError {
    CliError::Export {
        path: destination.name(),
        format: "XLSX",
        message: err.to_string(),
    }
}

fn anki_error(destination: &Destination, err: qbank_anki::Error) -> CliError {
    CliError::Export {
        path: destination.name(),
        format: "Anki",
        message: err.to_string(),
    }
}

fn json_to_io(err: qbank_json::Error) -> std::io::Error {
    // serde_json keeps the kind of the I/O error it wraps (a closed pipe
    // stays `BrokenPipe`).
    match err {
        qbank_json::Error::Io(io) => io,
        qbank_json::Error::Json(json) => json.into(),
        other => std::io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_values() {
        assert_eq!(parse_epoch("1700000000").ok(), Some(1_700_000_000));
        assert_eq!(parse_epoch(" 0\n").ok(), Some(0));
        assert_eq!(parse_epoch("253402300799").ok(), Some(MAX_EPOCH));
        for bad in [
            "abc",
            "-1",
            "+5",
            "1.5",
            "1e9",
            "253402300800",
            "99999999999999999999",
            " ",
        ] {
            let err = parse_epoch(bad).err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.contains("SOURCE_DATE_EPOCH") && e.contains(bad)),
                "{bad:?}: {err:?}"
            );
        }
    }
}
