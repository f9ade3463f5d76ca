//! Which of Anki's notes each entry is (see [`crate::plan`] for the order
//! of the rules).

use crate::anki::{Held, NOTETYPES};
use crate::plan::fields_hash;
use crate::state::State;
use qbank_anki::NoteData;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

/// For each note of the bank, the index of its note in `held`, if any.
pub(crate) fn pair(notes: &[NoteData], held: &[Held], state: &State) -> Vec<Option<usize>> {
    let mut pairs = vec![None; notes.len()];
    let mut used = vec![false; held.len()];
    let by_id: HashMap<i64, usize> = held.iter().enumerate().map(|(i, h)| (h.id, i)).collect();
    // 1. The note recorded for the GUID, in whichever synced deck it is
    // (an entry moved between two synced decks is still its note: Anki's
    // importer updates it where it is).
    for (e, note) in notes.iter().enumerate() {
        let recorded = state.notes.get(&note.guid).and_then(|r| by_id.get(&r.id));
        if let Some(&h) = recorded.filter(|&&h| !used[h]) {
            pairs[e] = Some(h);
            used[h] = true;
        }
    }
    // Notes recorded for other GUIDs are theirs alone.
    let claimed: HashSet<i64> = state.notes.values().map(|r| r.id).collect();
    for (i, u) in used.iter_mut().enumerate() {
        *u |= claimed.contains(&held[i].id);
    }
    // 2. Exactly the same fields.
    let mut exact: HashMap<(&str, &str, String), VecDeque<usize>> = HashMap::new();
    for (i, h) in held.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let key = (h.deck.as_str(), h.notetype.as_str(), fields_hash(&h.fields));
        exact.entry(key).or_default().push_back(i);
    }
    take(&mut pairs, &mut used, notes, &mut exact, |n| {
        Some((n.deck.as_str(), n.notetype, fields_hash(&n.fields)))
    });
    // 3. The same title, occurrence by occurrence.
    let mut titled: HashMap<(&str, String), VecDeque<usize>> = HashMap::new();
    for (i, h) in held.iter().enumerate().filter(|(i, _)| !used[*i]) {
        if let Some(title) = held_title(h) {
            titled
                .entry((h.deck.as_str(), title))
                .or_default()
                .push_back(i);
        }
    }
    take(&mut pairs, &mut used, notes, &mut titled, |n| {
        Some((n.deck.as_str(), title_of(n.field_names, &n.fields)?))
    });
    pairs
}

/// Pair each entry still alone with the first free note `candidates` gives.
fn take<'a, K: Hash + Eq>(
    pairs: &mut [Option<usize>],
    used: &mut [bool],
    notes: &'a [NoteData],
    queues: &mut HashMap<K, VecDeque<usize>>,
    key: impl Fn(&'a NoteData) -> Option<K>,
) {
    for (e, note) in notes.iter().enumerate() {
        if pairs[e].is_some() {
            continue;
        }
        let Some(queue) = key(note).and_then(|k| queues.get_mut(&k)) else {
            continue;
        };
        while let Some(h) = queue.pop_front() {
            if !used[h] {
                pairs[e] = Some(h);
                used[h] = true;
                break;
            }
        }
    }
}

/// A held note's normalised title.
pub(crate) fn held_title(h: &Held) -> Option<String> {
    let (_, names) = NOTETYPES.iter().find(|(name, _)| *name == h.notetype)?;
    title_of(names, &h.fields)
}

/// The normalised text of the `Title` field.
fn title_of(names: &[&str], fields: &[String]) -> Option<String> {
    let at = names.iter().position(|n| *n == "Title")?;
    let title = unescape(fields.get(at)?);
    Some(qbank_export::identity::normalize_title(&title))
}

/// The text of a field qbank escaped (`&lt;` and the like).
pub(crate) fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
