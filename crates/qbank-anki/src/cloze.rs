//! Fill entries as `qbank Cloze` notes: the question with each blank an
//! Anki cloze deletion (`{{c1::共享}}`), the cards those deletions make, the
//! title with the deletions hidden, and whether the answer section says more
//! than the blanks' answers.
//!
//! The clozes are written into the HTML after the question is rendered: the
//! Markdown gets markers where the blanks stand (around the answer's own
//! Markdown for a blank that holds it, so `{{c1::`len`}}` keeps its code),
//! and the markers found in the HTML become `{{cN::…}}`. Anki reads clozes
//! in the field's raw HTML, so the text around them must not write one
//! (`{{c1::x}}` in a code span is text: its braces are written `{&#123;`),
//! and an answer or hint must not end its deletion early: their `{`, `}`
//! and `:` are character references, shown as themselves.

use qbank_core::{Blank, Entry, Kind, Span};

/// Where a blank's deletion opens and closes in the Markdown given to the
/// renderer: a private-use character that no bank writes, between ASCII
/// punctuation as the `{{c1::` and `}}` they stand for (so that emphasis
/// around and inside them reads as it did).
const OPEN: &str = "{\u{E000}{";
const CLOSE: &str = "}\u{E001}}";

/// Whether `entry` becomes a cloze note: a fill entry whose every blank has
/// an answer (the first is the one the card shows).
pub(crate) fn is_cloze(entry: &Entry) -> bool {
    entry.kind == Kind::Fill
        && !entry.blanks.is_empty()
        && entry
            .blanks
            .iter()
            .all(|b| b.number > 0 && b.answers.first().is_some_and(|a| !a.is_empty()))
}

/// The card ordinals of a cloze note: one per distinct deletion number,
/// `number - 1`, in order (Anki's own cards of a cloze note).
pub(crate) fn ords(entry: &Entry) -> Vec<u32> {
    let mut ords: Vec<u32> = entry.blanks.iter().map(|b| b.number - 1).collect();
    ords.sort_unstable();
    ords.dedup();
    ords
}

/// The question as Markdown with the blanks' markers, the span it starts
/// at, and the blanks in the order their markers stand; `None` when the
/// question already holds a marker's character.
pub(crate) fn marked_question<'e>(
    text: &str,
    entry: &'e Entry,
) -> Option<(String, u32, Vec<&'e Blank>)> {
    let whole = entry
        .section(qbank_core::SectionKind::Question)
        .map_or(entry.heading.title_span, |q| q.body);
    if whole.slice(text).contains(['\u{E000}', '\u{E001}']) {
        return None;
    }
    let mut order: Vec<Span> = Vec::new();
    let markdown = qbank_core::question_with_blanks(text, entry, |blank| {
        order.push(blank.span);
        let inner = match blank.answer_span {
            Some(span) if blank.style.holds_answer() => span.slice(text),
            _ => "",
        };
        format!("{OPEN}{inner}{CLOSE}")
    });
    let order = order
        .iter()
        .filter_map(|span| entry.blanks.iter().find(|b| b.span == *span))
        .collect();
    let lead = markdown.len() - markdown.trim_start().len();
    Some((markdown.trim().to_owned(), whole.start + lead as u32, order))
}

