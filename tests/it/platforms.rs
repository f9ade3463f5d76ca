//! The learning platforms' own readers on qbank's exports of every fixture
//! and corpus bank (and three banks of hazards written here): Canvas's QTI
//! 1.2 to 2.1 converter (Instructure's QTIMigrationTool, from the shared
//! folder or the project's copy in tests/clients) must convert the QTI and
//! keep each item's correct responses (and each fill item's accepted
//! answers, blank by blank);
//! gift-pegjs (the GIFT parser on npm) must parse the GIFT and read each
//! question's type, correct answers and grades as the bank has them.
//!
//! Every bank is exported once, in one run of the binary, to one GIFT file
//! and one QTI package (a document is an assessment), so each client runs
//! once. A bank whose images are not in the repository gets blank ones in
//! its staged copy; banks that name an image by an absolute path are left
//! out (and listed). Where a client is missing the test is ignored, with
//! the reason; in CI (`CI` set) it fails (see build.rs).

use crate::util::{qbank, root, succeed};
use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::quiz::{Asked, Fill, MOODLE_GRADES, asked};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Texts that GIFT's readers would take for a weight or a format, at the
/// start of a title, question, option and feedback.
const HAZARDS: &str = "# Hazards\n\n## 1. %50% off [html] title\n\n\
    **Question:** [plain] Which is 10% off?\n\n\
    - A. %10% off\n- B. [html]\n- C. [markdown] shown\n- D. [moodle]x\n\n\
    **Answer:** B\n\n**Analysis:** [markdown] Every word shows.\n\n\
    ## 2. Several\n\n**Question:** Pick two\n\n\
    - [x] %25%\n- [x] [plain] plain\n- [ ] %5% wrong\n";

/// What the option texts of [`HAZARDS`] must read as, in order.
const HAZARD_OPTIONS: [&str; 7] = [
    "%10% off",
    "[html]",
    "[markdown] shown",
    "[moodle]x",
    "%25%",
    "[plain] plain",
    "%5% wrong",
];

/// The staged banks exported once: the GIFT, the QTI package and the parsed
/// banks in the export's order.
struct Exported {
    gift: PathBuf,
    qti: PathBuf,
    banks: Vec<ParsedFile>,
}

fn exported() -> &'static Exported {
    static EXPORTED: OnceLock<Exported> = OnceLock::new();
    EXPORTED.get_or_init(export_every_bank)
}

/// Every `.md` under `fixtures/` but the corpus notes (SOURCES.md,
/// NOTES.md), relative to it.
fn fixture_banks() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md")
                && !["SOURCES.md", "NOTES.md"].contains(&name.to_str().unwrap_or_default())
            {
                out.push(path);
            }
        }
    }
    let fixtures = root().join("fixtures");
    let mut out = Vec::new();
    walk(&fixtures, &mut out);
    out.sort();
    out.iter()
        .map(|p| p.strip_prefix(&fixtures).unwrap().to_path_buf())
        .collect()
}

/// The local images a bank's entries name (what the exports render): `Err`
/// for a bank qbank cannot read, or one naming an image by an absolute path
/// (no staging can put it there).
fn local_images(bytes: &[u8]) -> Result<Vec<String>, String> {
    let file = qbank_core::parse_bytes("bank.md", bytes.to_vec(), &ParseOptions::default())
        .map_err(|e| format!("qbank cannot read it: {e}"))?;
    let mut out = Vec::new();
    for entry in &file.document.entries {
        let text = entry.span.slice(&file.source.text);
        for event in pulldown_cmark::Parser::new_ext(text, qbank_core::markdown_options()) {
            let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) = event
            else {
                continue;
            };
            let dest = dest_url.split(['?', '#']).next().unwrap_or_default();
            let lower = dest.to_ascii_lowercase();
            if dest.is_empty() || lower.starts_with("http") || lower.starts_with("data:") {
                continue;
            }
            if dest.starts_with('/') {
                return Err(format!("it names the image {dest} by an absolute path"));
            }
            out.push(dest.to_owned());
        }
    }
    Ok(out)
}

