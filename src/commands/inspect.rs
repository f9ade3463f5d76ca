//! `qbank inspect`: what qbank reads from each document (the shape it
//! recognised, where questions and answers come from, the first entries),
//! and for a document without entries, what it nearly read.

use crate::ExitStatus;
use crate::cli::InspectArgs;
use crate::errors::{CliError, report};
use qbank_core::{Document, Entry, ParsedFile, SectionKind};
use qbank_workspace::Workspace;
use std::fmt::Write as _;
use std::io::Write as _;

pub(crate) fn run(args: &InspectArgs) -> ExitStatus {
    match inspect(args) {
        Ok(status) => status,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

fn inspect(args: &InspectArgs) -> Result<ExitStatus, CliError> {
    let (workspace, errors) =
        Workspace::discover(&args.paths, &args.walk.options(), args.config.as_deref())?;
    let mut status = ExitStatus::Success;
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    let mut out = String::new();
    for (result, settings) in workspace.load().into_iter().zip(&workspace.settings) {
        match result {
            Ok(file) => describe(&mut out, &file, &settings.parse, args.entries),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(status),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(source) => Err(CliError::Stdout { source }),
    }
}

/// One document's description.
fn describe(out: &mut String, file: &ParsedFile, parse: &qbank_core::ParseOptions, shown: usize) {
    let doc = &file.document;
    let shape = &doc.shape;
    let _ = writeln!(out, "{}", doc.path);
    if let Some(title) = &doc.title {
        let _ = writeln!(out, "  title:     {}", title.text);
    }
    let _ = writeln!(out, "  entries:   {}", shape.describe_marker());
    if doc.entries.is_empty() {
        near_misses(out, &file.source.text, parse);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "  questions: from {}", shape.describe_question());
    let _ = writeln!(out, "  answers:   from {}", shape.describe_answer());
    let _ = writeln!(out, "  labels:    {}", labels_seen(doc));
    let _ = writeln!(out, "  count:     {}", doc.entries.len());
    if let Some(key) = &doc.answer_key {
        key_line(out, key, &file.source.text);
    }
    for entry in doc.entries.iter().take(shown) {
        entry_lines(out, entry, &file.source.text);
    }
    if doc.entries.len() > shown {
        let _ = writeln!(out, "    … and {} more", doc.entries.len() - shown);
    }
    out.push('\n');
}

/// Where the answer key stands and what it holds.
fn key_line(out: &mut String, key: &qbank_core::AnswerKey, text: &str) {
    let index = qbank_core::LineIndex::new(text);
    let first = index.line(key.span.start) + 1;
    let last = index.line(key.span.end.saturating_sub(1).max(key.span.start)) + 1;
    let heading = key.heading.slice(text).trim();
    let mut groups: Vec<u32> = key.items.iter().map(|i| i.run).collect();
    groups.dedup();
    let grouped = if groups.len() > 1 {
        format!(" in {} groups", groups.len())
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  key:       lines {first}–{last} (`{heading}`): {} answers{grouped}, joined to the entries by number",
        key.items.len()
    );
}

/// The label words the entries use, in order of first use.
fn labels_seen(doc: &Document) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for s in doc.entries.iter().flat_map(|e| &e.sections) {
        let word = s.label.text.as_str();
        if !word.is_empty() && !seen.contains(&word) {
            seen.push(word);
        }
    }
    if seen.is_empty() {
        "none".to_owned()
    } else {
        seen.join(", ")
    }
}

fn entry_lines(out: &mut String, entry: &Entry, text: &str) {
    let number = entry.number.map(|n| format!("{n}. ")).unwrap_or_default();
    let category = if entry.category.is_empty() {
        String::new()
    } else {
        format!("  [{}]", entry.category.join(" › "))
    };
    let _ = writeln!(out, "  - {number}{}{category}", short(&entry.title, 70));
    for o in &entry.options {
        let mark = if o.correct { "✓" } else { " " };
        let label = o
            .label
            .as_deref()
            .map(|l| format!("{l}. "))
            .unwrap_or_default();
        let _ = writeln!(out, "      {mark} {label}{}", short(&o.text, 60));
    }
    for (kind, name) in [
        (SectionKind::Question, "Q"),
        (SectionKind::Answer, "A"),
        (SectionKind::Analysis, "E"),
    ] {
        match entry.section(kind) {
            Some(s) => {
                let _ = writeln!(out, "      {name}: {}", short(s.body.slice(text), 70));
            }
            None if kind != SectionKind::Analysis => {
                let _ = writeln!(out, "      {name}: (none)");
            }
            None => {}
        }
    }
}

fn near_misses(out: &mut String, text: &str, parse: &qbank_core::ParseOptions) {
    let near = qbank_core::near_misses(text, parse);
    if near.is_empty() {
        let _ = writeln!(out, "  nearest:   nothing that looks like an entry");
        return;
    }
    for n in near.iter().take(3) {
        let _ = writeln!(out, "  nearest:   {}", n.looks_like());
        let _ = writeln!(out, "             to read them, put in qbank.toml:");
        for line in n.setting.lines() {
            let _ = writeln!(out, "               {line}");
        }
    }
}

/// The first `max` characters of `s` on one line.
fn short(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one[..i]),
        None => one,
    }
}
