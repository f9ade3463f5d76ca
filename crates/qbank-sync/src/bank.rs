//! The bank: the inputs read, and the notes their `.apkg` export holds.

use crate::{Error, Result};
use qbank_anki::{AnkiOptions, NoteData};
use qbank_core::ParsedFile;
use qbank_export::{Driver, ExportOptions, Writer};
use qbank_workspace::{WalkOptions, Workspace};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The inputs of a sync, read and parsed, and their notes.
pub struct Bank {
    /// The notes, one per entry, in order.
    pub notes: Vec<NoteData>,
    /// The inputs that could not be read.
    pub failed: Vec<qbank_workspace::Error>,
    /// Whether notes may be orphaned: every input was read (see
    /// [`Bank::read`], which sets it).
    pub orphans: bool,
    /// How many inputs were read.
    pub files: usize,
    parsed: Vec<(ParsedFile, Vec<String>)>,
    shared: ExportOptions,
    anki: AnkiOptions,
}

impl Bank {
    /// Read `paths` as `qbank export` does (`config`, the walk), and make
    /// their notes with `anki`'s deck and tags.
    ///
    /// # Errors
    ///
    /// A configuration that cannot be read, or an entry whose note cannot be
    /// made.
    pub fn read(
        paths: &[PathBuf],
        walk: &WalkOptions,
        config: Option<&Path>,
        anki: &AnkiOptions,
    ) -> Result<Bank> {
        let (workspace, mut failed) = Workspace::discover(paths, walk, config)?;
        let mut shared = ExportOptions::default();
        shared.several = paths.len() > 1 || workspace.inputs.len() > 1;
        let mut parsed = Vec::new();
        for (i, loaded) in workspace.load().into_iter().enumerate() {
            match loaded {
                Ok(file) => parsed.push((file, workspace.settings[i].anki_tags.clone())),
                Err(err) => failed.push(err),
            }
        }
        let list = qbank_anki::create_note_list(&shared, anki);
        let notes = run(list, &parsed)?;
        Ok(Bank {
            notes,
            orphans: failed.is_empty(),
            failed,
            files: parsed.len(),
            parsed,
            shared,
            anki: anki.clone(),
        })
    }

    /// The decks the notes go to, each once, in order.
    #[must_use]
    pub fn decks(&self) -> Vec<String> {
        let mut decks: Vec<String> = Vec::new();
        for note in &self.notes {
            if !decks.contains(&note.deck) {
                decks.push(note.deck.clone());
            }
        }
        decks
    }

    /// The `.apkg` of the notes of `only` (their GUIDs), as the export
    /// writes it with `time` as its modification time, into `path`.
    ///
    /// # Errors
    ///
    /// When the package cannot be written.
    pub fn write_package(&self, only: &BTreeSet<String>, time: i64, path: &Path) -> Result<()> {
        let mut shared = self.shared.clone();
        shared.time = time;
        let mut anki = self.anki.clone();
        anki.only = Some(only.clone());
        let file = std::fs::File::create(path)?;
        let writer = qbank_anki::create_apkg(std::io::BufWriter::new(file), &shared, &anki);
        let mut out = run(writer, &self.parsed)?;
        std::io::Write::flush(&mut out)?;
        Ok(())
    }
}

/// Feed every parsed input to one writer; its output.
fn run<W>(
    writer: qbank_export::Result<Box<dyn Writer<W>>>,
    parsed: &[(ParsedFile, Vec<String>)],
) -> Result<W> {
    let mut driver = Driver::new(vec![writer]);
    for (file, tags) in parsed {
        driver.write_parsed(file, tags);
    }
    match driver.finish().pop() {
        Some(result) => Ok(result?.output),
        None => Err(Error::Io(std::io::Error::other("no writer"))),
    }
}