/// Every bank staged under `stage` (deep enough that `../../..` stays
/// inside), with a blank PNG for each image the repository lacks, and the
/// three banks of this module: the staged files.
fn stage_banks(stage: &Path) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for bank in fixture_banks() {
        let bytes = std::fs::read(root().join("fixtures").join(&bank)).unwrap();
        let images = match local_images(&bytes) {
            Ok(images) => images,
            Err(why) => {
                eprintln!("left out: fixtures/{}: {why}", bank.display());
                continue;
            }
        };
        let staged = stage.join(&bank);
        std::fs::create_dir_all(staged.parent().unwrap()).unwrap();
        std::fs::write(&staged, &bytes).unwrap();
        for image in images {
            let at = staged.parent().unwrap().join(image);
            if !at.exists() {
                std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                std::fs::write(&at, BLANK_PNG).unwrap();
            }
        }
        inputs.push(staged);
    }
    for (name, text) in [
        ("hazards.md", HAZARDS.to_owned()),
        ("fill-hazards.md", FILL_HAZARDS.to_owned()),
        ("many-correct.md", many_correct(&[7, 9, 11, 20, 12])),
    ] {
        std::fs::write(stage.join(name), text).unwrap();
        inputs.push(stage.join(name));
    }
    inputs
}

/// Every bank staged and exported in one run of the binary, in
/// `platforms/` of Cargo's folder for the tests' temporary files, made
/// afresh each run: the export is kept in a static, which is never dropped,
/// so a `TempDir` here was left in /tmp by every run.
fn export_every_bank() -> Exported {
    let started = std::time::Instant::now();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("platforms");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let inputs = stage_banks(&dir.join("stage/a/b/c"));
    let out = dir.join("out");
    succeed(
        qbank()
            .arg("export")
            .args(&inputs)
            .args(["--to", "gift,qti,json", "--allow-outside-media", "-o"])
            .arg(&out),
    );
    eprintln!(
        "{} banks staged and exported in {:.1?}",
        inputs.len(),
        started.elapsed()
    );
    let named = |ext: &str| out.join(format!("qbank.{ext}"));
    let json: Value = serde_json::from_slice(&std::fs::read(named("json")).unwrap()).unwrap();
    Exported {
        gift: named("gift"),
        qti: named("zip"),
        banks: parsed_again(&json),
    }
}

/// The exported banks parsed again, in the export's order (the JSON's).
fn parsed_again(json: &Value) -> Vec<ParsedFile> {
    let documents = json["documents"].as_array().unwrap();
    documents
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let bytes = std::fs::read(path).unwrap();
            let file = qbank_core::parse_bytes(path, bytes, &ParseOptions::default()).unwrap();
            let exported = d["entries"].as_array().unwrap().len();
            assert_eq!(file.document.entries.len(), exported, "{path}");
            file
        })
        .collect()
}

/// Fill entries whose answers hold GIFT's reserved characters, what its
/// readers take for a weight or a format, what would end a Cloze answer,
/// XML's markup; a hint; text after a blank that gift-pegjs would read as
/// a comment or a format.
const FILL_HAZARDS: &str = "# Fill hazards\n\n\
    ## 1. Reserved\n\n**Question:** Write ____ and ____.\n\n\
    **Answer:** a=b ~c #d {e}: f \\ g; x > y & \"z\"\n\n\
    ## 2. Weights\n\n**Question:** Save ____.\n\n**Answer:** %50% off\nAccepted: [html] | 50%\n\n\
    ## 3. Arrow\n\n**Question:** Rust's return arrow is ____.\n\n**Answer:** ->\n\n\
    ## 4. Hint\n\n**Question:** The {{c1::mitochondria::organelle}} makes {{c2::ATP}}.\n\n\
    ## 5. After\n\n**Question:** Write ____//c and ____[html] d.\n\n**Answer:** a; b\n";

