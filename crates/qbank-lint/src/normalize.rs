//! Text normalisation for comparing titles and questions.

use unicode_normalization::UnicodeNormalization;

/// The comparison key of a text: NFKC (which folds full-width letters,
/// digits and punctuation to their ASCII forms), lower-cased, keeping only
/// letters and digits (so whitespace, punctuation, symbols and Markdown
/// markers such as `**` or backticks do not matter).
///
/// ```
/// use qbank_lint::normalize_for_comparison as key;
/// assert_eq!(key("大模型在 **语音识别** 中的应用？"), key("大模型在语音识别中的应用"));
/// assert_eq!(key("ＡＢＣ，１２３"), key("abc 123"));
/// assert_eq!(key("Ｃａｆé"), key("CAFE\u{301}"));
/// ```
#[must_use]
pub fn normalize_for_comparison(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_key_char(text, |c| out.push(c));
    out
}

/// A 64-bit hash of [`normalize_for_comparison`]`(text)`, computed without
/// building the string, and whether that string is empty. Equal keys give
/// equal hashes; callers confirm a match by comparing the keys themselves.
pub(crate) fn comparison_hash(text: &str) -> (u64, bool) {
    // FxHash's mixing step: fast, and good enough for a table whose hits
    // are confirmed.
    fn mix(hash: &mut u64, c: char) {
        *hash = (hash.rotate_left(5) ^ u64::from(u32::from(c))).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let mut hash = 0u64;
    let mut empty = true;
    // One pass for ASCII and CJK text, the same characters as
    // `for_each_key_char` emits; anything else takes the general path.
    for c in text.chars() {
        let c = match u32::from(c) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match u32::from(c) {
            0x30..=0x39 | 0x61..=0x7A | 0x4E00..=0x9FFF => {
                empty = false;
                mix(&mut hash, c);
            }
            0x41..=0x5A => {
                empty = false;
                mix(&mut hash, c.to_ascii_lowercase());
            }
            0..=0x7F | 0x3001..=0x303F if !c.is_alphanumeric() => {}
            _ => {
                let mut hash = 0u64;
                let mut empty = true;
                for_each_key_char(text, |c| {
                    empty = false;
                    mix(&mut hash, c);
                });
                return (hash, empty);
            }
        }
    }
    (hash, empty)
}

/// The characters of the comparison key of `text`, in order.
fn for_each_key_char(text: &str, mut emit: impl FnMut(char)) {
    let mut push = |c: char| {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                emit(c.to_ascii_lowercase());
            }
        } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            emit(c);
        } else {
            for l in c.to_lowercase() {
                if l.is_alphanumeric() {
                    emit(l);
                }
            }
        }
    };
    if text.chars().all(is_simple) {
        // The common case, Chinese and ASCII text: NFKC changes nothing but
        // full-width forms, folded here by hand (whole-text NFKC is what
        // made this function the linter's hot spot).
        for c in text.chars() {
            let c = match u32::from(c) {
                0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            push(c);
        }
    } else {
        for c in text.nfkc() {
            push(c);
        }
    }
}

/// Characters NFKC leaves alone or maps by a fixed offset: ASCII, CJK
/// punctuation, CJK unified ideographs and full-width ASCII forms.
fn is_simple(c: char) -> bool {
    matches!(u32::from(c), 0..=0x7F | 0x3001..=0x303F | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_agrees_with_the_key() {
        let mix = |key: &str| {
            let mut hash = 0u64;
            for c in key.chars() {
                hash = (hash.rotate_left(5) ^ u64::from(u32::from(c)))
                    .wrapping_mul(0x517c_c1b7_2722_0a95);
            }
            (hash, key.is_empty())
        };
        for text in [
            "大模型在 **语音识别** 中的应用？",
            "ＡＢＣ，１２３",
            "Café 〇 々",
            "ﬁle ㍻",
            "",
            "…",
            "Hello, World",
        ] {
            assert_eq!(
                comparison_hash(text),
                mix(&normalize_for_comparison(text)),
                "{text}"
            );
        }
    }
}
