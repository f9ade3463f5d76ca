//! The plan: which entry is which note of Anki's, and what to do with each.
//!
//! **Matching.** AnkiConnect does not return GUIDs, so an entry (known by
//! its GUID, see [`qbank_anki::guid`]) is matched to one of qbank's notes
//! in its deck, in this order: the note the state file recorded for its
//! GUID (this follows an entry with an explicit `{#id}` through renames and
//! edits, and any entry through edits of its title); else a note not
//! recorded for another GUID whose note type and fields are exactly the
//! entry's (a deck imported as an `.apkg` before its first sync); else
//! such a note with the same deck and the same normalised `Title` field,
//! the n-th occurrence of a title paired with the n-th note of that title
//! by note id (the export's own identity key, recomputed from the fields).
//! Notes left over are orphans; entries left over are added.
//!
//! **Changed.** Fields are compared as written: a note whose fields are
//! the export's and which carries the export's tags (Anki's own, such as
//! `leech` or `marked`, may be added) is unchanged and nothing is sent for
//! it. A note whose fields differ from the hash of what qbank last wrote
//! into it ([`State`]) was edited in Anki: a conflict, left alone unless
//! `--overwrite`. A note qbank has no record of and whose fields differ is
//! a conflict too (qbank cannot tell whose edit it is).

use crate::anki::{Held, NOTETYPES};
use crate::bank::Bank;
use crate::state::State;
use crate::{Error, Result};
use qbank_anki::NoteData;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What `--orphans` does with qbank's notes whose entry is gone.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Orphans {
    /// List them (exit 1).
    #[default]
    Report,
    /// Suspend their cards and tag them `qbank::orphaned`.
    Suspend,
    /// Delete them (no more than a fifth of a deck's without `force`).
    Delete,
}

impl Orphans {
    /// The word of the summary line.
    #[must_use]
    pub fn done(self) -> &'static str {
        match self {
            Orphans::Report => "reported",
            Orphans::Suspend => "suspended",
            Orphans::Delete => "deleted",
        }
    }
}

/// How to decide.
#[derive(Copy, Clone, Debug, Default)]
#[non_exhaustive]
pub struct PlanOptions {
    /// What to do with orphans.
    pub orphans: Orphans,
    /// Delete more than a fifth of a deck's notes.
    pub force: bool,
    /// Update notes edited in Anki too.
    pub overwrite: bool,
}

/// What happens to one note.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new entry: added.
    Add,
    /// A changed entry: its note updated in place.
    Update,
    /// Nothing to send.
    Unchanged,
    /// Edited in Anki (or of another note type there): left alone.
    Conflict,
    /// qbank's note whose entry is gone.
    Orphan,
}

/// One note of the plan.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Item {
    /// What happens to it.
    pub action: Action,
    /// The entry's GUID (none for an orphan).
    pub guid: Option<String>,
    /// Anki's note id (none for a note yet to be added).
    pub note_id: Option<i64>,
    /// The deck.
    pub deck: String,
    /// The entry's title (an orphan's `Title` field).
    pub title: String,
    /// The document of the entry.
    pub path: Option<String>,
    /// Why a conflict is one.
    pub reason: Option<String>,
    /// The index of the entry in the bank's notes.
    #[serde(skip)]
    pub entry: Option<usize>,
    /// The note's cards (orphans, and notes to restore).
    #[serde(skip)]
    pub cards: Vec<i64>,
    /// A note suspended and tagged as an orphan by an earlier sync whose
    /// entry is back: unsuspended and untagged.
    #[serde(skip)]
    pub restore: bool,
    /// The deck the note's cards are in when it is not the entry's (an
    /// entry moved to another synced deck): they are moved.
    pub moved_from: Option<String>,
}

/// What a sync does.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Entries in order, then orphans.
    pub items: Vec<Item>,
    /// What is done with orphans.
    pub orphans: Orphans,
}

/// The counts of a plan, shown as its summary line.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Entries added.
    pub added: usize,
    /// Notes updated.
    pub updated: usize,
    /// Notes left as they were.
    pub unchanged: usize,
    /// Notes edited in Anki, left alone.
    pub conflicts: usize,
    /// Orphans.
    pub orphans: usize,
    /// What was done with them: `reported`, `suspended`, `deleted`.
    pub orphan_action: &'static str,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {}, updated {}, unchanged {}, conflicts {}, orphans {} ({})",
            self.added,
            self.updated,
            self.unchanged,
            self.conflicts,
            self.orphans,
            self.orphan_action
        )
    }
}

