//! Anki's text import format.

use crate::notes::Notes;
use crate::notetype::CHOICE_FIELDS;
use crate::{AnkiOptions, Error, Result, Summary, write_files};
use qbank_core::{Document, Entry, ParsedFile};
use std::io::Write;

/// Write Anki's text import format: header lines, then one tab-separated
/// line per note: `guid`, `notetype` (`qbank Q&A` or `qbank Choice`),
/// `deck`, the nine fields of `qbank Choice` (an open entry's note leaves
/// the last three, `Options`, `Marked` and `Correct`, empty: both note
/// types share the first six), `tags`.
///
/// # Errors
///
/// [`Error::Media`] for a missing or refused image, and write errors.
pub fn write_anki_txt<W: Write>(
    out: W,
    files: &[&ParsedFile],
    options: &AnkiOptions,
) -> Result<Summary> {
    let mut writer = AnkiTxtWriter::new(out, options, files.len() > 1)?;
    write_files(files, options, |text, doc, tags| {
        writer.begin_document(text, doc, tags);
        writer.entries(text, doc, &doc.entries)
    })?;
    writer.finish().map(|(summary, _)| summary)
}

/// Anki's text import format written entry by entry, as
/// [`qbank_core::parse_each`] hands entries on (see [`ApkgWriter`](crate::ApkgWriter) for the
/// order of calls). The output is that of [`write_anki_txt`].
pub struct AnkiTxtWriter<W: Write> {
    notes: Notes,
    writer: csv::Writer<W>,
    count: usize,
}

impl<W: Write> AnkiTxtWriter<W> {
    /// Start the export: writes the header lines.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn new(mut out: W, options: &AnkiOptions, several: bool) -> Result<Self> {
        // A notetype column, not one `#notetype:` for the file: its header
        // is written before the first entry is read, and a bank may hold
        // both kinds of entry.
        out.write_all(
            format!(
                "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:{}\n#columns:guid\tnotetype\tdeck\t{}\ttags\n",
                CHOICE_FIELDS.len() + 4,
                CHOICE_FIELDS.join("\t")
            )
            .as_bytes(),
        )?;
        let writer = csv::WriterBuilder::new()
            .delimiter(b'\t')
            // Every field quoted: Anki's importer skips a line that starts
            // with `#` as a comment, and `#` is one of the GUID's characters
            // (about one note in 4,000 would have been lost unquoted).
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(out);
        Ok(AnkiTxtWriter {
            notes: Notes::new(options, several),
            writer,
            count: 0,
        })
    }

    /// Start a document (see [`ApkgWriter::begin_document`](crate::ApkgWriter::begin_document)).
    pub fn begin_document(&mut self, text: &str, doc: &Document, tags: &[String]) {
        self.notes.begin(text, doc, tags);
    }

    /// Write the notes of entries of the open document.
    ///
    /// # Errors
    ///
    /// [`Error::Media`] for a missing or refused image, and write errors.
    pub fn entries(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        for note in self.notes.make(text, doc, entries)? {
            let mut record: Vec<&str> = vec![&note.guid, note.notetype.name(), &note.deck];
            record.extend(note.fields.iter().map(String::as_str));
            record.resize(CHOICE_FIELDS.len() + 3, "");
            let tags = note.tags.join(" ");
            record.push(&tags);
            self.writer.write_record(&record)?;
            self.count += 1;
        }
        Ok(())
    }

    /// Flush what is buffered.
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.writer.flush()?;
        Ok(())
    }

    /// Flush; the summary and the writer.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn finish(mut self) -> Result<(Summary, W)> {
        self.writer.flush()?;
        let summary = Summary {
            notes: self.count,
            decks: self.notes.decks.clone(),
            media: 0,
        };
        let out = self
            .writer
            .into_inner()
            .map_err(|err| Error::Io(err.into_error()))?;
        Ok((summary, out))
    }
}
