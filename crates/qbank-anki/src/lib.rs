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

mod html;

use html::{Media, Origin};
use qbank_core::{Block, Entry, LineIndex, ParsedFile, SectionKind};
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
    Zip(#[from] zip::result::ZipError),
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

/// The deck name of each file.
fn deck_names(files: &[&ParsedFile], options: &AnkiOptions) -> Vec<String> {
    let own = |f: &ParsedFile| {
        let name = f
            .document
            .title
            .as_ref()
            .map(|t| t.text.clone())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| stem(&f.document.path));
        // `::` separates deck levels: keep a title's own colons apart.
        name.replace("::", ": :")
    };
    match &options.deck {
        Some(deck) if files.len() > 1 => files
            .iter()
            .map(|f| format!("{deck}::{}", own(f)))
            .collect(),
        Some(deck) => vec![deck.clone(); files.len()],
        None => files.iter().map(|f| own(f)).collect(),
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

/// Build the notes of `files`, collecting their media.
/// Entries rendered per batch: enough to keep every thread of rayon's pool
/// busy, few enough that only a few batches of finished fields are held at
/// once, whatever the bank's size.
const BATCH: usize = 1024;

/// A batch of rendered notes with the media files each one uses.
type Batch = Vec<(Note, Vec<PathBuf>)>;

/// Render every entry's note and hand them, in order, to `sink` on this
/// thread, while the next batch renders on rayon's pool (a producer thread
/// and a channel of one batch). Memory stays at a few batches instead of
/// every note of the bank, and writing overlaps rendering. Returns how many
/// notes were written and the decks that received them, in order.
fn for_each_note(
    files: &[&ParsedFile],
    options: &AnkiOptions,
    media: &mut Media,
    mut sink: impl FnMut(&Note) -> Result<()>,
) -> Result<(usize, Vec<String>)> {
    let decks = deck_names(files, options);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Batch>>(1);
    std::thread::scope(|scope| {
        let decks = &decks;
        scope.spawn(move || produce(files, decks, options, &tx));
        let mut count = 0;
        let mut used_decks: Vec<String> = Vec::new();
        // On an error the receiver is dropped, and the producer stops at
        // its next send.
        for batch in rx {
            for (note, used) in batch? {
                for path in &used {
                    media.add(path);
                }
                if used_decks.last() != Some(&note.deck) && !used_decks.contains(&note.deck) {
                    used_decks.push(note.deck.clone());
                }
                sink(&note)?;
                count += 1;
            }
        }
        Ok((count, used_decks))
    })
}

/// The producer of [`for_each_note`]: batches of notes in entry order.
fn produce(
    files: &[&ParsedFile],
    decks: &[String],
    options: &AnkiOptions,
    tx: &std::sync::mpsc::SyncSender<Result<Batch>>,
) {
    let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
    for (index, (file, deck)) in files.iter().zip(decks).enumerate() {
        let text = &file.source.text;
        let lines = LineIndex::new(text);
        let path = &file.document.path;
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
        let mut tags = vec![tag(&stem(path))];
        let file_tags = options
            .file_tags
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for t in options.tags.iter().chain(file_tags) {
            let t = tag(t);
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        for entries in file.document.entries.chunks(BATCH) {
            // Keys in order (occurrences count up), then the fields of the
            // batch rendered in parallel.
            let keys: Vec<String> = entries
                .iter()
                .map(|entry| match explicit_id(entry, text) {
                    Some(id) => format!("id\u{1f}{id}"),
                    None => {
                        let title = normalize_title(&entry.title);
                        let n = occurrences
                            .entry((deck.clone(), title.clone()))
                            .or_insert(0);
                        *n += 1;
                        format!("title\u{1f}{deck}\u{1f}{title}\u{1f}{n}")
                    }
                })
                .collect();
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
                        // Trailing line breaks are noise in a field (and
                        // would need quoting in the text format).
                        html::render(span.slice(text), &origin, &mut used)
                            .map(|h| h.trim_end().to_owned())
                    };
                    let section = |kind| entry.section(kind).map(|s| s.body);
                    // No question label: the content before the first label
                    // (often the question itself, as a code block or
                    // paragraph).
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
                        tags: tags.clone(),
                    };
                    Ok((note, used))
                })
                .collect();
            // The first error in entry order (a parallel collect into a
            // `Result` would report any one of them).
            let rendered: Result<Batch> = rendered.into_iter().collect();
            let failed = rendered.is_err();
            if tx.send(rendered).is_err() || failed {
                return;
            }
        }
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

/// Write the Anki package of `files` to `out`.
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
    let mut media = Media::default();
    let total: usize = files.iter().map(|f| f.document.entries.len()).sum();

    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("collection.anki2");
    let mut db = rusqlite::Connection::open(&db_path)?;
    // A scratch file, zipped and deleted when complete: no journal and no
    // syncs to disk (the package itself is written atomically). With them,
    // SQLite waited on the disk at every commit.
    db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    db.execute_batch(SCHEMA)?;
    let mod_ms = options.mod_time.saturating_mul(1000);
    let mut decks_json = serde_json::Map::new();
    // The decks that receive notes: those of files with entries.
    let mut deck_order: Vec<String> = Vec::new();
    for (file, name) in files.iter().zip(deck_names(files, options)) {
        if !file.document.entries.is_empty() && !deck_order.contains(&name) {
            deck_order.push(name);
        }
    }
    for name in &deck_order {
        let id = deck_id(name);
        decks_json.insert(
            id.to_string(),
            serde_json::json!({
                "id": id, "name": name, "mod": options.mod_time, "usn": -1,
                "collapsed": false, "browserCollapsed": false, "dyn": 0, "conf": 1,
                "desc": "", "extendNew": 0, "extendRev": 0,
                "lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0],
            }),
        );
    }
    let models = serde_json::json!({ NOTETYPE_ID.to_string(): notetype_json(options.mod_time) });
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, '{}', ?3, ?4, '{}', '{}')",
        rusqlite::params![
            options.mod_time,
            mod_ms,
            models.to_string(),
            serde_json::Value::Object(decks_json).to_string()
        ],
    )?;
    {
        let mut insert_note =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut insert_card = tx.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        // Note and card ids count up from the export time in milliseconds
        // minus the note count, so none lies in the future.
        // At least 1: with `SOURCE_DATE_EPOCH=0` ids would be negative.
        let base = (mod_ms - total as i64).max(1);
        let mut i = 0usize;
        for_each_note(files, options, &mut media, |note| {
            let id = base + i as i64;
            let flds = note.fields.join("\u{1f}");
            let tags = format!(" {} ", note.tags.join(" "));
            let sort = strip_html(&note.fields[3]);
            insert_note.execute(rusqlite::params![
                id,
                note.guid,
                NOTETYPE_ID,
                options.mod_time,
                tags,
                flds,
                sort,
                csum(&note.fields[0]),
            ])?;
            insert_card.execute(rusqlite::params![
                id,
                id,
                deck_id(&note.deck),
                options.mod_time,
                i as i64 + 1,
            ])?;
            i += 1;
            Ok(())
        })?;
    }
    tx.commit()?;
    db.close().map_err(|(_, e)| e)?;

    let mut zip = zip::ZipWriter::new(out);
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Level 3: most of level 6's ratio on this text at twice the speed.
        .compression_level(Some(3))
        .last_modified_time(zip_time(options.mod_time));
    zip.start_file("collection.anki2", deflate)?;
    std::io::copy(&mut std::fs::File::open(&db_path)?, &mut zip)?;
    let map: serde_json::Map<String, serde_json::Value> = media
        .files
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i.to_string(), serde_json::Value::String(name.clone())))
        .collect();
    zip.start_file("media", deflate)?;
    zip.write_all(serde_json::Value::Object(map).to_string().as_bytes())?;
    for (i, (_, path)) in media.files.iter().enumerate() {
        zip.start_file(i.to_string(), deflate)?;
        let mut file = std::fs::File::open(path).map_err(|source| Error::MediaRead {
            path: path.clone(),
            source,
        })?;
        std::io::copy(&mut file, &mut zip)?;
    }
    zip.finish()?;
    Ok(Summary {
        notes: total,
        decks: deck_order,
        media: media.files.len(),
    })
}

