//! `qbank completions` and `qbank man`: generated from the clap definitions,
//! so they never drift from `--help`.

use crate::ExitStatus;
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;
use std::io::Write;

/// Print the completion script for a shell.
pub(crate) fn completions(args: &CompletionsArgs) -> ExitStatus {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qbank", &mut out);
    write(&out)
}

/// Print the man page (roff).
pub(crate) fn man() -> ExitStatus {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => write(&out),
        Err(err) => {
            crate::errors::report(crate::errors::CliError::Stdout { source: err });
            ExitStatus::Error
        }
    }
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
