//! `qbank export`: question banks to JSON, JSON Lines, CSV, XLSX and Anki.
//!
//! Arguments in, [`qbank_workspace`] reads the inputs with their settings,
//! [`qbank_export::Driver`] feeds every format's writer, and the outputs are
//! put in place only when every input could be read (or `--keep-going`).

use crate::ExitStatus;
use crate::cli::{ExportArgs, Format};
use crate::errors::{CliError, display, report, warn};
use crate::formats::Writers;
use crate::output::{Destination, Output};
use crate::progress::Progress;
use qbank_export::{Driver, Finished};
use qbank_workspace::{Input, Large, Loaded, Workspace};
use std::path::Path;

pub(crate) fn run(args: &ExportArgs) -> ExitStatus {
    match export(args) {
        Ok(status) => status,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

fn export(args: &ExportArgs) -> Result<ExitStatus, CliError> {
    let time = export_time()?;
    let (workspace, errors) =
        Workspace::discover(&args.paths, &args.walk.options(), args.config.as_deref())?;
    let mut failed_inputs = errors.len();
    for err in errors {
        report(err);
    }
    let formats = distinct(&args.to);
    let targets = targets(&formats, &args.output, &workspace.inputs, args.paths.len())?;
    for (_, destination) in &targets {
        destination.check_folder()?;
        destination.check_not_input(&workspace.files())?;
    }
    if workspace.inputs.is_empty() && failed_inputs == 0 {
        warn("no Markdown files (*.md, *.markdown) found");
    }
    let several = args.paths.len() > 1 || workspace.inputs.len() > 1;
    let writers = Writers::new(args, several, time);
    let mut status = ExitStatus::Success;
    // What goes to standard output, a FIFO or a device cannot be taken
    // back: such an output receives every input that could be read, as
    // with --keep-going, and stays a complete document.
    let keep_going = args.keep_going || targets.iter().any(|(_, d)| d.in_place());
    // Known to fail before anything is read: no output is even opened.
    let writing = failed_inputs == 0 || keep_going;
    let mut outputs = Vec::new();
    if writing {
        for (format, destination) in &targets {
            match destination.open() {
                Ok(out) => outputs.push((destination.clone(), writers.create(*format, out))),
                Err(err) => {
                    report(err);
                    status = ExitStatus::Error;
                }
            }
        }
    }
    let (destinations, writers): (Vec<Destination>, Vec<_>) = outputs.into_iter().unzip();
    let mut driver = Driver::new(writers);
    let progress = std::rc::Rc::new(std::cell::RefCell::new(Progress::new(
        input_sizes(&workspace),
        args.quiet,
    )));
    let shared = std::rc::Rc::clone(&progress);
    driver.on_progress(move |p| shared.borrow_mut().update(p));
    let mut run = Run {
        driver: Some(driver),
        keep_going,
        failed: 0,
    };
    workspace.for_each_loaded(|i, loaded| run.feed(&workspace, i, loaded));
    progress.borrow().finish();
    failed_inputs += run.failed;
    let Some(driver) = run.driver.filter(|_| failed_inputs == 0 || keep_going) else {
        eprintln!(
            "error: nothing written: {failed_inputs} input{} could not be read \
             (--keep-going writes the others)",
            if failed_inputs == 1 { "" } else { "s" }
        );
        return Ok(ExitStatus::Error);
    };
    if failed_inputs > 0 {
        status = ExitStatus::Error;
    }
    let (files, entries) = driver.counts();
    let written = finish(driver, &destinations, &mut status);
    if !args.quiet && !written.is_empty() {
        eprintln!(
            "exported {} from {} to {}",
            plural(entries, "entry", "entries"),
            plural(files, "file", "files"),
            written.join(", ")
        );
    }
    Ok(status)
}

/// Each input's length in bytes, for the progress bar (0 for standard
/// input, or a file that cannot be read: its error comes later).
fn input_sizes(workspace: &Workspace) -> Vec<u64> {
    workspace
        .inputs
        .iter()
        .map(|input| {
            input
                .path()
                .and_then(|p| std::fs::metadata(p).ok())
                .map_or(0, |m| m.len())
        })
        .collect()
}

/// The inputs as they are read, fed to the writers.
struct Run {
    /// `None` once an input failed without `--keep-going`: the writers
    /// were dropped (their temporary files with them), and the inputs left
    /// are only read, for their errors.
    driver: Option<Driver<Output>>,
    keep_going: bool,
    failed: usize,
}

impl Run {
    fn feed(&mut self, workspace: &Workspace, i: usize, loaded: qbank_workspace::Result<Loaded>) {
        let tags = &workspace.settings[i].anki_tags;
        match (loaded, &mut self.driver) {
            (Ok(Loaded::Whole(file)), Some(driver)) => {
                driver.write_parsed(&file, tags);
                if file.document.entries.is_empty() {
                    warn_no_entries(&file.source, workspace, i);
                }
            }
            (Ok(Loaded::Large(large)), Some(driver)) => {
                let before = driver.counts().1;
                write_large(driver, &large, tags);
                if driver.counts().1 == before {
                    warn_no_entries(&large.source, workspace, i);
                }
            }
            (Ok(_), None) => {}
            (Err(err), _) => {
                report(err);
                self.failed += 1;
                if !self.keep_going {
                    self.driver = None;
                }
            }
        }
    }
}

/// A large input, to every writer as the workspace parses it: its entries
/// a batch at a time, so that its whole model never exists.
fn write_large(driver: &mut Driver<Output>, large: &Large, tags: &[String]) {
    large.parse(|piece| driver.write_piece(&large.source, tags, piece));
}

/// An input that gave no entry says so, with what it nearly gave.
fn warn_no_entries(source: &qbank_core::Source, workspace: &Workspace, i: usize) {
    let near = workspace.near_misses(i, &source.text);
    let message = match near.first() {
        Some(n) => format!(
            "{}: no entry found; {} (put `{}` in qbank.toml to read them; `qbank inspect` shows what is read)",
            source.path,
            n.looks_like(),
            n.setting_line()
        ),
        None => format!(
            "{}: no entry found (docs/format.md lists the shapes qbank reads)",
            source.path
        ),
    };
    warn(&message);
}

/// Finish every writer and put its output in place; the names of the
/// files written.
fn finish(
    driver: Driver<Output>,
    destinations: &[Destination],
    status: &mut ExitStatus,
) -> Vec<String> {
    let mut written = Vec::new();
    for (result, destination) in driver.finish().into_iter().zip(destinations) {
        let committed = result
            .map_err(|err| export_error(destination, err))
            .and_then(|Finished { output, warnings }| {
                for warning in &warnings {
                    warn(warning);
                }
                output.commit().map_err(Some)
            });
        match committed {
            Ok(()) => {
                if let Destination::File(path) = destination {
                    written.push(display(path));
                }
            }
            Err(Some(err)) => {
                report(err);
                *status = ExitStatus::Error;
            }
            // Standard output closed by its reader: not an error.
            Err(None) => {}
        }
    }
    written
}

/// The error for a failed output, or `None` when standard output was
/// closed by its reader (not an error: `qbank export … | head`).
fn export_error(destination: &Destination, err: qbank_export::Error) -> Option<CliError> {
    match err {
        qbank_export::Error::Io(io) => match destination {
            Destination::Stdout if io.kind() == std::io::ErrorKind::BrokenPipe => None,
            Destination::Stdout => Some(CliError::Stdout { source: io }),
            Destination::File(_) => Some(CliError::Write {
                path: destination.name(),
                source: io,
            }),
        },
        qbank_export::Error::Format { format, source } => Some(CliError::Export {
            path: destination.name(),
            format,
            source,
        }),
        other => Some(CliError::Export {
            path: destination.name(),
            format: "the output",
            source: Box::new(other),
        }),
    }
}

/// `1 entry`, `2 entries`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The formats asked for, each once, in order.
fn distinct(formats: &[Format]) -> Vec<Format> {
    let mut out: Vec<Format> = Vec::new();
    for f in formats {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    out
}

/// Where each format goes. One format: `-o FILE` (or `-`), or a file named
/// after the input in `-o FOLDER` when that is an existing folder or ends
/// with `/`. Several formats: one file each in the folder `-o` names.
/// Missing folders are created when the outputs are put in place, for one
/// format as for several (see [`crate::output`]).
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
    if formats.len() == 1 && stdout && formats[0].is_binary() && stdout_is_terminal() {
        return Err(CliError::Usage {
            message: format!(
                "refusing to write {} (a binary file) to the terminal: add `-o FILE` or redirect the output",
                formats[0].spec().name
            ),
        });
    }
    if formats.len() == 1 && (stdout || !(output.is_dir() || names_a_folder(output))) {
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
                Destination::File(output.join(format!("{stem}.{}", f.spec().extension))),
            )
        })
        .collect())
}

/// Whether a path ends with a separator (`out/`): a folder, existing or not.
fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || (cfg!(windows) && text.ends_with('\\'))
}

/// Whether standard output is a terminal (`QBANK_ASSUME_TTY=1` says so in
/// tests, which have none).
fn stdout_is_terminal() -> bool {
    std::env::var_os("QBANK_ASSUME_TTY").is_some_and(|v| v == "1")
        || std::io::IsTerminal::is_terminal(&std::io::stdout())
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