/// The rendered question with its markers made deletions: `{{cN::answer}}`,
/// `{{cN::answer::hint}}`, the answer being the blank's own rendered
/// Markdown when it holds it, else its first answer. `None` when the
/// markers did not come through the renderer one for one, or stand inside
/// a tag (a blank in an attribute).
pub(crate) fn with_clozes(html: &str, blanks: &[&Blank]) -> Option<String> {
    let mut out = String::with_capacity(html.len() + 16 * blanks.len());
    let mut pending = blanks.iter();
    // The blank being written and where its content starts in `out`.
    let mut open: Option<(&Blank, usize)> = None;
    let mut tag = Tag::default();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !tag.inside() && rest.starts_with(OPEN) {
            let blank = pending.next()?;
            if open.is_some() {
                return None;
            }
            if out.ends_with('{') {
                // `{{{c1::` would leave Anki to guess where it opens.
                out.pop();
                out.push_str(reference('{'));
            }
            out.push_str(&format!("{{{{c{}::", blank.number));
            open = Some((blank, out.len()));
            rest = &rest[OPEN.len()..];
            continue;
        }
        if !tag.inside() && rest.starts_with(CLOSE) {
            let (blank, start) = open.take()?;
            close(&mut out, start, blank);
            rest = &rest[CLOSE.len()..];
            continue;
        }
        if c == '\u{E000}' || c == '\u{E001}' {
            return None;
        }
        tag.step(c);
        match c {
            '{' | '}' | ':' if open.is_some() => out.push_str(reference(c)),
            '{' | '}' if out.ends_with(c) => out.push_str(reference(c)),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    (open.is_none() && pending.next().is_none()).then_some(out)
}

/// End the deletion of `blank` whose content starts at `start` of `out`.
fn close(out: &mut String, start: usize, blank: &Blank) {
    if out[start..].trim().is_empty() {
        out.truncate(start);
        let answer = blank.answers.first().map_or("", String::as_str);
        out.push_str(&escaped(answer));
    }
    if let Some(hint) = blank.hint.as_deref().filter(|h| !h.is_empty()) {
        out.push_str("::");
        out.push_str(&escaped(hint));
    }
    out.push_str("}}");
}

/// Plain text as the content of a deletion: HTML-escaped, and none of the
/// characters that would end it or open another.
fn escaped(plain: &str) -> String {
    qbank_render::escape(plain)
        .chars()
        .fold(String::with_capacity(plain.len()), |mut out, c| {
            match c {
                '{' | '}' | ':' => out.push_str(reference(c)),
                _ => out.push(c),
            }
            out
        })
}

/// The character reference of a brace or colon.
fn reference(c: char) -> &'static str {
    match c {
        '{' => "&#123;",
        '}' => "&#125;",
        _ => "&#58;",
    }
}

/// Whether the scan of some HTML stands inside a tag, and in which quotes.
#[derive(Default)]
struct Tag {
    /// `Some(None)` inside a tag, `Some(Some(q))` inside its value quoted
    /// with `q`.
    state: Option<Option<char>>,
}

impl Tag {
    fn inside(&self) -> bool {
        self.state.is_some()
    }

    fn step(&mut self, c: char) {
        self.state = match (self.state, c) {
            (None, '<') => Some(None),
            (None, _) => None,
            (Some(None), '>') => None,
            (Some(None), '"' | '\'') => Some(Some(c)),
            (Some(Some(q)), _) if c == q => Some(None),
            (state, _) => state,
        };
    }
}

/// The entry's title with each blank that holds its answer hidden as
/// Anki's front hides it (`[...]`, or `[hint]`): the `Title` of its note,
/// shown on the front, and the title of its identity key (so that an
/// edited answer keeps the note). `None` when the title is not the first
/// line of a question that holds such a blank (`## 1. The cell` over the
/// cloze keeps its title).
///
/// Made from the source, not from the entry's title: the reader may write
/// a cloze in a title as its syntax or as its answer.
pub(crate) fn hidden_title(text: &str, entry: &Entry) -> Option<String> {
    let title = entry.heading.title_span;
    let from_question = entry
        .section(qbank_core::SectionKind::Question)
        .is_none_or(|q| q.body.start == title.start);
    let holds = |b: &Blank| b.style.holds_answer() && b.span.start >= title.start;
    if !from_question || !entry.blanks.iter().any(holds) {
        return None;
    }
    let hidden = qbank_core::question_with_blanks(text, entry, |blank| {
        if blank.style.holds_answer() {
            format!("[{}]", blank.hint.as_deref().unwrap_or("..."))
        } else {
            blank.span.slice(text).to_owned()
        }
    });
    Some(plain_line(hidden.trim_start().lines().next().unwrap_or("")))
}

