//! # qbank-sync: push question banks into a running Anki
//!
//! `qbank sync` through the AnkiConnect add-on (API version 6): the notes
//! the `.apkg` export would write are compared with the notes of qbank's
//! note types in the decks the sync writes; new and changed ones go to
//! Anki as an `.apkg` of just them, imported with `importPackage` (Anki
//! matches notes by GUID and keeps their review history: nothing is ever
//! deleted to be updated); unchanged ones send nothing; notes edited in
//! Anki since qbank last wrote them are conflicts, left alone unless
//! `--overwrite`; qbank's notes whose entry is gone are orphans, reported,
//! suspended or deleted.
//!
//! [`Bank::read`] reads the inputs, [`Client`] talks to AnkiConnect,
//! [`Plan::make`] decides, [`sync`] carries the plan out and [`State`]
//! remembers, beside the bank, which note each entry is and what qbank last
//! wrote into it. `docs/sync.md` says why.

#![deny(missing_docs)]

mod anki;
mod apply;
mod bank;
mod client;
mod fields;
mod matching;
mod plan;
mod run;
mod state;

pub use anki::{Held, NOTETYPES, check_notetypes};
pub use apply::Applied;
pub use bank::Bank;
pub use client::{API_VERSION, Client, DEFAULT_URL};
pub use fields::fields_hash;
pub use plan::{Action, Item, Orphans, Plan, PlanOptions, Summary};
pub use run::{BATCH, Outcome, Phases, Step, SyncOptions, sync};
pub use state::{Record, STATE_FILE, State, state_path};

/// The tag orphans get with `--orphans suspend`.
pub const ORPHAN_TAG: &str = "qbank::orphaned";

/// Why a sync could not be done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nothing answers at the URL.
    #[error(
        "cannot reach AnkiConnect at {url} ({detail}): start Anki with the AnkiConnect add-on, or set --url"
    )]
    NotRunning {
        /// The URL.
        url: String,
        /// The transport's error.
        detail: String,
    },
    /// AnkiConnect is older than API version 6.
    #[error(
        "this AnkiConnect speaks API version {version}; qbank sync needs version 6 or later: update the AnkiConnect add-on (Tools › Add-ons › Check for Updates)"
    )]
    OldAnkiConnect {
        /// The version it speaks (0: unknown).
        version: u64,
    },
    /// AnkiConnect refused the key.
    #[error(
        "AnkiConnect refused the API key: set QBANK_ANKI_KEY to the `apiKey` of AnkiConnect's configuration (Tools › Add-ons › AnkiConnect › Config)"
    )]
    WrongKey,
    /// Something else answers at the URL.
    #[error("{url} does not answer as AnkiConnect does ({detail}); check --url")]
    NotAnkiConnect {
        /// The URL.
        url: String,
        /// What was wrong with the answer.
        detail: String,
    },
    /// An action failed.
    #[error("AnkiConnect's `{action}` failed: {message}")]
    Action {
        /// The action.
        action: String,
        /// AnkiConnect's message.
        message: String,
    },
    /// A note type of qbank's was changed in Anki.
    #[error(
        "note type `{name}` was changed in Anki (fields {found}; qbank writes {wanted}): Anki would refuse to update its notes; restore its fields, or rename it in Anki so that qbank adds its own again"
    )]
    NoteTypeChanged {
        /// Its name.
        name: String,
        /// Its fields in Anki.
        found: String,
        /// qbank's fields.
        wanted: String,
    },
    /// The inputs gave no entry.
    #[error("the inputs hold no entries: nothing synced, nothing orphaned")]
    NoEntries,
    /// `--orphans delete` would delete too much of a deck.
    #[error(
        "refusing to delete {orphans} of the {notes} qbank notes of deck `{deck}` (more than a fifth): nothing changed; --force deletes them"
    )]
    TooManyDeletes {
        /// The deck.
        deck: String,
        /// Its orphans.
        orphans: usize,
        /// qbank's notes in it.
        notes: usize,
    },
    /// Anki did not apply some updates.
    #[error(
        "Anki did not apply the update of {count} {} (first: `{title}`)",
        if *.count == 1 { "note" } else { "notes" }
    )]
    NotApplied {
        /// How many.
        count: usize,
        /// The first one's title.
        title: String,
    },
    /// The state file.
    #[error("state file {path}: {why}")]
    State {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The notes could not be made, or the package written.
    #[error(transparent)]
    Export(#[from] qbank_export::Error),
    /// The inputs' configuration.
    #[error(transparent)]
    Workspace(#[from] qbank_workspace::Error),
    /// A temporary file.
    #[error("temporary package: {0}")]
    Io(#[from] std::io::Error),
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
