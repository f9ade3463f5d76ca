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

    /// When to colour output: `auto` (on a terminal, unless NO_COLOR is
    /// set; CLICOLOR_FORCE forces it), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub(crate) color: ColorArg,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
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
    /// Export question banks to JSON, JSON Lines, CSV, XLSX, Anki decks
    /// (.apkg), Anki's text format, Moodle's GIFT, Moodle XML, QTI (Canvas)
    /// or an HTML study page.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Push banks into a running Anki through the AnkiConnect add-on:
    /// add new entries, update changed ones, keep edits made in Anki,
    /// report what was deleted.
    #[command(after_help = SYNC_EXAMPLES)]
    Sync(SyncArgs),
    /// Print the JSON Schema of the export formats.
    Schema(SchemaArgs),
    /// Show what qbank reads from each document: the shape it recognised,
    /// where questions and answers come from, the first entries.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Rewrite banks in the canonical form of their own shape: labels,
    /// numbering, option letters, blank lines.
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
    /// Write banks back from qbank's JSON, JSON Lines, CSV or XLSX exports,
    /// with the edits made there.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell,
    /// elvish).
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print a man page (roff), generated from this help: qbank's, or a
    /// subcommand's; or write them all into a folder.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
    /// Run the language server over standard input and output (for
    /// editors: diagnostics, fixes, formatting, outline).
    #[command(after_help = SERVER_EXAMPLES)]
    Server(ServerArgs),
}

const SYNC_EXAMPLES: &str = "\
Examples:
  qbank sync bank.md --dry-run                 # what would change
  qbank sync banks/ --deck 面试                 # one subdeck per file
  qbank sync bank.md --orphans suspend         # suspend and tag what was deleted
  QBANK_ANKI_KEY=secret qbank sync bank.md --url http://127.0.0.1:8765

Anki must be running with the AnkiConnect add-on. Notes go in as the .apkg
export writes them (same GUIDs: an imported deck is not duplicated); changed
entries update their notes in place, keeping review history; notes edited in
Anki are conflicts, left alone unless --overwrite. What qbank last wrote is
kept in .qbank-sync.json beside the bank. Exit 0; 1 when conflicts or
orphans are left; 2 on errors. See docs/sync.md.";

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Files or folders to sync.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// The deck name, as `qbank export --to anki --deck` (`::` for
    /// subdecks; several inputs become subdecks of it). Default: each
    /// document's title.
    #[arg(long, value_name = "NAME")]
    pub(crate) deck: Option<String>,

    /// A tag for every note (repeatable; the file's stem is always one).
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,

    /// AnkiConnect's address. Default: QBANK_ANKI_URL, else
    /// http://127.0.0.1:8765. Its key, if it has one, comes from
    /// QBANK_ANKI_KEY.
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,

    /// List what would be added, updated, left, conflicted and orphaned;
    /// change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// What to do with qbank's notes whose entry is gone.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = OrphansArg::Report)]
    pub(crate) orphans: OrphansArg,

    /// With --orphans delete, delete even more than a fifth of a deck's
    /// notes.
    #[arg(long)]
    pub(crate) force: bool,

    /// Update notes edited in Anki too (their edits are lost).
    #[arg(long)]
    pub(crate) overwrite: bool,

    /// How to print the result.
    #[arg(long, value_enum, default_value_t = SyncFormat::Human)]
    pub(crate) format: SyncFormat,

    /// Use this configuration file for every input, instead of the nearest
    /// qbank.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum OrphansArg {
    /// List them (exit 1).
    Report,
    /// Suspend their cards and tag them `qbank::orphaned`.
    Suspend,
    /// Delete them (more than a fifth of a deck's notes only with --force).
    Delete,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum SyncFormat {
    /// A line per note that changes (every note with --dry-run), then the
    /// summary line.
    Human,
    /// One JSON object: the summary and every note's action.
    Json,
}

const SERVER_EXAMPLES: &str = "\
Editors start it themselves: see docs/editors.md for VS Code, Neovim and
Helix. It reads the nearest qbank.toml of each file, as `qbank check` does.";

#[derive(Debug, Args)]
pub(crate) struct ServerArgs {}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  qbank completions bash > ~/.local/share/bash-completion/completions/qbank
  qbank completions zsh > ~/.zfunc/_qbank       # with fpath+=~/.zfunc
  qbank completions fish > ~/.config/fish/completions/qbank.fish";

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

