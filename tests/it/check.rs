//! End-to-end tests of `qbank check`, `qbank rules` and `qbank explain`:
//! every test runs the real executable and checks what it writes, where, and
//! how it exits.
#![allow(clippy::unwrap_used)]

use crate::util::{qbank, root, stderr, stdout, tempdir};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = "fixtures/llm-industry.md";

/// A bank with three safe fixes to make: the `答案` label of entry 1 has an
/// ASCII colon (line 7, column 5), its list counts 1, 3 (line 10) and the
/// second entry is numbered 3 (line 14, column 4).
const FIXME: &str = "\
# 题库

## 1. 数据预处理

**题目：** 什么是数据预处理？

**答案:**

1. **数据清洗：** 去除噪声。
3. **数据增强：** 增加多样性。

**解析：** 数据预处理很重要。

## 3. 模型并行

**题目：** 什么是模型并行？

**答案：**

1. **张量并行：** 切分张量。
2. **流水线并行：** 切分层。

**解析：** 模型并行用于大模型。
";

/// What `--fix` makes of [`FIXME`]; a bank without any finding.
fn fixed() -> String {
    FIXME
        .replace("**答案:**", "**答案：**")
        .replace("3. **数据增强", "2. **数据增强")
        .replace("## 3. 模型并行", "## 2. 模型并行")
}

/// [`FIXME`] with its entries numbered right: warnings only.
fn warnings_only() -> String {
    FIXME.replace("## 3. 模型并行", "## 2. 模型并行")
}

/// The concise lines of [`FIXME`] saved as `path`.
fn fixme_concise(path: &str) -> String {
    format!(
        "{path}:7:5: QB404 [label-punctuation] the `答案` label uses `:`, but 5 of the document's 6 Chinese labels use the full-width `：`\n\
         {path}:10:1: QB203 [list-numbering] list item numbered 3, but the list counts 2 here\n\
         {path}:14:4: QB201 [entry-numbering] entry 3 follows entry 1: 2 is missing\n"
    )
}

const ALL_CODES: [&str; 35] = [
    "QB001", "QB002", "QB101", "QB102", "QB103", "QB104", "QB105", "QB106", "QB107", "QB108",
    "QB201", "QB202", "QB203", "QB301", "QB302", "QB303", "QB401", "QB402", "QB403", "QB404",
    "QB501", "QB502", "QB503", "QB504", "QB505", "QB506", "QB507", "QB601", "QB602", "QB603",
    "QB701", "QB702", "QB703", "QB704", "QB901",
];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Run `qbank args…` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    qbank().current_dir(dir).args(args).output().unwrap()
}

/// Run `qbank args…` in the workspace root.
fn run(args: &[&str]) -> Output {
    qbank().args(args).output().unwrap()
}

/// Standard error with miette's wrapping undone: words joined by single
/// spaces, the `|` continuation gutters dropped.
fn flat_stderr(output: &Output) -> String {
    stderr(output)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

#[track_caller]
fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "exit status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}):\n{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
        )
    })
}

fn write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
    let path = path.as_ref();
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, contents).unwrap();
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The names in `dir` that look like qbank's temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".qbank-"))
        .collect()
}

/// `(code, line)` of every concise line.
fn concise_findings(text: &str) -> Vec<(String, u32)> {
    text.lines()
        .map(|line| {
            let mut parts = line.split(':');
            let _path = parts.next().unwrap();
            let line_no = parts.next().unwrap().parse().unwrap();
            let rest = line.split(": ").nth(1).unwrap();
            (rest.split(' ').next().unwrap().to_owned(), line_no)
        })
        .collect()
}

/// The codes of the concise lines.
fn codes(output: &Output) -> Vec<String> {
    concise_findings(&stdout(output))
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

/// One entry of a bank with all three sections, a numbered answer and
/// distinct text; 11 lines, the heading first, the analysis 10th.
fn entry(n: u32, title: &str, question: &str, analysis: &str) -> String {
    format!(
        "## {n}. {title}\n\n**题目：** {question}\n\n**答案：**\n\n1. **要点一：** 内容一。\n2. **要点二：** 内容二。\n\n**解析：** {analysis}\n\n"
    )
}

/// One entry without analysis: 8 lines, the heading first.
fn entry_without_analysis(n: u32) -> String {
    format!("## {n}. 标题{n}\n\n**题目：** 问题{n}？\n\n**答案：**\n\n1. **要点：** 内容。\n\n")
}

/// A bank of three entries without analysis, `between[k]` inserted before
/// entry k+1 (k = 0, 1, 2) and `tail` at the end. Without insertions the
/// headings are at lines 3, 11 and 19.
fn no_analysis_bank(between: [&str; 3], tail: &str) -> String {
    let mut text = String::from("# 题库\n\n");
    for (k, insert) in between.iter().enumerate() {
        text.push_str(insert);
        text.push_str(&entry_without_analysis(k as u32 + 1));
    }
    text.push_str(tail);
    text
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

// ---------------------------------------------------------------------------
// SARIF validation
// ---------------------------------------------------------------------------

fn sarif_schema() -> Value {
    let path = root().join("tests/schemas/sarif-schema-2.1.0.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn sarif_validator() -> jsonschema::Validator {
    let schema = sarif_schema();
    // The OASIS schema declares draft-04 (`$schema`) and names itself with
    // the draft-04 `id`; `validator_for` picks the draft from `$schema`.
    assert_eq!(
        schema["$schema"].as_str(),
        Some("http://json-schema.org/draft-04/schema#")
    );
    jsonschema::validator_for(&schema).unwrap()
}

#[track_caller]
fn assert_sarif_valid(value: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(20)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate against the OASIS schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_schema_is_not_vacuous() {
    let validator = sarif_validator();
    let valid = serde_json::json!({"version": "2.1.0", "runs": []});
    assert!(validator.is_valid(&valid));
    for invalid in [
        serde_json::json!({"version": "2.0.0", "runs": []}),
        serde_json::json!({"version": "2.1.0"}),
        serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}),
        serde_json::json!({"version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "x"}},
            "results": [{"message": {"text": "m"}, "level": "fatal"}],
        }]}),
        serde_json::json!({"version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "x"}},
            "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a.md"},
                "region": {"startLine": 0},
            }}]}],
        }]}),
    ] {
        assert!(
            !validator.is_valid(&invalid),
            "{invalid} should not validate"
        );
    }
}

// ---------------------------------------------------------------------------
// The sample in every format
// ---------------------------------------------------------------------------

const SAMPLE_TITLE_MESSAGE: &str =
    "entry 20 has the same title as entry 7 (fixtures/llm-industry.md:117)";
const SAMPLE_QUESTION_MESSAGE: &str =
    "entry 20 has the same question as entry 7 (fixtures/llm-industry.md:117)";

