//! `qbank sync` against a real Anki 26.9.3 with the real AnkiConnect
//! add-on, headless: one Anki for the whole test run, on a free port in a
//! temporary folder (started by `tests/it/sync_anki.py`, which stops it
//! when this process ends), shared by the cases below in sequence, each
//! in decks of its own. A counting proxy between qbank and AnkiConnect
//! records every action qbank sends.

use crate::util::{qbank, root, stderr, stdout, tempdir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::{Arc, Mutex};

/// The actions that change a collection: none may be sent when nothing
/// changed.
const WRITES: [&str; 9] = [
    "importPackage",
    "addNotes",
    "updateNoteFields",
    "updateNote",
    "deleteNotes",
    "addTags",
    "removeTags",
    "suspend",
    "unsuspend",
];

#[test]
#[cfg_attr(
    qbank_no_anki_connect,
    ignore = "Anki (aqt) is not installed for $QBANK_PYTHON or python3, or the AnkiConnect add-on is missing (pip install aqt==26.9.3; tests/clients/anki-connect or QBANK_SHARED; `touch build.rs` after)"
)]
fn sync_against_a_real_anki() {
    let started = std::time::Instant::now();
    let anki = Anki::start();
    let proxy = Proxy::start(anki.port);
    let env = Env { anki, proxy };
    first_sync_then_nothing_to_send(&env);
    edited_answer_updates_in_place_keeping_reviews(&env);
    note_edited_in_anki_is_a_conflict_until_overwrite(&env);
    deleted_entries_under_each_orphans_mode(&env);
    unreadable_input_orphans_nothing(&env);
    apkg_import_then_sync_adds_no_duplicate(&env);
    dry_run_changes_nothing(&env);
    media_goes_with_the_notes(&env);
    renamed_group_and_moved_entry(&env);
    anki_stopped_half_way_then_a_rerun_finishes(&env);
    batches_give_the_notes_of_one_package(&env);
    progress_bar_counts_notes_on_a_terminal_only(&env);
    a_batch_cut_half_way_then_a_rerun_finishes(&env);
    source_lines_and_path_spellings_send_nothing(&env);
    an_entry_moved_without_the_state_keeps_its_note(&env);
    // Last: it changes one of qbank's note types.
    a_changed_note_type_is_a_clear_error(&env);
    eprintln!(
        "sync cases against Anki: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn anki_not_running_is_a_clear_error() {
    let dir = tempdir();
    let bank = write_bank(dir.path(), "Nobody home", &[("Q", "A")]);
    // A port nothing listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = sync(&format!("http://127.0.0.1:{port}"), &[&bank], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("start Anki with the AnkiConnect add-on, or set --url"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join(".qbank-sync.json").exists());
}

#[test]
fn inputs_without_entries_touch_nothing() {
    let dir = tempdir();
    let bank = dir.path().join("empty.md");
    std::fs::write(&bank, "# Empty\n\nJust prose, no questions.\n").unwrap();
    // Nothing listens there: the error is the empty bank's, before Anki
    // is asked anything.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = sync(&format!("http://127.0.0.1:{port}"), &[&bank], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hold no entries"), "{}", stderr(&out));
}

/// A bank of open entries: `# title`, then `## n. question` and its answer.
fn write_bank(dir: &Path, title: &str, entries: &[(&str, &str)]) -> std::path::PathBuf {
    let mut md = format!("# {title}\n");
    for (i, (q, a)) in entries.iter().enumerate() {
        md.push_str(&format!("\n## {}. {q}\n\n**Answer:** {a}\n", i + 1));
    }
    let path = dir.join(format!("{}.md", title.replace(' ', "-")));
    std::fs::write(&path, md).unwrap();
    path
}

fn sync(url: &str, paths: &[&Path], args: &[&str]) -> Output {
    sync_command(url, paths, args).output().unwrap()
}

fn sync_command(url: &str, paths: &[&Path], args: &[&str]) -> Command {
    let mut cmd = qbank();
    cmd.arg("sync")
        .args(paths)
        .args(["--url", url])
        .args(args)
        .env_remove("QBANK_ANKI_URL")
        .env_remove("QBANK_ANKI_KEY")
        .env_remove("QBANK_SYNC_BATCH");
    cmd
}

/// The summary line: the last line of standard output.
fn summary(out: &Output) -> String {
    stdout(out).lines().last().unwrap_or_default().to_owned()
}

struct Env {
    anki: Anki,
    proxy: Proxy,
}

impl Env {
    /// `qbank sync` through the proxy; the actions it sent.
    fn sync(&self, paths: &[&Path], args: &[&str]) -> (Output, Vec<String>) {
        self.sync_with(paths, args, |_| {})
    }

    /// As [`Env::sync`], the command changed by `change` first (its folder,
    /// its environment).
    fn sync_with(
        &self,
        paths: &[&Path],
        args: &[&str],
        change: impl FnOnce(&mut Command),
    ) -> (Output, Vec<String>) {
        self.proxy.take();
        let mut cmd = sync_command(&self.url(), paths, args);
        change(&mut cmd);
        let out = cmd.output().unwrap();
        (out, self.proxy.take())
    }

    /// The proxy's URL.
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy.port)
    }

    fn call(&self, action: &str, params: Value) -> Value {
        self.anki.call(action, params)
    }

    /// The notes of qbank's in `deck`, by title (note ids need not follow
    /// the entries: Anki gives an imported note a new id when its own is
    /// taken).
    fn notes(&self, deck: &str) -> Vec<Value> {
        let ids = self.call("findNotes", json!({ "query": format!("\"deck:{deck}\"") }));
        let infos = self.call("notesInfo", json!({ "notes": ids }));
        let mut infos = infos.as_array().unwrap().clone();
        infos.sort_by(|a, b| field(a, "Title").cmp(field(b, "Title")));
        infos
    }
}

