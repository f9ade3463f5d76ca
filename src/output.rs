//! Writing outputs: atomically for regular files, in place for special
//! files (FIFOs, devices), and to standard output for `-`.

use crate::errors::{CliError, display};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where an output goes.
#[derive(Debug, Clone)]
pub(crate) enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    pub(crate) fn new(path: &Path) -> Self {
        // `/dev/stdout` is our standard output: opening it anew would fail
        // for a pipe, and start at offset 0 (or be renamed over) for a file.
        if path.as_os_str() == "-" || (cfg!(unix) && path.as_os_str() == "/dev/stdout") {
            Destination::Stdout
        } else {
            Destination::File(path.to_owned())
        }
    }

    /// The destination as messages name it.
    pub(crate) fn name(&self) -> String {
        match self {
            Destination::Stdout => "standard output".to_owned(),
            Destination::File(path) => display(path),
        }
    }

    /// Whether the output is written in place, so that what was written
    /// cannot be taken back: standard output, a FIFO, a device.
    pub(crate) fn in_place(&self) -> bool {
        match self {
            Destination::Stdout => true,
            Destination::File(path) => {
                std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
            }
        }
    }

    /// Refuse, before any work, a destination whose folder cannot be made:
    /// one of the folders above it is a file. A missing folder is no
    /// error: it is created when the output is put in place (see
    /// [`Output::commit`]).
    pub(crate) fn check_folder(&self) -> Result<(), CliError> {
        let Destination::File(path) = self else {
            return Ok(());
        };
        if path.exists() {
            return Ok(());
        }
        let existing = nearest_existing(&folder_of(path));
        if existing.is_dir() {
            Ok(())
        } else {
            Err(CliError::OutputFolder {
                path: display(&existing),
            })
        }
    }

    /// Refuse a destination that is one of the input files.
    pub(crate) fn check_not_input(&self, inputs: &[PathBuf]) -> Result<(), CliError> {
        let Destination::File(path) = self else {
            return Ok(());
        };
        let Ok(dest) = path.canonicalize() else {
            return Ok(());
        };
        if !dest.is_file() {
            return Ok(());
        }
        for input in inputs {
            if input.canonicalize().is_ok_and(|i| i == dest) {
                return Err(CliError::OutputIsInput {
                    path: display(path),
                });
            }
        }
        Ok(())
    }
    /// Write the whole output with `write`: atomically for a regular file
    /// (see [`Output`]).
    pub(crate) fn write<E>(
        &self,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
    ) -> Result<(), CliError>
    where
        E: Into<std::io::Error>,
    {
        let mut output = self.open()?;
        match write(&mut output) {
            Ok(()) => output.commit(),
            Err(err) => output.fail(err.into()).map_or(Ok(()), Err),
        }
    }

    /// Open the output for writing piece by piece; nothing is in place
    /// until [`Output::commit`].
    pub(crate) fn open(&self) -> Result<Output, CliError> {
        match self {
            Destination::Stdout => Ok(Output {
                // Unlocked (`Stdout` is `Send`, its lock is not): writers
                // such as the XLSX zip stream need `Send`.
                target: Target::Stdout(BufWriter::with_capacity(1 << 16, std::io::stdout())),
                name: self.name(),
            }),
            Destination::File(path) => open_file(path),
        }
    }
}

/// An output being written: a temporary file beside a regular file (renamed
/// over it by [`commit`](Self::commit), deleted if dropped before), a
/// special file (FIFO, device) written in place, or standard output.
pub(crate) struct Output {
    target: Target,
    /// The path as given, for messages.
    name: String,
}

enum Target {
    Stdout(BufWriter<std::io::Stdout>),
    InPlace(BufWriter<std::fs::File>),
    Temp {
        out: BufWriter<tempfile::NamedTempFile>,
        /// The file it replaces.
        path: PathBuf,
        /// Its folder when that does not exist yet: created at commit, so
        /// that a failed or interrupted run leaves no empty folder behind.
        missing: Option<PathBuf>,
        /// Removed if the run is interrupted.
        tracked: qbank_export::scratch::Tracked,
    },
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.target {
            Target::Stdout(out) => out.write(buf),
            Target::InPlace(out) => out.write(buf),
            Target::Temp { out, .. } => out.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.write_all(buf),
            Target::InPlace(out) => out.write_all(buf),
            Target::Temp { out, .. } => out.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.flush(),
            Target::InPlace(out) => out.flush(),
            Target::Temp { out, .. } => out.flush(),
        }
    }
}

