//! `qbank server` end to end: a JSON-RPC client in the test speaks LSP to
//! the real binary over its standard input and output.

use crate::util::{qbank, root, tempdir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = qbank()
            .current_dir(dir)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request; its response (notifications meanwhile are kept).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.wait();
            if message["id"] == id {
                return message;
            }
        }
    }

    fn wait(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics(&self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let message = self.wait();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == version
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn diagnostics_fixes_symbols_formatting_and_shutdown() {
    let dir = tempdir();
    let path = dir.path().join("llm-industry.md");
    let text = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start(dir.path());

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    // Incremental: an edit sends only what changed.
    assert_eq!(caps["textDocumentSync"], 2, "{init}");
    assert_eq!(caps["codeActionProvider"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    client.notify("initialized", json!({}));

    // The sample: entries 7 and 20 share a title and a question.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let found = client.diagnostics(&uri, 1);
    assert_eq!(codes(&found), ["QB401", "QB402"], "{found:?}");
    assert_eq!(found[1]["severity"], 1, "duplicate-question is an error");
    let dup = &found[0];
    assert_eq!(dup["severity"], 2);
    assert_eq!(dup["source"], "qbank(duplicate-title)");
    // No docs address configured: no link.
    assert!(dup.get("codeDescription").is_none(), "{dup}");
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count();
    assert_eq!(dup["range"]["start"]["line"], line_of("#### 20."));
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri);
    assert_eq!(
        related["location"]["range"]["start"]["line"],
        line_of("#### 7.")
    );

    // An edit: a list misnumbered in entry 2, a colon of the wrong width.
    let edited = text
        .replacen("2. **数据增强：**", "5. **数据增强：**", 1)
        .replacen("**解析：** 数据预处理", "**解析:** 数据预处理", 1);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    let found = client.diagnostics(&uri, 2);
    let mut got = codes(&found);
    got.sort();
    assert_eq!(got, ["QB203", "QB401", "QB402", "QB404"], "{found:?}");
    let colon = found.iter().find(|d| d["code"] == "QB404").unwrap();
    // UTF-16 columns: `**解析` is 4 units before the colon.
    assert_eq!(colon["range"]["start"]["character"], 4);

    // The quick fix for the colon.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": colon["range"],
            "context": {"diagnostics": [colon]},
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    assert_eq!(action["isPreferred"], true);
    let edit = &action["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "：");
    assert_eq!(edit["range"], colon["range"]);

    // The outline lists the entries.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = symbols["result"].as_array().unwrap().clone();
    assert_eq!(symbols.len(), 30);
    assert_eq!(symbols[1]["name"], "2. 大模型训练过程中的数据预处理技巧");

    // Formatting: one edit, the whole document in canonical form.
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let new_text = edits["result"][0]["newText"].as_str().unwrap();
    assert!(new_text.contains("2. **数据增强：**") && new_text.contains("**解析：** 数据预处理"));

    // A qbank.toml turning the rule off, saved: diagnostics again.
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[rules]\nduplicate-title = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/qbank.toml", dir.path().display()), "type": 1}]}),
    );
    let found = client.diagnostics(&uri, 2);
    let mut got = codes(&found);
    got.sort();
    assert_eq!(got, ["QB203", "QB402", "QB404"]);

    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown["error"].is_null(), "{shutdown}");
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

impl Client {
    fn initialize(&mut self) {
        let init = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        assert!(init["error"].is_null(), "{init}");
        self.notify("initialized", json!({}));
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message that answers nothing the client asked (an error
    /// response to a message it could not read).
    fn next_error(&self) -> Value {
        loop {
            let message = self.wait();
            if !message["error"].is_null() {
                return message;
            }
        }
    }

    fn exit_code(mut self) -> Option<i32> {
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code()
    }
}

fn error_code(message: &Value) -> i64 {
    message["error"]["code"].as_i64().unwrap_or_default()
}

#[test]
fn lifecycle_as_the_specification_says() {
    let dir = tempdir();
    let mut client = Client::start(dir.path());
    // Before initialize: refused, not fatal.
    let early = client.request("textDocument/documentSymbol", json!({}));
    assert_eq!(error_code(&early), -32002, "{early}");
    client.initialize();
    let again = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(error_code(&again), -32600, "{again}");
    let unknown = client.request("qbank/unknown", json!({}));
    assert_eq!(error_code(&unknown), -32601, "{unknown}");

    // Malformed JSON-RPC: answered, and the server goes on.
    client.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\"");
    let parse = client.next_error();
    assert_eq!(
        (error_code(&parse), parse["id"].clone()),
        (-32700, Value::Null),
        "{parse}"
    );
    client.send_raw("[1, 2, 3]");
    assert_eq!(error_code(&client.next_error()), -32600);
    client.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 77, \"method\": 5}");
    let invalid = client.next_error();
    assert_eq!(
        (error_code(&invalid), invalid["id"].clone()),
        (-32600, json!(77))
    );

    let shutdown = client.request("shutdown", Value::Null);
    assert!(
        shutdown["error"].is_null() && shutdown["result"].is_null(),
        "{shutdown}"
    );
    let second = client.request("shutdown", Value::Null);
    assert_eq!(error_code(&second), -32600, "{second}");
    let after = client.request("textDocument/documentSymbol", json!({}));
    assert_eq!(error_code(&after), -32600, "{after}");
    assert_eq!(client.exit_code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let dir = tempdir();
    let mut client = Client::start(dir.path());
    client.initialize();
    assert_eq!(client.exit_code(), Some(1));
    // Before initialize too; and a client that goes away.
    let client = Client::start(dir.path());
    assert_eq!(client.exit_code(), Some(1));
    let mut client = Client::start(dir.path());
    client.initialize();
    drop(client.stdin);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn a_large_document_and_a_burst_of_changes() {
    let dir = tempdir();
    let uri = format!("file://{}/big.md", dir.path().display());
    let sample = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    let big = sample.repeat(10 * 1024 * 1024 / sample.len() + 1);
    let mut client = Client::start(dir.path());
    client.initialize();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": big}}),
    );
    assert!(!client.diagnostics(&uri, 1).is_empty());
    // 200 edits as fast as a keyboard macro sends them: the last one is
    // linted and published, whatever was dropped in between.
    for version in 2..=201 {
        let text = format!("{sample}\n<!-- edit {version} -->\n");
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    assert!(!client.diagnostics(&uri, 201).is_empty());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        symbols["result"].as_array().map(Vec::len),
        Some(30),
        "{symbols}"
    );
    assert!(client.request("shutdown", Value::Null)["error"].is_null());
    assert_eq!(client.exit_code(), Some(0));
}

/// Edits sent as ranges (lines and UTF-16 units, several in one
/// notification, applied in order) give the text a full sync would: the
/// same diagnostics as opening the edited text.
#[test]
fn incremental_edits_apply_in_order() {
    let dir = tempdir();
    let uri = format!("file://{}/a.md", dir.path().display());
    let fresh = format!("file://{}/b.md", dir.path().display());
    let text = "#### 1. 题😀一\n\n**题目：** 问？\n\n**答案：** 甲\n\n**解析：** 乙\n";
    let mut client = Client::start(dir.path());
    client.initialize();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.diagnostics(&uri, 1);
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            // After the emoji (two UTF-16 units): `一` becomes `二`.
            {"range": {"start": at(0, 11), "end": at(0, 12)}, "text": "二"},
            // The colon of 解析 made ASCII, then a second entry at the end.
            {"range": {"start": at(6, 4), "end": at(6, 5)}, "text": ":"},
            {"range": {"start": at(7, 0), "end": at(7, 0)}, "text": "\n#### 2. 题二\n"},
        ]}),
    );
    let edited =
        "#### 1. 题😀二\n\n**题目：** 问？\n\n**答案：** 甲\n\n**解析:** 乙\n\n#### 2. 题二\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": fresh, "languageId": "markdown", "version": 1, "text": edited}}),
    );
    // Published in the order the documents changed.
    let got = client.diagnostics(&uri, 2);
    let want = client.diagnostics(&fresh, 1);
    assert!(!got.is_empty());
    // The findings name the file: a.md where b.md has b.md.
    let got = serde_json::to_string(&got)
        .unwrap()
        .replace("/a.md", "/b.md");
    assert_eq!(got, serde_json::to_string(&want).unwrap());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols["result"][0]["name"], "1. 题😀二", "{symbols}");
    assert!(client.request("shutdown", Value::Null)["error"].is_null());
    assert_eq!(client.exit_code(), Some(0));
}

