//! Edits of the `graded` column (and of JSON's graded keys) come back as
//! the same edits in the answers, written as the bank writes them; edits
//! that cannot are refused, naming the row and column.

use super::edits::{Table, column, csv_of, table};
use super::{export, fmt, parsed, refused, root};

fn fixture(name: &str) -> (String, Table) {
    let text = std::fs::read_to_string(root().join("fixtures/graded").join(name)).unwrap();
    let file = parsed(name, &text);
    (text, table(&export(&[&file], "csv")))
}

/// The row whose `graded` cell reads `cell`.
fn row(t: &Table, cell: &str) -> usize {
    let graded = column(t, "graded");
    t.iter()
        .position(|r| r[graded] == cell)
        .unwrap_or_else(|| panic!("no row reads {cell:?}"))
}

/// `t` with the `graded` cells that read `from` reading `to`.
fn edit(t: &mut Table, edits: &[(&str, &str)]) {
    let graded = column(t, "graded");
    for (from, to) in edits {
        let r = row(t, from);
        t[r][graded] = (*to).to_owned();
    }
}

fn import(t: &Table) -> String {
    let back = qbank_import::from_bytes("edited.csv", &csv_of(t)).unwrap();
    back.documents[0].text.clone()
}

/// The error of importing `t` after `edits`.
fn refusal(name: &str, edits: &[(&str, &str)]) -> String {
    let (_, mut t) = fixture(name);
    edit(&mut t, edits);
    refused("edited.csv", &csv_of(&t))
}

/// `text` with each `(from, to)` replaced once, formatted.
fn want(name: &str, text: &str, replaced: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (from, to) in replaced {
        assert!(out.contains(from), "{from:?}");
        out = out.replacen(from, to, 1);
    }
    fmt(name, &out)
}

#[test]
fn short_answers_are_changed_added_removed_and_cased_where_written() {
    let (text, mut t) = fixture("short.md");
    edit(
        &mut t,
        &[
            (
                "colour | color | Colour",
                "colour | color | COLOUR (case-sensitive)",
            ),
            ("pwd (case-sensitive)", "ls"),
            (
                "TCP | 传输控制协议 | tcp",
                "TCP | 传输控制协议 | tcp | 传输控制",
            ),
        ],
    );
    let out = import(&t);
    let expected = want(
        "short.md",
        &text,
        &[
            (
                "Accepted: color | Colour\n",
                "Accepted: color | COLOUR\nCase-sensitive\n",
            ),
            (
                "**Answer:** `pwd`\nAccepted: pwd\nCase-sensitive\n",
                "**Answer:** `ls`\nAccepted: ls\n",
            ),
            ("可接受答案：tcp", "可接受答案：tcp | 传输控制"),
        ],
    );
    assert_eq!(out, expected);
    // Read back, the entries grade what the cells said.
    let back = parsed("short.md", &out);
    let graded: Vec<String> = back
        .document
        .entries
        .iter()
        .map(qbank_export::graded::entry_cell)
        .collect();
    assert_eq!(
        graded[..3],
        [
            "colour | color | COLOUR (case-sensitive)",
            "ls",
            "TCP | 传输控制协议 | tcp | 传输控制"
        ]
    );
    // An answer removed from the `Accepted:` line.
    let (_, mut t) = fixture("short.md");
    edit(&mut t, &[("colour | color | Colour", "colour | Colour")]);
    assert_eq!(
        import(&t),
        want(
            "short.md",
            &text,
            &[("Accepted: color | Colour", "Accepted: Colour")]
        )
    );
}

