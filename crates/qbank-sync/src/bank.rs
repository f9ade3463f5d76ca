//! The bank: the inputs read, and the notes their `.apkg` export holds.

use crate::run::{Phases, Step};
use crate::{Error, Result};
use qbank_anki::{AnkiOptions, NoteData};
use qbank_export::{Driver, ExportOptions};
use qbank_workspace::{Loaded, WalkOptions, Workspace};
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
}

impl Bank {
    /// Read `paths` as `qbank export` does (`config`, the walk; a large
    /// file parsed piece by piece, so that its whole model never exists),
    /// and make their notes with `anki`'s deck and tags. Only the notes are
    /// kept: the packages sent to Anki are written from them. `phases` is
    /// told how many inputs were read.
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
        phases: Option<&Phases>,
    ) -> Result<Bank> {
        let (workspace, mut failed) = Workspace::discover(paths, walk, config)?;
        let mut shared = ExportOptions::default();
        shared.several = paths.len() > 1 || workspace.inputs.len() > 1;
        let mut driver = Driver::new(vec![qbank_anki::create_note_list(&shared, anki)]);
        let total = workspace.inputs.len();
        let mut files = 0;
        workspace.for_each_loaded(|i, loaded| {
            let tags = &workspace.settings[i].anki_tags;
            match loaded {
                Ok(Loaded::Whole(file)) => driver.write_parsed(&file, tags),
                Ok(Loaded::Large(large)) => {
                    large.parse(|piece| driver.write_piece(&large.source, tags, piece));
                }
                Err(err) => {
                    failed.push(err);
                    return;
                }
            }
            files += 1;
            if let Some(phases) = phases {
                phases(Step::counting("reading the bank", i + 1, total, "files"));
            }
        });
        let notes = match driver.finish().pop() {
            Some(result) => result?.output,
            None => return Err(Error::Io(std::io::Error::other("no writer"))),
        };
        Ok(Bank {
            notes,
            orphans: failed.is_empty(),
            failed,
            files,
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
}

/// The `.apkg` of `notes` (the export's package of their entries), with
/// `time` as its modification time and note ids `first` past it, into
/// `path`.
///
/// # Errors
///
/// When the package cannot be written.
pub(crate) fn write_package(notes: &[NoteData], time: i64, first: i64, path: &Path) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let out = qbank_anki::write_apkg(std::io::BufWriter::new(file), notes, time, first)?;
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over 1 MiB, the bank is parsed piece by piece (as `qbank export`
    /// reads it): the notes are those of the whole document parsed at once.
    #[test]
    fn a_large_bank_read_piece_by_piece_gives_the_same_notes() {
        let mut md = String::from("# Big\n");
        let mut n = 0;
        while md.len() < 1_200_000 {
            n += 1;
            let words = "word ".repeat(40);
            md.push_str(&format!(
                "\n## {n}. Question {n}\n\n**Answer:** {n}: {words}\n"
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, &md).unwrap();
        let anki = AnkiOptions::default();
        let walk = WalkOptions::default();
        let bank = Bank::read(std::slice::from_ref(&path), &walk, None, &anki, None).unwrap();
        let options = qbank_core::ParseOptions::default();
        let name = path.to_string_lossy();
        let file = qbank_core::parse_bytes(name, md.into_bytes(), &options).unwrap();
        let list = qbank_anki::create_note_list(&ExportOptions::default(), &anki);
        let whole = qbank_export::export_parsed(list, &[&file]).unwrap().output;
        assert!(whole.len() > 2 * qbank_workspace::BATCH, "several batches");
        assert!(bank.notes == whole);
        assert_eq!((bank.files, bank.orphans), (1, true));
    }
}
