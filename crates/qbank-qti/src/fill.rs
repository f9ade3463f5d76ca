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

use crate::item::{
    Media, Render, add_score, choice_response, item_head, item_tail, mattext, scoring_head,
};
use qbank_core::{Blank, Entry, SectionKind};
use qbank_export::DocumentRef;
use qbank_export::quiz::Fill;

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
        let ids: Vec<&str> = responses
            .iter()
            .flat_map(|r| r.answers.iter().map(|a| a.0.as_str()))
            .collect();
        let mut out = item_head(
            item_ident,
            &entry.title,
            "fill_in_multiple_blanks_question",
            &ids,
        );
        presentation(&mut out, &stem, &responses);
        scoring(&mut out, &responses, !feedback.is_empty());
        item_tail(&mut out, &feedback);
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

/// The text with its `[blank1]`s, then each blank's accepted answers.
fn presentation(out: &mut String, stem: &str, responses: &[Response]) {
    out.push_str("<presentation>");
    out.push_str(&mattext(stem));
    for r in responses {
        let labels = r
            .answers
            .iter()
            .map(|(id, text)| (id.as_str(), text.as_str()));
        choice_response(out, &format!("response_{}", r.name), &r.name, labels);
    }
    out.push_str("</presentation>");
}

/// `resprocessing`: the general feedback shown, and each blank's share of
/// 100 for any of its accepted answers.
fn scoring(out: &mut String, responses: &[Response], feedback: bool) {
    scoring_head(out, feedback);
    let share = format!("{:.2}", 100.0 / responses.len().max(1) as f64);
    for r in responses {
        for (id, _) in &r.answers {
            add_score(out, &format!("response_{}", r.name), id, &share);
        }
    }
    out.push_str("</resprocessing>");
}
