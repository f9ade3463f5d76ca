//! `qbank sync`: banks into a running Anki through AnkiConnect.
//!
//! Arguments in; [`qbank_sync`] reads the bank, asks Anki, decides and
//! applies; the result out, as lines or JSON.

use crate::ExitStatus;
use crate::cli::{OrphansArg, SyncArgs, SyncFormat};
use crate::errors::{CliError, report, warn};
use crate::progress::Spinner;
use qbank_sync::{Action, Bank, Item, Orphans, Outcome, Phases, Step, SyncOptions};
use std::sync::Arc;

pub(crate) fn run(args: &SyncArgs) -> ExitStatus {
    match sync(args) {
        Ok(status) => status,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

fn sync(args: &SyncArgs) -> Result<ExitStatus, CliError> {
    let spinner = Arc::new(Spinner::new(args.format == SyncFormat::Json));
    let told = Arc::clone(&spinner);
    let phases: Phases = Arc::new(move |step: Step<'_>| match step {
        Step::Counting {
            what,
            done,
            total,
            unit,
        } => told.count(what, done, total, unit),
        Step::Doing(what) => told.say(what),
        _ => {}
    });
    spinner.say("reading the bank");
    let result = sync_with(args, &spinner, phases);
    spinner.finish();
    result
}

fn sync_with(args: &SyncArgs, spinner: &Spinner, phases: Phases) -> Result<ExitStatus, CliError> {
    let mut anki = qbank_anki::AnkiOptions::default();
    anki.deck.clone_from(&args.deck);
    anki.tags.clone_from(&args.tags);
    let mut bank = Bank::read(
        &args.paths,
        &args.walk.options(),
        args.config.as_deref(),
        &anki,
        Some(&phases),
    )?;
    let failed = !bank.failed.is_empty();
    // Orphans are computed only when every input was read.
    bank.orphans = !failed;
    for err in std::mem::take(&mut bank.failed) {
        report(err);
    }
    if failed {
        warn("some inputs could not be read: no note is orphaned");
    }
    let mut options = options(args);
    options.phases = Some(phases);
    let outcome = qbank_sync::sync(&bank, &options)?;
    spinner.finish();
    for warning in &outcome.warnings {
        warn(warning);
    }
    print(args, &outcome)?;
    Ok(if failed {
        ExitStatus::Error
    } else if outcome.plan.unresolved() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn options(args: &SyncArgs) -> SyncOptions {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let url = args
        .url
        .clone()
        .or_else(|| env("QBANK_ANKI_URL"))
        .unwrap_or_else(|| qbank_sync::DEFAULT_URL.to_owned());
    let mut options = SyncOptions::new(&url, qbank_sync::state_path(&args.paths));
    options.key = env("QBANK_ANKI_KEY");
    // Notes per package and per read: for the tests, which make it tiny.
    if let Some(batch) = env("QBANK_SYNC_BATCH").and_then(|b| b.parse().ok()) {
        options.batch = Some(batch);
    }
    options.dry_run = args.dry_run;
    options.plan.overwrite = args.overwrite;
    options.plan.force = args.force;
    options.plan.orphans = match args.orphans {
        OrphansArg::Report => Orphans::Report,
        OrphansArg::Suspend => Orphans::Suspend,
        OrphansArg::Delete => Orphans::Delete,
    };
    options
}

fn print(args: &SyncArgs, outcome: &Outcome) -> Result<(), CliError> {
    use std::io::Write;
    let summary = outcome.plan.summary();
    let text = match args.format {
        SyncFormat::Json => {
            let json = serde_json::json!({
                "dry_run": args.dry_run,
                "summary": summary,
                "requests": outcome.requests,
                "notes": outcome.plan.items,
            });
            format!("{json:#}\n")
        }
        SyncFormat::Human => {
            let mut text = String::new();
            for item in &outcome.plan.items {
                if args.dry_run || item.action != Action::Unchanged {
                    text.push_str(&line(item));
                    text.push('\n');
                }
            }
            if args.dry_run {
                text.push_str("dry run: nothing was changed in Anki\n");
            }
            format!("{text}{summary}\n")
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|source| CliError::Stdout { source })
}

/// One note's line: `update  面试::大模型 › Title (bank.md)`.
fn line(item: &Item) -> String {
    let action = match item.action {
        Action::Add => "add",
        Action::Update => "update",
        Action::Unchanged => "unchanged",
        Action::Conflict => "conflict",
        Action::Orphan => "orphan",
    };
    let mut line = format!("{action:<9} {} › {}", item.deck, item.title);
    if let Some(path) = &item.path {
        line.push_str(&format!(" ({path})"));
    }
    if let Some(from) = &item.moved_from {
        line.push_str(&format!(" moved from {from}"));
    }
    if let Some(id) = item.note_id {
        line.push_str(&format!(" [note {id}]"));
    }
    if let Some(reason) = &item.reason {
        line.push_str(&format!(": {reason}"));
    }
    line
}
