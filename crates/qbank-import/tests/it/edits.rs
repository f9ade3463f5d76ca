//! Edits made in an export come back as the same edits in Markdown.

use super::{export, fmt, parsed, root};
use proptest::prelude::*;

pub(crate) type Table = Vec<Vec<String>>;

pub(crate) fn table(csv: &[u8]) -> Table {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub(crate) fn csv_of(table: &Table) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in table {
        w.write_record(row).unwrap();
    }
    w.into_inner().unwrap()
}

pub(crate) fn column(table: &Table, name: &str) -> usize {
    table[0].iter().position(|c| c == name).unwrap()
}

/// Import an edited CSV; the one document's text.
fn import(table: &Table) -> String {
    let back = qbank_import::from_bytes("edited.csv", &csv_of(table)).unwrap();
    assert_eq!(back.documents.len(), 1);
    back.documents[0].text.clone()
}

fn sample() -> (String, Table) {
    let text = std::fs::read_to_string(root().join("fixtures/llm-industry.md")).unwrap();
    let file = parsed("llm-industry.md", &text);
    (text, table(&export(&[&file], "csv")))
}

#[test]
fn a_changed_answer_cell() {
    let (text, mut t) = sample();
    let answer = column(&t, "answer");
    t[2][answer] = t[2][answer].replace("去除数据中的噪声", "（已修订）去除数据中的噪声");
    let want = fmt(
        "x",
        &text.replace("去除数据中的噪声", "（已修订）去除数据中的噪声"),
    );
    assert_eq!(import(&t), want);
}

#[test]
fn deleted_and_reordered_rows_renumber() {
    let (text, mut t) = sample();
    t.remove(3); // entry 3
    t.swap(1, 2); // entries 2 and 1
    let out = import(&t);
    let titles: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("#### "))
        .take(3)
        .collect();
    assert_eq!(
        titles,
        [
            "#### 1. 大模型训练过程中的数据预处理技巧",
            "#### 2. 大模型在人工智能中的应用及其产业化挑战",
            "#### 3. 大模型推理优化技术",
        ]
    );
    assert_eq!(out.matches("\n#### ").count(), 29);
    // Everything else is the sample's.
    assert!(out.starts_with(&text.trim_start()[..text.trim_start().find("#### 1.").unwrap()]));
}

#[test]
fn a_new_row_takes_its_neighbours_shape() {
    let (_, mut t) = sample();
    let mut row = vec![String::new(); t[0].len()];
    row[column(&t, "file")] = "llm-industry.md".into();
    row[column(&t, "title")] = "新的问题".into();
    row[column(&t, "question")] = "什么是新的问题？".into();
    row[column(&t, "answer")] = "1. **第一点：** 说明。".into();
    row[column(&t, "kind")] = "open".into();
    t.push(row);
    let out = import(&t);
    assert!(
        out.ends_with("#### 31. 新的问题\n\n**题目：** 什么是新的问题？\n\n**答案：**\n\n1. **第一点：** 说明。\n"),
        "{}",
        &out[out.len() - 300..]
    );
}

#[test]
fn choice_marks_and_options_come_back() {
    let text =
        std::fs::read_to_string(root().join("fixtures/shapes/choice-task-lists.md")).unwrap();
    let file = parsed("c.md", &text);
    let mut t = table(&export(&[&file], "csv"));
    let (options, correct) = (column(&t, "options"), column(&t, "correct"));
    t[1][correct] = "C".into();
    t[2][options] = t[2][options].replace("docker images", "docker image ls");
    let out = import(&t);
    let want = text
        .replace("- [x] B. 面向连接", "- [ ] B. 面向连接")
        .replace("- [ ] C. 不保证顺序", "- [x] C. 不保证顺序")
        .replace("- [ ] docker images", "- [ ] docker image ls");
    assert_eq!(out, fmt("c.md", &want));
}

#[test]
fn a_key_edited_in_the_answer_cell_stays() {
    let text = std::fs::read_to_string(root().join("fixtures/shapes/choice-keys.md")).unwrap();
    let file = parsed("k.md", &text);
    let mut t = table(&export(&[&file], "csv"));
    let answer = column(&t, "answer");
    assert_eq!(t[1][answer], "C");
    t[1][answer] = "D".into();
    let out = import(&t);
    assert!(out.contains("**答案：** D\n"), "{out}");
}

#[test]
fn rows_without_source_are_written_in_a_canonical_shape() {
    let csv = "file,title,question,answer,analysis,document_title,kind,options,correct\n\
               q.md,进程,什么是进程？,程序的一次执行。,,操作系统,open,,\n\
               q.md,端口,HTTP 用哪个端口？,,,操作系统,choice,\"A. 21\nB. 80\",B\n";
    let back = qbank_import::from_bytes("q.csv", csv.as_bytes()).unwrap();
    assert_eq!(
        back.documents[0].text,
        "# 操作系统\n\n## 1. 进程\n\n**题目：** 什么是进程？\n\n**答案：** 程序的一次执行。\n\n## 2. 端口\n\n**题目：** HTTP 用哪个端口？\n\n- A. 21\n- B. 80\n\n**答案：** B\n"
    );
}

