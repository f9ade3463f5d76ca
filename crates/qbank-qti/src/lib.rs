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
//! - a choice entry without a correct option: an essay, its options listed.
//!
//! Texts are the sections as sanitised HTML (as for Anki), escaped in
//! `mattext texttype="text/html"`; the analysis is the item's general
//! feedback (`itemfeedback ident="general_fb"`).

#![deny(missing_docs)]

use qbank_core::{ChoiceOption, Entry, Kind, LineIndex, SectionKind, Span};
use qbank_export::quiz::{Asked, asked};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use qbank_render::Origin;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

/// `--to qti`: a [`Writer`] of a QTI 1.2 zip to `out`, written when
/// finished (the assessments are kept until then).
///
/// # Errors
///
/// None when creating it.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(QtiWriter {
        out,
        allow_outside: options.allow_outside_media,
        time: options.time,
        assessments: Vec::new(),
        media: Vec::new(),
        lines: None,
    }))
}

struct Assessment {
    ident: String,
    title: String,
    items: String,
    count: usize,
}

struct QtiWriter<W> {
    out: W,
    allow_outside: bool,
    time: i64,
    assessments: Vec<Assessment>,
    /// Images: name in `media/`, file on disk.
    media: Vec<(String, PathBuf)>,
    lines: Option<LineIndex>,
}

/// A stable identifier from a text (Canvas wants letters first).
fn ident(prefix: &str, key: &str) -> String {
    let digest = sha1_smol::Sha1::from(key.as_bytes()).digest().to_string();
    format!("{prefix}{}", &digest[..24])
}

impl<W: Write> Writer<W> for QtiWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        let title = qbank_export::quiz::document_name(doc.document);
        self.assessments.push(Assessment {
            ident: ident(
                "g",
                &format!("{}#{}", doc.document.path, self.assessments.len()),
            ),
            title,
            items: String::new(),
            count: 0,
        });
        self.lines = Some(LineIndex::new(doc.text));
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        for entry in entries {
            let item = self.item(doc, entry)?;
            if let Some(a) = self.assessments.last_mut() {
                a.items.push_str(&item);
                a.count += 1;
            }
        }
        Ok(())
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.lines = None;
        Ok(())
    }

    fn finish(self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        let QtiWriter {
            out,
            time,
            assessments,
            media,
            ..
        } = *self;
        let out = package(out, time, &assessments, &media)?;
        Ok(Finished::new(out))
    }
}

impl<W> QtiWriter<W> {
    fn item(&mut self, doc: DocumentRef<'_>, entry: &Entry) -> qbank_export::Result<String> {
        let section = |kind| {
            entry
                .section(kind)
                .map(|s| s.body)
                .filter(|b| !b.is_empty())
        };
        let mut stem = match section(SectionKind::Question) {
            Some(span) => self.html(doc, span.slice(doc.text), span)?,
            None => qbank_render::escape(&entry.title),
        };
        let how = asked(entry);
        let mut feedback = String::new();
        if how == Asked::Essay {
            if entry.kind == Kind::Choice {
                stem.push_str("<ol type=\"A\">");
                for option in &entry.options {
                    let _ = write!(stem, "<li>{}</li>", self.option(doc, option)?);
                }
                stem.push_str("</ol>");
            }
            if let Some(span) = section(SectionKind::Answer) {
                feedback.push_str(&self.html(doc, span.slice(doc.text), span)?);
            }
        }
        if let Some(span) = section(SectionKind::Analysis) {
            feedback.push_str(&self.html(doc, span.slice(doc.text), span)?);
        }
        let number = self.assessments.last().map_or(0, |a| a.count) + 1;
        let item_ident = ident("i", &format!("{}#{number}", doc.document.path));
        let labels: Vec<(String, String, bool)> = match how {
            Asked::Essay => Vec::new(),
            Asked::TrueFalse(t) => vec![
                (format!("{item_ident}_true"), "True".to_owned(), t),
                (format!("{item_ident}_false"), "False".to_owned(), !t),
            ],
            Asked::Single | Asked::Several => entry
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Ok((
                        format!("{item_ident}_{}", i + 1),
                        self.option(doc, o)?,
                        o.correct,
                    ))
                })
                .collect::<qbank_export::Result<_>>()?,
        };
        Ok(item_xml(&item_ident, entry, how, &stem, &labels, &feedback))
    }

    fn option(
        &mut self,
        doc: DocumentRef<'_>,
        option: &ChoiceOption,
    ) -> qbank_export::Result<String> {
        let html = self.html(doc, &option.text, option.span)?;
        Ok(qbank_render::unwrap_paragraph(&html).to_owned())
    }

    /// Markdown as sanitised HTML; local images into `media/`.
    fn html(
        &mut self,
        doc: DocumentRef<'_>,
        markdown: &str,
        at: Span,
    ) -> qbank_export::Result<String> {
        let path = doc.document.path.as_str();
        let dir = qbank_render::folder_of(path);
        let origin = Origin {
            path,
            dir,
            first_line: self.lines.as_ref().map_or(1, |l| l.line(at.start)),
            allow_outside: self.allow_outside,
        };
        let mut used = Vec::new();
        let mut html = qbank_render::render(markdown, &origin, &mut used)
            .map_err(|e| qbank_export::Error::format("QTI", e))?
            .trim_end()
            .to_owned();
        for file in used {
            let name = qbank_render::media_name(&file);
            html = html.replace(
                &format!("src=\"{name}\""),
                &format!("src=\"$IMS-CC-FILEBASE$/media/{name}\""),
            );
            if !self.media.iter().any(|(n, _)| *n == name) {
                self.media.push((name, file));
            }
        }
        Ok(html)
    }
}

