//! Each syntax variant the parser accepts, on its fixture.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use qbank_core::{
    Block, Colon, DecodeError, Encoding, LabelStyle, LineEndings, LineIndex, NumberSeparator,
    ParseOptions, SectionKind::*,
};

#[test]
fn sample_has_thirty_entries_matching_its_headings() {
    let file = load("llm-industry.md");
    let text = &file.source.text;
    let doc = &file.document;
    assert_eq!(
        doc.title.as_ref().unwrap().text,
        "大模型产业化：新商业模式和生态系统"
    );
    assert_eq!(doc.title.as_ref().unwrap().level, 3);
    assert_eq!(doc.entry_level, Some(4));
    // The `####` headings, straight from the text.
    let headings: Vec<(u32, u64, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.strip_prefix("#### ")?;
            let (n, title) = rest.split_once(". ")?;
            Some((i as u32 + 1, n.parse().ok()?, title))
        })
        .collect();
    assert_eq!(headings.len(), 30);
    let index = LineIndex::new(text);
    assert_eq!(doc.entries.len(), 30);
    for (entry, (line, number, title)) in doc.entries.iter().zip(&headings) {
        assert_eq!(entry.number, Some(*number));
        assert_eq!(entry.title, *title);
        assert_eq!(index.line(entry.span.start), *line);
        assert_eq!(entry.heading.level, 4);
        assert_eq!(entry.heading.separator, Some(NumberSeparator::Dot));
        assert!(entry.preamble.is_empty());
        let kinds: Vec<_> = entry.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Question, Answer, Analysis], "entry {number}");
        for section in &entry.sections {
            assert_eq!(section.label.style, LabelStyle::Bold);
            assert_eq!(section.label.colon, Some(Colon::Fullwidth));
            // The body is the exact source slice after the label, trimmed.
            let after = &text[section.label.span.end as usize..];
            assert!(after.trim_start().starts_with(section.body.slice(text)));
        }
    }
    check_invariants(text, doc);
}

#[test]
fn sample_entry_two_keeps_its_list_with_bold_terms() {
    let file = load("llm-industry.md");
    let lists = lists(&file, 1, Answer);
    assert_eq!(lists.len(), 1);
    let list = lists[0];
    assert_eq!(list.start, Some(1));
    assert_eq!(list.delimiter, '.');
    let items: Vec<(Option<u64>, &str, &str)> = list
        .items
        .iter()
        .map(|i| {
            (
                i.number,
                slice(&file, i.term.as_ref().unwrap().span),
                slice(&file, i.text),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                Some(1),
                "数据清洗",
                "去除数据中的噪声和异常值，确保数据质量。"
            ),
            (
                Some(2),
                "数据增强",
                "通过数据扩充技术（如数据变换、裁剪、旋转等）增加数据的多样性，有助于提高模型的泛化能力。"
            ),
            (
                Some(3),
                "数据归一化",
                "将不同特征的范围缩放到同一尺度，有利于模型收敛。"
            ),
            (
                Some(4),
                "数据分块",
                "对于大量数据，可以将其分成较小的数据块进行并行处理，提高训练效率。"
            ),
            (
                Some(5),
                "序列填充",
                "对于序列数据，可以填充空白位置或使用特殊的填充字符，以便模型进行学习。"
            ),
        ]
    );
    for item in &list.items {
        let term = item.term.as_ref().unwrap();
        assert_eq!(term.colon, Some(Colon::Fullwidth));
        assert_eq!(slice(&file, term.colon_span.unwrap()), "：");
        assert!(slice(&file, term.bold_span).starts_with("**"));
    }
    // Entry 1's answer has two lists around a paragraph.
    assert_eq!(lists_len(&file, 0), 2);
}

fn lists_len(file: &qbank_core::ParsedFile, entry: usize) -> usize {
    lists(file, entry, Answer).len()
}

