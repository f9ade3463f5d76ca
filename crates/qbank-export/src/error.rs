//! Why an export failed.

use thiserror::Error;

/// Why a format could not be written. The reason is the error's `source`:
/// an I/O error keeps its kind (a reader that closed a pipe is
/// `BrokenPipe`), and no message repeats its cause.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The output could not be written.
    #[error("the output could not be written")]
    Io(#[from] std::io::Error),
    /// The format could not hold the bank, or a library under it failed.
    #[error("cannot write {format}")]
    Format {
        /// The format's name, as users know it (`XLSX`, `Anki`).
        format: &'static str,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// A format's own error.
    pub fn format(
        format: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Format {
            format,
            source: source.into(),
        }
    }

    /// The I/O error at the root of this one, if any (to tell a closed pipe
    /// from a full disk).
    #[must_use]
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(err) = next {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                return Some(io.kind());
            }
            next = err.source();
        }
        None
    }
}

/// A `Result` with this crate's [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
