//! Cells a spreadsheet would run as formulas (CSV injection), and the
//! apostrophe that makes them text: written by the CSV export, taken off
//! again by `qbank import`.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or
//! a line feed gets a leading `'`, as OWASP advises; a cell that already
//! starts with the apostrophe of an escape gets one more, so that
//! [`unescape`] always gives the text back.
//!
//! ```
//! use qbank_export::formula;
//! assert_eq!(formula::escape("=1+1"), "'=1+1");
//! assert_eq!(formula::escape("1+1"), "1+1");
//! for text in ["=1+1", "-", "'=x", "''", "'", "'a", "plain", "@x", "''=y"] {
//!     assert_eq!(formula::unescape(&formula::escape(text)), text);
//! }
//! ```

use std::borrow::Cow;

/// Whether a spreadsheet would take a cell starting like this for a formula.
#[must_use]
pub fn needs_escape(cell: &str) -> bool {
    match cell.as_bytes() {
        [b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n', ..] => true,
        // A cell that itself starts with the apostrophe of an escape gets
        // one more, so that taking one off always gives the text back.
        [b'\'', next, ..] => matches!(
            next,
            b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n' | b'\''
        ),
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

/// A cell as written, without the apostrophe [`escape`] added.
#[must_use]
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_escape(rest) => rest,
        _ => cell,
    }
}