#[test]
fn english_labels_with_ascii_colons() {
    let file = load("english-labels.md");
    let doc = &file.document;
    assert_eq!(doc.entry_level, Some(2));
    assert_eq!(doc.entries.len(), 2);
    assert_eq!(
        body(&file, 0, Question),
        Some("What does the CAP theorem state?")
    );
    let e = &doc.entries[0];
    assert_eq!(e.sections[2].label.text, "Explanation");
    assert_eq!(e.sections[0].label.colon, Some(Colon::Ascii));
    let terms: Vec<&str> = lists(&file, 0, Answer)[0]
        .items
        .iter()
        .map(|i| slice(&file, i.term.as_ref().unwrap().span))
        .collect();
    assert_eq!(
        terms,
        ["Consistency", "Availability", "Partition tolerance"]
    );
    assert_eq!(
        body(&file, 0, Analysis),
        Some(
            "Partitions happen in practice, so the real choice is between\nconsistency and availability while a partition lasts."
        )
    );
    assert_eq!(
        body(&file, 1, Answer),
        Some("Because a retry may repeat an operation that already succeeded.")
    );
}

#[test]
fn plain_labels_body_on_the_line_or_below() {
    let file = load("plain-labels.md");
    let e = &file.document.entries;
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].sections[0].label.style, LabelStyle::Plain);
    assert_eq!(
        body(&file, 0, Question),
        Some("事务的 ACID 特性分别是什么？")
    );
    // Items without a bold term have none, even with a colon in the text.
    let items = &lists(&file, 0, Answer)[0].items;
    assert_eq!(items.len(), 4);
    assert!(items.iter().all(|i| i.term.is_none()));
    assert_eq!(
        slice(&file, items[0].text),
        "原子性：事务要么全部完成，要么全部不做。"
    );
    // Other aliases, ASCII colons, body on the next line of the paragraph.
    assert_eq!(e[1].sections[0].label.text, "问题");
    assert_eq!(e[1].sections[1].label.text, "参考答案");
    assert_eq!(e[1].sections[2].label.text, "分析");
    assert_eq!(body(&file, 1, Question), Some("为什么索引能加快查询?"));
    assert_eq!(
        body(&file, 1, Analysis),
        Some("B+ 树索引把查找的代价降到对数级别。")
    );
}

#[test]
fn colon_outside_the_bold() {
    let file = load("colon-outside-bold.md");
    let e = &file.document.entries[0];
    assert_eq!(e.sections[0].label.style, LabelStyle::BoldColonOutside);
    assert_eq!(slice(&file, e.sections[0].label.span), "**题目**：");
    assert_eq!(body(&file, 0, Question), Some("为什么 TCP 需要三次握手？"));
    let items = &lists(&file, 0, Answer)[0].items;
    assert_eq!(
        slice(&file, items[0].term.as_ref().unwrap().span),
        "同步序列号"
    );
    assert_eq!(slice(&file, items[0].text), "双方交换初始序列号。");
}

#[test]
fn headings_as_labels() {
    let file = load("heading-labels.md");
    let e = &file.document.entries;
    assert_eq!(e.len(), 2);
    let kinds: Vec<_> = e[0].sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Question, Answer, Analysis]);
    assert_eq!(e[0].sections[0].label.style, LabelStyle::Heading);
    assert!(body(&file, 0, Answer).unwrap().contains("func twoSum"));
    assert!(matches!(
        e[0].sections[1].blocks[1],
        Block::Code { ref lang, .. } if lang.as_deref() == Some("go")
    ));
    assert_eq!(
        body(&file, 0, Analysis),
        Some("时间复杂度 O(n)，空间复杂度 O(n)。")
    );
    // `#### 题目：` with the body below; `#### 答案：迭代` with text on the
    // heading's line; `#### 题目大意` is no label.
    assert_eq!(body(&file, 1, Question), Some("反转一个单链表。"));
    let answer = body(&file, 1, Answer).unwrap();
    assert!(answer.starts_with("迭代\n\n维护前驱指针"));
    assert!(answer.contains("#### 题目大意"));
    assert_eq!(e[1].sections.len(), 2);
}