impl Output {
    /// Flush, and put a regular file in place (synced, then renamed over
    /// the old one).
    pub(crate) fn commit(self) -> Result<(), CliError> {
        let name = self.name;
        let fail = |source| CliError::Write {
            path: name.clone(),
            source,
        };
        match self.target {
            Target::Stdout(mut out) => match out.flush() {
                Ok(()) => Ok(()),
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(source) => Err(CliError::Stdout { source }),
            },
            Target::InPlace(mut out) => out.flush().map_err(fail),
            Target::Temp {
                out,
                path,
                missing,
                tracked,
            } => {
                let temp = out.into_inner().map_err(|e| fail(e.into_error()))?;
                temp.as_file().sync_all().map_err(fail)?;
                // Renamed under the scratch lock: an interrupted run puts
                // nothing in place.
                qbank_export::scratch::commit(|| {
                    let created = create_folders(missing.as_deref())?;
                    temp.persist(&path).map_err(|e| {
                        remove_folders(&created);
                        e.error
                    })
                })
                .map_err(fail)?;
                drop(tracked);
                Ok(())
            }
        }
    }

    /// Give up on the output after `err` (a temporary file is deleted): the
    /// error to report, or `None` when standard output was closed by its
    /// reader (not an error: `qbank export … | head`).
    pub(crate) fn fail(self, err: std::io::Error) -> Option<CliError> {
        match self.target {
            Target::Stdout(_) if err.kind() == std::io::ErrorKind::BrokenPipe => None,
            Target::Stdout(_) => Some(CliError::Stdout { source: err }),
            Target::InPlace(_) | Target::Temp { .. } => Some(CliError::Write {
                path: self.name,
                source: err,
            }),
        }
    }
}

fn open_file(given: &Path) -> Result<Output, CliError> {
    let fail = |source| CliError::Write {
        path: display(given),
        source,
    };
    // What the path names, through any symbolic link.
    let existing = std::fs::metadata(given).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() {
            if meta.is_dir() {
                return Err(fail(std::io::Error::other("it is a folder")));
            }
            // A FIFO, a terminal or another device: write in place, never
            // replace it by a rename. (Opened by the given path: a link
            // such as `/dev/stderr` to a pipe has no path to resolve to.)
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(given)
                .map_err(fail)?;
            return Ok(Output {
                target: Target::InPlace(BufWriter::with_capacity(1 << 16, file)),
                name: display(given),
            });
        }
    }
    // Through a symbolic link, write the file it points to: renaming over
    // the link would replace the link by a copy.
    let resolved;
    let path = if std::fs::symlink_metadata(given).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = std::fs::canonicalize(given).map_err(fail)?;
        resolved.as_path()
    } else {
        given
    };
    // A missing folder is made at commit; until then the temporary file
    // waits in the nearest folder that exists (the same file system, so
    // the rename stays atomic).
    let folder = folder_of(path);
    let (temp_folder, missing) = if folder.is_dir() {
        (folder, None)
    } else {
        let existing = nearest_existing(&folder);
        if !existing.is_dir() {
            return Err(CliError::OutputFolder {
                path: display(&existing),
            });
        }
        (existing, Some(folder))
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".qbank-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: 0666 less the umask, or the replaced file's mode.
        let mode = existing
            .as_ref()
            .map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let temp = builder.tempfile_in(&temp_folder).map_err(fail)?;
    let tracked = qbank_export::scratch::track(temp.path().to_path_buf());
    Ok(Output {
        target: Target::Temp {
            out: BufWriter::with_capacity(1 << 16, temp),
            path: path.to_owned(),
            missing,
            tracked,
        },
        name: display(given),
    })
}

/// The folder a file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// `folder`, or the nearest folder above it that exists (which may turn
/// out to be a file).
fn nearest_existing(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_ok())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Create `folder` and the missing ones above it; the ones created,
/// deepest first (all of them removed again if one fails).
fn create_folders(folder: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    let Some(folder) = folder else {
        return Ok(Vec::new());
    };
    let mut missing: Vec<PathBuf> = folder
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .take_while(|a| std::fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    let mut created = Vec::with_capacity(missing.len());
    while let Some(next) = missing.pop() {
        match std::fs::create_dir(&next) {
            Ok(()) => created.insert(0, next),
            // Another output of the run made it meanwhile.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && next.is_dir() => {}
            Err(e) => {
                remove_folders(&created);
                return Err(e);
            }
        }
    }
    Ok(created)
}

/// Remove folders this run created, deepest first, if they are empty.
fn remove_folders(created: &[PathBuf]) {
    for folder in created {
        let _ = std::fs::remove_dir(folder);
    }
}
