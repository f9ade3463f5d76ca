//! `qbank export`: question banks to JSON or JSON Lines.

use crate::ExitStatus;
use crate::cli::{ExportArgs, Format};
use crate::errors::{report, warn};
use crate::inputs::{self, Input};
use crate::output::Destination;
use qbank_core::{ParseOptions, ParsedFile};

pub(crate) fn run(args: &ExportArgs) -> ExitStatus {
    let mut status = ExitStatus::Success;
    let (inputs, errors) = inputs::collect(&args.paths, &args.walk);
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    let destination = Destination::new(&args.output);
    let files: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect();
    if let Err(err) = destination.check_not_input(&files) {
        report(err);
        return ExitStatus::Error;
    }
    if inputs.is_empty() && status == ExitStatus::Success {
        warn("no Markdown files (*.md, *.markdown) found");
    }

    let mut parsed: Vec<ParsedFile> = Vec::with_capacity(inputs.len());
    let options = ParseOptions::default();
    for result in inputs::load(&inputs, |_| &options) {
        match result {
            Ok(file) => parsed.push(file),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    }
    let refs: Vec<&ParsedFile> = parsed.iter().collect();
    let generator = concat!("qbank ", env!("CARGO_PKG_VERSION"));
    let written = destination.write(|out| {
        match args.to {
            Format::Json => qbank_json::write_json(out, &refs, generator, !args.compact),
            Format::Jsonl => qbank_json::write_jsonl(out, &refs),
        }
        .map_err(json_to_io)
    });
    if let Err(err) = written {
        report(err);
        return ExitStatus::Error;
    }
    if !args.quiet {
        if let Destination::File(path) = &destination {
            let entries: usize = parsed.iter().map(|f| f.document.entries.len()).sum();
            eprintln!(
                "exported {entries} entries from {} file{} to {}",
                parsed.len(),
                if parsed.len() == 1 { "" } else { "s" },
                path.display()
            );
        }
    }
    status
}

fn json_to_io(err: qbank_json::Error) -> std::io::Error {
    // serde_json keeps the kind of the I/O error it wraps (a closed pipe
    // stays `BrokenPipe`).
    match err {
        qbank_json::Error::Io(io) => io,
        qbank_json::Error::Json(json) => json.into(),
        other => std::io::Error::other(other.to_string()),
    }
}
