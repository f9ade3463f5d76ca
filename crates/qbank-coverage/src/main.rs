//! `qbank-coverage QBANK --gold DIR --banks DIR`: the real-world coverage
//! table, as the reference `golden.py` prints it (same arguments, same
//! figures, exit 1 below `--min`), or as Markdown or the floor's TSV.

use clap::{Parser, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "Strict real-world coverage of qbank's reading, against hand-written golden lines"
)]
struct Args {
    /// The qbank binary to measure.
    qbank: PathBuf,
    /// A folder of golden files (BANK.md.jsonl).
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
    /// A folder of banks.
    #[arg(long, required = true)]
    banks: Vec<PathBuf>,
    /// Exit 1 when strict coverage is below this.
    #[arg(long, default_value_t = 0.9)]
    min: f64,
    /// Only banks whose golden lines are mostly of this kind.
    #[arg(long, value_parser = ["open", "choice", "fill"])]
    only: Option<String>,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// golden.py's table and figure line.
    Text,
    /// A Markdown table with the tuning and held-back parts.
    Markdown,
    /// The floor file's tab-separated lines.
    Tsv,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let measured = qbank_coverage::banks(&args.gold, &args.banks)
        .and_then(|banks| qbank_coverage::measure(&args.qbank, &banks, args.only.as_deref()));
    let measured = match measured {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match args.format {
        Format::Text => qbank_coverage::table(&measured, args.only.as_deref()),
        Format::Markdown => qbank_coverage::markdown(&measured),
        Format::Tsv => qbank_coverage::tsv(&measured),
    };
    print!("{text}");
    let total = measured
        .iter()
        .fold(qbank_coverage::Figures::default(), |t, m| t + m.figures);
    if total.coverage() >= args.min {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
