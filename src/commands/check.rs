//! `qbank check`: lint question banks, fix what is safe, report in the
//! format CI reads.

use crate::ExitStatus;
use crate::cli::{CheckArgs, CheckFormat};
use crate::errors::{CliError, report};
use crate::output::Destination;
use crate::report::{self, ReportFile, Totals};
use qbank_lint::{Diagnostic, DocsUrl, FileReport, FixFile, FixRun, LintFile, Rule, Severity};
use qbank_workspace::{Input, Workspace};
use std::io::Write;
use std::path::PathBuf;

/// The files of a run, read and parsed, with what linting found.
struct Checked {
    inputs: Vec<Input>,
    files: Vec<FixFile>,
    /// `docs[i]`: where the findings of `files[i]` link (none unless
    /// configured).
    docs: Vec<Option<DocsUrl>>,
    /// The names of the inputs that could not be read.
    unread: Vec<String>,
}

pub(crate) fn run(args: &CheckArgs) -> ExitStatus {
    match check(args) {
        Ok(status) => status,
        Err(err) => {
            report(err);
            ExitStatus::Error
        }
    }
}

fn check(args: &CheckArgs) -> Result<ExitStatus, CliError> {
    let mut status = ExitStatus::Success;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let selection = Selection::new(&args.select, &args.ignore)?;
    let (mut workspace, errors) =
        Workspace::discover(&paths, &args.walk.options(), args.config.as_deref())?;
    let mut unread: Vec<String> = errors.iter().map(error_path).collect();
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    if let Some(output) = &args.output {
        let destination = Destination::new(output);
        destination.check_folder()?;
        destination.check_not_input(&workspace.files())?;
    }
    for settings in &mut workspace.settings {
        selection.apply(&mut settings.lint);
    }
    let mut checked = load(&workspace);
    if !checked.unread.is_empty() {
        status = ExitStatus::Error;
    }
    unread.append(&mut checked.unread);
    checked.unread = unread;

    let (reports, fixed) = lint_or_fix(&mut checked.files, args);
    if args.diff && fixed > 0 && status == ExitStatus::Success {
        status = ExitStatus::Failure;
    }
    if args.fix {
        for (input, file) in checked.inputs.iter().zip(&checked.files) {
            if file.original.is_some() {
                if let Err(err) = write_back(input, file) {
                    report(err);
                    status = ExitStatus::Error;
                }
            }
        }
    }
    let diagnostics: Vec<Diagnostic> = reports.into_iter().flat_map(|r| r.diagnostics).collect();
    write_report(args, &checked, &diagnostics, fixed)?;
    if status == ExitStatus::Success && diagnostics.iter().any(|d| d.severity == Severity::Error) {
        status = ExitStatus::Failure;
    }
    Ok(status)
}

/// The path an input error names.
fn error_path(err: &qbank_workspace::Error) -> String {
    match err {
        qbank_workspace::Error::Read { path, .. }
        | qbank_workspace::Error::Missing { path }
        | qbank_workspace::Error::Walk { path, .. } => path.clone(),
        other => other.to_string(),
    }
}

/// Read and parse every input; those that fail are reported.
fn load(workspace: &Workspace) -> Checked {
    let mut checked = Checked {
        inputs: Vec::with_capacity(workspace.inputs.len()),
        files: Vec::with_capacity(workspace.inputs.len()),
        docs: Vec::with_capacity(workspace.inputs.len()),
        unread: Vec::new(),
    };
    for ((input, result), settings) in workspace
        .inputs
        .iter()
        .zip(workspace.load())
        .zip(&workspace.settings)
    {
        match result {
            Ok(file) => {
                checked.inputs.push(input.clone());
                checked.docs.push(settings.docs.clone());
                checked.files.push(FixFile::new(
                    file,
                    settings.lint.clone(),
                    settings.parse.clone(),
                ));
            }
            Err(err) => {
                checked.unread.push(input.display());
                report(err);
            }
        }
    }
    checked
}

/// The findings to report, and how many fixes were applied (with `--diff`,
/// 1 when the diff it printed is not empty). With `--fix`, the findings that
/// remain in the fixed files; with `--diff`, those of the files as they are
/// on disk: the fixed text is only diffed.
fn lint_or_fix(files: &mut [FixFile], args: &CheckArgs) -> (Vec<FileReport>, usize) {
    if !(args.fix || args.diff) {
        let views: Vec<LintFile<'_>> = files
            .iter()
            .map(|f| LintFile {
                file: &f.file,
                settings: &f.settings,
            })
            .collect();
        return (qbank_lint::lint(&views), 0);
    }
    let FixRun {
        initial,
        remaining,
        applied,
        converged,
    } = qbank_lint::lint_fix(files, args.unsafe_fixes);
    if !converged {
        crate::errors::warn(&format!(
            "fixes did not settle after {} rounds; the files hold the last round's text",
            qbank_lint::MAX_ITERATIONS
        ));
    }
    if args.diff {
        let changed = print_diffs(files);
        // The report and its snippets are of the files as they are on disk.
        for file in files.iter_mut() {
            if let Some(original) = file.original.take() {
                file.file.source.text = original;
            }
        }
        (initial, usize::from(changed))
    } else {
        (remaining, applied)
    }
}

