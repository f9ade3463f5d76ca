//! Standard input and output as an LSP connection that outlives a bad
//! message.
//!
//! Written by hand rather than taken from lsp-server's `Connection::stdio`:
//! its reader thread ends at the first body that is not a JSON-RPC message,
//! and the server with it. Here a body that is not JSON gets JSON-RPC's
//! `-32700 Parse error`, JSON that is not a message gets `-32600 Invalid
//! Request` (with the message's id when it has a readable one, else `null`,
//! which lsp-server's `Response` cannot carry), a header block without a
//! `Content-Length` is answered the same way and skipped, and reading goes
//! on. Messages that read well are lsp-server's own `Message`s.

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// JSON-RPC's error codes for what could not be read.
const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

/// The threads behind a [`stdio`] connection.
pub(crate) struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for the reader (it stops at `exit` or the end of input) and
    /// the writer (it stops once every sender is dropped).
    pub(crate) fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub(crate) fn stdio() -> (Connection, Threads) {
    let out = Arc::new(Mutex::new(io::stdout()));
    let (writer_sender, writer_receiver) = bounded::<Message>(0);
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    let writer_out = Arc::clone(&out);
    let writer = std::thread::spawn(move || write_all(&writer_out, &writer_receiver));
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        read_all(&mut stdin.lock(), &reader_sender, &out);
    });
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, Threads { reader, writer })
}

fn write_all(out: &Mutex<io::Stdout>, messages: &Receiver<Message>) -> io::Result<()> {
    for message in messages {
        let mut out = out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        message.write(&mut *out)?;
    }
    Ok(())
}

/// Reads messages until `exit`, the end of input or a closed channel;
/// answers what cannot be read on `out`.
pub(crate) fn read_all(input: &mut impl BufRead, to: &Sender<Message>, out: &Mutex<impl Write>) {
    loop {
        let message = match read_frame(input) {
            Ok(Frame::End) | Err(_) => return,
            Ok(Frame::NoLength) => Err(error(Value::Null, PARSE_ERROR, "no Content-Length header")),
            Ok(Frame::Body(body)) => decode(&body),
        };
        match message {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to.send(message).is_err() || exit {
                    return;
                }
            }
            Err(answer) => {
                let mut out = out
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if write_raw(&mut *out, &answer).is_err() {
                    return;
                }
            }
        }
    }
}

enum Frame {
    /// The input ended (between or inside messages).
    End,
    /// A header block without a readable `Content-Length`.
    NoLength,
    /// A message's body.
    Body(Vec<u8>),
}

/// One header block and its body. Header lines end in `\r\n` (a bare `\n`
/// is taken too); the block ends at an empty line.
fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let Some(length) = length else {
        return Ok(Frame::NoLength);
    };
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(Frame::End);
    }
    Ok(Frame::Body(body))
}

/// A body as a message, or the error response it deserves.
fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error(Value::Null, PARSE_ERROR, &format!("not JSON: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if !value.is_object() || value.get("method").is_some_and(|m| !m.is_string()) {
        return Err(error(id, INVALID_REQUEST, "not a JSON-RPC message"));
    }
    serde_json::from_value(value)
        .map_err(|e| error(id, INVALID_REQUEST, &format!("not a JSON-RPC message: {e}")))
}

fn error(id: Value, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn write_raw(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let text = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> (Vec<Message>, String) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let out = Mutex::new(Vec::new());
        read_all(&mut input.as_bytes(), &tx, &out);
        drop(tx);
        let answers = String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default();
        (rx.iter().collect(), answers)
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_messages_are_answered_and_reading_goes_on() {
        let input = [
            framed("{not json"),
            framed("[1, 2]"),
            framed(r#"{"jsonrpc": "2.0", "id": 7, "method": 3}"#),
            "X-Other: 1\r\n\r\n".to_owned(),
            framed(r#"{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}"#),
            framed(r#"{"jsonrpc": "2.0", "method": "exit"}"#),
            framed(r#"{"jsonrpc": "2.0", "method": "never read"}"#),
        ]
        .concat();
        let (messages, answers) = frames(&input);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(answers.matches("-32700").count(), 2, "{answers}");
        assert_eq!(answers.matches("-32600").count(), 2, "{answers}");
        assert!(answers.contains(r#""id":7"#), "{answers}");
    }

    #[test]
    fn a_cut_message_ends_the_input() {
        let (messages, answers) = frames("Content-Length: 50\r\n\r\n{\"jsonrpc\"");
        assert!(messages.is_empty() && answers.is_empty());
    }
}
