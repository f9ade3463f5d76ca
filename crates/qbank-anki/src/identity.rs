//! Note identity: the stable key of an entry, its GUID, and the deck it
//! goes to.

pub(crate) use qbank_export::identity::{explicit_id, normalize_title};

use crate::AnkiOptions;
use qbank_core::Document;
use std::path::Path;

/// The deck of a document: `--deck` (with the document's own name as a
/// subdeck when the export has several inputs), else the document's own
/// name: its title, or its file's stem.
pub(crate) fn deck_name(doc: &Document, options: &AnkiOptions, several: bool) -> String {
    let own = || {
        let name = doc
            .title
            .as_ref()
            .map(|t| t.text.clone())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| stem(&doc.path));
        // `::` separates deck levels: keep a title's own colons apart.
        name.replace("::", ": :")
    };
    match &options.deck {
        Some(deck) if several => format!("{deck}::{}", own()),
        Some(deck) => deck.clone(),
        None => own(),
    }
}

pub(crate) fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or_else(|| "qbank".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// A tag: no spaces (Anki splits tags on them).
pub(crate) fn tag(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The identity key of an entry without an explicit id: its deck, its
/// normalised title and the occurrence of that title in the deck (from 1).
pub(crate) fn title_key(deck: &str, title: &str, occurrence: usize) -> String {
    format!("title\u{1f}{deck}\u{1f}{title}\u{1f}{occurrence}")
}

/// The GUID of the `occurrence`-th entry (from 1) of deck `deck` whose
/// normalised title is `title`, when it has no explicit id: what a note made
/// in that deck holds for good, since a note's GUID never changes in Anki
/// (`qbank sync` recomputes it for a note whose entry moved to another deck).
#[must_use]
pub fn title_guid(deck: &str, title: &str, occurrence: usize) -> String {
    guid(&title_key(deck, title, occurrence))
}

/// The GUID for a stable key: base91 of the first 8 bytes of SHA-256 of
/// `qbank__` + key (the alphabet and big-endian digits of Anki's own GUIDs).
#[must_use]
pub fn guid(key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("qbank__{key}").as_bytes());
    let mut n = u64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ]);
    const ALPHABET: &[u8] =
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
    let mut digits = Vec::new();
    loop {
        digits.push(ALPHABET[(n % 91) as usize]);
        n /= 91;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8_lossy(&digits).into_owned()
}

/// The deck id for a name: stable, positive, never 1 (the Default deck).
pub(crate) fn deck_id(name: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let n = i64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ]);
    // Between 2^40 and 2^52: positive, far from 1, exact as a JSON number.
    (n.rem_euclid(1 << 52)).max(1 << 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_base91_and_stable() {
        let g = guid("title\u{1f}deck\u{1f}x\u{1f}1");
        assert_eq!(title_guid("deck", "x", 1), g);
        assert_eq!(g, guid("title\u{1f}deck\u{1f}x\u{1f}1"));
        assert_ne!(g, guid("title\u{1f}deck\u{1f}x\u{1f}2"));
        assert!(g.len() <= 10 && !g.is_empty());
    }

    #[test]
    fn deck_ids_are_stable_and_not_default() {
        assert_eq!(deck_id("a::b"), deck_id("a::b"));
        assert_ne!(deck_id("a"), deck_id("b"));
        assert!(deck_id("x") > 1);
    }
}