fn field<'a>(note: &'a Value, name: &str) -> &'a str {
    note["fields"][name]["value"].as_str().unwrap()
}

fn assert_no_writes(actions: &[String]) {
    let writes: Vec<&String> = actions
        .iter()
        .filter(|a| WRITES.contains(&a.as_str()))
        .collect();
    assert!(
        writes.is_empty(),
        "write actions sent: {writes:?} (all: {actions:?})"
    );
}

fn first_sync_then_nothing_to_send(env: &Env) {
    let dir = tempdir();
    let md = "# First sync\n\n## 1. What is TCP?\n\n**Answer:** A transport protocol.\n\n\
              ## 2. Which port does HTTPS use?\n\nA. 80\nB. 443\n\n**Answer:** B\n\n\
              ## 3. The capital of France is ____.\n\n**Answer:** Paris\n\n\
              ## 4. How is colour spelled in British English?\n\n**Answer:** colour\nAccepted: color | Colour\n";
    let bank = dir.path().join("first.md");
    std::fs::write(&bank, md).unwrap();
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 4, updated 0, unchanged 0, conflicts 0, orphans 0 (reported)"
    );
    assert_eq!(actions.iter().filter(|a| *a == "importPackage").count(), 1);
    let notes = env.notes("First sync");
    let mut types: Vec<&str> = notes
        .iter()
        .map(|n| n["modelName"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(
        types,
        ["qbank Choice", "qbank Cloze", "qbank Q&A", "qbank Type"]
    );
    assert!(dir.path().join(".qbank-sync.json").is_file());
    // Again, nothing changed: reads only, and few requests.
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 4, conflicts 0, orphans 0 (reported)"
    );
    assert_no_writes(&actions);
    let (out, _) = env.sync(&[&bank], &["--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["summary"]["unchanged"], 4);
    assert!(json["requests"].as_u64().unwrap() <= 5, "{json}");
    let actions: Vec<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["unchanged"; 4]);
}

fn edited_answer_updates_in_place_keeping_reviews(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(
        dir.path(),
        "Edited answer",
        &[("Q one", "first"), ("Q two", "second")],
    );
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = env.notes("Edited answer");
    let card = before[0]["cards"][0].as_i64().unwrap();
    env.call(
        "answerCards",
        json!({ "answers": [{ "cardId": card, "ease": 3 }] }),
    );
    write_bank(
        dir.path(),
        "Edited answer",
        &[("Q one", "first, edited"), ("Q two", "second")],
    );
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 1, conflicts 0, orphans 0 (reported)"
    );
    assert!(!actions.iter().any(|a| a == "deleteNotes"), "{actions:?}");
    let after = env.notes("Edited answer");
    let ids = |notes: &[Value]| {
        notes
            .iter()
            .map(|n| n["noteId"].as_i64())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&after), ids(&before), "the notes were replaced");
    assert!(field(&after[0], "Answer").contains("first, edited"));
    let reviews = env.call("getReviewsOfCards", json!({ "cards": [card.to_string()] }));
    assert_eq!(
        reviews[card.to_string()].as_array().map(Vec::len),
        Some(1),
        "{reviews}"
    );
}