const MAN_EXAMPLES: &str = "\
Examples:
  qbank man > ~/.local/share/man/man1/qbank.1          # then: man qbank
  qbank man check                                      # qbank-check(1)
  qbank man --dir ~/.local/share/man/man1              # qbank.1, qbank-check.1, …

qbank.1 lists one page per subcommand, qbank-check(1) and the others: each
holds that subcommand's options.";

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The subcommand whose page to print (`check` for qbank-check(1));
    /// without it, qbank(1).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub(crate) command: Option<String>,

    /// Write every page (qbank.1 and one per subcommand) into FOLDER,
    /// created if missing, instead of printing one.
    #[arg(long, value_name = "FOLDER")]
    pub(crate) dir: Option<PathBuf>,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  qbank export bank.md --to xlsx -o bank.xlsx     # edit bank.xlsx, then:
  qbank import bank.xlsx -o bank.md
  qbank import banks.csv -o banks/                # several documents: one file each
  qbank import bank.json -o -                     # one document to standard output

Each row's `source` column gives its entry back as written; a changed title,
question, answer, analysis, option or `correct` cell is edited into the
Markdown; a new row copies the shape of the entry before it; deleted and
reordered rows are followed (numbering follows the new order). The result is
formatted as `qbank fmt` would. With -o DIR, each document goes to its
`file` path inside DIR (never outside it). Nothing is written when an input
cannot be read: exit 2 with the file, the row or cell, and what is wrong.
Columns qbank does not write are ignored, with one warning naming them.";

const FMT_EXAMPLES: &str = "\
Examples:
  qbank fmt                        # every *.md below the current folder
  qbank fmt bank.md --check        # exit 1 and list the files that would change
  qbank fmt banks/ --diff          # show the changes, write nothing
  cat bank.md | qbank fmt - > formatted.md

fmt never changes what an entry says: the entries read from the result have
the same titles, sections, options and correct marks. Files are written in
place atomically, keeping their encoding, byte-order mark and line endings.
What is canonical is set in the [fmt] table of qbank.toml (docs/config.md).
Exit status: 0 when done (or, with --check and --diff, when nothing would
change), 1 when --check or --diff finds files to change, 2 on a usage, I/O,
decoding or configuration error.";

const INSPECT_EXAMPLES: &str = "\
Examples:
  qbank inspect fixtures/llm-industry.md
  qbank inspect banks/ --entries 5

