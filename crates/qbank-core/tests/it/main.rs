//! The integration tests of qbank-core, one test binary (as ripgrep's
//! `tests/tests.rs`): one link, shared helpers in `common`.
#![allow(clippy::unwrap_used)]

mod common;

mod corpus;
mod fill;
mod fixtures;
mod mutations;
mod parallel;
mod reread;
