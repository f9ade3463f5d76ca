//! The integration tests of qbank-json, one test binary.
#![allow(clippy::unwrap_used)]

mod fixtures;
