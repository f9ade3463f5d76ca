//! `qbank completions` and `qbank man`: generated from the clap definitions,
//! so they never drift from `--help`.

use crate::ExitStatus;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::errors::CliError;
use crate::output::Destination;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// Print the completion script for a shell.
pub(crate) fn completions(args: &CompletionsArgs) -> ExitStatus {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qbank", &mut out);
    write(&out)
}

/// Print a man page (roff), or write them all with `--dir`.
pub(crate) fn man(args: &ManArgs) -> ExitStatus {
    let result = match &args.dir {
        Some(dir) => write_pages(dir),
        None => page(args.command.as_deref()).map(|bytes| write(&bytes)),
    };
    result.unwrap_or_else(|err| {
        crate::errors::report(err);
        ExitStatus::Error
    })
}

/// The CLI as the pages describe it: without clap's `help` subcommand
/// (`--help` says it all), as `clap_mangen::generate_to` does.
fn documented() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// Every page: `qbank.1`, then one per subcommand (`qbank-check.1`…),
/// as (file name, roff).
fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn add(command: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let subcommands: Vec<clap::Command> = command
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        // Every page names qbank's version (a subcommand has none of its own).
        let man =
            clap_mangen::Man::new(command).source(concat!("qbank ", env!("CARGO_PKG_VERSION")));
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        out.push((man.get_filename(), roff));
        for sub in subcommands {
            add(sub, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    add(documented(), &mut out)?;
    Ok(out)
}

/// The page of `command` (`None`: qbank's own).
fn page(command: Option<&str>) -> Result<Vec<u8>, CliError> {
    let file = match command {
        None => "qbank.1".to_owned(),
        Some(name) => format!("qbank-{name}.1"),
    };
    let pages = pages().map_err(|source| CliError::Stdout { source })?;
    let names: Vec<&str> = pages
        .iter()
        .filter_map(|(f, _)| f.strip_prefix("qbank-")?.strip_suffix(".1"))
        .collect();
    let message = format!(
        "no man page for `{}`: the pages are qbank's and {}",
        command.unwrap_or_default(),
        names.join(", ")
    );
    pages
        .into_iter()
        .find(|(f, _)| *f == file)
        .map(|(_, roff)| roff)
        .ok_or(CliError::Usage { message })
}

/// Write every page into `dir` (created if missing), each atomically.
fn write_pages(dir: &Path) -> Result<ExitStatus, CliError> {
    let pages = pages().map_err(|source| CliError::Write {
        path: crate::errors::display(dir),
        source,
    })?;
    for (file, roff) in &pages {
        let destination = Destination::File(dir.join(file));
        destination.check_folder()?;
        destination.write(|w| w.write_all(roff))?;
    }
    eprintln!(
        "wrote {} man pages to {}",
        pages.len(),
        crate::errors::display(dir)
    );
    Ok(ExitStatus::Success)
}

fn write(bytes: &[u8]) -> ExitStatus {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitStatus::Success,
        // A closed pipe (`| head`) is no error worth a message.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(err) => {
            crate::errors::report(crate::errors::CliError::Stdout { source: err });
            ExitStatus::Error
        }
    }
}
