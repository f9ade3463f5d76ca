//! The plan: which entry is which note of Anki's, and what to do with each.
//!
//! **Matching.** AnkiConnect does not return GUIDs, so an entry (known by
//! its GUID, see [`qbank_anki::guid`]) is matched to one of qbank's notes
//! in its deck, in this order: the note the state file recorded for its
//! GUID, in any synced deck (this follows an entry with an explicit `{#id}`
//! through renames, edits and moves, and any entry through edits of its
//! title); else a note not recorded for another entry of the bank whose
//! note type and fields are exactly the entry's (a deck imported as an
//! `.apkg` before its first sync); else such a note with the same deck and
//! the same normalised `Title` field, the n-th occurrence of a title paired
//! with the n-th note of that title by note id (the export's own identity
//! key, recomputed from the fields); else, for an entry moved to another
//! synced deck (its GUID, which holds its deck, changed), a note left in
//! another synced deck of the same note type whose fields are the entry's
//! but for `Number` and `Source`, or failing that whose normalised title
//! is found once among the entries left and once among the notes left.
//! Notes left over are orphans; entries left over are added.
//!
//! **Changed.** Fields are compared as written, but for a `Source` that
//! names the same file at another line or by another spelling of its path:
//! a note whose fields are the export's and which carries the export's
//! tags (Anki's own, such as `leech` or `marked`, may be added) is
//! unchanged and nothing is sent for it. A note whose fields differ from
//! the hash of what qbank last wrote into it ([`State`], found by note id)
//! was edited in Anki: a conflict, left alone unless `--overwrite`. A note
//! qbank has no record of whose fields differ is a conflict too (qbank
//! cannot tell whose edit it is), unless only `Number` and `Source`, which
//! say where the entry is, differ.

use crate::anki::{Held, NOTETYPES};
use crate::bank::Bank;
use crate::fields::{fields_hash, same_but_place, same_but_source};
use crate::state::{Record, State};
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
    /// The note's GUID in Anki when it is not the entry's (see
    /// [`Record::guid`]): its updates are written under it.
    #[serde(skip)]
    pub anki_guid: Option<String>,
    /// The hash of the note's fields as Anki holds them: what the state
    /// file records for a note left unchanged (its `Source` may name an
    /// older line).
    #[serde(skip)]
    pub held_hash: Option<String>,
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
        let pairs = crate::matching::pair(&bank.notes, held, state, bank.orphans);
        let known = Known {
            held,
            records: state.notes.iter().map(|(g, r)| (r.id, (g, r))).collect(),
            options,
        };
        let mut items: Vec<Item> = bank
            .notes
            .iter()
            .zip(&pairs)
            .enumerate()
            .map(|(e, (note, h))| known.entry_item(e, note, h.map(|h| &held[h])))
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

/// What a plan is decided from besides the bank.
struct Known<'a> {
    /// qbank's notes in the synced decks.
    held: &'a [Held],
    /// The state file's records, by note id.
    records: HashMap<i64, (&'a String, &'a Record)>,
    options: &'a PlanOptions,
}

impl Known<'_> {
    /// The item of an entry and the note it was matched to.
    fn entry_item(&self, e: usize, note: &NoteData, held: Option<&Held>) -> Item {
        let (action, reason) = match held {
            None => (Action::Add, None),
            Some(h) => self.decide(note, h),
        };
        let anki_guid = held
            .map(|h| crate::matching::anki_guid(note, h, self.held, self.record(h)))
            .filter(|guid| *guid != note.guid);
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
            anki_guid,
            held_hash: held.map(|h| fields_hash(&h.fields)),
        }
    }

    /// The state file's record of note `h`: its GUID and what qbank last
    /// wrote into it.
    fn record(&self, h: &Held) -> Option<(&String, &Record)> {
        self.records.get(&h.id).copied()
    }

    /// Why note `h`, whose fields differ from `note`'s, was edited by
    /// someone else than qbank, if it was.
    fn edited(&self, note: &NoteData, h: &Held) -> Option<&'static str> {
        match self.record(h) {
            Some((_, record)) => (record.hash != fields_hash(&h.fields))
                .then_some("edited in Anki since qbank last wrote it; --overwrite replaces the edit"),
            // Fields that say where the entry is change without anyone's
            // edit (an entry moved, or inserted above).
            None => (!same_but_place(note.field_names, &h.fields, &note.fields)).then_some(
                "qbank has no record of writing it and its fields differ; --overwrite takes the bank's",
            ),
        }
    }

    /// Unchanged, updated or a conflict (with why).
    fn decide(&self, note: &NoteData, h: &Held) -> (Action, Option<String>) {
        if h.notetype != note.notetype {
            let why = format!(
                "the note is a `{}` in Anki, the entry a `{}`: Anki cannot change a note's type",
                h.notetype, note.notetype
            );
            return (Action::Conflict, Some(why));
        }
        let tags: HashSet<String> = h.tags.iter().map(|t| t.to_lowercase()).collect();
        let tagged = note.tags.iter().all(|t| tags.contains(&t.to_lowercase()));
        let same = same_but_source(note.field_names, &h.fields, &note.fields);
        if same && tagged && h.deck == note.deck {
            return (Action::Unchanged, None);
        }
        let edited = if same {
            // Fields already the bank's (only tags or the deck differ) are
            // no one's edit, whatever the record says (a sync stopped
            // half-way).
            None
        } else {
            self.edited(note, h)
        };
        match edited {
            Some(why) if !self.options.overwrite => (Action::Conflict, Some(why.to_owned())),
            _ => (Action::Update, None),
        }
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
        anki_guid: None,
        held_hash: None,
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
mod tests;
