//! One sync, from the bank read to the state saved.

use crate::anki::{check_notetypes, held_notes};
use crate::apply::apply;
use crate::bank::Bank;
use crate::client::Client;
use crate::plan::{Plan, PlanOptions};
use crate::state::State;
use crate::{Error, Result};
use std::path::PathBuf;

/// Told what a sync is doing (`asking Anki`, `importing 3 notes into
/// Anki`…), for a progress display.
pub type Phases = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

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
    let say = |what: &str| {
        if let Some(phases) = &options.phases {
            phases(what);
        }
    };
    say("asking Anki");
    let client = Client::new(&options.url, options.key.clone());
    client.check()?;
    check_notetypes(&client)?;
    let mut state = State::load(&options.state)?;
    let held = held_notes(&client, &bank.decks())?;
    let mut plan = Plan::make(bank, &held, &state, &options.plan)?;
    let mut warnings = Vec::new();
    if !options.dry_run {
        let before = state.clone();
        let sent = plan.send().len();
        if sent > 0 {
            say(&format!(
                "importing {sent} note{} into Anki",
                if sent == 1 { "" } else { "s" }
            ));
        }
        let applied = apply(&client, bank, &mut plan, &mut state, options.now)?;
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
