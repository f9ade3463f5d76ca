//! What is in force for one file: rule severities, required sections and
//! placeholder words.

use crate::diagnostic::Severity;
use crate::normalize::normalize_for_comparison;
use crate::registry::Rule;
use qbank_core::SectionKind;
use std::collections::HashMap;

/// Words that, as the whole text of a section, mark it as unwritten.
pub const DEFAULT_PLACEHOLDERS: &[&str] = &[
    "TODO",
    "TBD",
    "TBA",
    "FIXME",
    "XXX",
    "WIP",
    "N/A",
    "To be completed",
    "To be done",
    "To be added",
    "Answer here",
    "Your answer here",
    "Coming soon",
    "Lorem ipsum",
    "待补充",
    "待完善",
    "待更新",
    "待填写",
    "待定",
    "待续",
    "略",
    "暂无",
    "此处填写答案",
    "...",
    "…",
    "……",
    "?",
    "？",
];

/// The settings in force for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Per-rule severity overrides, by code; `None` turns the rule off.
    severities: HashMap<&'static str, Option<Severity>>,
    /// The sections every entry must have.
    pub required: Vec<SectionKind>,
    /// `required` was set by the user (`qbank.toml`): then it holds for
    /// every document; by default, the analysis is only required in
    /// documents whose entries mostly have one.
    pub required_explicit: bool,
    /// Placeholder keys (normalised with [`normalize_for_comparison`]).
    placeholders: Vec<String>,
    /// Placeholders made of punctuation alone, compared as written.
    literal_placeholders: Vec<String>,
    /// The longest placeholder, in bytes: longer texts need no normalising.
    longest_placeholder: usize,
    /// The first character of each placeholder key: a text whose first
    /// letter or digit is none of these is no placeholder.
    first_chars: Vec<char>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: HashMap::new(),
            required: SectionKind::ALL.to_vec(),
            required_explicit: false,
            placeholders: Vec::new(),
            literal_placeholders: Vec::new(),
            longest_placeholder: 0,
            first_chars: Vec::new(),
        }
        .with_placeholders(DEFAULT_PLACEHOLDERS.iter().copied())
    }
}

impl Settings {
    /// The rule's severity for this file, or `None` when it is off.
    #[must_use]
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.severities.get(rule.code) {
            Some(configured) => *configured,
            None => Some(rule.severity),
        }
    }

    /// Set a rule's severity (`None`: off).
    pub fn set_severity(&mut self, rule: &'static Rule, severity: Option<Severity>) {
        self.severities.insert(rule.code, severity);
    }

    /// Replace the placeholder words.
    #[must_use]
    pub fn with_placeholders<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Self {
        self.placeholders.clear();
        self.literal_placeholders.clear();
        self.longest_placeholder = 0;
        for word in words {
            self.longest_placeholder = self.longest_placeholder.max(word.len());
            let key = normalize_for_comparison(word);
            if key.is_empty() {
                if !word.trim().is_empty() {
                    self.literal_placeholders.push(word.trim().to_owned());
                }
            } else {
                if let Some(c) = key.chars().next() {
                    if !self.first_chars.contains(&c) {
                        self.first_chars.push(c);
                    }
                }
                self.placeholders.push(key);
            }
        }
        self
    }

    /// Whether a text of `len` bytes is short enough to be a placeholder at
    /// all. Normalising only removes characters (markup, blanks, punctuation)
    /// or folds full-width forms (3 bytes) to ASCII (1 byte), so a text much
    /// longer than the longest placeholder cannot be one.
    #[must_use]
    pub fn may_be_placeholder(&self, len: usize) -> bool {
        len <= 3 * self.longest_placeholder + 64
    }

    /// Whether `text`, as a whole, is a placeholder.
    #[must_use]
    pub fn is_placeholder(&self, text: &str) -> bool {
        // Long texts are rejected before any work: this keeps the rule from
        // normalising every answer of a bank.
        if !self.may_be_placeholder(text.len()) {
            return false;
        }
        // Quick test on the first letter or digit, for the common case of
        // ASCII and CJK text (anything else is normalised in full).
        let first = text.trim().chars().find_map(|c| {
            let c = match u32::from(c) {
                0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                Some(Some(c.to_ascii_lowercase()))
            } else if c.is_ascii() || ('\u{3000}'..='\u{303F}').contains(&c) {
                None
            } else {
                Some(None)
            }
        });
        if let Some(Some(c)) = first {
            if !self.first_chars.contains(&c) {
                return false;
            }
        }
        let key = normalize_for_comparison(text);
        if key.is_empty() {
            let text = text.trim();
            !text.is_empty() && self.literal_placeholders.iter().any(|p| p == text)
        } else {
            self.placeholders.contains(&key)
        }
    }

    /// Whether entries must have this section.
    #[must_use]
    pub fn requires(&self, kind: SectionKind) -> bool {
        self.required.contains(&kind)
    }
}
