//! Finding the banks and their golden files, and running qbank on them.

use crate::golden::{self, Golden, GoldenError};
use crate::score::{Exported, Figures, entries_of_export, score};
use crate::split::Part;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long one export may take before it counts as giving no entry
/// (`golden.py`'s `timeout=120`).
const TIMEOUT: Duration = Duration::from_secs(120);

/// A bank with a golden file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    /// The bank's file name (`en_foo_bar.md`).
    pub name: String,
    /// The bank.
    pub path: PathBuf,
    /// Its golden file (`en_foo_bar.md.jsonl`).
    pub golden: PathBuf,
}

impl Bank {
    /// Tuning or held back.
    pub fn part(&self) -> Part {
        Part::of(&self.name)
    }
}

/// One bank's figures.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The bank.
    pub bank: Bank,
    /// What it scored.
    pub figures: Figures,
}

/// What stopped a measure.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A folder could not be listed.
    #[error("{}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A golden file could not be read.
    #[error(transparent)]
    Golden(#[from] GoldenError),
}

/// Every golden file of `gold` (folders in order, names sorted) whose bank
/// is in one of `banks`, as `golden.py` walks them; golden files without a
/// bank are skipped.
pub fn banks(gold: &[PathBuf], banks: &[PathBuf]) -> Result<Vec<Bank>, RunError> {
    let mut found = Vec::new();
    for dir in gold {
        let listing = std::fs::read_dir(dir).map_err(|source| RunError::Folder {
            path: dir.clone(),
            source,
        })?;
        let mut names: Vec<String> = listing
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".jsonl"))
            .collect();
        names.sort();
        for name in names {
            let bank = name.trim_end_matches(".jsonl").to_owned();
            if let Some(path) = banks.iter().map(|d| d.join(&bank)).find(|p| p.exists()) {
                found.push(Bank {
                    golden: dir.join(&name),
                    name: bank,
                    path,
                });
            }
        }
    }
    Ok(found)
}

/// The entries of `qbank export PATH --to json -o -`; none when qbank
/// fails, prints no JSON of the export's form, or runs past two minutes.
pub fn export_entries(qbank: &Path, path: &Path) -> Vec<Exported> {
    let child = Command::new(qbank)
        .arg("export")
        .arg(path)
        .args(["--to", "json", "-o", "-"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return Vec::new();
    };
    let Some(mut stdout) = child.stdout.take() else {
        return Vec::new();
    };
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    // std has no wait with a time-out: poll, as golden.py's
    // `subprocess.run(timeout=120)` does.
    let start = Instant::now();
    while matches!(child.try_wait(), Ok(None)) {
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Vec::new();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    match reader.join() {
        Ok(Ok(bytes)) => entries_of_export(&bytes),
        _ => Vec::new(),
    }
}

/// Scores every bank with the `qbank` binary at `qbank`, on every core;
/// `only` keeps the banks whose golden lines are mostly of that kind.
pub fn measure(
    qbank: &Path,
    banks: &[Bank],
    only: Option<&str>,
) -> Result<Vec<Measured>, RunError> {
    let mut chosen = Vec::new();
    for bank in banks {
        let gold = golden::read(&bank.golden)?;
        if only.is_none_or(|kind| main_kind(&gold) == Some(kind)) {
            chosen.push((bank, gold));
        }
    }
    let results: Mutex<Vec<Option<Measured>>> = Mutex::new(vec![None; chosen.len()]);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(chosen.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((bank, gold)) = chosen.get(i) else {
                        break;
                    };
                    let figures = score(gold, &export_entries(qbank, &bank.path));
                    let mut slots = results.lock().unwrap_or_else(PoisonError::into_inner);
                    slots[i] = Some(Measured {
                        bank: (*bank).clone(),
                        figures,
                    });
                }
            });
        }
    });
    let slots = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    Ok(slots.into_iter().flatten().collect())
}

/// The kind most of the golden lines have (ties go to the first of
/// `choice`, `fill`, `open`: `golden.py` breaks them by its set's order,
/// which Python does not fix).
fn main_kind(gold: &[Golden]) -> Option<&'static str> {
    let count = |kind: &str| {
        gold.iter()
            .filter(|g| g.kind.as_deref() == Some(kind))
            .count()
    };
    ["choice", "fill", "open"]
        .into_iter()
        .filter(|k| count(k) > 0)
        .max_by(|a, b| count(a).cmp(&count(b)).then(b.cmp(a)))
}
