//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  qbank check bank.md
  qbank check docs/ --format github
  qbank check . --fix
  qbank explain duplicate-question
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
    /// Check question banks against the structure rules.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// List every rule: code, name, default severity, whether it can fix.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
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

const CHECK_EXAMPLES: &str = "\
Examples:
  qbank check                                  # every *.md below the current folder
  qbank check bank.md --format concise
  qbank check banks/ --format sarif -o qbank.sarif
  qbank check banks/ --format github           # annotations in GitHub Actions
  qbank check bank.md --select QB201,list-numbering --fix
  qbank check bank.md --diff                   # show what --fix would change

Configuration: the nearest qbank.toml above each file (or --config FILE);
see docs/config.md. Suppress a finding inline with
<!-- qbank-disable-next-line RULE -->, <!-- qbank-disable RULE --> …
<!-- qbank-enable RULE --> or <!-- qbank-disable-file RULE -->.
Exit status: 0 when no error-severity finding remains, 1 when one does,
2 on a usage, I/O, decoding or configuration error.";

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to check (default: the current folder); `-` reads
    /// standard input.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// How to report findings.
    #[arg(long, value_enum, default_value_t = CheckFormat::Graphical)]
    pub(crate) format: CheckFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Use this configuration file for every input, instead of the nearest
    /// qbank.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Check only these rules (codes or names, comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) select: Vec<String>,

    /// Skip these rules (codes or names, comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,

    /// Apply the safe fixes, writing each changed file in place (atomically,
    /// keeping its encoding, byte-order mark and line endings).
    #[arg(long, conflicts_with = "diff")]
    pub(crate) fix: bool,

    /// Print the unified diff of what --fix would change, and write nothing.
    /// Exits with 1 when there is something to change.
    #[arg(long)]
    pub(crate) diff: bool,

    /// With --fix or --diff, apply the unsafe fixes too.
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,

    /// Print no summary line.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Source snippets with the finding marked (for people).
    Graphical,
    /// `path:line:col: QB### [rule-name] message`, one per line.
    Concise,
    /// One JSON object: `{"diagnostics": [...], "summary": {...}}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Print the list as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule's code (`QB201`) or name (`entry-numbering`).
    #[arg(value_name = "RULE")]
    pub(crate) rule: String,
}

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