/// The zip entries' timestamp: the export time (so that output with
/// `SOURCE_DATE_EPOCH` is reproducible), clamped to what zip can store.
fn zip_time(seconds: i64) -> zip::DateTime {
    // Days since the epoch to a civil date (Howard Hinnant's algorithm).
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = year.clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs % 3600 / 60) as u8,
        (secs % 60) as u8,
    )
    .unwrap_or_default()
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
    let mut media = Media::default();
    let mut out = out;
    out.write_all(
        format!(
            "#separator:tab\n#html:true\n#notetype:{NOTETYPE_NAME}\n#guid column:1\n#deck column:2\n#tags column:{}\n#columns:guid\tdeck\t{}\ttags\n",
            FIELDS.len() + 3,
            FIELDS.join("\t")
        )
        .as_bytes(),
    )?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        // Every field quoted: Anki's importer skips a line that starts
        // with `#` as a comment, and `#` is one of the GUID's characters
        // (about one note in 4,000 would have been lost unquoted).
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    let (notes, decks) = for_each_note(files, options, &mut media, |note| {
        let mut record: Vec<&str> = vec![&note.guid, &note.deck];
        record.extend(note.fields.iter().map(String::as_str));
        let tags = note.tags.join(" ");
        record.push(&tags);
        writer.write_record(&record)?;
        Ok(())
    })?;
    writer.flush()?;
    Ok(Summary {
        notes,
        decks,
        media: 0,
    })
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
    fn zip_time_of_known_dates() {
        let t = zip_time(1_700_000_000); // 2023-11-14 22:13:20 UTC
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2023, 11, 14, 22, 13, 20)
        );
        assert_eq!(zip_time(0).year(), 1980);
    }

    #[test]
    fn strip_keeps_image_names() {
        assert_eq!(
            strip_html("<p>a &lt; b <img src=\"x.png\"></p>"),
            "a < b  x.png"
        );
    }
}
