//! The end-to-end tests of the `qbank` binary, one test binary for the
//! package (as ripgrep's `tests/tests.rs`): one link, shared helpers.
//! Each module is one area; `util` holds what they share.
#![allow(clippy::unwrap_used)]

mod util;

mod anki;
mod bad_inputs;
mod browser;
mod check;
mod cli;
mod cmd;
mod coverage;
mod docs;
mod fmt;
mod fuzz_regressions;
mod hidden_answers;
mod import;
mod pipeline;
mod platforms;
mod precommit;
mod reproducible;
mod security;
mod server;
mod shell;
mod spreadsheets;
mod streaming;
mod sync;
