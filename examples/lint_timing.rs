#![allow(clippy::unwrap_used, clippy::print_stdout)]
use qbank_core::{ParseOptions, ParsedFile};
use qbank_lint::{LintFile, RULES, Settings, lint};
use rayon::prelude::*;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files: Vec<ParsedFile> = paths
        .par_iter()
        .map(|p| {
            qbank_core::parse_bytes(
                p.display().to_string(),
                std::fs::read(p).unwrap(),
                &ParseOptions::default(),
            )
            .unwrap()
        })
        .collect();
    let run = |settings: &Settings| {
        let lf: Vec<LintFile<'_>> = files
            .iter()
            .map(|file| LintFile { file, settings })
            .collect();
        let t = std::time::Instant::now();
        let n: usize = lint(&lf).iter().map(|r| r.diagnostics.len()).sum();
        (t.elapsed(), n)
    };
    let mut none = Settings::default();
    for r in RULES {
        none.set_severity(r, None);
    }
    for _ in 0..3 {
        println!("all rules: {:?}", run(&Settings::default()));
    }
    println!("no rules: {:?}", run(&none));
    for r in RULES {
        let mut s = none.clone();
        s.set_severity(r, Some(r.severity));
        println!("{:<22} {:?}", r.name, run(&s));
    }
}
