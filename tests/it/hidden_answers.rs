//! No answer before answering (issue 22, item 1), as a property: in every
//! fixture and corpus bank, move each choice entry's correct options one
//! place on (marks, bold and key alike); every Anki card front and
//! everything the study page shows before a reveal or a check must stay the
//! same. The page keeps the key in `data-correct` for scoring, and the
//! cards' backs say it: those are left out of the comparison.

use crate::util::root;
use qbank_core::{Document, Entry, Kind, SectionKind, key_letters, opens_with_key};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Every Markdown file under `dir`, recursively, sorted.
fn banks_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(banks_under(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// An option's marks as written: its task box (where and whether
/// checked) and its bold wrapper (the two `**`).
#[derive(Default)]
struct Marks {
    task: Option<(Range<usize>, bool)>,
    bold: Option<(Range<usize>, Range<usize>)>,
    /// Where the text after the list marker and box starts and ends.
    body: Range<usize>,
}

impl Marks {
    fn marked(&self) -> bool {
        self.task.as_ref().is_some_and(|t| t.1) || self.bold.is_some()
    }
}

fn marks(text: &str, span: Range<usize>) -> Marks {
    let source = &text[span.clone()];
    let mut s = source.trim_start();
    if let Some(rest) = s.strip_prefix(['-', '*', '+']) {
        s = rest;
    } else {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            if let Some(rest) = s[digits..].strip_prefix(['.', ')']) {
                s = rest;
            }
        }
    }
    s = s.trim_start();
    let at = |s: &str| span.start + source.len() - s.len();
    let mut marks = Marks::default();
    for (b, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] {
        if let Some(rest) = s.strip_prefix(b) {
            marks.task = Some((at(s)..at(s) + 3, checked));
            s = rest.trim_start();
        }
    }
    let body = s.trim_end();
    marks.body = at(s)..at(s) + body.len();
    if let Some(inner) = body.strip_prefix("**").and_then(|b| b.strip_suffix("**")) {
        if !inner.contains("**") {
            let end = marks.body.end;
            marks.bold = Some((marks.body.start..marks.body.start + 2, end - 2..end));
        }
    }
    marks
}

/// The edits that move an entry's marks and key one option on.
fn rotate(text: &str, entry: &Entry, edits: &mut Vec<(Range<usize>, String)>) {
    let n = entry.options.len();
    let spans_ok = entry.options.iter().all(|o| !o.span.is_empty());
    if spans_ok {
        let marks: Vec<Marks> = entry
            .options
            .iter()
            .map(|o| marks(text, o.span.range()))
            .collect();
        for (i, m) in marks.iter().enumerate() {
            let want = marks[(i + n - 1) % n].marked();
            match (&m.task, &m.bold) {
                (Some((at, _)), _) => {
                    edits.push((at.clone(), if want { "[x]" } else { "[ ]" }.to_owned()));
                }
                (None, Some((open, close))) if !want => {
                    edits.push((open.clone(), String::new()));
                    edits.push((close.clone(), String::new()));
                }
                (None, None) if want && !m.body.is_empty() => {
                    edits.push((m.body.start..m.body.start, "**".to_owned()));
                    edits.push((m.body.end..m.body.end, "**".to_owned()));
                }
                _ => {}
            }
        }
    }
    rotate_key(text, entry, edits);
}

/// The key moved on: each letter to the next option's, a true/false word
/// to its opposite.
fn rotate_key(text: &str, entry: &Entry, edits: &mut Vec<(Range<usize>, String)>) {
    if !opens_with_key(text, entry) {
        return;
    }
    let Some(answer) = entry.section(SectionKind::Answer) else {
        return;
    };
    let body = answer.body.range();
    let line_end = text[body.clone()]
        .find('\n')
        .map_or(body.end, |i| body.start + i);
    let line = &text[body.start..line_end];
    if key_letters(text, entry).is_some() {
        let labels: Vec<&str> = entry
            .options
            .iter()
            .map(|o| o.label.as_deref().unwrap_or(""))
            .collect();
        // The letters stand after the key's words, when it has some
        // (`Correct Answer: AC`).
        let from = line.rfind([':', '：']).map_or(0, |i| i + 1);
        for (at, c) in line.char_indices().filter(|(at, _)| *at >= from) {
            if let Some(i) = labels.iter().position(|l| *l == c.to_string()) {
                let next = labels[(i + 1) % labels.len()];
                let start = body.start + at;
                edits.push((start..start + 1, next.to_owned()));
            }
        }
        return;
    }
    const OPPOSITES: [(&str, &str); 9] = [
        ("正确", "错误"),
        ("对", "错"),
        ("√", "×"),
        ("✓", "✗"),
        ("是", "否"),
        ("True", "False"),
        ("true", "false"),
        ("TRUE", "FALSE"),
        ("T", "F"),
    ];
    let word = line
        .trim()
        .trim_matches('*')
        .trim()
        .trim_end_matches(['.', '。']);
    let opposite = OPPOSITES
        .iter()
        .find_map(|(a, b)| (word == *a).then_some(*b).or((word == *b).then_some(*a)));
    if let (Some(opposite), Some(at)) = (opposite, line.find(word)) {
        let start = body.start + at;
        edits.push((start..start + word.len(), opposite.to_owned()));
    }
}

/// The bank with every choice entry's correct options moved on.
fn moved_on(text: &str, doc: &Document) -> String {
    let mut edits = Vec::new();
    for entry in doc.entries.iter().filter(|e| e.kind == Kind::Choice) {
        if entry.options.len() >= 2 {
            rotate(text, entry, &mut edits);
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn correct(doc: &Document) -> Vec<Vec<bool>> {
    doc.entries
        .iter()
        .map(|e| e.options.iter().map(|o| o.correct).collect())
        .collect()
}

/// Anki's text format and the page of one bank, exported in-process
/// (the path is the fixture's, so images resolve alike); `None` when the
/// bank cannot be exported (an image it names is not in the repository).
fn export(path: &str, text: &str) -> Option<(String, String)> {
    let options = qbank_export::ExportOptions::default();
    let file = qbank_core::ParsedFile {
        document: qbank_core::parse(path, text, &qbank_core::ParseOptions::default()),
        source: qbank_core::Source {
            path: path.to_owned(),
            text: text.to_owned(),
            ..qbank_core::Source::default()
        },
    };
    let mut driver = qbank_export::Driver::new(vec![
        qbank_anki::create_anki_txt(Vec::new(), &options, &Default::default()),
        qbank_html::create(Vec::new(), &options),
    ]);
    driver.write_parsed(&file, &[]);
    let mut outputs = driver.finish().into_iter();
    let mut next = || -> Option<String> { String::from_utf8(outputs.next()?.ok()?.output).ok() };
    Some((next()?, next()?))
}

/// Every bank under `fixtures/` as read and with its correct options
/// moved on; the number of entries whose correct options changed.
fn banks() -> (Vec<(String, String, String)>, usize) {
    let mut banks = Vec::new();
    let mut moved = 0;
    for path in banks_under(&root().join("fixtures")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let text = text.replace("\r\n", "\n");
        let name = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let options = qbank_core::ParseOptions::default();
        let doc = qbank_core::parse(&name, &text, &options);
        let new = moved_on(&text, &doc);
        let again = qbank_core::parse(&name, &new, &options);
        moved += correct(&doc)
            .iter()
            .zip(correct(&again))
            .filter(|(a, b)| **a != *b)
            .count();
        // A bank with no correct option to move has nothing to show.
        if new != text {
            banks.push((name, text, new));
        }
    }
    (banks, moved)
}

/// The card fronts: notetype, Number, Title, Question and Options of each
/// note (the fields the front templates show).
fn fronts(txt: &str) -> Vec<String> {
    let columns: Vec<&str> = txt
        .lines()
        .find_map(|l| l.strip_prefix("#columns:"))
        .unwrap()
        .split('\t')
        .collect();
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let shown = [
        at("notetype"),
        at("Number"),
        at("Title"),
        at("Question"),
        at("Options"),
    ];
    let body: String = txt
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            shown.iter().map(|i| &r[*i]).collect::<Vec<_>>().join(" | ")
        })
        .collect()
}

/// The page as seen before any reveal or check: each entry's reveal
/// button and answer cut, the key's `data-correct` marks dropped.
fn before_reveal(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<button type=\"button\" class=\"reveal\"") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</article>").map_or(rest.len(), |e| at + e);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace(" data-correct", "")
}

#[test]
fn changing_the_correct_options_changes_no_front() {
    let (banks, moved) = banks();
    // The property holds for something: many entries did change key.
    assert!(
        moved > 250,
        "only {moved} entries changed their correct options"
    );
    let mut leaks = Vec::new();
    let mut exported = 0;
    for (name, before, after) in &banks {
        let (Some((txt_a, html_a)), Some((txt_b, html_b))) =
            (export(name, before), export(name, after))
        else {
            continue;
        };
        exported += 1;
        for (x, y) in fronts(&txt_a).iter().zip(fronts(&txt_b)) {
            if *x != y {
                leaks.push(format!("{name}: Anki front\n  before: {x}\n  after:  {y}"));
            }
        }
        let (x, y) = (before_reveal(&html_a), before_reveal(&html_b));
        if x != y {
            let line = x.lines().zip(y.lines()).find(|(p, q)| p != q);
            leaks.push(format!("{name}: page\n  {line:?}"));
        }
    }
    // Only the banks that name images not in the repository are left out.
    assert!(
        exported + 6 > banks.len(),
        "only {exported} of {} banks exported",
        banks.len()
    );
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}
