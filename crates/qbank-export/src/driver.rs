//! Feeding parsed documents to every writer of a run. The driver parses
//! nothing: `qbank_workspace` hands it whole documents, and large ones piece
//! by piece.

use crate::writer::{DocumentRef, Finished, Writer};
use crate::{Error, Result};
use qbank_core::{Entry, ParsedFile, Piece, Source};

/// Every writer of a run, fed the same documents. A writer that fails is
/// dropped at once (with any temporary file it holds) and its error kept;
/// the others go on.
pub struct Driver<W> {
    slots: Vec<Slot<W>>,
    documents: usize,
    entries: usize,
    progress: Option<Box<dyn FnMut(Progress)>>,
}

/// Where a run stands, as [`Driver::on_progress`] reports it after each
/// batch of entries and each document.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents finished.
    pub documents: usize,
    /// Entries written.
    pub entries: usize,
    /// Bytes of the current document's text passed (its length once it is
    /// finished).
    pub offset: usize,
    /// Whether the current document is finished.
    pub document_done: bool,
}

enum Slot<W> {
    Writing(Box<dyn Writer<W>>),
    Failed(Error),
}

impl<W> Driver<W> {
    /// One slot per output: a writer, or why it could not be created (kept,
    /// and returned by [`finish`](Self::finish) in its place).
    #[must_use]
    pub fn new(writers: Vec<Result<Box<dyn Writer<W>>>>) -> Self {
        let slots = writers
            .into_iter()
            .map(|w| match w {
                Ok(writer) => Slot::Writing(writer),
                Err(err) => Slot::Failed(err),
            })
            .collect();
        Driver {
            slots,
            documents: 0,
            entries: 0,
            progress: None,
        }
    }

    /// Call `report` after each batch of entries and each document (for a
    /// progress bar).
    pub fn on_progress(&mut self, report: impl FnMut(Progress) + 'static) {
        self.progress = Some(Box::new(report));
    }

    fn report(&mut self, offset: usize, document_done: bool) {
        let progress = Progress {
            documents: self.documents,
            entries: self.entries,
            offset,
            document_done,
        };
        if let Some(report) = &mut self.progress {
            report(progress);
        }
    }

    /// How many documents and entries were written.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        (self.documents, self.entries)
    }

    /// Write a whole parsed file.
    pub fn write_parsed(&mut self, file: &ParsedFile, tags: &[String]) {
        self.write_batches(file, tags, usize::MAX);
    }

    /// Write a whole parsed file as a large one is written while it is
    /// parsed: its entries `batch` at a time (at least one), each batch
    /// knowing whether it ends the document. Every format writes the same
    /// bytes whatever the batches: the tests hold them to it.
    pub fn write_batches(&mut self, file: &ParsedFile, tags: &[String], batch: usize) {
        let entries = &file.document.entries;
        let doc = DocumentRef {
            // Known from the start when one batch holds them all.
            last: batch >= entries.len(),
            text: &file.source.text,
            line_endings: &file.source.line_endings,
            document: &file.document,
            tags,
        };
        self.begin_document(doc);
        let mut start = 0;
        while start < entries.len() {
            let end = start.saturating_add(batch.max(1)).min(entries.len());
            let last = end == entries.len();
            self.write_entries(DocumentRef { last, ..doc }, &entries[start..end]);
            start = end;
        }
        self.end_document(DocumentRef { last: true, ..doc });
    }

    /// One step of a document of `source` parsed piece by piece (as
    /// `qbank_workspace::Large::parse` hands them on): begun, its entries a
    /// batch at a time, ended. Its whole model never exists.
    pub fn write_piece(&mut self, source: &Source, tags: &[String], piece: Piece<'_>) {
        let (document, last) = match piece {
            Piece::Begin(head) => (head, false),
            Piece::Entries { document, last, .. } => (document, last),
            Piece::End(document) => (document, true),
        };
        let doc = DocumentRef {
            text: &source.text,
            line_endings: &source.line_endings,
            document,
            tags,
            last,
        };
        match piece {
            Piece::Begin(_) => self.begin_document(doc),
            Piece::Entries { entries, .. } => self.write_entries(doc, entries),
            Piece::End(_) => self.end_document(doc),
        }
    }

    /// A document starts (see [`Writer::begin_document`]).
    pub fn begin_document(&mut self, doc: DocumentRef<'_>) {
        self.each(|w| w.begin_document(doc));
    }

    /// The next entries of the current document, in order; `doc.last`: they
    /// end it. Progress is reported after entries that do not end it (the
    /// batches of a large file).
    pub fn write_entries(&mut self, doc: DocumentRef<'_>, entries: &[Entry]) {
        if entries.is_empty() {
            return;
        }
        self.each(|w| w.write_entries(doc, entries));
        self.entries += entries.len();
        if !doc.last {
            let offset = entries.last().map_or(0, |e| e.span.end as usize);
            self.report(offset, false);
        }
    }

    /// The current document ends (see [`Writer::end_document`]).
    pub fn end_document(&mut self, doc: DocumentRef<'_>) {
        self.each(|w| w.end_document(doc));
        self.documents += 1;
        self.report(doc.text.len(), true);
    }

    fn each(&mut self, mut f: impl FnMut(&mut dyn Writer<W>) -> Result<()>) {
        for slot in &mut self.slots {
            if let Slot::Writing(writer) = slot {
                if let Err(err) = f(writer.as_mut()) {
                    // Dropped now, with any temporary file it holds.
                    *slot = Slot::Failed(err);
                }
            }
        }
    }

    /// Finish every writer: its output (to put in place) or why it failed,
    /// in the order the writers were given.
    #[must_use]
    pub fn finish(self) -> Vec<Result<Finished<W>>> {
        self.slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Writing(writer) => writer.finish(),
                Slot::Failed(err) => Err(err),
            })
            .collect()
    }
}

/// One format over whole parsed files, through a [`Driver`] as `qbank
/// export` feeds it (no per-document tags): for tests, benchmarks and
/// fuzzers, which hold their files parsed.
///
/// ```
/// use qbank_core::{parse_bytes, ParseOptions};
/// # use qbank_export::{Finished, Result, Writer};
/// # struct Count(usize);
/// # impl Writer<usize> for Count {
/// #     fn write_entries(&mut self, _: qbank_export::DocumentRef<'_>, e: &[qbank_core::Entry]) -> Result<()> {
/// #         self.0 += e.len();
/// #         Ok(())
/// #     }
/// #     fn finish(self: Box<Self>) -> Result<Finished<usize>> { Ok(Finished::new(self.0)) }
/// # }
/// let md = "# Bank\n\n## 1. A\n\n## 2. B\n";
/// let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
/// let counted = qbank_export::export_parsed(Ok(Box::new(Count(0))), &[&file, &file])?;
/// assert_eq!(counted.output, 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The writer's error, when it could not be created or could not write.
pub fn export_parsed<W>(
    writer: Result<Box<dyn Writer<W>>>,
    files: &[&ParsedFile],
) -> Result<Finished<W>> {
    let mut driver = Driver::new(vec![writer]);
    for file in files {
        driver.write_parsed(file, &[]);
    }
    // One writer in, one result out.
    driver
        .finish()
        .pop()
        .unwrap_or_else(|| Err(Error::Io(std::io::Error::other("no writer"))))
}
