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
    runner_up(out, file, parse);
    pin_lines(out, shape);
    unread(out, file);
    let index = qbank_core::LineIndex::new(&file.source.text);
    for entry in doc.entries.iter().take(shown) {
        entry_lines(out, doc, entry, &file.source.text, &index);
    }
    if doc.entries.len() > shown {
        let _ = writeln!(out, "    … and {} more", doc.entries.len() - shown);
    }
    out.push('\n');
}

/// Where the answer key stands and what it holds.
fn key_line(out: &mut String, key: &qbank_core::AnswerKey, text: &str) {
    let index = qbank_core::LineIndex::new(text);
    let first = index.line(key.span.start);
    let last = index.line(key.span.end.saturating_sub(1).max(key.span.start));
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

/// The reading that came second in the scan, and by how many entries.
fn runner_up(out: &mut String, file: &ParsedFile, parse: &qbank_core::ParseOptions) {
    let shape = &file.document.shape;
    let readings = qbank_core::readings(&file.source.text, parse);
    let chosen = |r: &qbank_core::Reading| {
        r.marker == shape.marker && (r.level.is_none() || r.level == shape.level)
    };
    let Some(second) = readings.iter().find(|r| !chosen(r)) else {
        let _ = writeln!(out, "  runner-up: none (no other reading has an entry)");
        return;
    };
    let other = qbank_core::Shape {
        marker: second.marker,
        level: second.level,
        ..qbank_core::Shape::default()
    };
    let read = file.document.entries.len() as u64;
    let margin = read.saturating_sub(u64::from(second.count));
    let _ = writeln!(
        out,
        "  runner-up: {} ({} entries; margin {margin})",
        other.describe_marker(),
        second.count
    );
}

/// The `qbank.toml` lines that pin this reading.
fn pin_lines(out: &mut String, shape: &qbank_core::Shape) {
    let level = match shape.level {
        Some(level) if shape.marker.is_heading() => format!(", level = {level}"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "  pin:       [entries] marker = \"{}\"{level}",
        shape.marker.as_str()
    );
}

/// The stretches that look like entries but were not read (`unread-region`).
fn unread(out: &mut String, file: &ParsedFile) {
    let settings = qbank_lint::Settings::default();
    let reports = qbank_lint::lint(&[qbank_lint::LintFile {
        file,
        settings: &settings,
    }]);
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        if d.rule.name == "unread-region" {
            let _ = writeln!(out, "  unread:    {}", d.message);
        }
    }
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

fn entry_lines(
    out: &mut String,
    doc: &Document,
    entry: &Entry,
    text: &str,
    index: &qbank_core::LineIndex,
) {
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
    blank_lines(out, entry, text, index);
    if let Some(graded) = &entry.graded {
        let _ = writeln!(out, "      {}", short(&graded_line(graded), 110));
    }
    let assessment = qbank_core::assess(text, doc, entry);
    let reasons: Vec<String> = assessment
        .reasons
        .iter()
        .map(|r| format!("{:+} {}", r.weight, r.why))
        .collect();
    let _ = writeln!(
        out,
        "      read as {} ({}): {}",
        assessment.level.as_str(),
        assessment.score,
        reasons.join("; ")
    );
    for (kind, name) in [
        (SectionKind::Question, "Q"),
        (SectionKind::Answer, "A"),
        (SectionKind::Analysis, "E"),
    ] {
        match entry.section(kind) {
            Some(s) => {
                let line = index.line(s.body.start);
                let body = short(s.body.slice(text), 64);
                let _ = writeln!(out, "      {name} l.{line}: {body}");
            }
            None if kind == SectionKind::Answer
                && entry.blanks.iter().any(|b| b.style.holds_answer()) =>
            {
                let _ = writeln!(out, "      {name}: (in its clozes)");
            }
            None if kind != SectionKind::Analysis => {
                let _ = writeln!(out, "      {name}: (none)");
            }
            None => {}
        }
    }
}

/// What a graded entry grades, on one line: `short: colour | color (any
/// case)`, `numerical: 9.8 ± 0.1 m/s²`, `matching: Rust → Graydon Hoare;
/// … (distractors: Dennis Ritchie)`, `ordering: SYN → SYN-ACK → ACK`.
fn graded_line(graded: &qbank_core::Graded) -> String {
    use qbank_core::{Graded, NumericalAnswer, Tolerance};
    match graded {
        Graded::Short {
            accepted,
            case_sensitive,
        } => {
            let case = if *case_sensitive {
                "case-sensitive"
            } else {
                "any case"
            };
            format!("short: {} ({case})", accepted.join(" | "))
        }
        Graded::Numerical(n) => {
            let answer = match &n.answer {
                NumericalAnswer::Value { value, tolerance } => match tolerance {
                    None => value.0.clone(),
                    Some(Tolerance::Absolute(t)) => format!("{} ± {}", value.0, t.0),
                    Some(Tolerance::Percent(p)) => format!("{} ± {} %", value.0, p.0),
                },
                NumericalAnswer::Range { min, max } => format!("[{}, {}]", min.0, max.0),
            };
            let unit = n
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            format!("numerical: {answer}{unit}")
        }
        Graded::Matching { pairs, distractors } => {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|p| format!("{} → {}", p.left, p.right))
                .collect();
            let extra = match distractors.is_empty() {
                true => String::new(),
                false => format!(" (distractors: {})", distractors.join(" | ")),
            };
            format!("matching: {}{extra}", pairs.join("; "))
        }
        Graded::Ordering { items } => format!("ordering: {}", items.join(" → ")),
    }
}

/// A fill entry's blanks: `▢1 l.5 ____ → 共享 | 资源共享`.
fn blank_lines(out: &mut String, entry: &Entry, text: &str, index: &qbank_core::LineIndex) {
    for blank in &entry.blanks {
        let line = index.line(blank.span.start);
        let answers = if blank.answers.is_empty() {
            "(no answer)".to_owned()
        } else {
            blank.answers.join(" | ")
        };
        let hint = blank
            .hint
            .as_deref()
            .map(|h| format!(" (hint: {h})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      ▢{} l.{line} {} → {}{hint}",
            blank.number,
            short(blank.span.slice(text), 30),
            short(&answers, 50)
        );
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