/// With `docs-url` in the nearest qbank.toml, each finding links to its
/// rule's page (`codeDescription`), in published diagnostics and in the
/// diagnostics of quick fixes.
#[test]
fn rule_links_when_a_docs_address_is_configured() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("qbank.toml"),
        "docs-url = \"https://docs.example.org/qbank/rules/{name}\"\n",
    )
    .unwrap();
    let path = dir.path().join("bank.md");
    let text = std::fs::read_to_string(root().join("fixtures/llm-industry.md"))
        .unwrap()
        .replacen("2. **数据增强：**", "5. **数据增强：**", 1);
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let found = client.diagnostics(&uri, 1);
    assert!(!found.is_empty());
    for d in &found {
        let source = d["source"].as_str().unwrap();
        let name = &source["qbank(".len()..source.len() - 1];
        assert_eq!(
            d["codeDescription"]["href"],
            format!("https://docs.example.org/qbank/rules/{name}"),
            "{d}"
        );
    }
    let list = found.iter().find(|d| d["code"] == "QB203").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": list["range"], "context": {"diagnostics": []}}),
    );
    let action = &actions["result"][0];
    assert_eq!(
        action["diagnostics"][0]["codeDescription"]["href"],
        "https://docs.example.org/qbank/rules/list-numbering",
        "{actions}"
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
}
