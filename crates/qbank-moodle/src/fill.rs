//! Fill entries in Moodle XML: a `shortanswer` question for one blank (its
//! text shows `_____` where the blank stands, the answer box below), and
//! Moodle's Cloze question (`multianswer`, written `type="cloze"` as
//! Moodle's own export writes it; its import reads both names) for
//! several, each blank a `{1:SHORTANSWER:=a~=b}` subquestion in the text,
//! worth one mark. Every accepted answer gets full marks, compared without
//! case (`usecase` 0, as Cloze's `SHORTANSWER`).

use crate::{Render, Rich, empty, text_element};
use qbank_core::{Blank, Entry, SectionKind};
use qbank_export::DocumentRef;
use qbank_export::quiz::Fill;
use std::fmt::Write as _;

impl Render<'_> {
    /// The question of a fill entry; `None` when a blank was lost in
    /// rendering (the entry is then an essay).
    pub(crate) fn fill(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        fill: &Fill<'_>,
    ) -> qbank_export::Result<Option<String>> {
        let stem = self.rich(doc, &fill.markdown, fill.span)?;
        let answers = fill.answers();
        let one = answers.len() == 1;
        let html = fill.blanks_in(&stem.html, |i, _| {
            let blank = match one {
                true => "_____".to_owned(),
                false => cloze(&answers[i]),
            };
            blank + &hint(fill.blanks[i])
        });
        let Some(html) = html else {
            return Ok(None);
        };
        let stem = Rich {
            html,
            files: stem.files,
        };
        let feedback = qbank_export::quiz::body(entry, SectionKind::Analysis)
            .map(|s| self.rich(doc, s.slice(doc.text), s))
            .transpose()?
            .unwrap_or(empty());
        let kind = if one { "shortanswer" } else { "cloze" };
        let mut q = format!("  <question type=\"{kind}\">\n");
        let _ = writeln!(
            q,
            "    <name><text>{}</text></name>",
            qbank_render::xml_text(&entry.title)
        );
        q.push_str(&text_element("questiontext", &stem, 4));
        q.push_str(&text_element("generalfeedback", &feedback, 4));
        if one {
            q.push_str("    <defaultgrade>1</defaultgrade>\n    <hidden>0</hidden>\n");
            short_answer(&mut q, &answers[0], false);
        } else {
            q.push_str("    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n");
        }
        q.push_str("  </question>\n");
        Ok(Some(q))
    }
}

/// A `shortanswer` question's grading: each accepted answer 100%, `*`
/// (Moodle's wildcard) written `\*`; case ignored unless `case_sensitive`.
pub(crate) fn short_answer<S: AsRef<str>>(q: &mut String, answers: &[S], case_sensitive: bool) {
    let _ = writeln!(
        q,
        "    <penalty>0.3333333</penalty>\n    <usecase>{}</usecase>",
        u8::from(case_sensitive)
    );
    for answer in answers {
        let answer = answer.as_ref();
        let text = qbank_render::xml_text(&answer.replace('*', "\\*"));
        let _ = writeln!(
            q,
            "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n      <text>{text}</text>\n      <feedback format=\"html\"><text></text></feedback>\n    </answer>"
        );
    }
}

/// A Cloze blank, `{1:SHORTANSWER:=a~=b}`: one mark, every answer right.
fn cloze(answers: &[&str]) -> String {
    let answers: Vec<String> = answers
        .iter()
        .map(|a| format!("={}", cloze_answer(a)))
        .collect();
    format!("{{1:SHORTANSWER:{}}}", answers.join("~"))
}

/// An answer inside a Cloze blank. Moodle's `qtype_multianswer` cuts an
/// answer at the first `~`, `#` or `}` not after `\` or `&`, then decodes
/// HTML entities (the question text is HTML) and `\}` and `\#` only: so the
/// characters that would end it, and `\` and `&`, which would hide the end,
/// are written as numeric entities; `<`, `>` and `"` as HTML's; `*` (the
/// short answer's wildcard) as `\*`.
fn cloze_answer(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' => out.push_str("&#126;"),
            '#' => out.push_str("&#35;"),
            '}' => out.push_str("&#125;"),
            '\\' => out.push_str("&#92;"),
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '*' => out.push_str("&#92;*"),
            c => out.push(c),
        }
    }
    out
}

/// A blank's hint after it, in parentheses.
fn hint(blank: &Blank) -> String {
    blank
        .hint
        .as_deref()
        .map(|h| format!(" ({})", qbank_render::escape(h)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_answers_cannot_end_early() {
        assert_eq!(cloze(&["页号", "page"]), "{1:SHORTANSWER:=页号~=page}");
        assert_eq!(
            cloze_answer("a~b#c}d\\ R& <x> *"),
            "a&#126;b&#35;c&#125;d&#92; R&#38; &lt;x&gt; &#92;*"
        );
    }
}