fn field(out: &mut String, label: &str, entry: &str) {
    let _ = write!(
        out,
        "<qtimetadatafield><fieldlabel>{label}</fieldlabel><fieldentry>{}</fieldentry></qtimetadatafield>",
        qbank_render::xml_text(entry)
    );
}

fn mattext(html: &str) -> String {
    format!(
        "<material><mattext texttype=\"text/html\">{}</mattext></material>",
        qbank_render::xml_text(html)
    )
}

/// One `<item>`: its metadata, its presentation, its scoring, its feedback.
fn item_xml(
    ident: &str,
    entry: &Entry,
    how: Asked,
    stem: &str,
    labels: &[(String, String, bool)],
    feedback: &str,
) -> String {
    let mut out = format!(
        "<item ident=\"{ident}\" title=\"{}\">",
        qbank_render::xml_text(&entry.title)
    );
    metadata(&mut out, how, labels);
    presentation(&mut out, how, stem, labels);
    scoring(&mut out, how, labels, !feedback.is_empty());
    if !feedback.is_empty() {
        let _ = write!(
            out,
            "<itemfeedback ident=\"general_fb\"><flow_mat>{}</flow_mat></itemfeedback>",
            mattext(feedback)
        );
    }
    out.push_str("</item>\n");
    out
}

/// Canvas's `qtimetadata`: the question type, points, answer ids.
fn metadata(out: &mut String, how: Asked, labels: &[(String, String, bool)]) {
    let question_type = match how {
        Asked::Essay => "essay_question",
        Asked::TrueFalse(_) => "true_false_question",
        Asked::Single => "multiple_choice_question",
        Asked::Several => "multiple_answers_question",
    };
    out.push_str("<itemmetadata><qtimetadata>");
    field(out, "question_type", question_type);
    field(out, "points_possible", "1.0");
    let ids: Vec<&str> = labels.iter().map(|l| l.0.as_str()).collect();
    field(out, "original_answer_ids", &ids.join(","));
    out.push_str("</qtimetadata></itemmetadata>");
}