#[test]
fn short_answer_edits_that_do_not_map_are_refused() {
    let prefix = "edited.csv: row 2, column `graded`: short.md, entry \"How is the colour of the sky spelled in British English?\": ";
    assert_eq!(
        refusal("short.md", &[("colour | color | Colour", "color | Colour")]),
        format!("{prefix}`colour` is the answer line's: change that line in the `answer` cell")
    );
    assert_eq!(
        refusal("short.md", &[("colour | color | Colour", "colour")]),
        format!(
            "{prefix}it leaves the `Accepted:` line empty, which makes the entry an open \
             question: edit the `answer` cell for that"
        )
    );
    assert!(
        refusal("short.md", &[("colour | color | Colour", "red | blue")]).starts_with(&format!(
            "{prefix}the accepted answers changed in more than one way"
        )),
    );
    // A graded cell on an essay.
    let (_, mut t) = fixture("short.md");
    let graded = column(&t, "graded");
    t[4][graded] = "Rayleigh".to_owned();
    let err = refused("edited.csv", &csv_of(&t));
    assert!(
        err.starts_with("edited.csv: row 5, column `graded`: short.md, entry \"Why does the sky look blue?\": the entry is no short-answer"),
        "{err}"
    );
}

#[test]
fn numbers_tolerances_ranges_and_units_are_changed_where_written() {
    let (text, mut t) = fixture("numerical.md");
    edit(
        &mut t,
        &[
            ("9.8 ± 0.1 m/s²", "9.81 ± 0.05 m/s²"),
            ("3.14 ± 0.01", "3.14 ± 0.005"),
            ("100 ± 1 %", "100 ± 2 %"),
            ("6", "6 ± 0"),
            ("[3.1, 3.2]", "[3.14, 3.15]"),
            ("100 °C", "373.15 K"),
        ],
    );
    let expected = want(
        "numerical.md",
        &text,
        &[
            ("9.8 ± 0.1 m/s²\n", "9.81 ± 0.05 m/s²\n"),
            ("3.14（±0.01）", "3.14（±0.005）"),
            ("100 ± 1 %", "100 ± 2 %"),
            ("**Answer:** 6\n", "**Answer:** 6 ± 0\n"),
            ("[3.1, 3.2]", "[3.14, 3.15]"),
            ("100 °C", "373.15 K"),
        ],
    );
    assert_eq!(import(&t), expected);
}

#[test]
fn a_number_edit_that_does_not_read_back_is_refused() {
    let prefix = "edited.csv: row 2, column `graded`: numerical.md, entry \"What is the acceleration due to gravity at the Earth's surface?\": ";
    assert_eq!(
        refusal("numerical.md", &[("9.8 ± 0.1 m/s²", "about ten")]),
        format!(
            "{prefix}`about ten` is not a number as the cell writes them (one line: \
             `9.8 ± 0.1 m/s²`, `100 ± 1 %`, `[3.1, 3.2]`, `6`)"
        )
    );
    // Without its tolerance, a bare number outside a numerical section is
    // an open answer: the edit would lose the kind.
    assert_eq!(
        refusal("numerical.md", &[("9.8 ± 0.1 m/s²", "9.8 m/s²")]),
        format!(
            "{prefix}the edit did not come back as written (the answer, edited, grades no \
             graded answer at all): undo it, or make it in the `answer` cell"
        )
    );
}

