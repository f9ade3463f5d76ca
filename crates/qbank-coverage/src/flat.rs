//! Text as the measure compares it: letters and digits only, lower case.
//!
//! Written by hand (not a regex crate) because it must give exactly what the
//! reference `golden.py` gives: `NFKC`, then every `<…>` run replaced by a
//! space (Python's `re.sub(r"<[^>]*>", " ", s)`), then lower case, then the
//! characters Python's `str.isalnum` accepts, which are exactly those of
//! the general categories L* and N* (checked over every code point).

use unicode_normalization::UnicodeNormalization;

/// Letters, digits and CJK only, lower case: markup, punctuation and spaces
/// dropped.
pub fn flat(s: &str) -> String {
    let normal: String = s.nfkc().collect();
    let untagged = drop_tags(&normal);
    // The whole string at once, as Python's `str.lower` (a final capital
    // sigma becomes `ς`).
    untagged
        .to_lowercase()
        .chars()
        .filter(|c| is_alnum(*c))
        .collect()
}

/// The first `n` characters of [`flat`].
pub fn key(s: &str, n: usize) -> String {
    flat(s).chars().take(n).collect()
}

/// `<` up to the first `>` after it becomes one space; a `<` with no `>`
/// after it stays.
fn drop_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => {
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Python's `str.isalnum` for one character: general category L* or N*.
/// Rust's `char::is_alphanumeric` also takes marks and symbols with the
/// Other_Alphabetic property (Indic vowel signs, circled letters), which
/// Python does not; those are told apart here.
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if c.is_numeric() {
        return true;
    }
    c.is_alphabetic() && !other_alphabetic_mark_or_symbol(c)
}

/// Alphabetic characters that are neither letters nor numbers: marks
/// (general category M*) and the circled and squared letters (So) that
/// carry Other_Alphabetic.
fn other_alphabetic_mark_or_symbol(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || ('\u{24B6}'..='\u{24E9}').contains(&c)
        || ('\u{1F130}'..='\u{1F189}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_letters_and_digits_only() {
        assert_eq!(
            flat("**What** is `x`?  <b>Bold</b> 答案：Ｂ"),
            "whatisxbold答案b"
        );
        assert_eq!(key("The quick brown fox", 8), "thequick");
    }

    #[test]
    fn tags_run_to_the_first_closing_bracket() {
        assert_eq!(flat("a <span\nclass=x> b"), "ab");
        assert_eq!(flat("a < b and c"), "abandc");
        assert_eq!(flat("1 < 2 > 0"), "10");
    }

    #[test]
    fn marks_are_not_letters() {
        // Devanagari KA + vowel sign AA (Mc, Other_Alphabetic): Python keeps KA only.
        assert_eq!(flat("\u{915}\u{93E}"), "\u{915}");
        assert_eq!(flat("Ⅻ ²"), "xii2");
    }
}