fn note_edited_in_anki_is_a_conflict_until_overwrite(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(
        dir.path(),
        "Edited in Anki",
        &[("Q one", "first"), ("Q two", "second")],
    );
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = env.notes("Edited in Anki")[0]["noteId"].as_i64().unwrap();
    let edit = json!({ "note": { "id": id, "fields": { "Answer": "my own words" } } });
    env.call("updateNoteFields", edit);
    // The bank changed too: still the user's edit wins.
    write_bank(
        dir.path(),
        "Edited in Anki",
        &[("Q one", "first, edited"), ("Q two", "second")],
    );
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 1, conflicts 1, orphans 0 (reported)"
    );
    assert!(stdout(&out).contains("edited in Anki"), "{}", stdout(&out));
    assert_no_writes(&actions);
    assert_eq!(
        field(&env.notes("Edited in Anki")[0], "Answer"),
        "my own words"
    );
    let (out, _) = env.sync(&[&bank], &["--overwrite"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 1, conflicts 0, orphans 0 (reported)"
    );
    assert!(field(&env.notes("Edited in Anki")[0], "Answer").contains("first, edited"));
}

/// The entries of the orphans' bank.
const ORPHANS: [(&str, &str); 6] = [
    ("Q1", "a1"),
    ("Q2", "a2"),
    ("Q3", "a3"),
    ("Q4", "a4"),
    ("Q5", "a5"),
    ("Q6", "a6"),
];

fn deleted_entries_under_each_orphans_mode(env: &Env) {
    let dir = orphans_reported_suspended_and_restored(env);
    orphans_deleted_a_fifth_at_most(env, &dir);
}