#[test]
fn pairs_and_distractors_are_changed_where_written_codes_swapped() {
    let (text, mut t) = fixture("matching.md");
    edit(
        &mut t,
        &[
            (
                "Rust → Graydon Hoare\nPython → Guido van Rossum\nGo → Rob Pike\n→ Dennis Ritchie",
                "Rust → G. Hoare\nPython → Guido van Rossum\nGo → Rob Pike\n→ Ken Thompson",
            ),
            (
                "TCP → 传输层\nIP → 网络层\nHTTP → 应用层",
                "TCP → 传输层\nIP → 互联网层\nHTTP → 应用层",
            ),
            (
                "Stack → last in, first out\nQueue → first in, first out\n\
                 Heap → a tree ordered by priority\n→ a hash map\n→ a linked list",
                "Stack → first in, first out\nQueue → last in, first out\n\
                 Heap → a priority tree\n→ a hash map\n→ a linked list\n→ a set",
            ),
        ],
    );
    let expected = want(
        "matching.md",
        &text,
        &[
            ("Rust → Graydon Hoare", "Rust → G. Hoare"),
            ("- → Dennis Ritchie", "- → Ken Thompson"),
            ("| IP | 网络层 |", "| IP | 互联网层 |"),
            ("C. a tree ordered by priority", "C. a priority tree"),
            ("1-B, 2-A, 3-C", "1-A, 2-B, 3-C"),
            (
                "a hash map | a linked list",
                "a hash map | a linked list | a set",
            ),
        ],
    );
    assert_eq!(import(&t), expected);
    let prefix = "edited.csv: row 2, column `graded`: matching.md, entry \"Match each language with its creator.\": ";
    assert_eq!(
        refusal(
            "matching.md",
            &[(
                "Rust → Graydon Hoare\nPython → Guido van Rossum\nGo → Rob Pike\n→ Dennis Ritchie",
                "Rust → Graydon Hoare\nPython → Guido van Rossum\nGo → Rob Pike\nC → Dennis Ritchie",
            )]
        ),
        format!(
            "{prefix}it has 4 pairs where the entry has 3: add or remove pairs in the `answer` cell"
        )
    );
}

#[test]
fn ordering_items_are_reordered_and_changed_where_written() {
    let (text, mut t) = fixture("ordering.md");
    edit(
        &mut t,
        &[
            ("1. SYN\n2. SYN-ACK\n3. ACK", "1. SYN\n2. ACK\n3. SYN-ACK"),
            (
                "1. 预处理\n2. 编译\n3. 汇编\n4. 链接",
                "1. 预处理\n2. 编译\n3. 汇编（as）\n4. 链接",
            ),
            (
                "1. the power-on self-test\n2. the operating system loads\n3. the user logs in",
                "1. the operating system loads\n2. the power-on self-test\n3. the user logs in",
            ),
        ],
    );
    let expected = want(
        "ordering.md",
        &text,
        &[
            ("2. SYN-ACK\n3. ACK", "2. ACK\n3. SYN-ACK"),
            ("汇编 →", "汇编（as） →"),
            ("B → A → C", "A → B → C"),
        ],
    );
    assert_eq!(import(&t), expected);
    assert!(
        refusal(
            "ordering.md",
            &[(
                "1. 需求分析\n2. 设计\n3. 实现\n4. 测试",
                "1. 需求分析\n2. 设计\n3. 实现"
            )]
        )
        .ends_with(
            "it has 3 items where the entry has 4: add or remove items in the `answer` cell"
        ),
    );
}

#[test]
fn an_answer_cell_edited_too_must_agree_with_the_graded_cell() {
    let (text, mut t) = fixture("short.md");
    let answer = column(&t, "answer");
    let r = row(&t, "colour | color | Colour");
    t[r][answer] = "colour\nAccepted: color | colour-blue".to_owned();
    edit(
        &mut t,
        &[("colour | color | Colour", "colour | color | colour-blue")],
    );
    assert_eq!(
        import(&t),
        want(
            "short.md",
            &text,
            &[("color | Colour", "color | colour-blue")]
        )
    );
    t[r][answer] = "colour\nAccepted: color | sky-blue".to_owned();
    let err = refused("edited.csv", &csv_of(&t));
    assert!(
        err.ends_with(
            "the `answer` cell is edited too, and the answer it writes grades `colour | color | \
             sky-blue`, not what this cell says: make the edit in one of them"
        ),
        "{err}"
    );
}

#[test]
fn exports_without_the_graded_column_still_import() {
    for name in ["short.md", "numerical.md", "matching.md", "ordering.md"] {
        let (text, mut t) = fixture(name);
        let graded = column(&t, "graded");
        for r in &mut t {
            r.remove(graded);
        }
        let back = qbank_import::from_bytes("old.csv", &csv_of(&t)).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.documents[0].text, fmt(name, &text), "{name}");
    }
}

