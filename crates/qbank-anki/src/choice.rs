//! The fields of a choice entry's note (`qbank Choice`): its options as a
//! list, the same list with the correct ones marked, their letters, and what
//! its answer says besides the key and the options.

use qbank_core::{ChoiceOption, Entry, SectionKind, Span};

/// The `Options` (`marked: false`) or `Marked` field: one list item per
/// option, with its letter; with `marked`, the correct ones carry the class
/// `correct` and a check mark (seen without the CSS too). `texts` are the
/// options' texts as HTML, in order.
pub(crate) fn option_list(options: &[ChoiceOption], texts: &[String], marked: bool) -> String {
    let mut html = String::from(if marked {
        "<ul class=\"options marked\">"
    } else {
        "<ul class=\"options\">"
    });
    for (option, text) in options.iter().zip(texts) {
        let correct = marked && option.correct;
        html.push_str(if correct {
            "<li class=\"option correct\">"
        } else {
            "<li class=\"option\">"
        });
        if marked {
            html.push_str("<span class=\"mark\">");
            html.push_str(if correct { "✓" } else { "" });
            html.push_str("</span>");
        }
        if let Some(label) = &option.label {
            html.push_str("<span class=\"letter\">");
            html.push_str(&qbank_render::escape(label));
            html.push_str("</span>");
        }
        html.push_str("<span class=\"text\">");
        html.push_str(qbank_render::unwrap_paragraph(text));
        html.push_str("</span></li>");
    }
    html.push_str("</ul>");
    html
}

/// The `Correct` field: the correct options' letters (`B`, `A, C`); empty
/// when some option has no letter (the marked list says which, then).
pub(crate) fn correct_letters(options: &[ChoiceOption]) -> String {
    let letters: Option<Vec<&str>> = options
        .iter()
        .filter(|o| o.correct)
        .map(|o| o.label.as_deref())
        .collect();
    letters.map(|l| l.join(", ")).unwrap_or_default()
}

/// What the answer section says besides its key line and the options
/// written in it (an explanation after `答案：B`), as Markdown, with the
/// offset it starts at; `None` when nothing is left.
pub(crate) fn answer_rest(text: &str, entry: &Entry) -> Option<(String, u32)> {
    let body = entry.section(SectionKind::Answer)?.body;
    let mut start = body.start;
    if qbank_core::opens_with_key(text, entry) {
        let line = body.slice(text).find('\n').map_or(body.len(), |i| i + 1);
        start += line as u32;
    }
    let mut options: Vec<Span> = entry
        .options
        .iter()
        .map(|o| o.span)
        .filter(|s| !s.is_empty() && s.start >= start && s.end <= body.end)
        .collect();
    options.sort_by_key(|s| s.start);
    let mut pieces = Vec::new();
    let mut first = None;
    for gap in qbank_export::shown::gaps(start, body.end, &options) {
        let piece = gap.slice(text).trim();
        if !piece.is_empty() {
            first.get_or_insert(gap.start);
            pieces.push(piece);
        }
    }
    Some((pieces.join("\n\n"), first?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(label: Option<&str>, correct: bool) -> ChoiceOption {
        ChoiceOption {
            label: label.map(str::to_owned),
            text: String::new(),
            correct,
            marked: false,
            span: Span::default(),
        }
    }

    #[test]
    fn letters_of_the_correct_options() {
        let lettered = [option(Some("A"), true), option(Some("B"), false)];
        assert_eq!(correct_letters(&lettered), "A");
        let several = [option(Some("A"), true), option(Some("C"), true)];
        assert_eq!(correct_letters(&several), "A, C");
        let bare = [option(None, true), option(None, false)];
        assert_eq!(correct_letters(&bare), "");
    }

    #[test]
    fn marked_list() {
        let options = [option(Some("A"), false), option(Some("B"), true)];
        let texts = ["<p>x &lt; y</p>".to_owned(), "<p>two</p>".to_owned()];
        assert_eq!(
            option_list(&options, &texts, true),
            "<ul class=\"options marked\"><li class=\"option\"><span class=\"mark\"></span><span class=\"letter\">A</span><span class=\"text\">x &lt; y</span></li><li class=\"option correct\"><span class=\"mark\">✓</span><span class=\"letter\">B</span><span class=\"text\">two</span></li></ul>"
        );
        assert!(!option_list(&options, &texts, false).contains("correct"));
    }
}