For a document without entries, inspect names what it nearly read
(\"3 headings at level 2 look like `## 数据预处理`\") and the [entries] setting
of qbank.toml that reads them.";

const EXPORT_EXAMPLES: &str = "\
Examples:
  qbank export fixtures/llm-industry.md --to csv,xlsx,json -o out/
  qbank export fixtures/llm-industry.md --to json -o llm-industry.json
  qbank export banks/ --to xlsx --text plain -o banks.xlsx
  qbank export banks/ --to csv --bom -o banks.csv      # for Excel on Windows
  qbank export banks/ --to jsonl -o banks.jsonl
  qbank export bank.md --to anki -o bank.apkg --deck 面试::大模型
  cat bank.md | qbank export - --to json

With several formats, -o names a folder that receives one file per format,
named after the input's stem (or `qbank` for several inputs):
out/llm-industry.csv, out/llm-industry.xlsx, out/llm-industry.json. With one
format, -o names the file, or a folder when it exists or ends with `/`.
Missing folders are created, for one format as for several, when the outputs
are put in place: a run that fails creates none.

Folders are searched for *.md and *.markdown files, respecting .gitignore and
.ignore files (and skipping hidden files) unless --no-ignore is given.
Labels and other settings come from the nearest qbank.toml above each file
(or --config FILE), as for `qbank check`.
When an input cannot be read or decoded, every input's error is reported and
no output is written: existing outputs stay as they were (--keep-going writes
the others). Ctrl-C leaves nothing behind.
Exit status: 0 on success, 2 when an input could not be read or decoded, or on
a usage, configuration or output error; 130 or 143 when interrupted.";

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

    /// Write the report to FILE instead of standard output (missing
    /// folders are created).
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
pub(crate) struct InspectArgs {
    /// Files or folders to inspect; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// How many entries to show per document.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 3)]
    pub(crate) entries: usize,

    /// Use this configuration file for every input, instead of the nearest
    /// qbank.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,
}

#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Files or folders to format (default: the current folder); `-` reads
    /// standard input and writes the result to standard output.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Write nothing; list the files that would change and exit with 1 if
    /// there are any.
    #[arg(long, conflicts_with = "diff")]
    pub(crate) check: bool,

    /// Write nothing; print the unified diff of what would change and exit
    /// with 1 if there is anything.
    #[arg(long)]
    pub(crate) diff: bool,

    /// Use this configuration file for every input, instead of the nearest
    /// qbank.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,

    /// Print no summary line.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// qbank exports to read (.json, .jsonl, .csv, .xlsx).
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,

    /// Where to write: FILE.md for one document, a folder for several, `-`
    /// for standard output (one document).
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: PathBuf,

    /// Use this configuration file for every bank, instead of the
    /// qbank.toml nearest to where each is written (its labels, entries and
    /// fmt settings read and write the banks back).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
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

    /// The output format, or several separated by commas.
    #[arg(
        long = "to",
        value_name = "FORMAT",
        value_enum,
        value_delimiter = ',',
        default_value = "json"
    )]
    pub(crate) to: Vec<Format>,

    /// Where to write: a file, `-` for standard output (the default), or a
    /// folder (needed for several formats). Missing folders are created.
    #[arg(short, long, value_name = "PATH", default_value = "-")]
    pub(crate) output: PathBuf,

    /// How CSV and XLSX write section bodies: the Markdown source, readable
    /// plain text, or rendered HTML. (JSON always carries the source.)
    #[arg(long, value_enum, default_value_t = TextArg::Markdown)]
    pub(crate) text: TextArg,

    #[command(flatten)]
    pub(crate) json: JsonArgs,

    #[command(flatten)]
    pub(crate) csv: CsvArgs,

    #[command(flatten)]
    pub(crate) xlsx: XlsxArgs,

    #[command(flatten)]
    pub(crate) anki: AnkiArgs,

    #[command(flatten)]
    pub(crate) moodle: MoodleArgs,

    /// Anki: bundle images whose path leaves the document's folder.
    #[arg(long)]
    pub(crate) allow_outside_media: bool,

    /// Use this configuration file for every input, instead of the nearest
    /// qbank.toml (its labels decide what is read as a question, an answer
    /// and an analysis, as in `qbank check`).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Write the outputs even when some inputs could not be read: the
    /// others are exported, and the exit status is still 2. Without it, an
    /// input that fails leaves every existing output untouched.
    #[arg(long)]
    pub(crate) keep_going: bool,

    #[command(flatten)]
    pub(crate) walk: WalkArgs,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// The options of `--to json`. An option of one format is a field of its
/// struct here and of its crate's options struct, copied by `options`:
/// nothing else changes (`src/formats.rs` hands the options on).
#[derive(Debug, Args, Clone)]
pub(crate) struct JsonArgs {
    /// Write JSON on one line instead of indented.
    #[arg(long)]
    pub(crate) compact: bool,
}

impl JsonArgs {
    pub(crate) fn options(&self) -> qbank_json::JsonOptions {
        let mut options = qbank_json::JsonOptions::default();
        options.pretty = !self.compact;
        options
    }
}

/// The options of `--to csv`.
#[derive(Debug, Args, Clone)]
pub(crate) struct CsvArgs {
    /// CSV: start with a UTF-8 byte-order mark (Excel on Windows needs it to
    /// read Chinese text).
    #[arg(long)]
    pub(crate) bom: bool,

    /// CSV: the field delimiter, one ASCII character (`\t` for tab).
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = parse_delimiter)]
    pub(crate) delimiter: u8,

    /// CSV: do not prefix `'` to cells that start with = + - @ or a tab or
    /// carriage return (spreadsheets run such cells as formulas).
    #[arg(long)]
    pub(crate) no_formula_escape: bool,
}

impl CsvArgs {
    pub(crate) fn options(&self) -> qbank_csv::CsvOptions {
        let mut options = qbank_csv::CsvOptions::default();
        options.bom = self.bom;
        options.delimiter = self.delimiter;
        options.formula_escape = !self.no_formula_escape;
        options
    }
}

