//! A deterministic benchmark corpus built from `fixtures/llm-industry.md`.
//!
//! The sample is a title (`### …`) followed by 30 entries (`#### N. 标题`).
//! [`many_files`] makes 1,000 files of about 41 KB from it and
//! [`one_big_file`] one file of about 40 MB; entry numbers and titles are
//! rewritten so that no two entries are identical.
//!
//! Used by `benches/parse.rs` and `examples/gen_corpus.rs` through
//! `#[path = "…/corpus.rs"] mod corpus;`.

#![allow(dead_code)]

use std::fmt::Write as _;

/// Number of files [`many_files`] makes.
pub(crate) const MANY_FILES: usize = 1_000;

/// [`one_big_file`] grows until it has at least this many bytes.
pub(crate) const BIG_FILE_BYTES: usize = 40_000_000;

/// The sample, as stored in the repository.
pub(crate) fn sample() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/llm-industry.md");
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {path}: {err}"))
}

/// One bank of `entries` entries under the title `### 题库`: the sample's
/// 30 entries over and over, numbered 1 to `entries` (the export and import
/// benches).
pub(crate) fn repeated_bank(entries: usize) -> String {
    let sample = split_sample();
    let mut text = String::from("### 题库\n\n");
    for n in 0..entries {
        let entry = &sample.entries[n % sample.entries.len()];
        let _ = write!(text, "#### {}. {}", n + 1, entry.title);
        text.push_str(&entry.body);
    }
    text
}

/// The sample cut into its preamble (up to the title heading included) and
/// its entries.
pub(crate) struct Sample {
    /// Everything before the title heading (blank lines).
    pub(crate) lead: String,
    /// The title heading's text, without `### `.
    pub(crate) title: String,
    /// Text between the title line and the first entry.
    pub(crate) after_title: String,
    /// The entries.
    pub(crate) entries: Vec<SampleEntry>,
}

/// One entry of the sample.
pub(crate) struct SampleEntry {
    /// The heading's title after `N. `.
    pub(crate) title: String,
    /// Everything after the heading line (starting with its `\n`), ending
    /// with a blank line.
    pub(crate) body: String,
}