/// A bank of one choice entry per count: that many correct options and a
/// wrong one.
fn many_correct(counts: &[usize]) -> String {
    let mut md = String::from("# Many correct\n");
    for (i, n) in counts.iter().enumerate() {
        md.push_str(&format!(
            "\n## {}. {n} correct\n\n**Question:** Pick\n\n",
            i + 1
        ));
        md.extend((1..=*n).map(|k| format!("- [x] right {k}\n")));
        md.push_str("- [ ] wrong\n");
    }
    md
}

/// A 1×1 transparent PNG.
const BLANK_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A client's output as JSON, the test failing with its output when it
/// fails.
fn run_json(cmd: &mut Command, what: &str) -> Value {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what} could not run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Canvas's converter takes the QTI of every bank: exit 0, every item's type
/// and correct response identifiers kept in its QTI 2.1, and every graded
/// item's type and what it scores as the bank has it ([`canvas_graded`]).
#[test]
#[cfg_attr(
    qbank_no_qti_migration,
    ignore = "Canvas's QTIMigrationTool (../shared/clients, $QBANK_SHARED or tests/clients) or lxml for $QBANK_PYTHON or python3 is missing (pip install lxml; `touch build.rs` after)"
)]
fn canvas_converts_every_bank_keeping_the_correct_responses() {
    let exported = exported();
    let python = std::env::var("QBANK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let migrate = Path::new(env!("QBANK_SHARED_DIR")).join("clients/QTIMigrationTool/migrate.py");
    assert!(migrate.is_file(), "{} is missing", migrate.display());
    let work = tempfile::tempdir().unwrap();
    let reports = run_json(
        Command::new(&python)
            .arg(root().join("tests/qti_check.py"))
            .arg(&migrate)
            .arg(work.path())
            .arg(&exported.qti),
        "tests/qti_check.py",
    );
    let entries: Vec<(&ParsedFile, &qbank_core::Entry)> = exported
        .banks
        .iter()
        .flat_map(|b| b.document.entries.iter().map(move |e| (b, e)))
        .collect();
    let fills: Vec<(&str, Fill<'_>)> = entries
        .iter()
        .filter_map(|(b, e)| {
            Some((
                e.title.as_str(),
                qbank_export::quiz::fill(&b.source.text, e)?,
            ))
        })
        .collect();
    // Choices and true/false; matchings and orderings (as matchings) too.
    let choice = entries
        .iter()
        .filter(|(_, e)| !matches!(asked(e), Asked::Essay | Asked::Short | Asked::Numerical))
        .count();
    let report = &reports[0];
    assert_eq!(report["items"], entries.len());
    // Every choice, true/false, matching and graded fill question, with its
    // correct responses.
    assert_eq!(report["choice_items"], choice + fills.len());
    let key = |v: &Value| v.to_string();
    // Each fill item keeps, blank by blank, the bank's accepted answers.
    let mut want: Vec<Value> = fills
        .iter()
        .map(|(title, fill)| serde_json::json!({"title": title, "blanks": fill.answers()}))
        .collect();
    let mut got = report["fill_items"].as_array().unwrap().clone();
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got, want);
    assert!(!fills.is_empty(), "the fixtures have fill entries");
    // Each graded item keeps its type and what it scores; a matching's
    // pairs in any order (an ordering's are shown out of order).
    let mut want: Vec<Value> = entries
        .iter()
        .filter_map(|(_, e)| canvas_graded(e))
        .collect();
    let mut got = report["graded_items"].as_array().unwrap().clone();
    for item in &mut got {
        if let Some(pairs) = item.get_mut("pairs").and_then(Value::as_array_mut) {
            pairs.sort_by_key(key);
        }
    }
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got, want);
    for kind in [
        "short_answer_question",
        "numerical_question",
        "matching_question",
    ] {
        assert!(
            want.iter().any(|g| g["type"] == kind),
            "the fixtures have a {kind}"
        );
    }
    eprintln!(
        "Canvas's converter: {} items, {} fill items with {} blanks, {} graded items",
        report["items"],
        fills.len(),
        fills.iter().map(|f| f.1.blanks.len()).sum::<usize>(),
        want.len()
    );
}

