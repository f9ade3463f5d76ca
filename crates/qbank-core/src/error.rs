//! Errors of the core crate.

use thiserror::Error;

/// Why a file's bytes could not be decoded into text.
///
/// Every variant names the file; where it applies, the 1-based line and the
/// 0-based byte offset in the file (byte-order mark included) of the first
/// offending byte.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes are not valid UTF-8 (and carry no UTF-16 byte-order mark).
    #[error(
        "{path}:{line}: invalid UTF-8 at byte offset {offset} (the file must be UTF-8, or UTF-16 with a byte-order mark)"
    )]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// 1-based line of the first invalid byte.
        line: u64,
        /// 0-based byte offset of the first invalid byte in the file.
        offset: u64,
    },
    /// A UTF-16 file holds an unpaired surrogate or an odd number of bytes.
    #[error("{path}:{line}: invalid UTF-16 at byte offset {offset}")]
    InvalidUtf16 {
        /// The file.
        path: String,
        /// 1-based line of the offending code unit.
        line: u64,
        /// 0-based byte offset of the offending code unit in the file.
        offset: u64,
    },
    /// The file holds a NUL byte: a binary file, or UTF-16 without a
    /// byte-order mark.
    #[error(
        "{path}:{line}: NUL byte at byte offset {offset}: this is a binary file, or UTF-16 without a byte-order mark"
    )]
    Nul {
        /// The file.
        path: String,
        /// 1-based line of the NUL byte.
        line: u64,
        /// 0-based byte offset of the NUL byte in the file.
        offset: u64,
    },
    /// The file is 4 GiB or larger.
    #[error("{path}: file too large ({size} bytes; the limit is 4 GiB)")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size in bytes.
        size: u64,
    },
}

impl DecodeError {
    /// The file the error is about.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            DecodeError::InvalidUtf8 { path, .. }
            | DecodeError::InvalidUtf16 { path, .. }
            | DecodeError::Nul { path, .. }
            | DecodeError::TooLarge { path, .. } => path,
        }
    }
}
