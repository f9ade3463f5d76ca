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

    /// Refuse a destination whose folder does not exist, before any work
    /// (the write itself checks again).
    pub(crate) fn check_folder(&self) -> Result<(), CliError> {
        let Destination::File(path) = self else {
            return Ok(());
        };
        if path.exists() {
            return Ok(());
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        if folder.is_dir() {
            Ok(())
        } else {
            Err(CliError::OutputFolder {
                path: display(&folder),
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

    /// Run `write` against the destination. A regular file is written to a
    /// temporary file in the same folder and renamed over the destination
    /// only when `write` succeeded, so a failed run leaves no partial file.
    /// A closed standard output (`qbank … | head`) is not an error.
    pub(crate) fn write<E>(
        &self,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
    ) -> Result<(), CliError>
    where
        E: Into<std::io::Error>,
    {
        match self {
            Destination::Stdout => {
                // Unlocked (`Stdout` is `Send`, its lock is not): writers such
                // as the XLSX zip stream need `Send`.
                let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout());
                match write(&mut out)
                    .map_err(Into::into)
                    .and_then(|()| out.flush())
                {
                    Ok(()) => Ok(()),
                    Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(source) => Err(CliError::Stdout { source }),
                }
            }
            Destination::File(path) => write_file(path, write),
        }
    }
}

fn write_file<E: Into<std::io::Error>>(
    given: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
) -> Result<(), CliError> {
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
            let mut out = BufWriter::with_capacity(1 << 16, file);
            return write(&mut out)
                .map_err(Into::into)
                .and_then(|()| out.flush())
                .map_err(fail);
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
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(CliError::OutputFolder {
            path: display(&folder),
        });
    }
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
    let temp = builder.tempfile_in(&folder).map_err(fail)?;
    let mut out = BufWriter::with_capacity(1 << 16, temp);
    write(&mut out)
        .map_err(Into::into)
        .and_then(|()| out.flush())
        .map_err(fail)?;
    let temp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
