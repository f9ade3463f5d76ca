//! Write the benchmark corpus to disk.
//!
//! ```text
//! cargo run --release --example gen_corpus [-- OUT_DIR]
//! ```
//!
//! writes `OUT_DIR/many/0001.md` … `OUT_DIR/many/1000.md` (about 41 KB
//! each), `OUT_DIR/big.md` (about 40 MB) and `OUT_DIR/exam.md` (about 40 MB
//! in the exam layout: the second benchmark bank). `OUT_DIR` defaults to
//! `benches/corpus/`, which git ignores.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --bounds [OUT_DIR]
//! ```
//!
//! writes the banks the bounds in `docs/performance.md` are measured on
//! instead: `OUT_DIR/bounds/100mb.md` (the sample's entries repeated to
//! 100 MB), `OUT_DIR/bounds/1m-entries.md` (1,000,000 small entries) and
//! `OUT_DIR/bounds/100k-entries.md` (the sample's entries repeated to
//! 100,000: the Anki benchmark's bank).

#![allow(clippy::unwrap_used)]

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args: Vec<_> = std::env::args_os().skip(1).collect();
    let bounds = args.first().is_some_and(|a| a == "--bounds");
    if bounds {
        args.remove(0);
    }
    let out = args.first().map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/corpus")),
        PathBuf::from,
    );
    if bounds {
        let dir = out.join("bounds");
        std::fs::create_dir_all(&dir)?;
        for (name, text) in [
            ("100mb.md", corpus::big_file_of(100_000_000)),
            ("1m-entries.md", corpus::small_entries(1_000_000)),
            ("100k-entries.md", corpus::big_file_with_entries(100_000)),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, &text)?;
            println!("{}: {} bytes", path.display(), text.len());
        }
        return Ok(());
    }
    let many_dir = out.join("many");
    std::fs::create_dir_all(&many_dir)?;
    let files = corpus::many_files();
    let mut total = 0;
    for (i, text) in files.iter().enumerate() {
        std::fs::write(many_dir.join(format!("{:04}.md", i + 1)), text)?;
        total += text.len();
    }
    println!(
        "{}: {} files, {total} bytes",
        many_dir.display(),
        files.len()
    );
    let big = corpus::one_big_file();
    let big_path = out.join("big.md");
    std::fs::write(&big_path, &big)?;
    println!("{}: {} bytes", big_path.display(), big.len());
    let exam = corpus::exam_paper(corpus::BIG_FILE_BYTES);
    let exam_path = out.join("exam.md");
    std::fs::write(&exam_path, &exam)?;
    println!("{}: {} bytes", exam_path.display(), exam.len());
    Ok(())
}