fn write_report(
    args: &CheckArgs,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    fixed: usize,
) -> Result<(), CliError> {
    let report_files: Vec<ReportFile> = checked
        .files
        .iter()
        .zip(&checked.docs)
        .map(|(c, docs)| {
            ReportFile::new(c.file.document.path.clone(), &c.file.source.text)
                .with_docs(docs.clone())
        })
        .collect();
    let totals = Totals::new(
        checked.files.len(),
        diagnostics,
        if args.fix { fixed } else { 0 },
        &checked.unread,
    );
    // With `--fix` on standard input the fixed text goes to standard output,
    // and with `--diff` the diff does: the report goes to standard error.
    let stdin_fixed = args.fix && checked.inputs.contains(&Input::Stdin);
    let to_stderr = args.output.is_none() && (stdin_fixed || args.diff);
    let color = args.format == CheckFormat::Graphical
        && args.output.is_none()
        && crate::errors::color_for(to_stderr);
    let report = Report {
        args,
        files: &report_files,
        diagnostics,
        totals: &totals,
        color,
    };
    match &args.output {
        Some(path) => Destination::new(path).write(|w| report.write(w))?,
        None if to_stderr => {
            let _ = report.write(&mut std::io::stderr().lock());
        }
        None => Destination::Stdout.write(|w| report.write(w))?,
    }
    if args.format != CheckFormat::Graphical && !args.quiet {
        eprintln!("{}", totals.line());
    }
    Ok(())
}

/// The report in the chosen format.
struct Report<'a> {
    args: &'a CheckArgs,
    files: &'a [ReportFile<'a>],
    diagnostics: &'a [Diagnostic],
    totals: &'a Totals,
    color: bool,
}

impl Report<'_> {
    /// Written as rendered: the graphical report of a large bank with many
    /// findings is larger than the bank.
    fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let write: report::Write = match self.args.format {
            CheckFormat::Graphical => report::graphical,
            CheckFormat::Concise => report::concise,
            CheckFormat::Json => report::json,
            CheckFormat::Sarif => report::sarif,
            CheckFormat::Github => report::github,
        };
        let findings = report::Findings {
            files: self.files,
            diagnostics: self.diagnostics,
            totals: self.totals,
            color: self.color,
            summary: !self.args.quiet,
        };
        write(w, &findings)
    }
}

/// Print the diff of each file that fixing changed. Whether any changed.
fn print_diffs(files: &[FixFile]) -> bool {
    let mut any = false;
    let mut out = std::io::stdout().lock();
    for file in files {
        let Some(original) = &file.original else {
            continue;
        };
        any = true;
        let path = &file.file.document.path;
        let diff = similar::TextDiff::from_lines(original.as_str(), file.file.source.text.as_str());
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        if out.write_all(text.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
    any
}

fn write_back(input: &Input, file: &FixFile) -> Result<(), CliError> {
    let bytes = qbank_core::encode(&file.file.source);
    match input {
        Input::Stdin => Destination::Stdout.write(|w| w.write_all(&bytes)),
        Input::File(path) => Destination::new(path).write(|w| w.write_all(&bytes)),
    }
}

/// `--select` and `--ignore`.
struct Selection {
    select: Vec<&'static Rule>,
    ignore: Vec<&'static Rule>,
}

impl Selection {
    fn new(select: &[String], ignore: &[String]) -> Result<Self, CliError> {
        let resolve =
            |names: &[String], flag: &'static str| -> Result<Vec<&'static Rule>, CliError> {
                names
                    .iter()
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| {
                        qbank_lint::rule(n).ok_or_else(|| CliError::UnknownRule {
                            name: n.clone(),
                            flag,
                        })
                    })
                    .collect()
            };
        Ok(Selection {
            select: resolve(select, "--select")?,
            ignore: resolve(ignore, "--ignore")?,
        })
    }

    fn apply(&self, settings: &mut qbank_lint::Settings) {
        if !self.select.is_empty() {
            for rule in qbank_lint::RULES {
                if self.select.contains(rule) {
                    // Selected: on, at its configured severity or its default.
                    if settings.severity(rule).is_none() {
                        settings.set_severity(rule, Some(rule.severity));
                    }
                } else {
                    settings.set_severity(rule, None);
                }
            }
        }
        for rule in &self.ignore {
            settings.set_severity(rule, None);
        }
    }
}
