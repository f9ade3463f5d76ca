//! The fields of a choice entry's note (`qbank Choice`): its options as a
//! list, the same list with the correct ones marked, their letters, and what
//! its answer says besides the key and the options.

use qbank_core::{ChoiceOption, Entry, SectionKind, Span};

/// The `Options` (`marked: false`) or `Marked` field: one list item per
/// option, with its name (`names`: its letter, or its position as in every
/// other output); with `marked`, the correct ones carry the class `correct`
/// and a check mark (seen without the CSS too). `texts` are the options'
/// texts as HTML, in order.
pub(crate) fn option_list(
    options: &[ChoiceOption],
    names: &[String],
    texts: &[String],
    marked: bool,
) -> String {
    let mut html = String::from(if marked {
        "<ul class=\"options marked\">"
    } else {
        "<ul class=\"options\">"
    });
    for ((option, name), text) in options.iter().zip(names).zip(texts) {
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
        html.push_str("<span class=\"letter\">");
        html.push_str(&qbank_render::escape(name));
        html.push_str("</span>");
        html.push_str("<span class=\"text\">");
        html.push_str(qbank_render::unwrap_paragraph(text));
        html.push_str("</span></li>");
    }
    html.push_str("</ul>");
    html
}

/// The `Correct` field: the correct options' names (`B`, `A, C`, `1`).
pub(crate) fn correct_names(options: &[ChoiceOption], names: &[String]) -> String {
    let correct: Vec<&str> = options
        .iter()
        .zip(names)
        .filter(|(o, _)| o.correct)
        .map(|(_, n)| n.as_str())
        .collect();
    correct.join(", ")
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

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn names_of_the_correct_options() {
        let lettered = [option(Some("A"), true), option(Some("B"), false)];
        assert_eq!(correct_names(&lettered, &names(&["A", "B"])), "A");
        let several = [option(Some("A"), true), option(Some("C"), true)];
        assert_eq!(correct_names(&several, &names(&["A", "C"])), "A, C");
        let bare = [option(None, true), option(None, false)];
        assert_eq!(correct_names(&bare, &names(&["1", "2"])), "1");
    }

    #[test]
    fn marked_list() {
        let options = [option(Some("A"), false), option(Some("B"), true)];
        let texts = ["<p>x &lt; y</p>".to_owned(), "<p>two</p>".to_owned()];
        assert_eq!(
            option_list(&options, &names(&["A", "B"]), &texts, true),
            "<ul class=\"options marked\"><li class=\"option\"><span class=\"mark\"></span><span class=\"letter\">A</span><span class=\"text\">x &lt; y</span></li><li class=\"option correct\"><span class=\"mark\">✓</span><span class=\"letter\">B</span><span class=\"text\">two</span></li></ul>"
        );
        assert!(!option_list(&options, &names(&["A", "B"]), &texts, false).contains("correct"));
    }
}
