//! A heading's explicit id: a trailing `{#id}` attribute block, the only
//! braces at the end of a heading that are not its text.
//!
//! Written by hand: pulldown-cmark's heading attributes take any trailing
//! `{…}` as attributes and drop it from the heading's text, so
//! `## Set notation {1, 2, 3}` lost `{1, 2, 3}` and `## 5. 下列说法 {多选}`
//! lost `{多选}`. qbank parses with that extension off and reads the id here,
//! one rule for the parser, the shape scan and the title.

use crate::line::ws::Trim;

/// A trailing attribute block of `s`: where it starts (its `{`, after the
/// blanks before it are trimmed away) and the id it names. The block is
/// `{#id}`, optionally with more attributes (`{#id .class key=value}`); it
/// stands at the end of `s` (blanks aside), after a blank or alone.
/// Anything else in braces (`{1, 2, 3}`, `{多选}`, `{.class}`) is text.
#[must_use]
pub(crate) fn trailing_id(s: &str) -> Option<(usize, &str)> {
    let t = s.trim_end_ws();
    if let Some(found) = anchor(t) {
        return Some(found);
    }
    let inner_end = t.len().checked_sub(1).filter(|_| t.ends_with('}'))?;
    let open = t[..inner_end].rfind('{')?;
    if open > 0 && !t[..open].ends_with([' ', '\t']) {
        return None;
    }
    let inner = &t[open + 1..inner_end];
    let mut id = None;
    for token in inner.split_whitespace() {
        if let Some(name) = token.strip_prefix('#') {
            if !is_name(name) || id.is_some() {
                return None;
            }
            id = Some(name);
        } else if !(token.strip_prefix('.').is_some_and(is_name) || is_key_value(token)) {
            return None;
        }
    }
    let cut = t[..open].trim_end_ws().len();
    id.map(|id| (cut, id))
}

/// Hugging Face's doc-builder anchor glued to a heading's text: `End-of-
/// chapter quiz[[end-of-chapter-quiz]]`. Glued, and of letters, digits,
/// `-` and `_` only: an Obsidian link after a blank (`See [[Note]]`) is
/// text.
fn anchor(t: &str) -> Option<(usize, &str)> {
    let inner = t.strip_suffix("]]")?;
    let open = inner.rfind("[[")?;
    let id = &inner[open + 2..];
    let glued = t[..open].ends_with(|c: char| !c.is_whitespace());
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    (glued && plain && !id.is_empty()).then_some((open, id))
}

/// An id or class as pulldown-cmark and Pandoc take them: anything but
/// blanks, braces and `=` (not empty).
fn is_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(['{', '}', '='])
}

/// `key=value`, the value unquoted or quoted.
fn is_key_value(s: &str) -> bool {
    s.split_once('=')
        .is_some_and(|(k, v)| is_name(k) && !v.is_empty() && !v.contains(['{', '}']))
}

/// A heading line's text without its closing `#`s and trailing `{#id}`
/// (in either order): its length, and the id.
#[must_use]
pub(crate) fn heading_text(s: &str) -> (usize, Option<&str>) {
    let mut t = s.trim_end_ws();
    let mut id = None;
    for _ in 0..2 {
        t = without_closing(t);
        if let Some((cut, found)) = trailing_id(t) {
            id = id.or(Some(found));
            t = &t[..cut];
        }
    }
    (t.len(), id)
}

/// An ATX heading's text without its closing sequence (`## Title ##`).
fn without_closing(s: &str) -> &str {
    let t = s.trim_end_ws();
    let hashes = t.trim_end_matches('#');
    if hashes.len() < t.len() && (hashes.is_empty() || hashes.ends_with([' ', '\t'])) {
        hashes.trim_end_ws()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_block_is_the_id() {
        assert_eq!(trailing_id("带属性的标题 {#q-57}"), Some((18, "q-57")));
        assert_eq!(trailing_id("Title {#a .b key=v}  "), Some((5, "a")));
        assert_eq!(trailing_id("{#only}"), Some((0, "only")));
        assert_eq!(trailing_id("Quiz[[end-quiz]]"), Some((4, "end-quiz")));
    }

    #[test]
    fn closing_hashes_and_id_in_either_order() {
        assert_eq!(heading_text("Title {#a} ##"), (5, Some("a")));
        assert_eq!(heading_text("Title ## {#a}"), (5, Some("a")));
        assert_eq!(heading_text("Set {1, 2} ##"), (10, None));
        assert_eq!(heading_text("C#"), (2, None));
    }

    #[test]
    fn other_braces_are_text() {
        for s in [
            "Set notation {1, 2, 3}",
            "下列说法 {多选}",
            "Pick {select all}",
            "Styled {.unnumbered}",
            "x{#glued}",
            "Two {#a #b}",
            "Empty {}",
            "Template ${this.status}",
            "{#bad id!}",
            "See [[Note]]",
            "[[alone]]",
            "Glued[[Two words]]",
            "Z = A[[0,1]]",
        ] {
            assert_eq!(trailing_id(s), None, "{s}");
            assert_eq!(heading_text(s).0, s.len());
        }
    }
}
