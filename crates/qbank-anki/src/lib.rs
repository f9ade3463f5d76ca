//! # qbank-anki: question banks as Anki decks
//!
//! [`create_apkg`] makes the [`Writer`](qbank_export::Writer) of a legacy
//! Anki package (`collection.anki2` at schema 11, the `media` map and
//! numbered media files, Deflate-compressed) that every current Anki client
//! imports; [`create_anki_txt`] that of Anki's text import format. Both
//! take [`AnkiOptions`], this crate's own, beside the options every format
//! shares. Both use four note types of fixed ids and frozen fields:
//! `qbank Q&A` for open entries (`Question`, `Answer`, `Analysis`, `Title`,
//! `Number`, `Source`) and `qbank Choice` for choice entries (`Question`,
//! `Options`, `Marked`, `Correct`, `Answer`, `Analysis`, `Title`, `Number`,
//! `Source`: the front shows the question and its options, the back the
//! options with the correct ones marked, then the analysis), one card per
//! note; `qbank Cloze`, of Anki's cloze kind, for fill entries whose every
//! blank has an answer (`Text`, the question with each blank a deletion
//! `{{c1::共享}}`, `Extra`, `Title`, `Number`, `Source`), one card per
//! deletion number; `qbank Type` for short-answer and numerical entries
//! (`Question`, `Answer`, `Analysis`, `Title`, `Number`, `Source`,
//! `Accepted`, `Unit`: the answer typed into Anki's box and compared with
//! `Answer`, the back showing every accepted answer or the number's
//! bounds). Matching and ordering entries are `qbank Q&A` notes listing
//! what to match or order on the front and the pairs or steps on the back.
//!
//! **Identity.** A note's GUID derives from a stable key, never from its
//! content or the file's path: the entry's explicit id (`{#id}` on its
//! heading, or a `<!-- qbank-id: … -->` comment in it) when it has one, else
//! its deck, its normalised title and the occurrence of that title in the
//! deck. Notes carry the export time (or `SOURCE_DATE_EPOCH`) as their
//! modification time, so Anki's default "update if newer" applies edits on
//! re-import instead of adding duplicates.
//!
//! **HTML.** Bodies are rendered with pulldown-cmark and sanitised with
//! ammonia (no scripts, event handlers or `javascript:` URLs); code blocks
//! are highlighted with syntect as inline styles; `$…$` and `$$…$$` become
//! `\(…\)` and `\[…\]` for Anki's MathJax; local images are bundled.
//!
//! Written by hand (not genanki-rs): genanki-rs is unmaintained, pins an old
//! rusqlite, prints to standard output and is slow.

#![deny(missing_docs)]

mod choice;
mod cloze;
mod graded;
mod identity;
mod list;
mod notes;
mod notetype;
mod package;
mod text;

pub use identity::{guid, title_guid};
pub use list::{NoteData, create_note_list};
pub use notetype::{
    CHOICE_FIELDS, CHOICE_NOTETYPE_ID, CHOICE_NOTETYPE_NAME, CLOZE_CSS, CLOZE_FIELDS,
    CLOZE_NOTETYPE_ID, CLOZE_NOTETYPE_NAME, CSS, FIELDS, NOTETYPE_ID, NOTETYPE_NAME, TYPE_FIELDS,
    TYPE_NOTETYPE_ID, TYPE_NOTETYPE_NAME,
};
pub use package::{create_apkg, write_apkg};
pub use text::create_anki_txt;

use std::path::PathBuf;

/// The options of the Anki formats (`--to anki`, `--to anki-txt`); the
/// export time, whether there are several inputs and whether images may
/// leave the document's folder come from
/// [`ExportOptions`](qbank_export::ExportOptions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnkiOptions {
    /// The deck name (`::` for hierarchy); several inputs become subdecks of
    /// it. Default: each document's title (or its file name).
    pub deck: Option<String>,
    /// Tags added to every note (besides the file's stem, and the
    /// document's own tags, which come with it: `[anki] tags` of its
    /// `qbank.toml`).
    pub tags: Vec<String>,
}

/// Why the deck could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A local image is missing or not allowed.
    #[error("{path}:{line}: image `{image}`: {why}")]
    Media {
        /// The document.
        path: String,
        /// The line of the image reference.
        line: u32,
        /// The image as written.
        image: String,
        /// What is wrong.
        why: String,
    },
    /// A media file could not be read.
    #[error("cannot read media file {path}")]
    MediaRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("could not write the collection")]
    Sqlite(#[from] rusqlite::Error),
    /// The zip container could not be written.
    #[error("could not write the package")]
    Zip(#[from] rawzip::Error),
    /// Writing failed.
    #[error("could not write the deck")]
    Io(#[from] std::io::Error),
    /// The text export failed.
    #[error("could not write the text export")]
    Csv(#[from] csv::Error),
}

impl From<qbank_render::Error> for Error {
    fn from(err: qbank_render::Error) -> Self {
        match err {
            qbank_render::Error::Media {
                path,
                line,
                image,
                why,
            } => Error::Media {
                path,
                line,
                image,
                why,
            },
            // A future kind of render error, shown as an I/O error.
            other => Error::Io(std::io::Error::other(other.to_string())),
        }
    }
}

impl From<Error> for qbank_export::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Io(io) => qbank_export::Error::Io(io),
            Error::Csv(csv) if csv.is_io_error() => match csv.into_kind() {
                csv::ErrorKind::Io(io) => qbank_export::Error::Io(io),
                other => qbank_export::Error::Io(std::io::Error::other(format!("{other:?}"))),
            },
            other => qbank_export::Error::format("Anki", other),
        }
    }
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
