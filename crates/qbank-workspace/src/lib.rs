//! # qbank-workspace: one input path for every command
//!
//! Every qbank command reads its banks the same way: **walk** the named
//! paths (folders searched for `*.md` and `*.markdown`, honouring
//! `.gitignore` and `.ignore`), **read** and **decode** each file, find the
//! **settings** of the nearest `qbank.toml` (labels and parse options, rule
//! levels, per-path overrides, Anki tags), and **parse** it with them. So a
//! `[labels]` setting changes `qbank export` exactly as it changes
//! `qbank check`.
//!
//! ```no_run
//! use qbank_workspace::{Loaded, Piece, WalkOptions, Workspace};
//! use std::path::PathBuf;
//!
//! let (workspace, errors) =
//!     Workspace::discover(&[PathBuf::from("banks")], &WalkOptions::default(), None)?;
//! for err in errors {
//!     eprintln!("{err}");
//! }
//! workspace.for_each_loaded(|i, loaded| match loaded {
//!     Ok(Loaded::Whole(file)) => println!("{}: {} entries", file.source.path, file.document.entries.len()),
//!     Ok(Loaded::Large(large)) => large.parse(|piece| {
//!         if let Piece::Entries { entries, .. } = piece {
//!             println!("{}: {} more entries", large.source.path, entries.len());
//!         }
//!     }),
//!     Err(err) => eprintln!("input {i}: {err}"),
//! });
//! # Ok::<(), qbank_workspace::Error>(())
//! ```

#![deny(missing_docs)]

mod config;
mod error;
mod inputs;
mod stream;

pub use config::{CONFIG_FILE_NAME, Config, FileSettings, Resolver};
pub use error::{ConfigError, Error, Result};
pub use inputs::{Input, Loaded, WalkOptions, collect, is_markdown};
pub use qbank_core::Piece;
pub use stream::{BATCH, Large};

use qbank_core::{Document, NearMiss, ParsedFile, Source};
use std::path::{Path, PathBuf};

/// The inputs of one run, each with the settings that apply to it.
#[derive(Debug, Default)]
pub struct Workspace {
    /// The inputs, sorted by path, each once.
    pub inputs: Vec<Input>,
    /// `settings[i]` applies to `inputs[i]`.
    pub settings: Vec<FileSettings>,
}

impl Workspace {
    /// Find the inputs named by `paths` and the settings of each: the
    /// `config` file for all of them when given, else the nearest
    /// `qbank.toml` above each file.
    ///
    /// Paths that are missing or cannot be searched come back beside the
    /// workspace, one error each, so that every one is reported.
    ///
    /// # Errors
    ///
    /// A configuration file that cannot be read or is malformed.
    pub fn discover(
        paths: &[PathBuf],
        walk: &WalkOptions,
        config: Option<&Path>,
    ) -> Result<(Workspace, Vec<Error>)> {
        let (inputs, errors) = collect(paths, walk);
        let mut resolver = Resolver::new(config)?;
        let mut settings = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let config = resolver.config_for(input.path())?;
            settings
                .push(config.map_or_else(FileSettings::default, |c| c.settings_for(input.path())));
        }
        Ok((Workspace { inputs, settings }, errors))
    }

    /// Read, decode and parse every input in parallel, each with its own
    /// settings; results come back in input order.
    #[must_use]
    pub fn load(&self) -> Vec<Result<ParsedFile>> {
        inputs::load(&self.inputs, |i| &self.settings[i].parse)
    }

    /// Read and decode every input in parallel, without parsing it; results
    /// come back in input order. For commands that read each text their
    /// own way (`qbank fmt` reads it entry by entry, so that the model of a
    /// large bank is never held whole).
    #[must_use]
    pub fn load_sources(&self) -> Vec<Result<Source>> {
        inputs::load_sources(&self.inputs)
    }

    /// Hand every input, in order, to `f` with its index: read, decoded,
    /// and parsed with its settings when small (a large file comes as a
    /// [`Large`], which parses it piece by piece with the same settings).
    /// Several small files are read and parsed in parallel at a time, so
    /// that many small files keep the threads busy while memory holds one
    /// group.
    pub fn for_each_loaded(&self, f: impl FnMut(usize, Result<Loaded>)) {
        inputs::for_each_loaded(&self.inputs, |i| &self.settings[i].parse, f);
    }

    /// What input `i`'s text nearly gave with its settings, when it gave no
    /// entry (see [`qbank_core::near_misses`]).
    #[must_use]
    pub fn near_misses(&self, i: usize, text: &str) -> Vec<NearMiss> {
        qbank_core::near_misses(text, &self.settings[i].parse)
    }

    /// The paths of the inputs that are files.
    #[must_use]
    pub fn files(&self) -> Vec<PathBuf> {
        self.inputs
            .iter()
            .filter_map(|i| i.path().map(Path::to_path_buf))
            .collect()
    }
}

/// Parse a decoded text with the settings of its `qbank.toml`: the one
/// parse of a small text, for every command and the language server
/// (large files: [`Large::parse`]).
#[must_use]
pub fn parse(path: &str, text: &str, settings: &FileSettings) -> Document {
    qbank_core::parse(path, text, &settings.parse)
}

/// [`parse`] again after an edit, with the reader that read the text
/// before it (`qbank_core::Rereader`: only the sections the edit changed
/// are scanned again; the result is [`parse`]'s). For the language server.
#[must_use]
pub fn reparse(
    reader: &mut qbank_core::Rereader,
    path: &str,
    text: &str,
    settings: &FileSettings,
) -> Document {
    reader.parse(path, text, &settings.parse)
}
