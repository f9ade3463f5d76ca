//! Carrying a plan out: packages of the new and changed notes imported,
//! orphans handled, moved cards moved, the notes read back, the state
//! recorded.

use crate::anki::{Held, held_notes_where};
use crate::bank::{Bank, write_package};
use crate::client::Client;
use crate::fields::fields_hash;
use crate::plan::{Action, Orphans, Plan};
use crate::run::Pace;
use crate::state::{Record, State};
use crate::{Error, ORPHAN_TAG, Result};
use qbank_anki::NoteData;
use serde_json::json;
use std::collections::{HashMap, HashSet, VecDeque};

/// What applying a plan said besides the plan.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Applied {
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// Apply `plan` (made from `bank`) through `client`, at time `now`, and
/// record in `state` what was written (the caller saves it). Added notes
/// get their note ids in `plan`. New and changed notes go to Anki
/// [`Pace::batch`] at a time, one package each, counted on the progress
/// bar.
///
/// # Errors
///
/// AnkiConnect's errors, the package's, or [`Error::NotApplied`] when Anki
/// did not update a note it was sent. A package that fails leaves the
/// state as it was: the next sync finds the notes imported so far by their
/// fields.
pub(crate) fn apply(
    client: &Client,
    bank: &Bank,
    plan: &mut Plan,
    state: &mut State,
    now: i64,
    pace: &Pace<'_>,
) -> Result<Applied> {
    let mut applied = Applied::default();
    let all: Vec<usize> = (0..plan.items.len()).collect();
    let send = to_send(bank, plan, &all);
    // Anki updates a note only from a strictly newer one: later than an
    // edit made in Anki this very second (--overwrite), and than the
    // packages of a sync a moment ago.
    let mut time = (now + 1).max(state.time + 1);
    if !send.is_empty() {
        import(client, &send, time, pace)?;
    }
    orphans(client, plan)?;
    restore(client, plan)?;
    move_cards(client, plan)?;
    if !send.is_empty() {
        let ReadBack { mut missed, strays } = read_back(client, bank, plan, &mut applied, pace)?;
        if !missed.is_empty() {
            // Written a moment ago by a sync whose state file is gone
            // (deleted, or never saved: it stopped half-way), a note may be
            // as new as this package: sent once more, a second later.
            time += 1;
            import(client, &to_send(bank, plan, &missed), time, pace)?;
            missed = check_again(client, bank, plan, &missed, pace)?;
        }
        if let Some(&first) = missed.first() {
            remove_strays(client, bank, plan, &missed, &strays)?;
            return Err(Error::NotApplied {
                count: missed.len(),
                title: plan.items[first].title.clone(),
            });
        }
        state.time = time;
    }
    record(bank, plan, state);
    Ok(applied)
}

/// The notes of the added and updated entries among the plan's `items`,
/// each under the GUID its note has in Anki.
fn to_send(bank: &Bank, plan: &Plan, items: &[usize]) -> Vec<NoteData> {
    items
        .iter()
        .filter_map(|&i| plan.items.get(i))
        .filter(|i| matches!(i.action, Action::Add | Action::Update))
        .filter_map(|i| {
            let mut note = bank.notes.get(i.entry?)?.clone();
            if let Some(guid) = &i.anki_guid {
                note.guid.clone_from(guid);
            }
            Some(note)
        })
        .collect()
}

/// Import `notes` into Anki, a package per batch, with the same
/// modification time, their note ids apart.
fn import(client: &Client, notes: &[NoteData], time: i64, pace: &Pace<'_>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = std::path::absolute(dir.path().join("qbank-sync.apkg"))?;
    let mut done = 0;
    for batch in notes.chunks(pace.batch(notes.len())) {
        pace.count("importing into Anki", done, notes.len());
        let first = i64::try_from(done).unwrap_or(i64::MAX);
        write_package(batch, time, first, &path)?;
        client.call("importPackage", json!({ "path": path.to_string_lossy() }))?;
        done += batch.len();
    }
    pace.count("importing into Anki", done, notes.len());
    Ok(())
}

