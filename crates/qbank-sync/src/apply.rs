//! Carrying a plan out: one package imported, orphans handled, the state
//! recorded.

use crate::anki::held_notes_where;
use crate::bank::Bank;
use crate::client::Client;
use crate::plan::{Action, Orphans, Plan, fields_hash};
use crate::state::{Record, State};
use crate::{Error, ORPHAN_TAG, Result};
use serde_json::json;
use std::collections::HashSet;

/// What applying a plan said besides the plan.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Applied {
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// Apply `plan` (made from `bank`) through `client`, at time `now`, and
/// record in `state` what was written (the caller saves it). Added notes
/// get their note ids in `plan`.
///
/// # Errors
///
/// AnkiConnect's errors, the package's, or [`Error::NotApplied`] when Anki
/// did not update a note it was sent.
pub fn apply(
    client: &Client,
    bank: &Bank,
    plan: &mut Plan,
    state: &mut State,
    now: i64,
) -> Result<Applied> {
    let mut applied = Applied::default();
    let send = plan.send();
    if !send.is_empty() {
        // Anki updates a note only from a strictly newer one: later than an
        // edit made in Anki this very second (--overwrite), and than the
        // package of a sync a moment ago.
        let time = (now + 1).max(state.time + 1);
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("qbank-sync.apkg");
        bank.write_package(&send, time, &path)?;
        let path = std::path::absolute(&path)?;
        client.call("importPackage", json!({ "path": path.to_string_lossy() }))?;
        state.time = time;
    }
    orphans(client, plan)?;
    restore(client, plan)?;
    move_cards(client, plan)?;
    if !send.is_empty() {
        verify(client, bank, plan, &mut applied)?;
    }
    record(bank, plan, state);
    Ok(applied)
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

/// Read the decks back: each updated note holds what was sent, and each
/// added one gets its note id.
fn verify(client: &Client, bank: &Bank, plan: &mut Plan, applied: &mut Applied) -> Result<()> {
    // Only the notes that are new, or were sent, are read back.
    let known: HashSet<i64> = plan.items.iter().filter_map(|i| i.note_id).collect();
    let sent: HashSet<i64> = plan
        .items
        .iter()
        .filter(|i| i.action == Action::Update)
        .filter_map(|i| i.note_id)
        .collect();
    let wanted = |id: i64| !known.contains(&id) || sent.contains(&id);
    let after = held_notes_where(client, &bank.decks(), wanted)?;
    let mut fresh: Vec<_> = after.iter().filter(|h| !known.contains(&h.id)).collect();
    let (mut failed, mut first, mut unseen) = (0, String::new(), 0);
    for item in &mut plan.items {
        let Some(note) = item.entry.and_then(|e| bank.notes.get(e)) else {
            continue;
        };
        let wanted = fields_hash(&note.fields);
        match item.action {
            Action::Update => {
                let held = after.iter().find(|h| Some(h.id) == item.note_id);
                if held.is_none_or(|h| fields_hash(&h.fields) != wanted) {
                    failed += 1;
                    if first.is_empty() {
                        first.clone_from(&item.title);
                    }
                }
            }
            Action::Add => {
                let found = fresh.iter().position(|h| {
                    h.deck == note.deck
                        && h.notetype == note.notetype
                        && fields_hash(&h.fields) == wanted
                });
                match found {
                    Some(at) => item.note_id = Some(fresh.swap_remove(at).id),
                    None => unseen += 1,
                }
            }
            _ => {}
        }
    }
    if unseen > 0 {
        applied.warnings.push(format!(
            "{unseen} added notes were not found in their decks after the import \
             (a note of the same GUID elsewhere in Anki was updated instead?)"
        ));
    }
    if failed > 0 {
        return Err(Error::NotApplied {
            count: failed,
            title: first,
        });
    }
    Ok(())
}

/// What the state file keeps of this sync.
fn record(bank: &Bank, plan: &Plan, state: &mut State) {
    for item in &plan.items {
        match (
            item.action,
            item.entry.and_then(|e| bank.notes.get(e)),
            item.note_id,
        ) {
            (Action::Add | Action::Update | Action::Unchanged, Some(note), Some(id)) => {
                let hash = fields_hash(&note.fields);
                state.notes.insert(note.guid.clone(), Record { id, hash });
            }
            (Action::Orphan, _, Some(id)) if plan.orphans == Orphans::Delete => {
                state.notes.retain(|_, r| r.id != id);
            }
            _ => {}
        }
    }
}