/// What tests/qti_check.py must read in Canvas's QTI 2.1 of a graded entry:
/// a short answer's accepted answers; a number's bounds (and its value when
/// not a range); a matching's pairs (sorted), the right-hand texts each
/// left-hand item lists (the pairs', then the distractors, each once) and
/// a whole score of 100; an ordering as a matching of each item with its
/// place. Texts of pairs are plain text.
fn canvas_graded(entry: &qbank_core::Entry) -> Option<Value> {
    use qbank_export::graded;
    let plain = |s: &str| qbank_export::TextFormat::Plain.render(s).trim().to_owned();
    let title = entry.title.as_str();
    let (pairs, distractors): (Vec<(String, String)>, Vec<String>) = match asked(entry) {
        Asked::Short => {
            let (accepted, _) = graded::short(entry)?;
            return Some(serde_json::json!({
                "title": title, "type": "short_answer_question", "accepted": accepted,
            }));
        }
        Asked::Numerical => {
            let (b, _) = graded::numerical(entry)?;
            let value = (!b.range).then_some(b.value);
            return Some(serde_json::json!({
                "title": title, "type": "numerical_question",
                "bounds": [{"value": value, "min": b.min, "max": b.max}],
            }));
        }
        Asked::Matching => {
            let m = graded::matching(entry)?;
            let pairs = m.pairs.iter().map(|(l, r)| (plain(l), plain(r)));
            (
                pairs.collect(),
                m.distractors.iter().map(|d| plain(d)).collect(),
            )
        }
        Asked::Ordering => {
            let items = graded::ordering(entry)?;
            let pairs = graded::ordering_as_matching(items).into_iter();
            (
                pairs.map(|(item, place)| (plain(item), place)).collect(),
                Vec::new(),
            )
        }
        _ => return None,
    };
    let mut rights: Vec<&str> = Vec::new();
    for right in pairs
        .iter()
        .map(|p| p.1.as_str())
        .chain(distractors.iter().map(String::as_str))
    {
        if !right.is_empty() && !rights.contains(&right) {
            rights.push(right);
        }
    }
    let mut sorted: Vec<Value> = pairs
        .iter()
        .map(|(l, r)| serde_json::json!([l, r]))
        .collect();
    sorted.sort_by_key(|v| v.to_string());
    Some(serde_json::json!({
        "title": title, "type": "matching_question", "pairs": sorted,
        "choices": vec![rights; pairs.len()], "score": 100.0,
    }))
}

/// gift-pegjs parses the GIFT of every bank, and reads each question as the
/// bank has it: title, type, which answers are right, Moodle's grades.
#[test]
#[cfg_attr(
    qbank_no_gift_pegjs,
    ignore = "gift-pegjs (npm install gift-pegjs, then set QBANK_GIFT_PEGJS to its folder; `touch build.rs` after) or Node is missing"
)]
fn gift_pegjs_reads_every_bank_as_it_is() {
    let exported = exported();
    let node = env!("QBANK_NODE_BIN");
    let files = run_json(
        Command::new(node)
            .arg(root().join("tests/gift_check.js"))
            .arg(&exported.gift)
            .env("QBANK_GIFT_PEGJS", env!("QBANK_GIFT_PEGJS_DIR")),
        "tests/gift_check.js",
    );
    let file = &files[0];
    assert!(file.get("error").is_none(), "gift-pegjs: {}", file["error"]);
    let questions = file["questions"].as_array().unwrap();
    let entries: Vec<_> = exported
        .banks
        .iter()
        .flat_map(|b| b.document.entries.iter().map(move |e| (b, e)))
        .collect();
    let mut read = questions.iter();
    let mut blanks = 0;
    for (bank, entry) in &entries {
        let at = format!("{}: {}", bank.source.path, entry.title);
        match gift_fill(&bank.source.text, entry) {
            Some(fill) => {
                blanks += fill.blanks.len();
                check_fill(entry, &fill, &mut read, &at);
            }
            None => {
                let q = read.next().unwrap_or_else(|| panic!("{at}: no question"));
                assert_eq!(q["title"], entry.title.as_str(), "{at}");
                check_question(entry, q, &at);
            }
        }
    }
    assert!(read.next().is_none(), "more questions than entries");
    assert!(blanks > 0, "the fixtures have fill entries");
    let hazards: Vec<&Value> = questions
        .iter()
        .filter(|q| q["title"] == "%50% off [html] title" || q["title"] == "Several")
        .flat_map(|q| q["choices"].as_array().unwrap())
        .collect();
    let texts: Vec<String> = hazards.iter().map(|c| html_text(&c["text"])).collect();
    assert_eq!(texts, HAZARD_OPTIONS);
}

