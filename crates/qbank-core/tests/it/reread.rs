//! `Rereader`: reading again after an edit gives what a whole parse gives,
//! and scans only what the edit touched.

use qbank_core::{ParseOptions, RereadStats, Rereader};
use std::path::{Path, PathBuf};

/// Every Markdown file under `dir`, in order.
fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            markdown_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// A small deterministic generator (no dependency needed for this).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// What an editor might type or delete.
const TYPED: &[&str] = &[
    "x",
    "\n",
    "？",
    "#### 99. 新题\n\n",
    "**答案：** B\n",
    "\n## Answer Key\n\n1. A\n",
    "- [x] C\n",
    "```\n",
    "<details>\n",
    "[ref]: http://example.com\n",
];

/// One random edit of `text`, on character boundaries.
fn edit(text: &str, rng: &mut Lcg) -> String {
    let boundary = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let at = boundary(rng.below(text.len() + 1));
    let mut out = text[..at].to_owned();
    if rng.below(3) == 0 && at < text.len() {
        let end = boundary((at + 1 + rng.below(60)).min(text.len()));
        out.push_str(&text[end..]);
    } else {
        out.push_str(TYPED[rng.below(TYPED.len())]);
        out.push_str(&text[at..]);
    }
    out
}

#[test]
fn every_fixture_reads_the_same_after_edits() {
    let mut paths = Vec::new();
    markdown_under(&crate::common::fixtures(), &mut paths);
    assert!(paths.len() > 100, "{} fixtures", paths.len());
    let options = ParseOptions::default();
    let mut rng = Lcg(7);
    for path in paths {
        let name = path.display().to_string();
        let Ok(source) = qbank_core::decode(&name, std::fs::read(&path).unwrap()) else {
            continue;
        };
        let mut text = source.text;
        let mut reader = Rereader::new();
        for round in 0..8 {
            let read = reader.parse(&name, &text, &options);
            let whole = qbank_core::parse_sequential(&name, &text, &options);
            assert_eq!(read, whole, "{name}: differs after {round} edits");
            text = edit(&text, &mut rng);
        }
    }
}

/// The user's sample, an entry edited in the middle: one section scanned
/// again, the others reused.
#[test]
fn an_edit_scans_one_section_again() {
    let path = crate::common::fixtures().join("llm-industry.md");
    let text = std::fs::read_to_string(path).unwrap();
    let options = ParseOptions::default();
    let mut reader = Rereader::new();
    let (_, first) = reader.parse_with_stats("s.md", &text, &options);
    assert_eq!(first.scanned, first.sections);
    assert!(first.sections > 10, "{first:?}");
    let (_, again) = reader.parse_with_stats("s.md", &text, &options);
    assert_eq!(
        again,
        RereadStats {
            sections: first.sections,
            scanned: 0
        }
    );
    let heading = text.find("#### 5.").unwrap();
    let middle = heading + text[heading..].find("**题目").unwrap();
    let edited = format!("{}typed {}", &text[..middle], &text[middle..]);
    let (doc, stats) = reader.parse_with_stats("s.md", &edited, &options);
    assert_eq!(stats.scanned, 1, "{stats:?}");
    assert_eq!(doc, qbank_core::parse_sequential("s.md", &edited, &options));
}
