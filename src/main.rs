//! `qbank`: parse, lint and export Markdown question banks.

mod cli;
mod commands;
mod errors;
mod formats;
mod output;
mod progress;
mod report;

use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: the parser allocates a model's nodes
/// on rayon's threads and the main thread frees them, a pattern that left
/// glibc's per-thread arenas holding more than twice the live heap (223 MB
/// resident for 95 MB live on a 100,000-entry bank). mimalloc's v2 without
/// transparent huge pages (features `v2`, `no_thp` in Cargo.toml): its v3
/// held 15 to 30 MB more when exports stream a 40 MB bank (74 MB against
/// 60 MB for `--to csv`), and `check` of 1,000,000 entries peaks lower too
/// (1.28 GB against 1.30 GB); see docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// rust_xlsxwriter panics when its temporary files cannot be written;
/// `qbank_xlsx` catches that panic and returns it as an error, which is
/// reported like any other. Its panic message is not printed twice, as a
/// crash: every other panic still is.
fn quiet_xlsxwriter_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_xlsxwriter = info
            .location()
            .is_some_and(|l| l.file().contains("rust_xlsxwriter"));
        if !in_xlsxwriter {
            default(info);
        }
    }));
}

/// How a run ended, as the process exit code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Everything went well.
    Success,
    /// `qbank check` found error-severity findings.
    Failure,
    /// A usage, I/O, decoding or configuration error (some inputs may still
    /// have been processed).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// On SIGINT or SIGTERM: remove every temporary file and scratch folder of
/// the run (outputs are put in place only by a rename, so existing outputs
/// are untouched), say so in one line, and exit with 128 + the signal's
/// number (130, 143), as shells do.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("qbank-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                qbank_export::scratch::remove_all();
                let name = if signal == SIGINT {
                    "interrupted"
                } else {
                    "terminated"
                };
                eprintln!("qbank: {name}; temporary files removed, no output replaced");
                std::process::exit(128 + signal);
            }
        });
}

/// The arguments; clap's own help and errors are coloured as `--color`
/// and `NO_COLOR` ask (read from the raw arguments, before clap parses).
fn parse_args() -> Result<cli::Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let asked = raw.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        a.strip_prefix("--color=")
            .or_else(|| (a == "--color").then(|| raw.get(i + 1)?.to_str()).flatten())
    });
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let choice = match asked {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ if no_color => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let matches = cli::Cli::command()
        .color(choice)
        .try_get_matches_from(raw)?;
    cli::Cli::from_arg_matches(&matches)
}

fn main() -> ExitCode {
    quiet_xlsxwriter_panics();
    let args = match parse_args() {
        Ok(args) => args,
        Err(err) => {
            // --help and --version print to stdout and succeed; usage
            // errors print to stderr and exit 2 (clap's own convention).
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    errors::set_color(args.color);
    errors::install_hook();
    clean_up_on_signals();
    let status = match args.command {
        cli::Command::Check(check) => commands::check::run(&check),
        cli::Command::Rules(rules) => commands::rules::run(&rules),
        cli::Command::Explain(explain) => commands::rules::explain(&explain),
        cli::Command::Export(export) => commands::export::run(&export),
        cli::Command::Sync(sync) => commands::sync::run(&sync),
        cli::Command::Schema(schema) => commands::schema::run(&schema),
        cli::Command::Inspect(inspect) => commands::inspect::run(&inspect),
        cli::Command::Fmt(fmt) => commands::fmt::run(&fmt),
        cli::Command::Import(import) => commands::import::run(&import),
        cli::Command::Completions(shell) => commands::shell::completions(&shell),
        cli::Command::Man(args) => commands::shell::man(&args),
        cli::Command::Server(_) => match qbank_lsp::run_stdio() {
            Ok(qbank_lsp::Exit::Clean) => ExitStatus::Success,
            // The specification's exit code for `exit` without `shutdown`.
            Ok(qbank_lsp::Exit::WithoutShutdown) => ExitStatus::Failure,
            Err(err) => {
                eprintln!("qbank server: {err}");
                ExitStatus::Error
            }
        },
    };
    status.into()
}
