//! Parse one file and report how long it took; for measuring time and peak
//! memory (`/usr/bin/time -v`) on large inputs.
//!
//! ```text
//! cargo run --release --example parse_file -- FILE [--each | --sequential | --pulldown | --shape | --compare N]
//! ```
//!
//! Reads FILE, decodes it with `qbank_core::decode`, then:
//! - by default, parses it with `qbank_core::parse` (split into pieces
//!   parsed in parallel when it is 512 KiB or more);
//! - with `--each`, with `qbank_core::parse_each`, which hands each entry on
//!   as soon as it is complete (here: counts it and drops it) instead of
//!   keeping the whole model;
//! - with `--sequential`, with `qbank_core::parse_sequential`;
//! - with `--shape`, runs only the shape scan (the cheap line pass that
//!   decides the document's shape before the parse);
//! - with `--pulldown`, runs only pulldown-cmark's pass over the text
//!   (`Parser::new_ext(..).into_offset_iter()`, every event consumed);
//! - with `--compare N`, runs the four N times, interleaved, and prints
//!   their median and fastest times and the median of the per-round ratios
//!   to pulldown-cmark's time (robust on a machine with other load).

#![allow(clippy::unwrap_used)]

/// The allocator the `qbank` binary parses with (see `src/main.rs`), so
/// that the figures are those of the product; pulldown-cmark's pass, the
/// yardstick, runs with it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use pulldown_cmark::Parser;
use qbank_core::{Document, ParseOptions};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: parse_file FILE [--each | --sequential | --pulldown | --shape | --compare N]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Parallel,
    Each,
    Sequential,
    Pulldown,
    Shape,
    Compare(usize),
}

fn main() -> ExitCode {
    let mut path = None;
    let mut mode = Mode::Parallel;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sequential" => mode = Mode::Sequential,
            "--each" => mode = Mode::Each,
            "--pulldown" => mode = Mode::Pulldown,
            "--shape" => mode = Mode::Shape,
            "--compare" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => mode = Mode::Compare(n),
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            },
            _ if path.is_none() && !arg.starts_with("--") => path = Some(arg),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
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
    let mb = text.len() as f64 / 1e6;
    let (name, run): (&str, Run) = match mode {
        Mode::Compare(rounds) => {
            compare(text, rounds);
            return ExitCode::SUCCESS;
        }
        Mode::Pulldown => ("pulldown", pulldown),
        Mode::Shape => ("shape scan", shape),
        Mode::Sequential => ("sequential", sequential),
        Mode::Parallel => ("parallel", parallel),
        Mode::Each => ("each", each),
    };
    let (elapsed, outcome) = timed(run, text);
    let what = match &outcome {
        Outcome::Events(n) => format!("{n} events"),
        Outcome::Document(doc) => format!("{} entries", doc.entries.len()),
        Outcome::Entries(n) => format!("{n} entries, handed on one by one"),
    };
    println!(
        "{name}: {what}; {mb:.1} MB read+decoded in {:.1} ms, parsed in {:.1} ms ({:.0} MB/s)",
        ms(read),
        ms(elapsed),
        mb / elapsed.as_secs_f64()
    );
    drop(outcome);
    ExitCode::SUCCESS
}

/// A contender: parses the text and hands back what it made.
type Run = fn(&str) -> Outcome;

enum Outcome {
    Events(usize),
    Document(Document),
    Entries(usize),
}

fn pulldown(text: &str) -> Outcome {
    let mut events = 0usize;
    for item in Parser::new_ext(text, qbank_core::markdown_options()).into_offset_iter() {
        black_box(&item);
        events += 1;
    }
    Outcome::Events(events)
}

/// The shape scan alone: `near_misses` makes exactly that pass (and then
/// sorts a handful of counts).
fn shape(text: &str) -> Outcome {
    Outcome::Events(qbank_core::near_misses(text, &ParseOptions::default()).len())
}

fn sequential(text: &str) -> Outcome {
    Outcome::Document(qbank_core::parse_sequential(
        "file.md",
        text,
        &ParseOptions::default(),
    ))
}

fn parallel(text: &str) -> Outcome {
    Outcome::Document(qbank_core::parse("file.md", text, &ParseOptions::default()))
}

fn each(text: &str) -> Outcome {
    let mut entries = 0usize;
    qbank_core::parse_each("file.md", text, &ParseOptions::default(), |_, entry| {
        black_box(&entry);
        entries += 1;
    });
    Outcome::Entries(entries)
}

/// Run `f` on `text`; the outcome is dropped by the caller, after the clock
/// has stopped.
fn timed(f: Run, text: &str) -> (Duration, Outcome) {
    let start = Instant::now();
    let outcome = black_box(f(black_box(text)));
    (start.elapsed(), outcome)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn compare(text: &str, rounds: usize) {
    let runs: [(&str, Run); 4] = [
        ("pulldown-cmark", pulldown),
        ("qbank sequential", sequential),
        ("qbank parse", parallel),
        ("qbank parse_each", each),
    ];
    let mut times = vec![Vec::with_capacity(rounds); runs.len()];
    for _ in 0..rounds {
        for (i, (_, run)) in runs.iter().enumerate() {
            let (elapsed, outcome) = timed(*run, text);
            drop(outcome);
            times[i].push(ms(elapsed));
        }
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mb:.2} MB, {rounds} rounds (median / fastest, MB/s at the median, ratio to pulldown-cmark)"
    );
    for (i, (name, _)) in runs.iter().enumerate() {
        let mut ratios: Vec<f64> = times[i]
            .iter()
            .zip(&times[0])
            .map(|(t, base)| t / base)
            .collect();
        let fastest = times[i].iter().copied().fold(f64::INFINITY, f64::min);
        let med = median(&mut times[i].clone());
        println!(
            "  {name:17} {med:9.3} ms / {fastest:9.3} ms  {:6.0} MB/s  {:.2}x",
            mb / (med / 1e3),
            median(&mut ratios)
        );
    }
}
