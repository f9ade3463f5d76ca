//! Blank lines and trailing whitespace, line by line. pulldown-cmark says
//! where code blocks, HTML blocks and headings are: the first two are left
//! exactly as written (their whitespace is content), headings get a blank
//! line on each side when they stand at the top level.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use qbank_core::Span;
use std::ops::Range;

/// What the Markdown parser says about the lines of a text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Layout {
    /// Byte ranges left as written: code blocks, HTML blocks, front matter.
    kept: Vec<Range<usize>>,
    /// Top-level headings (outside lists and block quotes).
    headings: Vec<Range<usize>>,
}

/// pulldown-cmark reads pieces of about this many bytes one at a time: its
/// first pass holds a tree of all the text it is given (for a 28.9 MB bank
/// much more than the text), a piece's tree is small.
const PIECE_BYTES: usize = 1 << 20;

fn layout(text: &str, front_matter: Option<Span>) -> Layout {
    let mut layout = Layout::default();
    // Pieces only without front matter: the cutter reads lines as Markdown,
    // and front matter's are not.
    let pieces = match front_matter {
        Some(span) => {
            layout.kept.push(span.range());
            None
        }
        None => qbank_core::block_pieces(text, PIECE_BYTES),
    };
    match pieces {
        Some(pieces) => {
            for range in pieces {
                read_piece(text, range, &mut layout);
            }
        }
        None => read_piece(text, 0..text.len(), &mut layout),
    }
    layout.kept.sort_by_key(|r| r.start);
    layout
}

/// The code blocks, HTML blocks and top-level headings of `text[range]`
/// (which starts where a block starts: no container is open there).
fn read_piece(text: &str, range: Range<usize>, layout: &mut Layout) {
    let at = range.start;
    let mut depth = 0usize;
    let parser = Parser::new_ext(&text[range], qbank_core::markdown_options()).into_offset_iter();
    for (event, r) in parser {
        let r = r.start + at..r.end + at;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => layout.kept.push(r),
            Event::Start(Tag::Heading { .. }) if depth == 0 => layout.headings.push(r),
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
}

/// One line of the text, as the pass sees it.
#[derive(Default)]
struct Line<'a> {
    text: &'a str,
    /// Inside a kept range.
    kept: bool,
    /// The first line of a top-level heading.
    heading_starts: bool,
    /// The last line of a top-level heading.
    heading_ends: bool,
}

fn lines<'a>(text: &'a str, layout: &Layout) -> Vec<Line<'a>> {
    let mut starts = Vec::new();
    let mut out: Vec<Line<'a>> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        starts.push(at);
        out.push(Line {
            text: line.strip_suffix('\n').unwrap_or(line),
            ..Line::default()
        });
        at += line.len();
    }
    // The line holding byte `offset`.
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    for range in &layout.kept {
        let last = range.end.saturating_sub(1).max(range.start);
        for line in
            &mut out[line_of(range.start)..=line_of(last).min(starts.len().saturating_sub(1))]
        {
            line.kept = true;
        }
    }
    for range in &layout.headings {
        let end = range.start + text[range.clone()].trim_end().len();
        if let Some(line) = out.get_mut(line_of(range.start)) {
            line.heading_starts = true;
        }
        if let Some(line) = out.get_mut(line_of(end.saturating_sub(1).max(range.start))) {
            line.heading_ends = true;
        }
    }
    out
}

/// The text with one blank line between blocks and around top-level
/// headings, no blank line at the start, no trailing whitespace (but hard
/// line breaks), and one final newline; kept ranges as written.
pub(crate) fn normalize(text: &str, front_matter: Option<Span>) -> String {
    let layout = layout(text, front_matter);
    let lines = lines(text, &layout);
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    let mut after_heading = false;
    let mut written = false;
    for (i, line) in lines.iter().enumerate() {
        if line.kept {
            if written && (blank || after_heading) {
                out.push('\n');
            }
            out.push_str(line.text);
            out.push('\n');
            (blank, after_heading, written) = (false, false, true);
            continue;
        }
        if line.text.trim().is_empty() {
            blank = true;
            continue;
        }
        let heading_before = line.heading_starts && !out.is_empty() && !out.ends_with("\n\n");
        if written && (blank || after_heading || heading_before) {
            out.push('\n');
        }
        // A hard line break needs a next line in the same paragraph: not
        // after a heading, nor before one (a blank line goes between).
        let next_continues = !line.heading_ends
            && lines
                .get(i + 1)
                .is_some_and(|n| !n.kept && !n.heading_starts && !n.text.trim().is_empty());
        out.push_str(trim_end(line.text, next_continues));
        out.push('\n');
        blank = false;
        written = true;
        after_heading = line.heading_ends;
    }
    out
}

/// A line without its trailing whitespace, but a hard line break (two
/// spaces or more before a line of the same paragraph) stays two spaces.
fn trim_end(line: &str, next_continues: bool) -> &str {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let spaces = &line[trimmed.len()..];
    if next_continues
        && spaces.len() >= 2
        && spaces.bytes().all(|b| b == b' ')
        && !trimmed.is_empty()
    {
        &line[..trimmed.len() + 2]
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_headings() {
        let text = "\n\n# T\nintro  \n\n\n\n## A\ntext\t\n```\ncode  \n\n\n```\nend\n\n\n";
        assert_eq!(
            normalize(text, None),
            "# T\n\nintro\n\n## A\n\ntext\n```\ncode  \n\n\n```\nend\n"
        );
    }

    #[test]
    fn hard_breaks_stay() {
        assert_eq!(normalize("a   \nb\n", None), "a  \nb\n");
        assert_eq!(normalize("a  \n\nb\n", None), "a\n\nb\n");
    }

    #[test]
    fn html_blocks_are_kept_and_their_headings_are_not_headings() {
        let text = "<details>\n## not a heading  \n</details>\n";
        assert_eq!(normalize(text, None), text);
    }

    #[test]
    fn setext_headings() {
        assert_eq!(
            normalize("Title\n===\ntext\n", None),
            "Title\n===\n\ntext\n"
        );
    }

    #[test]
    fn nested_headings_are_left() {
        assert_eq!(normalize("- a\n  # h\n  b\n", None), "- a\n  # h\n  b\n");
    }

    /// A text read in pieces has the layout it has read whole.
    #[test]
    fn pieces_read_as_the_whole() {
        let block = "## 1. Q\n\n- a\n  # in a list\n\n> quote\n# after\n\n```\n# in code\n```\n\
                     <pre>\n# in html\n\nend</pre>\n\n<div>\n## x\n\n\n\n    # indented\n\ntext\n";
        let text = block.repeat(2 * PIECE_BYTES / block.len() + 2);
        let pieces = qbank_core::block_pieces(&text, PIECE_BYTES).unwrap_or_default();
        assert!(pieces.len() > 1, "{}", pieces.len());
        let mut whole = Layout::default();
        read_piece(&text, 0..text.len(), &mut whole);
        whole.kept.sort_by_key(|r| r.start);
        assert_eq!(layout(&text, None), whole);
    }

    proptest::proptest! {
        #[test]
        fn settles_in_one_pass(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "# h", "## 1. h", "text", "  ", "\t", "- a", "1. b", "```", "<details>",
                "</details>", "> q", "===", "    code", "**答案：** x", "", " ", "a  ",
            ]),
            0..24,
        )) {
            let text = pieces.join("\n");
            let once = normalize(&text, None);
            proptest::prop_assert_eq!(normalize(&once, None), once);
        }
    }
}
