//! Generated banks (proptest): labels in every style and colon, numbers in
//! any order, lists misnumbered, choice entries with letters skipped, blank
//! lines and trailing spaces anywhere. Formatting each is settled, says the
//! same and leaves nothing for `check --fix`. Generated card files (`Q:` /
//! `A:` cards, some written apart, noise between them) keep every card as
//! written.

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

/// A `Q:` / `A:` card: its words, whether its question goes over two lines,
/// whether a blank line stands between its `Q:` and `A:`, and what goes
/// between it and the next card.
#[derive(Clone, Debug)]
struct GenCard {
    words: Vec<String>,
    two_lines: bool,
    spaced: bool,
    explained: bool,
    after: u8,
}

fn card() -> impl Strategy<Value = GenCard> {
    (
        prop::collection::vec(word(), 1..4),
        any::<bool>(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        0u8..5,
    )
        .prop_map(|(words, two_lines, spaced, explained, after)| GenCard {
            words,
            two_lines,
            spaced,
            explained,
            after,
        })
}

impl GenCard {
    /// The card from its `Q:` to its last line, as fmt writes it.
    fn tidy(&self) -> String {
        let words = self.words.join(" ");
        let question = if self.two_lines {
            format!("Q: {words}\nmore {words}?")
        } else {
            format!("Q: {words}?")
        };
        let gap = if self.spaced { "\n\n" } else { "\n" };
        let mut out = format!("{question}{gap}A: {words}.\n");
        if self.explained {
            out += &format!("Explanation: {words}.\n");
        }
        out
    }
}

fn render_cards(cards: &[GenCard]) -> String {
    let mut out = String::from("# Cards\n\n");
    for c in cards {
        out += &c.tidy().replace(".\n", ". \n");
        out += ["\n", "\n\n\n", " \n\n", "\n---\n\n", "\n\t\n\n"][usize::from(c.after)];
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Card files, tidy or not, some cards with a blank line between `Q:`
    /// and `A:`: formatted settled, the same, and every card as written.
    #[test]
    fn generated_card_files_keep_their_cards(cards in prop::collection::vec(card(), 1..8)) {
        let text = render_cards(&cards);
        let out = super::check_format("cards.md", &text);
        for c in &cards {
            let tidy = c.tidy();
            prop_assert!(out.contains(&tidy), "{tidy:?} not in:\n{out}");
        }
    }
}
