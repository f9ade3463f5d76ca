//! `qbank check`: lint question banks, fix what is safe, report in the
//! format CI reads.

use crate::ExitStatus;
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::{FileSettings, Resolver};
use crate::errors::{CliError, report};
use crate::inputs::{self, Input};
use crate::output::Destination;
use crate::render::{self, RenderFile, Totals};
use qbank_core::{ParsedFile, Source};
use qbank_lint::{Diagnostic, LintFile, Rule, Severity, lint};
use std::io::Write;
use std::path::PathBuf;

/// At most this many rounds of fixing: each round re-parses and re-lints,
/// so fixes that were skipped because they overlapped get their turn.
const MAX_FIX_ROUNDS: usize = 10;

struct Checked {
    input: Input,
    file: ParsedFile,
    original: Option<String>,
    settings: FileSettings,
}

pub(crate) fn run(args: &CheckArgs) -> ExitStatus {
    let mut status = ExitStatus::Success;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let selection = match Selection::new(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(err) => {
            report(err);
            return ExitStatus::Error;
        }
    };
    let mut resolver = match Resolver::new(args.config.as_deref()) {
        Ok(r) => r,
        Err(err) => {
            report(err);
            return ExitStatus::Error;
        }
    };
    let (inputs, errors) = inputs::collect(&paths, &args.walk);
    for err in errors {
        report(err);
        status = ExitStatus::Error;
    }
    if let Some(output) = &args.output {
        let files: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|i| i.path().map(PathBuf::from))
            .collect();
        let destination = Destination::new(output);
        if let Err(err) = destination
            .check_folder()
            .and_then(|()| destination.check_not_input(&files))
        {
            report(err);
            return ExitStatus::Error;
        }
    }
    let mut settings = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let config = match resolver.config_for(input.path()) {
            Ok(c) => c,
            Err(err) => {
                report(err);
                return ExitStatus::Error;
            }
        };
        let mut fs = config.map_or_else(FileSettings::default, |c| c.settings_for(input.path()));
        selection.apply(&mut fs.lint);
        settings.push(fs);
    }

    let mut files: Vec<Checked> = Vec::with_capacity(inputs.len());
    for ((input, result), settings) in inputs
        .iter()
        .zip(inputs::load(&inputs, |i| &settings[i].parse))
        .zip(settings.iter())
    {
        match result {
            Ok(file) => files.push(Checked {
                input: input.clone(),
                file,
                original: None,
                settings: settings.clone(),
            }),
            Err(err) => {
                report(err);
                status = ExitStatus::Error;
            }
        }
    }

    let mut fixed = 0;
    if args.fix || args.diff {
        fixed = fix_all(&mut files, args.unsafe_fixes);
    }
    let diagnostics = run_lint(&files);

    if args.diff {
        let changed = print_diffs(&files);
        if changed && status == ExitStatus::Success {
            status = ExitStatus::Failure;
        }
    }
    if args.fix {
        for checked in &files {
            if checked.original.is_some() {
                if let Err(err) = write_back(checked) {
                    report(err);
                    status = ExitStatus::Error;
                }
            }
        }
    }

    let render_files: Vec<RenderFile> = files
        .iter()
        .map(|c| RenderFile::new(c.file.document.path.clone(), &c.file.source.text))
        .collect();
    let totals = Totals::new(files.len(), &diagnostics, if args.fix { fixed } else { 0 });
    // With `--fix` on standard input the fixed text goes to standard output,
    // so the report goes to standard error.
    let stdin_fixed = args.fix && files.iter().any(|c| c.input == Input::Stdin);
    let to_stderr = args.output.is_none() && (stdin_fixed || args.diff);
    // Written as rendered: the graphical report of a large bank with many
    // findings is larger than the bank (132 MB for a 100 MB one).
    let color = args.format == CheckFormat::Graphical
        && args.output.is_none()
        && crate::errors::color_for(to_stderr);
    let write_report = |w: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            CheckFormat::Graphical => {
                for d in &diagnostics {
                    w.write_all(render::graphical(&render_files, d, color).as_bytes())?;
                }
                if !args.quiet {
                    writeln!(w, "{}", totals.line())?;
                }
                Ok(())
            }
            CheckFormat::Concise => {
                w.write_all(render::concise(&render_files, &diagnostics).as_bytes())
            }
            CheckFormat::Json => render::json(w, &render_files, &diagnostics, totals),
            CheckFormat::Sarif => render::sarif(w, &render_files, &diagnostics),
            CheckFormat::Github => {
                w.write_all(render::github(&render_files, &diagnostics).as_bytes())
            }
        }
    };
    let summary_apart = args.format != CheckFormat::Graphical;
    let written = match &args.output {
        Some(path) => Destination::new(path).write(|w| write_report(w)),
        None if to_stderr => {
            let _ = write_report(&mut std::io::stderr().lock());
            Ok(())
        }
        None => Destination::Stdout.write(|w| write_report(w)),
    };
    if let Err(err) = written {
        report(err);
        return ExitStatus::Error;
    }
    if summary_apart && !args.quiet {
        eprintln!("{}", totals.line());
    }
    if status == ExitStatus::Success && diagnostics.iter().any(|d| d.severity == Severity::Error) {
        status = ExitStatus::Failure;
    }
    status
}

fn run_lint(files: &[Checked]) -> Vec<Diagnostic> {
    let lint_files: Vec<LintFile<'_>> = files
        .iter()
        .map(|c| LintFile {
            file: &c.file,
            settings: &c.settings.lint,
        })
        .collect();
    lint(&lint_files)
        .into_iter()
        .flat_map(|r| r.diagnostics)
        .collect()
}

/// Apply fixes until none applies; returns how many were applied.
fn fix_all(files: &mut [Checked], unsafe_too: bool) -> usize {
    let mut applied = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let lint_files: Vec<LintFile<'_>> = files
            .iter()
            .map(|c| LintFile {
                file: &c.file,
                settings: &c.settings.lint,
            })
            .collect();
        let reports = lint(&lint_files);
        let mut changed = false;
        for report in reports {
            let checked = &mut files[report.file];
            let outcome =
                qbank_lint::apply_fixes(&checked.file.source.text, &report.diagnostics, unsafe_too);
            if outcome.applied == 0 || outcome.text == checked.file.source.text {
                continue;
            }
            applied += outcome.applied;
            changed = true;
            let source = Source {
                path: checked.file.source.path.clone(),
                text: outcome.text,
                encoding: checked.file.source.encoding,
                line_endings: checked.file.source.line_endings.clone(),
            };
            let document = qbank_core::parse(&source.path, &source.text, &checked.settings.parse);
            let old = std::mem::replace(&mut checked.file, ParsedFile { source, document });
            checked.original.get_or_insert(old.source.text);
        }
        if !changed {
            break;
        }
    }
    applied
}

fn print_diffs(files: &[Checked]) -> bool {
    let mut any = false;
    let mut out = std::io::stdout().lock();
    for checked in files {
        let Some(original) = &checked.original else {
            continue;
        };
        any = true;
        let path = &checked.file.document.path;
        let diff =
            similar::TextDiff::from_lines(original.as_str(), checked.file.source.text.as_str());
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

fn write_back(checked: &Checked) -> Result<(), CliError> {
    let bytes = qbank_core::encode(&checked.file.source);
    match &checked.input {
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
