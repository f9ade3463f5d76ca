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
    let targets = match targets(&formats, &args.output, &inputs) {
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
        if let Err(err) = destination.check_not_input(&files) {
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
        match write(*format, destination, &refs, args, &file_tags) {
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
fn targets(
    formats: &[Format],
    output: &Path,
    inputs: &[Input],
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
        [Input::File(path)] => path
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
            let workbook =
                qbank_xlsx::write_xlsx(files, &options).map_err(|err| CliError::Export {
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
            qbank_anki::write_apkg(&mut package, files, &anki_options(args, file_tags))
                .map_err(anki_error)?;
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
                qbank_anki::write_anki_txt(out, files, &anki_options(args, file_tags))
                    .map(|_| ())
                    .map_err(|err| {
                        let message = err.to_string();
                        failure = Some(err);
                        std::io::Error::other(message)
                    })
            });
            match failure {
                Some(err) => Err(anki_error(err)),
                None => written,
            }
        }
    }
}

fn anki_options(args: &ExportArgs, file_tags: &[Vec<String>]) -> qbank_anki::AnkiOptions {
    let mut options = qbank_anki::AnkiOptions::default();
    options.deck = args.deck.clone();
    options.tags = args.tags.clone();
    options.file_tags = file_tags.to_vec();
    options.allow_outside_media = args.allow_outside_media;
    // SOURCE_DATE_EPOCH (reproducible builds) or now. Anki applies an
    // edited note on re-import only when its time is later than the one it
    // has: the export time is.
    options.mod_time = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    options
}

fn anki_error(err: qbank_anki::Error) -> CliError {
    CliError::Export {
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
