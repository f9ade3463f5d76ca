//! How an entry is asked on a quiz platform (GIFT, Moodle XML, QTI): the
//! question type its kind and correct options call for, the blanks of a
//! fill entry it grades ([`Fill`]), its category and grades; and [`Quiz`],
//! what the three writers do alike with each document and batch of entries.

use crate::writer::{DocumentRef, ExportOptions};
use qbank_core::{Blank, ChoiceOption, Document, Entry, Kind, LineIndex, SectionKind, Span};

/// What the quiz writers (GIFT, Moodle XML, QTI) do alike: set up each
/// document's line index (errors name lines), render each batch of entries
/// on every core and hand the results back in order, with the category each
/// entry opens when it differs from the last one written, and note the
/// entries whose correct options get unequal grades for one warning at the
/// end. The format writes what it renders, and its categories, as it
/// spells them.
#[derive(Debug)]
pub struct Quiz {
    allow_outside: bool,
    /// Moodle's categories and grades (GIFT, Moodle XML); not for QTI,
    /// whose documents are assessments.
    moodle: bool,
    /// The open document's line index.
    lines: Option<LineIndex>,
    /// The category path written last.
    category: Option<String>,
    unequal: UnequalGrades,
}

/// What rendering an entry needs, shared by rayon's threads.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The open document.
    pub doc: DocumentRef<'a>,
    /// Its line index (for image errors and grade errors).
    pub lines: Option<&'a LineIndex>,
    /// Bundle images whose path leaves the document's folder.
    pub allow_outside: bool,
}

/// An entry rendered by [`Quiz::render`].
#[derive(Debug)]
pub struct Rendered<T> {
    /// The category path ([`category_path`]) this entry opens, when it is
    /// not the one written last (for Moodle's formats only).
    pub category: Option<String>,
    /// What the format rendered.
    pub output: T,
}

impl Quiz {
    /// For Moodle's formats (GIFT, Moodle XML): with categories, and
    /// unequal grades noted.
    #[must_use]
    pub fn moodle(options: &ExportOptions) -> Self {
        Quiz {
            moodle: true,
            ..Quiz::canvas(options)
        }
    }

    /// For QTI as Canvas imports it: no categories, no grades of Moodle's.
    #[must_use]
    pub fn canvas(options: &ExportOptions) -> Self {
        Quiz {
            allow_outside: options.allow_outside_media,
            moodle: false,
            lines: None,
            category: None,
            unequal: UnequalGrades::default(),
        }
    }

    /// A document starts: its line index is built, and its first entry
    /// opens a category.
    pub fn begin_document(&mut self, doc: DocumentRef<'_>) {
        self.lines = Some(LineIndex::new(doc.text));
        self.category = None;
    }

    /// The document ends.
    pub fn end_document(&mut self) {
        self.lines = None;
    }

    /// `render` applied to each entry (with its index in `entries`) on
    /// every core; the results in the entries' order, each with the
    /// category it opens.
    ///
    /// # Errors
    ///
    /// The first error `render` returned, by the entries' order.
    pub fn render<T, F>(
        &mut self,
        doc: DocumentRef<'_>,
        entries: &[Entry],
        render: F,
    ) -> crate::Result<Vec<Rendered<T>>>
    where
        T: Send,
        F: Fn(Context<'_>, usize, &Entry) -> crate::Result<T> + Sync,
    {
        let context = Context {
            doc,
            lines: self.lines.as_ref(),
            allow_outside: self.allow_outside,
        };
        let outputs = crate::parallel::map_entries(entries, |i, entry| render(context, i, entry))?;
        let mut rendered = Vec::with_capacity(outputs.len());
        for (entry, output) in entries.iter().zip(outputs) {
            let mut category = None;
            if self.moodle {
                let path = doc.document.path.as_str();
                self.unequal.note(path, self.lines.as_ref(), entry);
                let opened = category_path(doc.document, entry);
                if self.category.as_ref() != Some(&opened) {
                    self.category = Some(opened.clone());
                    category = Some(opened);
                }
            }
            rendered.push(Rendered { category, output });
        }
        Ok(rendered)
    }

    /// The warning of the entries whose correct options got unequal
    /// grades, when there were any.
    #[must_use]
    pub fn warning(&self, format: &str) -> Option<String> {
        self.unequal.warning(format)
    }
}

/// The question type an entry becomes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// Answered in words: an open entry, or a choice entry without a
    /// correct option (no platform has a choice question without one).
    Essay,
    /// True or false; the value is whether "true" is correct.
    TrueFalse(bool),
    /// One correct option.
    Single,
    /// Several correct options.
    Several,
    /// Typed in and compared with the accepted answers
    /// ([`crate::graded::short`]).
    Short,
    /// A number within a tolerance or range ([`crate::graded::numerical`]).
    Numerical,
    /// Pairs to match ([`crate::graded::matching`]).
    Matching,
    /// Items to put in order ([`crate::graded::ordering`]).
    Ordering,
}

