//! # qbank-import: banks back from their exports
//!
//! `qbank import` reads what `qbank export` wrote (JSON, JSON Lines, CSV,
//! XLSX) and writes the Markdown banks back, with the edits made in between:
//! a changed cell, a new row, a deleted row, rows in a new order, a new file
//! path. Each entry's `source` (see [`qbank_export::rows::Sources`]) gives
//! the document back as written; the other columns are compared with what
//! the source says, and where they differ the Markdown is edited in place
//! ([`assemble`]). The result is formatted with [`qbank_fmt`], so that an
//! unedited export comes back as `qbank fmt` of the bank, byte for byte.
//!
//! ```
//! let csv = "file,title,question,answer,analysis\nbank.md,Sum,1+1?,2,\n";
//! let docs = qbank_import::from_bytes("edit.csv", csv.as_bytes())?;
//! assert_eq!(docs.documents[0].path, "bank.md");
//! assert_eq!(docs.documents[0].text, "## 1. Sum\n\n**Question:** 1+1?\n\n**Answer:** 2\n");
//! # Ok::<(), qbank_import::Error>(())
//! ```

#![deny(missing_docs)]

pub mod assemble;
mod blanks;
mod graded;
mod read;
mod rendered;
mod row;

pub use read::Format;
pub use row::{BlankCell, ChoiceCell, Export, GradedCell, Row};

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not what qbank exports, or is damaged: names the file,
    /// the row, line or cell, and what is wrong.
    #[error("{path}: {place}{what}")]
    Malformed {
        /// The file.
        path: String,
        /// Where (`row 5: `, `cell Entries!D7: `), or empty.
        place: String,
        /// What is wrong.
        what: String,
    },
}

impl Error {
    pub(crate) fn malformed(path: &str, place: impl Into<String>, what: impl Into<String>) -> Self {
        let place = place.into();
        Error::Malformed {
            path: path.to_owned(),
            place: if place.is_empty() {
                place
            } else {
                format!("{place}: ")
            },
            what: what.into(),
        }
    }
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One bank put back together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Its path, as in the export's `file` column (relative).
    pub path: String,
    /// Its Markdown, formatted.
    pub text: String,
}

/// How one document is read and written back: its labels and `[entries]`,
/// as `qbank check` reads it, and what `qbank fmt` makes canonical. The CLI
/// takes them from the `qbank.toml` nearest to where the document is
/// written (or `--config`); the default is qbank's defaults.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct DocOptions {
    /// How the document is parsed.
    pub parse: qbank_core::ParseOptions,
    /// How it is formatted.
    pub fmt: qbank_fmt::FmtOptions,
}

impl DocOptions {
    /// These parse and format options.
    #[must_use]
    pub fn new(parse: qbank_core::ParseOptions, fmt: qbank_fmt::FmtOptions) -> Self {
        DocOptions { parse, fmt }
    }
}

/// The rows of one or more exports, read and checked, not yet put back
/// together (so that each document's options can be chosen by its path).
#[derive(Clone, Debug, Default)]
pub struct Rows {
    rows: Vec<Row>,
    /// Things worth knowing that did not stop the import (extra columns).
    pub warnings: Vec<String>,
}

impl Rows {
    /// The documents' paths (the export's `file` column), in the order
    /// their first rows come.
    #[must_use]
    pub fn paths(&self) -> Vec<&str> {
        let mut order: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !order.contains(&row.file.as_str()) {
                order.push(&row.file);
            }
        }
        order
    }

    /// The documents none of whose rows has a `source` (a sheet typed by
    /// hand, or an export whose `source` column was removed): they are
    /// written in qbank's canonical shape, not as they were written.
    #[must_use]
    pub fn without_source(&self) -> Vec<&str> {
        self.paths()
            .into_iter()
            .filter(|path| {
                !self
                    .rows
                    .iter()
                    .any(|r| r.file == *path && r.source.is_some())
            })
            .collect()
    }

    /// The banks put back together, in the order of [`Rows::paths`], each
    /// read and written with `options(path)`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for an edited question, answer, analysis or
    /// option cell of an export written with `--text plain` or `--text
    /// html` (they lost the Markdown they came from), or an edited
    /// `graded` cell (JSON: graded key) that cannot be written into its
    /// entry's answer or does not read back as it says, naming its row and
    /// column.
    pub fn assemble(&self, options: impl Fn(&str) -> DocOptions) -> Result<Vec<Document>> {
        assemble::documents(&self.rows, options)
    }

    /// [`Rows::assemble`], giving the rows up: each document's rows are
    /// freed as soon as its text is put together, before it is formatted.
    ///
    /// # Errors
    ///
    /// As [`Rows::assemble`].
    pub fn into_documents(self, options: impl Fn(&str) -> DocOptions) -> Result<Vec<Document>> {
        assemble::into_documents(self.rows, options)
    }
}

/// What an import gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The documents, in the order their first rows come.
    pub documents: Vec<Document>,
    /// Things worth knowing that did not stop the import (extra columns).
    pub warnings: Vec<String>,
}

/// Read one export file (its format from its name, `.json`, `.jsonl`,
/// `.csv`, `.tsv`, `.xlsx`, or from its first bytes) and put its banks back
/// together with the default options.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; [`Error::Malformed`] when it
/// is not one of qbank's exports or is damaged.
pub fn from_path(path: &std::path::Path) -> Result<Imported> {
    from_paths(std::slice::from_ref(&path.to_path_buf()))
}

/// [`from_path`] of bytes already read; `name` names them in errors and
/// tells their format.
///
/// # Errors
///
/// As [`from_path`].
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Imported> {
    imported(read_bytes(name, bytes)?)
}

/// Several exports together: their rows in order, as one export.
///
/// # Errors
///
/// As [`from_path`], for the first file that fails.
pub fn from_paths(paths: &[std::path::PathBuf]) -> Result<Imported> {
    imported(read_paths(paths)?)
}

fn imported(mut rows: Rows) -> Result<Imported> {
    let warnings = std::mem::take(&mut rows.warnings);
    Ok(Imported {
        documents: rows.into_documents(|_| DocOptions::default())?,
        warnings,
    })
}

/// The rows of one export held in memory ([`from_bytes`] without putting
/// the banks together).
///
/// # Errors
///
/// As [`from_path`].
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Rows> {
    let read = read::rows(name, bytes)?;
    Ok(Rows {
        rows: read.rows,
        warnings: read.warnings,
    })
}

/// The rows of several exports, in order ([`from_paths`] without putting
/// the banks together).
///
/// # Errors
///
/// As [`from_path`], for the first file that fails.
pub fn read_paths(paths: &[std::path::PathBuf]) -> Result<Rows> {
    let mut all = Rows::default();
    for path in paths {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: name.clone(),
            source,
        })?;
        let mut read = read::rows(&name, &bytes)?;
        all.rows.append(&mut read.rows);
        all.warnings.append(&mut read.warnings);
    }
    Ok(all)
}
