//! # qbank-moodle: question banks as Moodle XML
//!
//! [Moodle XML](https://docs.moodle.org/en/Moodle_XML_format) for Moodle's
//! question bank import. One `<quiz>`; each document a `category` question
//! (`$course$/top/` and its title, then the group headings of its entries);
//! each entry a question named by its title, its text the question section
//! rendered to sanitised HTML (as for Anki), local images bundled as
//! `<file>` elements referenced by `@@PLUGINFILE@@`:
//!
//! - open entries: `essay`, the answer as grader information, the analysis
//!   as general feedback;
//! - one correct option: `multichoice` with `<single>true</single>`,
//!   fraction 100 for it and 0 for the others;
//! - several: `multichoice` with `<single>false</single>`, fractions that
//!   sum to 100 for the correct ones and −100 for the wrong ones, each one
//!   Moodle accepts (10 and 5 for 11 to 20 correct options, with a warning;
//!   more are refused: see [`qbank_export::quiz::moodle_grades`]);
//! - a true/false pair or a keyed statement: `truefalse`;
//! - a choice entry with no correct option: `essay`, its options listed;
//! - a fill entry whose every blank has an answer: `shortanswer` for one
//!   blank (each accepted answer 100%, case ignored), Moodle's Cloze
//!   (`multianswer`, `type="cloze"`) for several, each blank
//!   `{1:SHORTANSWER:=a~=b}` where it stands; with an unanswered blank,
//!   `essay`, as an open entry.
//! - the graded kinds (see the `graded` module): `shortanswer` (with the
//!   bank's case-sensitivity), `numerical` (value, tolerance, unit),
//!   `matching` (pairs and distractors) and `ordering` (Moodle 4.4 and
//!   later; a `matching` of places for an older [`MoodleVersion`]); one that
//!   cannot be graded, `essay`.

#![deny(missing_docs)]

mod fill;
mod graded;

pub use graded::MoodleVersion;

use base64::Engine;
use qbank_core::{ChoiceOption, Entry, Kind, LineIndex, SectionKind, Span};
use qbank_export::quiz::{Asked, Context, Quiz, asked};
use qbank_export::{DocumentRef, ExportOptions, Finished, Writer};
use qbank_render::Origin;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

/// The options of `--to moodle`.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct MoodleOptions {
    /// The Moodle release the file is for (`--moodle-version`); `None`:
    /// 4.4 or later.
    pub version: Option<MoodleVersion>,
}

/// `--to moodle`: a [`Writer`] of Moodle XML to `out`, for Moodle 4.4
/// and later.
///
/// # Errors
///
/// When the XML declaration cannot be written.
pub fn create<W: Write + 'static>(
    out: W,
    options: &ExportOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    create_with(out, options, &MoodleOptions::default())
}

/// `--to moodle` with its own options (`--moodle-version`).
///
/// # Errors
///
/// When the XML declaration cannot be written.
pub fn create_with<W: Write + 'static>(
    mut out: W,
    options: &ExportOptions,
    moodle: &MoodleOptions,
) -> qbank_export::Result<Box<dyn Writer<W>>> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n")?;
    Ok(Box::new(MoodleWriter {
        out,
        quiz: Quiz::moodle(options),
        ordering: moodle.version.is_none_or(MoodleVersion::has_ordering),
    }))
}

struct MoodleWriter<W> {
    out: W,
    quiz: Quiz,
    /// Whether the release imports `ordering` questions.
    ordering: bool,
}

/// What rendering a question needs, shared by rayon's threads.
struct Render<'a> {
    allow_outside: bool,
    /// The open document's line index (for image errors).
    lines: Option<&'a LineIndex>,
    /// Whether the release imports `ordering` questions.
    ordering: bool,
}

/// HTML and the files it references.
struct Rich {
    html: String,
    files: Vec<(String, PathBuf)>,
}

impl<W: Write> Writer<W> for MoodleWriter<W> {
    fn begin_document(&mut self, doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        writeln!(self.out, "  <!-- {} -->", comment(&doc.document.path))?;
        self.quiz.begin_document(doc);
        Ok(())
    }

