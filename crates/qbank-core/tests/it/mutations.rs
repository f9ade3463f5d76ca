//! A cheap, deterministic fuzz pass: fixtures mutated with Markdown-ish
//! fragments must still parse, in one piece or in parallel pieces, to a model
//! whose spans all fall on character boundaries.
#![allow(clippy::unwrap_used)]

use crate::common::{check_invariants, fixtures};
use qbank_core::ParseOptions;

const FRAGMENTS: &[&str] = &[
    "**",
    "__",
    "：",
    ":",
    "#### 1. ",
    "## 2、",
    "###### ",
    "\n",
    "\n\n",
    "1. ",
    "1) ",
    "- ",
    "> ",
    "```",
    "~~~",
    "    ",
    "\t",
    "<!--",
    "-->",
    "<details>",
    "<a name=x></a>",
    "题目",
    "答案：",
    "**解析：**",
    "**答案**：",
    "Q: ",
    "A:",
    "---",
    "|a|b|\n|-|-|\n",
    "{#id}",
    "[x]: http://y\n",
    "[^1]: note\n",
    "一、",
    "１．",
    "\u{3000}",
    "é",
    "𝄞",
    "\r",
    "*",
    "`",
    "<",
    ">",
    "&amp;",
    "1.5 ",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_owned();
    for _ in 0..1 + rng.below(8) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 | 1 => s.insert_str(at, FRAGMENTS[rng.below(FRAGMENTS.len())]),
            _ => {
                let mut end = (at + rng.below(40)).min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.replace_range(at..end, "");
            }
        }
    }
    s
}

#[test]
fn mutated_fixtures_parse_without_panicking() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut texts = Vec::new();
    // Every shape: the fixtures, the shape fixtures and the small corpus
    // files (the large ones would only slow the rounds down).
    for dir in [
        fixtures(),
        fixtures().join("shapes"),
        fixtures().join("fill"),
        fixtures().join("corpus"),
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let small = std::fs::metadata(&path).is_ok_and(|m| m.len() < 16 * 1024);
            if path.extension().is_some_and(|e| e == "md") && small {
                if let Ok(source) = qbank_core::decode("x.md", std::fs::read(&path).unwrap()) {
                    texts.push(source.text);
                }
            }
        }
    }
    let options = ParseOptions::default();
    for round in 0..150 {
        for text in &texts {
            let mutated = mutate(text, &mut rng);
            // Raw bytes too: the decoder normalises what the mutation added.
            let source = match qbank_core::decode("m.md", mutated.into_bytes()) {
                Ok(source) => source,
                Err(_) => continue,
            };
            let doc = qbank_core::parse("m.md", &source.text, &options);
            check_invariants(&source.text, &doc);
            if round % 50 == 0 {
                // A large document built from the mutation: the parallel
                // parse must equal the sequential one.
                let big = source.text.repeat(600_000 / source.text.len().max(1) + 1);
                let parallel = qbank_core::parse("m.md", &big, &options);
                let sequential = qbank_core::parse_sequential("m.md", &big, &options);
                assert_eq!(parallel, sequential, "parallel parse differs");
            }
        }
    }
}