#[test]
fn number_separators() {
    let file = load("separators.md");
    let doc = &file.document;
    assert_eq!(doc.title.as_ref().unwrap().text, "操作系统");
    let seps: Vec<_> = doc
        .entries
        .iter()
        .map(|e| (e.number, e.title.as_str(), e.heading.separator))
        .collect();
    assert_eq!(
        seps,
        [
            (
                Some(1),
                "进程与线程",
                Some(NumberSeparator::IdeographicComma)
            ),
            (Some(2), "死锁", Some(NumberSeparator::FullwidthDot)),
            (Some(3), "虚拟内存", Some(NumberSeparator::Paren)),
            (Some(4), "页面置换", Some(NumberSeparator::Dot)),
        ]
    );
    for e in &doc.entries {
        let n = slice(&file, e.heading.number_span.unwrap());
        assert_eq!(n.parse::<u64>().ok(), e.number);
    }
    // `### 1.5 版本说明` is no entry: it stays content of entry 4.
    assert!(
        body(&file, 3, Analysis)
            .unwrap()
            .contains("### 1.5 版本说明")
    );
}

#[test]
fn level_six_entries_and_code_in_the_preamble() {
    let file = load("h6-entries.md");
    let doc = &file.document;
    assert_eq!(doc.entry_level, Some(6));
    assert_eq!(doc.entries.len(), 2);
    // No question labels in the document: the heading and the code under
    // it are the question.
    assert!(doc.entries[0].preamble.is_empty());
    let question = doc.entries[0].section(Question).unwrap();
    assert!(matches!(question.blocks[..], [Block::Code { .. }]));
    assert_eq!(question.label.style, qbank_core::LabelStyle::Implicit);
    assert!(
        body(&file, 0, Question)
            .unwrap()
            .starts_with("输出是什么？\n\n```javascript")
    );
    assert_eq!(body(&file, 1, Answer), Some("`false`"));
}

#[test]
fn code_fences_html_and_containers_hide_labels_and_headings() {
    let file = load("code-fences.md");
    let doc = &file.document;
    assert_eq!(doc.entries.len(), 2);
    let e = &doc.entries[0];
    let kinds: Vec<_> = e.sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Question, Answer, Analysis]);
    let answer = &e.sections[1];
    assert!(matches!(
        answer.blocks[..],
        [Block::Code { .. }, Block::Code { .. }, Block::Code { .. }]
    ));
    let analysis = &e.sections[2];
    let kinds: Vec<&str> = analysis
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::Table { .. } => "table",
            Block::Html { .. } => "html",
            Block::BlockQuote { .. } => "quote",
            Block::List(_) => "list",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["p", "table", "p", "html", "quote", "list"]);
    assert!(
        body(&file, 0, Analysis)
            .unwrap()
            .ends_with("- **解析：** a label inside a list item is content")
    );
    assert_eq!(doc.entries[1].number, Some(2));
}