/// The sample, cut up.
pub(crate) fn split_sample() -> Sample {
    let text = sample();
    let title_at = text.find("\n### ").map_or(0, |i| i + 1);
    let title_end = title_at + text[title_at..].find('\n').expect("title line");
    let lead = text[..title_at].to_owned();
    let title = text[title_at + 4..title_end].to_owned();
    let mut starts: Vec<usize> = text
        .match_indices("\n#### ")
        .map(|(i, _)| i + 1)
        .filter(|&i| text[i + 5..].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let after_title = text[title_end..starts[0]].to_owned();
    starts.push(text.len());
    let entries = starts
        .windows(2)
        .map(|w| {
            let chunk = &text[w[0]..w[1]];
            let line_end = chunk.find('\n').unwrap_or(chunk.len());
            let heading = &chunk[5..line_end];
            let (_, title) = heading.split_once(". ").expect("`N. title` heading");
            let mut body = chunk[line_end..].to_owned();
            while !body.ends_with("\n\n") {
                body.push('\n');
            }
            SampleEntry {
                title: title.to_owned(),
                body,
            }
        })
        .collect();
    Sample {
        lead,
        title,
        after_title,
        entries,
    }
}

fn push_entry(out: &mut String, number: usize, entry: &SampleEntry, suffix: &str) {
    let _ = write!(out, "#### {number}. {}{suffix}", entry.title);
    out.push_str(&entry.body);
}

/// 1,000 texts of about 41 KB: `[file(0), file(1), …]`.
pub(crate) fn many_files() -> Vec<String> {
    let sample = split_sample();
    (0..MANY_FILES).map(|i| file_of(&sample, i)).collect()
}

/// The `i`-th of [`many_files`]: the sample with its title suffixed
/// `（第i+1册）`, its entries numbered from `30 * i + 1` on and their
/// titles suffixed `（卷i+1）`.
pub(crate) fn file(i: usize) -> String {
    file_of(&split_sample(), i)
}

fn file_of(sample: &Sample, i: usize) -> String {
    let mut out = String::with_capacity(44 * 1024);
    out.push_str(&sample.lead);
    let _ = write!(out, "### {}（第{}册）", sample.title, i + 1);
    out.push_str(&sample.after_title);
    let suffix = format!("（卷{}）", i + 1);
    let first = sample.entries.len() * i + 1;
    for (j, entry) in sample.entries.iter().enumerate() {
        push_entry(&mut out, first + j, entry, &suffix);
    }
    out
}

/// One text of about 40 MB (at least [`BIG_FILE_BYTES`]): one title, then
/// the sample's entries over and over, numbered 1, 2, 3… throughout; the
/// `k`-th copy's titles are suffixed `（第k轮）`.
pub(crate) fn one_big_file() -> String {
    big_file_of(BIG_FILE_BYTES)
}

/// Like [`one_big_file`], with exactly `entries` entries.
pub(crate) fn big_file_with_entries(entries: usize) -> String {
    let sample = split_sample();
    let mut out = String::with_capacity(entries * 1_400 + 64 * 1024);
    out.push_str(&sample.lead);
    let _ = write!(out, "### {}（合订本）", sample.title);
    out.push_str(&sample.after_title);
    let mut number = 1;
    let mut round = 1;
    while number <= entries {
        let suffix = format!("（第{round}轮）");
        for entry in sample.entries.iter().take(entries + 1 - number) {
            push_entry(&mut out, number, entry, &suffix);
            number += 1;
        }
        round += 1;
    }
    out
}

/// Like [`one_big_file`], of at least `bytes` bytes.
pub(crate) fn big_file_of(bytes: usize) -> String {
    let sample = split_sample();
    let mut out = String::with_capacity(bytes + 64 * 1024);
    out.push_str(&sample.lead);
    let _ = write!(out, "### {}（合订本）", sample.title);
    out.push_str(&sample.after_title);
    let mut number = 1;
    let mut round = 1;
    while out.len() < bytes {
        let suffix = format!("（第{round}轮）");
        for entry in &sample.entries {
            push_entry(&mut out, number, entry, &suffix);
            number += 1;
        }
        round += 1;
    }
    out
}

/// A bank of `entries` small entries (about 110 bytes each, with a
/// question, a one-item numbered answer and an analysis): the shape that
/// stresses per-entry costs rather than per-byte ones.
pub(crate) fn small_entries(entries: usize) -> String {
    let mut out = String::with_capacity(entries * 120 + 64);
    out.push_str("# 小题库\n\n");
    for n in 1..=entries {
        let _ = write!(
            out,
            "#### {n}. 标题{n}\n\n**题目：** 问题{n}？\n\n**答案：**\n\n1. **要点：** 说明{n}\n\n**解析：** 分析{n}\n\n"
        );
    }
    out
}

/// The second benchmark bank, in the exam layout rather than the sample's
/// (issue 23: the reader is measured on a layout it infers, not only on
/// labelled numbered headings): `## 一、单选题`-style sections of 50
/// numbered list items, each a stem with `A.`–`D.` option lines in the
/// item, `答案：B` and `解析：…`, and a Python question in English with its
/// code and `a)`–`d)` options every fifth item. At least `bytes` bytes.
pub(crate) fn exam_paper(bytes: usize) -> String {
    const SECTIONS: [&str; 4] = ["单选题", "多选题", "判断题", "程序题"];
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str(
        "# 计算机基础期末考试（基准）\n\n试卷的常见写法：大题标题分组，题干是编号列表项。\n\n",
    );
    let mut section = 0usize;
    while out.len() < bytes {
        let name = SECTIONS[section % SECTIONS.len()];
        // Sections numbered in Chinese numerals, as exam papers write them.
        let numeral = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][section % 10];
        let _ = write!(out, "## {numeral}、{name}（第{}部分）\n\n", section + 1);
        for n in 1..=50 {
            exam_item(&mut out, section * 50 + n, n);
        }
        section += 1;
    }
    out
}

/// One item of [`exam_paper`], numbered `n` in its section (`k` overall).
fn exam_item(out: &mut String, k: usize, n: usize) {
    let key = ["A", "B", "C", "D"][k % 4];
    if n % 5 == 0 {
        let _ = write!(
            out,
            "{n}. What does this program print (item {k})?\n\n   ```python\n   print(sum(range({k})))\n   ```\n\n   a) {}\n   b) {}\n   c) {}\n   d) {}\n\n   Answer: {}\n\n   Explanation: the sum of 0 to {} is {}.\n\n",
            k * (k - 1) / 2,
            k * (k + 1) / 2,
            k,
            0,
            key.to_lowercase(),
            k - 1,
            k * (k - 1) / 2,
        );
        return;
    }
    let _ = write!(
        out,
        "{n}. 第 {k} 题：计算机中数据的最小单位是（ ）。\n   A. 字节（{k}）\n   B. 位（{k}）\n   C. 字（{k}）\n   D. 双字（{k}）\n\n   答案：{key}\n\n   解析：位（bit）是数据的最小单位，字节由 8 位组成；本题编号 {k}。\n\n",
    );
}