/// A deleted entry reported, then suspended, then back; the bank's folder,
/// its sixth entry deleted again.
fn orphans_reported_suspended_and_restored(env: &Env) -> tempfile::TempDir {
    let dir = tempdir();
    let entries = ORPHANS;
    let bank = write_bank(dir.path(), "Orphans", &entries);
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write_bank(dir.path(), "Orphans", &entries[..5]);
    // Reported: exit 1, the note stays.
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 5, conflicts 0, orphans 1 (reported)"
    );
    assert!(
        stdout(&out).contains("orphan    Orphans › Q6"),
        "{}",
        stdout(&out)
    );
    assert_no_writes(&actions);
    assert_eq!(env.notes("Orphans").len(), 6);
    // Suspended and tagged.
    let (out, _) = env.sync(&[&bank], &["--orphans", "suspend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 5, conflicts 0, orphans 1 (suspended)"
    );
    let orphan = env.notes("Orphans")[5].clone();
    assert_eq!(field(&orphan, "Title"), "Q6");
    assert!(
        orphan["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("qbank::orphaned"))
    );
    let suspended = env.call("areSuspended", json!({ "cards": orphan["cards"] }));
    assert_eq!(suspended, json!([true]));
    // Its entry back: unsuspended and untagged.
    write_bank(dir.path(), "Orphans", &entries);
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let back = env.notes("Orphans")[5].clone();
    assert!(
        !back["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("qbank::orphaned"))
    );
    let suspended = env.call("areSuspended", json!({ "cards": back["cards"] }));
    assert_eq!(suspended, json!([false]));
    write_bank(dir.path(), "Orphans", &entries[..5]);
    dir
}

fn orphans_deleted_a_fifth_at_most(env: &Env, dir: &tempfile::TempDir) {
    let entries = ORPHANS;
    let bank = dir.path().join("Orphans.md");
    // Deleted: one of six is not more than a fifth.
    let (out, _) = env.sync(&[&bank], &["--orphans", "delete"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 5, conflicts 0, orphans 1 (deleted)"
    );
    assert_eq!(env.notes("Orphans").len(), 5);
    // Two of five is: refused, nothing changed, unless --force.
    write_bank(dir.path(), "Orphans", &entries[..3]);
    let (out, actions) = env.sync(&[&bank], &["--orphans", "delete"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to delete 2 of the 5"),
        "{}",
        stderr(&out)
    );
    assert_no_writes(&actions);
    assert_eq!(env.notes("Orphans").len(), 5);
    let (out, _) = env.sync(&[&bank], &["--orphans", "delete", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.notes("Orphans").len(), 3);
}

fn unreadable_input_orphans_nothing(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(dir.path(), "Unreadable", &[("Q1", "a1"), ("Q2", "a2")]);
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write_bank(dir.path(), "Unreadable", &[("Q1", "a1")]);
    let missing = dir.path().join("missing.md");
    let args = ["--orphans", "delete", "--force"];
    let (out, actions) = env.sync(&[&bank, &missing], &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        summary(&out).ends_with("orphans 0 (deleted)"),
        "{}",
        summary(&out)
    );
    assert!(!actions.iter().any(|a| a == "deleteNotes"), "{actions:?}");
    assert_eq!(env.notes("Unreadable").len(), 2);
}

fn apkg_import_then_sync_adds_no_duplicate(env: &Env) {
    let dir = tempdir();
    let entries = [("Q1", "a1"), ("Q2", "a2"), ("Q3", "a3")];
    let bank = write_bank(dir.path(), "Imported first", &entries);
    let apkg = dir.path().join("bank.apkg");
    let export = qbank()
        .arg("export")
        .arg(&bank)
        .args(["--to", "anki", "-o"])
        .arg(&apkg)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    env.call("importPackage", json!({ "path": apkg.to_string_lossy() }));
    assert_eq!(env.notes("Imported first").len(), 3);
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 3, conflicts 0, orphans 0 (reported)"
    );
    assert_no_writes(&actions);
    write_bank(
        dir.path(),
        "Imported first",
        &[("Q1", "a1"), ("Q2", "a2, edited"), ("Q3", "a3")],
    );
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 2, conflicts 0, orphans 0 (reported)"
    );
    let notes = env.notes("Imported first");
    assert_eq!(notes.len(), 3);
    assert!(field(&notes[1], "Answer").contains("a2, edited"));
}

fn dry_run_changes_nothing(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(
        dir.path(),
        "Dry run",
        &[("Q1", "a1"), ("Q2", "a2"), ("Q3", "a3")],
    );
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let state = std::fs::read(dir.path().join(".qbank-sync.json")).unwrap();
    let before = env.notes("Dry run");
    write_bank(
        dir.path(),
        "Dry run",
        &[("Q1", "a1, edited"), ("Q2", "a2"), ("Q4", "a4")],
    );
    for args in [
        &["--dry-run"][..],
        &["--dry-run", "--orphans", "delete", "--force"],
    ] {
        let (out, actions) = env.sync(&[&bank], args);
        assert_eq!(
            out.status.code(),
            Some(if args.len() == 1 { 1 } else { 0 }),
            "{}",
            stderr(&out)
        );
        let text = stdout(&out);
        assert!(text.contains("update    Dry run › Q1"), "{text}");
        assert!(text.contains("add       Dry run › Q4"), "{text}");
        assert!(text.contains("unchanged Dry run › Q2"), "{text}");
        assert!(text.contains("orphan    Dry run › Q3"), "{text}");
        assert!(
            summary(&out).starts_with("added 1, updated 1, unchanged 1, conflicts 0, orphans 1 (")
        );
        assert_no_writes(&actions);
    }
    assert_eq!(env.notes("Dry run"), before);
    assert_eq!(
        std::fs::read(dir.path().join(".qbank-sync.json")).unwrap(),
        state
    );
}

/// A headless Anki with AnkiConnect (see `tests/it/sync_anki.py`),
/// stopped when dropped or when this process ends.
struct Anki {
    port: u16,
    child: Child,
    stdin: Option<ChildStdin>,
    base: tempfile::TempDir,
}

impl Anki {
    fn start() -> Anki {
        let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let base = tempdir();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(python)
            .arg(root().join("tests/it/sync_anki.py"))
            .arg(base.path())
            .arg(port.to_string())
            .arg(env!("QBANK_ANKI_CONNECT_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let log = std::fs::read_to_string(base.path().join("anki.log")).unwrap_or_default();
        assert_eq!(line.trim(), "ready", "Anki did not start: {log}");
        Anki {
            port,
            child,
            stdin,
            base,
        }
    }

    /// One AnkiConnect action; its result (fails the test on its error).
    fn call(&self, action: &str, params: Value) -> Value {
        let body = json!({ "action": action, "version": 6, "params": params });
        let answer = post(self.port, &body.to_string());
        assert_eq!(answer["error"], Value::Null, "{action}: {answer}");
        answer["result"].clone()
    }
}

impl Drop for Anki {
    fn drop(&mut self) {
        // Its standard input closed, the script stops Anki.
        drop(self.stdin.take());
        let _ = self.child.wait();
        let _ = &self.base;
    }
}

/// A JSON request to AnkiConnect; its answer.
fn post(port: u16, body: &str) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let (_, json) = answer.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(json).unwrap()
}

/// A proxy in front of AnkiConnect that records the actions it forwards
/// (those inside `multi` too).
struct Proxy {
    port: u16,
    actions: Arc<Mutex<Vec<String>>>,
    /// An action whose request is carried out but whose answer is never
    /// sent (the connection closes, as when Anki stops half-way), and how
    /// many of its requests go through before.
    cut: Arc<Mutex<Option<(&'static str, usize)>>>,
}

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let actions = Arc::new(Mutex::new(Vec::new()));
        let cut = Arc::new(Mutex::new(None));
        let (log, cutting) = (Arc::clone(&actions), Arc::clone(&cut));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                forward(client, upstream, &log, &cutting);
            }
        });
        Proxy { port, actions, cut }
    }

    /// The actions recorded since the last call.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.actions.lock().unwrap())
    }
}

