//! The open documents, the settings of each (nearest `qbank.toml`), and the
//! worker thread that lints them off the main loop.

use crate::convert::{self, Lines};
use lsp_server::{Message, Notification};
use lsp_types::{
    CodeActionOrCommand, CodeActionParams, DocumentFormattingParams, DocumentSymbolParams,
    DocumentSymbolResponse, PublishDiagnosticsParams, TextEdit, Url,
};
use qbank_core::{ParsedFile, Rereader, Source};
use qbank_lint::LintFile;
use qbank_workspace::{FileSettings, Resolver};
use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a change waits for the next one before it is linted: typing
/// fast lints once, at the end.
const DEBOUNCE: Duration = Duration::from_millis(40);

struct Doc {
    text: Arc<String>,
    version: i32,
    /// Counts the changes: a lint of an older text is stale.
    generation: u64,
}

#[derive(Default)]
struct Shared {
    docs: HashMap<Url, Doc>,
    /// `None` until first needed, and after a `qbank.toml` changes.
    resolver: Option<Resolver>,
}

enum Job {
    Lint(Url),
    Stop,
}

pub(crate) struct State {
    shared: Arc<Mutex<Shared>>,
    jobs: mpsc::Sender<Job>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic while linting leaves the data as it was: keep serving.
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl State {
    pub(crate) fn new(out: crossbeam_channel::Sender<Message>) -> State {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (jobs, queue) = mpsc::channel();
        let worker_shared = Arc::clone(&shared);
        let worker = std::thread::Builder::new()
            .name("qbank-lint".to_owned())
            .spawn(move || work(&worker_shared, &queue, &out))
            .ok();
        State {
            shared,
            jobs,
            worker: Mutex::new(worker),
        }
    }

    /// Stop the worker and wait for it.
    pub(crate) fn stop(&self) {
        let _ = self.jobs.send(Job::Stop);
        let handle = self
            .worker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }

    /// A document opened or changed: keep its text, lint it soon.
    pub(crate) fn open(&self, uri: Url, text: String, version: i32) {
        {
            let mut shared = lock(&self.shared);
            let generation = shared.docs.get(&uri).map_or(0, |d| d.generation + 1);
            shared.docs.insert(
                uri.clone(),
                Doc {
                    text: Arc::new(text),
                    version,
                    generation,
                },
            );
        }
        let _ = self.jobs.send(Job::Lint(uri));
    }

    /// A document changed: apply the edits in order (a change without a
    /// range is the whole new text), lint it soon.
    pub(crate) fn change(
        &self,
        uri: Url,
        changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
        version: i32,
    ) {
        {
            let mut shared = lock(&self.shared);
            let Some(doc) = shared.docs.get_mut(&uri) else {
                return;
            };
            let mut text = doc.text.to_string();
            for change in changes {
                match change.range {
                    Some(range) => {
                        let start = convert::offset(&text, range.start);
                        let end = convert::offset(&text, range.end).max(start);
                        text.replace_range(start..end, &change.text);
                    }
                    None => text = change.text,
                }
            }
            doc.text = Arc::new(text);
            doc.version = version;
            doc.generation += 1;
        }
        let _ = self.jobs.send(Job::Lint(uri));
    }

    pub(crate) fn close(&self, uri: &Url) {
        lock(&self.shared).docs.remove(uri);
        let _ = self.jobs.send(Job::Lint(uri.clone()));
    }

    /// A `qbank.toml` changed: read the settings again, lint every open
    /// document again.
    pub(crate) fn reload_config(&self) {
        let uris: Vec<Url> = {
            let mut shared = lock(&self.shared);
            shared.resolver = None;
            shared.docs.keys().cloned().collect()
        };
        for uri in uris {
            let _ = self.jobs.send(Job::Lint(uri));
        }
    }

    /// The fixes of the findings in the requested range.
    pub(crate) fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some((text, settings)) = self.snapshot(uri) else {
            return Vec::new();
        };
        let lines = Lines::new(&text);
        let wanted = params.range;
        lint(uri, &text, &settings, &mut Rereader::new())
            .iter()
            .filter(|d| {
                let range = lines.range(d.span);
                range.start <= wanted.end && wanted.start <= range.end
            })
            .filter_map(|d| convert::code_action(&lines, uri, d, settings.docs.as_ref()))
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    /// `qbank fmt` of the document, as one edit (none when it is formatted).
    pub(crate) fn format(&self, params: &DocumentFormattingParams) -> Option<Vec<TextEdit>> {
        let uri = &params.text_document.uri;
        let (text, settings) = self.snapshot(uri)?;
        let source = Source {
            path: path_of(uri),
            text: text.to_string(),
            ..Source::default()
        };
        let formatted = qbank_fmt::format(&source, &settings.parse, &settings.fmt);
        if formatted.text == *text {
            return Some(Vec::new());
        }
        let all = Lines::new(&text).all();
        Some(vec![TextEdit::new(all, formatted.text)])
    }

    /// The entries, for the outline.
    pub(crate) fn symbols(&self, params: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        let uri = &params.text_document.uri;
        let (text, settings) = self.snapshot(uri)?;
        let doc = qbank_workspace::parse(&path_of(uri), &text, &settings);
        let lines = Lines::new(&text);
        Some(DocumentSymbolResponse::Nested(
            doc.entries
                .iter()
                .map(|e| convert::symbol(&lines, e))
                .collect(),
        ))
    }

    /// A document's text and settings.
    fn snapshot(&self, uri: &Url) -> Option<(Arc<String>, FileSettings)> {
        let mut shared = lock(&self.shared);
        let text = Arc::clone(&shared.docs.get(uri)?.text);
        Some((text, settings(&mut shared, uri)))
    }
}

/// The settings of the nearest `qbank.toml` (defaults when there is none,
/// or it cannot be read: `qbank check` reports that).
fn settings(shared: &mut Shared, uri: &Url) -> FileSettings {
    let resolver = shared
        .resolver
        .get_or_insert_with(|| Resolver::new(None).unwrap_or_default());
    let path = uri.to_file_path().ok();
    match resolver.config_for(path.as_deref()) {
        Ok(Some(config)) => config.settings_for(path.as_deref()),
        _ => FileSettings::default(),
    }
}

fn path_of(uri: &Url) -> String {
    uri.to_file_path()
        .map_or_else(|_| uri.to_string(), |p| p.display().to_string())
}

/// The findings of a text, read again by the document's `reader` (which
/// re-scans only the sections an edit changed).
pub(crate) fn lint(
    uri: &Url,
    text: &str,
    settings: &FileSettings,
    reader: &mut Rereader,
) -> Vec<qbank_lint::Diagnostic> {
    let source = Source {
        path: path_of(uri),
        text: text.to_owned(),
        ..Source::default()
    };
    let document = qbank_workspace::reparse(reader, &source.path, &source.text, settings);
    let file = ParsedFile { source, document };
    qbank_lint::lint(&[LintFile {
        file: &file,
        settings: &settings.lint,
    }])
    .into_iter()
    .flat_map(|r| r.diagnostics)
    .collect()
}

/// The worker: waits for jobs, lets a burst of changes settle, lints the
/// latest text of each document and publishes, unless the document changed
/// again meanwhile (its result is stale: a newer lint is queued).
fn work(
    shared: &Mutex<Shared>,
    queue: &mpsc::Receiver<Job>,
    out: &crossbeam_channel::Sender<Message>,
) {
    // Each open document's reader, kept by this thread alone.
    let mut readers: HashMap<Url, Rereader> = HashMap::new();
    while let Ok(job) = queue.recv() {
        let mut pending = Vec::new();
        let mut stop = false;
        let mut take = |job: Job, pending: &mut Vec<Url>| match job {
            Job::Lint(uri) if !pending.contains(&uri) => pending.push(uri),
            Job::Lint(_) => {}
            Job::Stop => stop = true,
        };
        take(job, &mut pending);
        while let Ok(job) = queue.recv_timeout(DEBOUNCE) {
            take(job, &mut pending);
        }
        if stop {
            return;
        }
        for uri in pending {
            publish(shared, &uri, out, &mut readers);
        }
    }
}

fn publish(
    shared: &Mutex<Shared>,
    uri: &Url,
    out: &crossbeam_channel::Sender<Message>,
    readers: &mut HashMap<Url, Rereader>,
) {
    let snapshot = {
        let mut guard = lock(shared);
        guard
            .docs
            .get(uri)
            .map(|d| (Arc::clone(&d.text), d.generation, d.version))
            .map(|(text, generation, version)| {
                (text, generation, version, settings(&mut guard, uri))
            })
    };
    let params = match snapshot {
        // Closed: clear its diagnostics.
        None => {
            readers.remove(uri);
            PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None)
        }
        Some((text, generation, version, settings)) => {
            let reader = readers.entry(uri.clone()).or_default();
            let found = lint(uri, &text, &settings, reader);
            let current = lock(shared).docs.get(uri).map(|d| d.generation);
            if current != Some(generation) {
                return;
            }
            let lines = Lines::new(&text);
            let diagnostics = found
                .iter()
                .map(|d| convert::diagnostic(&lines, uri, d, settings.docs.as_ref()))
                .collect();
            PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(version))
        }
    };
    let note = Notification::new(
        "textDocument/publishDiagnostics".to_owned(),
        serde_json::to_value(params).unwrap_or_default(),
    );
    let _ = out.send(Message::Notification(note));
}
