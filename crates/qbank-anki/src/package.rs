//! The `.apkg` package: the SQLite collection and the zip around it.

use crate::identity::deck_id;
use crate::notes::{Note, Notes};
use crate::notetype::{NoteType, notetype_json};
use crate::{AnkiOptions, Error, NoteData, Result};
use qbank_core::{Document, Entry};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer, deflate};
use std::io::{Seek, Write};
use std::path::PathBuf;

/// The deck options of `dconf`: Anki's default options, id 1 (see
/// `write_package`).
const DECK_OPTIONS: &str = r#"{"1":{"id":1,"mod":0,"name":"Default","usn":0,"maxTaken":60,"autoplay":true,"timer":0,"replayq":true,"dyn":false,"new":{"bury":false,"delays":[1.0,10.0],"initialFactor":2500,"ints":[1,4,0],"order":1,"perDay":20},"rev":{"bury":false,"ease4":1.3,"ivlFct":1.0,"maxIvl":36500,"perDay":200,"hardFactor":1.2},"lapse":{"delays":[10.0],"leechAction":1,"leechFails":8,"minInt":1,"mult":0.0}}}"#;

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

/// `--to anki`: an Anki package written entry by entry, as
/// [`qbank_core::parse_each`] hands entries on: each batch is rendered in
/// parallel, and a thread of the writer's own inserts the notes into the
/// scratch collection while the next ones are parsed and rendered. Only the
/// notes in flight are held. The zip container needs to seek: it is built in
/// a temporary file (deleted by the system even if the process is killed),
/// then copied to `out`, so that a full disk or a closed pipe is `out`'s own
/// I/O error.
///
/// # Errors
///
/// When the scratch collection cannot be created.
pub fn create_apkg<W: Write + 'static>(
    out: W,
    shared: &ExportOptions,
    options: &AnkiOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(ApkgWriter::new(out, shared, options, 0)?))
}

/// The `.apkg` of `notes` (as [`create_note_list`](crate::create_note_list)
/// made them, in any number and order) into `out`: the package `--to anki`
/// writes of their entries, with `time` as its modification time and note
/// ids counting up from `time` in milliseconds plus `first` (so that the
/// packages of one run, each `first` past the last one's notes, hold no id
/// twice). `qbank sync` sends Anki the notes that changed this way, without
/// reading the bank again.
///
/// # Errors
///
/// When the collection or the package cannot be written, or a media file
/// read.
pub fn write_apkg<W: Write>(
    out: W,
    notes: &[NoteData],
    time: i64,
    first: i64,
) -> qbank_export::Result<W> {
    let mut shared = ExportOptions::default();
    shared.time = time;
    let mut writer = ApkgWriter::new(out, &shared, &AnkiOptions::default(), first)?;
    for chunk in notes.chunks(512) {
        let mut made = Vec::with_capacity(chunk.len());
        for data in chunk {
            let note = Note::from_data(data)?;
            writer.notes.register(&note);
            made.push(note);
        }
        writer.send(made)?;
    }
    Ok(Box::new(writer).finish()?.output)
}

/// Notes inserted per transaction step: the batches `write_entries` is
/// given, as rendered.
type NoteBatch = Vec<Note>;

/// The package being written (see [`create_apkg`]).
struct ApkgWriter<W> {
    notes: Notes,
    mod_time: i64,
    /// The scratch folder of the collection (deleted when dropped, and by
    /// [`qbank_export::scratch::remove_all`] when the run is interrupted).
    _dir: tempfile::TempDir,
    _tracked: qbank_export::scratch::Tracked,
    db_path: PathBuf,
    sender: Option<std::sync::mpsc::SyncSender<NoteBatch>>,
    inserter: Option<std::thread::JoinHandle<Result<rusqlite::Connection>>>,
    out: W,
}

