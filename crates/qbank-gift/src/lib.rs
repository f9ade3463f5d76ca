//! # qbank-gift: question banks as Moodle's GIFT
//!
//! [GIFT](https://docs.moodle.org/en/GIFT_format) is Moodle's text format
//! for questions. Each document becomes a `$CATEGORY:` (its title, and
//! below it the group headings its entries sit under); each entry a
//! question titled `::title::`, its text the question section rendered to
//! sanitised HTML (`[html]`, as for Anki: highlighted code, MathJax
//! delimiters, local images embedded as `data:` URIs):
//!
//! - an open entry: an essay question, `{}`, whose general feedback (`####`)
//!   holds the answer and the analysis;
//! - a choice entry with one correct option: multiple choice,
//!   `{=right ~wrong …}`; with several: grades that sum to 100 for the
//!   correct ones and −100 for each wrong one (`~%50%a ~%50%b ~%-100%c`),
//!   each one Moodle accepts (10% and 5% for 11 to 20 correct options, with
//!   a warning; more are refused: see [`qbank_export::quiz::moodle_grades`]);
//!   a true/false pair (or a statement and a key): `{T}` or `{F}`;
//! - a choice entry with no correct option: an essay (its options in the
//!   text), since GIFT has no choice question without an answer;
//! - a fill entry whose every blank has an answer: a short-answer question
//!   with its answer block where the blank stands, `{=a =b}` for a blank
//!   with two accepted answers; with several blanks, one such question per
//!   blank (GIFT holds one answer block per question: see the `fill`
//!   module); with an unanswered blank, an essay, as an open entry.
//! - the graded kinds (see the `graded` module): a short answer
//!   `{=colour =color}` (Moodle ignores case: a case-sensitive one is
//!   written so, with a warning), a number `{#9.8:0.1}`, `{#6}` or a range
//!   `{#3.1..3.2}` (a percentage tolerance worked out; the unit shown after
//!   the question), a matching `{=Rust -> Graydon Hoare = -> Dennis
//!   Ritchie}` (an empty left side for each distractor), an ordering as a
//!   matching of each item with its place (`=SYN -> 1`); one that cannot be
//!   graded (a number that is not one, one pair) an essay.
//!
//! The characters GIFT reserves, `~ = # { } :` and `\`, are escaped
//! wherever they occur in text (HTML attributes and code included), and
//! line breaks are written `\n`, so a question is always one line. A text
//! that starts with `%` or `[` starts with an HTML entity instead
//! ([`literal_start`]): Moodle and gift-pegjs would read `%10% off` as a
//! weight and `[plain]` as a format.

#![deny(missing_docs)]

mod fill;
mod graded;

use qbank_core::{ChoiceOption, Entry, Kind, LineIndex, SectionKind, Span};
use qbank_export::quiz::{Asked, Context, Quiz, asked};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use qbank_render::Origin;
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

/// `--to gift`: a [`Writer`] of GIFT text to `out`.
///
/// # Errors
///
/// None when creating it; writing reports I/O errors and images that
/// cannot be read.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    Ok(Box::new(GiftWriter {
        out,
        quiz: Quiz::moodle(options),
        case_sensitive: graded::CaseSensitive::default(),
    }))
}

/// GIFT written document by document, entry by entry.
struct GiftWriter<W> {
    out: W,
    quiz: Quiz,
    case_sensitive: graded::CaseSensitive,
}

/// What rendering a question needs, shared by rayon's threads.
struct Render<'a> {
    allow_outside: bool,
    /// The open document's line index (for image errors).
    lines: Option<&'a LineIndex>,
}

impl<W: Write> Writer<W> for GiftWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        writeln!(self.out, "// {}", doc.document.path.replace('\n', " "))?;
        self.quiz.begin_document(doc);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let questions = self.quiz.render(doc, entries, |context, _, entry| {
            let place = graded::case_sensitive(entry)
                .then(|| qbank_export::quiz::place(&doc.document.path, context.lines, entry));
            Ok((Render::new(context).question(doc, entry)?, place))
        })?;
        for rendered in questions {
            let (output, place) = rendered.output;
            self.case_sensitive.note(place);
            let question = qbank_export::quiz::Rendered {
                category: rendered.category,
                output,
            };
            if let Some(category) = question.category {
                writeln!(self.out, "$CATEGORY: {category}\n")?;
            }
            self.out.write_all(question.output.as_bytes())?;
            self.out.write_all(b"\n\n")?;
        }
        Ok(())
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.quiz.end_document();
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        self.out.flush()?;
        let warning = self.quiz.warning("GIFT");
        let mut finished = Finished::new(self.out);
        finished.warnings.extend(warning);
        finished.warnings.extend(self.case_sensitive.warning());
        Ok(finished)
    }
}

impl<'a> Render<'a> {
    fn new(context: Context<'a>) -> Self {
        Render {
            allow_outside: context.allow_outside,
            lines: context.lines,
        }
    }