/// The hash of a note's fields, as recorded in the state file: SHA-256 of
/// the fields joined by the unit separator Anki joins them with, 32 hex
/// digits.
#[must_use]
pub fn fields_hash(fields: &[String]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(fields.join("\u{1f}").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

impl Plan {
    /// Decide what to do with each entry of `bank` and each of `held`
    /// (qbank's notes in the decks the bank writes), by `state`.
    ///
    /// # Errors
    ///
    /// [`Error::NoEntries`] when the bank holds no entry;
    /// [`Error::TooManyDeletes`].
    pub fn make(bank: &Bank, held: &[Held], state: &State, options: &PlanOptions) -> Result<Plan> {
        if bank.notes.is_empty() {
            return Err(Error::NoEntries);
        }
        let pairs = crate::matching::pair(&bank.notes, held, state);
        let mut items: Vec<Item> = bank
            .notes
            .iter()
            .zip(&pairs)
            .enumerate()
            .map(|(e, (note, h))| entry_item(e, note, h.map(|h| &held[h]), state, options))
            .collect();
        // A file that could not be read orphans nothing.
        if bank.orphans {
            let paired: HashSet<usize> = pairs.iter().flatten().copied().collect();
            let orphans = held
                .iter()
                .enumerate()
                .filter(|(i, _)| !paired.contains(i))
                .map(|(_, h)| orphan_item(h));
            items.extend(orphans);
            if options.orphans == Orphans::Delete && !options.force {
                check_deletes(&items, held)?;
            }
        }
        Ok(Plan {
            items,
            orphans: options.orphans,
        })
    }

    /// The GUIDs of the notes to send: added and updated ones.
    #[must_use]
    pub fn send(&self) -> BTreeSet<String> {
        self.items
            .iter()
            .filter(|i| matches!(i.action, Action::Add | Action::Update))
            .filter_map(|i| i.guid.clone())
            .collect()
    }

    /// The counts.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let count = |a: Action| self.items.iter().filter(|i| i.action == a).count();
        Summary {
            added: count(Action::Add),
            updated: count(Action::Update),
            unchanged: count(Action::Unchanged),
            conflicts: count(Action::Conflict),
            orphans: count(Action::Orphan),
            orphan_action: self.orphans.done(),
        }
    }

    /// Whether something is left for the user: conflicts, or orphans only
    /// reported (exit 1).
    #[must_use]
    pub fn unresolved(&self) -> bool {
        let s = self.summary();
        s.conflicts > 0 || (s.orphans > 0 && self.orphans == Orphans::Report)
    }
}

/// The item of an entry and the note it was matched to.
fn entry_item(
    e: usize,
    note: &NoteData,
    held: Option<&Held>,
    state: &State,
    options: &PlanOptions,
) -> Item {
    let (action, reason) = match held {
        None => (Action::Add, None),
        Some(h) => decide(note, h, state, options),
    };
    Item {
        action,
        guid: Some(note.guid.clone()),
        note_id: held.map(|h| h.id),
        deck: note.deck.clone(),
        title: note.title.clone(),
        path: Some(note.path.clone()),
        reason,
        entry: Some(e),
        cards: held.map(|h| h.cards.clone()).unwrap_or_default(),
        restore: held.is_some_and(|h| h.tags.iter().any(|t| t == crate::ORPHAN_TAG)),
        moved_from: held
            .filter(|h| h.deck != note.deck && action != Action::Conflict)
            .map(|h| h.deck.clone()),
    }
}

/// Unchanged, updated or a conflict (with why).
fn decide(
    note: &NoteData,
    h: &Held,
    state: &State,
    options: &PlanOptions,
) -> (Action, Option<String>) {
    if h.notetype != note.notetype {
        let why = format!(
            "the note is a `{}` in Anki, the entry a `{}`: Anki cannot change a note's type",
            h.notetype, note.notetype
        );
        return (Action::Conflict, Some(why));
    }
    let held_hash = fields_hash(&h.fields);
    let wanted = fields_hash(&note.fields);
    let tags: HashSet<String> = h.tags.iter().map(|t| t.to_lowercase()).collect();
    let tagged = note.tags.iter().all(|t| tags.contains(&t.to_lowercase()));
    if held_hash == wanted && tagged && h.deck == note.deck {
        return (Action::Unchanged, None);
    }
    let edited = match state.notes.get(&note.guid).filter(|r| r.id == h.id) {
        Some(record) => (record.hash != held_hash)
            .then_some("edited in Anki since qbank last wrote it; --overwrite replaces the edit"),
        None => (held_hash != wanted).then_some(
            "qbank has no record of writing it and its fields differ; --overwrite takes the bank's",
        ),
    };
    match edited {
        Some(why) if !options.overwrite => (Action::Conflict, Some(why.to_owned())),
        _ => (Action::Update, None),
    }
}

fn orphan_item(h: &Held) -> Item {
    let title = NOTETYPES
        .iter()
        .find(|(name, _)| *name == h.notetype)
        .and_then(|(_, names)| names.iter().position(|n| *n == "Title"))
        .and_then(|at| h.fields.get(at))
        .map(|t| crate::matching::unescape(t))
        .unwrap_or_default();
    Item {
        action: Action::Orphan,
        guid: None,
        note_id: Some(h.id),
        deck: h.deck.clone(),
        title,
        path: None,
        reason: None,
        entry: None,
        cards: h.cards.clone(),
        restore: false,
        moved_from: None,
    }
}

/// `--orphans delete` without `--force`: no deck loses more than a fifth of
/// qbank's notes.
fn check_deletes(items: &[Item], held: &[Held]) -> Result<()> {
    let mut notes: HashMap<&str, usize> = HashMap::new();
    for h in held {
        *notes.entry(h.deck.as_str()).or_default() += 1;
    }
    let mut orphans: Vec<(&str, usize)> = Vec::new();
    for item in items.iter().filter(|i| i.action == Action::Orphan) {
        match orphans.iter_mut().find(|(d, _)| *d == item.deck) {
            Some((_, n)) => *n += 1,
            None => orphans.push((item.deck.as_str(), 1)),
        }
    }
    for (deck, count) in orphans {
        let total = notes.get(deck).copied().unwrap_or(count);
        if count * 5 > total {
            return Err(Error::TooManyDeletes {
                deck: deck.to_owned(),
                orphans: count,
                notes: total,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Record;

    /// The bank `md`, written as `bank.md` in `dir` and read.
    fn bank(dir: &tempfile::TempDir, md: &str) -> Bank {
        let path = dir.path().join("bank.md");
        std::fs::write(&path, md).unwrap();
        Bank::read(
            &[path],
            &qbank_workspace::WalkOptions::default(),
            None,
            &qbank_anki::AnkiOptions::default(),
        )
        .unwrap()
    }

    fn held(bank: &Bank) -> Vec<Held> {
        bank.notes
            .iter()
            .enumerate()
            .map(|(i, n)| Held {
                id: 100 + i64::try_from(i).unwrap(),
                deck: n.deck.clone(),
                notetype: n.notetype.to_owned(),
                fields: n.fields.clone(),
                tags: n.tags.clone(),
                cards: vec![1000 + i64::try_from(i).unwrap()],
            })
            .collect()
    }

    /// The state after a sync that wrote `held`.
    fn state(bank: &Bank, held: &[Held]) -> State {
        let mut state = State::default();
        for (n, h) in bank.notes.iter().zip(held) {
            let record = Record {
                id: h.id,
                hash: fields_hash(&n.fields),
            };
            state.notes.insert(n.guid.clone(), record);
        }
        state
    }

    fn actions(plan: &Plan) -> Vec<Action> {
        plan.items.iter().map(|i| i.action).collect()
    }

    const BANK: &str = "# B\n\n## 1. One\n\n**Answer:** a\n\n## 2. Two\n\n**Answer:** b\n\n\
                        ## 3. Three\n\n**Answer:** c\n\n## 4. Four\n\n**Answer:** d\n\n\
                        ## 5. Five\n\n**Answer:** e\n\n## 6. Six\n\n**Answer:** f\n";

    #[test]
    fn the_summary_line_is_the_contract() {
        let s = Summary {
            added: 12,
            updated: 3,
            unchanged: 985,
            conflicts: 1,
            orphans: 2,
            orphan_action: Orphans::Report.done(),
        };
        assert_eq!(
            s.to_string(),
            "added 12, updated 3, unchanged 985, conflicts 1, orphans 2 (reported)"
        );
    }

    #[test]
    fn unchanged_updated_conflict_and_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let old = bank(&dir, BANK);
        let mut held = held(&old);
        let state = state(&old, &held);
        let new = bank(
            &dir,
            &BANK.replace("**Answer:** a", "**Answer:** a, edited"),
        );
        let options = PlanOptions::default();
        let plan = Plan::make(&new, &held, &state, &options).unwrap();
        assert_eq!(actions(&plan)[..2], [Action::Update, Action::Unchanged]);
        assert_eq!(plan.send().len(), 1);
        // Edited in Anki too: a conflict, unless --overwrite.
        held[0].fields[1] = "mine".to_owned();
        let plan = Plan::make(&new, &held, &state, &options).unwrap();
        assert_eq!(actions(&plan)[0], Action::Conflict);
        assert!(plan.send().is_empty() && plan.unresolved());
        let overwrite = PlanOptions {
            overwrite: true,
            ..options
        };
        let plan = Plan::make(&new, &held, &state, &overwrite).unwrap();
        assert_eq!(actions(&plan)[0], Action::Update);
        // Anki's own tags (leech, marked) change nothing.
        held[0].fields.clone_from(&new.notes[0].fields);
        held[0].tags.push("leech".to_owned());
        let plan = Plan::make(&new, &held, &state, &options).unwrap();
        assert_eq!(actions(&plan)[0], Action::Unchanged);
    }

    #[test]
    fn a_renamed_entry_with_an_id_follows_its_note_through_the_state() {
        let md = "# B\n\n## 1. One {#q-one}\n\n**Answer:** a\n\n## 2. Two\n\n**Answer:** b\n";
        let dir = tempfile::tempdir().unwrap();
        let old = bank(&dir, md);
        let held = held(&old);
        let state = state(&old, &held);
        let new = bank(&dir, &md.replace("One {#q-one}", "Uno {#q-one}"));
        assert_eq!(new.notes[0].guid, old.notes[0].guid);
        let plan = Plan::make(&new, &held, &state, &PlanOptions::default()).unwrap();
        assert_eq!(actions(&plan), [Action::Update, Action::Unchanged]);
        assert_eq!(plan.items[0].note_id, Some(100));
    }

    #[test]
    fn without_state_notes_match_by_fields_then_by_title() {
        let dir = tempfile::tempdir().unwrap();
        let old = bank(&dir, BANK);
        let held = held(&old);
        let new = bank(&dir, &BANK.replace("**Answer:** b", "**Answer:** b2"));
        let plan = Plan::make(&new, &held, &State::default(), &PlanOptions::default()).unwrap();
        let a = actions(&plan);
        // Matched by title; no record of what qbank wrote: a conflict.
        assert_eq!(a[1], Action::Conflict);
        assert_eq!(plan.items[1].note_id, Some(101));
        assert!(a.iter().all(|a| *a != Action::Add && *a != Action::Orphan));
    }

    #[test]
    fn orphans_deletes_over_a_fifth_need_force_and_failed_inputs_orphan_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let old = bank(&dir, BANK);
        let held = held(&old);
        let state = state(&old, &held);
        let two_gone = BANK.split("## 5.").next().unwrap();
        let mut new = bank(&dir, two_gone);
        let delete = PlanOptions {
            orphans: Orphans::Delete,
            ..PlanOptions::default()
        };
        let refused = Plan::make(&new, &held, &state, &delete);
        assert!(matches!(
            refused,
            Err(Error::TooManyDeletes {
                orphans: 2,
                notes: 6,
                ..
            })
        ));
        let force = PlanOptions {
            force: true,
            ..delete
        };
        let plan = Plan::make(&new, &held, &state, &force).unwrap();
        assert_eq!(plan.summary().orphans, 2);
        assert!(!plan.unresolved());
        new.orphans = false;
        let plan = Plan::make(&new, &held, &state, &force).unwrap();
        assert_eq!(plan.summary().orphans, 0);
    }
}
