//! Whether two parses of a document say the same: the safety net of
//! [`format()`](crate::format()). Numbers, option letters and whitespace may
//! differ (formatting changes them); titles, sections, options, correct
//! marks, kinds, categories and the shape may not.
//!
//! The original is not kept: what it says is kept as [`Said`], a few bytes
//! per entry, computed as its entries are read, and each entry of a later
//! parse is compared with it as it comes ([`Check`]). A formatted bank then
//! never holds two models, nor one.

use qbank_core::{Document, Entry, Kind, Marker, Section, SectionKind};
use std::hash::{DefaultHasher, Hasher};

/// What a document says: its shape's marker, its title, and a digest of
/// each entry (see [`digest`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Said {
    marker: Marker,
    title: Option<String>,
    entries: Vec<u64>,
}

impl Said {
    /// An entry of the document, in order.
    pub(crate) fn entry(&mut self, text: &str, entry: &Entry) {
        self.entries.push(digest(text, entry));
    }

    /// The document's own marker and title, once it has been read.
    pub(crate) fn finish(&mut self, doc: &Document) {
        self.marker = doc.shape.marker;
        self.title = doc.title.as_ref().map(|t| t.text.clone());
        self.entries.shrink_to_fit();
    }
}

/// Another parse's entries compared, in order, with what the original
/// [`Said`].
pub(crate) struct Check<'a> {
    original: &'a Said,
    next: usize,
    same: bool,
}

impl<'a> Check<'a> {
    pub(crate) fn new(original: &'a Said) -> Self {
        Check {
            original,
            next: 0,
            same: true,
        }
    }

    pub(crate) fn entry(&mut self, text: &str, entry: &Entry) {
        // Once an entry differs, the answer is known: no more digests.
        if self.same {
            let said = self.original.entries.get(self.next);
            self.same = said == Some(&digest(text, entry));
        }
        self.next += 1;
    }

    /// Whether the document (read to its end) says what the original said.
    pub(crate) fn says_the_same(&self, doc: &Document) -> bool {
        self.same
            && self.next == self.original.entries.len()
            && self.original.marker == doc.shape.marker
            && self.original.title.as_deref() == doc.title.as_ref().map(|t| t.text.as_str())
    }
}

/// A 64-bit digest of what an entry says: its kind, marker and category,
/// and the words of its title, of each section (with its kind) and of each
/// option (with its correct mark), as [`same_words`] compares them. Two
/// entries that say the same have the same digest; two that differ have
/// another one but for a hash collision (one chance in 2^64 for an entry
/// that formatting changed by mistake).
///
/// The bytes hashed spell what is compared unambiguously: numbers and
/// marks have fixed widths or a count before them, and the words of a text
/// are ended by bytes that UTF-8 never uses (0xff after each word, 0xfe
/// after each line, 0xfd after the text), so two different texts never
/// give the same bytes.
fn digest(text: &str, entry: &Entry) -> u64 {
    let mut h = DefaultHasher::new();
    // Each parse's words are read as its own kind says: the original's
    // where the kinds are the same, and where they are not the digests
    // differ already.
    let choice = entry.kind == Kind::Choice;
    std::hash::Hash::hash(&entry.kind, &mut h);
    std::hash::Hash::hash(&entry.marker, &mut h);
    std::hash::Hash::hash(&entry.category, &mut h);
    words(&mut h, &entry.title, choice);
    h.write_usize(entry.sections.len());
    for section in &entry.sections {
        std::hash::Hash::hash(&section.kind, &mut h);
        words(&mut h, body(text, entry, section), choice);
    }
    h.write_usize(entry.options.len());
    for option in &entry.options {
        h.write_u8(u8::from(option.correct));
        words(&mut h, &option.text, choice);
    }
    h.finish()
}

