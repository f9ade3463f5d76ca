//! The driver and the scratch registry.
#![allow(clippy::unwrap_used)]

use qbank_core::{Entry, ParseOptions};
use qbank_export::{DocumentRef, Driver, Error, ExportOptions, Finished, Result, Writer, scratch};

/// Records the calls it gets; fails at the entry titled `fail`.
struct Recorder {
    calls: Vec<String>,
}

impl Writer<Vec<String>> for Recorder {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> Result<()> {
        self.calls
            .push(format!("begin {} {:?}", doc.document.path, doc.tags));
        Ok(())
    }

    fn write_entries(&mut self, _doc: DocumentRef<'_>, entries: &[Entry]) -> Result<()> {
        for e in entries {
            if e.title == "fail" {
                return Err(Error::Io(std::io::Error::other("full")));
            }
        }
        self.calls.push(format!("entries {}", entries.len()));
        Ok(())
    }

    fn end_document(&mut self, doc: DocumentRef<'_>) -> Result<()> {
        self.calls.push(format!("end {}", doc.document.path));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Finished<Vec<String>>> {
        Ok(Finished::new(self.calls))
    }
}

fn recorder(_: Vec<String>, _: &ExportOptions) -> Result<Box<dyn Writer<Vec<String>>>> {
    Ok(Box::new(Recorder { calls: Vec::new() }))
}

fn bank(titles: &[&str]) -> String {
    let mut text = String::from("# Bank\n\n");
    for (i, t) in titles.iter().enumerate() {
        text.push_str(&format!(
            "## {}. {t}\n\n**Question:** q\n\n**Answer:** a\n\n",
            i + 1
        ));
    }
    text
}

#[test]
fn large_files_go_in_batches_and_a_failed_writer_is_dropped_alone() {
    let titles: Vec<String> = (0..1200).map(|i| format!("t{i}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let text = bank(&titles);
    // The workspace hands a large file on 512 entries at a time (its own
    // test); the driver passes each batch to every writer.
    let big =
        qbank_core::parse_bytes("big.md", text.into_bytes(), &ParseOptions::default()).unwrap();
    let bad = qbank_core::parse_bytes(
        "bad.md",
        bank(&["ok", "fail"]).into_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    let options = ExportOptions::default();
    let failing = Driver::new(vec![
        recorder(Vec::new(), &options),
        Err(Error::Io(std::io::Error::other("no room"))),
    ]);
    let mut driver = failing;
    let tags = ["t".to_owned()];
    driver.write_batches(&big, &tags, 512);
    assert_eq!(driver.counts(), (1, 1200));
    let mut results = driver.finish();
    let calls = results.remove(0).unwrap().output;
    assert_eq!(
        calls,
        [
            "begin big.md [\"t\"]",
            "entries 512",
            "entries 512",
            "entries 176",
            "end big.md"
        ]
    );
    assert!(matches!(results.remove(0), Err(Error::Io(e)) if e.to_string() == "no room"));

    let mut driver = Driver::new(vec![
        recorder(Vec::new(), &options),
        recorder(Vec::new(), &options),
    ]);
    driver.write_parsed(&bad, &[]);
    for result in driver.finish() {
        let err = result.unwrap_err();
        assert_eq!(err.io_kind(), Some(std::io::ErrorKind::Other));
    }
}

#[test]
fn interrupted_runs_remove_what_they_track_and_commit_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("partial.tmp");
    let folder = dir.path().join("scratch");
    std::fs::write(&file, "x").unwrap();
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("collection.anki2"), "x").unwrap();
    let kept = dir.path().join("kept.tmp");
    std::fs::write(&kept, "x").unwrap();
    let _file = scratch::track(file.clone());
    let _folder = scratch::track(folder.clone());
    // Dropped: no longer removed.
    drop(scratch::track(kept.clone()));
    assert_eq!(scratch::commit(|| Ok(1)).unwrap(), 1);
    scratch::remove_all();
    assert!(scratch::interrupted());
    assert!(!file.exists() && !folder.exists() && kept.exists());
    let refused = scratch::commit(|| Ok(())).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::Interrupted);
}