/// One request: read, recorded, sent on; the answer sent back.
fn forward(
    client: TcpStream,
    upstream: u16,
    log: &Mutex<Vec<String>>,
    cut: &Mutex<Option<(&'static str, usize)>>,
) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let inner = request["params"]["actions"]
        .as_array()
        .into_iter()
        .flatten();
    let actions: Vec<String> = std::iter::once(&request)
        .chain(inner)
        .map(|r| r["action"].as_str().unwrap_or_default().to_owned())
        .collect();
    let cutting = {
        let mut cut = cut.lock().unwrap();
        match &mut *cut {
            Some((action, 0)) if actions.iter().any(|a| a == action) => cut.take().is_some(),
            Some((action, before)) if actions.iter().any(|a| a == action) => {
                *before -= 1;
                false
            }
            _ => false,
        }
    };
    log.lock().unwrap().extend(actions);
    let mut up = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
    up.write_all(head.as_bytes()).unwrap();
    up.write_all(&body).unwrap();
    let mut answer = Vec::new();
    let _ = up.read_to_end(&mut answer);
    if !cutting {
        let mut client = client;
        let _ = client.write_all(&answer);
    }
}

fn media_goes_with_the_notes(env: &Env) {
    let dir = tempdir();
    std::fs::copy(
        root().join("fixtures/html/images/dot.png"),
        dir.path().join("du.png"),
    )
    .unwrap();
    let bank = dir.path().join("media.md");
    std::fs::write(
        &bank,
        "# Media\n\n## 1. What does du print?\n\n![du](du.png)\n\n**Answer:** Sizes.\n",
    )
    .unwrap();
    let (out, _) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let note = env.notes("Media")[0].clone();
    let question = field(&note, "Question");
    let name = question
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let stored = env.call("retrieveMediaFile", json!({ "filename": name }));
    assert!(
        stored.as_str().is_some_and(|b| !b.is_empty()),
        "{name} not in Anki's media: {stored}"
    );
}

fn a_changed_note_type_is_a_clear_error(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(dir.path(), "Note type", &[("Q1", "a1")]);
    let rename = |from: &str, to: &str| {
        let params = json!({ "modelName": "qbank Q&A", "oldFieldName": from, "newFieldName": to });
        env.call("modelFieldRename", params);
    };
    rename("Source", "Where");
    let (out, actions) = env.sync(&[&bank], &[]);
    rename("Where", "Source");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note type `qbank Q&A` was changed in Anki"),
        "{}",
        stderr(&out)
    );
    assert_no_writes(&actions);
}

fn renamed_group_and_moved_entry(env: &Env) {
    let dir = tempdir();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    let group = |name: &str| format!("# Deck A\n\n## {name}\n\n### 1. Keep\n\n**Answer:** k\n");
    let mover = "\n### 2. Mover {#mover}\n\n**Answer:** m\n";
    std::fs::write(&a, group("Group one") + mover).unwrap();
    std::fs::write(&b, "# Deck B\n\n## 1. Other\n\n**Answer:** o\n").unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = env.notes("Deck A")[1]["noteId"].clone(); // Keep, Mover
    // The group renamed: the notes' group tag follows.
    std::fs::write(&a, group("Group two") + mover).unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(
        summary(&out),
        "added 0, updated 2, unchanged 1, conflicts 0, orphans 0 (reported)"
    );
    let tags = env.notes("Deck A")[0]["tags"].clone();
    assert!(
        tags.as_array().unwrap().contains(&json!("Group_two")),
        "{tags}"
    );
    assert!(
        !tags.as_array().unwrap().contains(&json!("Group_one")),
        "{tags}"
    );
    // The entry with an id moved to the other file: its note (cards and
    // all) moves to that deck.
    std::fs::write(&a, group("Group two")).unwrap();
    std::fs::write(
        &b,
        format!(
            "# Deck B\n\n## 1. Other\n\n**Answer:** o\n{}",
            mover.replace("### 2.", "## 2.")
        ),
    )
    .unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 2, conflicts 0, orphans 0 (reported)"
    );
    assert!(
        stdout(&out).contains("moved from Deck A"),
        "{}",
        stdout(&out)
    );
    let b_notes = env.notes("Deck B");
    assert_eq!(env.notes("Deck A").len(), 1);
    assert_eq!(b_notes.len(), 2);
    assert_eq!(
        b_notes[0]["noteId"], id,
        "the moved entry's note was replaced"
    );
}

