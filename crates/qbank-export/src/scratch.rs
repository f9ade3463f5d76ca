//! The temporary files and folders of a run, so that an interrupted run
//! (Ctrl-C, `kill`) removes them all.
//!
//! Destructors do not run when a process is ended by a signal: a run that
//! writes outputs through temporary files registers each one here, and the
//! program's signal handler calls [`remove_all`] before it exits. An output
//! is put in place with [`commit`], under the same lock, so that a signal
//! never finds an output half renamed, and a run that was interrupted puts
//! nothing in place.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

static TRACKED: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn tracked() -> MutexGuard<'static, Vec<(u64, PathBuf)>> {
    // A panic while the lock was held leaves the list as it was: still
    // right to use.
    TRACKED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file or folder registered for removal on interruption;
/// dropping it (after the file was put in place or deleted) unregisters it.
#[derive(Debug)]
#[must_use = "the path is unregistered when this is dropped"]
pub struct Tracked {
    id: u64,
}

/// Register `path` (a file, or a folder and everything in it).
pub fn track(path: PathBuf) -> Tracked {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    tracked().push((id, path));
    Tracked { id }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        tracked().retain(|(id, _)| *id != self.id);
    }
}

/// Run `put_in_place` (a rename of a finished temporary file over its
/// output) unless the run was interrupted.
///
/// # Errors
///
/// `ErrorKind::Interrupted` when the run was interrupted: nothing is put
/// in place.
pub fn commit<T>(put_in_place: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    let _held = tracked();
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted",
        ));
    }
    put_in_place()
}

/// Remove every registered file and folder, and let no output be put in
/// place afterwards. For a signal handler, just before the process exits.
pub fn remove_all() {
    let mut list = tracked();
    INTERRUPTED.store(true, Ordering::SeqCst);
    for (_, path) in list.drain(..) {
        let removed = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(_) => Ok(()),
        };
        // Nothing more can be done about a file that cannot be removed on
        // the way out.
        let _ = removed;
    }
}

/// Whether [`remove_all`] has run.
#[must_use]
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
