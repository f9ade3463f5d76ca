//! The integration tests of qbank-lint, one test binary: the rule
//! fixtures and their snapshots, the sample, the generated docs.
#![allow(clippy::unwrap_used)]

mod docs;
mod rules;
mod sample;
