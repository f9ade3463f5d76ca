//! What the GIFT and Moodle XML tests share (each includes this file with
//! `#[path]`): one format written through the driver, and a bank of
//! choice entries with many correct options.

use qbank_core::{ParseOptions, ParsedFile};
use qbank_export::{Driver, ExportOptions, Finished, Writer};

/// How a quiz format's writer is made.
pub(crate) type Create =
    fn(Vec<u8>, &ExportOptions) -> qbank_export::Result<Box<dyn Writer<Vec<u8>>>>;

/// `files` written in the format `create` makes, as the CLI drives it.
pub(crate) fn export(
    create: Create,
    files: &[&ParsedFile],
) -> qbank_export::Result<Finished<Vec<u8>>> {
    let mut driver = Driver::new(vec![create(Vec::new(), &ExportOptions::default())]);
    for file in files {
        driver.write_parsed(file, &[]);
    }
    driver.finish().remove(0)
}

/// A bank of one choice entry per count: that many correct options and a
/// wrong one, each entry titled by its count.
pub(crate) fn many_correct(counts: &[usize]) -> ParsedFile {
    let entries: String = counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let right: String = (1..=*n).map(|k| format!("- [x] right {k}\n")).collect();
            format!(
                "\n## {}. {n} correct\n\n**Question:** Pick\n\n{right}- [ ] wrong\n",
                i + 1
            )
        })
        .collect();
    let md = format!("# Many\n{entries}").into_bytes();
    qbank_core::parse_bytes("many.md", md, &ParseOptions::default()).unwrap()
}

/// The counts of the bank the grade tests export: 11 to 20 correct options
/// get unequal grades, 7 and 9 equal ones Moodle lists.
pub(crate) const COUNTS: [usize; 5] = [7, 9, 11, 20, 12];

/// One warning for the three entries of [`COUNTS`] with unequal grades,
/// naming the first.
pub(crate) fn assert_one_unequal_warning(warnings: &[String], format: &str) {
    let first = format!(
        "{format}: 3 questions have 11 to 20 correct options (the first: many.md:31: entry 3 (11 correct))"
    );
    assert!(
        warnings.len() == 1 && warnings[0].starts_with(&first),
        "{warnings:?}"
    );
}