#[test]
fn json_graded_keys_are_edits_too() {
    let text = std::fs::read_to_string(root().join("fixtures/graded/numerical.md")).unwrap();
    let json = String::from_utf8(export(&[&parsed("numerical.md", &text)], "json")).unwrap();
    let edited = json
        .replacen("\"value\": 9.8,", "\"value\": 9.81,", 1)
        .replacen("\"min\": 3.1,", "\"min\": 3.12,", 1);
    assert_ne!(edited, json);
    let back = qbank_import::from_bytes("e.json", edited.as_bytes()).unwrap();
    assert_eq!(
        back.documents[0].text,
        want(
            "numerical.md",
            &text,
            &[("9.8 ± 0.1", "9.81 ± 0.1"), ("[3.1, 3.2]", "[3.12, 3.2]")]
        )
    );
    let text = std::fs::read_to_string(root().join("fixtures/graded/short.md")).unwrap();
    let json = String::from_utf8(export(&[&parsed("short.md", &text)], "json")).unwrap();
    let edited = json.replacen("\"case_sensitive\": true", "\"case_sensitive\": false", 1);
    assert_ne!(edited, json);
    let back = qbank_import::from_bytes("e.json", edited.as_bytes()).unwrap();
    assert_eq!(
        back.documents[0].text,
        want(
            "short.md",
            &text,
            &[("Accepted: pwd\nCase-sensitive\n", "Accepted: pwd\n")]
        )
    );
    let text = std::fs::read_to_string(root().join("fixtures/graded/ordering.md")).unwrap();
    let json = String::from_utf8(export(&[&parsed("ordering.md", &text)], "jsonl")).unwrap();
    let edited = json.replacen("\"SYN\",", "\"SYN (client)\",", 1);
    assert_ne!(edited, json);
    let back = qbank_import::from_bytes("e.jsonl", edited.as_bytes()).unwrap();
    assert_eq!(
        back.documents[0].text,
        want("ordering.md", &text, &[("1. SYN\n", "1. SYN (client)\n")])
    );
    let edited = json.replacen("\"SYN\",", "", 1);
    let err = refused("e.jsonl", edited.as_bytes());
    assert!(
        err.starts_with("e.jsonl: line 1, key `order`: ordering.md, entry \"Put the steps of TCP's three-way handshake in order.\": it has 2 items"),
        "{err}"
    );
}