/// Suspend and tag, or delete, the orphans.
fn orphans(client: &Client, plan: &Plan) -> Result<()> {
    let orphans: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.action == Action::Orphan)
        .collect();
    let notes: Vec<i64> = orphans.iter().filter_map(|i| i.note_id).collect();
    if notes.is_empty() {
        return Ok(());
    }
    let cards: Vec<i64> = orphans
        .iter()
        .flat_map(|i| i.cards.iter().copied())
        .collect();
    match plan.orphans {
        Orphans::Report => {}
        Orphans::Suspend => {
            client.multi(vec![
                ("addTags", json!({ "notes": notes, "tags": ORPHAN_TAG })),
                ("suspend", json!({ "cards": cards })),
            ])?;
        }
        Orphans::Delete => {
            client.call("deleteNotes", json!({ "notes": notes }))?;
        }
    }
    Ok(())
}

/// Notes orphaned by an earlier sync whose entry is back: untagged and
/// unsuspended.
fn restore(client: &Client, plan: &Plan) -> Result<()> {
    let back: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.restore && matches!(i.action, Action::Unchanged | Action::Update))
        .collect();
    let notes: Vec<i64> = back.iter().filter_map(|i| i.note_id).collect();
    if notes.is_empty() {
        return Ok(());
    }
    let cards: Vec<i64> = back.iter().flat_map(|i| i.cards.iter().copied()).collect();
    client.multi(vec![
        ("removeTags", json!({ "notes": notes, "tags": ORPHAN_TAG })),
        ("unsuspend", json!({ "cards": cards })),
    ])?;
    Ok(())
}

/// The cards of notes whose entry moved to another synced deck, moved
/// there (Anki's importer leaves a note's cards where they are).
fn move_cards(client: &Client, plan: &Plan) -> Result<()> {
    let moves = plan
        .items
        .iter()
        .filter(|i| i.moved_from.is_some() && !i.cards.is_empty())
        .map(|i| ("changeDeck", json!({ "cards": i.cards, "deck": i.deck })))
        .collect();
    client.multi(moves)?;
    Ok(())
}

/// What reading the notes back found: the updates Anki did not apply
/// (their items), and the new notes no added entry took.
struct ReadBack {
    missed: Vec<usize>,
    strays: Vec<Held>,
}

/// Read the decks back: each added note gets its note id (found by deck,
/// note type and fields).
fn read_back(
    client: &Client,
    bank: &Bank,
    plan: &mut Plan,
    applied: &mut Applied,
    pace: &Pace<'_>,
) -> Result<ReadBack> {
    // Only the notes that are new, or were sent, are read back.
    let known: HashSet<i64> = plan.items.iter().filter_map(|i| i.note_id).collect();
    let updates: Vec<usize> = (0..plan.items.len())
        .filter(|&i| plan.items[i].action == Action::Update)
        .collect();
    let sent: HashSet<i64> = updates
        .iter()
        .filter_map(|&i| plan.items[i].note_id)
        .collect();
    let wanted = |id: i64| !known.contains(&id) || sent.contains(&id);
    let after = held_notes_where(client, &bank.decks(), wanted, pace, "reading back")?;
    let missed = not_applied(bank, plan, &after, &updates);
    let mut fresh: HashMap<(String, String, String), VecDeque<Held>> = HashMap::new();
    for h in after.into_iter().filter(|h| !known.contains(&h.id)) {
        let key = (h.deck.clone(), h.notetype.clone(), fields_hash(&h.fields));
        fresh.entry(key).or_default().push_back(h);
    }
    let mut unseen = 0;
    for item in plan.items.iter_mut().filter(|i| i.action == Action::Add) {
        let Some(note) = item.entry.and_then(|e| bank.notes.get(e)) else {
            continue;
        };
        let key = (
            note.deck.clone(),
            note.notetype.to_owned(),
            fields_hash(&note.fields),
        );
        match fresh.get_mut(&key).and_then(VecDeque::pop_front) {
            Some(h) => item.note_id = Some(h.id),
            None => unseen += 1,
        }
    }
    if unseen > 0 {
        applied.warnings.push(format!(
            "{unseen} added notes were not found in their decks after the import \
             (a note of the same GUID elsewhere in Anki was updated instead?)"
        ));
    }
    let strays = fresh.into_values().flatten().collect();
    Ok(ReadBack { missed, strays })
}