/// How GIFT grades a fill entry: as [`qbank_export::quiz::fill`], but for
/// an answer with `->` (Moodle would read a matching question: an essay).
fn gift_fill<'e>(text: &str, entry: &'e qbank_core::Entry) -> Option<Fill<'e>> {
    qbank_export::quiz::fill(text, entry)
        .filter(|f| !f.answers().iter().flatten().any(|a| a.contains("->")))
}

/// The questions of a fill entry as gift-pegjs read them: one short-answer
/// question per blank, its answers embedded in the text, the blank's
/// accepted answers all right.
fn check_fill<'q>(
    entry: &qbank_core::Entry,
    fill: &Fill<'_>,
    read: &mut impl Iterator<Item = &'q Value>,
    at: &str,
) {
    let count = fill.blanks.len();
    for (i, answers) in fill.answers().iter().enumerate() {
        let q = read.next().unwrap_or_else(|| panic!("{at}: no question"));
        let title = match count {
            1 => entry.title.clone(),
            _ => format!("{} ({}/{count})", entry.title, i + 1),
        };
        assert_eq!(q["title"], title.as_str(), "{at}");
        assert_eq!(
            (&q["type"], &q["embedded"]),
            (&"Short".into(), &true.into()),
            "{at}"
        );
        let choices = q["choices"].as_array().unwrap();
        assert!(choices.iter().all(|c| c["correct"] == true), "{at}");
        let texts: Vec<String> = choices
            .iter()
            .map(|c| c["text"].as_str().unwrap_or_default().replace("\\*", "*"))
            .collect();
        assert_eq!(&texts, answers, "{at}: blank {}", i + 1);
    }
}

/// One question as gift-pegjs read it against its entry.
fn check_question(entry: &qbank_core::Entry, q: &Value, at: &str) {
    let choices = q["choices"].as_array().unwrap();
    let right: Vec<bool> = entry.options.iter().map(|o| o.correct).collect();
    let weight = |c: &Value| c["weight"].as_f64();
    match asked(entry) {
        Asked::Essay => assert_eq!(q["type"], "Essay", "{at}"),
        Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
            check_graded(entry, q, at);
        }
        Asked::TrueFalse(t) => assert_eq!(
            (&q["type"], &q["isTrue"]),
            (&"TF".into(), &t.into()),
            "{at}"
        ),
        Asked::Single => {
            // gift-pegjs calls a question whose every answer is right "Short".
            let kind = if right.iter().all(|r| *r) {
                "Short"
            } else {
                "MC"
            };
            assert_eq!(q["type"], kind, "{at}");
            let read: Vec<bool> = choices.iter().map(|c| c["correct"] == true).collect();
            assert_eq!(read, right, "{at}");
        }
        Asked::Several => {
            assert_eq!(q["type"], "MC", "{at}");
            let read: Vec<bool> = choices.iter().map(|c| weight(c) > Some(0.0)).collect();
            assert_eq!(read, right, "{at}");
            let mut sum = 0.0;
            for w in choices.iter().filter_map(weight) {
                let listed = MOODLE_GRADES
                    .iter()
                    .any(|g| g.parse::<f64>().ok() == Some(w.abs()));
                assert!(listed, "{at}: grade {w} is not one Moodle accepts");
                sum += w.max(0.0);
            }
            assert!((sum - 100.0).abs() < 0.005, "{at}: grades sum to {sum}");
        }
    }
}

