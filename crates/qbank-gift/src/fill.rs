//! Fill entries in GIFT: a short-answer question with its answer block
//! where the blank stands (`并发、{=共享}、虚拟`), which Moodle shows as
//! `_____` with an answer box, and grades.
//!
//! A GIFT question holds one answer block: Moodle's reader (`qformat_gift`)
//! takes the first `{` and the first `}` of a question, and gift-pegjs
//! reads text, one block, text. Neither has Moodle's Cloze (`multianswer`),
//! which Moodle's own GIFT export does not write either. So an entry with
//! several blanks becomes one short-answer question per blank, titled
//! `title (1/2)`, `title (2/2)`: each blank graded with its own accepted
//! answers, as a Cloze would grade it, and the other blanks shown as `[…]`
//! (neither a second answer box nor their answers).

use crate::{Render, escape, literal_start};
use qbank_core::{Blank, Entry, SectionKind};
use qbank_export::DocumentRef;
use qbank_export::quiz::Fill;

/// What GIFT shows for a blank asked by another question of the entry.
const OTHER_BLANK: &str = "[…]";

impl Render<'_> {
    /// The questions of a fill entry, one line each and a blank line
    /// between them; `None` when GIFT cannot hold them (an answer with
    /// `->`, which Moodle reads as a matching question, or a blank lost in
    /// rendering): the entry is then an essay.
    pub(crate) fn fill(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        fill: &Fill<'_>,
    ) -> qbank_export::Result<Option<String>> {
        let answers = fill.answers();
        if answers.iter().flatten().any(|a| a.contains("->")) {
            return Ok(None);
        }
        let stem = escape(&literal_start(&self.html(
            doc,
            &fill.markdown,
            fill.span,
        )?));
        let mut feedback = String::new();
        if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Analysis) {
            let html = self.html(doc, span.slice(doc.text), span)?;
            feedback = format!(" ####{}", escape(&literal_start(&html)));
        }
        let count = fill.blanks.len();
        let mut questions = Vec::with_capacity(count);
        for asked in 0..count {
            let text = fill.blanks_in(&stem, |i, after| match i == asked {
                true => block(&answers[i], &feedback) + &hint(fill.blanks[i], after),
                false => OTHER_BLANK.to_owned(),
            });
            let Some(text) = text else {
                return Ok(None);
            };
            let title = match count {
                1 => entry.title.clone(),
                _ => format!("{} ({}/{count})", entry.title, asked + 1),
            };
            questions.push(format!("::{}::[html]{text}", escape(&title)));
        }
        Ok(Some(questions.join("\n\n")))
    }
}

/// `{=a =b ####feedback}`: every accepted answer full marks.
fn block(answers: &[&str], feedback: &str) -> String {
    let answers: Vec<String> = answers.iter().map(|a| format!("={}", answer(a))).collect();
    format!("{{{}{feedback}}}", answers.join(" "))
}

/// An accepted answer as Moodle's short-answer question compares it: `*`
/// (its wildcard) written `\*`; one that starts with `%` or `[` (a weight
/// or a format to both readers) behind `[plain]`, which they strip; then
/// GIFT's escapes.
pub(crate) fn answer(text: &str) -> String {
    let text = text.replace('*', "\\*");
    match text.starts_with(['%', '[']) {
        true => escape(&format!("[plain]{text}")),
        false => escape(&text),
    }
}

/// What goes between the answer block and the text after it: gift-pegjs
/// reads that text as a comment when it starts with `//`, and strips a
/// format (`[html]`…) from its start; an empty HTML comment keeps it text
/// (Moodle reads the text as it is either way).
fn guard(after: &str) -> &'static str {
    let format = ["[html]", "[markdown]", "[plain]", "[moodle]"]
        .iter()
        .any(|f| after.starts_with(f));
    match after.starts_with("//") || format {
        true => "<!---->",
        false => "",
    }
}

/// A blank's hint after it, in parentheses; without one, the [`guard`]
/// the text after it needs.
fn hint(blank: &Blank, after: &str) -> String {
    match blank.hint.as_deref() {
        Some(h) => escape(&format!(" ({})", qbank_render::escape(h))),
        None => guard(after).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_taken_as_written() {
        assert_eq!(answer("共享"), "共享");
        assert_eq!(answer("a=b ~c #d {e}: f"), "a\\=b \\~c \\#d \\{e\\}\\: f");
        assert_eq!(answer("*.rs"), "\\\\*.rs");
        assert_eq!(answer("%50% off"), "[plain]%50% off");
        assert_eq!(answer("[html]"), "[plain][html]");
        assert_eq!(block(&["a", "b"], ""), "{=a =b}");
        assert_eq!(guard("//x"), "<!---->");
        assert_eq!(guard("[plain] x"), "<!---->");
        assert_eq!(guard("[…] x"), "");
    }
}