#[test]
fn nested_lists_paren_lists_and_mixed_terms() {
    let file = load("nested-lists.md");
    let answer = lists(&file, 0, Answer);
    assert_eq!(answer.len(), 1);
    let items = &answer[0].items;
    assert_eq!(items.len(), 4);
    let t = |i: usize| items[i].term.as_ref().map(|t| slice(&file, t.span));
    assert_eq!(t(0), Some("正则化"));
    assert_eq!(t(1), Some("数据增强"));
    assert_eq!(
        items[1].term.as_ref().unwrap().colon,
        Some(Colon::Fullwidth)
    );
    assert_eq!(t(2), None);
    assert_eq!(t(3), Some("Dropout"));
    assert_eq!(items[3].term.as_ref().unwrap().colon, None);
    assert_eq!(slice(&file, items[3].text), "随机丢弃神经元。");
    // Nesting: ordered with terms, then a bullet list.
    let nested = &items[0].lists[0];
    assert_eq!(nested.start, Some(1));
    assert_eq!(
        slice(&file, nested.items[1].term.as_ref().unwrap().span),
        "L2"
    );
    assert_eq!(slice(&file, items[0].text), "在损失中加入惩罚项。");
    let bullets = &items[2].lists[0];
    assert_eq!(bullets.start, None);
    assert_eq!(bullets.delimiter, '-');
    assert_eq!(slice(&file, bullets.items[1].text), "需要耐心参数");
    // `5)` lists keep their start and delimiter.
    let paren = lists(&file, 0, Analysis);
    assert_eq!(paren[0].start, Some(5));
    assert_eq!(paren[0].delimiter, ')');
    let numbers: Vec<_> = paren[0].items.iter().map(|i| i.number).collect();
    assert_eq!(numbers, [Some(5), Some(6), Some(7)]);
    assert_eq!(
        slice(&file, paren[0].items[2].term.as_ref().unwrap().span),
        "术语"
    );
    // A loose item with two paragraphs.
    let loose = &lists(&file, 1, Answer)[0].items[0];
    assert_eq!(
        slice(&file, loose.text),
        "模型预测与真实值的系统性差距。\n\n   这一项有第二段。"
    );
}

#[test]
fn html_anchors_and_heading_ids() {
    let file = load("anchored-headings.md");
    let e = &file.document.entries;
    let got: Vec<_> = e
        .iter()
        .map(|e| (e.number, e.title.as_str(), e.heading.id.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(55), "输出是什么？", None),
            (Some(56), "输出是什么？", None),
            (Some(57), "带属性的标题", Some("q-57")),
        ]
    );
    assert_eq!(slice(&file, e[0].heading.number_span.unwrap()), "55");
}

#[test]
fn missing_and_empty_sections() {
    let file = load("missing-sections.md");
    let e = &file.document.entries;
    assert_eq!(e.len(), 5);
    assert_eq!(body(&file, 0, Question), None);
    assert_eq!(body(&file, 0, Answer), Some("标题本身就是问题。"));
    assert_eq!(body(&file, 1, Analysis), None);
    assert_eq!(body(&file, 2, Answer), Some(""));
    assert!(e[2].sections[1].blocks.is_empty());
    assert!(e[3].sections.is_empty());
    assert!(matches!(e[3].preamble[..], [Block::Paragraph { .. }]));
    assert!(e[4].sections.is_empty() && e[4].preamble.is_empty());
}

#[test]
fn sections_out_of_order_and_repeated_are_recorded() {
    let file = load("out-of-order.md");
    let e = &file.document.entries;
    let kinds: Vec<_> = e[0].sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Analysis, Question, Answer]);
    let kinds: Vec<_> = e[1].sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Question, Answer, Question, Analysis]);
    assert_eq!(body(&file, 1, Question), Some("第一个题目。"));
    assert_eq!(slice(&file, e[1].preamble[0].span()), "题目前的内容。");
}

#[test]
fn labels_at_the_start_of_paragraph_lines() {
    let file = load("qa-lines.md");
    assert_eq!(body(&file, 0, Question), Some("Who frees a value in Rust?"));
    assert_eq!(
        body(&file, 0, Answer),
        Some("Its owner, when the owner goes out of scope.")
    );
    assert_eq!(
        body(&file, 0, Analysis),
        Some("No garbage collector is needed.")
    );
    assert_eq!(body(&file, 1, Answer), Some("One."));
}

#[test]
fn chinese_numerals() {
    let file = load("chinese-numerals.md");
    let numbers: Vec<_> = file.document.entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(12)]);
    assert_eq!(file.document.entries[0].title, "基本概念");
}

