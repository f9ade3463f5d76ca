//! Fuzz target `fmt`: see `fuzz/README.md` and `checks::fmt`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::fmt(data));
