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
/// ```
#[must_use]
pub fn normalize_for_comparison(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}
