//! The state file beside the bank: which Anki note each entry is, and a
//! hash of the fields qbank last wrote into it.
//!
//! AnkiConnect returns neither a note's GUID nor its modification time, so
//! neither which note an entry is (once its title or id changed) nor
//! whether someone edited a note in Anki can be read from Anki alone. A
//! field of the note could carry the hash, but the note types' fields are
//! frozen (a new field is a new note type for every deck already
//! imported), and the user would see and could edit it. So qbank keeps both
//! here, one small JSON file, rewritten whole after each sync that changed
//! something.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file's name.
pub const STATE_FILE: &str = ".qbank-sync.json";

/// What qbank remembers of its syncs.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct State {
    /// The format's version: 1.
    pub version: u32,
    /// The modification time of the last package sent: the next one's is
    /// later (Anki updates a note only from a newer one).
    pub time: i64,
    /// By GUID.
    pub notes: BTreeMap<String, Record>,
}

/// One note qbank wrote.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// Anki's note id.
    pub id: i64,
    /// The hash of the fields qbank last wrote into it (see
    /// [`fields_hash`](crate::fields_hash)).
    pub hash: String,
    /// The note's GUID in Anki when it is not the entry's: an entry
    /// without an explicit id that moved to another deck has a new GUID,
    /// and AnkiConnect cannot change a note's, so its updates are written
    /// under this one. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
}

/// Where the state of a sync of `paths` is kept: in the first path when it
/// is a folder, else beside it.
#[must_use]
pub fn state_path(paths: &[PathBuf]) -> PathBuf {
    let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let folder = if first.is_dir() {
        first
    } else {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    folder.join(STATE_FILE)
}

impl State {
    /// The state in `path`; empty when there is no file.
    ///
    /// # Errors
    ///
    /// A file that cannot be read or is not a state file.
    pub fn load(path: &Path) -> Result<State> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(State {
                    version: 1,
                    ..State::default()
                });
            }
            Err(err) => return Err(state_error(path, &err)),
        };
        serde_json::from_str(&text).map_err(|err| state_error(path, &err))
    }

    /// Write the state into `path`, atomically.
    ///
    /// # Errors
    ///
    /// When it cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let write = || -> std::io::Result<()> {
            let mut file = tempfile::NamedTempFile::new_in(folder)?;
            serde_json::to_writer_pretty(&mut file, self)?;
            std::io::Write::write_all(&mut file, b"\n")?;
            file.persist(path).map_err(|e| e.error)?;
            Ok(())
        };
        write().map_err(|err| state_error(path, &err))
    }
}

fn state_error(path: &Path, err: &dyn std::fmt::Display) -> Error {
    Error::State {
        path: path.to_path_buf(),
        why: err.to_string(),
    }
}
