//! Fill entries as Canvas's `fill_in_multiple_blanks_question`, whatever
//! their number of blanks: the question text keeps each blank where it
//! stands as `[blank1]`, `[blank2]`…, and each blank is a `response_lid`
//! `response_blank1` listing its accepted answers, every one of them right
//! (as Canvas exports the type). Canvas's `short_answer_question` ("Fill
//! In the Blank") would do for one blank, but shows its answer box below
//! the text, not in the sentence; one type for every fill entry keeps the
//! blank in place and the scoring alike.
//!
//! The scoring is QTI's: each accepted answer of a blank adds the blank's
//! share of 100 (`continue="Yes"`, so every blank is looked at), as
//! Canvas's converter (QTIMigrationTool) turns into QTI 2.1.

use crate::item::{Media, Render, field, mattext};
use qbank_core::{Blank, Entry, SectionKind};
use qbank_export::DocumentRef;
use qbank_export::quiz::Fill;
use std::fmt::Write as _;

/// One blank: its name (`blank1`) and its answers' label idents and texts.
struct Response {
    name: String,
    answers: Vec<(String, String)>,
}

impl Render<'_> {
    /// The item of a fill entry; `None` when a blank was lost in rendering
    /// (the entry is then an essay).
    pub(crate) fn fill_item(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        fill: &Fill<'_>,
        item_ident: &str,
    ) -> qbank_export::Result<Option<(String, Media)>> {
        let mut media = Media::new();
        let html = self.html(doc, &fill.markdown, fill.span, &mut media)?;
        let stem = fill.blanks_in(&html, |i, _| {
            format!("[blank{}]{}", i + 1, hint(fill.blanks[i]))
        });
        let Some(stem) = stem else {
            return Ok(None);
        };
        let mut feedback = String::new();
        if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Analysis) {
            feedback = self.html(doc, span.slice(doc.text), span, &mut media)?;
        }
        let responses: Vec<Response> = fill
            .answers()
            .iter()
            .zip(1..)
            .map(|(answers, k)| Response {
                name: format!("blank{k}"),
                answers: answers
                    .iter()
                    .zip(1..)
                    .map(|(a, j)| (format!("{item_ident}_{k}_{j}"), (*a).to_owned()))
                    .collect(),
            })
            .collect();
        let mut out = format!(
            "<item ident=\"{item_ident}\" title=\"{}\">",
            qbank_render::xml_text(&entry.title)
        );
        metadata(&mut out, &responses);
        presentation(&mut out, &stem, &responses);
        scoring(&mut out, &responses, !feedback.is_empty());
        if !feedback.is_empty() {
            let _ = write!(
                out,
                "<itemfeedback ident=\"general_fb\"><flow_mat>{}</flow_mat></itemfeedback>",
                mattext(&feedback)
            );
        }
        out.push_str("</item>\n");
        Ok(Some((out, media)))
    }
}

/// A blank's hint after it, in parentheses.
fn hint(blank: &Blank) -> String {
    blank
        .hint
        .as_deref()
        .map(|h| format!(" ({})", qbank_render::escape(h)))
        .unwrap_or_default()
}

/// Canvas's `qtimetadata`: the type, points, every answer's ident.
fn metadata(out: &mut String, responses: &[Response]) {
    out.push_str("<itemmetadata><qtimetadata>");
    field(out, "question_type", "fill_in_multiple_blanks_question");
    field(out, "points_possible", "1.0");
    let ids: Vec<&str> = responses
        .iter()
        .flat_map(|r| r.answers.iter().map(|a| a.0.as_str()))
        .collect();
    field(out, "original_answer_ids", &ids.join(","));
    out.push_str("</qtimetadata></itemmetadata>");
}

/// The text with its `[blank1]`s, then each blank's accepted answers.
fn presentation(out: &mut String, stem: &str, responses: &[Response]) {
    out.push_str("<presentation>");
    out.push_str(&mattext(stem));
    for r in responses {
        let _ = write!(
            out,
            "<response_lid ident=\"response_{0}\"><material><mattext>{0}</mattext></material><render_choice>",
            r.name
        );
        for (id, text) in &r.answers {
            let _ = write!(
                out,
                "<response_label ident=\"{id}\"><material><mattext texttype=\"text/plain\">{}</mattext></material></response_label>",
                qbank_render::xml_text(text)
            );
        }
        out.push_str("</render_choice></response_lid>");
    }
    out.push_str("</presentation>");
}

/// `resprocessing`: the general feedback shown, and each blank's share of
/// 100 for any of its accepted answers.
fn scoring(out: &mut String, responses: &[Response], feedback: bool) {
    out.push_str("<resprocessing><outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>");
    if feedback {
        out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
    }
    let share = format!("{:.2}", 100.0 / responses.len().max(1) as f64);
    for r in responses {
        for (id, _) in &r.answers {
            let _ = write!(
                out,
                "<respcondition continue=\"Yes\"><conditionvar><varequal respident=\"response_{}\">{id}</varequal></conditionvar><setvar action=\"Add\" varname=\"SCORE\">{share}</setvar></respcondition>",
                r.name
            );
        }
    }
    out.push_str("</resprocessing>");
}
