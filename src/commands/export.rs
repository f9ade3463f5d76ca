//! `qbank export`: question banks to JSON, JSON Lines, CSV and XLSX.

use crate::ExitStatus;
use crate::cli::{ExportArgs, Format};
use crate::errors::{CliError, display, report, warn};
use crate::inputs::{self, Input};
use crate::output::Destination;
use qbank_core::{ParseOptions, ParsedFile};
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
    let mut parsed: Vec<ParsedFile> = Vec::with_capacity(inputs.len());
    for result in inputs::load(&inputs, |_| &options) {
        match result {
            Ok(file) => parsed.push(file),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    }
    let refs: Vec<&ParsedFile> = parsed.iter().collect();
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
        for file in &parsed {
            let path = (file.document.path != "-").then(|| Path::new(&file.document.path));
            match resolver.config_for(path) {
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
    let mut written = Vec::new();
    for (format, destination) in &targets {
        match write(*format, destination, &refs, args, &file_tags, time) {
            Ok(()) => written.push(destination),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
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
            let entries: usize = parsed.iter().map(|f| f.document.entries.len()).sum();
            eprintln!(
                "exported {entries} entries from {} file{} to {}",
                parsed.len(),
                if parsed.len() == 1 { "" } else { "s" },
                names.join(", ")
            );
        }
    }
    status
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

fn write(
    format: Format,
    destination: &Destination,
    files: &[&ParsedFile],
    args: &ExportArgs,
    file_tags: &[Vec<String>],
    time: i64,
) -> Result<(), CliError> {
    let generator = concat!("qbank ", env!("CARGO_PKG_VERSION"));
    match format {
        Format::Json => destination.write(|out| {
            qbank_json::write_json(out, files, generator, !args.compact).map_err(json_to_io)
        }),
        Format::Jsonl => {
            destination.write(|out| qbank_json::write_jsonl(out, files).map_err(json_to_io))
        }
        Format::Csv => {
            let mut options = qbank_csv::CsvOptions::default();
            options.text = args.text.into();
            options.bom = args.bom;
            options.delimiter = args.delimiter;
            options.formula_escape = !args.no_formula_escape;
            destination.write(|out| qbank_csv::write_csv(out, files, &options))
        }
        Format::Xlsx => {
            let mut options = qbank_xlsx::XlsxOptions::default();
            options.text = args.text.into();
            options.truncate = args.truncate;
            options.created = Some(time);
            let workbook =
                qbank_xlsx::write_xlsx(files, &options).map_err(|err| CliError::Export {
                    path: destination.name(),
                    format: "XLSX",
                    message: err.to_string(),
                })?;
            for warning in &workbook.warnings {
                warn(warning);
            }
            destination.write(|out| out.write_all(&workbook.bytes))
        }
        Format::Anki => {
            // The zip container needs to seek: build it in a temporary file,
            // then copy it to the destination (atomically, as any output).
            let mut package = tempfile::tempfile().map_err(|source| CliError::Write {
                path: "temporary file".to_owned(),
                source,
            })?;
            qbank_anki::write_apkg(&mut package, files, &anki_options(args, file_tags, time))
                .map_err(|err| anki_error(destination, err))?;
            package
                .seek(std::io::SeekFrom::Start(0))
                .map_err(|source| CliError::Write {
                    path: "temporary file".to_owned(),
                    source,
                })?;
            destination.write(|out| std::io::copy(&mut package, out).map(|_| ()))
        }
        Format::AnkiTxt => {
            let mut failure = None;
            let written = destination.write(|out| {
                // The writer's own error, when it failed, is the error: a
                // closed pipe stays one (not an error), a full disk names
                // the output.
                let mut out = KeepError {
                    inner: out,
                    error: None,
                };
                qbank_anki::write_anki_txt(&mut out, files, &anki_options(args, file_tags, time))
                    .map(|_| ())
                    .map_err(|err| {
                        out.error.take().unwrap_or_else(|| {
                            let message = err.to_string();
                            failure = Some(err);
                            std::io::Error::other(message)
                        })
                    })
            });
            match failure {
                Some(err) => Err(anki_error(destination, err)),
                None => written,
            }
        }
    }
}

fn anki_options(
    args: &ExportArgs,
    file_tags: &[Vec<String>],
    time: i64,
) -> qbank_anki::AnkiOptions {
    let mut options = qbank_anki::AnkiOptions::default();
    options.deck = args.deck.clone();
    options.tags = args.tags.clone();
    options.file_tags = file_tags.to_vec();
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
    error: Option<std::io::Error>,
}

impl<W> KeepError<W> {
    fn keep(&mut self, err: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(err.kind(), err.to_string());
        // `write_all` retries an interrupted write: that one is no failure.
        if err.kind() != std::io::ErrorKind::Interrupted {
            self.error.get_or_insert(err);
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