    fn write_entries(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
    ) -> qbank_export::Result<()> {
        let ordering = self.ordering;
        let questions = self.quiz.render(doc, entries, |context, _, entry| {
            Render::new(context, ordering).question(doc, entry)
        })?;
        for question in questions {
            if let Some(category) = question.category {
                write!(
                    self.out,
                    "  <question type=\"category\">\n    <category><text>$course$/top/{}</text></category>\n  </question>\n",
                    qbank_render::xml_text(&category)
                )?;
            }
            self.out.write_all(question.output.as_bytes())?;
        }
        Ok(())
    }

    fn end_document(&mut self, _doc: DocumentRef<'_>) -> qbank_export::Result<()> {
        self.quiz.end_document();
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> qbank_export::Result<Finished<W>> {
        self.out.write_all(b"</quiz>\n")?;
        self.out.flush()?;
        let warning = self.quiz.warning("Moodle XML");
        let mut finished = Finished::new(self.out);
        finished.warnings.extend(warning);
        Ok(finished)
    }
}

impl<'a> Render<'a> {
    fn new(context: Context<'a>, ordering: bool) -> Self {
        Render {
            allow_outside: context.allow_outside,
            lines: context.lines,
            ordering,
        }
    }

    fn question(&self, doc: DocumentRef<'_>, entry: &Entry) -> qbank_export::Result<String> {
        if let Some(fill) = qbank_export::quiz::fill(doc.text, entry) {
            if let Some(question) = self.fill(doc, entry, &fill)? {
                return Ok(question);
            }
        }
        let mut stem = match qbank_export::shown::question_markdown(doc.text, entry) {
            Some((markdown, span)) => self.rich(doc, &markdown, span)?,
            None => Rich {
                html: qbank_render::escape(&entry.title),
                files: Vec::new(),
            },
        };
        let answer = qbank_export::quiz::body(entry, SectionKind::Answer)
            .map(|s| self.rich(doc, s.slice(doc.text), s))
            .transpose()?;
        let feedback = qbank_export::quiz::body(entry, SectionKind::Analysis)
            .map(|s| self.rich(doc, s.slice(doc.text), s))
            .transpose()?;
        let how = asked(entry);
        if let Some((_, Some(unit))) =
            qbank_export::graded::numerical(entry).filter(|_| how == Asked::Numerical)
        {
            let _ = write!(stem.html, "<p>({})</p>", qbank_render::escape(unit));
        }
        if how == Asked::Essay && entry.kind == Kind::Choice {
            stem.html.push_str("<ol type=\"A\">");
            for option in &entry.options {
                let o = self.option(doc, option)?;
                let _ = write!(stem.html, "<li>{}</li>", o.html);
                stem.files.extend(o.files);
            }
            stem.html.push_str("</ol>");
        }
        let kind = match how {
            Asked::Essay => "essay",
            Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                self.graded_type(how)
            }
            Asked::TrueFalse(_) => "truefalse",
            Asked::Single | Asked::Several => "multichoice",
        };
        let mut q = format!("  <question type=\"{kind}\">\n");
        let _ = writeln!(
            q,
            "    <name><text>{}</text></name>",
            qbank_render::xml_text(&entry.title)
        );
        q.push_str(&text_element("questiontext", &stem, 4));
        q.push_str(&text_element(
            "generalfeedback",
            &feedback.unwrap_or(empty()),
            4,
        ));
        q.push_str("    <defaultgrade>1</defaultgrade>\n    <hidden>0</hidden>\n");
        match how {
            Asked::Essay => essay(&mut q, answer),
            Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                self.graded(&mut q, doc, entry, how)?;
            }
            Asked::TrueFalse(t) => true_false(&mut q, t),
            Asked::Single | Asked::Several => {
                self.choices(&mut q, doc, entry, how == Asked::Several)?
            }
        }
        q.push_str("  </question>\n");
        Ok(q)
    }

    fn choices(
        &self,
        q: &mut String,
        doc: DocumentRef<'_>,
        entry: &Entry,
        several: bool,
    ) -> qbank_export::Result<()> {
        let _ = writeln!(q, "    <single>{}</single>", !several);
        q.push_str("    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n");
        q.push_str("    <penalty>0.3333333</penalty>\n");
        let mut grades = qbank_export::quiz::grades_of(&doc.document.path, self.lines, entry)
            .map_err(|e| qbank_export::Error::format("Moodle XML", e))?
            .into_iter();
        for option in &entry.options {
            let fraction = match (several, option.correct) {
                (true, true) => grades.next().unwrap_or("0"),
                (false, true) => "100",
                (false, false) => "0",
                (true, false) => "-100",
            };
            let rich = self.option(doc, option)?;
            let _ = writeln!(q, "    <answer fraction=\"{fraction}\" format=\"html\">");
            q.push_str(&text_body(&rich, 6));
            q.push_str("      <feedback format=\"html\"><text></text></feedback>\n    </answer>\n");
        }
        Ok(())
    }

    fn option(&self, doc: DocumentRef<'_>, option: &ChoiceOption) -> qbank_export::Result<Rich> {
        let mut rich = self.rich(doc, &option.text, option.span)?;
        rich.html = qbank_render::unwrap_paragraph(&rich.html).to_owned();
        Ok(rich)
    }

    /// Markdown as sanitised HTML; local images as `@@PLUGINFILE@@` files.
    fn rich(&self, doc: DocumentRef<'_>, markdown: &str, at: Span) -> qbank_export::Result<Rich> {
        let path = doc.document.path.as_str();
        let origin = Origin::of(path, self.lines, at, self.allow_outside);
        let mut used: Vec<PathBuf> = Vec::new();
        let mut html = qbank_render::render(markdown, &origin, &mut used)
            .map_err(|e| qbank_export::Error::format("Moodle XML", e))?
            .trim_end()
            .to_owned();
        let mut files = Vec::new();
        for file in used {
            let name = qbank_render::media_name(&file);
            html = html.replace(
                &format!("src=\"{name}\""),
                &format!("src=\"@@PLUGINFILE@@/{name}\""),
            );
            files.push((name, file));
        }
        Ok(Rich { html, files })
    }
}

