//! Entries rendered on every core, handed back in order: the writers whose
//! entries cost most (HTML for the study page and the quiz platforms) render
//! each batch the driver gives them this way, then write it in order.

use crate::Result;
use qbank_core::Entry;
use rayon::prelude::*;

/// `render` applied to each of `entries` (with its index in the slice) on
/// rayon's pool; the results in the entries' order, or the first error in
/// that order.
///
/// # Errors
///
/// The first error `render` returned, by the entries' order.
pub fn map_entries<T, F>(entries: &[Entry], render: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(usize, &Entry) -> Result<T> + Sync,
{
    // A few entries are not worth a thread's wake-up.
    if entries.len() < 4 {
        return entries
            .iter()
            .enumerate()
            .map(|(i, e)| render(i, e))
            .collect();
    }
    entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| render(i, e))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}