/// How `entry` is asked. A graded kind whose answer cannot be graded (a
/// number that is not one, a matching with fewer than two whole pairs, an
/// ordering of one item: each a lint finding) is asked as an essay, its
/// answer shown as feedback.
#[must_use]
pub fn asked(entry: &Entry) -> Asked {
    match entry.kind {
        Kind::Short if crate::graded::short(entry).is_some() => return Asked::Short,
        Kind::Numerical if crate::graded::numerical(entry).is_some() => return Asked::Numerical,
        Kind::Matching if crate::graded::matching(entry).is_some() => return Asked::Matching,
        Kind::Ordering if crate::graded::ordering(entry).is_some() => return Asked::Ordering,
        _ => {}
    }
    let correct = entry.options.iter().filter(|o| o.correct).count();
    if entry.kind != Kind::Choice || entry.options.is_empty() || correct == 0 {
        return Asked::Essay;
    }
    if let [a, b] = &entry.options[..] {
        if let (Some(x), Some(y)) = (truth(a), truth(b)) {
            if x != y {
                let true_is_correct = if x { a.correct } else { b.correct };
                return Asked::TrueFalse(true_is_correct);
            }
        }
    }
    if correct == 1 {
        Asked::Single
    } else {
        Asked::Several
    }
}

/// A fill entry as a quiz platform grades it: its blanks, each with its
/// accepted answers, and its question as Markdown with a placeholder for
/// each blank, which survives rendering to HTML as written so that each
/// format puts its own blank there ([`Fill::blanks_in`]): `{=共享}` in GIFT,
/// `{1:SHORTANSWER:=共享}` in Moodle's Cloze, `[blank1]` in Canvas's QTI.
#[derive(Debug)]
pub struct Fill<'e> {
    /// The blanks in the order they stand in the question.
    pub blanks: Vec<&'e Blank>,
    /// The question's Markdown, a placeholder where each blank stood.
    pub markdown: String,
    /// The question's source (for the line of an image error).
    pub span: Span,
}

/// The placeholder of the blank at `index` (private-use characters, which
/// Markdown, the sanitiser and every format's escaping leave alone).
fn placeholder(index: usize) -> String {
    format!("\u{E000}{index}\u{E001}")
}

/// How `entry` is graded as a fill-in-the-blank question: `None` unless it
/// is a fill entry whose every blank stands in its question and has an
/// accepted answer. A blank without an answer cannot be graded, so such an
/// entry is asked as an essay, as open entries are; so is a question that
/// holds the placeholders' characters itself.
#[must_use]
pub fn fill<'e>(text: &str, entry: &'e Entry) -> Option<Fill<'e>> {
    let answered = |b: &Blank| b.answers.iter().any(|a| !a.trim().is_empty());
    if entry.kind != Kind::Fill || entry.blanks.is_empty() || !entry.blanks.iter().all(answered) {
        return None;
    }
    let span = entry
        .section(SectionKind::Question)
        .map_or(entry.heading.title_span, |q| q.body);
    let mut blanks: Vec<&Blank> = entry.blanks.iter().collect();
    blanks.sort_by_key(|b| b.span.start);
    let inside = |b: &&Blank| b.span.start >= span.start && b.span.end <= span.end;
    if !blanks.iter().all(inside) || span.slice(text).contains(['\u{E000}', '\u{E001}']) {
        return None;
    }
    let mut index = 0;
    let markdown = qbank_core::question_with_blanks(text, entry, |_| {
        index += 1;
        placeholder(index - 1)
    });
    Some(Fill {
        blanks,
        markdown,
        span,
    })
}

