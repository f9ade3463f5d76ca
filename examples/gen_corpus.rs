//! Write the benchmark corpus to disk.
//!
//! ```text
//! cargo run --release --example gen_corpus [-- OUT_DIR]
//! ```
//!
//! writes `OUT_DIR/many/0001.md` … `OUT_DIR/many/1000.md` (about 41 KB
//! each) and `OUT_DIR/big.md` (about 40 MB). `OUT_DIR` defaults to
//! `benches/corpus/`, which git ignores.

#![allow(clippy::unwrap_used)]

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let out = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/corpus")),
        PathBuf::from,
    );
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
    Ok(())
}
