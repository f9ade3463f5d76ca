//! The export formats: each format's file extension and the function that
//! creates its writer. Adding a format is a crate (or module) implementing
//! [`qbank_export::Writer`], a variant of [`Format`], and one line here.

use crate::cli::Format;
use crate::output::Output;
use qbank_export::Create;

/// What the CLI needs to know of a format.
pub(crate) struct Spec {
    /// The extension of its files, for outputs named in a folder.
    pub(crate) extension: &'static str,
    /// Creates its writer from an output and the options.
    pub(crate) create: Create<Output>,
}

impl Format {
    pub(crate) fn spec(self) -> Spec {
        let (extension, create): (&str, Create<Output>) = match self {
            Format::Json => ("json", qbank_json::create_json),
            Format::Jsonl => ("jsonl", qbank_json::create_jsonl),
            Format::Csv => ("csv", qbank_csv::create),
            Format::Xlsx => ("xlsx", qbank_xlsx::create),
            Format::Anki => ("apkg", qbank_anki::create_apkg),
            Format::AnkiTxt => ("txt", qbank_anki::create_anki_txt),
        };
        Spec { extension, create }
    }
}