impl Fill<'_> {
    /// The accepted answers of each blank, empty ones left out.
    #[must_use]
    pub fn answers(&self) -> Vec<Vec<&str>> {
        self.blanks
            .iter()
            .map(|b| {
                b.answers
                    .iter()
                    .map(|a| a.trim())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .collect()
    }

    /// `html` (rendered, and escaped as the format needs, from
    /// [`Fill::markdown`]) with the placeholder of each blank replaced by
    /// `blank(index, after)`, `after` being the HTML that follows it; `None`
    /// when a placeholder is not there exactly once (a blank the rendering
    /// dropped or copied: the entry is asked as an essay).
    pub fn blanks_in(
        &self,
        html: &str,
        mut blank: impl FnMut(usize, &str) -> String,
    ) -> Option<String> {
        let mut places = Vec::with_capacity(self.blanks.len());
        for index in 0..self.blanks.len() {
            let mark = placeholder(index);
            let mut found = html.match_indices(&mark).map(|(at, _)| at);
            let (Some(at), None) = (found.next(), found.next()) else {
                return None;
            };
            places.push((at, at + mark.len(), index));
        }
        places.sort_unstable();
        let mut out = String::with_capacity(html.len() + 32 * places.len());
        let mut from = 0;
        for (start, end, index) in places {
            out.push_str(&html[from..start]);
            out.push_str(&blank(index, &html[end..]));
            from = end;
        }
        out.push_str(&html[from..]);
        Some(out)
    }
}

/// Whether an option says "true" or "false" (正确/错误, 对/错, √/×, T/F).
#[must_use]
pub fn truth(option: &ChoiceOption) -> Option<bool> {
    let t = option.text.trim().trim_end_matches(['.', '。']);
    const YES: [&str; 7] = ["正确", "对", "√", "✓", "true", "t", "是"];
    const NO: [&str; 7] = ["错误", "错", "×", "✗", "false", "f", "否"];
    if YES.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// The body of an entry's section, when it has one that is not empty.
#[must_use]
pub fn body(entry: &Entry, kind: SectionKind) -> Option<Span> {
    entry
        .section(kind)
        .map(|s| s.body)
        .filter(|b| !b.is_empty())
}

/// A document's name on a platform: its title, else its file's stem.
#[must_use]
pub fn document_name(doc: &Document) -> String {
    doc.title
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_else(|| {
            std::path::Path::new(&doc.path)
                .file_stem()
                .map_or_else(|| "qbank".to_owned(), |s| s.to_string_lossy().into_owned())
        })
}

/// An entry's category: its document's name, then its group headings,
/// each on one line (a title may hold a line break, `&#xA;`: platforms
/// read a category name as one line).
#[must_use]
pub fn category_of(doc: &Document, entry: &Entry) -> Vec<String> {
    std::iter::once(document_name(doc))
        .chain(entry.category.iter().cloned())
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// An entry's category as Moodle writes a path of categories (GIFT's
/// `$CATEGORY:` and Moodle XML's `<category>`): its parts joined by `/`,
/// a `/` in a part doubled.
#[must_use]
pub fn category_path(doc: &Document, entry: &Entry) -> String {
    let parts: Vec<String> = category_of(doc, entry)
        .iter()
        .map(|c| c.replace('/', "//"))
        .collect();
    parts.join("/")
}

/// The grades Moodle accepts for an answer, in percent (its
/// `question_bank::fraction_options_full()`, 0 to 100; the negative ones are
/// these with a minus). An import (GIFT or Moodle XML) skips a question with
/// any other grade: Moodle's `match_grade_options` allows a difference of
/// 0.00001 in the fraction, 0.001 in the percentage, so the five decimals
/// written here match.
pub const MOODLE_GRADES: [&str; 21] = [
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
];

/// The most correct options a Moodle question can credit: each needs one of
/// [`MOODLE_GRADES`], the smallest above 0 is 5, and they sum to 100.
pub const MOODLE_MAX_CORRECT: usize = 20;

/// 100 / n for n = 1 to 10, as Moodle writes it: each one of its grades.
const EQUAL: [&str; 10] = [
    "100", "50", "33.33333", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10",
];

/// The grade of each of `n` correct options, in their order, from
/// [`MOODLE_GRADES`] and summing to 100: 100 / n each up to 10 options;
/// from 11 to 20, where 100 / n is not a Moodle grade, the first 20 − n get
/// 10 and the others 5 (11: nine of 10 and two of 5). `None` beyond
/// [`MOODLE_MAX_CORRECT`] (and for 0).
#[must_use]
pub fn moodle_grades(n: usize) -> Option<Vec<&'static str>> {
    match n {
        1..=10 => Some(vec![EQUAL[n - 1]; n]),
        11..=MOODLE_MAX_CORRECT => {
            let tens = MOODLE_MAX_CORRECT - n;
            let mut grades = vec!["10"; tens];
            grades.resize(n, "5");
            Some(grades)
        }
        _ => None,
    }
}

/// Whether [`moodle_grades`] gives `n` correct options unequal grades.
#[must_use]
pub fn unequal_grades(n: usize) -> bool {
    (EQUAL.len() + 1..=MOODLE_MAX_CORRECT).contains(&n)
}

/// An entry as errors and warnings name it: `path:line: entry 7 (title)`.
#[must_use]
pub fn place(path: &str, lines: Option<&qbank_core::LineIndex>, entry: &Entry) -> String {
    let line = lines.map_or(1, |l| l.line(entry.span.start));
    match entry.number {
        Some(n) => format!("{path}:{line}: entry {n} ({})", entry.title),
        None => format!("{path}:{line}: entry \"{}\"", entry.title),
    }
}

/// A choice entry with more correct options than Moodle's grades can credit.
#[derive(Debug, thiserror::Error)]
#[error(
    "{place}: {correct} correct options: Moodle accepts only its own grades, the smallest 5%, so at most {MOODLE_MAX_CORRECT} correct options can share 100%"
)]
pub struct TooManyCorrect {
    /// The entry, as [`place`] names it.
    pub place: String,
    /// Its correct options.
    pub correct: usize,
}

