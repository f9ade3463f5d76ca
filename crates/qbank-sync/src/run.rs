//! One sync, from the bank read to the state saved.

use crate::anki::{check_notetypes, held_notes};
use crate::apply::apply;
use crate::bank::Bank;
use crate::client::Client;
use crate::plan::{Plan, PlanOptions};
use crate::state::State;
use crate::{Error, Result};
use std::path::PathBuf;

/// Told what a sync is doing, for a progress display.
pub type Phases = std::sync::Arc<dyn Fn(Step<'_>) + Send + Sync>;

/// Where a sync stands.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step<'a> {
    /// Doing something whose length is not known (`asking Anki`).
    Doing(&'a str),
    /// Through `done` of `total` things (`importing into Anki`, 500 of
    /// 2,000 notes).
    Counting {
        /// What is being done.
        what: &'a str,
        /// How many are done.
        done: usize,
        /// How many there are.
        total: usize,
        /// What is counted (`notes`, `files`).
        unit: &'static str,
    },
}

impl<'a> Step<'a> {
    /// [`Step::Counting`].
    #[must_use]
    pub fn counting(what: &'a str, done: usize, total: usize, unit: &'static str) -> Self {
        Step::Counting {
            what,
            done,
            total,
            unit,
        }
    }
}

/// Notes per package imported, and per `notesInfo` read, by default: 500,
/// or a tenth of them when there are more than 5,000. Each shows on the
/// progress bar, and costs a round trip (a package, Anki's importer a scan
/// of the collection): ten at most keep that cost small.
pub const BATCH: usize = 500;

/// How to sync.
#[derive(Clone)]
#[non_exhaustive]
pub struct SyncOptions {
    /// AnkiConnect's URL.
    pub url: String,
    /// AnkiConnect's key (`apiKey`), if it has one.
    pub key: Option<String>,
    /// Decide and report, change nothing.
    pub dry_run: bool,
    /// How to decide.
    pub plan: PlanOptions,
    /// The state file.
    pub state: PathBuf,
    /// Now, in seconds since the Unix epoch.
    pub now: i64,
    /// Told what the sync is doing.
    pub phases: Option<Phases>,
    /// Notes per package imported and per `notesInfo` read; `None`: by
    /// their number (see [`BATCH`]).
    pub batch: Option<usize>,
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("url", &self.url)
            .field("key", &self.key.as_ref().map(|_| "…"))
            .field("dry_run", &self.dry_run)
            .field("plan", &self.plan)
            .field("state", &self.state)
            .field("now", &self.now)
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}

impl SyncOptions {
    /// Options for a sync through AnkiConnect at `url`, keeping its state in
    /// `state`.
    #[must_use]
    pub fn new(url: &str, state: PathBuf) -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        SyncOptions {
            url: url.to_owned(),
            key: None,
            dry_run: false,
            plan: PlanOptions::default(),
            state,
            now,
            phases: None,
            batch: None,
        }
    }
}

/// What a sync did (or, dry, would do).
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome {
    /// Every note's action.
    pub plan: Plan,
    /// Things the user should know.
    pub warnings: Vec<String>,
    /// HTTP requests sent to AnkiConnect.
    pub requests: usize,
}

/// Sync `bank` into Anki.
///
/// # Errors
///
/// [`Error::NoEntries`] before anything is asked of Anki; AnkiConnect's
/// errors; the state file's.
pub fn sync(bank: &Bank, options: &SyncOptions) -> Result<Outcome> {
    if bank.notes.is_empty() {
        return Err(Error::NoEntries);
    }
    let pace = Pace {
        phases: options.phases.as_ref(),
        batch: options.batch,
    };
    pace.say("asking Anki");
    let client = Client::new(&options.url, options.key.clone());
    client.check()?;
    check_notetypes(&client)?;
    let mut state = State::load(&options.state)?;
    let held = held_notes(&client, &bank.decks(), &pace)?;
    let mut plan = Plan::make(bank, &held, &state, &options.plan)?;
    let mut warnings = Vec::new();
    if !options.dry_run {
        let before = state.clone();
        let applied = apply(&client, bank, &mut plan, &mut state, options.now, &pace)?;
        warnings = applied.warnings;
        if state != before {
            state.save(&options.state)?;
        }
    }
    Ok(Outcome {
        plan,
        warnings,
        requests: client.requests(),
    })
}

/// How a sync reports its progress, and how much it asks Anki at a time.
pub(crate) struct Pace<'a> {
    phases: Option<&'a Phases>,
    /// Notes per package and per `notesInfo`, when set.
    batch: Option<usize>,
}

impl Pace<'_> {
    /// How many of `total` notes go in one package, or one `notesInfo`.
    pub(crate) fn batch(&self, total: usize) -> usize {
        self.batch
            .unwrap_or_else(|| BATCH.max(total.div_ceil(10)))
            .max(1)
    }

    /// Doing `what`.
    pub(crate) fn say(&self, what: &str) {
        if let Some(phases) = self.phases {
            phases(Step::Doing(what));
        }
    }

    /// Through `done` notes of `total`, doing `what`.
    pub(crate) fn count(&self, what: &str, done: usize, total: usize) {
        if let Some(phases) = self.phases {
            phases(Step::counting(what, done, total, "notes"));
        }
    }
}
