//! # qbank-html: a question bank as one self-contained study page
//!
//! `qbank export --to html` writes one HTML file that needs nothing else:
//! its stylesheet and script are inline, its images embedded as `data:`
//! URIs, and a Content-Security-Policy forbids it any request, so it opens
//! from disk in any current browser, online or not.
//!
//! The page shows the bank by document and group, with search, filters by
//! tag, category and progress, and each entry's answer and analysis hidden
//! until revealed (keys: `j`/`k` next and previous, `r` or space to reveal).
//! Choice entries can be answered: pick options, check, see the right and
//! wrong ones marked and a running score. So can fill entries: each blank
//! is a text box, checked against its accepted answers (case, full-width
//! forms and the spaces around aside). So can the graded kinds: a short
//! answer or a number typed in (checked against the accepted answers, or
//! the bounds of its tolerance), a matching by a list per item, an
//! ordering by moving its items (buttons, or Alt+↑ and Alt+↓). Progress is
//! kept in the browser's local storage, per bank. Code is highlighted (light and dark
//! colours), math drawn by a bundled KaTeX (added only to pages that hold
//! math), and the print stylesheet prints every answer.
//!
//! Each entry is an `<article data-entry="N">`, `N` its number (or its
//! position in its document when it has none), so that tools and tests can
//! find entries.
//!
//! The page is written as the entries come: its head at the first
//! document, each entry as it is rendered, the script at the end. The
//! table of contents and the filters' choices are built by the script from
//! the entries' attributes, so a bank of any size streams through.

#![deny(missing_docs)]

mod blank;
mod entry;
mod graded;
mod page;
mod strings;

use qbank_core::{Entry, LineIndex};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use std::collections::HashMap;
use std::io::Write;
use strings::Strings;

/// `--to html`: a [`Writer`] of the study page to `out`.
///
/// # Errors
///
/// None when creating it; writing reports I/O errors and images that
/// cannot be read.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(HtmlWriter {
        out,
        allow_outside: options.allow_outside_media,
        several: options.several,
        generator: options.generator.clone(),
        strings: None,
        documents: 0,
        math: false,
        doc: DocState::default(),
    }))
}

/// The page written document by document, entry by entry.
struct HtmlWriter<W> {
    out: W,
    allow_outside: bool,
    several: bool,
    generator: String,
    /// The page's words, chosen at the first document (its script); `None`
    /// until the head is written.
    strings: Option<&'static Strings>,
    /// Documents begun.
    documents: usize,
    /// Whether any body holds math (KaTeX is then added).
    math: bool,
    doc: DocState,
}

/// What the writer knows of the open document.
#[derive(Default)]
struct DocState {
    lines: Option<LineIndex>,
    /// The group path of the last entry written.
    category: Vec<String>,
    /// Entries written so far.
    entries: usize,
    /// How often each key was used (a repeated title gets `~2`, `~3`…).
    keys: HashMap<String, usize>,
}

impl<W: Write> Writer<W> for HtmlWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        // The page's head, at its first document (whose language it speaks).
        if self.strings.is_none() {
            let s = strings::for_document(doc.document, doc.text);
            let title = page::title(doc.document, self.several, s);
            page::head(&mut self.out, &title, s, &self.generator)?;
            self.strings = Some(s);
        }
        self.documents += 1;
        self.doc = DocState {
            lines: Some(LineIndex::new(doc.text)),
            ..DocState::default()
        };
        page::begin_document(&mut self.out, doc, self.documents)
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let strings = self.strings.unwrap_or(&strings::EN);
        let first = self.doc.entries;
        let keys: Vec<String> = entries.iter().map(|e| self.key(doc, e)).collect();
        let categories: Vec<Vec<String>> = entries
            .iter()
            .map(|e| qbank_export::quiz::category_of(doc.document, e))
            .collect();
        self.doc.entries += entries.len();
        // Rendered on every core, written in order.
        let (lines, allow_outside, document) =
            (self.doc.lines.as_ref(), self.allow_outside, self.documents);
        let rendered = qbank_export::parallel::map_entries(entries, |i, entry| {
            let context = entry::Context {
                doc,
                lines,
                allow_outside,
                document,
                position: first + i + 1,
                key: &keys[i],
                category: &categories[i],
                strings,
            };
            entry::render(&context, entry)
        })?;
        for (category, (html, math)) in categories.into_iter().zip(rendered) {
            if category != self.doc.category {
                page::group(&mut self.out, &category)?;
                self.doc.category = category;
            }
            self.out.write_all(html.as_bytes())?;
            self.math |= math;
        }
        Ok(())
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.out.write_all(b"</section>\n")?;
        self.doc = DocState::default();
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let strings = match self.strings {
            Some(s) => s,
            None => {
                let title = strings::EN.bank.to_owned();
                page::head(&mut self.out, &title, &strings::EN, &self.generator)?;
                &strings::EN
            }
        };
        page::foot(&mut self.out, strings, self.math)?;
        self.out.flush()?;
        Ok(Finished::new(self.out))
    }
}

impl<W> HtmlWriter<W> {
    /// The key progress is kept under: the entry's explicit id, else its
    /// title (whitespace collapsed, case folded), counted on where a
    /// document repeats it; behind the document's path.
    fn key(&mut self, doc: DocumentRef<'_>, entry: &Entry) -> String {
        let own = qbank_export::identity::explicit_id(entry, doc.text)
            .unwrap_or_else(|| qbank_export::identity::normalize_title(&entry.title));
        let seen = self.doc.keys.entry(own.clone()).or_insert(0);
        *seen += 1;
        let own = if *seen > 1 {
            format!("{own}~{seen}")
        } else {
            own
        };
        format!("{}#{own}", qbank_export::quiz::document_name(doc.document))
    }
}