#[test]
fn sample_json() {
    let out = run(&["check", SAMPLE, "--format", "json"]);
    assert_code(&out, 1);
    let report = parse_json(&out.stdout);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    for d in diagnostics {
        for key in [
            "code",
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "fix",
        ] {
            assert!(d.get(key).is_some(), "diagnostic lacks `{key}`: {d}");
        }
    }

    // The columns are 1-based and count characters: the line of the second
    // question is `**题目：** 请讨论…`, whose first 8 characters are the label
    // and a space (14 bytes).
    let text = fs::read_to_string(root().join(SAMPLE)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let question_line = lines[391];
    let label = "**题目：** ";
    assert!(question_line.starts_with(label));
    assert_eq!(label.chars().count(), 8);
    let question = question_line[label.len()..].trim_end();
    let question_chars = question.chars().count() as u64;
    // `#### 20. ` is 9 characters.
    let title_line = lines[389];
    assert!(title_line.starts_with("#### 20. "));
    let title_chars = title_line["#### 20. ".len()..].trim_end().chars().count() as u64;

    let title = &diagnostics[0];
    assert_eq!(title["code"], "QB401");
    assert_eq!(title["rule"], "duplicate-title");
    assert_eq!(title["severity"], "warning");
    assert_eq!(title["path"], SAMPLE);
    assert_eq!(title["line"], 390);
    assert_eq!(title["column"], 10);
    assert_eq!(title["end_line"], 390);
    assert_eq!(title["end_column"], 10 + title_chars);
    assert_eq!(title["message"], SAMPLE_TITLE_MESSAGE);
    assert!(title["fix"].is_null());

    let dup = &diagnostics[1];
    assert_eq!(dup["code"], "QB402");
    assert_eq!(dup["rule"], "duplicate-question");
    assert_eq!(dup["severity"], "error");
    assert_eq!(dup["path"], SAMPLE);
    assert_eq!(dup["line"], 392);
    assert_eq!(dup["column"], 9);
    assert_eq!(dup["end_line"], 392);
    assert_eq!(dup["end_column"], 9 + question_chars);
    assert_eq!(dup["end_column"], 31);
    assert_eq!(dup["message"], SAMPLE_QUESTION_MESSAGE);
    assert!(dup["fix"].is_null());
    // The earlier place: entry 7's question, at line 119.
    let related = &dup["related"][0];
    assert_eq!(related["path"], SAMPLE);
    assert_eq!(related["line"], 119);
    assert_eq!(related["column"], 9);

    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["errors"], 1);
    assert_eq!(summary["warnings"], 1);
    assert_eq!(summary["fixable"], 0);
    assert_eq!(summary["fixed"], 0);
}

#[test]
fn github_escapes_properties_and_data() {
    let dir = tempdir();
    write(dir.path().join("a b,c:d.md"), FIXME);
    let out = run_in(dir.path(), &["check", "a b,c:d.md", "--format", "github"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 3);
    for line in text.lines() {
        assert!(
            line.starts_with("::warning file=a b%2Cc%3Ad.md,line=")
                || line.starts_with("::error file=a b%2Cc%3Ad.md,line="),
            "{line}"
        );
    }
    assert!(text.contains(
        "::error file=a b%2Cc%3Ad.md,line=14,col=4,endLine=14,endColumn=5,title=QB201::[entry-numbering] "
    ));
}

#[test]
fn sample_sarif() {
    let out = run(&["check", SAMPLE, "--format", "sarif"]);
    assert_code(&out, 1);
    let sarif = parse_json(&out.stdout);
    assert_sarif_valid(&sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "qbank");

    // Every rule, with its help.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ALL_CODES);
    for rule in rules {
        let name = rule["name"].as_str().unwrap();
        let explain = run_explain(name);
        // The help is the rule's documentation, as `qbank explain` prints it
        // below its heading.
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(explain.ends_with(help), "{name}: {help:?}");
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("## What it does"),
            "{name}"
        );
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let expect = [
        ("QB401", "duplicate-title", "warning", 390, 10, 117, 9),
        ("QB402", "duplicate-question", "error", 392, 9, 119, 9),
    ];
    for (result, (code, name, level, line, column, rel_line, rel_column)) in
        results.iter().zip(expect)
    {
        assert_eq!(result["ruleId"], code);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], code);
        assert_eq!(result["level"], level);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.contains(name), "{message}");
        assert!(message.contains("entry 20 has the same"), "{message}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], SAMPLE);
        assert_eq!(location["region"]["startLine"], line);
        assert_eq!(location["region"]["startColumn"], column);
        let related = result["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 1);
        let related = &related[0]["physicalLocation"];
        assert_eq!(related["artifactLocation"]["uri"], SAMPLE);
        assert_eq!(related["region"]["startLine"], rel_line);
        assert_eq!(related["region"]["startColumn"], rel_column);
    }
}

#[test]
fn sarif_with_fixes_cross_file_duplicates_and_odd_paths_validates() {
    let dir = tempdir();
    write(dir.path().join("fixme.md"), FIXME);
    write(dir.path().join("sub dir/再 一个.md"), FIXME);
    write(dir.path().join("empty.md"), "");
    let out = run_in(dir.path(), &["check", ".", "--format", "sarif"]);
    assert_code(&out, 1);
    let sarif = parse_json(&out.stdout);
    assert_sarif_valid(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
    let cross = results
        .iter()
        .find(|r| r["ruleId"] == "QB402")
        .expect("a cross-file duplicate question");
    assert_eq!(
        cross["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixme.md"
    );
    assert_eq!(
        cross["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sub%20dir/%E5%86%8D%20%E4%B8%80%E4%B8%AA.md"
    );
    assert!(results.iter().any(|r| r["ruleId"] == "QB002"));
}

#[test]
fn sarif_full_description_is_what_the_rule_does() {
    let out = run(&["check", SAMPLE, "--format", "sarif"]);
    let sarif = parse_json(&out.stdout);
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        let text = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            text.starts_with("Flags "),
            "{}: fullDescription is {text:?}",
            rule["id"]
        );
        assert!(!text.contains("```"), "{}: {text:?}", rule["id"]);
    }
}

#[test]
fn graphical_location_uses_character_columns() {
    let out = run(&["check", SAMPLE]);
    let text = stdout(&out);
    assert!(text.contains("[fixtures/llm-industry.md:392:9]"), "{text}");
    assert!(text.contains("[fixtures/llm-industry.md:390:10]"), "{text}");
}

#[test]
fn graphical_has_no_colour_when_piped_or_with_no_color() {
    let piped = qbank()
        .env_remove("NO_COLOR")
        .args(["check", SAMPLE])
        .output()
        .unwrap();
    assert_code(&piped, 1);
    assert!(!piped.stdout.contains(&0x1b), "{}", stdout(&piped));
    assert!(!piped.stderr.contains(&0x1b));
    let no_color = run(&["check", SAMPLE]);
    assert!(!no_color.stdout.contains(&0x1b));
    assert_eq!(piped.stdout, no_color.stdout);
}

/// Run `qbank args…` on a pseudo-terminal through script(1), if there is one.
fn run_on_terminal(no_color: bool, args: &str) -> Option<Vec<u8>> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_qbank"));
    let mut cmd = Command::new(script);
    cmd.current_dir(root())
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    out.status.code().filter(|c| *c <= 1)?;
    Some(out.stdout)
}

#[test]
fn graphical_is_coloured_on_a_terminal_unless_no_color() {
    let Some(coloured) = run_on_terminal(false, &format!("check {SAMPLE}")) else {
        eprintln!("script(1) is not available: colour on a terminal not tested");
        return;
    };
    let text = String::from_utf8_lossy(&coloured);
    assert!(text.contains('\u{1b}'), "no colour on a terminal:\n{text}");
    assert!(text.contains("duplicate-question"));
    let plain = run_on_terminal(true, &format!("check {SAMPLE}")).unwrap();
    assert!(
        !plain.contains(&0x1b),
        "colour despite NO_COLOR:\n{}",
        String::from_utf8_lossy(&plain)
    );
    let concise = run_on_terminal(false, &format!("check {SAMPLE} --format concise")).unwrap();
    assert!(!concise.contains(&0x1b));
}

// ---------------------------------------------------------------------------
// Where reports go
// ---------------------------------------------------------------------------