#[test]
fn an_edited_graded_cell_of_a_workbook_comes_back() {
    let text = std::fs::read_to_string(root().join("fixtures/graded/matching.md")).unwrap();
    let bytes = export(&[&parsed("matching.md", &text)], "xlsx");
    let mut t = super::rendered::xlsx_table(&bytes);
    edit(
        &mut t,
        &[(
            "TCP → 传输层\nIP → 网络层\nHTTP → 应用层",
            "TCP → 传输层\nIP → 网络层\nHTTPS → 应用层",
        )],
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Entries").unwrap();
    for (r, cells) in t.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let edited = book.save_to_buffer().unwrap();
    let back = qbank_import::from_bytes("e.xlsx", &edited).unwrap();
    assert_eq!(
        back.documents[0].text,
        want("matching.md", &text, &[("| HTTP |", "| HTTPS |")])
    );
    edit(
        &mut t,
        &[("TCP → 传输层\nIP → 网络层\nHTTPS → 应用层", "TCP → 传输层")],
    );
    let err = refused("e.csv", &csv_of(&t));
    assert!(
        err.starts_with("e.csv: row 3, column `graded`: matching.md"),
        "{err}"
    );
}

/// Each line of every graded cell of the fixtures changed, swapped with the
/// next, removed or doubled: the import either refuses, naming the row and
/// column, or gives a bank whose entry grades what the cell says. No edit
/// is lost without a word.
#[test]
fn every_graded_edit_comes_back_or_is_refused() {
    let (mut applied, mut refusals) = (0, 0);
    for name in ["short.md", "numerical.md", "matching.md", "ordering.md"] {
        let (_, t) = fixture(name);
        let graded = column(&t, "graded");
        for r in (1..t.len()).filter(|r| !t[*r][graded].is_empty()) {
            for cell in mutations(&t[r][graded]) {
                let mut edited = t.clone();
                edited[r][graded] = cell.clone();
                match qbank_import::from_bytes("m.csv", &csv_of(&edited)) {
                    Ok(back) => {
                        let doc = parsed(name, &back.documents[0].text);
                        let entry = &doc.document.entries[r - 1];
                        let got = qbank_export::graded::entry_cell(entry);
                        let want = match name {
                            "ordering.md" => renumbered(&cell),
                            _ => pairs_first(&cell),
                        };
                        assert_eq!(got, want, "{name} row {r}: {cell:?}");
                        applied += 1;
                    }
                    Err(err) => {
                        let place = format!("m.csv: row {}, column `graded`: {name}", r + 1);
                        assert!(err.to_string().starts_with(&place), "{err}");
                        refusals += 1;
                    }
                }
            }
        }
    }
    assert!(
        applied > 40 && refusals > 20,
        "{applied} applied, {refusals} refused"
    );
}

/// A cell's lines each changed (a word added, its first number changed),
/// swapped with the next, removed and doubled.
fn mutations(cell: &str) -> Vec<String> {
    let lines: Vec<&str> = cell.lines().collect();
    let mut out = Vec::new();
    for i in 0..lines.len() {
        let mut each = |f: &dyn Fn(&mut Vec<String>)| {
            let mut l: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
            f(&mut l);
            out.push(l.join("\n"));
        };
        each(&|l| l[i] = format!("{} new", l[i]));
        each(&|l| l[i] = l[i].replacen(|c: char| c.is_ascii_digit(), "7", 1));
        each(&|l| l[i] = l[i].replacen(" → ", " → new ", 1));
        if i + 1 < lines.len() {
            each(&|l| l.swap(i, i + 1));
        }
        each(&|l| {
            l.remove(i);
        });
        each(&|l| l.insert(i, l[i].clone()));
    }
    out.sort();
    out.dedup();
    out.retain(|c| c != cell && !c.trim().is_empty());
    out
}

/// A matching cell with its distractors after its pairs, as written.
fn pairs_first(cell: &str) -> String {
    let (distractors, pairs): (Vec<&str>, Vec<&str>) =
        cell.lines().partition(|l| l.starts_with('→'));
    pairs
        .into_iter()
        .chain(distractors)
        .collect::<Vec<_>>()
        .join("\n")
}

/// An ordering cell numbered 1, 2, 3… in the order of its lines.
fn renumbered(cell: &str) -> String {
    let items = cell.lines().enumerate().map(|(i, l)| {
        let item = l.split_once(". ").map_or(l, |(_, item)| item);
        format!("{}. {item}", i + 1)
    });
    items.collect::<Vec<_>>().join("\n")
}

/// The graded column is no rendering: it stays editable in a `--text
/// plain` or `--text html` export, whose answer cells are not.
#[test]
fn the_graded_cell_of_a_plain_or_html_export_stays_editable() {
    use qbank_export::TextFormat;
    let text = std::fs::read_to_string(root().join("fixtures/graded/short.md")).unwrap();
    let file = parsed("short.md", &text);
    for mode in [TextFormat::Plain, TextFormat::Html] {
        let mut t = table(&super::rendered::export(&file, "csv", mode));
        edit(&mut t, &[("pwd (case-sensitive)", "cwd (case-sensitive)")]);
        assert_eq!(
            import(&t),
            want(
                "short.md",
                &text,
                &[("`pwd`\nAccepted: pwd", "`cwd`\nAccepted: cwd")]
            ),
            "{mode:?}"
        );
    }
}
