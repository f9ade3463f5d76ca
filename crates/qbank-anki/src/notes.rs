//! Entries turned into notes: identity keys, rendered fields, media.

use crate::choice;
use crate::cloze;
use crate::graded;
use crate::identity::{deck_name, explicit_id, guid, normalize_title, stem, tag, title_key};
use crate::notetype::NoteType;
use crate::{AnkiOptions, Result};
use qbank_core::{Document, Entry, Kind, LineIndex, SectionKind};
use qbank_export::ExportOptions;
use qbank_render::{self as html, Media, Origin};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One note, ready to write.
pub(crate) struct Note {
    pub(crate) guid: String,
    pub(crate) deck: String,
    /// `qbank Q&A` for open entries, `qbank Choice` for choice entries,
    /// `qbank Cloze` for fill entries whose blanks all have answers.
    pub(crate) notetype: NoteType,
    /// The note type's fields, in order.
    pub(crate) fields: Vec<String>,
    pub(crate) tags: Vec<String>,
    /// The ordinals of its cards: `0` for the one card of the first two
    /// note types, one per deletion number (`number - 1`) for a cloze note.
    pub(crate) ords: Vec<u32>,
    /// The local images its fields show (canonical paths).
    pub(crate) media: Vec<PathBuf>,
    /// Whether its GUID comes from the entry's explicit id.
    pub(crate) explicit_id: bool,
}

impl Note {
    /// The note of `data` (made by [`crate::create_note_list`]).
    pub(crate) fn from_data(data: &crate::NoteData) -> Result<Note> {
        let notetype = NoteType::ALL
            .into_iter()
            .find(|t| t.name() == data.notetype)
            .ok_or_else(|| {
                crate::Error::Io(std::io::Error::other(format!(
                    "no note type `{}`",
                    data.notetype
                )))
            })?;
        Ok(Note {
            guid: data.guid.clone(),
            deck: data.deck.clone(),
            notetype,
            fields: data.fields.clone(),
            tags: data.tags.clone(),
            ords: data.ords.clone(),
            media: data.media.clone(),
            explicit_id: data.explicit_id,
        })
    }
}

/// Turns entries into notes, document by document, for both writers: the
/// identity keys (occurrences of a title count up across the export), the
/// rendered fields, the media they use and the decks that receive them.
pub(crate) struct Notes {
    options: AnkiOptions,
    /// Bundle images whose path leaves the document's folder.
    allow_outside: bool,
    /// Several inputs: each document is a subdeck of `--deck`.
    several: bool,
    occurrences: HashMap<(String, String), usize>,
    pub(crate) media: Media,
    /// The decks that received notes, in order.
    pub(crate) decks: Vec<String>,
    /// Which note types the notes so far use (by [`NoteType::index`]).
    pub(crate) notetypes: [bool; NoteType::ALL.len()],
    /// The open document.
    doc: Option<DocState>,
}

struct DocState {
    deck: String,
    tags: Vec<String>,
    lines: LineIndex,
}

impl Notes {
    pub(crate) fn new(options: &AnkiOptions, shared: &ExportOptions) -> Self {
        Notes {
            options: options.clone(),
            allow_outside: shared.allow_outside_media,
            several: shared.several,
            occurrences: HashMap::new(),
            media: Media::default(),
            decks: Vec::new(),
            notetypes: [false; NoteType::ALL.len()],
            doc: None,
        }
    }

