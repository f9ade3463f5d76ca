//! The Anki formats behind [`qbank_export::Writer`]: `--to anki` and
//! `--to anki-txt`.

use crate::{AnkiOptions, AnkiTxtWriter, ApkgWriter, Error};
use qbank_core::Entry;
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use std::io::{Seek, Write};

fn anki_options(options: &ExportOptions) -> AnkiOptions {
    AnkiOptions {
        deck: options.deck.clone(),
        tags: options.tags.clone(),
        file_tags: Vec::new(),
        allow_outside_media: options.allow_outside_media,
        // Anki applies an edited note on re-import only when its time is
        // later than the one it has: the export time is.
        mod_time: options.time,
    }
}

/// `--to anki`: an [`ApkgWriter`] whose package goes to `out` when it is
/// finished. The zip container needs to seek: it is built in a temporary
/// file (deleted by the system even if the process is killed), then copied
/// to `out`, so that a full disk or a closed pipe is `out`'s own I/O error.
pub struct ApkgExport<W> {
    writer: ApkgWriter,
    out: W,
}

/// Create an [`ApkgExport`].
///
/// # Errors
///
/// When the scratch collection cannot be created.
pub fn create_apkg<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(ApkgExport {
        writer: ApkgWriter::new(&anki_options(options), options.several)?,
        out,
    }))
}

impl<W: Write> Writer<W> for ApkgExport<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.writer.begin_document(doc.text, doc.document, doc.tags);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        Ok(self.writer.entries(doc.text, doc.document, entries)?)
    }

    fn finish(self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let ApkgExport { writer, mut out } = *self;
        let mut package = tempfile::tempfile()?;
        writer.finish(&mut package)?;
        package.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut package, &mut out)?;
        out.flush()?;
        Ok(Finished::new(out))
    }
}

/// `--to anki-txt`: an [`AnkiTxtWriter`] behind the trait. Its output's I/O
/// errors keep their kind: the csv crate under it would turn them into its
/// own error.
///
/// # Errors
///
/// When the header lines cannot be written.
pub fn create_anki_txt<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    let error = KeptError::default();
    let out = KeepError {
        inner: out,
        error: error.clone(),
    };
    match AnkiTxtWriter::new(out, &anki_options(options), options.several) {
        Ok(writer) => Ok(Box::new(TxtExport {
            writer: Some(writer),
            error,
        })),
        Err(err) => Err(reason(&error, err)),
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

struct TxtExport<W: Write> {
    writer: Option<AnkiTxtWriter<KeepError<W>>>,
    error: KeptError,
}

impl<W: Write> TxtExport<W> {
    fn step(
        &mut self,
        f: impl FnOnce(&mut AnkiTxtWriter<KeepError<W>>) -> crate::Result<()>,
    ) -> qbank_export::Result<()> {
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        f(writer).map_err(|err| reason(&self.error, err))
    }
}

impl<W: Write> Writer<W> for TxtExport<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.step(|w| {
            w.begin_document(doc.text, doc.document, doc.tags);
            Ok(())
        })
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        self.step(|w| w.entries(doc.text, doc.document, entries))
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let Some(mut writer) = self.writer.take() else {
            return Err(qbank_export::Error::Io(std::io::Error::other("no writer")));
        };
        writer.flush().map_err(|err| reason(&self.error, err))?;
        let (_, out) = writer.finish().map_err(|err| reason(&self.error, err))?;
        Ok(Finished::new(out.inner))
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