#[test]
fn machine_formats_have_nothing_else_on_stdout() {
    let summary = "Found 2 problems (1 error, 1 warning) in 1 file.\n";
    for format in ["concise", "json", "sarif", "github"] {
        let out = run(&["check", SAMPLE, "--format", format]);
        assert_code(&out, 1);
        let text = stdout(&out);
        assert!(!text.contains("Found "), "{format}: summary on stdout");
        assert_eq!(stderr(&out), summary, "{format}");
        match format {
            "json" | "sarif" => {
                let _ = parse_json(&out.stdout);
            }
            "concise" => {
                for line in text.lines() {
                    let rest = line.strip_prefix("fixtures/llm-industry.md:").unwrap();
                    let (position, finding) = rest.split_once(": ").unwrap();
                    let mut numbers = position.split(':');
                    assert!(numbers.next().unwrap().parse::<u32>().is_ok(), "{line}");
                    assert!(numbers.next().unwrap().parse::<u32>().is_ok(), "{line}");
                    assert!(finding.starts_with("QB4"), "{line}");
                    assert!(finding.contains(" [duplicate-"), "{line}");
                }
            }
            _ => {
                for line in text.lines() {
                    assert!(
                        line.starts_with("::error file=") || line.starts_with("::warning file="),
                        "{line}"
                    );
                }
            }
        }
        // -q: no summary at all.
        let quiet = run(&["check", SAMPLE, "--format", format, "-q"]);
        assert_eq!(quiet.stdout, out.stdout, "{format}");
        assert_eq!(stderr(&quiet), "", "{format}");
    }
}

#[test]
fn machine_formats_stay_clean_when_an_input_fails() {
    let dir = tempdir();
    write(dir.path().join("fixme.md"), FIXME);
    write(dir.path().join("bad.md"), b"# T\n\n## 1. A\n\nbad \xff\n");
    for format in ["json", "sarif"] {
        let out = run_in(
            dir.path(),
            &[
                "check",
                "missing.md",
                "bad.md",
                "fixme.md",
                "--format",
                format,
            ],
        );
        assert_code(&out, 2);
        let report = parse_json(&out.stdout);
        if format == "sarif" {
            assert_sarif_valid(&report);
            assert_eq!(report["runs"][0]["results"].as_array().unwrap().len(), 3);
        } else {
            assert_eq!(report["diagnostics"].as_array().unwrap().len(), 3);
        }
        let err = flat_stderr(&out);
        assert!(err.contains("missing.md"), "{err}");
        assert!(err.contains("bad.md:5"), "{err}");
    }
}

#[test]
fn output_file_gets_the_report_and_stdout_nothing() {
    let dir = tempdir();
    write(dir.path().join("fixme.md"), FIXME);
    for format in ["concise", "json", "sarif", "github", "graphical"] {
        let expected = run_in(dir.path(), &["check", "fixme.md", "--format", format]);
        let report = dir.path().join(format!("report.{format}"));
        let out = run_in(
            dir.path(),
            &[
                "check",
                "fixme.md",
                "--format",
                format,
                "-o",
                path_str(&report),
            ],
        );
        assert_code(&out, 1);
        assert!(out.stdout.is_empty(), "{format}: {}", stdout(&out));
        let written = fs::read(&report).unwrap();
        if format == "graphical" {
            let text = String::from_utf8(written).unwrap();
            assert!(text.contains("QB201(entry-numbering)"));
            assert!(!text.contains('\u{1b}'));
            assert!(text.ends_with("3 fixable with --fix.\n"), "{text}");
        } else {
            assert_eq!(written, expected.stdout, "{format}");
            assert_eq!(
                stderr(&out),
                "Found 3 problems (1 error, 2 warnings) in 1 file. 3 fixable with --fix.\n"
            );
        }
    }
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_file_that_is_an_input_is_refused() {
    let dir = tempdir();
    let bank = dir.path().join("bank.md");
    write(&bank, FIXME);
    let out = run_in(
        dir.path(),
        &["check", "bank.md", "--format", "concise", "-o", "bank.md"],
    );
    assert_code(&out, 2);
    assert_eq!(fs::read_to_string(&bank).unwrap(), FIXME);
}

// ---------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------

#[test]
fn exit_codes() {
    let dir = tempdir();
    write(dir.path().join("clean.md"), fixed());
    write(dir.path().join("warn.md"), warnings_only());
    write(dir.path().join("fixme.md"), FIXME);
    let d = dir.path();

    let clean = run_in(d, &["check", "clean.md"]);
    assert_code(&clean, 0);
    assert_eq!(stdout(&clean), "No problems found in 1 file.\n");

    let warn = run_in(d, &["check", "warn.md", "--format", "concise"]);
    assert_code(&warn, 0);
    assert_eq!(codes(&warn), ["QB404", "QB203"]);

    assert_code(&run_in(d, &["check", "fixme.md"]), 1);
    assert_code(&run_in(d, &["check", "clean.md", "fixme.md"]), 1);

    let format = run_in(d, &["check", "clean.md", "--format", "xml"]);
    assert_code(&format, 2);
    assert!(stderr(&format).contains("xml"));
    assert!(format.stdout.is_empty());

    for flag in ["--select", "--ignore"] {
        let unknown = run_in(d, &["check", "clean.md", flag, "QB201,QB999"]);
        assert_code(&unknown, 2);
        let err = flat_stderr(&unknown);
        assert!(err.contains("QB999") && err.contains(flag), "{err}");
        assert!(unknown.stdout.is_empty());
    }

    assert_code(&run_in(d, &["check", "clean.md", "--fix", "--diff"]), 2);
    assert_code(&run_in(d, &["check", "clean.md", "--bogus"]), 2);
}

#[test]
fn missing_path_exits_2_and_other_files_are_reported() {
    let dir = tempdir();
    write(dir.path().join("fixme.md"), FIXME);
    write(dir.path().join("clean.md"), fixed());
    let out = run_in(
        dir.path(),
        &["check", "nothere.md", "fixme.md", "--format", "concise"],
    );
    assert_code(&out, 2);
    assert_eq!(stdout(&out), fixme_concise("fixme.md"));
    let err = flat_stderr(&out);
    assert!(err.contains("nothere.md: no such file or folder"), "{err}");

    let clean = run_in(dir.path(), &["check", "clean.md", "nothere.md"]);
    assert_code(&clean, 2);
}

#[test]
fn invalid_utf8_exits_2_naming_file_and_line_and_others_are_checked() {
    let dir = tempdir();
    write(
        dir.path().join("bad.md"),
        b"# T\n\n## 1. A\n\n**\xe9\xa2\x98\xe7\x9b\xae\xef\xbc\x9a** ok\n\nbad \xff byte\n",
    );
    write(dir.path().join("fixme.md"), FIXME);
    let out = run_in(
        dir.path(),
        &["check", "bad.md", "fixme.md", "--format", "concise"],
    );
    assert_code(&out, 2);
    assert_eq!(stdout(&out), fixme_concise("fixme.md"));
    let err = flat_stderr(&out);
    assert!(err.contains("bad.md:7"), "{err}");
    assert!(err.contains("invalid UTF-8"), "{err}");
    assert!(!err.contains("fixme.md:"), "{err}");

    // Folders too: the other files of the folder are checked.
    let folder = run_in(dir.path(), &["check", ".", "--format", "concise"]);
    assert_code(&folder, 2);
    assert_eq!(stdout(&folder), fixme_concise("./fixme.md"));
}

#[test]
fn utf16_and_crlf_files_are_checked_with_the_same_positions() {
    let dir = tempdir();
    write(dir.path().join("a.md"), FIXME);
    write(dir.path().join("b.md"), utf16le_with_bom(FIXME));
    let mut crlf = vec![0xEF, 0xBB, 0xBF];
    crlf.extend_from_slice(FIXME.replace('\n', "\r\n").as_bytes());
    write(dir.path().join("c.md"), crlf);
    for name in ["a.md", "b.md", "c.md"] {
        let out = run_in(dir.path(), &["check", name, "--format", "concise"]);
        assert_code(&out, 1);
        assert_eq!(stdout(&out), fixme_concise(name));
    }
}

#[test]
fn columns_count_characters_not_bytes_or_utf16_units() {
    let dir = tempdir();
    // A byte-order mark, and astral characters (4 bytes, 2 UTF-16 units).
    let text = format!(
        "\u{feff}# 题库\n\n{}{}",
        entry(1, "😀标题", "😀问题？", "说明一。"),
        entry(2, "😀标题", "😀问题？", "说明二。")
    );
    write(dir.path().join("emoji.md"), &text);
    write(dir.path().join("emoji16.md"), utf16le_with_bom(&text[3..]));
    for name in ["emoji.md", "emoji16.md"] {
        let out = run_in(dir.path(), &["check", name, "--format", "json"]);
        assert_code(&out, 1);
        let report = parse_json(&out.stdout);
        let d = report["diagnostics"].as_array().unwrap();
        assert_eq!(d.len(), 2, "{report}");
        // `## 2. ` is 6 characters; the title 😀标题 is 3.
        assert_eq!(d[0]["code"], "QB401");
        assert_eq!(d[0]["line"], 14);
        assert_eq!(d[0]["column"], 7);
        assert_eq!(d[0]["end_column"], 10);
        // `**题目：** ` is 8 characters; the question 😀问题？ is 4.
        assert_eq!(d[1]["code"], "QB402");
        assert_eq!(d[1]["line"], 16);
        assert_eq!(d[1]["column"], 9);
        assert_eq!(d[1]["end_column"], 13);
        assert_eq!(d[1]["related"][0]["line"], 5);
        assert_eq!(d[1]["related"][0]["column"], 9);
    }
}

// ---------------------------------------------------------------------------
// Duplicates across files
// ---------------------------------------------------------------------------

#[test]
fn duplicates_across_files_flag_the_later_file() {
    let dir = tempdir();
    let a = format!(
        "# A\n\n{}{}",
        entry(1, "数据预处理", "什么是数据预处理？", "甲。"),
        entry(2, "模型并行", "什么是模型并行？", "乙。")
    );
    let b = format!(
        "# B\n\n{}{}",
        entry(1, "推理优化", "什么是推理优化？", "丙。"),
        entry(2, "并行策略", "什么是模型并行？", "丁。")
    );
    write(dir.path().join("a.md"), &a);
    write(dir.path().join("b.md"), &b);
    // Whatever the order on the command line, a.md comes first.
    for args in [["a.md", "b.md"], ["b.md", "a.md"]] {
        let out = run_in(
            dir.path(),
            &["check", args[0], args[1], "--format", "concise"],
        );
        assert_code(&out, 1);
        assert_eq!(
            stdout(&out),
            "b.md:16:9: QB402 [duplicate-question] entry 2 has the same question as entry 2 (a.md:14)\n"
        );
    }
    let graphical = run_in(dir.path(), &["check", "a.md", "b.md"]);
    let text = stdout(&graphical);
    assert!(text.contains("[b.md:16:"), "{text}");
    assert!(text.contains("[a.md:16:"), "{text}");
    assert!(text.contains("entry 2 first has this question"), "{text}");

    // Alone, neither file has a finding.
    assert_code(&run_in(dir.path(), &["check", "a.md"]), 0);
    assert_code(&run_in(dir.path(), &["check", "b.md"]), 0);
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

#[test]
fn config_is_found_walking_up_from_the_file() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d.join("qbank.toml"),
        "[rules]\nentry-numbering = \"warn\"\n",
    );
    write(d.join("a/b/x.md"), FIXME);

    let from_top = run_in(d, &["check", "a/b/x.md", "--format", "json"]);
    assert_code(&from_top, 0);
    let report = parse_json(&from_top.stdout);
    let qb201 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "QB201")
        .unwrap();
    assert_eq!(qb201["severity"], "warning");

    // From the file's own folder, and through a folder argument.
    assert_code(&run_in(&d.join("a/b"), &["check", "x.md"]), 0);
    assert_code(&run_in(&d.join("a"), &["check", "."]), 0);
    // From elsewhere, with an absolute path.
    assert_code(&run(&["check", path_str(&d.join("a/b/x.md"))]), 0);

    // The nearest qbank.toml wins, and is not merged with the one above.
    write(
        d.join("a/qbank.toml"),
        "[rules]\nlist-numbering = \"warn\"\n",
    );
    assert_code(&run_in(d, &["check", "a/b/x.md"]), 1);
}

