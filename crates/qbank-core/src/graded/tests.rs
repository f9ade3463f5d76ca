use super::*;
use crate::{ParseOptions, parse};

fn kind_of(md: &str) -> (Kind, Option<Graded>) {
    let doc = parse("t.md", md, &ParseOptions::default());
    let e = doc.entries.into_iter().next().expect("one entry");
    (e.kind, e.graded)
}

fn num(s: &str) -> Number {
    Number(s.to_owned())
}

#[test]
fn numbers_read_as_written() {
    assert_eq!(num("2.71").value(), Some(2.71));
    assert_eq!(num("1,000").value(), Some(1000.0));
    assert_eq!(num("2.71").value(), Some(2.71));
    assert_eq!(num("−2").value(), Some(-2.0));
    assert_eq!(num("6.02e23").value(), Some(6.02e23));
    assert_eq!(num("abc").value(), None);
}

#[test]
fn a_tolerance_makes_a_numerical_answer() {
    let (kind, graded) = kind_of("## 1. g?\n\n**Answer:** 9.8 ± 0.1 m/s²\n");
    assert_eq!(kind, Kind::Numerical);
    assert_eq!(
        graded,
        Some(Graded::Numerical(Numerical {
            answer: NumericalAnswer::Value {
                value: num("9.8"),
                tolerance: Some(Tolerance::Absolute(num("0.1"))),
            },
            unit: Some("m/s²".to_owned()),
        }))
    );
    let (kind, graded) = kind_of("## 1. 圆周率？\n\n**答案：** 3.14（±0.01）\n");
    assert_eq!(kind, Kind::Numerical, "{graded:?}");
    let (_, graded) = kind_of("## 1. Rate?\n\n**Answer:** 100 ± 1 %\n");
    let Some(Graded::Numerical(n)) = graded else {
        panic!("{graded:?}")
    };
    assert_eq!(
        n.answer,
        NumericalAnswer::Value {
            value: num("100"),
            tolerance: Some(Tolerance::Percent(num("1")))
        }
    );
}

#[test]
fn a_bare_number_stays_open_unless_the_section_says_numerical() {
    assert_eq!(kind_of("## 1. How many?\n\n**Answer:** 42\n").0, Kind::Open);
    let md = "# Quiz\n\n## Numerical\n\n### 1. How many?\n\n**Answer:** 42\n\n### 2. Between?\n\n**Answer:** [3.1, 3.2]\n";
    let doc = parse("t.md", md, &ParseOptions::default());
    assert_eq!(doc.entries.len(), 2);
    assert!(
        doc.entries.iter().all(|e| e.kind == Kind::Numerical),
        "{:#?}",
        doc.entries
    );
    assert_eq!(
        doc.entries[1].graded,
        Some(Graded::Numerical(Numerical {
            answer: NumericalAnswer::Range {
                min: num("3.1"),
                max: num("3.2")
            },
            unit: None
        }))
    );
}

#[test]
fn accepted_answers_make_a_short_answer() {
    let (kind, graded) =
        kind_of("## 1. Spell it\n\n**Answer:** colour\nAccepted: color | Colour\n");
    assert_eq!(kind, Kind::Short);
    assert_eq!(
        graded,
        Some(Graded::Short {
            accepted: vec!["colour".into(), "color".into(), "Colour".into()],
            case_sensitive: false
        })
    );
    let (_, graded) =
        kind_of("## 1. 协议？\n\n**答案：** TCP 或 传输控制协议\n可接受答案：tcp\n区分大小写\n");
    assert_eq!(
        graded,
        Some(Graded::Short {
            accepted: vec!["TCP".into(), "传输控制协议".into(), "tcp".into()],
            case_sensitive: true
        })
    );
    // A long answer with an accepted line is not a short answer.
    let long = "## 1. Why?\n\n**Answer:** Because.\n\nMore words.\n\nAccepted: because\n";
    assert_eq!(kind_of(long).0, Kind::Open);
}

#[test]
fn pairs_under_a_matching_stem() {
    let md = "## 1. Match each language with its creator.\n\n**Answer:**\n\n- Rust → Graydon Hoare\n- Python → Guido van Rossum\n- → Dennis Ritchie\n";
    let (kind, graded) = kind_of(md);
    assert_eq!(kind, Kind::Matching, "{graded:?}");
    let Some(Graded::Matching { pairs, distractors }) = graded else {
        panic!()
    };
    let sides: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.left.as_str(), p.right.as_str()))
        .collect();
    assert_eq!(
        sides,
        [("Rust", "Graydon Hoare"), ("Python", "Guido van Rossum")]
    );
    assert_eq!(distractors, ["Dennis Ritchie"]);
    let codes = "## 1. 连线：将左右两列配对。\n\n**答案：** A-2, B-1, C-3\n";
    let (kind, graded) = kind_of(codes);
    assert_eq!(kind, Kind::Matching, "{graded:?}");
    let table = "# Q\n\n## 连线题\n\n### 1. 协议与层\n\n**答案：**\n\n| 协议 | 层 |\n| --- | --- |\n| TCP | 传输层 |\n| IP | 网络层 |\n";
    let doc = parse("t.md", table, &ParseOptions::default());
    assert_eq!(doc.entries[0].kind, Kind::Matching, "{:#?}", doc.entries[0]);
}

#[test]
fn arrows_without_a_matching_cue_stay_open() {
    let md = "## 1. What does map do?\n\n**Answer:**\n\n- a → b\n- c → d\n";
    assert_eq!(kind_of(md).0, Kind::Open);
}

#[test]
fn an_order_under_an_ordering_stem() {
    let md = "## 1. Put the steps of TCP's handshake in order.\n\n**Answer:**\n\n1. SYN\n2. SYN-ACK\n3. ACK\n";
    assert_eq!(
        kind_of(md).1,
        Some(Graded::Ordering {
            items: vec!["SYN".into(), "SYN-ACK".into(), "ACK".into()]
        })
    );
    let md = "## 1. 请按正确顺序排列编译的阶段。\n\n**答案：** 预处理 → 编译 → 汇编 → 链接\n";
    assert_eq!(kind_of(md).0, Kind::Ordering);
    // A question about sorting is not an ordering question.
    let md = "## 1. 快速排序的步骤？\n\n**答案：**\n\n1. 选基准\n2. 分区\n3. 递归\n";
    assert_eq!(kind_of(md).0, Kind::Open);
}

#[test]
fn a_kind_tag_before_the_stem_is_a_cue() {
    // As examify's exams write them.
    let md = "## 3. [Numeric] Calculate the mean of: 10, 20, 30, 40, 50 [3pts]\n\nAnswer: 30\n";
    let (kind, graded) = kind_of(md);
    assert_eq!(kind, Kind::Numerical, "{graded:?}");
    assert_eq!(kind_of("## 3. [MC] Pick one\n\nAnswer: 30\n").0, Kind::Open);
}
