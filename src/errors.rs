//! The CLI's errors, rendered through miette.
// miette's derive trips a false `unused_assignments` warning on recent Rust
// (miette issue 458); the allow is kept to this module.
#![allow(unused_assignments)]

use miette::Diagnostic;

use thiserror::Error;

/// Everything that can go wrong in a run, short of a lint finding. An I/O
/// error's reason is its `source`, which miette prints under the message
/// (`` `-> Permission denied ``): the messages do not repeat it.
#[derive(Debug, Error, Diagnostic)]
pub(crate) enum CliError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Input(#[from] qbank_workspace::Error),

    #[error("{path}: cannot write")]
    #[diagnostic(code(qbank::output))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: not a folder, so the output cannot be written under it")]
    #[diagnostic(code(qbank::output), help("choose another output path"))]
    OutputFolder { path: String },

    #[error("{path}: the output is one of the inputs; refusing to overwrite it")]
    #[diagnostic(code(qbank::output), help("choose another output path"))]
    OutputIsInput { path: String },

    #[error("{message}")]
    #[diagnostic(code(qbank::usage))]
    Usage { message: String },

    #[error(transparent)]
    #[diagnostic(code(qbank::import))]
    Import(#[from] qbank_import::Error),

    #[error("{path}: cannot write {format}")]
    #[diagnostic(code(qbank::export))]
    Export {
        path: String,
        format: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    #[error("unknown rule `{name}` in {flag} (`qbank rules` lists every code and name)")]
    #[diagnostic(code(qbank::usage))]
    UnknownRule { name: String, flag: &'static str },

    #[error(transparent)]
    #[diagnostic(code(qbank::sync))]
    Sync(#[from] qbank_sync::Error),

    #[error("cannot write to standard output")]
    #[diagnostic(code(qbank::output))]
    Stdout {
        #[source]
        source: std::io::Error,
    },
}

/// The path as users wrote it, with `/` separators.
pub(crate) fn display(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Print an error to standard error through miette's handler.
pub(crate) fn report(err: impl Into<CliError>) {
    let report = miette::Report::new(err.into());
    eprintln!("{report:?}");
}

/// Print a warning line to standard error.
pub(crate) fn warn(message: &str) {
    eprintln!("warning: {message}");
}

/// `--color`, once the arguments are read.
static COLOR: std::sync::OnceLock<crate::cli::ColorArg> = std::sync::OnceLock::new();

/// Set `--color` for the run.
pub(crate) fn set_color(choice: crate::cli::ColorArg) {
    let _ = COLOR.set(choice);
}

/// Whether to colour output for standard error (`stderr`) or standard
/// output: `--color always` or `never`; with `auto` (the default), never
/// with `NO_COLOR` set (and not empty), always with `CLICOLOR_FORCE` set
/// (and not `0`), else on a terminal only.
pub(crate) fn color_for(stderr: bool) -> bool {
    use crate::cli::ColorArg;
    match COLOR.get().copied().unwrap_or(ColorArg::Auto) {
        ColorArg::Always => return true,
        ColorArg::Never => return false,
        ColorArg::Auto => {}
    }
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if stderr {
        std::io::IsTerminal::is_terminal(&std::io::stderr())
    } else {
        std::io::IsTerminal::is_terminal(&std::io::stdout())
    }
}

/// miette's graphical handler, for errors on standard error.
pub(crate) fn install_hook() {
    let color = color_for(true);
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(color)
                .build(),
        )
    }));
}
