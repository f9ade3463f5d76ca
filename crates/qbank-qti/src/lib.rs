//! # qbank-qti: question banks as a QTI 1.2 package, as Canvas imports it
//!
//! A zip with `imsmanifest.xml` and one assessment per document
//! (`<id>/<id>.xml`, titled by the document), its images under
//! `media/` and referenced as `$IMS-CC-FILEBASE$/media/…`. Each entry is an
//! item whose Canvas `qtimetadata` field `question_type` says what it is:
//!
//! - open entries: `essay_question`, the answer and the analysis as its
//!   general feedback;
//! - one correct option: `multiple_choice_question`, a `varequal` on the
//!   correct `response_label`;
//! - several: `multiple_answers_question`, the correct labels required and
//!   the others excluded (`<and>` of `varequal` and `<not>`);
//! - a true/false pair or a keyed statement: `true_false_question`;
//! - a choice entry without a correct option: an essay, its options listed;
//! - a fill entry whose every blank has an answer:
//!   `fill_in_multiple_blanks_question`, `[blank1]` where each blank stands
//!   and a `response_lid` per blank listing its accepted answers; with an
//!   unanswered blank, an essay, as an open entry;
//! - a short answer: `short_answer_question`, a `varequal` per accepted
//!   answer. Canvas ignores case in short answers: a bank's
//!   `Case-sensitive` is not kept;
//! - a number: `numerical_question` (`fibtype="Decimal"`), a value with its
//!   margin (`<or>` of `varequal` and `<and>` of `vargte`, `varlte`) or a
//!   range (`vargte`, `varlte`). Canvas has no units: the unit follows the
//!   question text (`<p>(m/s²)</p>`);
//! - a matching: `matching_question`, a `response_lid` per left-hand item
//!   listing every right-hand text, each pair adding its share of 100;
//! - an ordering: Canvas has none, so a `matching_question` of each item
//!   with its place (`1`, `2`…), the items shown out of order;
//! - a graded kind that cannot be graded (a lint finding): an essay.
//!
//! Texts are the sections as sanitised HTML (as for Anki), as CDATA in
//! `mattext texttype="text/html"`; the analysis is the item's general
//! feedback (`itemfeedback ident="general_fb"`).

//!
//! The package streams: each document's items are rendered on every core
//! and compressed as they come (on every core too) into an anonymous
//! temporary file, copied into the zip when the document ends; its new
//! images follow it, and the manifest ends the zip.

#![deny(missing_docs)]

mod fill;
mod graded;
mod item;

use item::{Media, Render};
use qbank_core::Entry;
use qbank_export::deflate::DeflateWriter;
use qbank_export::quiz::Quiz;
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{BufWriter, Seek, Write};
use std::path::PathBuf;

/// `--to qti`: a [`Writer`] of a QTI 1.2 zip to `out`.
///
/// # Errors
///
/// None when creating it.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(QtiWriter {
        zip: rawzip::ZipArchiveWriter::new(out),
        time: qbank_export::zipfile::time(options.time),
        assessments: Vec::new(),
        open: None,
        media: Vec::new(),
        media_names: HashSet::new(),
        media_written: 0,
        quiz: Quiz::canvas(options),
    }))
}

/// An assessment: one document.
struct Assessment {
    ident: String,
    title: String,
}

/// The assessment being written.
struct Open {
    /// Its XML so far, compressed as it comes (on every core) into an
    /// anonymous temporary file (gone with the process, however it ends).
    file: DeflateWriter<BufWriter<std::fs::File>>,
    /// Items written.
    count: usize,
}

struct QtiWriter<W: Write> {
    zip: rawzip::ZipArchiveWriter<W>,
    time: rawzip::time::UtcDateTime,
    assessments: Vec<Assessment>,
    open: Option<Open>,
    /// Images: name in `media/`, file on disk, in the order first used.
    media: Media,
    media_names: HashSet<String>,
    /// Images already in the zip.
    media_written: usize,
    quiz: Quiz,
}

/// A stable identifier from a text (Canvas wants letters first).
pub(crate) fn ident(prefix: &str, key: &str) -> String {
    let digest = sha1_smol::Sha1::from(key.as_bytes()).digest().to_string();
    format!("{prefix}{}", &digest[..24])
}

fn zip_error(e: rawzip::Error) -> qbank_export::Error {
    qbank_export::Error::format("QTI", e)
}

