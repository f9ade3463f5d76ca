//! One entry as a QTI item: its metadata (Canvas's question type), its
//! presentation, its scoring and its feedback.

use crate::graded::{self, Graded};
use crate::ident;
use qbank_core::{ChoiceOption, Entry, Kind, LineIndex, SectionKind, Span};
use qbank_export::DocumentRef;
use qbank_export::quiz::{Asked, Context, asked};
use qbank_render::Origin;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Images: name in `media/`, file on disk.
pub(crate) type Media = Vec<(String, PathBuf)>;

/// What rendering an item needs, shared by rayon's threads.
pub(crate) struct Render<'a> {
    allow_outside: bool,
    /// The open document's line index (for image errors).
    lines: Option<&'a LineIndex>,
}

impl<'a> Render<'a> {
    pub(crate) fn new(context: Context<'a>) -> Self {
        Render {
            allow_outside: context.allow_outside,
            lines: context.lines,
        }
    }

    /// The item of `entry`, the `number`-th of its document, and the images
    /// it uses (name in `media/`, file).
    pub(crate) fn item(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        number: usize,
    ) -> qbank_export::Result<(String, Media)> {
        let item_ident = ident("i", &format!("{}#{number}", doc.document.path));
        if let Some(fill) = qbank_export::quiz::fill(doc.text, entry) {
            if let Some(item) = self.fill_item(doc, entry, &fill, &item_ident)? {
                return Ok(item);
            }
        }
        let mut media = Media::new();
        let mut stem = match qbank_export::shown::question_markdown(doc.text, entry) {
            Some((markdown, span)) => self.html(doc, &markdown, span, &mut media)?,
            None => qbank_render::escape(&entry.title),
        };
        // A graded kind that cannot be graded is an essay (asked() says so
        // already; Graded::of reads the same answers).
        let graded = Graded::of(entry);
        let how = match asked(entry) {
            Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering
                if graded.is_none() =>
            {
                Asked::Essay
            }
            how => how,
        };
        let mut feedback = String::new();
        if how == Asked::Essay {
            if entry.kind == Kind::Choice {
                stem.push_str("<ol type=\"A\">");
                for option in &entry.options {
                    let _ = write!(stem, "<li>{}</li>", self.option(doc, option, &mut media)?);
                }
                stem.push_str("</ol>");
            }
            if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Answer) {
                feedback.push_str(&self.html(doc, span.slice(doc.text), span, &mut media)?);
            }
        }
        if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Analysis) {
            feedback.push_str(&self.html(doc, span.slice(doc.text), span, &mut media)?);
        }
        if let Some(graded) = &graded {
            let xml = graded::item_xml(&item_ident, &entry.title, graded, &stem, &feedback);
            return Ok((xml, media));
        }
        let labels = self.labels(doc, entry, how, &item_ident, &mut media)?;
        let xml = item_xml(&item_ident, entry, how, &stem, &labels, &feedback);
        Ok((xml, media))
    }

    /// The choices of a true/false or choice item: ident, HTML, whether
    /// correct.
    fn labels(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        how: Asked,
        item_ident: &str,
        media: &mut Media,
    ) -> qbank_export::Result<Vec<(String, String, bool)>> {
        Ok(match how {
            // Graded kinds are not asked here.
            Asked::Essay | Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                Vec::new()
            }
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
                        self.option(doc, o, media)?,
                        o.correct,
                    ))
                })
                .collect::<qbank_export::Result<_>>()?,
        })
    }

    fn option(
        &self,
        doc: DocumentRef<'_>,
        option: &ChoiceOption,
        media: &mut Media,
    ) -> qbank_export::Result<String> {
        let html = self.html(doc, &option.text, option.span, media)?;
        Ok(qbank_render::unwrap_paragraph(&html).to_owned())
    }

    /// Markdown as sanitised HTML; local images into `media/`.
    pub(crate) fn html(
        &self,
        doc: DocumentRef<'_>,
        markdown: &str,
        at: Span,
        media: &mut Media,
    ) -> qbank_export::Result<String> {
        let path = doc.document.path.as_str();
        let origin = Origin::of(path, self.lines, at, self.allow_outside);
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
            if !media.iter().any(|(n, _)| *n == name) {
                media.push((name, file));
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

pub(crate) fn mattext(html: &str) -> String {
    format!(
        "<material><mattext texttype=\"text/html\">{}</mattext></material>",
        qbank_render::xml_cdata(html)
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
    let ids: Vec<&str> = labels.iter().map(|l| l.0.as_str()).collect();
    let mut out = item_head(ident, &entry.title, question_type(how), &ids);
    presentation(&mut out, how, stem, labels);
    scoring(&mut out, how, labels, !feedback.is_empty());
    item_tail(&mut out, feedback);
    out
}

/// An `<item>`'s opening and Canvas's `qtimetadata`: the question type,
/// its points (1) and its answers' idents.
pub(crate) fn item_head(
    ident: &str,
    title: &str,
    question_type: &str,
    answer_ids: &[&str],
) -> String {
    let mut out = format!(
        "<item ident=\"{ident}\" title=\"{}\">",
        qbank_render::xml_text(title)
    );
    out.push_str("<itemmetadata><qtimetadata>");
    field(&mut out, "question_type", question_type);
    field(&mut out, "points_possible", "1.0");
    field(&mut out, "original_answer_ids", &answer_ids.join(","));
    out.push_str("</qtimetadata></itemmetadata>");
    out
}

/// `resprocessing`'s opening: the score from 0 to 100, and the general
/// feedback shown whatever the response, when there is one.
pub(crate) fn scoring_head(out: &mut String, feedback: bool) {
    out.push_str("<resprocessing><outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>");
    if feedback {
        out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
    }
}

/// An `<item>`'s end: its general feedback, when there is one.
pub(crate) fn item_tail(out: &mut String, feedback: &str) {
    if !feedback.is_empty() {
        let _ = write!(
            out,
            "<itemfeedback ident=\"general_fb\"><flow_mat>{}</flow_mat></itemfeedback>",
            mattext(feedback)
        );
    }
    out.push_str("</item>\n");
}

/// A `response_lid` whose prompt and labels are plain text: a blank and
/// its accepted answers, or a matching's left-hand item and every
/// right-hand one; `labels` are idents and texts.
pub(crate) fn choice_response<'l>(
    out: &mut String,
    ident: &str,
    prompt: &str,
    labels: impl Iterator<Item = (&'l str, &'l str)>,
) {
    let _ = write!(
        out,
        "<response_lid ident=\"{ident}\"><material><mattext>{}</mattext></material><render_choice>",
        qbank_render::xml_text(prompt)
    );
    for (id, text) in labels {
        let _ = write!(
            out,
            "<response_label ident=\"{id}\"><material><mattext texttype=\"text/plain\">{}</mattext></material></response_label>",
            qbank_render::xml_text(text)
        );
    }
    out.push_str("</render_choice></response_lid>");
}

/// A text field: an essay's, a short answer's.
pub(crate) const TEXT_RESPONSE: &str = "<response_str ident=\"response1\" rcardinality=\"Single\"><render_fib><response_label ident=\"answer1\" rshuffle=\"No\"/></render_fib></response_str>";

/// A `respcondition` setting the score to 100 when `condition` holds,
/// the last one looked at then (`continue="No"`).
pub(crate) fn full_score(out: &mut String, condition: &str) {
    let _ = write!(
        out,
        "<respcondition continue=\"No\"><conditionvar>{condition}</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>"
    );
}

/// A `respcondition` adding `share` to the score when `response` is
/// `label`, the next ones looked at too (`continue="Yes"`).
pub(crate) fn add_score(out: &mut String, response: &str, label: &str, share: &str) {
    let _ = write!(
        out,
        "<respcondition continue=\"Yes\"><conditionvar><varequal respident=\"{response}\">{label}</varequal></conditionvar><setvar action=\"Add\" varname=\"SCORE\">{share}</setvar></respcondition>"
    );
}

/// Canvas's question type.
fn question_type(how: Asked) -> &'static str {
    match how {
        Asked::Essay | Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
            "essay_question"
        }
        Asked::TrueFalse(_) => "true_false_question",
        Asked::Single => "multiple_choice_question",
        Asked::Several => "multiple_answers_question",
    }
}

/// The question text and the response: a text field, or the choices.
fn presentation(out: &mut String, how: Asked, stem: &str, labels: &[(String, String, bool)]) {
    out.push_str("<presentation>");
    out.push_str(&mattext(stem));
    if how == Asked::Essay {
        out.push_str(TEXT_RESPONSE);
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
    scoring_head(out, feedback);
    match how {
        // Graded kinds are not asked here.
        Asked::Essay | Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => out
            .push_str(
            "<respcondition continue=\"No\"><conditionvar><other/></conditionvar></respcondition>",
        ),
        Asked::Several => {
            let mut all = String::from("<and>");
            for (id, _, correct) in labels {
                let equal = format!("<varequal respident=\"response1\">{id}</varequal>");
                if *correct {
                    all.push_str(&equal);
                } else {
                    let _ = write!(all, "<not>{equal}</not>");
                }
            }
            all.push_str("</and>");
            full_score(out, &all);
        }
        Asked::Single | Asked::TrueFalse(_) => {
            for (id, _, _) in labels.iter().filter(|l| l.2) {
                full_score(
                    out,
                    &format!("<varequal respident=\"response1\">{id}</varequal>"),
                );
            }
        }
    }
    out.push_str("</resprocessing>");
}
