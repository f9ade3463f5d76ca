//! Cells a spreadsheet would run as formulas (CSV injection), and the
//! apostrophe that makes them text: written by the CSV export, taken off
//! again by `qbank import`.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! gets a leading `'`, as OWASP's CSV injection guidance advises. A line
//! feed or a space is no formula: a cell starting with one (an entry's
//! `source`, which starts with the blank lines before the entry) is
//! written as it is. A cell that already starts with the apostrophe of an
//! escape gets one more, so that [`unescape`] always gives the text back;
//! `'` before a line feed counts as such an escape too, so that the
//! exports of earlier versions, which escaped a line feed, still read back.
//!
//! ```
//! use qbank_export::formula;
//! assert_eq!(formula::escape("=1+1"), "'=1+1");
//! assert_eq!(formula::escape("1+1"), "1+1");
//! assert_eq!(formula::escape("\n\n## 2. Sum"), "\n\n## 2. Sum");
//! assert_eq!(formula::unescape("'\n\n## 2. Sum"), "\n\n## 2. Sum");
//! for text in ["=1+1", "-", "'=x", "''", "'", "'a", "plain", "@x", "''=y", "\nx", "'\nx", "\r\nx"] {
//!     assert_eq!(formula::unescape(&formula::escape(text)), text);
//! }
//! ```

use std::borrow::Cow;

/// Whether a cell starting with this byte is run as a formula (OWASP:
/// `=`, `+`, `-`, `@`, tab, carriage return).
fn starts_formula(first: u8) -> bool {
    matches!(first, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
}

/// Whether a spreadsheet would take a cell starting like this for a
/// formula, or the cell starts like an escape (an apostrophe before a
/// formula's start, a line feed or another apostrophe) and needs one more.
#[must_use]
pub fn needs_escape(cell: &str) -> bool {
    match cell.as_bytes() {
        [first, ..] if starts_formula(*first) => true,
        [b'\'', next, ..] => starts_formula(*next) || matches!(next, b'\n' | b'\''),
        _ => false,
    }
}

/// `cell`, with a leading `'` when it would read as a formula.
#[must_use]
pub fn escape(cell: &str) -> Cow<'_, str> {
    if needs_escape(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as written, without the apostrophe [`escape`] added (or that an
/// older export put before a line feed).
#[must_use]
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_escape(rest) || rest.starts_with('\n') => rest,
        _ => cell,
    }
}
