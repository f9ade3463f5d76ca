//! # qbank-export: what every export format shares
//!
//! - [`Writer`]: the one shape of every format (JSON, JSON Lines, CSV,
//!   XLSX, Anki, Anki text, GIFT, Moodle XML, QTI, the study page): created
//!   by its crate's `create` function from its output, the
//!   [`ExportOptions`] several formats share and, when it has some, its
//!   own options struct; fed documents and entries, finished. Errors keep
//!   their `io::Error` source.
//! - [`Driver`]: feeds every writer of a run the same documents, a whole
//!   parsed file or a large one entry batch by entry batch as the workspace
//!   parses it, and keeps the error of each writer that fails; [`export_parsed`]: one format over
//!   whole parsed files, the same way.
//! - [`rows`]: the tabular view (one row per entry, one per list item) that
//!   spreadsheet formats write; [`to_plain`] and [`to_html`]: section
//!   bodies as plain text or HTML.
//! - [`formula`]: cells a spreadsheet would run as formulas, escaped and
//!   unescaped (CSV, `qbank import`).
//! - [`scratch`]: the temporary files of a run, removed when it is
//!   interrupted.
//!
//! ```
//! use qbank_core::{parse_bytes, ParseOptions};
//! use qbank_export::{Driver, DocumentRef, ExportOptions, Finished, Result, Writer};
//! use qbank_core::Entry;
//!
//! /// A format that writes each entry's title on a line.
//! struct Titles<W>(W);
//!
//! impl<W: std::io::Write> Writer<W> for Titles<W> {
//!     fn write_entries(&mut self, _: DocumentRef<'_>, entries: &[Entry]) -> Result<()> {
//!         for e in entries {
//!             writeln!(self.0, "{}", e.title)?;
//!         }
//!         Ok(())
//!     }
//!     fn finish(self: Box<Self>) -> Result<Finished<W>> { Ok(Finished::new(self.0)) }
//! }
//!
//! fn titles(out: Vec<u8>, _: &ExportOptions) -> Result<Box<dyn Writer<Vec<u8>>>> {
//!     Ok(Box::new(Titles(out)))
//! }
//!
//! let md = "# Bank\n\n## 1. CAP\n\n**Question:** What is CAP?\n";
//! let file = parse_bytes("bank.md", md.as_bytes().to_vec(), &ParseOptions::default())?;
//! let mut driver = Driver::new(vec![titles(Vec::new(), &ExportOptions::default())]);
//! driver.write_parsed(&file, &[]);
//! let out = driver.finish().remove(0)?.output;
//! assert_eq!(String::from_utf8_lossy(&out), "CAP\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod deflate;
mod driver;
mod error;
pub mod fill;
pub mod formula;
pub mod graded;
pub mod identity;
pub mod parallel;
pub mod quiz;
pub mod rows;
pub mod scratch;
pub mod shown;
mod text;
mod writer;
pub mod zipfile;

pub use driver::{Driver, Progress, export_parsed};
pub use error::{Error, Result};
pub use text::{TextFormat, to_html, to_plain};
pub use writer::{DocumentRef, ExportOptions, Finished, Writer};
