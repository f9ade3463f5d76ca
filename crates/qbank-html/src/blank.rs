//! A fill entry's blanks on the page: each blank a text input in the
//! question, its accepted answers beside it as data (escaped, never
//! markup), for the script to check and to show on reveal and in print.
//!
//! The question is rendered as any other, each blank first replaced by a
//! placeholder word that Markdown and the sanitiser leave alone and that
//! the entry's source does not hold; the placeholders are then swapped for
//! the inputs, in text only (never inside a tag). Where any blank does not
//! come out exactly once, the entry is shown as an open entry, as before.
//!
//! Answers are compared by the page's script alone (NFKC, the ends' spaces
//! dropped, case folded: `normalise` in `study.js`); nothing here needs
//! that comparison.

use crate::strings::Strings;
use qbank_core::{Blank, Entry, Kind, Span};
use qbank_render::escape;
use std::borrow::Cow;
use std::fmt::Write as _;

/// The blanks of an answerable fill entry.
pub(crate) struct Blanks<'e> {
    entry: &'e Entry,
    /// The placeholders' first letters: a word the entry does not hold.
    prefix: String,
    /// Each blank's group (from 0): a cloze number repeated with the same
    /// answers is one group, typed once.
    groups: Vec<usize>,
    /// How many groups.
    count: usize,
}

impl<'e> Blanks<'e> {
    /// The blanks of `entry`, when it is a fill entry whose blanks all
    /// have answers (else it is shown as an open entry).
    pub(crate) fn of(text: &str, entry: &'e Entry) -> Option<Self> {
        let answered = entry.blanks.iter().all(|b| !b.answers.is_empty());
        if entry.kind != Kind::Fill || entry.blanks.is_empty() || !answered {
            return None;
        }
        let source = entry.span.slice(text);
        let mut prefix = String::from("qbankblank");
        while source.contains(prefix.as_str()) {
            prefix.push('q');
        }
        let mut groups = Vec::with_capacity(entry.blanks.len());
        let mut firsts: Vec<&Blank> = Vec::new();
        for blank in &entry.blanks {
            let same = |b: &&Blank| b.number == blank.number && b.answers == blank.answers;
            let group = match firsts.iter().position(same) {
                Some(g) if blank.style.holds_answer() => g,
                _ => {
                    firsts.push(blank);
                    firsts.len() - 1
                }
            };
            groups.push(group);
        }
        Some(Blanks {
            entry,
            prefix,
            count: firsts.len(),
            groups,
        })
    }

    /// The source at `span`, each blank inside it a placeholder.
    pub(crate) fn source<'t>(&self, text: &'t str, span: Span) -> Cow<'t, str> {
        let inside = |b: &Blank| b.span.start >= span.start && b.span.end <= span.end;
        if !self.entry.blanks.iter().any(inside) {
            return Cow::Borrowed(span.slice(text));
        }
        let mut out = String::with_capacity(span.len() + 16);
        let mut at = span.start;
        for (i, blank) in self.entry.blanks.iter().enumerate() {
            if inside(blank) && blank.span.start >= at {
                out.push_str(Span::new(at as usize, blank.span.start as usize).slice(text));
                let _ = write!(out, "{}{i}z", self.prefix);
                at = blank.span.end;
            }
        }
        out.push_str(Span::new(at as usize, span.end as usize).slice(text));
        Cow::Owned(out)
    }

    /// `html` with each placeholder made its input (`form`: the id of the
    /// entry's form); `None` unless every blank stands once, in text.
    pub(crate) fn place(&self, html: &str, form: &str, strings: &Strings) -> Option<String> {
        let mut out = String::with_capacity(html.len() + 300 * self.groups.len());
        let mut placed = vec![0usize; self.groups.len()];
        let mut last = 0;
        for (at, end, i) in self.found(html) {
            *placed.get_mut(i)? += 1;
            out.push_str(&html[last..at]);
            self.input(&mut out, i, form, strings);
            last = end;
        }
        out.push_str(&html[last..]);
        let every_once = placed.iter().all(|&n| n == 1);
        let stray = html.matches(self.prefix.as_str()).count() != self.groups.len();
        (every_once && !stray).then_some(out)
    }

    /// `html` with each placeholder its blank's first answer, as text: the
    /// question as a title read from it shows it (`Paris is the capital`).
    pub(crate) fn answered(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for (at, end, i) in self.found(html) {
            out.push_str(&html[last..at]);
            let answer = self.entry.blanks.get(i).and_then(|b| b.answers.first());
            out.push_str(&escape(answer.map_or("", String::as_str)));
            last = end;
        }
        out.push_str(&html[last..]);
        out
    }

    /// The placeholders in the text of `html` (outside tags): where each
    /// starts and ends, and its blank.
    fn found(&self, html: &str) -> Vec<(usize, usize, usize)> {
        let bytes = html.as_bytes();
        let mut out = Vec::new();
        let (mut i, mut tag, mut quote) = (0, false, None);
        while i < bytes.len() {
            let b = bytes[i];
            match (tag, quote) {
                (true, Some(q)) if b == q => quote = None,
                (true, Some(_)) => {}
                (true, None) if b == b'"' || b == b'\'' => quote = Some(b),
                (true, None) => tag = b != b'>',
                (false, _) if b == b'<' => tag = true,
                (false, _) if bytes[i..].starts_with(self.prefix.as_bytes()) => {
                    // After ASCII letters: a character boundary.
                    let from = i + self.prefix.len();
                    let digits = bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    let number = html.get(from..from + digits).map(str::parse::<usize>);
                    if let (Some(Ok(n)), Some(b'z')) = (number, bytes.get(from + digits)) {
                        out.push((i, from + digits + 1, n));
                        i = from + digits + 1;
                        continue;
                    }
                }
                (false, _) => {}
            }
            i += 1;
        }
        out
    }

    /// Blank `i`'s input, and its accepted answers to show on reveal and
    /// in print.
    fn input(&self, out: &mut String, i: usize, form: &str, strings: &Strings) {
        let Some(blank) = self.entry.blanks.get(i) else {
            return;
        };
        let group = self.groups.get(i).map_or(1, |g| g + 1);
        let label = strings
            .blank
            .replace("{n}", &group.to_string())
            .replace("{total}", &self.count.to_string());
        let answers = serde_json::to_string(&blank.answers).unwrap_or_else(|_| "[]".to_owned());
        let hint = blank
            .hint
            .as_deref()
            .map_or(String::new(), |h| format!(" placeholder=\"{}\"", escape(h)));
        let _ = write!(
            out,
            "<span class=\"blank\" data-blank=\"{group}\"><input type=\"text\" form=\"{form}\" \
             aria-label=\"{}\" size=\"{}\"{hint} autocomplete=\"off\" autocapitalize=\"off\" \
             spellcheck=\"false\" data-answers=\"{}\"><span class=\"key\">{}</span></span>",
            escape(&label),
            size(&blank.answers),
            escape(&answers),
            escape(&blank.answers.join(" / ")),
        );
    }
}

