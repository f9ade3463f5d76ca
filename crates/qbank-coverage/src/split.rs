//! Which banks are held back from tuning: a fixed rule on the file name,
//! decided before any reader work, so that no change can choose them.

use sha2::{Digest, Sha256};

/// Tuning banks are read while the reader is worked on; held-back banks
/// are scored only to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Open to the reader's authors.
    Tuning,
    /// Not opened while working on the reader; scored only to report.
    HeldBack,
}

impl Part {
    /// The part of the bank whose file is named `name` (the file name
    /// alone, as `en_foo_bar.md`): held back when the first eight bytes of
    /// the SHA-256 of the name, as a big-endian number, are a multiple of 3.
    pub fn of(name: &str) -> Part {
        let digest = Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        if u64::from_be_bytes(first) % 3 == 0 {
            Part::HeldBack
        } else {
            Part::Tuning
        }
    }

    /// `tuning` or `held back`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Tuning => "tuning",
            Part::HeldBack => "held back",
        }
    }
}
