//! The one shape of every export format: created from its output and the
//! options, fed documents and entries, finished.

use crate::Result;
use crate::text::TextFormat;
use qbank_core::{Document, Entry, LineEndings};

/// A document as writers see it.
#[derive(Clone, Copy, Debug)]
pub struct DocumentRef<'a> {
    /// The decoded source text the model's spans point into.
    pub text: &'a str,
    /// The line breaks the file was written with (`text` has `\n` only).
    pub line_endings: &'a LineEndings,
    /// The model. At [`Writer::begin_document`] of a file parsed piece by
    /// piece it holds the head (path, title); at
    /// [`Writer::end_document`] it is complete, but for its entries, which
    /// came through [`Writer::write_entries`].
    pub document: &'a Document,
    /// Tags for every entry of the document (the `[anki] tags` of its
    /// `qbank.toml`).
    pub tags: &'a [String],
    /// In [`Writer::write_entries`]: whether these entries end the document
    /// (the last of them is its last entry). The driver holds an entry back
    /// until it knows.
    pub last: bool,
}

/// An export format being written, shaped like ripgrep's
/// `grep_searcher::Sink`: every format is created the same way (its crate's
/// `create`, from its output, the [`ExportOptions`] and its own options),
/// receives documents and entries through the same methods, and
/// finishes the same way, handing its output back so that the caller puts
/// it in place. A format implements [`write_entries`](Self::write_entries)
/// and [`finish`](Self::finish); the document calls do nothing unless it
/// overrides them.
///
/// Calls come in this order: for each document, `begin_document`, any
/// number of `write_entries` (in the document's order), `end_document`;
/// then `finish` once. After an error, the writer is dropped: nothing more
/// is written to it.
pub trait Writer<W> {
    /// A document starts. Nothing, unless the format writes something
    /// there or keeps something per document.
    ///
    /// # Errors
    ///
    /// When the output cannot be written.
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> Result<()> {
        let _ = doc;
        Ok(())
    }

    /// The next entries of the current document.
    ///
    /// # Errors
    ///
    /// When the output cannot be written, or an entry cannot be written in
    /// this format (a cell over a spreadsheet's limit, an image that cannot
    /// be bundled).
    fn write_entries(&mut self, doc: DocumentRef<'_>, entries: &[Entry]) -> Result<()>;

    /// The current document ends. Nothing, unless the format closes
    /// something there.
    ///
    /// # Errors
    ///
    /// When the output cannot be written.
    fn end_document(&mut self, doc: DocumentRef<'_>) -> Result<()> {
        let _ = doc;
        Ok(())
    }

    /// Write what is left and hand the output back, flushed, with any
    /// warnings (cells cut short).
    ///
    /// # Errors
    ///
    /// When the output cannot be written.
    fn finish(self: Box<Self>) -> Result<Finished<W>>;
}

/// A finished export.
#[derive(Debug)]
pub struct Finished<W> {
    /// The output, every byte written and flushed.
    pub output: W,
    /// Things the user should know (cells cut short with `--truncate`).
    pub warnings: Vec<String>,
}

impl<W> Finished<W> {
    /// A finished export with no warning.
    pub fn new(output: W) -> Self {
        Finished {
            output,
            warnings: Vec::new(),
        }
    }
}

/// The options several formats share. An option of one format belongs to
/// that format's own options struct (`qbank_csv::CsvOptions`…), so that
/// adding one touches that crate and the command line alone.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ExportOptions {
    /// Written into outputs that name their producer (JSON's `generator`).
    pub generator: String,
    /// The export time, seconds since the Unix epoch (Anki's modification
    /// times, the XLSX creation date, the dates in zip files):
    /// `SOURCE_DATE_EPOCH` makes outputs reproducible.
    pub time: i64,
    /// Whether several documents are exported (Anki makes them subdecks,
    /// the study page names itself after none of them).
    pub several: bool,
    /// How CSV and XLSX write section bodies.
    pub text: TextFormat,
    /// Bundle images whose path leaves the document's folder (Anki, GIFT,
    /// Moodle XML, QTI, the study page).
    pub allow_outside_media: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            generator: concat!("qbank ", env!("CARGO_PKG_VERSION")).to_owned(),
            time: 0,
            several: false,
            text: TextFormat::Markdown,
            allow_outside_media: false,
        }
    }
}
