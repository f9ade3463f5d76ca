//! `qbank schema`: print the JSON Schema of an export format.

use crate::ExitStatus;
use crate::cli::{SchemaArgs, SchemaFormat};
use std::io::Write;

pub(crate) fn run(args: &SchemaArgs) -> ExitStatus {
    let schema = match args.format {
        SchemaFormat::Json => qbank_json::SCHEMA,
        SchemaFormat::Jsonl => qbank_json::JSONL_SCHEMA,
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(schema.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitStatus::Success,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(err) => {
            crate::errors::report(crate::errors::CliError::Stdout { source: err });
            ExitStatus::Error
        }
    }
}
