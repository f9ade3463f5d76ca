//! `qbank import`: banks back from their exports.

use crate::ExitStatus;
use crate::cli::ImportArgs;
use crate::errors::{CliError, report, warn};
use crate::output::Destination;
use std::path::{Component, Path, PathBuf};

pub(crate) fn run(args: &ImportArgs) -> ExitStatus {
    match import(args) {
        Ok(()) => ExitStatus::Success,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

fn import(args: &ImportArgs) -> Result<(), CliError> {
    let imported = qbank_import::from_paths(&args.files)?;
    for warning in &imported.warnings {
        warn(warning);
    }
    let docs = &imported.documents;
    let targets = targets(&args.output, docs)?;
    // Every target is known and safe before the first is written.
    // Missing folders are created as each file is put in place.
    for (target, doc) in targets.iter().zip(docs) {
        target.write(|w| w.write_all(doc.text.as_bytes()))?;
    }
    if !args.quiet {
        let entries: usize = docs.iter().map(|d| count_entries(&d.text, &d.path)).sum();
        let documents = match docs.len() {
            1 => "1 document".to_owned(),
            n => format!("{n} documents"),
        };
        let entries = match entries {
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        };
        eprintln!(
            "imported {documents} ({entries}) into {}",
            crate::errors::display(&args.output)
        );
    }
    Ok(())
}

fn count_entries(text: &str, path: &str) -> usize {
    qbank_core::parse(path, text, &qbank_core::ParseOptions::default())
        .entries
        .len()
}

/// Where each document goes: `-o FILE.md` (one document), `-o -`, or a
/// folder (each document at its own path inside it).
fn targets(output: &Path, docs: &[qbank_import::Document]) -> Result<Vec<Destination>, CliError> {
    if docs.is_empty() {
        return Err(CliError::Usage {
            message: "the exports hold no entry: nothing to import".to_owned(),
        });
    }
    let is_file = output == Path::new("-")
        || output
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
    if is_file {
        if docs.len() > 1 {
            return Err(CliError::Usage {
                message: format!(
                    "the exports hold {} documents: give a folder with -o to write each to its path",
                    docs.len()
                ),
            });
        }
        let destination = Destination::new(output);
        destination.check_folder()?;
        return Ok(vec![destination]);
    }
    docs.iter()
        .map(|doc| inside(output, &doc.path).map(|p| Destination::new(&p)))
        .collect()
}

/// `path` inside `folder`: relative, with no `..`, else a usage error.
fn inside(folder: &Path, path: &str) -> Result<PathBuf, CliError> {
    let relative = Path::new(path);
    let safe = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !safe {
        return Err(CliError::Usage {
            message: format!(
                "document `{path}`: its path must be relative and stay inside {}",
                crate::errors::display(folder)
            ),
        });
    }
    Ok(folder.join(relative))
}