/// The options of `--to xlsx`.
#[derive(Debug, Args, Clone)]
pub(crate) struct XlsxArgs {
    /// XLSX: cut cells over Excel's 32,767 characters (with a warning)
    /// instead of failing.
    #[arg(long)]
    pub(crate) truncate: bool,
}

impl XlsxArgs {
    pub(crate) fn options(&self) -> qbank_xlsx::XlsxOptions {
        let mut options = qbank_xlsx::XlsxOptions::default();
        options.truncate = self.truncate;
        options
    }
}

/// The options of `--to anki` and `--to anki-txt`.
#[derive(Debug, Args, Clone)]
pub(crate) struct AnkiArgs {
    /// Anki: the deck name (`::` for subdecks; several inputs become subdecks
    /// of it). Default: each document's title.
    #[arg(long, value_name = "NAME")]
    pub(crate) deck: Option<String>,

    /// Anki: a tag for every note (repeatable; the file's stem is always one).
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,
}

impl AnkiArgs {
    pub(crate) fn options(&self) -> qbank_anki::AnkiOptions {
        let mut options = qbank_anki::AnkiOptions::default();
        options.deck.clone_from(&self.deck);
        options.tags.clone_from(&self.tags);
        options
    }
}

/// The options of `--to moodle`.
#[derive(Debug, Args, Clone)]
pub(crate) struct MoodleArgs {
    /// Moodle XML: the Moodle release to import into (`4.3`). Before 4.4,
    /// which made the ordering question core, orderings are written as
    /// matchings. Default: 4.4 or later.
    #[arg(long, value_name = "VERSION")]
    pub(crate) moodle_version: Option<qbank_moodle::MoodleVersion>,
}

impl MoodleArgs {
    pub(crate) fn options(&self) -> qbank_moodle::MoodleOptions {
        let mut options = qbank_moodle::MoodleOptions::default();
        options.version = self.moodle_version;
        options
    }
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

    /// Follow symbolic links while searching folders (a link loop is
    /// reported, not followed). Without it, links inside a searched folder
    /// are skipped; links named on the command line are always read.
    #[arg(short = 'L', long)]
    pub(crate) follow: bool,
}

impl WalkArgs {
    pub(crate) fn options(&self) -> qbank_workspace::WalkOptions {
        let mut options = qbank_workspace::WalkOptions::default();
        options.no_ignore = self.no_ignore;
        options.hidden = self.hidden;
        options.follow = self.follow;
        options
    }
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, Hash, ValueEnum)]
pub(crate) enum Format {
    /// One JSON object holding every document.
    Json,
    /// JSON Lines: one entry per line, with its document's path and title.
    Jsonl,
    /// CSV (RFC 4180): one row per entry.
    Csv,
    /// Excel workbook: Entries, Items, Options, Blanks, Graded and Documents sheets.
    Xlsx,
    /// Anki package (.apkg): one note per entry, re-imports update notes.
    Anki,
    /// Anki's text import format (tab-separated, with header lines).
    AnkiTxt,
    /// Moodle's GIFT text: essay, multiple choice, multiple answers and
    /// true/false questions, one category per document.
    Gift,
    /// Moodle XML: essay, multichoice and truefalse questions, images
    /// bundled, one category per document.
    Moodle,
    /// QTI 1.2 zip as Canvas imports it: one assessment per document.
    Qti,
    /// One self-contained HTML study page: search, filters, answers
    /// revealed on demand, choice questions scored, progress kept.
    Html,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum TextArg {
    /// The body's Markdown source, exactly as in the file.
    Markdown,
    /// Readable text: markup dropped, list numbers kept.
    Plain,
    /// Rendered HTML.
    Html,
}

impl From<TextArg> for qbank_export::TextFormat {
    fn from(t: TextArg) -> Self {
        match t {
            TextArg::Markdown => qbank_export::TextFormat::Markdown,
            TextArg::Plain => qbank_export::TextFormat::Plain,
            TextArg::Html => qbank_export::TextFormat::Html,
        }
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(
            "the delimiter must be one ASCII character other than a quote or a line break"
                .to_owned(),
        ),
    }
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaFormat {
    /// The schema of `--to json`.
    Json,
    /// The schema of each line of `--to jsonl`.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which output's schema to print.
    #[arg(value_enum, default_value_t = SchemaFormat::Json)]
    pub(crate) format: SchemaFormat,
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
