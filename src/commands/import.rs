//! `qbank import`: banks back from their exports.

use crate::ExitStatus;
use crate::cli::ImportArgs;
use crate::errors::{CliError, report, warn};
use crate::output::Destination;
use qbank_import::DocOptions;
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
    let rows = qbank_import::read_paths(&args.files)?;
    for warning in &rows.warnings {
        warn(warning);
    }
    let paths = rows.paths();
    let places = places(&args.output, &paths)?;
    // Owned: the rows are given up to be put together (see below).
    let paths: Vec<String> = paths.into_iter().map(str::to_owned).collect();
    let rebuilt = rows.without_source();
    if !rebuilt.is_empty() {
        warn(&format!(
            "{} without a `source` column: rebuilt from the other columns in qbank's shape \
             (numbered headings under the `category` groups, bold labels, options under an \
             answer key), not as written: {}",
            match rebuilt.len() {
                1 => "1 document".to_owned(),
                n => format!("{n} documents"),
            },
            rebuilt.join(", ")
        ));
    }
    // Each bank is read and written back as every other command reads it:
    // with the qbank.toml nearest to where it is written, or --config.
    let options = options(args.config.as_deref(), &places)?;
    // The rows hold every cell of every entry: each bank's are freed once
    // its text is put together, before it is formatted.
    let docs = rows.into_documents(|path| {
        paths
            .iter()
            .position(|p| p == path)
            .map(|i| options[i].clone())
            .unwrap_or_default()
    })?;
    let targets: Vec<Destination> = places.iter().map(|p| Destination::new(p)).collect();
    if let [only] = targets.as_slice() {
        only.check_folder()?;
    }
    // Every target is known and safe before the first is written.
    // Missing folders are created as each file is put in place.
    for (target, doc) in targets.iter().zip(&docs) {
        target.write(|w| w.write_all(doc.text.as_bytes()))?;
    }
    if !args.quiet {
        let entries: usize = docs
            .iter()
            .zip(&options)
            .map(|(d, o)| count_entries(&d.path, &d.text, &o.parse))
            .sum();
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

/// How many entries a bank has, counted as they are read (its model is
/// never held whole).
fn count_entries(path: &str, text: &str, options: &qbank_core::ParseOptions) -> usize {
    let mut count = 0;
    qbank_core::parse_each(path, text, options, |_, _| count += 1);
    count
}

/// The options of the bank written at each place: its nearest qbank.toml's
/// (the current folder's for standard output), or `--config`'s.
fn options(config: Option<&Path>, places: &[PathBuf]) -> Result<Vec<DocOptions>, CliError> {
    let mut resolver = qbank_workspace::Resolver::new(config)?;
    places
        .iter()
        .map(|place| {
            let file = (place != Path::new("-")).then_some(place.as_path());
            let settings = match resolver.config_for(file)? {
                Some(config) => config.settings_for(file),
                None => qbank_workspace::FileSettings::default(),
            };
            Ok(DocOptions::new(settings.parse, settings.fmt))
        })
        .collect()
}

/// Where each document goes: `-o FILE.md` (one document), `-o -`, or a
/// folder (each document at its own path inside it).
fn places(output: &Path, paths: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    if paths.is_empty() {
        return Err(CliError::Usage {
            message: "the exports hold no entry: nothing to import".to_owned(),
        });
    }
    let is_file = output == Path::new("-")
        || output
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
    if is_file {
        if paths.len() > 1 {
            return Err(CliError::Usage {
                message: format!(
                    "the exports hold {} documents: give a folder with -o to write each to its path",
                    paths.len()
                ),
            });
        }
        return Ok(vec![output.to_path_buf()]);
    }
    paths.iter().map(|path| inside(output, path)).collect()
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