#[test]
fn config_option_overrides_discovery() {
    let dir = tempdir();
    let d = dir.path();
    write(d.join("qbank.toml"), "[rules]\nentry-numbering = \"off\"\n");
    write(
        d.join("other/strict.toml"),
        "[rules]\nlist-numbering = \"error\"\n",
    );
    write(d.join("x.md"), FIXME);
    let discovered = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&discovered, 0);
    assert_eq!(codes(&discovered), ["QB404", "QB203"]);

    let explicit = run_in(
        d,
        &[
            "check",
            "x.md",
            "--config",
            "other/strict.toml",
            "--format",
            "json",
        ],
    );
    assert_code(&explicit, 1);
    let report = parse_json(&explicit.stdout);
    let severities: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        severities,
        [("QB404", "warning"), ("QB203", "error"), ("QB201", "error")]
    );

    let missing = run_in(d, &["check", "x.md", "--config", "nope.toml"]);
    assert_code(&missing, 2);
    assert!(flat_stderr(&missing).contains("nope.toml"));
}

#[test]
fn config_rules_change_severities_and_exit_codes() {
    let dir = tempdir();
    let d = dir.path();
    write(d.join("x.md"), FIXME);
    let with = |config: &str| {
        write(d.join("qbank.toml"), config);
        run_in(d, &["check", "x.md", "--format", "json"])
    };
    let findings = |out: &Output| -> Vec<(String, String)> {
        parse_json(&out.stdout)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(c, s)| ((*c).to_owned(), (*s).to_owned()))
            .collect()
    };

    let out = with("");
    assert_code(&out, 1);
    assert_eq!(
        findings(&out),
        pairs(&[
            ("QB404", "warning"),
            ("QB203", "warning"),
            ("QB201", "error")
        ])
    );

    // By name and by code, case-insensitively.
    for config in [
        "[rules]\nentry-numbering = \"off\"\n",
        "[rules]\nQB201 = \"off\"\n",
        "[rules]\nqb201 = \"off\"\n",
    ] {
        let out = with(config);
        assert_code(&out, 0);
        assert_eq!(
            findings(&out),
            pairs(&[("QB404", "warning"), ("QB203", "warning")]),
            "{config}"
        );
    }

    let out = with("[rules]\nentry-numbering = \"warn\"\n");
    assert_code(&out, 0);
    assert_eq!(
        findings(&out)[2],
        ("QB201".to_owned(), "warning".to_owned())
    );

    let out = with("[rules]\nQB201 = \"off\"\nlabel-punctuation = \"error\"\n");
    assert_code(&out, 1);
    assert_eq!(
        findings(&out),
        pairs(&[("QB404", "error"), ("QB203", "warning")])
    );

    let out = with(
        "[rules]\nentry-numbering = \"off\"\nlist-numbering = \"off\"\nlabel-punctuation = \"off\"\n",
    );
    assert_code(&out, 0);
    assert!(findings(&out).is_empty());
}

#[test]
fn config_required_sections() {
    let dir = tempdir();
    let d = dir.path();
    let bank = no_analysis_bank(["", "", ""], "");
    write(d.join("x.md"), &bank);
    // By default the analysis is required only where most entries have
    // one: this bank gives none, by design.
    let out = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 0);
    // Required by the configuration, it is required everywhere.
    write(
        d.join("qbank.toml"),
        "required = [\"question\", \"answer\", \"analysis\"]\n",
    );
    let out = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 1);
    assert_eq!(codes(&out), ["QB103", "QB103", "QB103"]);

    write(
        d.join("qbank.toml"),
        "required = [\"question\", \"answer\"]\n",
    );
    let out = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");

    write(d.join("qbank.toml"), "required = [\"question\"]\n");
    write(
        d.join("y.md"),
        bank.replace("**答案：**\n\n1. **要点：** 内容。\n\n", ""),
    );
    assert_code(&run_in(d, &["check", "y.md"]), 0);
    write(
        d.join("qbank.toml"),
        "required = [\"question\", \"answer\"]\n",
    );
    let out = run_in(d, &["check", "y.md", "--format", "concise"]);
    assert_code(&out, 1);
    assert_eq!(codes(&out), ["QB102", "QB102", "QB102"]);
}

