//! What Anki holds: qbank's note types, and qbank's notes in the decks a
//! sync writes.

use crate::client::Client;
use crate::run::Pace;
use crate::{Error, Result};
use serde_json::{Value, json};
use std::collections::HashSet;

/// The note types qbank writes: name and fields, in order.
pub const NOTETYPES: [(&str, &[&str]); 4] = [
    (qbank_anki::NOTETYPE_NAME, &qbank_anki::FIELDS),
    (qbank_anki::CHOICE_NOTETYPE_NAME, &qbank_anki::CHOICE_FIELDS),
    (qbank_anki::CLOZE_NOTETYPE_NAME, &qbank_anki::CLOZE_FIELDS),
    (qbank_anki::TYPE_NOTETYPE_NAME, &qbank_anki::TYPE_FIELDS),
];

/// A note of one of qbank's note types, as Anki holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// Anki's note id.
    pub id: i64,
    /// The deck whose search found it.
    pub deck: String,
    /// Its note type's name.
    pub notetype: String,
    /// Its fields, in the note type's order.
    pub fields: Vec<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its cards' ids.
    pub cards: Vec<i64>,
}

/// Check that each of qbank's note types Anki has still has qbank's
/// fields: Anki's importer would not update notes of a changed one.
///
/// # Errors
///
/// [`Error::NoteTypeChanged`], or AnkiConnect's errors.
pub fn check_notetypes(client: &Client) -> Result<()> {
    let names = client.call("modelNames", json!({}))?;
    let have: HashSet<&str> = names
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let present: Vec<(&str, &[&str])> = NOTETYPES
        .into_iter()
        .filter(|(name, _)| have.contains(name))
        .collect();
    let actions = present
        .iter()
        .map(|(name, _)| ("modelFieldNames", json!({ "modelName": name })))
        .collect();
    for ((name, wanted), found) in present.iter().zip(client.multi(actions)?) {
        let found: Vec<&str> = found
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if found != *wanted {
            return Err(Error::NoteTypeChanged {
                name: (*name).to_owned(),
                found: found.join(", "),
                wanted: wanted.join(", "),
            });
        }
    }
    Ok(())
}

/// The search for qbank's notes in `deck` itself (not its subdecks).
fn query(deck: &str) -> String {
    let deck = escape(deck);
    let types: Vec<String> = NOTETYPES
        .iter()
        .map(|(name, _)| format!("\"note:{}\"", escape(name)))
        .collect();
    format!(
        "\"deck:{deck}\" -\"deck:{deck}::*\" ({})",
        types.join(" OR ")
    )
}

/// Text quoted for Anki's search: its wildcards and quotes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '*' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// qbank's notes in `decks`, each once (in the first deck that finds it),
/// in note id order within a deck: one `findNotes` per deck in one `multi`
/// request, then `notesInfo` [`Pace::batch`] notes at a time, counted on
/// the progress bar.
///
/// # Errors
///
/// AnkiConnect's errors.
pub(crate) fn held_notes(client: &Client, decks: &[String], pace: &Pace<'_>) -> Result<Vec<Held>> {
    held_notes_where(client, decks, |_| true, pace, "reading Anki's notes")
}

/// As [`held_notes`], of the notes whose id `wanted` keeps only (the others
/// are found, not read); `what` names the reading on the progress bar.
///
/// # Errors
///
/// AnkiConnect's errors.
pub(crate) fn held_notes_where(
    client: &Client,
    decks: &[String],
    wanted: impl Fn(i64) -> bool,
    pace: &Pace<'_>,
    what: &str,
) -> Result<Vec<Held>> {
    let searches = decks
        .iter()
        .map(|deck| ("findNotes", json!({ "query": query(deck) })))
        .collect();
    let mut seen = HashSet::new();
    let mut ids: Vec<(i64, &String)> = Vec::new();
    for (deck, found) in decks.iter().zip(client.multi(searches)?) {
        let mut found: Vec<i64> = found
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        found.sort_unstable();
        let new = found.into_iter().filter(|id| seen.insert(*id));
        ids.extend(new.filter(|id| wanted(*id)).map(|id| (id, deck)));
    }
    let mut notes = Vec::with_capacity(ids.len());
    let mut done = 0;
    for chunk in ids.chunks(pace.batch(ids.len())) {
        pace.count(what, done, ids.len());
        let list: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
        let infos = client.call("notesInfo", json!({ "notes": list }))?;
        let infos = infos.as_array().map(Vec::as_slice).unwrap_or_default();
        let read = chunk.iter().zip(infos);
        notes.extend(read.filter_map(|((id, deck), info)| held(*id, deck, info)));
        done += chunk.len();
    }
    Ok(notes)
}

/// One note of `notesInfo`'s answer; `None` for a note deleted meanwhile.
fn held(id: i64, deck: &str, info: &Value) -> Option<Held> {
    let notetype = info.get("modelName")?.as_str()?.to_owned();
    let mut fields: Vec<(i64, String)> = info
        .get("fields")?
        .as_object()?
        .values()
        .map(|f| {
            let order = f.get("order").and_then(Value::as_i64).unwrap_or(0);
            let value = f.get("value").and_then(Value::as_str).unwrap_or_default();
            (order, value.to_owned())
        })
        .collect();
    fields.sort_by_key(|(order, _)| *order);
    let strings = |key: &str| -> Vec<String> {
        info.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let cards = info
        .get("cards")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    Some(Held {
        id,
        deck: deck.to_owned(),
        notetype,
        fields: fields.into_iter().map(|(_, v)| v).collect(),
        tags: strings("tags"),
        cards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_escape_wildcards_and_exclude_subdecks() {
        assert_eq!(escape("a_b*\"c\\"), "a\\_b\\*\\\"c\\\\");
        let q = query("面试::大模型");
        assert!(
            q.starts_with("\"deck:面试::大模型\" -\"deck:面试::大模型::*\" (\"note:qbank Q&A\" OR")
        );
    }
}