fn anki_stopped_half_way_then_a_rerun_finishes(env: &Env) {
    let dir = tempdir();
    let bank = write_bank(dir.path(), "Half way", &[("Q1", "a1"), ("Q2", "a2")]);
    // Anki imports the package, and its answer never comes back.
    *env.proxy.cut.lock().unwrap() = Some(("importPackage", 0));
    let (out, _) = env.sync(&[&bank], &[]);
    *env.proxy.cut.lock().unwrap() = None;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot reach AnkiConnect"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join(".qbank-sync.json").exists());
    assert_eq!(env.notes("Half way").len(), 2);
    // The re-run finds the notes the import made: nothing added twice.
    let (out, actions) = env.sync(&[&bank], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 2, conflicts 0, orphans 0 (reported)"
    );
    assert_no_writes(&actions);
    assert_eq!(env.notes("Half way").len(), 2);
    assert!(dir.path().join(".qbank-sync.json").is_file());
}

/// Five entries, one of each note type and one more.
const FIVE: &str = "# Batches\n\n## 1. What is TCP?\n\n**Answer:** A transport protocol.\n\n\
                    ## 2. Which port does HTTPS use?\n\nA. 80\nB. 443\n\n**Answer:** B\n\n\
                    ## 3. The capital of France is ____.\n\n**Answer:** Paris\n\n\
                    ## 4. How is colour spelled in British English?\n\n**Answer:** colour\n\n\
                    ## 5. What is UDP?\n\n**Answer:** A datagram protocol.\n";

/// Each note's type, fields and tags, by title (what a deck holds but for
/// its name and the notes' ids).
fn contents(notes: &[Value]) -> Vec<(Value, Value, Value)> {
    notes
        .iter()
        .map(|n| {
            (
                n["modelName"].clone(),
                n["fields"].clone(),
                n["tags"].clone(),
            )
        })
        .collect()
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

fn batches_give_the_notes_of_one_package(env: &Env) {
    let dir = tempdir();
    let bank = dir.path().join("five.md");
    std::fs::write(&bank, FIVE).unwrap();
    let (out, actions) = env.sync(&[&bank], &["--deck", "One package"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&actions, "importPackage"), 1);
    std::fs::remove_file(dir.path().join(".qbank-sync.json")).unwrap();
    // Two notes a package, and two a read.
    let batch = |cmd: &mut Command| {
        cmd.env("QBANK_SYNC_BATCH", "2");
    };
    let (out, actions) = env.sync_with(&[&bank], &["--deck", "Batches"], batch);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 5, updated 0, unchanged 0, conflicts 0, orphans 0 (reported)"
    );
    assert_eq!(count(&actions, "importPackage"), 3, "{actions:?}");
    assert_eq!(count(&actions, "notesInfo"), 3, "{actions:?}");
    // No progress in a pipe.
    assert!(!stderr(&out).contains("notes"), "{}", stderr(&out));
    assert_eq!(
        contents(&env.notes("Batches")),
        contents(&env.notes("One package"))
    );
    let (out, actions) = env.sync_with(&[&bank], &["--deck", "Batches"], batch);
    assert_eq!(
        summary(&out),
        "added 0, updated 0, unchanged 5, conflicts 0, orphans 0 (reported)"
    );
    assert_no_writes(&actions);
    let edited = FIVE.replace("A transport", "A reliable transport");
    std::fs::write(
        &bank,
        edited.replace("A datagram", "An unreliable datagram"),
    )
    .unwrap();
    let (out, actions) = env.sync_with(&[&bank], &["--deck", "Batches"], batch);
    assert_eq!(
        summary(&out),
        "added 0, updated 2, unchanged 3, conflicts 0, orphans 0 (reported)"
    );
    assert_eq!(count(&actions, "importPackage"), 1, "{actions:?}");
    assert_eq!(env.notes("Batches").len(), 5);
}

