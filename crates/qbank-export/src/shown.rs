//! What a learner is shown of an entry before answering: its question
//! without the options written in it. Every output that asks (the study
//! page, Anki's card fronts, GIFT, Moodle XML, QTI) shows options on their
//! own, unmarked; the question's own text must not show them again, with
//! their ticks, bold or checked boxes saying which are correct.

use qbank_core::{Entry, SectionKind, Span};

/// The question's pieces as written, options taken out: the question
/// section's body, or with no question section the content before the
/// first label; each piece trimmed, none empty.
#[must_use]
pub fn question_pieces(text: &str, entry: &Entry) -> Vec<Span> {
    let whole = match entry.section(SectionKind::Question) {
        Some(section) => section.body,
        None => match (entry.preamble.first(), entry.preamble.last()) {
            (Some(first), Some(last)) => Span {
                start: first.span().start,
                end: last.span().end,
            },
            _ => return Vec::new(),
        },
    };
    let mut options: Vec<Span> = entry
        .options
        .iter()
        .map(|o| o.span)
        .filter(|s| !s.is_empty() && s.start >= whole.start && s.end <= whole.end)
        .collect();
    options.sort_by_key(|s| s.start);
    gaps(whole.start, whole.end, &options)
        .into_iter()
        .filter_map(|gap| trimmed(text, gap))
        .collect()
}

/// An option's name wherever one is shown (the study page, Anki's cards,
/// CSV and XLSX cells): its letter, or its 1-based position for every
/// option of an entry whose letters are missing or repeat, so that a name
/// always says one option (a true/false pair is `1. 正确` / `2. 错误`
/// everywhere).
#[must_use]
pub fn option_name(entry: &Entry, index: usize) -> String {
    let options = &entry.options;
    let unique = options.iter().enumerate().all(|(i, o)| {
        o.label
            .as_ref()
            .is_some_and(|l| options[..i].iter().all(|p| p.label.as_ref() != Some(l)))
    });
    match options.get(index).and_then(|o| o.label.as_ref()) {
        Some(label) if unique => label.clone(),
        _ => (index + 1).to_string(),
    }
}

/// The names of an entry's options, in order ([`option_name`]).
#[must_use]
pub fn option_names(entry: &Entry) -> Vec<String> {
    (0..entry.options.len())
        .map(|i| option_name(entry, i))
        .collect()
}

/// The question as Markdown, options taken out (its pieces one after the
/// other), and the span from its first piece to its last (for line
/// numbers); `None` when nothing is left.
#[must_use]
pub fn question_markdown(text: &str, entry: &Entry) -> Option<(String, Span)> {
    join(text, &question_pieces(text, entry))
}

/// Pieces of `text` as one Markdown text, a blank line between them, and
/// the span they cover; `None` for no piece.
#[must_use]
pub fn join(text: &str, pieces: &[Span]) -> Option<(String, Span)> {
    let (first, last) = (pieces.first()?, pieces.last()?);
    let markdown = match pieces {
        [one] => one.slice(text).to_owned(),
        _ => pieces
            .iter()
            .map(|p| p.slice(text))
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    let span = Span {
        start: first.start,
        end: last.end,
    };
    Some((markdown, span))
}

/// The parts of `start..end` outside `taken` (sorted by start).
#[must_use]
pub fn gaps(start: u32, end: u32, taken: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = start;
    for span in taken {
        if span.start > at {
            out.push(Span {
                start: at,
                end: span.start,
            });
        }
        at = at.max(span.end);
    }
    if end > at {
        out.push(Span { start: at, end });
    }
    out
}

/// `span` without the white space at its ends; `None` when nothing else.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let s = span.slice(text);
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let start = span.start as usize + (s.len() - s.trim_start().len());
    Some(Span::new(start, start + t.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::{ParseOptions, parse};

    fn pieces(md: &str) -> Vec<String> {
        let doc = parse("t.md", md, &ParseOptions::default());
        question_pieces(md, &doc.entries[0])
            .iter()
            .map(|s| s.slice(md).to_owned())
            .collect()
    }

    #[test]
    fn options_inside_the_question_are_taken_out() {
        let md = "# T\n\n## 1. Pick\n\n**Question:** Which?\n\n- [x] a\n- [ ] b\n\nOne only.\n\n**Answer:** a\n";
        assert_eq!(pieces(md), ["Which?", "One only."]);
    }

    #[test]
    fn lettered_lines_leave_the_sentence_before_them() {
        let md = "# T\n\n## 1. Pick\n\n**Question:** Which?\n\nA. one\nB. two\n\nPick one.\n\n**Answer:** B\n";
        assert_eq!(pieces(md), ["Which?", "Pick one."]);
    }

    #[test]
    fn an_open_entry_keeps_its_whole_question() {
        let md =
            "# T\n\n## 1. Say\n\n**Question:** Why?\n\n- because\n- of this\n\n**Answer:** so\n";
        assert_eq!(pieces(md), ["Why?\n\n- because\n- of this"]);
    }

    #[test]
    fn gaps_around_options() {
        let taken = [Span { start: 2, end: 4 }, Span { start: 6, end: 8 }];
        assert_eq!(
            gaps(0, 10, &taken),
            [
                Span { start: 0, end: 2 },
                Span { start: 4, end: 6 },
                Span { start: 8, end: 10 }
            ]
        );
    }
}
