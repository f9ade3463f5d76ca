//! The export formats: each format's name, file extension and how its
//! writer is made. Every writer of a run is built here, from the options
//! several formats share and each format's own (as ripgrep's `HiArgs`
//! builds its printers): adding a format is a crate implementing
//! [`qbank_export::Writer`], a variant of [`Format`], and one arm in each
//! match here; an option of one format is a field of its `*Args` in
//! `src/cli.rs` and of its crate's options struct, and nothing here.

use crate::cli::{ExportArgs, Format};
use crate::output::Output;
use qbank_export::{ExportOptions, Writer};

/// What the CLI needs to know of a format.
pub(crate) struct Spec {
    /// Its name in messages.
    pub(crate) name: &'static str,
    /// The extension of its files, for outputs named in a folder.
    pub(crate) extension: &'static str,
}

impl Format {
    pub(crate) fn spec(self) -> Spec {
        let (name, extension) = match self {
            Format::Json => ("JSON", "json"),
            Format::Jsonl => ("JSON Lines", "jsonl"),
            Format::Csv => ("CSV", "csv"),
            Format::Xlsx => ("XLSX", "xlsx"),
            Format::Anki => ("an Anki package", "apkg"),
            Format::AnkiTxt => ("Anki text", "txt"),
            Format::Gift => ("GIFT", "gift"),
            Format::Moodle => ("Moodle XML", "xml"),
            Format::Qti => ("a QTI package", "zip"),
            Format::Html => ("an HTML study page", "html"),
        };
        Spec { name, extension }
    }

    /// Whether its files are binary (zip containers), not text.
    pub(crate) fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Anki | Format::Qti)
    }
}

/// The writers of one `qbank export`: the shared options and each format's
/// own, read from the command line once.
pub(crate) struct Writers<'a> {
    shared: ExportOptions,
    args: &'a ExportArgs,
}

impl<'a> Writers<'a> {
    /// `several`: several documents are exported; `time`: the export time
    /// (`SOURCE_DATE_EPOCH`, or now).
    pub(crate) fn new(args: &'a ExportArgs, several: bool, time: i64) -> Self {
        let mut shared = ExportOptions::default();
        shared.time = time;
        shared.several = several;
        shared.text = args.text.into();
        shared.allow_outside_media = args.allow_outside_media;
        Writers { shared, args }
    }

    /// The writer of `format` to `out`.
    pub(crate) fn create(
        &self,
        format: Format,
        out: Output,
    ) -> qbank_export::Result<Box<dyn Writer<Output>>> {
        let (shared, args) = (&self.shared, self.args);
        match format {
            Format::Json => qbank_json::create_json(out, shared, &args.json.options()),
            Format::Jsonl => qbank_json::create_jsonl(out, shared),
            Format::Csv => qbank_csv::create(out, shared, &args.csv.options()),
            Format::Xlsx => qbank_xlsx::create(out, shared, &args.xlsx.options()),
            Format::Anki => qbank_anki::create_apkg(out, shared, &args.anki.options()),
            Format::AnkiTxt => qbank_anki::create_anki_txt(out, shared, &args.anki.options()),
            Format::Gift => qbank_gift::create(out, shared),
            Format::Moodle => qbank_moodle::create_with(out, shared, &args.moodle.options()),
            Format::Qti => qbank_qti::create(out, shared),
            Format::Html => qbank_html::create(out, shared),
        }
    }
}
