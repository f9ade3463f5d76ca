//! Cutting one large document into pieces that can be scanned in parallel.
//!
//! Phase 1 of the parser depends only on the text it is given, as long as
//! each piece starts where a block starts in the whole document. A line at
//! column 0 that opens an ATX heading (`#### 12. 标题`) starts a block
//! unless it sits inside a top-level fenced code block or HTML block: a line
//! at column 0 closes every open list item and block quote (headings are
//! never lazy continuation lines), and headings interrupt paragraphs. So this
//! module scans lines, tracks fences and HTML blocks, and cuts only at such
//! headings. It gives up (no cut at all) on what it cannot track exactly:
//! fences indented by one to three spaces or by tabs (they may belong to a
//! list item), fence lines inside what may or may not be an HTML block, and
//! any line holding `]:` (a link reference or footnote definition is
//! document-wide, so a piece must see them all).
//!
//! Written by hand because pulldown-cmark has no way to resume at an offset
//! and its first pass over a whole large file is what costs memory.

use crate::line::fence::{closes_fence, opens_fence};
use crate::line::ws::Trim;
use std::ops::Range;

/// Below this size a document is scanned in one piece.
pub(crate) const MIN_PARALLEL_LEN: usize = 512 * 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Normal,
    /// In a fenced code block opened by `len` times `ch`.
    Fence {
        ch: u8,
        len: usize,
    },
    /// In an HTML block that ends with a line containing this marker.
    HtmlUntil(&'static str),
    /// In an HTML block that ends at a blank line.
    HtmlUntilBlank,
}

/// Ranges covering `text` in order, each starting at a safe cut point, of
/// about `target` bytes each; `None` when the text cannot be cut safely.
pub(crate) fn pieces(text: &str, target: usize) -> Option<Vec<Range<usize>>> {
    let target = target.max(1);
    let mut cuts = vec![0usize];
    let mut state = State::Normal;
    let mut last_cut = 0usize;
    let mut pos = 0usize;
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &text[pos..end];
        if !matches!(state, State::Fence { .. }) && line.contains("]:") {
            // A link reference or footnote definition, perhaps in a
            // container, with a label over several lines, or after what we
            // wrongly took for an HTML block: it is document-wide, so every
            // piece would need it.
            return None;
        }
        let (next, heading) = step(state, line)?;
        if heading && pos - last_cut >= target {
            cuts.push(pos);
            last_cut = pos;
        }
        state = next;
        pos = end + 1;
    }
    let mut ranges: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    ranges.push(last_cut..text.len());
    Some(ranges)
}

/// The state after `line`, and whether the line is a heading a piece may
/// start at; `None` when the text cannot be cut safely.
fn step(state: State, line: &str) -> Option<(State, bool)> {
    let next = match state {
        State::Fence { ch, len } => {
            if closes_fence(line, ch, len) {
                State::Normal
            } else {
                state
            }
        }
        State::HtmlUntil(_) | State::HtmlUntilBlank
            if opens_fence(line.trim_start_matches([' ', '\t'])).is_some() =>
        {
            // Whether this HTML block is real decides whether the fence is
            // one: too close to call without a full parse.
            return None;
        }
        State::HtmlUntil(_) if starts_tag(line) => {
            // Another HTML start while we believe we are in a block that
            // ends at a marker: if our belief is wrong, this line opens a
            // block with another end. Too close to call.
            return None;
        }
        State::HtmlUntilBlank
            if starts_tag(line) && html_start(line.trim_start_ws()) != State::HtmlUntilBlank =>
        {
            // A block that ends at a marker may begin here if the block we
            // believe we are in is no block at all.
            return None;
        }
        State::HtmlUntil(marker) => {
            if line.contains(marker) {
                State::Normal
            } else {
                state
            }
        }
        State::HtmlUntilBlank => {
            if line.trim_ws().is_empty() {
                State::Normal
            } else {
                state
            }
        }
        State::Normal => return normal_line(line),
    };
    Some((next, false))
}

/// [`step`] for a line outside fences and HTML blocks.
fn normal_line(line: &str) -> Option<(State, bool)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.starts_with('\t') && indent < 4 {
        // Tabs make indentation depend on context: only trust lines that
        // cannot open a fence or HTML block.
        let r = rest.trim_start_ws();
        if r.starts_with("```") || r.starts_with("~~~") || r.starts_with('<') {
            return None;
        }
    }
    if indent >= 4 {
        Some((State::Normal, false))
    } else if let Some((ch, len)) = opens_fence(rest) {
        if indent > 0 {
            return None;
        }
        Some((State::Fence { ch, len }, false))
    } else if rest.starts_with('<') {
        Some((html_start(rest), false))
    } else {
        Some((
            State::Normal,
            indent == 0 && crate::line::is_heading(rest).is_some(),
        ))
    }
}

/// Whether the line starts, after at most three spaces, with `<`.
fn starts_tag(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3 && line[indent..].starts_with('<')
}

/// The HTML block a line starting with `<` opens (CommonMark's seven kinds),
/// erring on the side of "still inside".
fn html_start(rest: &str) -> State {
    let lower: String = rest.chars().take(12).flat_map(char::to_lowercase).collect();
    let end_marker = |m: &'static str, from: usize| {
        if rest.get(from..).is_some_and(|r| r.contains(m)) {
            State::Normal
        } else {
            State::HtmlUntil(m)
        }
    };
    for tag in ["script", "pre", "style", "textarea"] {
        if lower[1..].starts_with(tag) {
            let after = lower.as_bytes().get(1 + tag.len());
            if matches!(after, None | Some(b' ' | b'\t' | b'>')) {
                let close: &'static str = match tag {
                    "script" => "</script>",
                    "pre" => "</pre>",
                    "style" => "</style>",
                    _ => "</textarea>",
                };
                // The end marker is matched case-sensitively here; a
                // differently cased one keeps us "inside" until a later
                // match, which only loses cut points.
                return end_marker(close, 1);
            }
        }
    }
    if rest.starts_with("<!--") {
        return end_marker("-->", 4);
    }
    if rest.starts_with("<?") {
        return end_marker("?>", 2);
    }
    if rest.starts_with("<![CDATA[") {
        return end_marker("]]>", 9);
    }
    if rest.starts_with("<!") {
        return end_marker(">", 2);
    }
    State::HtmlUntilBlank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_only_at_safe_headings() {
        let text = "# T\n\n## 1. a\n\n```\n## 2. in code\n```\n\n## 3. b\n\n<!--\n## 4. in comment\n-->\n## 5. c\n";
        let ranges = pieces(text, 1).unwrap();
        let starts: Vec<&str> = ranges
            .iter()
            .map(|r| text[r.clone()].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(starts, ["# T", "## 1. a", "## 3. b", "## 5. c"]);
        assert_eq!(ranges.last().unwrap().end, text.len());
    }

    #[test]
    fn gives_up_on_indented_fences_and_definitions() {
        assert!(pieces("# a\n- x\n\n  ```\n# b\n  ```\n", 1).is_none());
        assert!(pieces("# a\n[r]: http://x\n# b\n", 1).is_none());
        assert!(pieces("# a\n\t```\n# b\n", 1).is_none());
    }
}
