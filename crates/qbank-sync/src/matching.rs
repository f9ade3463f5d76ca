//! Which of Anki's notes each entry is (see [`crate::plan`] for the order
//! of the rules).

use crate::anki::{Held, NOTETYPES};
use crate::fields::{content_hash, fields_hash};
use crate::state::{Record, State};
use qbank_anki::NoteData;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

/// For each note of the bank, the index of its note in `held`, if any;
/// rule 4 (moved entries) only when `moves` (every input was read: a note
/// whose entry is in an input that failed is not taken for another).
pub(crate) fn pair(
    notes: &[NoteData],
    held: &[Held],
    state: &State,
    moves: bool,
) -> Vec<Option<usize>> {
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
    // Notes recorded for other entries of the bank are theirs alone (one
    // recorded for a GUID the bank no longer has may be its entry moved).
    let guids: HashSet<&str> = notes.iter().map(|n| n.guid.as_str()).collect();
    let claimed: HashSet<i64> = state
        .notes
        .iter()
        .filter(|(guid, _)| guids.contains(guid.as_str()))
        .map(|(_, r)| r.id)
        .collect();
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
    // 4. An entry moved to another deck of the sync.
    if moves {
        moved(&mut pairs, &mut used, notes, held);
    }
    pairs
}

/// Rule 4: an entry still alone and a note still alone in another deck of
/// the sync, of the same note type, are the entry moved there when the
/// note's fields are the entry's but for where the entry is (`Number`,
/// `Source`), or, failing that, when their normalised title is found once
/// among the entries still alone and once among the notes still alone.
fn moved(pairs: &mut [Option<usize>], used: &mut [bool], notes: &[NoteData], held: &[Held]) {
    let mut same: HashMap<(&str, String), VecDeque<usize>> = HashMap::new();
    for (i, h) in held.iter().enumerate().filter(|(i, _)| !used[*i]) {
        if let Some(names) = field_names(&h.notetype) {
            let key = (h.notetype.as_str(), content_hash(names, &h.fields));
            same.entry(key).or_default().push_back(i);
        }
    }
    for (e, note) in notes.iter().enumerate() {
        let key = (note.notetype, content_hash(note.field_names, &note.fields));
        let Some(queue) = same.get_mut(&key).filter(|_| pairs[e].is_none()) else {
            continue;
        };
        let found = queue
            .iter()
            .position(|&h| !used[h] && held[h].deck != note.deck);
        if let Some(h) = found.and_then(|at| queue.remove(at)) {
            pairs[e] = Some(h);
            used[h] = true;
        }
    }
    moved_by_title(pairs, used, notes, held);
}

/// Entries and notes still alone of one normalised title.
#[derive(Default)]
struct Alone {
    entries: Vec<usize>,
    notes: Vec<usize>,
}

/// Rule 4's second half: a title found once on each side.
fn moved_by_title(
    pairs: &mut [Option<usize>],
    used: &mut [bool],
    notes: &[NoteData],
    held: &[Held],
) {
    let mut titles: HashMap<String, Alone> = HashMap::new();
    for (e, note) in notes
        .iter()
        .enumerate()
        .filter(|(e, _)| pairs[*e].is_none())
    {
        if let Some(title) = title_of(note.field_names, &note.fields) {
            titles.entry(title).or_default().entries.push(e);
        }
    }
    for (i, h) in held.iter().enumerate().filter(|(i, _)| !used[*i]) {
        if let Some(alone) = held_title(h).and_then(|t| titles.get_mut(&t)) {
            alone.notes.push(i);
        }
    }
    for alone in titles.into_values() {
        let (&[e], &[h]) = (alone.entries.as_slice(), alone.notes.as_slice()) else {
            continue;
        };
        if notes[e].notetype == held[h].notetype && notes[e].deck != held[h].deck {
            pairs[e] = Some(h);
            used[h] = true;
        }
    }
}

/// The field names of one of qbank's note types.
fn field_names(notetype: &str) -> Option<&'static [&'static str]> {
    NOTETYPES
        .iter()
        .find(|(name, _)| *name == notetype)
        .map(|(_, names)| *names)
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

/// The GUID the note `h` holds in Anki, as far as qbank can tell, for the
/// entry `note` paired with it: the one `record`ed for it (its key, or the
/// GUID it notes); else, for a note in another deck (the entry moved there
/// without an explicit id), the GUID its entry had in that deck: its deck,
/// its normalised title and the occurrence of that title there by note id,
/// as rule 3 pairs them; else the entry's own.
pub(crate) fn anki_guid(
    note: &NoteData,
    h: &Held,
    held: &[Held],
    record: Option<(&String, &Record)>,
) -> String {
    if let Some((key, record)) = record {
        return record.guid.clone().unwrap_or_else(|| key.clone());
    }
    if h.deck == note.deck || note.explicit_id {
        return note.guid.clone();
    }
    let Some(title) = held_title(h) else {
        return note.guid.clone();
    };
    let before = held
        .iter()
        .filter(|o| o.deck == h.deck && o.id < h.id && held_title(o).as_ref() == Some(&title))
        .count();
    qbank_anki::title_guid(&h.deck, &title, before + 1)
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
