//! A progress bar on standard error for work that lasts: shown only on a
//! terminal (never in a pipe, a file or CI), and only once the work has
//! run for a second, so quick runs print nothing but their summary.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// After this long, the bar appears (`QBANK_PROGRESS_DELAY_MS` changes it,
/// for tests).
fn delay() -> Duration {
    std::env::var("QBANK_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// A run's progress through its inputs: files, bytes and entries.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
    files: usize,
    /// Bytes of the documents finished.
    done_bytes: u64,
    /// Length of each input, in order (0 when unknown: standard input).
    sizes: Vec<u64>,
}

/// Whether a bar may be drawn: standard error is a terminal, not in CI,
/// not `--quiet`.
fn wanted(quiet: bool) -> bool {
    !quiet
        && std::env::var_os("CI").is_none_or(|v| v.is_empty())
        && std::io::IsTerminal::is_terminal(&std::io::stderr())
}

impl Progress {
    /// Progress over inputs of these sizes.
    pub(crate) fn new(sizes: Vec<u64>, quiet: bool) -> Progress {
        let total: u64 = sizes.iter().sum();
        let bar = wanted(quiet).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
            files: 0,
            done_bytes: 0,
            sizes,
        }
    }

    /// The driver's report: entries written, where the current document
    /// stands.
    pub(crate) fn update(&mut self, p: qbank_export::Progress) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && self.start.elapsed() >= delay() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        let position = self.done_bytes + p.offset as u64;
        if p.document_done {
            self.done_bytes += self
                .sizes
                .get(self.files)
                .copied()
                .unwrap_or(p.offset as u64);
            self.files += 1;
        }
        bar.set_position(position.min(bar.length().unwrap_or(u64::MAX)));
        bar.set_message(format!(
            "{}/{} files, {} entries",
            self.files,
            self.sizes.len(),
            p.entries
        ));
    }

    /// Take the bar off the terminal.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What a run is doing, for work whose length is unknown at first (`qbank
/// sync` waiting for Anki): a spinner with a message, which becomes a bar
/// with counts (`importing into Anki ━━━━━╸━━━ 500/2000 notes`) for the
/// steps that are counted. Drawn only on a terminal, and only once the run
/// has lasted a second.
pub(crate) struct Spinner {
    bar: Option<ProgressBar>,
}

/// A spinner's look.
fn spinning() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// A counted step's look (`{prefix}`: what is counted).
fn counting() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {msg} {wide_bar} {pos}/{len} {prefix}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
}

impl Spinner {
    pub(crate) fn new(quiet: bool) -> Spinner {
        let bar = wanted(quiet).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(spinning());
            let shown = bar.clone();
            let _ = std::thread::Builder::new()
                .name("qbank-spinner".to_owned())
                .spawn(move || {
                    std::thread::sleep(delay());
                    if !shown.is_finished() {
                        shown.set_draw_target(ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(Duration::from_millis(100));
                    }
                });
            bar
        });
        Spinner { bar }
    }

    /// What is being done now. (Every change may be drawn at once: the
    /// spinner's look comes first, so that no line mixes two steps.)
    pub(crate) fn say(&self, what: &str) {
        if let Some(bar) = &self.bar {
            if bar.length().is_some() {
                bar.set_style(spinning());
                bar.unset_length();
            }
            bar.set_message(what.to_owned());
        }
    }

    /// Doing `what`, through `done` of `total` `unit`s.
    pub(crate) fn count(&self, what: &str, done: usize, total: usize, unit: &str) {
        let Some(bar) = &self.bar else { return };
        let (done, total) = (done as u64, total as u64);
        if bar.length().is_some() && bar.message() == what {
            bar.set_length(total);
            bar.set_position(done);
            return;
        }
        // A new step: its counts set under the spinner's look, then shown.
        bar.set_style(spinning());
        bar.set_length(total);
        bar.set_position(done);
        bar.set_prefix(unit.to_owned());
        bar.set_message(what.to_owned());
        bar.set_style(counting());
    }

    /// Take the spinner off the terminal.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
