//! Why an input could not be found, read, decoded or configured.
// miette's derive trips a false `unused_assignments` warning on recent Rust
// (miette issue 458); the allow is kept to this module.
#![allow(unused_assignments)]

use miette::Diagnostic;
use thiserror::Error;

/// Why an input (or the `qbank.toml` that applies to it) is unusable. Every
/// variant names the file; an I/O error's reason is its `source`, which the
/// message does not repeat.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// The file exists but cannot be read.
    #[error("{path}: cannot read")]
    #[diagnostic(code(qbank::io))]
    Read {
        /// The file, as the user named it.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// Nothing is at the path.
    #[error("{path}: no such file or folder")]
    #[diagnostic(code(qbank::io), help("check the path; `-` reads standard input"))]
    Missing {
        /// The path, as the user named it.
        path: String,
    },

    /// A folder could not be searched (a permission, a symbolic link loop).
    #[error("{path}: {message}")]
    #[diagnostic(code(qbank::io))]
    Walk {
        /// Where the search failed.
        path: String,
        /// Why, as the walker says it.
        message: String,
    },

    /// The bytes are not text qbank can read.
    #[error(transparent)]
    #[diagnostic(
        code(qbank::decode),
        help("save the file as UTF-8 (or UTF-16 with a byte-order mark)")
    )]
    Decode(#[from] qbank_core::DecodeError),

    /// A `qbank.toml` is malformed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),
}

/// A bad configuration file: the key or value, its line, and the snippet.
#[derive(Debug, Error, Diagnostic)]
#[error("{path}:{line}: {message}")]
#[diagnostic(code(qbank::config), help("docs/config.md lists every key"))]
pub struct ConfigError {
    /// The configuration file.
    pub path: String,
    /// 1-based line of the bad key or value.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The file's text, for the snippet.
    #[source_code]
    pub src: miette::NamedSource<String>,
    /// The bad key or value.
    #[label("here")]
    pub span: miette::SourceSpan,
}

/// A `Result` with this crate's [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The path as users wrote it.
pub(crate) fn display(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}