/// The new notes that updates Anki did not apply added instead (the note
/// matched holds another GUID than the one sent): deleted, just made as
/// they are, so that the failed sync leaves no duplicate.
fn remove_strays(
    client: &Client,
    bank: &Bank,
    plan: &Plan,
    missed: &[usize],
    strays: &[Held],
) -> Result<()> {
    let sent: HashSet<(&str, &str, String)> = missed
        .iter()
        .filter_map(|&i| bank.notes.get(plan.items[i].entry?))
        .map(|n| (n.deck.as_str(), n.notetype, fields_hash(&n.fields)))
        .collect();
    let stray: Vec<i64> = strays
        .iter()
        .filter(|h| sent.contains(&(h.deck.as_str(), h.notetype.as_str(), fields_hash(&h.fields))))
        .map(|h| h.id)
        .collect();
    if !stray.is_empty() {
        client.call("deleteNotes", json!({ "notes": stray }))?;
    }
    Ok(())
}

/// Read the notes of the updates `items` back: those still not holding
/// what was sent.
fn check_again(
    client: &Client,
    bank: &Bank,
    plan: &Plan,
    items: &[usize],
    pace: &Pace<'_>,
) -> Result<Vec<usize>> {
    let ids: HashSet<i64> = items
        .iter()
        .filter_map(|&i| plan.items[i].note_id)
        .collect();
    let wanted = |id: i64| ids.contains(&id);
    let after = held_notes_where(client, &bank.decks(), wanted, pace, "reading back")?;
    Ok(not_applied(bank, plan, &after, items))
}

/// The updates among `items` whose note in `after` does not hold what was
/// sent.
fn not_applied(bank: &Bank, plan: &Plan, after: &[Held], items: &[usize]) -> Vec<usize> {
    let by_id: HashMap<i64, &Held> = after.iter().map(|h| (h.id, h)).collect();
    items
        .iter()
        .copied()
        .filter(|&i| {
            let item = &plan.items[i];
            let note = item.entry.and_then(|e| bank.notes.get(e));
            let held = item.note_id.and_then(|id| by_id.get(&id));
            match (note, held) {
                (Some(note), Some(h)) => fields_hash(&h.fields) != fields_hash(&note.fields),
                _ => true,
            }
        })
        .collect()
}

/// What the state file keeps of this sync: for each note written or left
/// unchanged, its id, the hash of what it holds (for an unchanged note,
/// what Anki holds: its `Source` may name an older line) and its GUID in
/// Anki when not the entry's; records of the same notes under other GUIDs
/// (an entry that moved) are dropped, and those of deleted orphans.
fn record(bank: &Bank, plan: &Plan, state: &mut State) {
    let mut written: HashMap<i64, (String, Record)> = HashMap::new();
    for item in &plan.items {
        let note = item.entry.and_then(|e| bank.notes.get(e));
        let hash = match (item.action, note) {
            (Action::Add | Action::Update, Some(note)) => Some(fields_hash(&note.fields)),
            (Action::Unchanged, Some(_)) => item.held_hash.clone(),
            _ => None,
        };
        if let (Some(note), Some(hash), Some(id)) = (note, hash, item.note_id) {
            let guid = item.anki_guid.clone();
            written.insert(id, (note.guid.clone(), Record { id, hash, guid }));
        }
    }
    let deleted: HashSet<i64> = plan
        .items
        .iter()
        .filter(|i| i.action == Action::Orphan && plan.orphans == Orphans::Delete)
        .filter_map(|i| i.note_id)
        .collect();
    state.notes.retain(|guid, r| {
        !deleted.contains(&r.id) && written.get(&r.id).is_none_or(|(g, _)| g == guid)
    });
    for (guid, record) in written.into_values() {
        state.notes.insert(guid, record);
    }
}
