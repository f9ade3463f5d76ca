//! Where the rules' documentation is published, when it is: a finding
//! links to its rule's page only when an address is configured.

use crate::registry::Rule;

/// The address of the rules' documentation: `docs-url` in `qbank.toml`, or
/// `QBANK_DOCS_URL` when qbank was built ([`DocsUrl::built_in`]).
///
/// It is either a template naming the rule (`{name}`, `{code}`:
/// `https://example.org/qbank/rules/{name}`), or the address of the rules
/// reference (`docs/rules.md` as hosted), to which the rule's section is
/// appended (`#duplicate-title`).
///
/// ```
/// use qbank_lint::DocsUrl;
///
/// let docs = DocsUrl::new("https://example.org/qbank/rules/{code}").unwrap().unwrap();
/// let rule = qbank_lint::rule("duplicate-title").unwrap();
/// assert_eq!(docs.rule_url(rule), "https://example.org/qbank/rules/QB401");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocsUrl(String);

/// A `docs-url` that is not an `http://` or `https://` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidDocsUrl(String);

impl std::fmt::Display for InvalidDocsUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a docs address: give an http:// or https:// URL without spaces \
             (or \"\" for no links)",
            self.0
        )
    }
}

impl std::error::Error for InvalidDocsUrl {}

/// `QBANK_DOCS_URL` as it was when qbank was built.
const BUILT_IN: Option<&str> = option_env!("QBANK_DOCS_URL");

// A build with a malformed address fails here rather than linking nowhere.
const _: () = assert!(
    match BUILT_IN {
        Some(url) => url.is_empty() || is_valid(url.as_bytes()),
        None => true,
    },
    "QBANK_DOCS_URL must be an http:// or https:// URL without spaces"
);

/// An `http://` or `https://` address with something after the scheme and
/// no space or control character.
const fn is_valid(url: &[u8]) -> bool {
    let rest = if starts_with(url, b"https://") {
        8
    } else if starts_with(url, b"http://") {
        7
    } else {
        return false;
    };
    if url.len() == rest {
        return false;
    }
    let mut i = 0;
    while i < url.len() {
        if url[i] <= b' ' || url[i] == 0x7f {
            return false;
        }
        i += 1;
    }
    true
}

const fn starts_with(s: &[u8], prefix: &[u8]) -> bool {
    if s.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if s[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl DocsUrl {
    /// The address `url`; `None` for an empty one (no links).
    ///
    /// # Errors
    ///
    /// An address that is not `http://` or `https://`, or holds a space.
    pub fn new(url: &str) -> Result<Option<DocsUrl>, InvalidDocsUrl> {
        if url.is_empty() {
            Ok(None)
        } else if is_valid(url.as_bytes()) {
            Ok(Some(DocsUrl(url.to_owned())))
        } else {
            Err(InvalidDocsUrl(url.to_owned()))
        }
    }

    /// The address qbank was built with (`QBANK_DOCS_URL`), if any.
    #[must_use]
    pub fn built_in() -> Option<DocsUrl> {
        BUILT_IN.and_then(|url| DocsUrl::new(url).ok().flatten())
    }

    /// The address as configured.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The page of `rule`: the template filled in, or the reference's
    /// section of the rule.
    #[must_use]
    pub fn rule_url(&self, rule: &Rule) -> String {
        let url = &self.0;
        if url.contains("{name}") || url.contains("{code}") {
            url.replace("{name}", rule.name)
                .replace("{code}", rule.code)
        } else {
            format!("{url}#{}", rule.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let rule = crate::rule("QB401").unwrap();
        let url = |s: &str| DocsUrl::new(s).unwrap().unwrap().rule_url(rule);
        assert_eq!(
            url("https://example.org/qbank/docs/rules.md"),
            "https://example.org/qbank/docs/rules.md#duplicate-title"
        );
        assert_eq!(
            url("http://docs.example.org/{code}/{name}.html"),
            "http://docs.example.org/QB401/duplicate-title.html"
        );
        assert_eq!(DocsUrl::new(""), Ok(None));
        for bad in [
            "example.org/rules",
            "ftp://x",
            "https://",
            "https://a b",
            "javascript:x",
        ] {
            assert!(DocsUrl::new(bad).is_err(), "{bad}");
            assert!(!is_valid(bad.as_bytes()), "{bad}");
        }
        // This build's own: none unless QBANK_DOCS_URL was set.
        assert_eq!(
            DocsUrl::built_in().is_some(),
            BUILT_IN.is_some_and(|u| !u.is_empty())
        );
    }
}
