//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  qbank export bank.md --to json -o bank.json
  qbank export docs/ --to jsonl -o - | jq .title
  cat bank.md | qbank export - --to json
  qbank schema > qbank-export.schema.json";

/// Parse, lint and export Markdown question banks (题库).
#[derive(Debug, Parser)]
#[command(name = "qbank", version, about, after_help = EXAMPLES, term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Export question banks to JSON or JSON Lines.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Print the JSON Schema of the export formats.
    Schema(SchemaArgs),
}

const EXPORT_EXAMPLES: &str = "\
Examples:
  qbank export fixtures/llm-industry.md --to json -o llm-industry.json
  qbank export banks/ --to jsonl -o banks.jsonl
  qbank export a.md b.md --to json --compact -o -
  cat bank.md | qbank export - --to json

Folders are searched for *.md and *.markdown files, respecting .gitignore and
.ignore files (and skipping hidden files) unless --no-ignore is given.
Exit status: 0 on success, 2 when an input could not be read or decoded (the
other inputs are still exported) or on a usage or output error.";

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Files or folders to export; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// The output format.
    #[arg(long = "to", value_name = "FORMAT", value_enum, default_value_t = Format::Json)]
    pub(crate) to: Format,

    /// Where to write; `-` is standard output (the default).
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub(crate) output: PathBuf,

    /// Write JSON on one line instead of indented.
    #[arg(long)]
    pub(crate) compact: bool,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// How folders are searched.
#[derive(Debug, Args, Clone)]
pub(crate) struct WalkArgs {
    /// Do not respect .gitignore and .ignore files.
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Search hidden files and folders too.
    #[arg(long)]
    pub(crate) hidden: bool,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// One JSON object holding every document.
    Json,
    /// JSON Lines: one entry per line, with its document's path and title.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which output's schema to print.
    #[arg(value_enum, default_value_t = Format::Json)]
    pub(crate) format: Format,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
