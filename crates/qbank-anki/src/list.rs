//! The notes of an export as data, not as a package: what `qbank sync`
//! compares with the notes Anki holds.

use crate::AnkiOptions;
use crate::notes::Notes;
use qbank_core::Entry;
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};

/// One note as the `.apkg` export writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoteData {
    /// Its GUID (see [`guid`](crate::guid)).
    pub guid: String,
    /// Its deck (`::` between levels).
    pub deck: String,
    /// Its note type's name (`qbank Q&A`…).
    pub notetype: &'static str,
    /// The note type's field names, in order.
    pub field_names: &'static [&'static str],
    /// The fields, in the note type's order, as written into the package.
    pub fields: Vec<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// The document it comes from.
    pub path: String,
    /// The entry's title.
    pub title: String,
    /// The ordinals of its cards (one per deletion number of a cloze
    /// note, else `0`).
    pub ords: Vec<u32>,
    /// The local images its fields show (canonical paths), which its
    /// package bundles.
    pub media: Vec<std::path::PathBuf>,
    /// Whether its GUID comes from the entry's explicit id (`{#id}`): it
    /// does not change with the deck.
    pub explicit_id: bool,
}

/// The [`Writer`] whose output is the list of the notes the `.apkg` export
/// of the same documents and options would hold, one per entry, in order
/// (media are not read: only named, and their paths kept);
/// [`write_apkg`](crate::write_apkg) writes the package of any of them.
///
/// # Errors
///
/// None today; a `Result` as every format's `create`.
pub fn create_note_list(
    shared: &ExportOptions,
    options: &AnkiOptions,
) -> qbank_export::Result<Box<dyn Writer<Vec<NoteData>>>> {
    Ok(Box::new(NoteList {
        notes: Notes::new(options, shared),
        out: Vec::new(),
    }))
}

struct NoteList {
    notes: Notes,
    out: Vec<NoteData>,
}

impl Writer<Vec<NoteData>> for NoteList {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.notes.begin(doc.text, doc.document, doc.tags);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let notes = self.notes.make(doc.text, doc.document, entries)?;
        for (note, entry) in notes.into_iter().zip(entries) {
            self.out.push(NoteData {
                guid: note.guid,
                deck: note.deck,
                notetype: note.notetype.name(),
                field_names: note.notetype.fields(),
                fields: note.fields,
                tags: note.tags,
                path: doc.document.path.clone(),
                title: entry.title.clone(),
                ords: note.ords,
                media: note.media,
                explicit_id: note.explicit_id,
            });
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> qbank_export::Result<Finished<Vec<NoteData>>> {
        Ok(Finished::new(self.out))
    }
}
