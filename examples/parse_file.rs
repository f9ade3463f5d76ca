//! Parse one file and report how long it took; for measuring time and peak
//! memory (`/usr/bin/time -v`) on large inputs.
//!
//! ```text
//! cargo run --release --example parse_file -- FILE [--sequential | --pulldown]
//! ```
//!
//! Reads FILE, decodes it with `qbank_core::decode`, then:
//! - by default, parses it with `qbank_core::parse` (split into pieces
//!   parsed in parallel when it is 512 KiB or more);
//! - with `--sequential`, with `qbank_core::parse_sequential`;
//! - with `--pulldown`, runs only pulldown-cmark's pass over the text
//!   (`Parser::new_ext(..).into_offset_iter()`, every event consumed).

#![allow(clippy::unwrap_used)]

use pulldown_cmark::Parser;
use qbank_core::ParseOptions;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut path = None;
    let mut mode = "parallel";
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--sequential" => mode = "sequential",
            "--pulldown" => mode = "pulldown",
            _ if path.is_none() && !arg.starts_with("--") => path = Some(arg),
            _ => {
                eprintln!("usage: parse_file FILE [--sequential | --pulldown]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: parse_file FILE [--sequential | --pulldown]");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{path}: {err}");
            return ExitCode::from(2);
        }
    };
    let source = match qbank_core::decode(path.as_str(), bytes) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let read = start.elapsed();
    let text = source.text.as_str();
    let start = Instant::now();
    // The document is dropped after the clock stops.
    let mut doc = None;
    let what = match mode {
        "pulldown" => {
            let mut events = 0usize;
            for item in Parser::new_ext(text, qbank_core::markdown_options()).into_offset_iter() {
                black_box(&item);
                events += 1;
            }
            format!("{events} events")
        }
        "sequential" => {
            let d = doc.insert(qbank_core::parse_sequential(
                &source.path,
                text,
                &ParseOptions::default(),
            ));
            format!("{} entries", black_box(d).entries.len())
        }
        _ => {
            let d = doc.insert(qbank_core::parse(
                &source.path,
                text,
                &ParseOptions::default(),
            ));
            format!("{} entries", black_box(d).entries.len())
        }
    };
    let elapsed = start.elapsed();
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mode}: {what}; {mb:.1} MB read+decoded in {:.1} ms, parsed in {:.1} ms ({:.0} MB/s)",
        read.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e3,
        mb / elapsed.as_secs_f64()
    );
    drop(doc);
    ExitCode::SUCCESS
}