    pub(crate) fn begin(&mut self, text: &str, doc: &Document, file_tags: &[String]) {
        let mut tags = vec![tag(&stem(&doc.path))];
        // The front matter's tags, then `--tag` and `[anki] tags`.
        let front = doc.front_matter.iter().flat_map(|fm| &fm.tags);
        for t in front.chain(&self.options.tags).chain(file_tags) {
            let t = tag(t);
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        self.doc = Some(DocState {
            deck: deck_name(doc, &self.options, self.several),
            tags,
            lines: LineIndex::new(text),
        });
    }

    /// The notes of `entries` of the open document, in order; the entries
    /// are rendered in parallel on rayon's pool.
    pub(crate) fn make(
        &mut self,
        text: &str,
        doc: &Document,
        entries: &[Entry],
    ) -> Result<Vec<Note>> {
        let Some(state) = self.doc.take() else {
            return Ok(Vec::new());
        };
        // Keys in order (occurrences count up), then the fields rendered in
        // parallel.
        let keys: Vec<String> = entries
            .iter()
            .map(|entry| self.key(&state.deck, entry, text))
            .collect();
        let render = Render {
            text,
            path: doc.path.as_str(),
            dir: folder_of(&doc.path),
            state: &state,
            allow_outside: self.allow_outside,
        };
        let rendered: Vec<Result<(Note, Vec<PathBuf>)>> = entries
            .par_iter()
            .zip(keys)
            .map(|(entry, key)| render.note(entry, &key))
            .collect();
        self.doc = Some(state);
        // The first error in entry order (a parallel collect into a `Result`
        // would report any one of them).
        let mut notes = Vec::with_capacity(rendered.len());
        for result in rendered {
            let (mut note, used) = result?;
            note.media = used;
            self.register(&note);
            notes.push(note);
        }
        Ok(notes)
    }
}

impl Notes {
    /// Count a note in: the media it uses, its note type and its deck.
    pub(crate) fn register(&mut self, note: &Note) {
        for path in &note.media {
            self.media.add(path);
        }
        self.notetypes[note.notetype.index()] = true;
        if self.decks.last() != Some(&note.deck) && !self.decks.contains(&note.deck) {
            self.decks.push(note.deck.clone());
        }
    }

    /// The identity key of an entry: its explicit id, or its deck, title
    /// and the occurrence of that title in the deck. A title that holds
    /// clozes counts without their answers: an edited answer keeps the note.
    fn key(&mut self, deck: &str, entry: &Entry, text: &str) -> String {
        match explicit_id(entry, text) {
            Some(id) => format!("id\u{1f}{id}"),
            None => {
                let title = match cloze::hidden_title(text, entry) {
                    Some(hidden) => normalize_title(&hidden),
                    None => normalize_title(&entry.title),
                };
                let n = self
                    .occurrences
                    .entry((deck.to_owned(), title.clone()))
                    .or_insert(0);
                *n += 1;
                title_key(deck, &title, *n)
            }
        }
    }
}

/// The folder a document's images are relative to (`None`: standard input).
fn folder_of(path: &str) -> Option<&Path> {
    (path != "-").then(|| {
        Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    })
}

/// What rendering an entry's fields needs, shared by rayon's threads.
struct Render<'a> {
    text: &'a str,
    path: &'a str,
    dir: Option<&'a Path>,
    state: &'a DocState,
    allow_outside: bool,
}