/// `qbank sync` in a terminal (`script` gives it one); what the terminal
/// showed.
fn in_terminal(env: &Env, dir: &Path, bank: &Path, args: &str, vars: &str) -> String {
    let script = dir.join("run.sh");
    let line = format!(
        "{vars} QBANK_PROGRESS_DELAY_MS=0 QBANK_SYNC_BATCH=1 '{}' sync '{}' --url {} {args}",
        env!("CARGO_BIN_EXE_qbank"),
        bank.display(),
        env.url()
    );
    std::fs::write(&script, line).unwrap();
    let out = Command::new("script")
        .args(["-qec", &format!("sh '{}'", script.display()), "/dev/null"])
        .env_remove("CI")
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn progress_bar_counts_notes_on_a_terminal_only(env: &Env) {
    if Command::new("script").arg("--version").output().is_err() {
        // Visible here; in CI a missing tool fails the test.
        assert!(std::env::var_os("CI").is_none(), "`script` is needed in CI");
        eprintln!("no `script` (util-linux) to give qbank sync a terminal: progress not checked");
        return;
    }
    let dir = tempdir();
    let bank = dir.path().join("bar.md");
    std::fs::write(&bank, FIVE.replace("# Batches", "# Progress bar")).unwrap();
    let shown = in_terminal(env, dir.path(), &bank, "", "");
    assert!(shown.contains("importing into Anki"), "{shown}");
    assert!(shown.contains("/5 notes"), "{shown}");
    assert!(shown.contains("added 5,"), "{shown}");
    // Not in CI, not with --format json.
    std::fs::write(
        &bank,
        FIVE.replace("# Batches", "# Progress bar")
            .replace("Paris", "paris"),
    )
    .unwrap();
    let shown = in_terminal(env, dir.path(), &bank, "", "CI=true");
    assert!(!shown.contains("notes"), "{shown}");
    assert!(shown.contains("updated 1,"), "{shown}");
    std::fs::write(&bank, FIVE.replace("# Batches", "# Progress bar")).unwrap();
    let shown = in_terminal(env, dir.path(), &bank, "--format json", "");
    assert!(!shown.contains("importing"), "{shown}");
    assert!(shown.contains("\"updated\": 1"), "{shown}");
}

fn a_batch_cut_half_way_then_a_rerun_finishes(env: &Env) {
    let dir = tempdir();
    let bank = dir.path().join("cut.md");
    std::fs::write(&bank, FIVE.replace("# Batches", "# Cut batches")).unwrap();
    let batch = |cmd: &mut Command| {
        cmd.env("QBANK_SYNC_BATCH", "2");
    };
    // The second package is imported, and its answer never comes back;
    // the third is never sent.
    *env.proxy.cut.lock().unwrap() = Some(("importPackage", 1));
    let (out, actions) = env.sync_with(&[&bank], &[], batch);
    *env.proxy.cut.lock().unwrap() = None;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(count(&actions, "importPackage"), 2, "{actions:?}");
    assert!(!dir.path().join(".qbank-sync.json").exists());
    assert_eq!(env.notes("Cut batches").len(), 4);
    // The re-run finds the four by their fields and adds the fifth.
    let (out, _) = env.sync_with(&[&bank], &[], batch);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 1, updated 0, unchanged 4, conflicts 0, orphans 0 (reported)"
    );
    assert_eq!(env.notes("Cut batches").len(), 5);
    let (_, actions) = env.sync_with(&[&bank], &[], batch);
    assert_no_writes(&actions);
}

/// A bank of unnumbered entries (a number is shown on the card: a
/// renumbered entry is updated).
fn unnumbered(dir: &Path, entries: &[(&str, &str)]) {
    let mut md = String::from("# Source lines\n");
    for (q, a) in entries {
        md.push_str(&format!("\n## {q}\n\n**Answer:** {a}\n"));
    }
    std::fs::write(dir.join("Source-lines.md"), md).unwrap();
}

fn source_lines_and_path_spellings_send_nothing(env: &Env) {
    let dir = tempdir();
    let sub = dir.path().join("docs");
    std::fs::create_dir(&sub).unwrap();
    // The bank with these entries synced, by `path` from `folder`: the
    // summary line and the actions sent.
    let step = |entries: &[(&str, &str)], path: &str, folder: &Path| {
        unnumbered(&sub, entries);
        let (out, actions) = env.sync_with(&[Path::new(path)], &[], |cmd| {
            cmd.current_dir(folder);
        });
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (summary(&out), actions)
    };
    let (alpha, beta, gamma) = (("Alpha", "a1"), ("Beta", "a2"), ("Gamma", "a3"));
    step(&[alpha, beta, gamma], "Source-lines.md", &sub);
    // An entry inserted above the others: their lines change, nothing is
    // sent for them.
    let inserted = [("Aleph", "a0"), alpha, beta, gamma];
    let (line, _) = step(&inserted, "Source-lines.md", &sub);
    assert_eq!(
        line,
        "added 1, updated 0, unchanged 3, conflicts 0, orphans 0 (reported)"
    );
    // The same bank by another path, from another folder.
    let other = "./docs/Source-lines.md";
    let (line, actions) = step(&inserted, other, dir.path());
    assert_eq!(
        line,
        "added 0, updated 0, unchanged 4, conflicts 0, orphans 0 (reported)"
    );
    assert_no_writes(&actions);
    // A note left with its old line is no conflict: edited, it is updated,
    // its Source with it.
    let edited = [("Aleph", "a0"), alpha, beta, ("Gamma", "a3, edited")];
    let (line, _) = step(&edited, other, dir.path());
    assert_eq!(
        line,
        "added 0, updated 1, unchanged 3, conflicts 0, orphans 0 (reported)"
    );
    let notes = env.notes("Source lines");
    assert_eq!(field(&notes[3], "Source"), "./docs/Source-lines.md:15");
    assert_eq!(field(&notes[1], "Source"), "Source-lines.md:3");
}

