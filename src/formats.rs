//! The export formats: each format's file extension and the function that
//! creates its writer. Adding a format is a crate (or module) implementing
//! [`qbank_export::Writer`], a variant of [`Format`], and one line here.

use crate::cli::Format;
use crate::output::Output;
use qbank_export::Create;

/// What the CLI needs to know of a format.
pub(crate) struct Spec {
    /// Its name in messages.
    pub(crate) name: &'static str,
    /// The extension of its files, for outputs named in a folder.
    pub(crate) extension: &'static str,
    /// Creates its writer from an output and the options.
    pub(crate) create: Create<Output>,
}

impl Format {
    pub(crate) fn spec(self) -> Spec {
        let (name, extension, create): (&str, &str, Create<Output>) = match self {
            Format::Json => ("JSON", "json", qbank_json::create_json),
            Format::Jsonl => ("JSON Lines", "jsonl", qbank_json::create_jsonl),
            Format::Csv => ("CSV", "csv", qbank_csv::create),
            Format::Xlsx => ("XLSX", "xlsx", qbank_xlsx::create),
            Format::Anki => ("an Anki package", "apkg", qbank_anki::create_apkg),
            Format::AnkiTxt => ("Anki text", "txt", qbank_anki::create_anki_txt),
            Format::Gift => ("GIFT", "gift", qbank_gift::create),
            Format::Moodle => ("Moodle XML", "xml", qbank_moodle::create),
            Format::Qti => ("a QTI package", "zip", qbank_qti::create),
            Format::Html => ("an HTML study page", "html", qbank_html::create),
        };
        Spec {
            name,
            extension,
            create,
        }
    }

    /// Whether its files are binary (zip containers), not text.
    pub(crate) fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Anki | Format::Qti)
    }
}
