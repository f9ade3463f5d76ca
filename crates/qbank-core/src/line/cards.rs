//! Inline flashcards of Obsidian's plugins: `front::back` on one line
//! (Spaced Repetition, Obsidian_to_Anki's RemNote style, Flashcards),
//! `front:::back` (a card both ways), and a card over lines with a `?` (or
//! `??`) line between its sides.
//!
//! Written by hand: the plugins' card syntax is theirs, not Markdown's.
//! The line recognisers here serve both the shape scan and the parse.

use crate::line::ws::Trim;

/// A card on one line: where its front ends, where its back starts and
/// ends (byte offsets in the line), or `None`.
///
/// The front must read as words, not a key: Dataview and Logseq write
/// properties as `key:: value`, so a front that is one word (`tags`,
/// `due-date`) is none, unless it asks (`Why?::…`). `::` in code spans,
/// in a cloze (`{{c1::mitochondria}}`) or in a path (`std::vector`, no
/// blank before it in the same word) is no separator; a trailing
/// scheduling comment (`<!--SR:!2024-03-20,124,270-->`) is not the back's.
#[must_use]
pub(crate) fn inline_card(line: &str) -> Option<(usize, usize, usize)> {
    let bytes = line.as_bytes();
    if !memchr::memchr_iter(b':', bytes).any(|i| bytes.get(i + 1) == Some(&b':')) {
        return None;
    }
    let at = separator(line)?;
    let sep = if line[at..].starts_with(":::") { 3 } else { 2 };
    let front = line[..at].trim_ws();
    let asks = front.ends_with(['?', '？']);
    let one_word = !front.contains(char::is_whitespace);
    if front.is_empty() || (one_word && !asks) || is_list_or_quote(front) {
        return None;
    }
    let back_start = at + sep;
    let back = &line[back_start..];
    let back = match back.find("<!--SR:") {
        Some(i) => &back[..i],
        None => back,
    };
    let lead = back.len() - back.trim_start_ws().len();
    let back_end = back_start + back.trim_end_ws().len();
    (back_start + lead < back_end).then_some((at, back_start + lead, back_end))
}

/// The first `::` outside code spans and `{{…}}`.
fn separator(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let (mut code, mut braces) = (false, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'`' => code = !code,
            b'{' if !code && bytes[i + 1] == b'{' => {
                braces += 1;
                i += 1;
            }
            b'}' if !code && braces > 0 && bytes[i + 1] == b'}' => {
                braces -= 1;
                i += 1;
            }
            b':' if !code && braces == 0 && bytes[i + 1] == b':' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A line the scan leaves to other readers: list items, quotes, headings.
fn is_list_or_quote(front: &str) -> bool {
    front.starts_with(['>', '#', '|']) || crate::line::list_item_content(front).is_some()
}

/// The line between the two sides of a card over lines: `?` (one way) or
/// `??` (both ways), alone.
#[must_use]
pub(crate) fn is_side_break(line: &str) -> bool {
    matches!(line.trim_ws(), "?" | "??")
}

/// Whether a line says its file holds flashcards: a `#flashcards` tag
/// (`#flashcards/science`), `#card` or `#cards`, or a card marker comment
/// (`<!-- CARD -->`, Obsidian_to_Anki).
#[must_use]
pub(crate) fn is_card_signal(line: &str) -> bool {
    // Most lines hold neither a tag nor a comment: no work for them.
    let bytes = line.as_bytes();
    if memchr::memchr2(b'#', b'<', bytes).is_none() {
        return false;
    }
    let t = line.trim_ws();
    if t.eq_ignore_ascii_case("<!-- card -->") {
        return true;
    }
    t.match_indices('#').any(|(i, _)| {
        let before = t[..i].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace()) {
            return false;
        }
        let tag = t[i + 1..]
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        matches!(tag, "flashcards" | "flashcard" | "card" | "cards")
    })
}

/// Whether a line is only mdanki's tags: links whose text is a tag,
/// `[#recursion](./recursion.md) [#algorithms](./algorithms.md)`.
#[must_use]
pub(crate) fn is_tag_links(line: &str) -> bool {
    let mut rest = line.trim_ws();
    if !rest.starts_with("[#") {
        return false;
    }
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix("[#") else {
            return false;
        };
        let Some(close) = after.find("](") else {
            return false;
        };
        let tag = &after[..close];
        if tag.is_empty() || tag.contains(char::is_whitespace) {
            return false;
        }
        let Some(end) = after[close..].find(')') else {
            return false;
        };
        rest = after[close + end + 1..].trim_start_ws();
    }
    true
}

/// Whether front matter names a deck or a card list (`cards-deck: …`,
/// `flashcards:`): the keys of the Flashcards and Spaced Repetition
/// plugins.
#[must_use]
pub(crate) fn is_card_key(line: &str) -> bool {
    let key = line.split(':').next().unwrap_or("").trim_ws();
    !line.starts_with([' ', '\t'])
        && matches!(key, "cards-deck" | "flashcards" | "flashcard-deck" | "deck")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdanki_tag_lines() {
        assert!(is_tag_links(
            "[#recursion](./recursion.md) [#algorithms](./algorithms.md)"
        ));
        assert!(is_tag_links("[#structures](structures.md)"));
        assert!(!is_tag_links("[#recursion](./recursion.md) and more"));
        assert!(!is_tag_links("[docs](./docs.md)"));
        assert!(!is_tag_links("[# heading](#x)"));
    }

    fn sides(line: &str) -> Option<(&str, &str)> {
        inline_card(line).map(|(f, b, e)| (line[..f].trim_ws(), &line[b..e]))
    }

    #[test]
    fn cards_on_one_line() {
        assert_eq!(sides("What is 1 + 1?::2."), Some(("What is 1 + 1?", "2.")));
        assert_eq!(
            sides("This is how to use::Remnote single-line style"),
            Some(("This is how to use", "Remnote single-line style"))
        );
        assert_eq!(
            sides("The capital of France:::Paris <!--SR:!2024-03-20,124,270-->"),
            Some(("The capital of France", "Paris"))
        );
        assert_eq!(sides("Why?::Because"), Some(("Why?", "Because")));
    }

    #[test]
    fn properties_code_and_clozes_are_no_cards() {
        for line in [
            "tags:: physics",
            "due-date:: 2024-01-01",
            "The {{c1::mitochondria}} is the powerhouse",
            "Call `Vec::new` to start",
            "- a list item::no",
            "> quoted::no",
            "An empty back::",
            "::no front",
        ] {
            assert_eq!(inline_card(line), None, "{line}");
        }
    }

    #[test]
    fn signals() {
        assert!(is_card_signal("#flashcards"));
        assert!(is_card_signal("#flashcards/science/physics "));
        assert!(is_card_signal("Some note #card"));
        assert!(is_card_signal("<!-- CARD -->"));
        assert!(!is_card_signal("# Flashcards"));
        assert!(!is_card_signal("C#cards"));
        assert!(is_card_key("cards-deck: Cloze"));
        assert!(is_card_key("flashcards:"));
        assert!(!is_card_key("  q-hn9h: { nid: 1 }"));
        assert!(is_side_break(" ?? "));
    }
}
