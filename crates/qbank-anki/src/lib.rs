//! # qbank-anki: question banks as Anki decks
//!
//! [`write_apkg`] writes a legacy Anki package (`collection.anki2` at schema
//! 11, the `media` map and numbered media files, Deflate-compressed) that
//! every current Anki client imports; [`write_anki_txt`] writes Anki's text
//! import format. Both use the note type `qbank Q&A` (fixed id, frozen
//! fields `Question`, `Answer`, `Analysis`, `Title`, `Number`, `Source`; one
//! card per note).
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

mod deflate;
mod html;

use html::{Media, Origin};
use qbank_core::{Block, Document, Entry, LineIndex, ParsedFile, SectionKind};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// The note type's id: constant forever, so that re-imports find it.
pub const NOTETYPE_ID: i64 = 1_736_281_009;
/// The note type's name.
pub const NOTETYPE_NAME: &str = "qbank Q&A";
/// The note type's fields, in order. Frozen: changing them makes Anki treat
/// the note type as a new one.
pub const FIELDS: [&str; 6] = [
    "Question", "Answer", "Analysis", "Title", "Number", "Source",
];

/// How to build the deck.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnkiOptions {
    /// The deck name (`::` for hierarchy); several inputs become subdecks of
    /// it. Default: each document's title (or its file name).
    pub deck: Option<String>,
    /// Tags added to every note (besides the file's stem).
    pub tags: Vec<String>,
    /// Tags added to the notes of one file, by the file's index in the
    /// slice given to the writer (from `qbank.toml`).
    pub file_tags: Vec<Vec<String>>,
    /// Bundle images whose path leaves the document's folder.
    pub allow_outside_media: bool,
    /// The notes' modification time, in seconds since the epoch (the export
    /// time, or `SOURCE_DATE_EPOCH`).
    pub mod_time: i64,
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
    #[error("cannot read media file {path}: {source}")]
    MediaRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("could not write the collection: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The zip container could not be written.
    #[error("could not write the package: {0}")]
    Zip(#[from] rawzip::Error),
    /// Writing failed.
    #[error("could not write the deck: {0}")]
    Io(#[from] std::io::Error),
    /// The text export failed.
    #[error("could not write the text export: {0}")]
    Csv(#[from] csv::Error),
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Notes (one card each).
    pub notes: usize,
    /// Decks, by name.
    pub decks: Vec<String>,
    /// Bundled media files.
    pub media: usize,
}

/// One note, ready to write.
struct Note {
    guid: String,
    deck: String,
    fields: [String; 6],
    tags: Vec<String>,
}

/// The deck of a document: `--deck` (with the document's own name as a
/// subdeck when the export has several inputs), else the document's own
/// name: its title, or its file's stem.
fn deck_name(doc: &Document, options: &AnkiOptions, several: bool) -> String {
    let own = || {
        let name = doc
            .title
            .as_ref()
            .map(|t| t.text.clone())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| stem(&doc.path));
        // `::` separates deck levels: keep a title's own colons apart.
        name.replace("::", ": :")
    };
    match &options.deck {
        Some(deck) if several => format!("{deck}::{}", own()),
        Some(deck) => deck.clone(),
        None => own(),
    }
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or_else(|| "qbank".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// A tag: no spaces (Anki splits tags on them).
fn tag(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The explicit id of an entry: `{#id}` on its heading, or a
/// `<!-- qbank-id: … -->` comment in it.
fn explicit_id(entry: &Entry, text: &str) -> Option<String> {
    if let Some(id) = &entry.heading.id {
        return Some(id.clone());
    }
    let blocks = entry
        .preamble
        .iter()
        .chain(entry.sections.iter().flat_map(|s| &s.blocks));
    for block in blocks {
        if let Block::Html { span } = block {
            let html = span.slice(text);
            if let Some(at) = html.find("qbank-id:") {
                let rest = &html[at + "qbank-id:".len()..];
                let id = rest.split("-->").next().unwrap_or("").trim();
                if !id.is_empty() {
                    return Some(id.to_owned());
                }
            }
        }
    }
    None
}

/// The GUID for a stable key: base91 of the first 8 bytes of SHA-256 of
/// `qbank__` + key (the alphabet and big-endian digits of Anki's own GUIDs).
#[must_use]
pub fn guid(key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("qbank__{key}").as_bytes());
    let mut n = u64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ]);
    const ALPHABET: &[u8] =
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
    let mut digits = Vec::new();
    loop {
        digits.push(ALPHABET[(n % 91) as usize]);
        n /= 91;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8_lossy(&digits).into_owned()
}

/// Whitespace collapsed and case folded: how titles are compared for the
/// identity key.
fn normalize_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The deck id for a name: stable, positive, never 1 (the Default deck).
fn deck_id(name: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let n = i64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ]);
    // Between 2^40 and 2^52: positive, far from 1, exact as a JSON number.
    (n.rem_euclid(1 << 52)).max(1 << 40)
}

/// Turns entries into notes, document by document, for both writers: the
/// identity keys (occurrences of a title count up across the export), the
/// rendered fields, the media they use and the decks that receive them.
struct Notes {
    options: AnkiOptions,
    /// Several inputs: each document is a subdeck of `--deck`.
    several: bool,
    occurrences: HashMap<(String, String), usize>,
    media: Media,
    /// The decks that received notes, in order.
    decks: Vec<String>,
    /// The open document.
    doc: Option<DocState>,
}

struct DocState {
    deck: String,
    tags: Vec<String>,
    lines: LineIndex,
}

impl Notes {
    fn new(options: &AnkiOptions, several: bool) -> Self {
        Notes {
            options: options.clone(),
            several,
            occurrences: HashMap::new(),
            media: Media::default(),
            decks: Vec::new(),
            doc: None,
        }
    }

    fn begin(&mut self, text: &str, doc: &Document, file_tags: &[String]) {
        let mut tags = vec![tag(&stem(&doc.path))];
        for t in self.options.tags.iter().chain(file_tags) {
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
    fn make(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<Vec<Note>> {
        let Some(state) = &self.doc else {
            return Ok(Vec::new());
        };
        let deck = &state.deck;
        let path = doc.path.as_str();
        let dir = if path == "-" {
            None
        } else {
            Some(
                Path::new(path)
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            )
        };
        // Keys in order (occurrences count up), then the fields rendered in
        // parallel.
        let keys: Vec<String> = entries
            .iter()
            .map(|entry| match explicit_id(entry, text) {
                Some(id) => format!("id\u{1f}{id}"),
                None => {
                    let title = normalize_title(&entry.title);
                    let n = self
                        .occurrences
                        .entry((deck.clone(), title.clone()))
                        .or_insert(0);
                    *n += 1;
                    format!("title\u{1f}{deck}\u{1f}{title}\u{1f}{n}")
                }
            })
            .collect();
        let options = &self.options;
        let lines = &state.lines;
        let rendered: Vec<Result<(Note, Vec<PathBuf>)>> = entries
            .par_iter()
            .zip(keys)
            .map(|(entry, key)| {
                let mut used = Vec::new();
                let mut render = |span: qbank_core::Span| -> Result<String> {
                    let origin = Origin {
                        path,
                        dir,
                        first_line: lines.line(span.start),
                        allow_outside: options.allow_outside_media,
                    };
                    // Trailing line breaks are noise in a field (and would
                    // need quoting in the text format).
                    html::render(span.slice(text), &origin, &mut used)
                        .map(|h| h.trim_end().to_owned())
                };
                let section = |kind| entry.section(kind).map(|s| s.body);
                // No question label: the content before the first label
                // (often the question itself, as a code block or paragraph).
                let question = match section(SectionKind::Question) {
                    Some(body) => render(body)?,
                    None => match (entry.preamble.first(), entry.preamble.last()) {
                        (Some(first), Some(last)) => render(qbank_core::Span {
                            start: first.span().start,
                            end: last.span().end,
                        })?,
                        _ => String::new(),
                    },
                };
                let answer = section(SectionKind::Answer)
                    .map(&mut render)
                    .transpose()?
                    .unwrap_or_default();
                let analysis = section(SectionKind::Analysis)
                    .map(&mut render)
                    .transpose()?
                    .unwrap_or_default();
                let line = lines.line(entry.span.start);
                let note = Note {
                    guid: guid(&key),
                    deck: deck.clone(),
                    fields: [
                        question,
                        answer,
                        analysis,
                        html::escape(&entry.title),
                        entry.number.map(|n| n.to_string()).unwrap_or_default(),
                        html::escape(&format!("{path}:{line}")),
                    ],
                    tags: state.tags.clone(),
                };
                Ok((note, used))
            })
            .collect();
        // The first error in entry order (a parallel collect into a `Result`
        // would report any one of them).
        let mut notes = Vec::with_capacity(rendered.len());
        for result in rendered {
            let (note, used) = result?;
            for path in &used {
                self.media.add(path);
            }
            if self.decks.last() != Some(&note.deck) && !self.decks.contains(&note.deck) {
                self.decks.push(note.deck.clone());
            }
            notes.push(note);
        }
        Ok(notes)
    }
}

/// The card CSS: readable long Chinese text, lists, tables and code, in
/// light and dark mode.
pub const CSS: &str = r#".card {
  font-family: -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 18px;
  line-height: 1.7;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 46em;
  margin: 0 auto;
  padding: 0.5em 1em;
  word-break: break-word;
}
.nightMode.card, .night_mode .card { color: #e6edf3; background-color: #0d1117; }
.title { font-size: 0.8em; color: #656d76; margin-bottom: 0.6em; }
.nightMode .title { color: #9198a1; }
.number { font-weight: 600; margin-right: 0.4em; }
.label { font-size: 0.75em; font-weight: 600; letter-spacing: 0.05em; color: #656d76; margin: 1em 0 0.2em; }
.nightMode .label { color: #9198a1; }
hr#answer { border: none; border-top: 1px solid #d0d7de; margin: 1.2em 0; }
ol, ul { padding-left: 1.6em; }
li { margin: 0.25em 0; }
li > p { margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; }
.nightMode th, .nightMode td { border-color: #3d444d; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: 0.88em; background: rgba(175, 184, 193, 0.2); padding: 0.1em 0.3em; border-radius: 4px; }
.code pre { font-size: 0.85em; line-height: 1.45; padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; }
.code pre code, .code pre span { background: none; padding: 0; }
.code pre:not([style]) { background: #f6f8fa; }
.nightMode .code pre:not([style]) { background: #161b22; }
img { max-width: 100%; height: auto; }
blockquote { margin: 0.5em 0; padding-left: 1em; border-left: 3px solid #d0d7de; color: #656d76; }
"#;

const FRONT: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>"#;

const BACK: &str = r#"{{FrontSide}}
<hr id="answer">
<div class="label">答案 · Answer</div>
<div class="answer">{{Answer}}</div>
{{#Analysis}}
<div class="label">解析 · Analysis</div>
<div class="analysis">{{Analysis}}</div>
{{/Analysis}}"#;

fn notetype_json(mod_time: i64) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            serde_json::json!({
                "name": name, "ord": i, "sticky": false, "rtl": false,
                "font": "Arial", "size": 20, "media": [],
            })
        })
        .collect();
    serde_json::json!({
        "id": NOTETYPE_ID,
        "name": NOTETYPE_NAME,
        "type": 0,
        "mod": mod_time,
        "usn": -1,
        "sortf": 3,
        "did": null,
        "tmpls": [{
            "name": "Card 1", "ord": 0, "qfmt": FRONT, "afmt": BACK,
            "bqfmt": "", "bafmt": "", "did": null,
        }],
        "flds": fields,
        "css": CSS,
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "req": [[0, "any", [0]]],
        "tags": [],
        "vers": [],
    })
}

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null,
  time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// Text of an HTML field for `sfld` and `csum`: tags removed, the names of
/// images kept, entities of `<`, `>`, `&` and quotes decoded.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open..open + close + 1];
        if tag.starts_with("<img") {
            if let Some(src) = tag.split("src=\"").nth(1).and_then(|s| s.split('"').next()) {
                out.push_str(&format!(" {src} "));
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// Anki's checksum of the first field.
fn csum(first_field: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(strip_html(first_field).as_bytes())
        .digest()
        .bytes();
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

/// Write the Anki package of `files` to `out`. (To write entries as the
/// parser hands them on, without holding whole documents, use
/// [`ApkgWriter`].)
///
/// # Errors
///
/// [`Error::Media`] for a missing or refused image (naming its file and
/// line), and I/O, SQLite or zip errors.
pub fn write_apkg<W: Write + Seek>(
    out: W,
    files: &[&ParsedFile],
    options: &AnkiOptions,
) -> Result<Summary> {
    let mut writer = ApkgWriter::new(options, files.len() > 1)?;
    write_files(files, options, |text, doc, tags| {
        writer.begin_document(text, doc, tags);
        writer.entries(text, doc, &doc.entries)
    })?;
    writer.finish(out)
}

/// Each file in turn to `write`, with its text, its document and the tags
/// [`AnkiOptions::file_tags`] gives it.
fn write_files(
    files: &[&ParsedFile],
    options: &AnkiOptions,
    mut write: impl FnMut(&str, &Document, &[String]) -> Result<()>,
) -> Result<()> {
    for (i, file) in files.iter().enumerate() {
        let tags = options
            .file_tags
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or_default();
        write(&file.source.text, &file.document, tags)?;
    }
    Ok(())
}

/// Notes inserted per transaction step: the batches [`ApkgWriter::entries`]
/// is given, as rendered.
type NoteBatch = Vec<Note>;

/// An Anki package written entry by entry, as [`qbank_core::parse_each`]
/// hands entries on: each call renders its entries in parallel, and a
/// thread of the writer's own inserts them into the scratch collection
/// while the next ones are parsed and rendered. Only the notes in flight
/// are held.
///
/// Call [`begin_document`](Self::begin_document), then
/// [`entries`](Self::entries) any number of times, for each document in
/// order; then [`finish`](Self::finish). The package is that of
/// [`write_apkg`] over the same documents.
pub struct ApkgWriter {
    notes: Notes,
    mod_time: i64,
    /// The scratch folder of the collection (deleted when dropped).
    _dir: tempfile::TempDir,
    db_path: PathBuf,
    sender: Option<std::sync::mpsc::SyncSender<NoteBatch>>,
    inserter: Option<std::thread::JoinHandle<Result<rusqlite::Connection>>>,
    count: usize,
}

impl ApkgWriter {
    /// Start a package; `several`: the export has several inputs (each
    /// document is then a subdeck of [`AnkiOptions::deck`]).
    ///
    /// # Errors
    ///
    /// When the scratch collection cannot be created.
    pub fn new(options: &AnkiOptions, several: bool) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let db_path = dir.path().join("collection.anki2");
        let db = rusqlite::Connection::open(&db_path)?;
        // A scratch file, zipped and deleted when complete: no journal and
        // no syncs to disk (the package itself is written atomically). With
        // them, SQLite waited on the disk at every commit.
        db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        db.execute_batch(SCHEMA)?;
        db.execute_batch("BEGIN")?;
        let mod_time = options.mod_time;
        // Note and card ids count up from the export time in milliseconds,
        // as genanki's do (Anki refuses ids more than a day ahead: that is
        // 86 million notes). At least 1: with `SOURCE_DATE_EPOCH=0`.
        let base = mod_time.saturating_mul(1000).max(1);
        let (sender, receiver) = std::sync::mpsc::sync_channel::<NoteBatch>(1);
        let inserter = std::thread::Builder::new()
            .name("qbank-anki-insert".to_owned())
            .spawn(move || insert_notes(db, &receiver, base, mod_time))?;
        Ok(ApkgWriter {
            notes: Notes::new(options, several),
            mod_time,
            _dir: dir,
            db_path,
            sender: Some(sender),
            inserter: Some(inserter),
            count: 0,
        })
    }

    /// Start a document: `doc` needs its path and title; `tags`: the tags
    /// for its notes besides the file's stem and [`AnkiOptions::tags`]
    /// (from the `qbank.toml` that applies to it).
    pub fn begin_document(&mut self, text: &str, doc: &Document, tags: &[String]) {
        self.notes.begin(text, doc, tags);
    }

    /// Add the notes of entries of the open document.
    ///
    /// # Errors
    ///
    /// [`Error::Media`] for a missing or refused image, or the error that
    /// stopped the collection.
    pub fn entries(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        let notes = self.notes.make(text, doc, entries)?;
        if notes.is_empty() {
            return Ok(());
        }
        self.count += notes.len();
        let sent = self.sender.as_ref().map(|s| s.send(notes));
        if !matches!(sent, Some(Ok(()))) {
            // The inserter stopped: its error says why.
            self.sender = None;
            return match self.join() {
                Err(err) => Err(err),
                Ok(_) => Err(Error::Io(std::io::Error::other(
                    "the collection writer stopped",
                ))),
            };
        }
        Ok(())
    }

    fn join(&mut self) -> Result<rusqlite::Connection> {
        self.sender = None;
        match self.inserter.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Io(std::io::Error::other(
                "the collection writer panicked",
            ))),
            None => Err(Error::Io(std::io::Error::other(
                "the collection writer stopped",
            ))),
        }
    }

    /// Complete the collection and write the package to `out`.
    ///
    /// # Errors
    ///
    /// I/O, SQLite or zip errors, or a media file that cannot be read.
    pub fn finish<W: Write + Seek>(mut self, out: W) -> Result<Summary> {
        let db = self.join()?;
        let mod_time = self.mod_time;
        let mut decks_json = serde_json::Map::new();
        for name in &self.notes.decks {
            let id = deck_id(name);
            decks_json.insert(
                id.to_string(),
                serde_json::json!({
                    "id": id, "name": name, "mod": mod_time, "usn": -1,
                    "collapsed": false, "browserCollapsed": false, "dyn": 0, "conf": 1,
                    "desc": "", "extendNew": 0, "extendRev": 0,
                    "lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0],
                }),
            );
        }
        let models = serde_json::json!({ NOTETYPE_ID.to_string(): notetype_json(mod_time) });
        db.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, '{}', ?3, ?4, '{}', '{}')",
            rusqlite::params![
                mod_time,
                mod_time.saturating_mul(1000),
                models.to_string(),
                serde_json::Value::Object(decks_json).to_string()
            ],
        )?;
        db.execute_batch("COMMIT")?;
        db.close().map_err(|(_, e)| e)?;

        let media = &self.notes.media;
        let time = rawzip::time::UtcDateTime::from_unix(mod_time.clamp(ZIP_MIN_TIME, ZIP_MAX_TIME));
        let mut zip = rawzip::ZipArchiveWriter::new(out);
        {
            // The collection: Deflate on every core (see `deflate`).
            let (mut entry, _) = zip
                .new_file("collection.anki2")
                .compression_method(rawzip::CompressionMethod::DEFLATE)
                .last_modified(time)
                .start()?;
            let collection =
                std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&self.db_path)?);
            let (crc, len) = deflate::deflate_parallel(collection, &mut entry, LEVEL)?;
            entry.finish(rawzip::DataDescriptorOutput::new(crc, len))?;
        }
        let map: serde_json::Map<String, serde_json::Value> = media
            .files
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (i.to_string(), serde_json::Value::String(name.clone())))
            .collect();
        let map = serde_json::Value::Object(map).to_string();
        add_entry(&mut zip, "media", time, map.as_bytes())?;
        for (i, (_, path)) in media.files.iter().enumerate() {
            let file = std::fs::File::open(path).map_err(|source| Error::MediaRead {
                path: path.clone(),
                source,
            })?;
            add_entry(&mut zip, &i.to_string(), time, file)?;
        }
        zip.finish()?;
        Ok(Summary {
            notes: self.count,
            decks: self.notes.decks.clone(),
            media: media.files.len(),
        })
    }
}

/// The inserter thread of [`ApkgWriter`]: notes and their cards, numbered
/// in arrival order, until the sender is dropped.
fn insert_notes(
    db: rusqlite::Connection,
    receiver: &std::sync::mpsc::Receiver<NoteBatch>,
    base: i64,
    mod_time: i64,
) -> Result<rusqlite::Connection> {
    let mut i = 0i64;
    {
        let mut insert_note =
            db.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut insert_card = db.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        for batch in receiver {
            for note in batch {
                let id = base + i;
                let flds = note.fields.join("\u{1f}");
                let tags = format!(" {} ", note.tags.join(" "));
                let sort = strip_html(&note.fields[3]);
                insert_note.execute(rusqlite::params![
                    id,
                    note.guid,
                    NOTETYPE_ID,
                    mod_time,
                    tags,
                    flds,
                    sort,
                    csum(&note.fields[0]),
                ])?;
                insert_card.execute(rusqlite::params![
                    id,
                    id,
                    deck_id(&note.deck),
                    mod_time,
                    i + 1,
                ])?;
                i += 1;
            }
        }
    }
    Ok(db)
}

/// Deflate level: most of level 6's ratio on this text at twice the speed.
const LEVEL: u32 = 3;

/// The years a zip entry's (DOS) timestamp can hold, 1980 to 2107, in
/// seconds since the epoch: the export time is clamped to them.
const ZIP_MIN_TIME: i64 = 315_532_800;
const ZIP_MAX_TIME: i64 = 4_354_819_199;

/// A Deflate-compressed zip entry holding what `data` reads.
fn add_entry<W: Write>(
    zip: &mut rawzip::ZipArchiveWriter<W>,
    name: &str,
    time: rawzip::time::UtcDateTime,
    mut data: impl std::io::Read,
) -> Result<()> {
    let (mut entry, config) = zip
        .new_file(name)
        .compression_method(rawzip::CompressionMethod::DEFLATE)
        .last_modified(time)
        .start()?;
    let encoder = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::new(LEVEL));
    let mut writer = config.wrap(encoder);
    std::io::copy(&mut data, &mut writer)?;
    let (encoder, descriptor) = writer.finish()?;
    encoder.finish()?;
    entry.finish(descriptor)?;
    Ok(())
}

/// Write Anki's text import format: header lines, then one tab-separated
/// line per note (`guid`, `deck`, the six fields, `tags`).
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
/// [`qbank_core::parse_each`] hands entries on (see [`ApkgWriter`] for the
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
        out.write_all(
            format!(
                "#separator:tab\n#html:true\n#notetype:{NOTETYPE_NAME}\n#guid column:1\n#deck column:2\n#tags column:{}\n#columns:guid\tdeck\t{}\ttags\n",
                FIELDS.len() + 3,
                FIELDS.join("\t")
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

    /// Start a document (see [`ApkgWriter::begin_document`]).
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
            let mut record: Vec<&str> = vec![&note.guid, &note.deck];
            record.extend(note.fields.iter().map(String::as_str));
            let tags = note.tags.join(" ");
            record.push(&tags);
            self.writer.write_record(&record)?;
            self.count += 1;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_base91_and_stable() {
        let g = guid("title\u{1f}deck\u{1f}x\u{1f}1");
        assert_eq!(g, guid("title\u{1f}deck\u{1f}x\u{1f}1"));
        assert_ne!(g, guid("title\u{1f}deck\u{1f}x\u{1f}2"));
        assert!(g.len() <= 10 && !g.is_empty());
    }

    #[test]
    fn deck_ids_are_stable_and_not_default() {
        assert_eq!(deck_id("a::b"), deck_id("a::b"));
        assert_ne!(deck_id("a"), deck_id("b"));
        assert!(deck_id("x") > 1);
    }

    #[test]
    fn zip_time_bounds_are_the_dos_years() {
        let min = rawzip::time::UtcDateTime::from_unix(ZIP_MIN_TIME);
        let max = rawzip::time::UtcDateTime::from_unix(ZIP_MAX_TIME);
        assert_eq!((min.year(), min.month(), min.day()), (1980, 1, 1));
        assert_eq!((max.year(), max.month(), max.day()), (2107, 12, 31));
    }

    #[test]
    fn strip_keeps_image_names() {
        assert_eq!(
            strip_html("<p>a &lt; b <img src=\"x.png\"></p>"),
            "a < b  x.png"
        );
    }
}