/// A line of Markdown as a title shows it: no tags, `*` or backticks,
/// white space collapsed.
fn plain_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    let kept: String = out.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the answer section says more than the deletions show: text
/// beside the blanks' answers (an explanation after `答案：共享。`), or an
/// answer they do not show (an alternative, `Accepted: 443 | port 443`).
/// Separators and numbers between the answers (`；`, `(1)`) say nothing.
pub(crate) fn answer_says_more(text: &str, entry: &Entry) -> bool {
    let Some(section) = entry.section(qbank_core::SectionKind::Answer) else {
        return false;
    };
    if entry.blanks.iter().any(|b| b.answers.len() > 1) {
        return true;
    }
    let body = section.body;
    let mut taken: Vec<Span> = entry
        .blanks
        .iter()
        .filter_map(|b| b.answer_span)
        .filter(|s| s.start >= body.start && s.end <= body.end)
        .collect();
    taken.sort_by_key(|s| s.start);
    qbank_export::shown::gaps(body.start, body.end, &taken)
        .iter()
        .any(|gap| gap.slice(text).chars().any(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(number: u32, answer: &str, hint: Option<&str>) -> Blank {
        Blank {
            number,
            answers: vec![answer.to_owned()],
            hint: hint.map(str::to_owned),
            ..Blank::default()
        }
    }

    #[test]
    fn markers_become_deletions() {
        let (a, b) = (blank(1, "共享", None), blank(2, "x", Some("a hint")));
        let html = format!("<p>并发、{OPEN}{CLOSE}、<em>{OPEN}<code>x</code>{CLOSE}</em></p>");
        assert_eq!(
            with_clozes(&html, &[&a, &b]).as_deref(),
            Some("<p>并发、{{c1::共享}}、<em>{{c2::<code>x</code>::a hint}}</em></p>")
        );
    }

    #[test]
    fn answers_and_text_cannot_write_clozes() {
        let a = blank(1, "a}}b::c {{c2::d}}", Some("h::}}"));
        let html = format!("<p><code>{{{{c1::x}}}}</code> {OPEN}{CLOSE} {{{{{{</p>");
        assert_eq!(
            with_clozes(&html, &[&a]).as_deref(),
            Some(
                "<p><code>{&#123;c1::x}&#125;</code> {{c1::a&#125;&#125;b&#58;&#58;c &#123;&#123;c2&#58;&#58;d&#125;&#125;::h&#58;&#58;&#125;&#125;}} {&#123;{</p>"
            )
        );
    }

    #[test]
    fn markers_lost_or_in_tags_refuse() {
        let a = blank(1, "x", None);
        assert_eq!(with_clozes("<p>none</p>", &[&a]), None);
        let in_tag = format!("<img alt=\"{OPEN}{CLOSE}\">");
        assert_eq!(with_clozes(&in_tag, &[&a]), None);
        let half = format!("<p>{OPEN}x</p>");
        assert_eq!(with_clozes(&half, &[&a]), None);
    }

    #[test]
    fn titles_are_plain_lines() {
        assert_eq!(
            plain_line("The <b>[...]</b> is   **the** `[a place]` of"),
            "The [...] is the [a place] of"
        );
        assert_eq!(plain_line("a < b"), "a");
    }

    #[test]
    fn ordinals_are_distinct_numbers() {
        let entry = Entry {
            kind: Kind::Fill,
            blanks: vec![
                blank(1, "a", None),
                blank(3, "b", None),
                blank(1, "c", None),
            ],
            ..Entry::default()
        };
        assert!(is_cloze(&entry));
        assert_eq!(ords(&entry), [0, 2]);
        let unanswered = Entry {
            blanks: vec![blank(1, "a", None), Blank::default()],
            ..entry
        };
        assert!(!is_cloze(&unanswered));
    }
}