fn empty() -> Rich {
    Rich {
        html: String::new(),
        files: Vec::new(),
    }
}

fn essay(q: &mut String, answer: Option<Rich>) {
    q.push_str("    <penalty>0</penalty>\n    <responseformat>editor</responseformat>\n");
    q.push_str("    <responserequired>1</responserequired>\n    <responsefieldlines>15</responsefieldlines>\n");
    q.push_str("    <attachments>0</attachments>\n");
    q.push_str(&text_element("graderinfo", &answer.unwrap_or(empty()), 4));
    q.push_str("    <responsetemplate format=\"html\"><text></text></responsetemplate>\n");
}

fn true_false(q: &mut String, true_is_correct: bool) {
    q.push_str("    <penalty>1</penalty>\n");
    for (word, value) in [("true", true), ("false", false)] {
        let fraction = if value == true_is_correct { 100 } else { 0 };
        let _ = writeln!(
            q,
            "    <answer fraction=\"{fraction}\" format=\"moodle_auto_format\"><text>{word}</text><feedback format=\"html\"><text></text></feedback></answer>"
        );
    }
}

/// `<name format="html"><text><![CDATA[…]]></text><file…/></name>`.
fn text_element(name: &str, rich: &Rich, indent: usize) -> String {
    let pad = " ".repeat(indent);
    format!(
        "{pad}<{name} format=\"html\">\n{}{pad}</{name}>\n",
        text_body(rich, indent + 2)
    )
}

/// The `<text>` of some HTML, and its files, base64.
fn text_body(rich: &Rich, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}<text>{}</text>\n", cdata(&rich.html));
    for (name, path) in &rich.files {
        let data = std::fs::read(path)
            .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad}<file name=\"{}\" path=\"/\" encoding=\"base64\">{data}</file>",
            qbank_render::xml_text(name)
        );
    }
    out
}

/// Text as CDATA (a `]]>` inside split across two sections).
fn cdata(text: &str) -> String {
    qbank_render::xml_cdata(text)
}

/// Text safe in an XML comment (no `--`).
fn comment(text: &str) -> String {
    qbank_render::xml_text(text).replace("--", "- -")
}
