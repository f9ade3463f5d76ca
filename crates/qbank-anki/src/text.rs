//! Anki's text import format.

use crate::notes::Notes;
use crate::notetype::CHOICE_FIELDS;
use crate::{AnkiOptions, Error, Result};
use qbank_core::Entry;
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use std::io::Write;

/// `--to anki-txt`: Anki's text import format, written entry by entry:
/// header lines, then one tab-separated line per note: `guid`, `notetype`
/// (`qbank Q&A`, `qbank Choice` or `qbank Cloze`), `deck`, nine field
/// columns named after the fields of `qbank Choice` (an open entry's note
/// leaves the last three, `Options`, `Marked` and `Correct`, empty: both
/// note types share the first six), `tags`. Anki fills a note's fields from
/// the field columns in order, whatever their names: a cloze note's five
/// fields (`Text`, `Extra`, `Title`, `Number`, `Source`) take the first five
/// columns, the other four are empty. The output's I/O errors keep their kind: the csv crate under the
/// writer would turn them into its own error.
///
/// # Errors
///
/// When the header lines cannot be written.
pub fn create_anki_txt<W: Write + 'static>(
    out: W,
    shared: &ExportOptions,
    options: &AnkiOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    let error = KeptError::default();
    let out = KeepError {
        inner: out,
        error: error.clone(),
    };
    match TxtWriter::new(out, shared, options, error.clone()) {
        Ok(writer) => Ok(Box::new(writer)),
        Err(err) => Err(reason(&error, err)),
    }
}

/// The text export being written (see [`create_anki_txt`]).
struct TxtWriter<W: Write> {
    notes: Notes,
    writer: csv::Writer<KeepError<W>>,
    /// The output's first I/O error, shared with the `KeepError` around it.
    error: KeptError,
}

impl<W: Write> TxtWriter<W> {
    /// Start the export: writes the header lines.
    fn new(
        mut out: KeepError<W>,
        shared: &ExportOptions,
        options: &AnkiOptions,
        error: KeptError,
    ) -> Result<Self> {
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
        Ok(TxtWriter {
            notes: Notes::new(options, shared),
            writer,
            error,
        })
    }

    /// Write the notes of entries of the open document.
    fn entries(&mut self, doc: DocumentRef<'_>, entries: &[Entry]) -> Result<()> {
        for note in self.notes.make(doc.text, doc.document, entries)? {
            let mut record: Vec<&str> = vec![&note.guid, note.notetype.name(), &note.deck];
            record.extend(note.fields.iter().map(String::as_str));
            record.resize(CHOICE_FIELDS.len() + 3, "");
            let tags = note.tags.join(" ");
            record.push(&tags);
            self.writer.write_record(&record)?;
        }
        Ok(())
    }
}

impl<W: Write> Writer<W> for TxtWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.notes.begin(doc.text, doc.document, doc.tags);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        self.entries(doc, entries)
            .map_err(|err| reason(&self.error, err))
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let flushed = self.writer.flush().map_err(Error::from);
        flushed.map_err(|err| reason(&self.error, err))?;
        let TxtWriter { writer, error, .. } = *self;
        let out = writer
            .into_inner()
            .map_err(|err| reason(&error, Error::Io(err.into_error())))?;
        Ok(Finished::new(out.inner))
    }
}

/// The first I/O error of an output, shared with the writer that wraps it.
type KeptError = std::rc::Rc<std::cell::RefCell<Option<std::io::Error>>>;

/// The output's own I/O error when there was one, else `err`.
fn reason(error: &KeptError, err: Error) -> qbank_export::Error {
    match error.borrow_mut().take() {
        Some(io) => qbank_export::Error::Io(io),
        None => err.into(),
    }
}

/// A writer that keeps the first error of the writer it wraps.
struct KeepError<W> {
    inner: W,
    error: KeptError,
}

impl<W> KeepError<W> {
    fn keep(&mut self, err: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(err.kind(), err.to_string());
        // `write_all` retries an interrupted write: that one is no failure.
        if err.kind() != std::io::ErrorKind::Interrupted {
            self.error.borrow_mut().get_or_insert(err);
        }
        copy
    }
}

impl<W: Write> Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|err| self.keep(err))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|err| self.keep(err))
    }
}