    /// One question, on one line (a fill entry with several blanks: one
    /// per blank, a blank line between them).
    fn question(&self, doc: DocumentRef<'_>, entry: &Entry) -> qbank_export::Result<String> {
        if let Some(fill) = qbank_export::quiz::fill(doc.text, entry) {
            if let Some(questions) = self.fill(doc, entry, &fill)? {
                return Ok(questions);
            }
        }
        let text = doc.text;
        let mut stem = match qbank_export::shown::question_markdown(doc.text, entry) {
            Some((markdown, span)) => self.html(doc, &markdown, span)?,
            None => qbank_render::escape(&entry.title),
        };
        let mut feedback = String::new();
        let how = asked(entry);
        if matches!(how, Asked::Essay) {
            if entry.kind == Kind::Choice {
                stem.push_str(&self.option_list(doc, entry)?);
            }
            if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Answer) {
                feedback.push_str(&self.html(doc, span.slice(text), span)?);
            }
        }
        if let Some(span) = qbank_export::quiz::body(entry, SectionKind::Analysis) {
            feedback.push_str(&self.html(doc, span.slice(text), span)?);
        }
        let answers = match how {
            Asked::Essay => String::new(),
            Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                let (answers, after) = self.graded(doc, entry, how)?;
                stem.push_str(&after);
                answers
            }
            Asked::TrueFalse(t) => if t { "T" } else { "F" }.to_owned(),
            Asked::Single | Asked::Several => {
                self.choices(doc, entry, matches!(how, Asked::Several))?
            }
        };
        let feedback = escape(&literal_start(&feedback));
        let feedback = match (feedback.is_empty(), answers.is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!("####{feedback}"),
            (false, false) => format!(" ####{feedback}"),
        };
        // The title is taken as written by both readers: no `%` weight or
        // `[format]` is looked for in it.
        Ok(format!(
            "::{}::[html]{}{{{answers}{feedback}}}",
            escape(&entry.title),
            escape(&literal_start(&stem))
        ))
    }

    /// `=right ~wrong`, or Moodle's grades for several correct options.
    fn choices(
        &self,
        doc: DocumentRef<'_>,
        entry: &Entry,
        several: bool,
    ) -> qbank_export::Result<String> {
        let mut grades = match several {
            true => qbank_export::quiz::grades_of(&doc.document.path, self.lines, entry)
                .map_err(|e| qbank_export::Error::format("GIFT", e))?,
            false => Vec::new(),
        }
        .into_iter();
        let mut out = Vec::new();
        for option in &entry.options {
            let text = escape(&literal_start(&self.option_html(doc, option)?));
            out.push(match (several, option.correct) {
                (false, true) => format!("={text}"),
                (false, false) => format!("~{text}"),
                (true, true) => format!("~%{}%{text}", grades.next().unwrap_or("0")),
                (true, false) => format!("~%-100%{text}"),
            });
        }
        Ok(out.join(" "))
    }

    /// The options as a list, for a choice entry asked as an essay.
    fn option_list(&self, doc: DocumentRef<'_>, entry: &Entry) -> qbank_export::Result<String> {
        let mut html = String::from("<ol type=\"A\">");
        for option in &entry.options {
            html.push_str("<li>");
            html.push_str(&self.option_html(doc, option)?);
            html.push_str("</li>");
        }
        html.push_str("</ol>");
        Ok(html)
    }

    fn option_html(
        &self,
        doc: DocumentRef<'_>,
        option: &ChoiceOption,
    ) -> qbank_export::Result<String> {
        let html = self.html(doc, &option.text, option.span)?;
        Ok(qbank_render::unwrap_paragraph(&html).to_owned())
    }

    /// Markdown as sanitised HTML, local images embedded.
    fn html(&self, doc: DocumentRef<'_>, markdown: &str, at: Span) -> qbank_export::Result<String> {
        let path = doc.document.path.as_str();
        let origin = Origin::of(path, self.lines, at, self.allow_outside);
        let mut used: Vec<PathBuf> = Vec::new();
        let html = qbank_render::render(markdown, &origin, &mut used)
            .map_err(|e| qbank_export::Error::format("GIFT", e))?;
        Ok(qbank_render::embed_images(html.trim_end(), &used)?)
    }
}

/// HTML whose start GIFT's readers take as written: a leading `%` (after
/// white space) written `&#37;`, a leading `[` written `&#91;`.
///
/// Moodle's reader (`qformat_gift`) reads an answer that starts `%N%` as
/// worth N% (`~%10% off` is "off" at 10%) and strips a leading `[html]`,
/// `[markdown]`, `[plain]` or `[moodle]` from answers and feedback as their
/// format; gift-pegjs does the same, also after `=`, and rejects the file
/// when nothing follows the format. Neither knows an escape for `%` or `[`
/// (`\%` keeps its backslash), but the texts are HTML, in which the entity
/// shows the character.
///
/// ```
/// assert_eq!(qbank_gift::literal_start("%10% off"), "&#37;10% off");
/// assert_eq!(qbank_gift::literal_start(" [html]"), " &#91;html]");
/// assert_eq!(qbank_gift::literal_start("50%"), "50%");
/// ```
#[must_use]
pub fn literal_start(html: &str) -> Cow<'_, str> {
    // The white space PHP's trim() removes before Moodle looks.
    let rest = html.trim_start_matches([' ', '\t', '\n', '\r', '\0', '\x0B']);
    let entity = match rest.as_bytes().first() {
        Some(b'%') => "&#37;",
        Some(b'[') => "&#91;",
        _ => return Cow::Borrowed(html),
    };
    let at = html.len() - rest.len();
    Cow::Owned(format!("{}{entity}{}", &html[..at], &rest[1..]))
}

/// Text made safe for GIFT: `\` and `~ = # { } :` escaped with `\`, line
/// breaks written `\n`.
#[must_use]
pub fn escape(text: &str) -> String {
    qbank_render::replace_ascii(text, |b| match b {
        b'\\' => Some("\\\\"),
        b'~' => Some("\\~"),
        b'=' => Some("\\="),
        b'#' => Some("\\#"),
        b'{' => Some("\\{"),
        b'}' => Some("\\}"),
        b':' => Some("\\:"),
        b'\n' => Some("\\n"),
        b'\r' => Some(""),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(
            escape("a=b ~c #d {e} f:g \\h\ni"),
            "a\\=b \\~c \\#d \\{e\\} f\\:g \\\\h\\ni"
        );
    }
}
