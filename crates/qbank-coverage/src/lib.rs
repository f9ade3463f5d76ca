//! The real-world coverage measure: how well qbank reads banks nobody
//! described to it, entry by entry.
//!
//! A Rust port of the reference `golden.py` (a copy is kept in
//! `tests/coverage/golden.py`): the same rule and the same figures
//! (a test runs both on every bank and compares their tables). Each bank's
//! golden file, `BANK.md.jsonl`, holds one hand-written line per entry a
//! reader sees; qbank's JSON export of the bank is walked against them in
//! order:
//!
//! - an entry is **found** when an exported entry (from the last match on)
//!   holds the first 24 letters of `q` in its title or question;
//! - it is **right** when it is found and its answer (or analysis) holds the
//!   first 10 letters of `a`, or its options marked correct are exactly
//!   `correct`;
//! - **strict coverage** is right / entries that carry an answer or a key,
//!   and **extra** counts exported entries that match no golden line.

mod flat;
mod golden;
mod report;
mod run;
mod score;
mod split;

pub use flat::{flat, key};
pub use golden::{Golden, GoldenError, read as read_golden};
pub use report::{markdown, markdown_rows, parse_tsv, table, tsv};
pub use run::{Bank, Measured, RunError, banks, export_entries, measure};
pub use score::{Exported, Figures, entries_of_export, score};
pub use split::Part;
