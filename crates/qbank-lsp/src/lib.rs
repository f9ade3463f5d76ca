//! # qbank-lsp: `qbank server`, a language server for question banks
//!
//! Over standard input and output (LSP, JSON-RPC, with `lsp-server` and
//! `lsp-types`), for any editor with an LSP client:
//!
//! - **diagnostics** for every rule on open and on change: code, rule name,
//!   severity, exact range in UTF-16 positions (as LSP counts), a link to the
//!   rule's documentation, and related information (the other entry of a
//!   duplicate);
//! - **code actions** for the fixes (safe ones preferred, unsafe ones marked);
//! - **formatting** with `qbank fmt`;
//! - **document symbols**: the entries, so the outline lists them;
//! - the nearest `qbank.toml` of each file, read again when one changes.
//!
//! Linting runs on a worker thread: the editor is never blocked, edits made
//! while a document is linted make that result stale, and it is dropped
//! (only the latest text of each document is linted and published).

#![deny(missing_docs)]

mod convert;
mod state;
mod transport;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionProviderCapability, InitializeParams, OneOf, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, notification, request,
};
use state::State;

/// Why the server stopped.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// How the server ended, which sets its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the client went away: exit code 1, as
    /// the specification says.
    WithoutShutdown,
}

/// Serve LSP over standard input and output until the client says `exit`
/// or goes away. A message that cannot be read is answered with
/// JSON-RPC's error and the server goes on.
///
/// # Errors
///
/// When standard output fails.
pub fn run_stdio() -> Result<Exit, Error> {
    let (connection, threads) = transport::stdio();
    let exit = serve(connection)?;
    threads.join()?;
    Ok(exit)
}

/// Serve LSP on a connection (tests use an in-memory one), through its
/// whole lifecycle: `initialize` (requests before it are refused with
/// `ServerNotInitialized`), the work, `shutdown` (a second one, and any
/// other request after it, is refused with `InvalidRequest`), `exit`.
///
/// # Errors
///
/// When the connection fails.
pub fn serve(connection: Connection) -> Result<Exit, Error> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "qbank".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    let Some((id, params)) = initialize(&connection)? else {
        return Ok(Exit::WithoutShutdown);
    };
    let _params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    connection
        .sender
        .send(Response::new_ok(id, result).into())?;
    let state = State::new(connection.sender.clone());
    let exit = main_loop(&connection, &state);
    state.stop();
    exit
}

/// Waits for `initialize`; `None` when the client says `exit` or goes away
/// first.
fn initialize(connection: &Connection) -> Result<Option<(RequestId, serde_json::Value)>, Error> {
    for message in &connection.receiver {
        match message {
            Message::Request(req) if req.method == request::Initialize::METHOD => {
                return Ok(Some((req.id, req.params)));
            }
            Message::Request(req) => {
                let refused = refuse(
                    req.id,
                    ErrorCode::ServerNotInitialized,
                    "expected initialize first",
                );
                connection.sender.send(refused.into())?;
            }
            Message::Notification(note) if note.method == notification::Exit::METHOD => {
                return Ok(None);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    Ok(None)
}

fn main_loop(connection: &Connection, state: &State) -> Result<Exit, Error> {
    let mut shut_down = false;
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                let response = if shut_down {
                    refuse(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is shut down: only exit is accepted",
                    )
                } else if req.method == request::Shutdown::METHOD {
                    shut_down = true;
                    Response::new_ok(req.id, serde_json::Value::Null)
                } else if req.method == request::Initialize::METHOD {
                    refuse(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is already initialized",
                    )
                } else {
                    respond(state, req)
                };
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(note) if note.method == notification::Exit::METHOD => {
                return Ok(if shut_down {
                    Exit::Clean
                } else {
                    Exit::WithoutShutdown
                });
            }
            Message::Notification(note) if !shut_down => notify(state, note),
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    Ok(Exit::WithoutShutdown)
}

fn refuse(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_owned())
}

/// Answer a request.
fn respond(state: &State, req: Request) -> Response {
    let id = req.id.clone();
    let result =
        match req.method.as_str() {
            request::CodeActionRequest::METHOD => parse(req.params)
                .map(|p| serde_json::to_value(state.code_actions(&p)).unwrap_or_default()),
            request::Formatting::METHOD => parse(req.params)
                .map(|p| serde_json::to_value(state.format(&p)).unwrap_or_default()),
            request::DocumentSymbolRequest::METHOD => parse(req.params)
                .map(|p| serde_json::to_value(state.symbols(&p)).unwrap_or_default()),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("qbank server does not handle {}", req.method),
                );
            }
        };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err(err) => Response::new_err(id, ErrorCode::InvalidParams as i32, err),
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| e.to_string())
}

/// React to a notification.
fn notify(state: &State, note: Notification) {
    match note.method.as_str() {
        notification::DidOpenTextDocument::METHOD => {
            if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(note.params) {
                state.open(
                    p.text_document.uri,
                    p.text_document.text,
                    p.text_document.version,
                );
            }
        }
        notification::DidChangeTextDocument::METHOD => {
            if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(note.params) {
                state.change(
                    p.text_document.uri,
                    p.content_changes,
                    p.text_document.version,
                );
            }
        }
        notification::DidCloseTextDocument::METHOD => {
            if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(note.params) {
                state.close(&p.text_document.uri);
            }
        }
        notification::DidSaveTextDocument::METHOD => {
            if let Ok(p) = parse::<lsp_types::DidSaveTextDocumentParams>(note.params) {
                if is_config(&p.text_document.uri) {
                    state.reload_config();
                }
            }
        }
        notification::DidChangeWatchedFiles::METHOD => {
            if let Ok(p) = parse::<lsp_types::DidChangeWatchedFilesParams>(note.params) {
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    state.reload_config();
                }
            }
        }
        _ => {}
    }
}

/// What the server does to a document after each edit, with default
/// settings: read it again with the document's `reader` (only the sections
/// the edit changed are scanned again), lint, and turn the findings into
/// LSP diagnostics (for benchmarks: `cargo bench --bench server`).
#[must_use]
pub fn relint(
    uri: &lsp_types::Url,
    text: &str,
    reader: &mut qbank_core::Rereader,
) -> Vec<lsp_types::Diagnostic> {
    let settings = qbank_workspace::FileSettings::default();
    let found = state::lint(uri, text, &settings, reader);
    let lines = convert::Lines::new(text);
    found
        .iter()
        .map(|d| convert::diagnostic(&lines, uri, d, settings.docs.as_ref()))
        .collect()
}

fn is_config(uri: &lsp_types::Url) -> bool {
    uri.path().ends_with(qbank_workspace::CONFIG_FILE_NAME)
}