#[test]
fn config_placeholders() {
    let dir = tempdir();
    let d = dir.path();
    let bank = format!(
        "# 题库\n\n{}{}",
        entry(1, "甲", "问题甲？", "TODO"),
        entry(2, "乙", "问题乙？", "见教材")
    );
    write(d.join("x.md"), bank);
    let placeholders = |config: &str| -> Vec<(String, u32)> {
        write(d.join("qbank.toml"), config);
        let out = run_in(d, &["check", "x.md", "--format", "concise"]);
        concise_findings(&stdout(&out))
    };
    let at = |lines: &[u32]| -> Vec<(String, u32)> {
        lines.iter().map(|l| ("QB403".to_owned(), *l)).collect()
    };
    // The analyses are at lines 12 and 23.
    assert_eq!(placeholders(""), at(&[12]));
    assert_eq!(placeholders("placeholders = [\"见教材\"]\n"), at(&[23]));
    assert_eq!(
        placeholders("extend-placeholders = [\"见教材\"]\n"),
        at(&[12, 23])
    );
    assert_eq!(placeholders("placeholders = []\n"), at(&[]));
}

#[test]
fn config_labels() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d.join("x.md"),
        "# Bank\n\n## 1. CAP\n\n**Prompt:** What is CAP?\n\n**Reply:**\n\n1. **C:** consistency.\n\n**Why:** Because.\n\n## 2. ACID\n\n**Question:** What is ACID?\n\n**Answer:**\n\n1. **A:** atomicity.\n\n**Explanation:** Because.\n",
    );
    let out = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 1);
    assert!(codes(&out).contains(&"QB101".to_owned()));
    write(
        d.join("qbank.toml"),
        "[labels]\nquestion = [\"Prompt\", \"Question\"]\nanswer = [\"Reply\", \"Answer\"]\nanalysis = [\"Why\", \"Explanation\"]\n",
    );
    let out = run_in(d, &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn config_overrides_match_globs_relative_to_the_config() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d.join("drafts/d.md"),
        no_analysis_bank(["", "", ""], "").replace("问题", "草稿问题"),
    );
    write(
        d.join("final/f.md"),
        no_analysis_bank(["", "", ""], "").replace("标题", "终稿"),
    );
    write(
        d.join("qbank.toml"),
        "required = [\"question\", \"answer\", \"analysis\"]\n\n[[overrides]]\nfiles = [\"drafts/**\"]\nrules = { missing-analysis = \"off\" }\n",
    );
    let expected = "final/f.md:3:1: QB103 [missing-analysis] entry 1 has no analysis\n\
                    final/f.md:11:1: QB103 [missing-analysis] entry 2 has no analysis\n\
                    final/f.md:19:1: QB103 [missing-analysis] entry 3 has no analysis\n";
    let out = run_in(
        d,
        &["check", "drafts/d.md", "final/f.md", "--format", "concise"],
    );
    assert_code(&out, 1);
    assert_eq!(stdout(&out), expected);

    // The globs are relative to the config's folder, not to the current one.
    let out = run_in(
        &d.join("drafts"),
        &["check", "d.md", "../final/f.md", "--format", "concise"],
    );
    assert_code(&out, 1);
    assert_eq!(stdout(&out), expected.replace("final/", "../final/"));
    let out = run(&[
        "check",
        path_str(&d.join("drafts/d.md")),
        "--format",
        "concise",
    ]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");

    // `required` in an override; later overrides win.
    write(
        d.join("qbank.toml"),
        "required = [\"question\", \"answer\", \"analysis\"]\n\n\
         [[overrides]]\nfiles = [\"drafts/**\"]\nrules = { missing-analysis = \"off\" }\n\n\
         [[overrides]]\nfiles = [\"final/*.md\"]\nrequired = [\"question\", \"answer\"]\n\n\
         [[overrides]]\nfiles = [\"**/d.md\"]\nrules = { QB103 = \"warn\" }\n",
    );
    let out = run_in(d, &["check", ".", "--format", "json"]);
    assert_code(&out, 0);
    let report = parse_json(&out.stdout);
    let found: Vec<(&str, &str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("./drafts/d.md", "QB103", "warning"),
            ("./drafts/d.md", "QB103", "warning"),
            ("./drafts/d.md", "QB103", "warning"),
        ]
    );
}

/// Run `check x.md` against a qbank.toml holding `config`; it must fail with
/// exit 2, and return standard error, flattened.
fn bad_config(config: &str) -> String {
    let dir = tempdir();
    write(dir.path().join("x.md"), fixed());
    write(dir.path().join("qbank.toml"), config);
    let out = run_in(dir.path(), &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 2);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    flat_stderr(&out)
}

#[test]
fn config_errors_exit_2_naming_the_key_and_its_line() {
    let err = bad_config("required = [\"question\"]\nbogus-key = true\n");
    assert!(err.contains("qbank.toml:2:"), "{err}");
    assert!(err.contains("bogus-key"), "{err}");

    let err = bad_config("[labels]\nquestion = [\"Q\"]\nanwser = [\"A\"]\n");
    assert!(err.contains("qbank.toml:3:"), "{err}");
    assert!(err.contains("anwser"), "{err}");

    let err = bad_config("[[overrides]]\nfiles = [\"a/**\"]\nrulez = {}\n");
    assert!(err.contains("qbank.toml:3:"), "{err}");
    assert!(err.contains("rulez"), "{err}");

    let err = bad_config(
        "# severities\n[rules]\nentry-numbering = \"warn\"\nlist-numbering = \"loud\"\n",
    );
    assert!(err.contains("qbank.toml:4:"), "{err}");
    assert!(
        err.contains("loud") && err.contains("list-numbering"),
        "{err}"
    );

    let err = bad_config("[rules]\n\nno-such-rule = \"warn\"\n");
    assert!(err.contains("qbank.toml:3:"), "{err}");
    assert!(err.contains("no-such-rule"), "{err}");

    let err = bad_config("\nrequired = [\"question\", \"questions\"]\n");
    assert!(err.contains("qbank.toml:2:"), "{err}");
    assert!(err.contains("questions"), "{err}");

    let err =
        bad_config("[[overrides]]\nfiles = [\"a/**\"]\nrules = { list-numbering = \"loud\" }\n");
    assert!(err.contains("qbank.toml:3:"), "{err}");
    assert!(err.contains("loud"), "{err}");

    let err = bad_config("[rules]\nentry-numbering = 1\n");
    assert!(err.contains("qbank.toml:2:"), "{err}");

    let err = bad_config("rules = [\n");
    assert!(err.contains("qbank.toml:1:"), "{err}");
}

// ---------------------------------------------------------------------------
// --select and --ignore
// ---------------------------------------------------------------------------

#[test]
fn select_and_ignore_by_code_and_name() {
    let dir = tempdir();
    write(dir.path().join("x.md"), FIXME);
    let check = |flags: &[&str]| {
        let mut args = vec!["check", "x.md", "--format", "concise"];
        args.extend_from_slice(flags);
        run_in(dir.path(), &args)
    };
    let cases: &[(&[&str], &[&str], i32)] = &[
        (&[], &["QB404", "QB203", "QB201"], 1),
        (&["--select", "QB201"], &["QB201"], 1),
        (&["--select", "entry-numbering"], &["QB201"], 1),
        (&["--select", "qb201"], &["QB201"], 1),
        (
            &["--select", "list-numbering,QB404"],
            &["QB404", "QB203"],
            0,
        ),
        (
            &["--select", "list-numbering", "--select", "QB404"],
            &["QB404", "QB203"],
            0,
        ),
        (&["--ignore", "QB201"], &["QB404", "QB203"], 0),
        (
            &["--ignore", "entry-numbering,label-punctuation"],
            &["QB203"],
            0,
        ),
        (
            &["--select", "QB201,QB203", "--ignore", "QB201"],
            &["QB203"],
            0,
        ),
        (&["--select", "missing-analysis"], &[], 0),
    ];
    for (flags, expected, exit) in cases {
        let out = check(flags);
        assert_code(&out, *exit);
        assert_eq!(codes(&out), *expected, "{flags:?}");
    }
}

