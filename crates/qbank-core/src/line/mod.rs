//! What one line is: the recognisers that the shape scan (`shape.rs`), the
//! cutting of large documents (`split.rs`) and the parse (`parse.rs`) share.
//! Headings, numbers, labels, questions, fences, answer boxes and inline
//! cards, each read from the first bytes of a line.
//!
//! Everything here depends only on the model and on this module, never on
//! the scan or the parse that use it (a test in this module checks it), so
//! the two read lines the same way and neither can pull the other in a
//! loop. Written by hand, as the scan is: these checks must cost a small
//! fraction of the Markdown parse (see `shape.rs`).

use crate::line::ws::Trim;
use crate::model::Span;
pub(crate) use labels::skip_blanks;

pub(crate) mod ask;
pub(crate) mod blank;
pub(crate) mod cards;
pub(crate) mod fence;
pub(crate) mod heading_id;
pub(crate) mod kind_name;
pub(crate) mod labels;
pub(crate) mod number;
pub(crate) mod option;
pub(crate) mod reveal;
pub(crate) mod ws;

/// Where the line at `from` ends: its `\n`, or `end`. memchr's vector
/// search rather than `str::find('\n')`, whose generic searcher costs more
/// to set up than the search itself on lines this short (110–170
/// instructions a line; cutting lines this way took 4.6% off a parse of
/// an exam bank, counted with callgrind: docs/performance.md).
pub(crate) fn line_end(text: &str, from: usize, end: usize) -> usize {
    text.as_bytes()
        .get(from..end)
        .and_then(|b| memchr::memchr(b'\n', b))
        .map_or(end, |i| from + i)
}

/// The lines of `s` exactly as `str::lines` gives them (a `\r` before a
/// `\n` dropped, no empty line after a last `\n`), found with memchr for
/// the same reason as [`line_end`].
pub(crate) fn lines(s: &str) -> impl Iterator<Item = &str> + Clone {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        Some(line)
    })
}

/// `s.split('\n')`, found with memchr for the same reason as [`line_end`].
pub(crate) fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => rest.take(),
        }
    })
}

/// The level of an ATX heading line (after its indentation).
pub(crate) fn is_heading(line: &str) -> Option<u8> {
    let rest = line.trim_start_matches(' ');
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && matches!(rest.as_bytes().get(hashes), None | Some(b' ' | b'\t')))
        .then_some(hashes as u8)
}

/// A heading line's text: no `#`s, closing sequence or `{#id}`.
pub(crate) fn heading_content(line: &str, level: u8) -> &str {
    let s = line.trim_start_matches(' ')[level as usize..].trim_ws();
    &s[..crate::line::heading_id::heading_text(s).0]
}

/// Leading inline HTML tags (`<a name="x"></a>`) removed.
pub(crate) fn strip_tags(s: &str) -> &str {
    let mut s = s;
    while s.starts_with('<') {
        match s.find('>') {
            Some(i) => s = s[i + 1..].trim_start_ws(),
            None => break,
        }
    }
    s
}

/// Emoji and symbols that decorate a title (`👶`, `⭐️`, `🟢`).
pub(crate) fn is_mark(c: char) -> bool {
    let u = c as u32;
    (0x2190..=0x2BFF).contains(&u)
        || (0x1F000..=0x1FAFF).contains(&u)
        || matches!(u, 0x200D | 0xFE0F | 0x20E3)
}

/// The text of an ATX heading line (`### What is X? ###` → `What is X?`).
pub(crate) fn atx_text(line: &str) -> Option<&str> {
    is_heading(line).map(|level| heading_content(line, level))
}

/// `**text**` at the start of `s`: the text.
pub(crate) fn bold_inner(s: &str) -> Option<&str> {
    let marker = if s.starts_with("**") {
        "**"
    } else if s.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let close = s[2..].find(marker)? + 2;
    Some(&s[2..close])
}

/// `[text](…)` at the start of `s`: the text.
pub(crate) fn link_text(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find("](")?;
    Some(&rest[..close])
}

/// A link that may be a question: not one to an anchor of the same page
/// (`[What is X?](#what-is-x)` is a table of contents).
pub(crate) fn question_link(s: &str) -> Option<&str> {
    let text = link_text(s)?;
    let target = &s[1 + text.len() + 2..];
    (!target.starts_with('#')).then_some(text)
}

/// The content of a list item's first line (after `- `, `1. `).
pub(crate) fn list_item_content(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker_end = if digits > 0 {
        (digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')'))).then_some(digits + 1)?
    } else {
        matches!(bytes.first(), Some(b'-' | b'*' | b'+')).then_some(1)?
    };
    if !matches!(bytes.get(marker_end), Some(b' ' | b'\t')) {
        return None;
    }
    let start = skip_blanks(line, marker_end);
    let content = &line[start..];
    // A task list item's box is not content.
    let content = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| content.strip_prefix(b))
        .unwrap_or(content);
    Some(content)
}

/// A bullet item's text after its marker, task box kept (`[x] 中华文明`).
pub(crate) fn bullet_content(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(['-', '*', '+'])?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start_ws())
}

/// A line's quote depth (`> >    > text` is 3, indentation between the
/// marks allowed, as in a list item within a quote) and its text after
/// the marks.
pub(crate) fn quote_depth(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line.trim_start_ws();
    while let Some(r) = rest.strip_prefix('>') {
        depth += 1;
        rest = r.trim_start_ws();
    }
    (depth, rest)
}

/// `start..end` with whitespace trimmed, or `None` when only whitespace.
pub(crate) fn trim(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = text.get(start..end)?;
    let rest = s.trim_start_ws();
    let t = rest.trim_end_ws();
    if t.is_empty() {
        return None;
    }
    let lead = s.len() - rest.len();
    Some(Span::new(start + lead, start + lead + t.len()))
}

#[cfg(test)]
mod tests {
    /// `lines` and `split_lines` cut as `str::lines` and `split('\n')`.
    #[test]
    fn lines_as_std_cuts_them() {
        let parts = ["", "a", "\n", "\r", "\r\n", "题", " "];
        let mut s = String::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        s.clear();
                        s.extend([a, b, c, d]);
                        let ours: Vec<&str> = super::lines(&s).collect();
                        assert_eq!(ours, s.lines().collect::<Vec<_>>(), "{s:?}");
                        let ours: Vec<&str> = super::split_lines(&s).collect();
                        assert_eq!(ours, s.split('\n').collect::<Vec<_>>(), "{s:?}");
                    }
                }
            }
        }
    }

    /// The recognisers depend on the model and on each other only: the
    /// scan and the parse import them, never the reverse.
    #[test]
    fn lines_import_only_the_model_and_lines() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/line");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // Spelt in two so that this test does not find itself.
            let needle = concat!("crate", "::");
            for (at, _) in text.match_indices(needle) {
                let rest = &text[at + needle.len()..];
                assert!(
                    rest.starts_with("model") || rest.starts_with("line"),
                    "{}: imports {needle}{}",
                    path.display(),
                    &rest[..rest.len().min(30)]
                );
            }
        }
    }
}