/// The grades of `entry`'s correct options for Moodle (GIFT or Moodle
/// XML), or why it has none.
///
/// # Errors
///
/// [`TooManyCorrect`] beyond [`MOODLE_MAX_CORRECT`] correct options.
pub fn grades_of(
    path: &str,
    lines: Option<&qbank_core::LineIndex>,
    entry: &Entry,
) -> Result<Vec<&'static str>, TooManyCorrect> {
    let correct = entry.options.iter().filter(|o| o.correct).count();
    moodle_grades(correct).ok_or_else(|| TooManyCorrect {
        place: place(path, lines, entry),
        correct,
    })
}

/// The entries of an export whose correct options get unequal grades, for
/// one warning at its end.
#[derive(Debug, Default)]
pub struct UnequalGrades {
    count: usize,
    first: Option<String>,
}

impl UnequalGrades {
    /// Notes `entry` when its correct options get unequal grades.
    pub fn note(&mut self, path: &str, lines: Option<&qbank_core::LineIndex>, entry: &Entry) {
        if asked(entry) == Asked::Several
            && unequal_grades(entry.options.iter().filter(|o| o.correct).count())
        {
            self.count += 1;
            self.first.get_or_insert_with(|| place(path, lines, entry));
        }
    }

    /// The warning, when any entry was noted.
    #[must_use]
    pub fn warning(&self, format: &str) -> Option<String> {
        let first = self.first.as_ref()?;
        let (n, them) = match self.count {
            1 => ("1 question has".to_owned(), "its"),
            n => (format!("{n} questions have"), "their"),
        };
        Some(format!(
            "{format}: {n} 11 to 20 correct options (the first: {first}); Moodle has no grade for \
             100/11 (9.09091%) and up, so {them} correct options get 10% or 5%, summing to 100% \
             (docs/exports.md, \"Grades in Moodle\")"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(grade: &str) -> f64 {
        grade.parse().unwrap_or(f64::NAN)
    }

    fn parsed(md: &str) -> qbank_core::Document {
        qbank_core::parse("bank.md", md, &qbank_core::ParseOptions::default())
    }

    #[test]
    fn each_blank_is_a_placeholder_that_rendering_keeps() {
        let md = "## 1. 逻辑地址\n\n**题目：** 由（ ）和 **（ ）** 组成。\n\n**答案：** 页号；页内偏移\n";
        let doc = parsed(md);
        let fill = fill(md, &doc.entries[0]).unwrap_or_else(|| panic!("{:?}", doc.entries[0]));
        assert_eq!(fill.answers(), [vec!["页号"], vec!["页内偏移"]]);
        let origin = qbank_render::Origin::of("bank.md", None, fill.span, false);
        let html =
            qbank_render::render(&fill.markdown, &origin, &mut Vec::new()).unwrap_or_default();
        let filled = fill.blanks_in(&html, |i, _| format!("[{i}]"));
        assert_eq!(
            filled.as_deref(),
            Some("<p>由[0]和 <strong>[1]</strong> 组成。</p>\n")
        );
        // A placeholder that is not there once: no fill question.
        assert_eq!(fill.blanks_in("<p></p>", |i, _| i.to_string()), None);
    }

    #[test]
    fn an_unanswered_blank_is_no_fill_question() {
        let md = "## 1. Ports\n\n**Question:** HTTP runs over ____ and DNS over ____.\n\n**Answer:** TCP\n";
        let doc = parsed(md);
        assert_eq!(doc.entries[0].kind, Kind::Fill);
        assert!(fill(md, &doc.entries[0]).is_none());
    }

    #[test]
    fn every_grade_is_moodles_and_they_sum_to_100() {
        for n in 1..=MOODLE_MAX_CORRECT {
            let grades = moodle_grades(n).unwrap_or_default();
            assert_eq!(grades.len(), n);
            assert!(grades.iter().all(|g| MOODLE_GRADES.contains(g)), "{n}");
            let sum: f64 = grades.iter().map(|g| value(g)).sum();
            // qtype_multichoice checks the sum of the fractions rounded to
            // two decimals: 99.99997% (7 × 14.28571) is 100%.
            assert!((sum - 100.0).abs() < 0.005, "{n}: {sum}");
            assert_eq!(unequal_grades(n), n > 10, "{n}");
        }
        assert_eq!(
            moodle_grades(11)
                .unwrap_or_default()
                .iter()
                .filter(|g| **g == "10")
                .count(),
            9
        );
        assert_eq!(moodle_grades(21), None);
        assert_eq!(moodle_grades(0), None);
    }

    #[test]
    fn equal_grades_are_100_over_n_to_five_decimals() {
        for (i, grade) in EQUAL.iter().enumerate() {
            let exact = format!("{:.5}", 100.0 / (i + 1) as f64);
            assert_eq!(exact.trim_end_matches('0').trim_end_matches('.'), *grade);
        }
    }

    #[test]
    fn one_warning_names_the_count_and_the_first() {
        let mut unequal = UnequalGrades::default();
        assert_eq!(unequal.warning("GIFT"), None);
        unequal.count = 2;
        unequal.first = Some("a.md:3: entry 1 (t)".to_owned());
        assert_eq!(
            unequal.warning("GIFT").unwrap_or_default(),
            "GIFT: 2 questions have 11 to 20 correct options (the first: a.md:3: entry 1 (t)); \
             Moodle has no grade for 100/11 (9.09091%) and up, so their correct options get 10% or 5%, \
             summing to 100% (docs/exports.md, \"Grades in Moodle\")"
        );
    }
}