#[test]
fn select_turns_on_a_rule_the_config_turned_off() {
    let dir = tempdir();
    write(dir.path().join("x.md"), FIXME);
    write(dir.path().join("qbank.toml"), "[rules]\nQB201 = \"off\"\n");
    let out = run_in(
        dir.path(),
        &["check", "x.md", "--format", "concise", "--select", "QB201"],
    );
    assert_code(&out, 1);
    assert_eq!(codes(&out), ["QB201"]);
}

// ---------------------------------------------------------------------------
// Inline suppressions
// ---------------------------------------------------------------------------

/// Check a bank written as `x.md`; concise findings and the exit status.
fn check_text(text: &str) -> (Vec<(String, u32)>, Option<i32>, String) {
    let dir = tempdir();
    write(dir.path().join("x.md"), text);
    // The probe is missing-analysis, which by default only speaks where
    // most entries have an analysis: require it, as a bank's config would.
    write(
        dir.path().join("qbank.toml"),
        "required = [\"question\", \"answer\", \"analysis\"]\n",
    );
    let out = run_in(dir.path(), &["check", "x.md", "--format", "concise"]);
    let text = stdout(&out);
    (concise_findings(&text), out.status.code(), text)
}

fn qb103_at(lines: &[u32]) -> Vec<(String, u32)> {
    lines.iter().map(|l| ("QB103".to_owned(), *l)).collect()
}

#[test]
fn suppression_baseline() {
    let (found, code, _) = check_text(&no_analysis_bank(["", "", ""], ""));
    assert_eq!(found, qb103_at(&[3, 11, 19]));
    assert_eq!(code, Some(1));
}

#[test]
fn disable_next_line_by_name_code_or_all() {
    for comment in [
        "<!-- qbank-disable-next-line missing-analysis -->\n",
        "<!-- qbank-disable-next-line QB103 -->\n",
        "<!-- qbank-disable-next-line missing-question, QB103 -->\n",
        "<!-- qbank-disable-next-line -->\n",
    ] {
        let (found, code, text) = check_text(&no_analysis_bank(["", comment, ""], ""));
        // The heading of entry 2 moved to line 12, entry 3 to line 20.
        assert_eq!(found, qb103_at(&[3, 20]), "{comment}\n{text}");
        assert_eq!(code, Some(1));
    }
    // Another rule: nothing suppressed, and the comment is unused.
    let (found, _, text) = check_text(&no_analysis_bank(
        ["", "<!-- qbank-disable-next-line list-numbering -->\n", ""],
        "",
    ));
    assert_eq!(
        found,
        [
            ("QB103".to_owned(), 3),
            ("QB901".to_owned(), 11),
            ("QB103".to_owned(), 12),
            ("QB103".to_owned(), 20)
        ],
        "{text}"
    );
    assert!(text.contains(
        "x.md:11:1: QB901 [unused-suppression] this suppression of list-numbering suppresses nothing"
    ));
}

#[test]
fn disable_file_by_rule_or_all() {
    for comment in [
        "<!-- qbank-disable-file missing-analysis -->\n\n",
        "<!-- qbank-disable-file QB103 -->\n\n",
        "<!-- qbank-disable-file -->\n\n",
    ] {
        // At the top, and at the very end of the file.
        for bank in [
            no_analysis_bank([comment, "", ""], ""),
            no_analysis_bank(["", "", ""], comment),
        ] {
            let (found, code, text) = check_text(&bank);
            assert!(found.is_empty(), "{comment}\n{text}");
            assert_eq!(code, Some(0));
        }
    }
}

#[test]
fn disable_enable_ranges() {
    for (disable, enable) in [
        (
            "<!-- qbank-disable missing-analysis -->\n\n",
            "<!-- qbank-enable missing-analysis -->\n\n",
        ),
        (
            "<!-- qbank-disable QB103 -->\n\n",
            "<!-- qbank-enable -->\n\n",
        ),
        ("<!-- qbank-disable -->\n\n", "<!-- qbank-enable -->\n\n"),
    ] {
        let (found, code, text) = check_text(&no_analysis_bank(["", disable, enable], ""));
        // Entry 2 (line 13) is inside the range; entry 3 (line 23) is not.
        assert_eq!(found, qb103_at(&[3, 23]), "{disable}{enable}\n{text}");
        assert_eq!(code, Some(1));
    }
    // Without an enable the range runs to the end of the file.
    let (found, _, _) = check_text(&no_analysis_bank(
        ["", "<!-- qbank-disable missing-analysis -->\n\n", ""],
        "",
    ));
    assert_eq!(found, qb103_at(&[3]));
    // An enable of another rule does not close the range.
    let (found, _, _) = check_text(&no_analysis_bank(
        [
            "",
            "<!-- qbank-disable missing-analysis -->\n\n",
            "<!-- qbank-enable list-numbering -->\n\n",
        ],
        "",
    ));
    assert_eq!(found, qb103_at(&[3]));
}