/// Issue 27, item 3: a CSV without its `source` column keeps its groups,
/// its keys and each question once.
#[test]
fn rows_without_source_keep_groups_keys_and_one_question() {
    let csv = "file,title,question,answer,analysis,document_title,category,kind,options,correct\n\
               q.md,What is a process?,What is a process?,A running program.,,OS,Basics,open,,\n\
               q.md,Ports,Which port does HTTP use?,,,OS,Networks,choice,\"A. 21\nB. 80\nC. 443\",\"B, C\"\n\
               q.md,Boxes,Pick one,,,OS,Networks,choice,\"1. yes\n2. no\",1\n";
    let back = qbank_import::from_bytes("q.csv", csv.as_bytes()).unwrap();
    let text = &back.documents[0].text;
    assert_eq!(
        text,
        "# OS\n\n## Basics\n\n### 1. What is a process?\n\n**Answer:** A running program.\n\n\
         ## Networks\n\n### 2. Ports\n\n**Question:** Which port does HTTP use?\n\n\
         - A. 21\n- B. 80\n- C. 443\n\n**Answer:** B, C\n\n\
         ### 3. Boxes\n\n**Question:** Pick one\n\n- [x] yes\n- [ ] no\n"
    );
    // It reads back as it was given: groups, kinds and keys.
    let doc = qbank_core::parse("q.md", text, &qbank_core::ParseOptions::default());
    let entries: Vec<(Vec<String>, String, Vec<bool>)> = doc
        .entries
        .iter()
        .map(|e| {
            let correct = e.options.iter().map(|o| o.correct).collect();
            (e.category.clone(), e.title.clone(), correct)
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                vec!["Basics".to_owned()],
                "What is a process?".to_owned(),
                vec![]
            ),
            (
                vec!["Networks".to_owned()],
                "Ports".to_owned(),
                vec![false, true, true]
            ),
            (
                vec!["Networks".to_owned()],
                "Boxes".to_owned(),
                vec![true, false]
            ),
        ]
    );
    let rows = qbank_import::read_bytes("q.csv", csv.as_bytes()).unwrap();
    assert_eq!(rows.without_source(), ["q.md"]);
}

#[test]
fn ids_document_titles_and_group_names() {
    let text = "# 操作系统\n\n## 进程\n\n#### 1. 进程是什么 {#proc}\n\n**答案：** 执行中的程序。\n\n#### 2. 线程是什么\n\n**答案：** 调度单位。\n\n## 内存\n\n#### 3. 页表是什么\n\n**答案：** 映射。\n";
    let file = parsed("o.md", text);
    let mut t = table(&export(&[&file], "csv"));
    let (id, title, category) = (
        column(&t, "id"),
        column(&t, "document_title"),
        column(&t, "category"),
    );
    assert_eq!(t[1][id], "proc");
    t[1][id] = "process".into();
    t[2][id] = "thread".into();
    for row in &mut t[1..] {
        row[title] = "操作系统基础".into();
    }
    t[1][category] = "进程管理".into();
    t[2][category] = "进程管理".into();
    // Two rows under one heading disagree: that heading stays.
    let out = import(&t);
    assert_eq!(
        out,
        text.replace("{#proc}", "{#process}")
            .replace("2. 线程是什么", "2. 线程是什么 {#thread}")
            .replace("# 操作系统\n", "# 操作系统基础\n")
            .replace("## 进程\n", "## 进程管理\n")
    );
    let mut split = t.clone();
    split[2][category] = "线程".into();
    assert!(import(&split).contains("## 进程\n"));
}

/// A generated bank, in the sample's shape, of `n` entries.
fn bank(words: &[String]) -> String {
    let mut out = String::from("# 题库\n\n");
    for (i, w) in words.iter().enumerate() {
        out.push_str(&format!(
            "#### {}. {w} 的问题\n\n**题目：** 什么是 {w}？\n\n**答案：**\n\n1. **要点：** {w} 是一种东西。\n2. **用途：** 用于 {w}。\n\n**解析：** 关于 {w}。\n\n",
            i + 1
        ));
    }
    out
}

/// The columns that say what an entry is (not where it stands).
const CONTENT: [&str; 5] = ["title", "question", "answer", "analysis", "file"];