fn an_entry_moved_without_the_state_keeps_its_note(env: &Env) {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    let keep = "\n## 1. Keep\n\n**Answer:** k\n";
    let mover = |n: u32, answer: &str| format!("\n## {n}. Mover\n\n**Answer:** {answer}\n");
    let other = "\n## 1. Other\n\n**Answer:** o\n";
    std::fs::write(&a, format!("# Move A\n{keep}{}", mover(2, "m"))).unwrap();
    std::fs::write(&b, format!("# Move B\n{other}")).unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let note = env.notes("Move A")[1].clone(); // Keep, Mover
    let card = note["cards"][0].as_i64().unwrap();
    env.call(
        "answerCards",
        json!({ "answers": [{ "cardId": card, "ease": 3 }] }),
    );
    // Moved to the other file, its state forgotten: found by its fields,
    // its cards moved; not an orphan, not added again.
    std::fs::remove_file(dir.path().join(".qbank-sync.json")).unwrap();
    std::fs::write(&a, format!("# Move A\n{keep}")).unwrap();
    std::fs::write(&b, format!("# Move B\n{other}{}", mover(2, "m"))).unwrap();
    let (out, _) = env.sync(&[dir.path()], &["--orphans", "delete"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 2, conflicts 0, orphans 0 (deleted)"
    );
    assert!(
        stdout(&out).contains("moved from Move A"),
        "{}",
        stdout(&out)
    );
    let moved = |answer: &str| {
        let notes = env.notes("Move B");
        assert_eq!((env.notes("Move A").len(), notes.len()), (1, 2));
        assert_eq!(notes[0]["noteId"], note["noteId"], "the note was replaced");
        assert!(field(&notes[0], "Answer").contains(answer));
    };
    moved("m");
    let (_, actions) = env.sync(&[dir.path()], &[]);
    assert_no_writes(&actions);
    // Its answer edited: the update reaches the note (whose GUID is still
    // the one of its first deck), and no other is added.
    std::fs::write(&b, format!("# Move B\n{other}{}", mover(2, "m2"))).unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        summary(&out),
        "added 0, updated 1, unchanged 2, conflicts 0, orphans 0 (reported)"
    );
    moved("m2");
    // Its state file gone again, and the entry renumbered: the note is
    // found, but its GUID (of its first deck) is not the entry's any more,
    // and nothing can tell qbank: a clear error, no note added.
    let state = dir.path().join(".qbank-sync.json");
    let kept = std::fs::read(&state).unwrap();
    std::fs::remove_file(&state).unwrap();
    std::fs::write(&b, format!("# Move B\n{other}{}", mover(3, "m2"))).unwrap();
    let (out, _) = env.sync(&[dir.path()], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("did not apply"), "{}", stderr(&out));
    moved("m2");
    std::fs::write(&state, kept).unwrap();
    moved_back_with_the_state(env, dir.path(), &note);
}

/// The entry of [`an_entry_moved_without_the_state_keeps_its_note`] back
/// in its first file, edited again, with the state: followed by its title,
/// cards and review history and all.
fn moved_back_with_the_state(env: &Env, dir: &Path, note: &Value) {
    let keep = "\n## 1. Keep\n\n**Answer:** k\n";
    let mover = "\n## 2. Mover\n\n**Answer:** m3\n";
    std::fs::write(dir.join("a.md"), format!("# Move A\n{keep}{mover}")).unwrap();
    std::fs::write(
        dir.join("b.md"),
        "# Move B\n\n## 1. Other\n\n**Answer:** o\n",
    )
    .unwrap();
    let (out, _) = env.sync(&[dir], &["--orphans", "delete"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("moved from Move B"),
        "{}",
        stdout(&out)
    );
    let card = note["cards"][0].as_i64().unwrap();
    let notes = env.notes("Move A");
    assert_eq!((notes.len(), env.notes("Move B").len()), (2, 1));
    assert_eq!(notes[1]["noteId"], note["noteId"]);
    assert!(field(&notes[1], "Answer").contains("m3"));
    let reviews = env.call("getReviewsOfCards", json!({ "cards": [card.to_string()] }));
    assert_eq!(reviews[card.to_string()].as_array().map(Vec::len), Some(1));
}
