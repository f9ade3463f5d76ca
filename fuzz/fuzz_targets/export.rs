//! Fuzz target `export`: see `fuzz/README.md` and `checks::export`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::export(data));
