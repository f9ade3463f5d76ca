//! Fuzz target `lint`: see `fuzz/README.md` and `checks::lint_bytes`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::lint_bytes(data));