#[test]
fn unused_suppression_is_a_warning() {
    let bank = format!(
        "# 题库\n\n<!-- qbank-disable-file missing-analysis -->\n\n{}{}",
        entry(1, "甲", "问题甲？", "解析甲。"),
        entry(2, "乙", "问题乙？", "解析乙。")
    );
    let dir = tempdir();
    write(dir.path().join("x.md"), &bank);
    let out = run_in(dir.path(), &["check", "x.md", "--format", "json"]);
    assert_code(&out, 0);
    let report = parse_json(&out.stdout);
    let d = report["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "QB901");
    assert_eq!(d[0]["rule"], "unused-suppression");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["line"], 3);
    assert_eq!(
        d[0]["message"],
        "this suppression of missing-analysis suppresses nothing"
    );

    // No rule: "any rule".
    let (found, code, text) = check_text(&bank.replace(" missing-analysis -->", " -->"));
    assert_eq!(found, [("QB901".to_owned(), 3)]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("this suppression of any rule suppresses nothing"),
        "{text}"
    );

    // Configured as an error, it fails the run; turned off, it is silent.
    write(
        dir.path().join("qbank.toml"),
        "[rules]\nunused-suppression = \"error\"\n",
    );
    assert_code(&run_in(dir.path(), &["check", "x.md"]), 1);
    write(
        dir.path().join("qbank.toml"),
        "[rules]\nunused-suppression = \"off\"\n",
    );
    let out = run_in(dir.path(), &["check", "x.md", "--format", "concise"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");
    fs::remove_file(dir.path().join("qbank.toml")).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "x.md", "--format", "concise", "--ignore", "QB901"],
    );
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn unknown_rule_in_a_suppression_is_reported() {
    let (found, code, text) = check_text(&no_analysis_bank(
        [
            "",
            "<!-- qbank-disable-next-line missing-analysys -->\n",
            "",
        ],
        "",
    ));
    assert_eq!(
        found,
        [
            ("QB103".to_owned(), 3),
            ("QB901".to_owned(), 11),
            ("QB103".to_owned(), 12),
            ("QB103".to_owned(), 20)
        ],
        "{text}"
    );
    assert_eq!(code, Some(1));
    assert!(
        text.contains(
            "x.md:11:1: QB901 [unused-suppression] `missing-analysys` is not a qbank rule"
        )
    );

    // A known rule next to an unknown one still suppresses.
    let (found, _, text) = check_text(&no_analysis_bank(
        [
            "",
            "<!-- qbank-disable-next-line missing-analysis nope -->\n",
            "",
        ],
        "",
    ));
    assert_eq!(
        found,
        [
            ("QB103".to_owned(), 3),
            ("QB901".to_owned(), 11),
            ("QB103".to_owned(), 20)
        ],
        "{text}"
    );
    assert!(text.contains("`nope` is not a qbank rule"));
}

#[test]
fn suppression_in_a_code_block_is_not_a_suppression() {
    let (found, code, text) = check_text(&no_analysis_bank(
        ["", "", ""],
        "```markdown\n<!-- qbank-disable-file -->\n```\n",
    ));
    assert_eq!(found, qb103_at(&[3, 11, 19]), "{text}");
    assert_eq!(code, Some(1));
}

// ---------------------------------------------------------------------------
// --fix and --diff
// ---------------------------------------------------------------------------

#[test]
fn fix_rewrites_the_file_and_converges() {
    let dir = tempdir();
    let path = dir.path().join("fixme.md");
    write(&path, FIXME);
    let out = run_in(dir.path(), &["check", "fixme.md", "--fix"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "Fixed 3 problems. No problems found in 1 file.\n"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed());

    let before = fs::read(&path).unwrap();
    let again = run_in(dir.path(), &["check", "fixme.md", "--fix"]);
    assert_code(&again, 0);
    assert_eq!(stdout(&again), "No problems found in 1 file.\n");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn fix_reports_what_remains() {
    let dir = tempdir();
    let path = dir.path().join("x.md");
    // Entry 2 has no analysis: not fixable.
    let text = FIXME.replace("\n\n**解析：** 模型并行用于大模型。", "");
    write(&path, &text);
    write(
        dir.path().join("qbank.toml"),
        "required = [\"question\", \"answer\", \"analysis\"]\n",
    );
    let out = run_in(
        dir.path(),
        &["check", "x.md", "--fix", "--format", "concise"],
    );
    assert_code(&out, 1);
    assert_eq!(
        stdout(&out),
        "x.md:14:1: QB103 [missing-analysis] entry 2 has no analysis\n"
    );
    assert_eq!(
        stderr(&out),
        "Fixed 3 problems. Found 1 problem (1 error, 0 warnings) in 1 file.\n"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fixed().replace("\n\n**解析：** 模型并行用于大模型。", "")
    );

    write(&path, &text);
    let out = run_in(dir.path(), &["check", "x.md", "--fix", "--format", "json"]);
    assert_code(&out, 1);
    let report = parse_json(&out.stdout);
    assert_eq!(report["summary"]["fixed"], 3);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["fixable"], 0);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn json_describes_the_fixes() {
    let dir = tempdir();
    write(dir.path().join("x.md"), FIXME);
    let out = run_in(dir.path(), &["check", "x.md", "--format", "json"]);
    let report = parse_json(&out.stdout);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "QB404");
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(
        d["fix"]["edits"],
        serde_json::json!([{"line": 7, "column": 5, "end_line": 7, "end_column": 6, "content": "："}])
    );
    assert_eq!(report["summary"]["fixable"], 3);
}

#[test]
fn fix_keeps_crlf_and_bom() {
    let dir = tempdir();
    let path = dir.path().join("crlf.md");
    let bom = [0xEF, 0xBB, 0xBF];
    let mut bytes = bom.to_vec();
    bytes.extend_from_slice(FIXME.replace('\n', "\r\n").as_bytes());
    write(&path, &bytes);
    let out = run_in(dir.path(), &["check", "crlf.md", "--fix"]);
    assert_code(&out, 0);
    let mut expected = bom.to_vec();
    expected.extend_from_slice(fixed().replace('\n', "\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&fs::read(&path).unwrap()),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(fs::read(&path).unwrap(), expected);
}

#[test]
fn fix_keeps_mixed_and_lone_cr_line_endings() {
    let dir = tempdir();
    let with_endings = |text: &str| -> String {
        text.split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| {
                let line = line.strip_suffix('\n').unwrap();
                format!("{line}{}", if i % 2 == 1 { "\r\n" } else { "\n" })
            })
            .collect()
    };
    let path = dir.path().join("mixed.md");
    write(&path, with_endings(FIXME));
    assert_code(&run_in(dir.path(), &["check", "mixed.md", "--fix"]), 0);
    assert_eq!(fs::read_to_string(&path).unwrap(), with_endings(&fixed()));

    let path = dir.path().join("cr.md");
    write(&path, FIXME.replace('\n', "\r"));
    assert_code(&run_in(dir.path(), &["check", "cr.md", "--fix"]), 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fixed().replace('\n', "\r")
    );
}

#[test]
fn fix_keeps_utf16le() {
    let dir = tempdir();
    let path = dir.path().join("utf16.md");
    write(&path, utf16le_with_bom(FIXME));
    let out = run_in(dir.path(), &["check", "utf16.md", "--fix"]);
    assert_code(&out, 0);
    assert_eq!(fs::read(&path).unwrap(), utf16le_with_bom(&fixed()));
    let again = run_in(dir.path(), &["check", "utf16.md", "--fix"]);
    assert_code(&again, 0);
    assert_eq!(fs::read(&path).unwrap(), utf16le_with_bom(&fixed()));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let path = dir.path().join("x.md");
    write(&path, FIXME);
    for mode in [0o640, 0o755, 0o444] {
        write(&path, FIXME);
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        let out = run_in(dir.path(), &["check", "x.md", "--fix"]);
        assert_code(&out, 0);
        assert_eq!(fs::read_to_string(&path).unwrap(), fixed());
        let got = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "mode {mode:o} became {got:o}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_fixes_the_target() {
    let dir = tempdir();
    let target = dir.path().join("target.md");
    write(&target, FIXME);
    std::os::unix::fs::symlink("target.md", dir.path().join("link.md")).unwrap();
    let out = run_in(dir.path(), &["check", "link.md", "--fix"]);
    assert_code(&out, 0);
    let link = fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(fs::read_to_string(&target).unwrap(), fixed());
}

const FIXME_DIFF: &str = "\
--- a/fixme.md
+++ b/fixme.md
@@ -4,14 +4,14 @@
 
 **题目：** 什么是数据预处理？
 
-**答案:**
+**答案：**
 
 1. **数据清洗：** 去除噪声。
-3. **数据增强：** 增加多样性。
+2. **数据增强：** 增加多样性。
 
 **解析：** 数据预处理很重要。
 
-## 3. 模型并行
+## 2. 模型并行
 
 **题目：** 什么是模型并行？
 
";

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempdir();
    let path = dir.path().join("fixme.md");
    write(&path, FIXME);
    let out = run_in(dir.path(), &["check", "fixme.md", "--diff"]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), FIXME_DIFF);
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXME);
    assert!(temp_files(dir.path()).is_empty());

    // CRLF and UTF-16 files diff the same, and stay untouched.
    let mut crlf = vec![0xEF, 0xBB, 0xBF];
    crlf.extend_from_slice(FIXME.replace('\n', "\r\n").as_bytes());
    for bytes in [crlf, utf16le_with_bom(FIXME)] {
        write(&path, &bytes);
        let out = run_in(dir.path(), &["check", "fixme.md", "--diff"]);
        assert_code(&out, 1);
        assert_eq!(stdout(&out), FIXME_DIFF);
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    // Nothing to fix: no output, exit 0.
    write(&path, fixed());
    let out = run_in(dir.path(), &["check", "fixme.md", "--diff"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn fixes_converge_on_every_fixture() {
    let dir = tempdir();
    let mut sources: Vec<PathBuf> = Vec::new();
    for folder in ["fixtures", "fixtures/corpus"] {
        for entry in fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                sources.push(path);
            }
        }
    }
    for source in &sources {
        let name = format!(
            "{}-{}",
            source
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            source.file_name().unwrap().to_string_lossy()
        );
        fs::copy(source, dir.path().join(name)).unwrap();
    }
    let snapshot = || -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = run_in(
        dir.path(),
        &["check", ".", "--fix", "-q", "--format", "concise"],
    );
    // invalid-utf8.md cannot be read: exit 2; nothing panics.
    assert_code(&first, 2);
    assert!(!stderr(&first).contains("panicked"), "{}", stderr(&first));
    let after_first = snapshot();
    let second = run_in(
        dir.path(),
        &["check", ".", "--fix", "-q", "--format", "concise"],
    );
    assert_code(&second, 2);
    assert_eq!(snapshot(), after_first, "a second --fix changed files");
    assert_eq!(stdout(&second), stdout(&first));
    let diff = run_in(dir.path(), &["check", ".", "--diff", "-q"]);
    assert_eq!(stdout(&diff), "");
}

// ---------------------------------------------------------------------------
// rules and explain
// ---------------------------------------------------------------------------

fn run_explain(rule: &str) -> String {
    let out = run(&["explain", rule]);
    assert_code(&out, 0);
    stdout(&out)
}

#[test]
fn rules_lists_every_rule() {
    let out = run(&["rules"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("code"), "{header}");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    let codes: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(codes, ALL_CODES);
    for row in &rows {
        assert!(row[1].bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        assert!(row[2] == "error" || row[2] == "warning", "{row:?}");
        let fixable = row[3] == "yes";
        assert_eq!(
            fixable,
            ["QB201", "QB203", "QB404", "QB505"].contains(&row[0]),
            "{row:?}"
        );
    }

    let json = run(&["rules", "--json"]);
    assert_code(&json, 0);
    let list = parse_json(&json.stdout);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), ALL_CODES.len());
    for (rule, row) in list.iter().zip(&rows) {
        assert_eq!(rule["code"], row[0]);
        assert_eq!(rule["name"], row[1]);
        assert_eq!(rule["severity"], row[2]);
        assert_eq!(rule["fixable"], row[3] == "yes");
        assert!(!rule["summary"].as_str().unwrap().is_empty());
    }
}

#[test]
fn explain_by_code_or_name() {
    let by_code = run_explain("QB201");
    let by_name = run_explain("entry-numbering");
    assert_eq!(by_code, by_name);
    assert!(by_code.contains("## What it does"), "{by_code}");
    assert!(by_code.contains("entry-numbering"));
    assert!(by_code.contains("QB201"));
    assert_eq!(run_explain("qb201"), by_code);
    for code in ALL_CODES {
        assert!(run_explain(code).contains("## What it does"), "{code}");
    }
}

// ---------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------

#[test]
fn corpus_checks_without_panic() {
    let corpus = root().join("fixtures/corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in &files {
        let file = path_str(file);
        for extra in [
            &["--format", "graphical"][..],
            &["--format", "concise"],
            &["--format", "json"],
            &["--format", "sarif"],
            &["--format", "github"],
            &["--diff"],
        ] {
            let mut args = vec!["check", file];
            args.extend_from_slice(extra);
            let out = run(&args);
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(1),
                "{file} {extra:?}: exit {:?}\n{}",
                out.status,
                stderr(&out)
            );
            assert!(!stderr(&out).contains("panicked"), "{file} {extra:?}");
            if extra == ["--format", "sarif"] {
                assert_sarif_valid(&parse_json(&out.stdout));
            }
            if extra == ["--format", "json"] {
                let _ = parse_json(&out.stdout);
            }
        }
    }
    // All at once too: duplicates across the corpus.
    let out = run(&["check", path_str(&corpus), "--format", "sarif"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert_sarif_valid(&parse_json(&out.stdout));
}

/// Every string in a JSON value.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// `check --format FORMAT` of the sample, copied into `dir`, as JSON.
fn report(dir: &Path, format: &str) -> Value {
    let out = run_in(dir, &["check", "--format", format, "bank.md"]);
    assert_code(&out, 1);
    parse_json(&out.stdout)
}

/// Findings link to their rule's page only when a docs address is
/// configured: by default the SARIF and JSON reports carry no link at all;
/// with `docs-url` in qbank.toml, SARIF rules have a `helpUri` and JSON
/// findings a `url`, and the graphical report shows it.
#[test]
fn rule_links_only_when_a_docs_address_is_configured() {
    let dir = tempdir();
    fs::copy(root().join(SAMPLE), dir.path().join("bank.md")).unwrap();
    let sarif = report(dir.path(), "sarif");
    assert_sarif_valid(&sarif);
    let json = report(dir.path(), "json");
    for value in [&sarif, &json] {
        let mut all = Vec::new();
        strings(value, &mut all);
        let links: Vec<&String> = all
            .iter()
            .filter(|s| s.contains("://") && !s.contains("schemastore.org"))
            .collect();
        assert!(links.is_empty(), "{links:?}");
    }
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().all(|r| r.get("helpUri").is_none()));
    let findings = json["diagnostics"].as_array().unwrap();
    assert!(findings.iter().all(|d| d.get("url").is_none()));

    write(
        dir.path().join("qbank.toml"),
        "docs-url = \"https://docs.example.org/qbank/rules.md\"\n",
    );
    let sarif = report(dir.path(), "sarif");
    assert_sarif_valid(&sarif);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let dup = rules.iter().find(|r| r["id"] == "QB401").unwrap();
    assert_eq!(
        dup["helpUri"],
        "https://docs.example.org/qbank/rules.md#duplicate-title"
    );
    let json = report(dir.path(), "json");
    let findings = json["diagnostics"].as_array().unwrap();
    let dup = findings.iter().find(|d| d["code"] == "QB401").unwrap();
    assert_eq!(
        dup["url"],
        "https://docs.example.org/qbank/rules.md#duplicate-title"
    );
    let graphical = run_in(dir.path(), &["check", "bank.md"]);
    assert!(
        stdout(&graphical).contains("https://docs.example.org/qbank/rules.md#duplicate-title"),
        "{}",
        stdout(&graphical)
    );

    // A template, and an address that is not one.
    write(
        dir.path().join("qbank.toml"),
        "docs-url = \"https://docs.example.org/rules/{code}.html\"\n",
    );
    let json = report(dir.path(), "json");
    assert_eq!(
        json["diagnostics"][0]["url"],
        format!(
            "https://docs.example.org/rules/{}.html",
            json["diagnostics"][0]["code"].as_str().unwrap()
        )
    );
    write(dir.path().join("qbank.toml"), "docs-url = \"rules.md\"\n");
    let out = run_in(dir.path(), &["check", "bank.md"]);
    assert_code(&out, 2);
    assert!(
        flat_stderr(&out).contains("`rules.md` is not a docs address"),
        "{}",
        flat_stderr(&out)
    );
}

/// A pattern finding carries every place it covers; the graphical report
/// draws the first eight and says how many more the JSON report lists (drawn
/// in full, 8,000 places took 10 s and printed more lines than the bank).
#[test]
fn graphical_report_draws_the_first_places() {
    let dir = tempdir();
    let bank: String = (1..=40)
        .map(|i| format!("#### {i}. t{i}\n**题目：** q\n**答案：** a\n**解析：** x\n"))
        .collect();
    write(dir.path().join("many.md"), bank);
    let out = run_in(dir.path(), &["check", "many.md", "--select", "QB402"]);
    assert_code(&out, 1);
    let report = stdout(&out);
    assert_eq!(
        report.matches("has the same question as entry 1").count(),
        1 + 7,
        "{report}"
    );
    assert!(
        report.contains("31 more places are not shown here; `--format json` lists all 39"),
        "{report}"
    );
    let json = run_in(
        dir.path(),
        &["check", "many.md", "--select", "QB402", "--format", "json"],
    );
    let json = parse_json(&json.stdout);
    assert_eq!(
        json["diagnostics"][0]["related"].as_array().map(Vec::len),
        Some(39)
    );
}