/// An input's width in characters: its longest answer's, a wide (CJK)
/// character counted twice, and one more, within 3 to 40.
pub(crate) fn size(answers: &[String]) -> usize {
    let wide = |c: char| {
        matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
            | 0x2_0000..=0x3_FFFD)
    };
    let width = |s: &String| {
        s.chars()
            .map(|c| if wide(c) { 2 } else { 1 })
            .sum::<usize>()
    };
    (answers.iter().map(width).max().unwrap_or(0) + 1).clamp(3, 40)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qbank_core::{ParseOptions, parse};

    fn entry(md: &str) -> Entry {
        let doc = parse("bank.md", md, &ParseOptions::default());
        doc.entries.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn sizes_count_wide_characters_twice() {
        assert_eq!(size(&["共享".to_owned()]), 5);
        assert_eq!(size(&["a".to_owned(), "TCP/IP".to_owned()]), 7);
        assert_eq!(size(&["x".repeat(90)]), 40);
    }

    #[test]
    fn placeholders_only_in_text_and_once() {
        let md = "## 1. Cell\n\nThe {{c1::a}} and {{c2::b}}; {{c1::a}}.\n";
        let e = entry(md);
        let b = Blanks::of(md, &e).unwrap();
        assert_eq!(b.count, 2);
        assert_eq!(b.groups, [0, 1, 0]);
        let s = crate::strings::EN.blank;
        let p = &b.prefix;
        let ok = format!("<p>The {p}0z and {p}1z; {p}2z.</p>");
        let placed = b.place(&ok, "f", &crate::strings::EN).unwrap();
        assert_eq!(placed.matches("<input").count(), 3);
        assert!(placed.contains("aria-label=\"Blank 1 of 2\""), "{s}");
        let in_tag = format!("<p title=\"{p}0z\">The {p}1z {p}2z</p>");
        assert!(b.place(&in_tag, "f", &crate::strings::EN).is_none());
        let twice = format!("<p>{p}0z {p}0z {p}1z {p}2z</p>");
        assert!(b.place(&twice, "f", &crate::strings::EN).is_none());
    }

    #[test]
    fn a_prefix_the_entry_does_not_hold() {
        let md = "## 1. qbankblank\n\nThe {{c1::a}} qbankblankq.\n";
        let e = entry(md);
        let b = Blanks::of(md, &e).unwrap();
        assert_eq!(b.prefix, "qbankblankqq");
    }

    #[test]
    fn unanswered_blanks_are_no_form() {
        let md = "## 1. A ____ and ____.\n\n**Answer:** x, y, z\n";
        let e = entry(md);
        assert!(Blanks::of(md, &e).is_none());
    }
}