/// A section's body; a choice key's line left out (relettering may change
/// its letters: the options' correct marks say what it says).
fn body<'a>(text: &'a str, entry: &Entry, section: &Section) -> &'a str {
    let body = section.body.slice(text);
    if section.kind == SectionKind::Answer && qbank_core::opens_with_key(text, entry) {
        return body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body
}

/// The words of a text, line by line, into `h`, leaving out what
/// formatting renumbers: list numbers and (in choice entries) option letters
/// at the start of a line. Two texts have the same words when they have the
/// same lines (blank ones aside), each with the same words (whitespace
/// aside). Hashed without building anything: this runs over every entry of
/// every formatted bank.
fn words(h: &mut DefaultHasher, text: &str, choice: bool) {
    let lines = text
        .lines()
        .map(|l| strip_marks(l.trim(), choice))
        .filter(|l| !l.is_empty());
    for line in lines {
        for word in line.split_whitespace() {
            h.write(word.as_bytes());
            h.write_u8(0xff);
        }
        h.write_u8(0xfe);
    }
    h.write_u8(0xfd);
}

fn strip_marks(line: &str, choice: bool) -> &str {
    let mut s = line;
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = s[digits..].strip_prefix(['.', ')']) {
            s = rest.trim_start();
        }
    }
    if !choice {
        return s;
    }
    // `- [x] **(B).** text`: marker, box, bold and letter go.
    s = s.trim_start_matches(['-', '*', '+', ' ']);
    for b in ["[ ]", "[x]", "[X]"] {
        s = s.strip_prefix(b).unwrap_or(s).trim_start();
    }
    s = s.trim_start_matches(['*', '(', '（']);
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(p)) if ('A'..='J').contains(&c) && ".、:：)）．*,，;；/ ".contains(p) => {
            chars.as_str().trim_start_matches(['*', ' '])
        }
        (Some(c), None) if ('A'..='J').contains(&c) => "",
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::ParseOptions;

    /// Whether `new` says what `old` says, each read entry by entry.
    fn same(old: &str, new: &str) -> bool {
        let options = ParseOptions::default();
        let mut said = Said::default();
        let doc = qbank_core::parse_each("t.md", old, &options, |_, e| said.entry(old, &e));
        said.finish(&doc);
        let mut check = Check::new(&said);
        let doc = qbank_core::parse_each("t.md", new, &options, |_, e| check.entry(new, &e));
        check.says_the_same(&doc)
    }

    const CHOICE: &str = "# Quiz\n\n## 3. Which is safe?\n\n- A. C\n- C. Rust\n\n**Answer:** C\n\n**Explanation:** 1. It is.\n";

    #[test]
    fn numbers_letters_and_whitespace_may_change() {
        let spaced = "# Quiz\n\n\n## 1. Which   is safe?\n- A. C\n- B. Rust\n\n**Answer:** B\n\n**Explanation:**  2) It   is.\n";
        assert!(same(CHOICE, CHOICE));
        assert!(same(CHOICE, spaced));
    }

    #[test]
    fn words_marks_titles_and_entries_may_not() {
        for changed in [
            CHOICE.replace("Which is", "Which was"),
            CHOICE.replace("- C. Rust", "- C. Go"),
            CHOICE.replace("**Answer:** C", "**Answer:** A"),
            CHOICE.replace("It is.", "It is not."),
            CHOICE.replace("# Quiz", "# Test"),
            CHOICE.replace("It is.", "It\n\nis."),
            format!("{CHOICE}\n## 4. Another?\n\n- A. x\n- B. y\n\n**Answer:** A\n"),
            CHOICE.replace("**Explanation:** 1. It is.\n", ""),
        ] {
            assert!(!same(CHOICE, &changed), "{changed}");
        }
    }

    /// Words are told apart where they end, not only by their bytes.
    #[test]
    fn words_and_lines_are_delimited() {
        let old = "# T\n\n## 1. Q\n\n**Answer:** ab c\n";
        assert!(!same(old, &old.replace("ab c", "a bc")));
        assert!(!same(old, &old.replace("ab c", "abc")));
    }
}
