//! Generated banks (proptest): labels in every style and colon, numbers in
//! any order, lists misnumbered, choice entries with letters skipped, blank
//! lines and trailing spaces anywhere. Formatting each is settled, says the
//! same and leaves nothing for `check --fix`.

use proptest::prelude::*;

#[derive(Clone, Debug)]
struct GenEntry {
    number: u64,
    title: String,
    label_style: u8,
    chinese: bool,
    items: Vec<u64>,
    choice: Option<Vec<(char, bool)>>,
    analysis: bool,
    noise: Vec<u8>,
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "进程", "线程", "memory", "调度", "cache", "锁", "index", "网络", "queue", "页表",
    ])
    .prop_map(str::to_owned)
}

fn entry() -> impl Strategy<Value = GenEntry> {
    (
        1u64..40,
        prop::collection::vec(word(), 1..4),
        0u8..3,
        any::<bool>(),
        prop::collection::vec(1u64..12, 0..5),
        prop::option::of(prop::collection::vec(
            (
                prop::sample::select(vec!['A', 'B', 'C', 'D', 'E']),
                any::<bool>(),
            ),
            2..5,
        )),
        any::<bool>(),
        prop::collection::vec(0u8..4, 8),
    )
        .prop_map(
            |(number, title, label_style, chinese, items, choice, analysis, noise)| GenEntry {
                number,
                title: title.join(" "),
                label_style,
                chinese,
                items,
                choice,
                analysis,
                noise,
            },
        )
}

/// A label in the generated style: bold, bold with the colon outside, plain;
/// either colon.
fn label(e: &GenEntry, zh: &str, en: &str, k: usize) -> String {
    let word = if e.chinese { zh } else { en };
    let colon = if e.noise[k] % 2 == 0 { "：" } else { ":" };
    match e.label_style {
        0 => format!("**{word}{colon}**"),
        1 => format!("**{word}**{colon}"),
        _ => format!("{word}{colon}"),
    }
}

/// Blank lines and trailing spaces, from the entry's noise.
fn gap(e: &GenEntry, k: usize) -> &'static str {
    ["\n\n", "\n\n\n", "  \n\n", "\n \n\n"][usize::from(e.noise[k] % 4)]
}

fn render(entries: &[GenEntry]) -> String {
    let mut out = String::from("# 题库\n\n");
    for e in entries {
        out += &format!("#### {}. {}{}", e.number, e.title, gap(e, 0));
        out += &format!(
            "{} {}？{}",
            label(e, "题目", "Question", 1),
            e.title,
            gap(e, 2)
        );
        if let Some(options) = &e.choice {
            for (letter, checked) in options {
                let mark = if *checked { "x" } else { " " };
                out += &format!("- [{mark}] {letter}. {} {letter}\n", e.title);
            }
            out += "\n";
        } else {
            out += &format!("{}{}", label(e, "答案", "Answer", 3), gap(e, 4));
            for (k, n) in e.items.iter().enumerate() {
                out += &format!("{n}. **要点{k}：** {}\n", e.title);
            }
            if e.items.is_empty() {
                out += &format!("{} 是答案。\n", e.title);
            }
            out += gap(e, 5);
        }
        if e.analysis {
            out += &format!(
                "{} 因为 {}{}",
                label(e, "解析", "Explanation", 6),
                e.title,
                gap(e, 7)
            );
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_banks_format_settled_and_the_same(
        entries in prop::collection::vec(entry(), 1..8)
    ) {
        let text = render(&entries);
        super::check_format("generated.md", &text);
    }
}