impl<W: Write> Writer<W> for QtiWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        let assessment = Assessment {
            ident: ident(
                "g",
                &format!("{}#{}", doc.document.path, self.assessments.len()),
            ),
            title: qbank_export::quiz::document_name(doc.document),
        };
        let file = BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
        let mut file = DeflateWriter::new(file, LEVEL);
        file.write_all(assessment_head(&assessment).as_bytes())?;
        self.assessments.push(assessment);
        self.open = Some(Open { file, count: 0 });
        self.quiz.begin_document(doc);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let Some(open) = self.open.as_mut() else {
            return Ok(());
        };
        let first = open.count;
        let items = self.quiz.render(doc, entries, |context, i, entry| {
            Render::new(context).item(doc, entry, first + i + 1)
        })?;
        for (xml, media) in items.into_iter().map(|item| item.output) {
            open.file.write_all(xml.as_bytes())?;
            open.count += 1;
            for (name, path) in media {
                if self.media_names.insert(name.clone()) {
                    self.media.push((name, path));
                }
            }
        }
        Ok(())
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.quiz.end_document();
        let (Some(open), Some(assessment)) = (self.open.take(), self.assessments.last()) else {
            return Ok(());
        };
        let mut deflate = open.file;
        deflate.write_all(ASSESSMENT_TAIL.as_bytes())?;
        let (file, crc, len) = deflate.finish()?;
        let mut file = file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        let name = format!("{0}/{0}.xml", assessment.ident);
        let (mut entry, _) = self
            .zip
            .new_file(&name)
            .compression_method(rawzip::CompressionMethod::DEFLATE)
            .last_modified(self.time)
            .start()
            .map_err(zip_error)?;
        // Already Deflate: copied as it is.
        std::io::copy(&mut file, &mut entry)?;
        entry
            .finish(rawzip::DataDescriptorOutput::new(crc, len))
            .map_err(zip_error)?;
        // The document's new images.
        for (name, path) in &self.media[self.media_written..] {
            let file = std::fs::File::open(path)?;
            qbank_export::zipfile::add_file(
                &mut self.zip,
                &format!("media/{name}"),
                self.time,
                file,
                LEVEL,
            )
            .map_err(zip_error)?;
        }
        self.media_written = self.media.len();
        Ok(())
    }

    fn finish(self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let QtiWriter {
            mut zip,
            time,
            assessments,
            media,
            ..
        } = *self;
        let manifest = manifest_xml(&assessments, &media);
        qbank_export::zipfile::add_file(
            &mut zip,
            "imsmanifest.xml",
            time,
            manifest.as_bytes(),
            LEVEL,
        )
        .map_err(zip_error)?;
        let out = zip.finish().map_err(zip_error)?;
        Ok(Finished::new(out))
    }
}

/// Deflate's level for every file of the package: the fastest. XML of
/// items compresses about 6× at it (8× at level 6, which took twice as
/// long: 0.8 s more for 100,000 entries, past issue 16's bar).
const LEVEL: u32 = 1;

/// An assessment's XML up to its items.
fn assessment_head(a: &Assessment) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<questestinterop xmlns=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd\">\n<assessment ident=\"{}\" title=\"{}\"><qtimetadata><qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield></qtimetadata><section ident=\"root_section\">\n",
        a.ident,
        qbank_render::xml_text(&a.title),
    )
}

/// An assessment's XML after its items.
const ASSESSMENT_TAIL: &str = "</section></assessment>\n</questestinterop>\n";

fn manifest_xml(assessments: &[Assessment], media: &[(String, PathBuf)]) -> String {
    let mut resources = String::new();
    for a in assessments {
        let _ = writeln!(
            resources,
            "<resource identifier=\"{0}\" type=\"imsqti_xmlv1p2\"><file href=\"{0}/{0}.xml\"/></resource>",
            a.ident
        );
    }
    for (name, _) in media {
        let _ = writeln!(
            resources,
            "<resource identifier=\"{}\" type=\"webcontent\" href=\"media/{1}\"><file href=\"media/{1}\"/></resource>",
            ident("m", name),
            qbank_render::xml_text(name)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest identifier=\"{}\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\">\n<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n<organizations/>\n<resources>\n{resources}</resources>\n</manifest>\n",
        ident(
            "q",
            &assessments
                .iter()
                .map(|a| a.ident.as_str())
                .collect::<String>()
        )
    )
}