impl<W: Write> ApkgWriter<W> {
    /// A writer whose note and card ids start `first` past the export
    /// time in milliseconds.
    fn new(out: W, shared: &ExportOptions, options: &AnkiOptions, first: i64) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let db_path = dir.path().join("collection.anki2");
        let db = rusqlite::Connection::open(&db_path)?;
        // A scratch file, zipped and deleted when complete: no journal and
        // no syncs to disk (the package itself is written atomically). With
        // them, SQLite waited on the disk at every commit.
        db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        db.execute_batch(SCHEMA)?;
        db.execute_batch("BEGIN")?;
        // Anki applies an edited note on re-import only when its time is
        // later than the one it has: the export time is.
        let mod_time = shared.time;
        // Note and card ids count up from the export time in milliseconds,
        // as genanki's do (Anki refuses ids more than a day ahead: that is
        // 86 million notes). At least 1: with `SOURCE_DATE_EPOCH=0`.
        let base = mod_time.saturating_mul(1000).max(1).saturating_add(first);
        let (sender, receiver) = std::sync::mpsc::sync_channel::<NoteBatch>(1);
        let inserter = std::thread::Builder::new()
            .name("qbank-anki-insert".to_owned())
            .spawn(move || insert_notes(db, &receiver, base, mod_time))?;
        Ok(ApkgWriter {
            notes: Notes::new(options, shared),
            mod_time,
            _tracked: qbank_export::scratch::track(dir.path().to_path_buf()),
            _dir: dir,
            db_path,
            sender: Some(sender),
            inserter: Some(inserter),
            out,
        })
    }

    /// Add the notes of entries of the open document.
    fn entries(&mut self, text: &str, doc: &Document, entries: &[Entry]) -> Result<()> {
        let notes = self.notes.make(text, doc, entries)?;
        self.send(notes)
    }

    /// Hand notes to the inserter.
    fn send(&mut self, notes: NoteBatch) -> Result<()> {
        if notes.is_empty() {
            return Ok(());
        }
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

    /// Complete the collection and write the package to `package`.
    ///
    /// `dconf` holds the deck options the decks name (`"conf": 1`), Anki's
    /// defaults as its own exports write them: Anki's legacy importer (the
    /// one Anki used before 2.1.50, and AnkiConnect's `importPackage` today)
    /// refuses a package whose decks name options it does not hold ("No
    /// such deck config: '1'"). Their `mod` is 0, so that importing deck
    /// presets never replaces the user's own default options.
    fn write_package(&mut self, package: impl Write + Seek) -> Result<()> {
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
        // The note types the notes use (`qbank Q&A` alone for no notes):
        // an unused one would be added to the user's collection for nothing.
        let mut models = serde_json::Map::new();
        for kind in NoteType::ALL {
            let none = !self.notes.notetypes.contains(&true) && kind == NoteType::Basic;
            if self.notes.notetypes[kind.index()] || none {
                models.insert(kind.id().to_string(), notetype_json(kind, mod_time));
            }
        }
        let models = serde_json::Value::Object(models);
        db.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, '{}', ?3, ?4, ?5, '{}')",
            rusqlite::params![
                mod_time,
                mod_time.saturating_mul(1000),
                models.to_string(),
                serde_json::Value::Object(decks_json).to_string(),
                DECK_OPTIONS,
            ],
        )?;
        db.execute_batch("COMMIT")?;
        db.close().map_err(|(_, e)| e)?;

        let media = &self.notes.media;
        let time = qbank_export::zipfile::time(mod_time);
        let mut zip = rawzip::ZipArchiveWriter::new(package);
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
        qbank_export::zipfile::add_file(&mut zip, "media", time, map.as_bytes(), LEVEL)?;
        for (i, (_, path)) in media.files.iter().enumerate() {
            let file = std::fs::File::open(path).map_err(|source| Error::MediaRead {
                path: path.clone(),
                source,
            })?;
            qbank_export::zipfile::add_file(&mut zip, &i.to_string(), time, file, LEVEL)?;
        }
        zip.finish()?;
        Ok(())
    }
}

impl<W: Write> Writer<W> for ApkgWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.notes.begin(doc.text, doc.document, doc.tags);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        Ok(self.entries(doc.text, doc.document, entries)?)
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let mut package = tempfile::tempfile()?;
        self.write_package(&mut package)?;
        package.seek(std::io::SeekFrom::Start(0))?;
        let ApkgWriter { mut out, .. } = *self;
        std::io::copy(&mut package, &mut out)?;
        out.flush()?;
        Ok(Finished::new(out))
    }
}

/// The inserter thread of the package writer: notes and their cards, numbered
/// in arrival order, until the sender is dropped.
fn insert_notes(
    db: rusqlite::Connection,
    receiver: &std::sync::mpsc::Receiver<NoteBatch>,
    base: i64,
    mod_time: i64,
) -> Result<rusqlite::Connection> {
    // Notes and cards are numbered apart: a cloze note has several cards.
    let (mut i, mut card) = (0i64, 0i64);
    {
        let mut insert_note =
            db.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut insert_card = db.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        for batch in receiver {
            for note in batch {
                let id = base + i;
                let flds = note.fields.join("\u{1f}");
                let tags = format!(" {} ", note.tags.join(" "));
                let sort = strip_html(&note.fields[note.notetype.sort_field()]);
                insert_note.execute(rusqlite::params![
                    id,
                    note.guid,
                    note.notetype.id(),
                    mod_time,
                    tags,
                    flds,
                    sort,
                    csum(&note.fields[0]),
                ])?;
                // A note's cards share its place in the new-card queue, as
                // Anki gives them.
                for ord in &note.ords {
                    insert_card.execute(rusqlite::params![
                        base + card,
                        id,
                        deck_id(&note.deck),
                        ord,
                        mod_time,
                        i + 1,
                    ])?;
                    card += 1;
                }
                i += 1;
            }
        }
    }
    Ok(db)
}

/// Deflate level: most of level 6's ratio on this text at twice the speed.
const LEVEL: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_keeps_image_names() {
        assert_eq!(
            strip_html("<p>a &lt; b <img src=\"x.png\"></p>"),
            "a < b  x.png"
        );
    }
}
