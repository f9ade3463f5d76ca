//! One entry as an `<article>`: its title, question (a fill entry's blanks
//! as inputs), options (answerable where the entry has correct ones), the
//! form of a short-answer, numerical, matching or ordering entry, and its
//! answer and analysis behind a reveal button.

use crate::blank::Blanks;
use crate::strings::Strings;
use qbank_core::{Entry, LabelStyle, LineIndex, SectionKind, Span};
use qbank_export::DocumentRef;
use qbank_export::quiz::{Asked, asked};
use qbank_export::shown;
use qbank_render::{Origin, Style, escape};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Where an entry is written from.
pub(crate) struct Context<'a> {
    pub(crate) doc: DocumentRef<'a>,
    pub(crate) lines: Option<&'a LineIndex>,
    pub(crate) allow_outside: bool,
    /// The document's position in the page (from 1).
    pub(crate) document: usize,
    /// The entry's position in its document (from 1).
    pub(crate) position: usize,
    /// The key its progress is kept under.
    pub(crate) key: &'a str,
    /// Its document's name, then its group headings.
    pub(crate) category: &'a [String],
    pub(crate) strings: &'static Strings,
}

/// An entry's question as shown: the title's HTML where the question is
/// the title, and the question's body below it.
#[derive(Default)]
struct Question {
    title: Option<String>,
    body: Option<String>,
}

/// `entry` as an `<article>`, and whether it holds math. A fill entry
/// whose blanks do not all come out as inputs is shown as an open entry.
pub(crate) fn render(ctx: &Context<'_>, entry: &Entry) -> qbank_export::Result<(String, bool)> {
    if let Some(blanks) = Blanks::of(ctx.doc.text, entry) {
        let mut html = Html::new(ctx, Some(&blanks));
        html.article(entry)?;
        let form = format!("{}-blanks", anchor(ctx));
        if let Some(placed) = blanks.place(&html.buf, &form, ctx.strings) {
            return Ok((placed, html.math));
        }
    }
    let mut html = Html::new(ctx, None);
    html.article(entry)?;
    Ok((html.buf, html.math))
}

/// The id of an entry's `<article>`.
fn anchor(ctx: &Context<'_>) -> String {
    format!("e{}-{}", ctx.document, ctx.position)
}

/// An entry's HTML being built.
struct Html<'c, 'a> {
    ctx: &'c Context<'a>,
    /// A fill entry's blanks, rendered as placeholders (the caller makes
    /// them inputs).
    blanks: Option<&'c Blanks<'c>>,
    buf: String,
    math: bool,
}

impl<'c, 'a> Html<'c, 'a> {
    fn new(ctx: &'c Context<'a>, blanks: Option<&'c Blanks<'c>>) -> Self {
        Html {
            ctx,
            blanks,
            buf: String::with_capacity(4096),
            math: false,
        }
    }

    fn article(&mut self, entry: &Entry) -> qbank_export::Result<()> {
        let ctx = self.ctx;
        let anchor = anchor(ctx);
        let number = entry.number.unwrap_or(ctx.position as u64);
        let how = asked(entry);
        let category = ctx.category.join(" › ");
        let _ = writeln!(
            self.buf,
            "<article class=\"entry\" id=\"{anchor}\" data-entry=\"{number}\" data-key=\"{}\" \
             data-kind=\"{}\" data-category=\"{}\" tabindex=\"-1\">",
            escape(ctx.key),
            entry.kind.as_str(),
            escape(&category),
        );
        let question = self.question(entry)?;
        let heading = match question.title {
            Some(html) => html,
            None => self.title(entry)?,
        };
        let shown_number = entry.number.map_or(String::new(), |n| format!("{n}. "));
        let _ = writeln!(
            self.buf,
            "<h4 class=\"title\"><a class=\"anchor\" href=\"#{anchor}\">{shown_number}</a>{heading}</h4>"
        );
        if let Some(html) = question.body {
            let _ = writeln!(self.buf, "<div class=\"question\">{html}</div>");
        }
        if !entry.options.is_empty() {
            self.options(entry, how, &anchor)?;
        }
        self.graded(entry, how, &anchor)?;
        if self.blanks.is_some() {
            let _ = writeln!(
                self.buf,
                "<form class=\"blanks\" id=\"{anchor}-blanks\"><p class=\"actions\"><button type=\"submit\" class=\"check\">{}</button> <span class=\"verdict\" role=\"status\"></span></p></form>",
                ctx.strings.check
            );
        }
        self.answer(entry, how)?;
        self.buf.push_str("</article>\n");
        Ok(())
    }

    /// The title: the heading's own Markdown rendered inline, or the
    /// title as text.
    fn title(&mut self, entry: &Entry) -> qbank_export::Result<String> {
        let span = entry.heading.title_span;
        if entry.marker.is_heading() && !span.is_empty() {
            let html = self.render_span(span)?;
            let inner = qbank_render::unwrap_paragraph(&html);
            if inner.len() != html.len() {
                return Ok(inner.to_owned());
            }
        }
        if let Some(html) = self.title_with_blanks(entry)? {
            return Ok(html);
        }
        Ok(escape(&entry.title))
    }

