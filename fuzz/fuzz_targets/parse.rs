//! Fuzz target `parse`: see `fuzz/README.md` and `checks::parse`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::parse(data));