impl Render<'_> {
    /// One body as HTML; the local images it uses are added to `used`.
    fn body(&self, span: qbank_core::Span, used: &mut Vec<PathBuf>) -> Result<String> {
        self.markdown(span.slice(self.text), span.start, used)
    }

    /// Markdown that starts at byte `at` of the document, as HTML.
    fn markdown(&self, markdown: &str, at: u32, used: &mut Vec<PathBuf>) -> Result<String> {
        let origin = Origin {
            path: self.path,
            dir: self.dir,
            first_line: self.state.lines.line(at),
            allow_outside: self.allow_outside,
        };
        // Trailing line breaks are noise in a field (and would need quoting
        // in the text format).
        Ok(html::render(markdown, &origin, used).map(|h| h.trim_end().to_owned())?)
    }

    fn section(&self, entry: &Entry, kind: SectionKind, used: &mut Vec<PathBuf>) -> Result<String> {
        match entry.section(kind) {
            Some(section) => self.body(section.body, used),
            None => Ok(String::new()),
        }
    }

    /// The question field: the question section, or with no question
    /// label the content before the first label (often the question
    /// itself, as a code block or paragraph); options written in it taken
    /// out (the `Options` field shows them, unmarked).
    fn question(&self, entry: &Entry, used: &mut Vec<PathBuf>) -> Result<String> {
        match qbank_export::shown::question_markdown(self.text, entry) {
            Some((markdown, span)) => self.markdown(&markdown, span.start, used),
            None => Ok(String::new()),
        }
    }

    fn note(&self, entry: &Entry, key: &str) -> Result<(Note, Vec<PathBuf>)> {
        if let Some(cloze) = self.cloze_note(entry, key)? {
            return Ok(cloze);
        }
        if let Some(graded) = self.graded_note(entry, key)? {
            return Ok(graded);
        }
        let mut used = Vec::new();
        let question = self.question(entry, &mut used)?;
        let analysis = self.section(entry, SectionKind::Analysis, &mut used)?;
        // Both note types share their first six fields.
        let (notetype, answer, choice) = if entry.kind == Kind::Choice && !entry.options.is_empty()
        {
            let [answer, options, marked, correct] = self.choice_fields(entry, &mut used)?;
            (NoteType::Choice, answer, vec![options, marked, correct])
        } else {
            let answer = self.section(entry, SectionKind::Answer, &mut used)?;
            (NoteType::Basic, answer, Vec::new())
        };
        let fields = [question, answer, analysis]
            .into_iter()
            .chain(self.about(entry, &entry.title))
            .chain(choice)
            .collect();
        Ok((self.make_note(entry, key, notetype, fields, vec![0]), used))
    }

    /// A note of the open document.
    fn make_note(
        &self,
        entry: &Entry,
        key: &str,
        notetype: NoteType,
        fields: Vec<String>,
        ords: Vec<u32>,
    ) -> Note {
        Note {
            guid: guid(key),
            deck: self.state.deck.clone(),
            notetype,
            fields,
            tags: with_category(&self.state.tags, &entry.category),
            ords,
            media: Vec::new(),
            explicit_id: key.starts_with("id\u{1f}"),
        }
    }

    /// The `Title`, `Number` and `Source` fields every note type ends its
    /// shared fields with.
    fn about(&self, entry: &Entry, title: &str) -> [String; 3] {
        let line = self.state.lines.line(entry.span.start);
        [
            html::escape(title),
            entry.number.map(|n| n.to_string()).unwrap_or_default(),
            html::escape(&format!("{}:{line}", self.path)),
        ]
    }

    /// The `qbank Cloze` note of a fill entry whose every blank has an
    /// answer: `Text` (the question, each blank a deletion), `Extra`, then
    /// as the other note types; one card per deletion number. `None` for
    /// other entries, and when the deletions cannot be written (a blank in
    /// raw HTML's attribute): the entry is then a `qbank Q&A` note.
    fn cloze_note(&self, entry: &Entry, key: &str) -> Result<Option<(Note, Vec<PathBuf>)>> {
        if !cloze::is_cloze(entry) {
            return Ok(None);
        }
        let Some((markdown, at, blanks)) = cloze::marked_question(self.text, entry) else {
            return Ok(None);
        };
        let mut used = Vec::new();
        let html = self.markdown(&markdown, at, &mut used)?;
        let Some(text) = cloze::with_clozes(&html, &blanks) else {
            return Ok(None);
        };
        let extra = self.extra(entry, &mut used)?;
        let title = cloze::hidden_title(self.text, entry);
        let title = title.as_deref().unwrap_or(&entry.title);
        let fields = [text, extra]
            .into_iter()
            .chain(self.about(entry, title))
            .collect();
        let ords = cloze::ords(entry);
        let note = self.make_note(entry, key, NoteType::Cloze, fields, ords);
        Ok(Some((note, used)))
    }

    /// The note of a graded entry that can be graded (see
    /// [`crate::graded`]); `None` for other entries, which are asked as
    /// open questions.
    fn graded_note(&self, entry: &Entry, key: &str) -> Result<Option<(Note, Vec<PathBuf>)>> {
        let mut used = Vec::new();
        let (notetype, extra, answer, more) = match entry.kind {
            Kind::Short | Kind::Numerical => match self.type_fields(entry, &mut used)? {
                Some(f) => (
                    NoteType::Type,
                    String::new(),
                    f.answer,
                    vec![f.accepted, f.unit],
                ),
                None => return Ok(None),
            },
            Kind::Matching | Kind::Ordering => match self.listed(entry, &mut used)? {
                Some((front, back)) => (NoteType::Basic, front, back, Vec::new()),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        let mut question = self.question(entry, &mut used)?;
        if !extra.is_empty() {
            if !question.is_empty() {
                question.push('\n');
            }
            question.push_str(&extra);
        }
        let analysis = self.section(entry, SectionKind::Analysis, &mut used)?;
        let fields = [question, answer, analysis]
            .into_iter()
            .chain(self.about(entry, &entry.title))
            .chain(more)
            .collect();
        let note = self.make_note(entry, key, notetype, fields, vec![0]);
        Ok(Some((note, used)))
    }

    /// The type-in fields of a short-answer or numerical entry.
    fn type_fields(
        &self,
        entry: &Entry,
        used: &mut Vec<PathBuf>,
    ) -> Result<Option<graded::TypeFields>> {
        if let Some((bounds, _)) = qbank_export::graded::numerical(entry) {
            return Ok(graded::numerical_fields(entry, &bounds));
        }
        let Some((accepted, case_sensitive)) = qbank_export::graded::short(entry) else {
            return Ok(None);
        };
        let html = self.items(entry, accepted.iter().map(String::as_str), used)?;
        let first = accepted.first().map(String::as_str).unwrap_or_default();
        let plain = qbank_export::to_plain(first);
        let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Some(graded::short_fields(&plain, &html, case_sensitive)))
    }

    /// What a matching or ordering note adds to its question, and its
    /// `Answer`.
    fn listed(&self, entry: &Entry, used: &mut Vec<PathBuf>) -> Result<Option<(String, String)>> {
        let question = qbank_export::shown::question_markdown(self.text, entry)
            .map(|(markdown, _)| qbank_export::to_plain(&markdown))
            .unwrap_or_default();
        let shown = |texts: &mut dyn Iterator<Item = &str>| {
            let plain: Vec<String> = texts.map(qbank_export::to_plain).collect();
            graded::all_shown(&question, plain.iter().map(String::as_str))
        };
        if let Some(m) = qbank_export::graded::matching(entry) {
            let lefts = self.items(entry, m.pairs.iter().map(|p| p.0), used)?;
            let rights = self.items(entry, m.pairs.iter().map(|p| p.1), used)?;
            let distractors = self.items(entry, m.distractors.iter().map(String::as_str), used)?;
            let seen = (
                shown(&mut m.pairs.iter().map(|p| p.0)),
                shown(
                    &mut m
                        .pairs
                        .iter()
                        .map(|p| p.1)
                        .chain(m.distractors.iter().map(String::as_str)),
                ),
            );
            let pairs: Vec<(String, String)> = lefts.into_iter().zip(rights).collect();
            return Ok(Some(graded::matching_fields(&pairs, &distractors, seen)));
        }
        let Some(items) = qbank_export::graded::ordering(entry) else {
            return Ok(None);
        };
        let seen = shown(&mut items.iter().map(String::as_str));
        let html = self.items(entry, items.iter().map(String::as_str), used)?;
        Ok(Some(graded::ordering_fields(&html, seen)))
    }

    /// Short Markdown texts of an entry (answers, pairs' sides, steps) as
    /// HTML, in order.
    fn items<'t>(
        &self,
        entry: &Entry,
        texts: impl Iterator<Item = &'t str>,
        used: &mut Vec<PathBuf>,
    ) -> Result<Vec<String>> {
        texts
            .map(|t| self.markdown(t, entry.span.start, used))
            .collect()
    }

    /// A cloze note's `Extra`: the answer section when it says more than
    /// the deletions show, and the analysis, each under its label as the
    /// other note types' backs show them.
    fn extra(&self, entry: &Entry, used: &mut Vec<PathBuf>) -> Result<String> {
        let mut parts = Vec::new();
        if cloze::answer_says_more(self.text, entry) {
            let answer = self.section(entry, SectionKind::Answer, used)?;
            if !answer.is_empty() {
                parts.push(format!(
                    "<div class=\"label\">答案 · Answer</div>\n<div class=\"answer\">{answer}</div>"
                ));
            }
        }
        let analysis = self.section(entry, SectionKind::Analysis, used)?;
        if !analysis.is_empty() {
            parts.push(format!(
                "<div class=\"label\">解析 · Analysis</div>\n<div class=\"analysis\">{analysis}</div>"
            ));
        }
        Ok(parts.join("\n"))
    }

    /// A choice note's `Answer`, `Options`, `Marked` and `Correct` fields.
    fn choice_fields(&self, entry: &Entry, used: &mut Vec<PathBuf>) -> Result<[String; 4]> {
        let texts = entry
            .options
            .iter()
            .map(|o| self.markdown(&o.text, o.span.start, used))
            .collect::<Result<Vec<_>>>()?;
        let names = qbank_export::shown::option_names(entry);
        let answer = match choice::answer_rest(self.text, entry) {
            Some((markdown, at)) => self.markdown(&markdown, at, used)?,
            None => String::new(),
        };
        Ok([
            answer,
            choice::option_list(&entry.options, &names, &texts, false),
            choice::option_list(&entry.options, &names, &texts, true),
            html::escape(&choice::correct_names(&entry.options, &names)),
        ])
    }
}

/// The document's tags and, for an entry under group headings, one
/// hierarchical tag of them (`模型基础::注意力`: Anki's tag tree).
fn with_category(tags: &[String], category: &[String]) -> Vec<String> {
    let mut out = tags.to_vec();
    if !category.is_empty() {
        let parts: Vec<String> = category
            .iter()
            .map(|c| tag(c))
            .filter(|c| !c.is_empty())
            .collect();
        let t = parts.join("::");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