    /// A title read from a cloze's first line shows the cloze's answers
    /// (`The nucleus holds`): shown above its blanks, it would give them
    /// away, so the line is shown with each blank a line (`The ____ holds`).
    fn title_with_blanks(&mut self, entry: &Entry) -> qbank_export::Result<Option<String>> {
        let from_question = entry
            .section(SectionKind::Question)
            .is_none_or(|q| q.body.start == entry.heading.title_span.start);
        let clozes = entry.blanks.iter().any(|b| b.style.holds_answer());
        if self.blanks.is_none() || !from_question || !clozes {
            return Ok(None);
        }
        let text = self.ctx.doc.text;
        let shown = qbank_core::question_with_blanks(text, entry, |_| "\\_\\_\\_\\_".to_owned());
        let first = shown.lines().next().unwrap_or("").trim();
        let html = self.without_blanks(|h| h.render(first, entry.heading.title_span))?;
        Ok(Some(qbank_render::unwrap_paragraph(&html).to_owned()))
    }

    /// The question: the section, or the content before the first label,
    /// options written in it taken out (the form shows them, unmarked).
    /// Where the question is the heading itself (or its bold line, list
    /// item, summary), it is shown once, as the title.
    fn question(&mut self, entry: &Entry) -> qbank_export::Result<Question> {
        let text = self.ctx.doc.text;
        let pieces = shown::question_pieces(text, entry);
        let Some(section) = entry.section(SectionKind::Question) else {
            return Ok(Question {
                title: None,
                body: self.render_pieces(&pieces)?,
            });
        };
        let heading = entry.heading.span;
        let body = section.body;
        let in_heading = body.start >= heading.start && body.start < heading.end;
        if section.label.style == LabelStyle::Implicit && entry.marker.is_heading() && in_heading {
            // The title is shown as the heading: the rest is what follows it.
            let after: Vec<Span> = pieces
                .iter()
                .filter(|p| p.end > heading.end)
                .map(|p| Span {
                    start: p.start.max(heading.end),
                    end: p.end,
                })
                .filter(|p| !p.slice(text).trim().is_empty())
                .collect();
            return Ok(Question {
                title: Some(self.title(entry)?),
                body: self.render_pieces(&after)?,
            });
        }
        let Some(html) = self.render_pieces(&pieces)? else {
            return Ok(Question::default());
        };
        let inner = qbank_render::unwrap_paragraph(&html);
        // A one-paragraph question that says what the title says (a bold
        // line, a list item, a summary, a `Q:` card) is the title; a fill
        // entry's is compared with its blanks as written, or answered (a
        // title read from a cloze shows its answers).
        let says_title = match self.blanks {
            _ if inner.len() == html.len() => false,
            None => same_words(inner, &entry.title),
            Some(blanks) if same_words(&blanks.answered(inner), &entry.title) => true,
            Some(_) => {
                let plain = self.without_blanks(|h| h.render_pieces(&pieces))?;
                plain.is_some_and(|p| same_words(qbank_render::unwrap_paragraph(&p), &entry.title))
            }
        };
        if says_title {
            return Ok(Question {
                title: Some(inner.to_owned()),
                body: None,
            });
        }
        Ok(Question {
            title: None,
            body: Some(html),
        })
    }