/// A graded question as gift-pegjs read it: the accepted answers of a short
/// answer, a number's bounds, the pairs of a matching (an empty left side
/// for a distractor) and of an ordering (each item with its place).
fn check_graded(entry: &qbank_core::Entry, q: &Value, at: &str) {
    use qbank_export::graded;
    let plain = |s: &str| qbank_export::TextFormat::Plain.render(s).trim().to_owned();
    let pairs = |q: &Value| -> Vec<(String, String)> {
        let pairs = q["pairs"].as_array().unwrap();
        let text = |v: &Value| html_text(v).trim().to_owned();
        pairs.iter().map(|p| (text(&p[0]), text(&p[1]))).collect()
    };
    if let Some((accepted, _)) = graded::short(entry) {
        assert_eq!(q["type"], "Short", "{at}");
        let texts: Vec<String> = q["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap_or_default().replace("\\*", "*"))
            .collect();
        assert_eq!(texts, accepted, "{at}");
    } else if let Some((b, _)) = graded::numerical(entry) {
        assert_eq!(q["type"], "Numerical", "{at}");
        let n = &q["numerical"];
        let number = |v: &Value| v.as_f64().map(graded::decimal);
        let read = match n["type"].as_str() {
            Some("high-low") => (number(&n["numberLow"]), number(&n["numberHigh"])),
            Some("range") => (number(&n["number"]), number(&n["range"])),
            _ => (number(&n["number"]), Some("0".to_owned())),
        };
        let want = match b.range {
            true => (Some(b.min), Some(b.max)),
            false => (Some(b.value), Some(b.tolerance)),
        };
        assert_eq!(read, want, "{at}: {n}");
    } else if let Some(m) = graded::matching(entry) {
        assert_eq!(q["type"], "Matching", "{at}");
        let mut want: Vec<(String, String)> =
            m.pairs.iter().map(|(l, r)| (plain(l), plain(r))).collect();
        want.extend(m.distractors.iter().map(|d| (String::new(), plain(d))));
        assert_eq!(pairs(q), want, "{at}");
    } else if let Some(items) = graded::ordering(entry) {
        assert_eq!(q["type"], "Matching", "{at}");
        let want: Vec<(String, String)> = graded::ordering_as_matching(items)
            .into_iter()
            .map(|(item, place)| (plain(item), place))
            .collect();
        assert_eq!(pairs(q), want, "{at}");
    }
}

/// The text an HTML fragment shows: tags dropped, the entities qbank
/// writes decoded.
fn html_text(html: &Value) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.as_str().unwrap_or_default().chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#37;", "%")
        .replace("&#91;", "[")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Through the binary: 11 to 20 correct options warn once per format; more
/// than 20 refuse the GIFT and Moodle XML outputs (exit 2, the entry named)
/// and leave the other formats written.
#[test]
fn moodle_grades_warn_once_and_refuse_beyond_20() {
    let dir = tempfile::tempdir().unwrap();
    // Relative names, so that the error's first line holds the place.
    let bank = |name: &str, counts: &[usize]| {
        std::fs::write(dir.path().join(name), many_correct(counts)).unwrap();
        name.to_owned()
    };
    let export = |input: String| {
        let mut cmd = qbank();
        cmd.current_dir(dir.path()).args(["export", &input]);
        cmd.args(["--to", "gift,moodle,qti", "-o", "out"])
            .output()
            .unwrap()
    };
    let warned = export(bank("warn.md", &[11, 12, 3]));
    assert!(warned.status.success());
    let stderr = crate::util::stderr(&warned);
    assert_eq!(
        stderr
            .matches("warning: GIFT: 2 questions have 11 to 20")
            .count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning: Moodle XML: 2 questions").count(),
        1,
        "{stderr}"
    );
    let refused = export(bank("refuse.md", &[21]));
    assert_eq!(refused.status.code(), Some(2));
    let stderr = crate::util::stderr(&refused).replace('\n', " ");
    assert!(
        stderr.contains("refuse.md:3: entry 1 (21 correct): 21"),
        "{stderr}"
    );
    assert!(
        dir.path().join("out/refuse.zip").is_file(),
        "QTI is written"
    );
    assert!(!dir.path().join("out/refuse.gift").exists());
}