#[test]
fn group_headings_and_separators() {
    let file = load("group-headings.md");
    let doc = &file.document;
    assert_eq!(doc.title.as_ref().unwrap().text, "面试题");
    assert_eq!(doc.entries.len(), 3);
    // The `---` between entries 1 and 2 belongs to neither.
    assert_eq!(body(&file, 0, Analysis), Some("一。"));
    // A deeper heading is content; a shallower one ends the entry.
    assert_eq!(
        body(&file, 1, Analysis),
        Some("二。\n\n#### 补充说明\n\n更深的标题属于条目内容。")
    );
    let outside: Vec<&str> = doc.outside.iter().map(|b| slice(&file, b.span())).collect();
    assert_eq!(
        outside,
        [
            "# 面试题",
            "## 第一部分：基础",
            "## 第二部分：进阶",
            "这段文字不属于任何条目。"
        ]
    );
}

#[test]
fn encodings_and_line_endings_give_the_same_model() {
    let plain = load("llm-industry.md");
    for (name, encoding, endings) in [
        ("bom.md", Encoding::Utf8Bom, LineEndings::Lf),
        ("crlf.md", Encoding::Utf8, LineEndings::CrLf),
        ("lone-cr.md", Encoding::Utf8, LineEndings::Cr),
        ("utf16le.md", Encoding::Utf16Le, LineEndings::CrLf),
        ("utf16be.md", Encoding::Utf16Be, LineEndings::Lf),
    ] {
        let file = load(name);
        assert_eq!(file.source.encoding, encoding, "{name}");
        assert_eq!(file.source.line_endings, endings, "{name}");
        assert!(!file.source.text.contains('\r') && !file.source.text.contains('\u{feff}'));
        // The variants hold the sample's first 60 lines: entries 1–4.
        assert!(plain.source.text.starts_with(&file.source.text), "{name}");
        let entries = &file.document.entries;
        assert_eq!(entries.len(), 4, "{name}");
        assert_eq!(entries[..3], plain.document.entries[..3], "{name}");
        assert_eq!(file.document.title, plain.document.title);
    }
}

#[test]
fn invalid_utf8_is_an_error_with_line_and_offset() {
    let bytes = std::fs::read(fixtures().join("invalid-utf8.md")).unwrap();
    let err = qbank_core::parse_bytes("invalid-utf8.md", bytes.clone(), &ParseOptions::default())
        .unwrap_err();
    let bad = bytes.iter().position(|&b| b == 0xE9).unwrap() as u64;
    assert_eq!(
        err,
        DecodeError::InvalidUtf8 {
            path: "invalid-utf8.md".into(),
            line: 5,
            offset: bad
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "invalid-utf8.md:5: invalid UTF-8 at byte offset {bad} (the file must be UTF-8, or UTF-16 with a byte-order mark)"
        )
    );
}

#[test]
fn empty_and_title_only_files() {
    let empty = load("empty.md");
    assert!(empty.document.entries.is_empty());
    assert!(empty.document.title.is_none());
    let title = load("title-only.md");
    assert!(title.document.entries.is_empty());
    assert_eq!(
        title.document.title.as_ref().unwrap().text,
        "只有标题的题库"
    );
    assert_eq!(title.document.entry_level, None);
}

#[test]
fn every_fixture_holds_the_invariants() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(file) = qbank_core::parse_bytes("x.md", bytes, &ParseOptions::default()) {
                check_invariants(&file.source.text, &file.document);
            }
        }
    }
}

/// A `<details><summary>…</summary>` label is named by its summary's text,
/// as a reader sees it, not by the HTML around it; its span still covers
/// the whole `<details><summary>` opening.
#[test]
fn details_labels_are_named_by_their_summary() {
    let file = load("shapes/details-answers.md");
    let names: Vec<&str> = file
        .document
        .entries
        .iter()
        .flat_map(|e| &e.sections)
        .map(|s| s.label.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(names, ["答案", "查看答案", "Explanation"]);
    let second = &file.document.entries[1].sections[1].label;
    assert_eq!(
        slice(&file, second.span),
        "<details>\n<summary>查看答案</summary>"
    );
}