    /// `f` with the blanks rendered as written.
    fn without_blanks<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let blanks = self.blanks.take();
        let out = f(self);
        self.blanks = blanks;
        out
    }

    /// The source at `span`, a fill entry's blanks as placeholders.
    fn source(&self, span: Span) -> Cow<'a, str> {
        let text = self.ctx.doc.text;
        match self.blanks {
            Some(blanks) => blanks.source(text, span),
            None => Cow::Borrowed(span.slice(text)),
        }
    }

    /// Pieces of the source as one rendered body; `None` for none.
    fn render_pieces(&mut self, pieces: &[Span]) -> qbank_export::Result<Option<String>> {
        let text = self.ctx.doc.text;
        let joined = match self.blanks {
            Some(_) => shown::join(text, pieces).map(|(_, span)| {
                let sources: Vec<Cow<'_, str>> = pieces.iter().map(|p| self.source(*p)).collect();
                (sources.join("\n\n"), span)
            }),
            None => shown::join(text, pieces),
        };
        match joined {
            Some((markdown, span)) => {
                let markdown = markdown.trim();
                Ok(Some(self.render(markdown, span)?))
            }
            None => Ok(None),
        }
    }

    /// The options: a form to answer when the entry has correct ones, a
    /// list otherwise.
    fn options(&mut self, entry: &Entry, how: Asked, anchor: &str) -> qbank_export::Result<()> {
        let strings = self.ctx.strings;
        // The graded kinds keep no options: theirs (a matching entry's
        // lettered lines) are shown as a list.
        let input = match how {
            Asked::Essay | Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                None
            }
            Asked::Several => Some("checkbox"),
            Asked::Single | Asked::TrueFalse(_) => Some("radio"),
        };
        let asked_as = match how {
            Asked::Essay | Asked::Short | Asked::Numerical | Asked::Matching | Asked::Ordering => {
                "list"
            }
            Asked::Several => "several",
            Asked::Single => "single",
            Asked::TrueFalse(_) => "true-false",
        };
        let _ = writeln!(
            self.buf,
            "<form class=\"options\" data-asked=\"{asked_as}\"><ol class=\"choices\">"
        );
        for (i, option) in entry.options.iter().enumerate() {
            let letter = shown::option_name(entry, i);
            let text = self.render(&option.text, option.span)?;
            let text = qbank_render::unwrap_paragraph(&text);
            let correct = if option.correct && input.is_some() {
                " data-correct"
            } else {
                ""
            };
            let control = input.map_or(String::new(), |kind| {
                format!("<input type=\"{kind}\" name=\"{anchor}\" value=\"{i}\">")
            });
            let _ = writeln!(
                self.buf,
                "<li><label class=\"option\"{correct}>{control}<span class=\"letter\">{}</span> <span class=\"text\">{text}</span></label></li>",
                escape(&letter)
            );
        }
        self.buf.push_str("</ol>");
        if input.is_some() {
            let _ = write!(
                self.buf,
                "<p class=\"actions\"><button type=\"submit\" class=\"check\">{}</button> <span class=\"verdict\" role=\"status\"></span></p>",
                strings.check
            );
        }
        self.buf.push_str("</form>\n");
        Ok(())
    }

    /// A short-answer, numerical, matching or ordering entry's form.
    fn graded(&mut self, entry: &Entry, how: Asked, anchor: &str) -> qbank_export::Result<()> {
        let strings = self.ctx.strings;
        let mut inline = |markdown: &str| {
            let html = self.render(markdown, entry.span)?;
            Ok(qbank_render::unwrap_paragraph(&html).to_owned())
        };
        if let Some(form) = crate::graded::form(entry, how, anchor, strings, &mut inline)? {
            self.buf.push_str(&form);
        }
        Ok(())
    }

    /// The answer and the analysis, behind a button.
    fn answer(&mut self, entry: &Entry, how: Asked) -> qbank_export::Result<()> {
        let strings = self.ctx.strings;
        let mut parts = String::new();
        for (kind, default) in [
            (SectionKind::Answer, strings.answer),
            (SectionKind::Analysis, strings.analysis),
        ] {
            let Some(section) = entry.section(kind).filter(|s| !s.body.is_empty()) else {
                continue;
            };
            let label = match section.label.style {
                LabelStyle::Implicit => default,
                _ => section.label.text.trim(),
            };
            let html = self.render_span(section.body)?;
            let _ = writeln!(
                parts,
                "<section class=\"part part-{}\"><h5>{}</h5>{html}</section>",
                kind.as_str(),
                escape(if label.is_empty() { default } else { label })
            );
        }
        // A fill entry always has one: it shows the answers in the blanks.
        if parts.is_empty() && matches!(how, Asked::Essay) && self.blanks.is_none() {
            return Ok(());
        }
        let _ = writeln!(
            self.buf,
            "<button type=\"button\" class=\"reveal\" aria-expanded=\"false\">{}</button>",
            strings.show
        );
        if !parts.is_empty() || self.blanks.is_none() {
            let _ = writeln!(self.buf, "<div class=\"answer\">\n{parts}</div>");
        }
        Ok(())
    }

    /// The source at `span` as sanitised HTML.
    fn render_span(&mut self, span: Span) -> qbank_export::Result<String> {
        let markdown = self.source(span);
        self.render(&markdown, span)
    }

    /// Markdown (from `at`) as sanitised HTML, local images embedded.
    fn render(&mut self, markdown: &str, at: Span) -> qbank_export::Result<String> {
        let ctx = self.ctx;
        let path = ctx.doc.document.path.as_str();
        let origin = Origin::of(path, ctx.lines, at, ctx.allow_outside);
        let mut used: Vec<PathBuf> = Vec::new();
        let rendered = qbank_render::render_styled(markdown, &origin, &mut used, Style::page())
            .map_err(|e| qbank_export::Error::format("HTML", e))?;
        self.math |= rendered.math;
        let html = rendered.html.trim_end();
        if used.is_empty() {
            return Ok(html.to_owned());
        }
        Ok(qbank_render::embed_images(html, &used)?)
    }
}

/// Whether `html` and `title` hold the same words, markup and spacing
/// aside.
fn same_words(html: &str, title: &str) -> bool {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    words(&text) == words(title)
}