fn content(t: &Table) -> Vec<Vec<String>> {
    let columns: Vec<usize> = CONTENT.iter().map(|c| column(t, c)).collect();
    t.iter()
        .map(|r| columns.iter().map(|c| r[*c].clone()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Export, edit one cell, import, export again: only that cell differs.
    #[test]
    fn one_edited_cell_is_the_only_change(
        words in prop::collection::vec("[a-z]{3,8}", 1..6),
        row in 0usize..6,
        which in 0usize..4,
        new in "[a-z]{1,6}( [a-z]{1,6}){0,3}",
    ) {
        let text = bank(&words);
        let file = parsed("g.md", &text);
        let mut t = table(&export(&[&file], "csv"));
        let row = 1 + row % words.len();
        let col = column(&t, CONTENT[which]);
        t[row][col] = new.clone();
        let out = import(&t);
        let again = table(&export(&[&parsed("g.md", &out)], "csv"));
        let (mut want, got) = (content(&t), content(&again));
        // Cells are compared as the export writes them: trimmed.
        want[row][which] = new.trim().to_owned();
        prop_assert_eq!(got, want);
    }
}

fn fill_table(name: &str) -> (String, Table) {
    let text = std::fs::read_to_string(root().join("fixtures/fill").join(name)).unwrap();
    let file = parsed(name, &text);
    (text, table(&export(&[&file], "csv")))
}

#[test]
fn edited_blank_answers_come_back_in_the_banks_own_way() {
    let (text, mut t) = fill_table("mixed-exam.md");
    let blanks = column(&t, "blanks");
    let row = |t: &Table, cell: &str| t.iter().position(|r| r[blanks] == cell).unwrap();
    let two = row(&t, "1. 页号\n2. 页内偏移");
    t[two][blanks] = "1. 页号\n2. 页内地址".into();
    let one = row(&t, "1. 共享");
    t[one][blanks] = "1. 共享 | 资源共享".into();
    let want = text
        .replace("答案：页号；页内偏移", "答案：页号；页内地址")
        .replace("答案：共享\n", "答案：共享 或 资源共享\n");
    assert_eq!(import(&t), fmt("mixed-exam.md", &want));
}

#[test]
fn edited_clozes_come_back_inside_their_braces() {
    let (text, mut t) = fill_table("cloze.md");
    let (blanks, answer) = (column(&t, "blanks"), column(&t, "answer"));
    assert_eq!(t[2][answer], "Paris; France");
    t[1][blanks] = "1. mitochondrion\n2. powerhouse :: a site".into();
    t[2][answer] = "Lyon; France".into();
    let want = text
        .replace("{{c1::mitochondria}}", "{{c1::mitochondrion}}")
        .replace("::a place}}", "::a site}}")
        .replace("{{c1::Paris}}", "{{c1::Lyon}}");
    assert_eq!(import(&t), fmt("cloze.md", &want));
}

#[test]
fn alternatives_in_english_go_on_an_accepted_line() {
    let (text, mut t) = fill_table("underscores.md");
    let blanks = column(&t, "blanks");
    t[1][blanks] = "1. ARP | Address Resolution Protocol".into();
    t[3][blanks] = "1. 443 | port 443 | https port".into();
    let out = import(&t);
    let want = text
        .replace(
            "**Answer:** ARP\n",
            "**Answer:** ARP\nAccepted: ARP | Address Resolution Protocol\n",
        )
        .replace(
            "Accepted: 443 | port 443",
            "Accepted: 443 | port 443 | https port",
        );
    assert_eq!(out, fmt("underscores.md", &want));
    // Read back, the blanks hold what the cells said.
    let back = parsed("u.md", &out);
    let answers = &back.document.entries[0].blanks[0].answers;
    assert_eq!(answers, &["ARP", "Address Resolution Protocol"]);
}

/// Import an edited copy of `text`'s CSV export; `edit` changes the table.
fn edited(text: &str, edit: impl FnOnce(&mut Table)) -> String {
    let file = parsed("bank.md", text);
    let mut t = table(&export(&[&file], "csv"));
    edit(&mut t);
    import(&t)
}

#[test]
fn an_answer_added_in_an_unlabelled_bank_stands_unlabelled() {
    let text = "# Rust\n\n## What is Rust?\n\nA systems programming language.\n\n\
                ## What is Cargo?\n\nRust's package manager.\n\n## What is Clippy?\n";
    let out = edited(text, |t| {
        let answer = column(t, "answer");
        t[3][answer] = "A collection of lints.".to_owned();
    });
    assert_eq!(out, fmt("x", &format!("{text}\nA collection of lints.\n")));
    assert!(!out.contains("**Answer:**"), "{out}");
}

#[test]
fn an_added_analysis_is_labelled_and_spaced_as_the_bank_writes_it() {
    let text = "# 题库\n\n#### 1. 题一\n\n题目：问题一？\n\n答案：甲\n\n解析：因为甲。\n\n\
                #### 2. 题二\n\n题目：问题二？\n\n答案：乙\n";
    let out = edited(text, |t| {
        let analysis = column(t, "analysis");
        t[2][analysis] = "因为乙。".to_owned();
    });
    assert_eq!(out, fmt("x", &format!("{text}\n解析：因为乙。\n")));
}
