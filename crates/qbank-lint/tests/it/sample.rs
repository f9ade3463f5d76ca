//! The user's sample: its only findings are entries 7 and 20, which share
//! their title and their question.
#![allow(clippy::unwrap_used)]

use qbank_core::{LineIndex, ParseOptions};
use qbank_lint::{LintFile, Settings, lint};

#[test]
fn sample_findings_are_exactly_the_duplicates() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/llm-industry.md"
    );
    let file = qbank_core::parse_bytes(
        "llm-industry.md",
        std::fs::read(path).unwrap(),
        &ParseOptions::default(),
    )
    .unwrap();
    let settings = Settings::default();
    let reports = lint(&[LintFile {
        file: &file,
        settings: &settings,
    }]);
    let index = LineIndex::new(&file.source.text);
    let found: Vec<(String, &str, u32, String)> = reports[0]
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.code.to_owned(),
                d.rule.name,
                index.line(d.span.start),
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "QB401".to_owned(),
                "duplicate-title",
                390,
                "entry 20 has the same title as entry 7 (llm-industry.md:117)".to_owned()
            ),
            (
                "QB402".to_owned(),
                "duplicate-question",
                392,
                "entry 20 has the same question as entry 7 (llm-industry.md:117)".to_owned()
            ),
        ]
    );
    let related = &reports[0].diagnostics[1].related[0];
    assert_eq!(index.line(related.span.start), 119);
}