/// The question text and the response: a text field, or the choices.
fn presentation(out: &mut String, how: Asked, stem: &str, labels: &[(String, String, bool)]) {
    out.push_str("<presentation>");
    out.push_str(&mattext(stem));
    if how == Asked::Essay {
        out.push_str("<response_str ident=\"response1\" rcardinality=\"Single\"><render_fib><response_label ident=\"answer1\" rshuffle=\"No\"/></render_fib></response_str>");
    } else {
        let cardinality = if how == Asked::Several {
            "Multiple"
        } else {
            "Single"
        };
        let _ = write!(
            out,
            "<response_lid ident=\"response1\" rcardinality=\"{cardinality}\"><render_choice>"
        );
        for (id, html, _) in labels {
            let _ = write!(
                out,
                "<response_label ident=\"{id}\">{}</response_label>",
                mattext(html)
            );
        }
        out.push_str("</render_choice></response_lid>");
    }
    out.push_str("</presentation>");
}

/// `resprocessing`: the general feedback shown, and 100 for the correct
/// response (`varequal` on each correct label; for several, all of them
/// and none of the others).
fn scoring(out: &mut String, how: Asked, labels: &[(String, String, bool)], feedback: bool) {
    out.push_str("<resprocessing><outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>");
    if feedback {
        out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
    }
    let set = "<setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>";
    match how {
        Asked::Essay => out.push_str(
            "<respcondition continue=\"No\"><conditionvar><other/></conditionvar></respcondition>",
        ),
        Asked::Several => {
            out.push_str("<respcondition continue=\"No\"><conditionvar><and>");
            for (id, _, correct) in labels {
                let equal = format!("<varequal respident=\"response1\">{id}</varequal>");
                if *correct {
                    out.push_str(&equal);
                } else {
                    let _ = write!(out, "<not>{equal}</not>");
                }
            }
            let _ = write!(out, "</and></conditionvar>{set}");
        }
        Asked::Single | Asked::TrueFalse(_) => {
            for (id, _, _) in labels.iter().filter(|l| l.2) {
                let _ = write!(
                    out,
                    "<respcondition continue=\"No\"><conditionvar><varequal respident=\"response1\">{id}</varequal></conditionvar>{set}"
                );
            }
        }
    }
    out.push_str("</resprocessing>");
}

fn assessment_xml(a: &Assessment) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<questestinterop xmlns=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd\">\n<assessment ident=\"{}\" title=\"{}\"><qtimetadata><qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield></qtimetadata><section ident=\"root_section\">\n{}</section></assessment>\n</questestinterop>\n",
        a.ident,
        qbank_render::xml_text(&a.title),
        a.items
    )
}

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

/// The zip: the manifest, each assessment, the images.
fn package<W: Write>(
    out: W,
    time: i64,
    assessments: &[Assessment],
    media: &[(String, PathBuf)],
) -> qbank_export::Result<W> {
    let zip_err = |e: rawzip::Error| qbank_export::Error::format("QTI", e);
    // Zip times hold the years 1980 to 2107.
    let when = rawzip::time::UtcDateTime::from_unix(time.clamp(315_532_800, 4_354_819_199));
    let mut zip = rawzip::ZipArchiveWriter::new(out);
    add(
        &mut zip,
        "imsmanifest.xml",
        when,
        manifest_xml(assessments, media).as_bytes(),
    )
    .map_err(zip_err)?;
    for a in assessments {
        let name = format!("{0}/{0}.xml", a.ident);
        add(&mut zip, &name, when, assessment_xml(a).as_bytes()).map_err(zip_err)?;
    }
    for (name, path) in media {
        let file = std::fs::File::open(path)?;
        add(&mut zip, &format!("media/{name}"), when, file).map_err(zip_err)?;
    }
    zip.finish().map_err(zip_err)
}

fn add<W: Write>(
    zip: &mut rawzip::ZipArchiveWriter<W>,
    name: &str,
    time: rawzip::time::UtcDateTime,
    mut data: impl std::io::Read,
) -> Result<(), rawzip::Error> {
    let (mut entry, config) = zip
        .new_file(name)
        .compression_method(rawzip::CompressionMethod::DEFLATE)
        .last_modified(time)
        .start()?;
    let encoder = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::new(6));
    let mut writer = config.wrap(encoder);
    std::io::copy(&mut data, &mut writer)?;
    let (encoder, descriptor) = writer.finish()?;
    encoder.finish()?;
    entry.finish(descriptor)?;
    Ok(())
}
