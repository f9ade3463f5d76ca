//! `qbank fmt`: rewrite banks in the canonical form of their own shape.

use crate::ExitStatus;
use crate::cli::FmtArgs;
use crate::errors::{CliError, report, warn};
use crate::output::Destination;
use qbank_core::Source;
use qbank_fmt::Formatted;
use qbank_workspace::{FileSettings, Input, Workspace};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

pub(crate) fn run(args: &FmtArgs) -> ExitStatus {
    match fmt(args) {
        Ok(status) => status,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

/// One input, formatted.
struct Done {
    input: Input,
    source: Source,
    formatted: Formatted,
}

fn fmt(args: &FmtArgs) -> Result<ExitStatus, CliError> {
    let mut status = ExitStatus::Success;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (workspace, errors) =
        Workspace::discover(&paths, &args.walk.options(), args.config.as_deref())?;
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    // Sources only: `qbank_fmt::format` reads each text entry by entry, so
    // that a large bank's model is never held whole (a 28.9 MB bank of
    // 120,000 entries: 456 MB at peak with the model loaded first).
    let loaded = workspace.load_sources();
    let jobs: Vec<(Input, Source, &FileSettings)> = workspace
        .inputs
        .iter()
        .zip(loaded)
        .zip(&workspace.settings)
        .filter_map(|((input, result), settings)| match result {
            Ok(source) => Some((input.clone(), source, settings)),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
                None
            }
        })
        .collect();
    let done: Vec<Done> = jobs
        .into_par_iter()
        .map(|(input, source, settings)| {
            let formatted = qbank_fmt::format(&source, &settings.parse, &settings.fmt);
            Done {
                input,
                source,
                formatted,
            }
        })
        .collect();
    let changed = done
        .iter()
        .filter(|d| d.formatted.changed(&d.source))
        .count();
    for d in &done {
        if let Some(why) = &d.formatted.withheld {
            warn(&format!("{}: left partly as written: {why}", d.source.path));
        }
    }
    if args.check || args.diff {
        report_changes(args, &done);
        if changed > 0 && status == ExitStatus::Success {
            status = ExitStatus::Failure;
        }
    }
    let total = done.len();
    if !(args.check || args.diff) {
        for d in done {
            let stdin = d.input == Input::Stdin;
            if stdin || d.formatted.changed(&d.source) {
                if let Err(err) = write_back(d) {
                    report(err);
                    status = ExitStatus::Error;
                }
            }
        }
    }
    if !args.quiet {
        eprintln!("{}", summary(args, changed, total - changed));
    }
    Ok(status)
}

/// `--check`: the files that would change; `--diff`: their diffs.
fn report_changes(args: &FmtArgs, done: &[Done]) {
    let mut out = std::io::stdout().lock();
    for d in done.iter().filter(|d| d.formatted.changed(&d.source)) {
        let path = &d.source.path;
        let text = if args.diff {
            similar::TextDiff::from_lines(d.source.text.as_str(), d.formatted.text.as_str())
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_string()
        } else {
            format!("Would reformat: {path}\n")
        };
        if out.write_all(text.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
}

/// The formatted text, in the file's own encoding and line endings: to the
/// file (atomically), or to standard output for standard input.
fn write_back(done: Done) -> Result<(), CliError> {
    // The formatted text moves into what is written and the source goes
    // before it is encoded: a large bank is not held four times over.
    let source = qbank_fmt::written(&done.source, done.formatted.text);
    drop(done.source);
    let bytes = qbank_core::encode(&source);
    drop(source);
    match &done.input {
        Input::Stdin => Destination::Stdout.write(|w| w.write_all(&bytes)),
        Input::File(path) => Destination::new(path).write(|w| w.write_all(&bytes)),
    }
}

/// `2 files reformatted, 1 file left unchanged`.
fn summary(args: &FmtArgs, changed: usize, unchanged: usize) -> String {
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    let verb = if args.check || args.diff {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let left = if args.check || args.diff {
        "already formatted"
    } else {
        "left unchanged"
    };
    match (changed, unchanged) {
        (0, u) => format!("{} {left}", files(u)),
        (c, 0) => format!("{} {verb}", files(c)),
        (c, u) => format!("{} {verb}, {} {left}", files(c), files(u)),
    }
}
