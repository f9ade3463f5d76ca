//! Finding the input files and reading them, in parallel.

use crate::error::{Error, display};
use crate::stream::Large;
use qbank_core::{ParseOptions, ParsedFile, Source};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How folders are searched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WalkOptions {
    /// Search files that `.gitignore` and `.ignore` exclude.
    pub no_ignore: bool,
    /// Search hidden files and folders.
    pub hidden: bool,
    /// Follow symbolic links (skipped by default, as ripgrep does).
    pub follow: bool,
}

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The file's path, or `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(path) => Some(path),
        }
    }

    /// The path shown to users and written into exports.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(path) => display(path),
        }
    }
}

/// The inputs named by `paths`: files as given, folders searched for
/// `*.md` and `*.markdown`, sorted by path and without duplicates. Paths that
/// cannot be searched come back as errors.
pub fn collect(paths: &[PathBuf], walk: &WalkOptions) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            search(path, walk, &mut inputs, &mut errors);
        } else {
            // Only a path that is not there is "missing": a symbolic link
            // loop or a folder that cannot be searched says why.
            match std::fs::metadata(path) {
                Ok(_) => inputs.push(Input::File(path.clone())),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    errors.push(Error::Missing {
                        path: display(path),
                    });
                }
                Err(source) => errors.push(Error::Read {
                    path: display(path),
                    source,
                }),
            }
        }
    }
    inputs.sort_by_cached_key(Input::display);
    // The same file named twice (`x.md ./x.md`, or a folder and a file in
    // it) is read once, under the first of its names.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| match input {
        Input::Stdin => seen.insert(None),
        Input::File(path) => {
            seen.insert(Some(path.canonicalize().unwrap_or_else(|_| path.clone())))
        }
    });
    (inputs, errors)
}

fn search(root: &Path, walk: &WalkOptions, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(!walk.no_ignore)
        .hidden(!walk.hidden)
        .follow_links(walk.follow)
        // Respect .gitignore outside git repositories too: a bank copied
        // out of its repository keeps its ignore rules.
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && is_markdown(entry.path()) {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(err) => errors.push(Error::Walk {
                path: err_path(&err).unwrap_or_else(|| display(root)),
                message: strip_path(&err.to_string()),
            }),
        }
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(display(child)),
        _ => None,
    }
}

/// ignore's messages start with the path, which the error prints already.
fn strip_path(message: &str) -> String {
    message
        .split_once(": ")
        .map_or(message, |(_, rest)| rest)
        .to_owned()
}

/// Whether a file found in a folder is a bank: `*.md` or `*.markdown`.
#[must_use]
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Read and parse every input in parallel, input `i` with `options(i)`;
/// results come back in input order.
pub(crate) fn load<'a>(
    inputs: &[Input],
    options: impl Fn(usize) -> &'a ParseOptions + Sync,
) -> Vec<Result<ParsedFile, Error>> {
    inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let bytes = read(input)?;
            Ok(qbank_core::parse_bytes(input.display(), bytes, options(i))?)
        })
        .collect()
}

/// Read and decode `inputs` in parallel, in order, without parsing them.
pub(crate) fn load_sources(inputs: &[Input]) -> Vec<Result<Source, Error>> {
    inputs
        .par_iter()
        .map(|input| Ok(qbank_core::decode(input.display(), read(input)?)?))
        .collect()
}

fn read(input: &Input) -> Result<Vec<u8>, Error> {
    let fail = |source| Error::Read {
        path: input.display(),
        source,
    };
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(fail)?;
            Ok(bytes)
        }
        Input::File(path) => std::fs::read(path).map_err(fail),
    }
}

/// An input read and decoded, and parsed when small.
#[derive(Debug)]
pub enum Loaded {
    /// A small file, parsed whole.
    Whole(ParsedFile),
    /// A large file (or standard input), decoded: [`Large::parse`] parses
    /// it piece by piece with its settings, so that its whole model never
    /// exists.
    Large(Large),
}

/// Files at least this large are parsed piece by piece (`parse_each` scans
/// them in parallel pieces itself).
const LARGE: u64 = 1 << 20;

/// Read as much input at a time (at least one file): a group's small files
/// are read and parsed in parallel, so many small files keep the threads
/// busy while memory holds one group.
const GROUP_BYTES: u64 = 16 << 20;

/// Hand every input, in order, to `f` (with its index in `inputs`): read,
/// decoded, and parsed when small. Several small files are read and parsed
/// in parallel at a time; a large one is read alone.
pub(crate) fn for_each_loaded<'a>(
    inputs: &[Input],
    options: impl Fn(usize) -> &'a ParseOptions + Sync,
    mut f: impl FnMut(usize, Result<Loaded, Error>),
) {
    let size = |input: &Input| match input {
        // Unknown: could be anything.
        Input::Stdin => u64::MAX,
        Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
    };
    let mut start = 0;
    while start < inputs.len() {
        let mut end = start;
        let mut bytes = 0u64;
        while end < inputs.len() {
            let len = size(&inputs[end]);
            if end > start && (len >= LARGE || bytes.saturating_add(len) > GROUP_BYTES) {
                break;
            }
            bytes = bytes.saturating_add(len);
            end += 1;
            if len >= LARGE {
                break;
            }
        }
        let group: Vec<Result<Loaded, Error>> = inputs[start..end]
            .par_iter()
            .enumerate()
            .map(|(i, input)| {
                let bytes = read(input)?;
                let source = qbank_core::decode(input.display(), bytes)?;
                if source.text.len() as u64 >= LARGE || matches!(input, Input::Stdin) {
                    Ok(Loaded::Large(Large::new(
                        source,
                        options(start + i).clone(),
                    )))
                } else {
                    let document =
                        qbank_core::parse(&source.path, &source.text, options(start + i));
                    Ok(Loaded::Whole(ParsedFile { source, document }))
                }
            })
            .collect();
        for (i, loaded) in group.into_iter().enumerate() {
            f(start + i, loaded);
        }
        start = end;
    }
}
