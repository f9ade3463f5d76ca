//! The typed model of a question bank.
//!
//! The model is plain data: every node records where it came from as a byte
//! [`Span`] into the decoded source text ([`Source::text`]) and keeps no copy
//! of that text, apart from short plain-text strings (titles, labels) that
//! consumers need without Markdown markup. Line and column numbers are
//! computed on demand from a [`LineIndex`](crate::LineIndex), never stored:
//! that keeps the model small and avoids byte-versus-character confusion.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into a document's decoded text.
///
/// Offsets are `u32`: documents larger than 4 GiB are refused at decoding
/// time, and the smaller span halves the model's size on very large banks.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        // Offsets fit in u32: `decode` refuses sources of 4 GiB or more.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, ready to slice the source text.
    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers, or `""` if it does not fit `text`.
    #[must_use]
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Self {
        span.range()
    }
}

/// How the bytes of a file were encoded.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark (`EF BB BF`).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark (`FF FE`).
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark (`FE FF`).
    Utf16Be,
}

/// The line terminators a file used before they were normalised to `\n`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineEndings {
    /// `\n` only (or no line break at all).
    #[default]
    Lf,
    /// `\r\n` only.
    CrLf,
    /// Lone `\r` only (classic Mac OS).
    Cr,
    /// A mix: the terminator of each line, in order, so that a fix can
    /// write the file back exactly as it was.
    Mixed(Vec<LineEnding>),
}

/// One line terminator.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// `\r`
    Cr,
}

impl LineEnding {
    /// The terminator's bytes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// A decoded source file: the text every [`Span`] points into.
///
/// The text has no byte-order mark and no `\r`: line breaks are normalised
/// to `\n`, and [`encoding`](Self::encoding) and
/// [`line_endings`](Self::line_endings) record what the file really held, so
/// that a tool that writes the file back can restore both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given by the user (`-` for standard input).
    pub path: String,
    /// The decoded, normalised text.
    pub text: String,
    /// The file's encoding.
    pub encoding: Encoding,
    /// The file's line terminators.
    pub line_endings: LineEndings,
}

/// A parsed question bank: one Markdown file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The path as given by the user (`-` for standard input).
    pub path: String,
    /// The document's title: the first heading above the entries' level
    /// that comes before the first entry.
    pub title: Option<Title>,
    /// The heading level (1–6) of the entries, when there are entries.
    pub entry_level: Option<u8>,
    /// The entries, in source order.
    pub entries: Vec<Entry>,
    /// Top-level blocks that belong to no entry: the title, any preamble
    /// before the first entry, and content after a heading shallower than
    /// the entries' level (a group heading such as `## Part 2`).
    pub outside: Vec<Block>,
    /// How the document writes its entries, as read from the document (or
    /// pinned by `[entries]` in `qbank.toml`).
    #[serde(default)]
    pub shape: Shape,
    /// The front matter (YAML between `---` lines or TOML between `+++`
    /// lines at the top of the file), if any.
    #[serde(default)]
    pub front_matter: Option<FrontMatter>,
    /// The answer key at the end of the document (`## Answer Key`, then
    /// `1. B`…), if it has one: its lines answer the entries above by
    /// number, and are read as no entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_key: Option<Box<AnswerKey>>,
}

/// An answer key apart from the questions: a section at the end of the
/// document that answers entries by number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerKey {
    /// From the key's heading to the end of the document.
    pub span: Span,
    /// The key's heading (`## Answer Key`).
    pub heading: Span,
    /// Its numbered answers, in order.
    pub items: Vec<KeyItem>,
}

/// One numbered answer of an [`AnswerKey`]: `3. B`, `| 4 | D |`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyItem {
    /// The sub-heading it stands under, for keys whose numbering restarts
    /// per section (matched to the entries' categories).
    pub group: Option<String>,
    /// Which run of numbers it belongs to, counted from 0: a sub-heading or
    /// a number that starts again begins the next run.
    pub run: u32,
    /// The entry number it answers.
    pub number: u64,
    /// The option letters it names (`["B"]`, `["A", "C"]`); empty for an
    /// answer in words.
    pub letters: Vec<String>,
    /// The answer as written after the number.
    pub answer: Span,
}

/// The metadata block at the top of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// The whole block, delimiters included.
    pub span: Span,
    /// Its `title`, if it has one.
    pub title: Option<String>,
    /// Its `tags` (a list, or one string of words separated by commas or
    /// spaces).
    pub tags: Vec<String>,
}

/// How a document writes its entries: the shape qbank recognised.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// What starts an entry.
    pub marker: Marker,
    /// The heading level of entry headings (heading markers only).
    pub level: Option<u8>,
    /// Where each entry's question comes from.
    pub question: Origin,
    /// Where each entry's answer comes from.
    pub answer: Origin,
    /// Labels seen in the document, per kind (question, answer, analysis),
    /// counted by the shape scan.
    pub labels: [u32; 3],
    /// In a document whose entries start otherwise (bold paragraphs, list
    /// items, `<details>`), the level of headings that ask and start
    /// entries of their own: open questions in headings with quizzes under
    /// them (`## ¿Qué es React?`, its answer, then `**1.** …` options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_questions: Option<u8>,
    /// The entries are plain list items that ask (`1. Why do you want to
    /// work here?`), in a document that gives no other shape: a list of
    /// questions, answered or not by what each item holds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plain_questions: bool,
    /// Which clozes the document writes beyond Anki's `{{c1::…}}`.
    #[serde(default, skip_serializing_if = "Cloze::is_anki")]
    pub cloze: Cloze,
    /// Of the headings at the entry level, only those whose section holds
    /// an answer label are entries (a lesson whose exercises are answered,
    /// `## Solution` or `A: …`, among sections that are not): the others
    /// are the lesson's text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub labelled_only: bool,
}

/// Which cloze syntaxes a document uses: Anki's `{{c1::answer}}` always,
/// the others only where the document (or `qbank.toml`) says so, since
/// `==x==` and `{x}` are ordinary text elsewhere.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloze {
    /// Anki's `{{c1::answer}}` only.
    #[default]
    Anki,
    /// Also `==answer==`: asked for by `[entries] highlight-cloze` in
    /// `qbank.toml`.
    Highlight,
    /// Also `==answer==` and `{{answer}}`: a file tagged `#flashcards` for
    /// Obsidian Spaced Repetition.
    SpacedRepetition,
    /// Also `==answer==`, `{answer}` and `{2:answer}`: a file with a
    /// `cards-deck` in its front matter, for Obsidian Flashcards.
    Flashcards,
}

impl Cloze {
    /// Whether only Anki's clozes are read.
    #[must_use]
    pub fn is_anki(&self) -> bool {
        *self == Cloze::Anki
    }

    /// The name, as in JSON and `qbank inspect`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Cloze::Anki => "anki",
            Cloze::Highlight => "highlight",
            Cloze::SpacedRepetition => "spaced-repetition",
            Cloze::Flashcards => "flashcards",
        }
    }
}

impl Shape {
    /// What starts an entry, in words: `numbered headings at level 4
    /// (#### 1. 标题)`.
    #[must_use]
    pub fn describe_marker(&self) -> String {
        let hashes = "#".repeat(usize::from(self.level.unwrap_or(2)));
        let level = self.level.unwrap_or(0);
        match self.marker {
            Marker::None => "none found".to_owned(),
            Marker::NumberedHeading => {
                format!("numbered headings at level {level} (`{hashes} 1. 标题`)")
            }
            Marker::QuestionHeading => {
                format!("question headings at level {level} (`{hashes} What is …?`)")
            }
            Marker::HeadingCard if self.labelled_only => {
                format!(
                    "headings at level {level} with an answer under them (`{hashes} Exercise` … \
                     `{hashes} Solution`, `A: …`); the other headings are the text around them"
                )
            }
            Marker::HeadingCard => {
                format!(
                    "flashcard headings at level {level} (`{hashes} front`, mdanki and Md2Anki)"
                )
            }
            Marker::Details => "`<details>` blocks (the `<summary>` asks)".to_owned(),
            Marker::BoldParagraph => {
                "paragraphs that start in bold or with a number (`**What is …?**`, `1、什么是进程？`)"
                    .to_owned()
            }
            Marker::ListItem => {
                "list items (`- **What is …?** answer`, `- [问题？](link)`)".to_owned()
            }
            Marker::Label => {
                "question labels (`Q:`, `**题目：**`) without entry headings".to_owned()
            }
            Marker::Challenge => {
                "exercises in block quotes with a quoted solution (`> ## Title` … `> > ## Solution`)"
                    .to_owned()
            }
            Marker::InlineCard => {
                "inline flashcards (`front::back`, or a `?` line between the sides)".to_owned()
            }
        }
    }

    /// Where questions come from, in words.
    #[must_use]
    pub fn describe_question(&self) -> &'static str {
        match (self.question, self.marker) {
            (Origin::Label, _) => "question labels",
            (Origin::Marker, Marker::Details) => "the `<summary>`",
            (Origin::Marker, Marker::BoldParagraph) => "the bold or numbered line",
            (Origin::Marker, Marker::ListItem) => "the list item",
            (Origin::Marker, Marker::Challenge) => "the block quote, under its heading",
            (Origin::Marker, Marker::InlineCard) => "the card's front (before `::` or `?`)",
            (Origin::Marker, _) => "the heading (no question labels in the document)",
        }
    }

    /// Where answers come from, in words.
    #[must_use]
    pub fn describe_answer(&self) -> &'static str {
        match (self.answer, self.marker) {
            (_, Marker::Challenge) => "the solution quoted in each exercise (`> > ## Solution`)",
            (_, Marker::InlineCard) => "the card's back (after `::` or `?`)",
            (Origin::Label, _) => "answer labels",
            (Origin::Marker, _) => "the blocks under each question (few or no answer labels)",
        }
    }
}

/// What kind of question an entry is.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Answered in words.
    #[default]
    Open,
    /// Answered by choosing among options (multiple choice, true/false).
    Choice,
    /// Answered by filling the blanks of its question (`____`, `（ ）`,
    /// a cloze `{{c1::…}}`): see [`Entry::blanks`].
    Fill,
    /// Answered by a short text, one of a list of accepted answers: see
    /// [`Graded::Short`].
    Short,
    /// Answered by a number, within a tolerance or a range: see
    /// [`Graded::Numerical`].
    Numerical,
    /// Answered by pairing items with items: see [`Graded::Matching`].
    Matching,
    /// Answered by putting items in order: see [`Graded::Ordering`].
    Ordering,
}

impl Kind {
    /// `open`, `choice`, `fill`, `short`, `numerical`, `matching` or
    /// `ordering`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Open => "open",
            Kind::Choice => "choice",
            Kind::Fill => "fill",
            Kind::Short => "short",
            Kind::Numerical => "numerical",
            Kind::Matching => "matching",
            Kind::Ordering => "ordering",
        }
    }
}

/// How a short-answer, numerical, matching or ordering entry is graded:
/// what its answer section says, read only where the bank says which kind
/// it is (an accepted-answers line, a tolerance, a matching or ordering
/// stem or section). Texts are as written (Markdown, trimmed); numbers as
/// written, so that nothing is lost to rounding (see [`Number::value`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Graded {
    /// Accepted answers, the first the one shown (`Accepted: colour |
    /// color`).
    Short {
        /// The accepted answers.
        accepted: Vec<String>,
        /// Whether case matters (`Case-sensitive`, `区分大小写`); by default
        /// it does not, as in Moodle.
        case_sensitive: bool,
    },
    /// A number (`3.14 ± 0.01`, `100 ± 1 %`, `[3.1, 3.2]`), with its unit.
    Numerical(Numerical),
    /// Pairs (`term → definition`, a two-column table), and right-hand
    /// items that pair with nothing.
    Matching {
        /// The pairs, in order.
        pairs: Vec<Pair>,
        /// Right-hand items without a left side (`Distractors: a | b`).
        distractors: Vec<String>,
    },
    /// The items in their right order.
    Ordering {
        /// The items, first to last.
        items: Vec<String>,
    },
}

/// A numerical answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Numerical {
    /// The value, or the range.
    pub answer: NumericalAnswer,
    /// Its unit (`m/s²`), if written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A value with its tolerance, or a range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericalAnswer {
    /// `value ± tolerance`.
    Value {
        /// The value.
        value: Number,
        /// The tolerance (`None`: exact).
        tolerance: Option<Tolerance>,
    },
    /// `[min, max]`.
    Range {
        /// The smallest accepted value.
        min: Number,
        /// The largest accepted value.
        max: Number,
    },
}

/// A tolerance around a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    /// `± 0.01`: the answer may differ by this much.
    Absolute(Number),
    /// `± 1 %`: by this percentage of the value.
    Percent(Number),
}

/// A number as written (`3.14`, `-2`, `6.02e23`, `1,000`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(pub String);

impl Number {
    /// Its value: thousands separators (`,`, `_`, thin spaces) left out, a
    /// decimal comma read as a point where it is the only separator
    /// (`3,14`); `None` when it is not a number.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        let s: String = self
            .0
            .trim()
            .replace(['\u{2212}', '－'], "-")
            .chars()
            .filter(|c| !matches!(c, '_' | ' ' | '\u{2009}' | '\u{202f}'))
            .collect();
        let s = match (s.matches(',').count(), s.contains('.')) {
            (1, false) if s.split(',').nth(1).is_some_and(|d| d.len() != 3) => s.replace(',', "."),
            _ => s.replace(',', ""),
        };
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

/// One pair of a matching entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The left-hand item (the prompt).
    pub left: String,
    /// The right-hand item (its match).
    pub right: String,
    /// Where the pair is written.
    pub span: Span,
}

/// One option of a choice entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// Its letter (`A`), or `None` when it has none.
    pub label: Option<String>,
    /// Its text: the Markdown source, trimmed, without marker, box, letter
    /// and bold (for a true/false entry written as a statement and a key,
    /// the options 正确 / 错误 or True / False, which are not in the source).
    pub text: String,
    /// Whether it is a correct answer (marked, or named by the key).
    pub correct: bool,
    /// Whether the source marks it correct itself (a checked box, bold).
    #[serde(default)]
    pub marked: bool,
    /// The option's source (empty, at the key, for options not written).
    pub span: Span,
}

/// One blank of a fill-in-the-blank entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blank {
    /// Which deletion it is, from 1: the number of a cloze (`2` for
    /// `{{c2::…}}`, shared by the blanks a cloze number repeats), else the
    /// blank's place in the question.
    pub number: u32,
    /// How the blank is written.
    pub style: BlankStyle,
    /// The blank in the question: the run of underscores, the brackets, or
    /// the whole cloze (`{{c1::共享}}`).
    pub span: Span,
    /// Its accepted answers as written, the first the one shown; empty when
    /// the bank gives none.
    pub answers: Vec<String>,
    /// A hint (`{{c1::共享::资源}}`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Where its answer is written: inside the cloze, or its part of the
    /// answer section (`共享` in `答案：页号；共享`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_span: Option<Span>,
}

/// How a blank is written.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlankStyle {
    /// A run of three or more underscores: `____`.
    #[default]
    Underscores,
    /// Empty brackets, as Chinese exams write a blank: `（ ）`, `( )`.
    Brackets,
    /// An Anki cloze: `{{c1::answer}}`, `{{c1::answer::hint}}`.
    Cloze,
    /// A highlight read as a cloze: `==answer==` (Obsidian Spaced
    /// Repetition, or `[fill] highlight` in `qbank.toml`).
    Highlight,
    /// Obsidian Spaced Repetition's curly cloze: `{{answer}}`, in a file
    /// tagged for it.
    Curly,
    /// Obsidian Flashcards' cloze: `{answer}`, `{2:answer}`, in a file
    /// with a `cards-deck` in its front matter.
    Braces,
}

impl BlankStyle {
    /// The style's name, as in JSON and `qbank inspect`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            BlankStyle::Underscores => "underscores",
            BlankStyle::Brackets => "brackets",
            BlankStyle::Cloze => "cloze",
            BlankStyle::Highlight => "highlight",
            BlankStyle::Curly => "curly",
            BlankStyle::Braces => "braces",
        }
    }

    /// Whether the answer is written inside the blank (a cloze), not in
    /// the answer section.
    #[must_use]
    pub fn holds_answer(self) -> bool {
        matches!(
            self,
            BlankStyle::Cloze | BlankStyle::Highlight | BlankStyle::Curly | BlankStyle::Braces
        )
    }
}

/// What starts an entry.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marker {
    /// No entries.
    #[default]
    None,
    /// A numbered heading: `#### 12. 标题`, `## Q3: …`, `### 第 3 题`.
    NumberedHeading,
    /// A heading that asks a question (`### What is a mutex?`) or is
    /// followed by a section label.
    QuestionHeading,
    /// Every heading at the entries' level is a card (mdanki, Md2Anki).
    HeadingCard,
    /// `<details><summary>question</summary> answer </details>`.
    Details,
    /// A paragraph that starts in bold (`**What is regression?**`,
    /// `**1)** …`) or with an entry number and asks (`1、什么是进程？`).
    BoldParagraph,
    /// A list item: `- **Question?** answer`, `1. **Question:** … **Answer:** …`,
    /// `- [问题？](link)`.
    ListItem,
    /// A question label (`Q:`, `**题目：**`) in a document without entry
    /// headings.
    Label,
    /// A block quote that poses an exercise under its own heading and
    /// quotes its solution inside (`> ## Tracing Execution` … `> > ##
    /// Solution`), as The Carpentries' lessons write them.
    Challenge,
    /// An inline flashcard of Obsidian's plugins: `front::back` on one line,
    /// or sides over lines with a `?` line between them.
    InlineCard,
}

impl Marker {
    /// Whether entries start at headings.
    #[must_use]
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Marker::NumberedHeading | Marker::QuestionHeading | Marker::HeadingCard
        )
    }

    /// The marker's name, as in `qbank.toml` and `qbank inspect`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::None => "none",
            Marker::NumberedHeading => "numbered-heading",
            Marker::QuestionHeading => "question-heading",
            Marker::HeadingCard => "heading-card",
            Marker::Details => "details",
            Marker::BoldParagraph => "bold-paragraph",
            Marker::ListItem => "list-item",
            Marker::Label => "label",
            Marker::Challenge => "challenge",
            Marker::InlineCard => "inline-card",
        }
    }
}

/// Where a question or an answer comes from.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// From a section label (`**答案：**`, `#### Answer`,
    /// `<summary>答案</summary>`).
    #[default]
    Label,
    /// From the entry's marker: the heading's text, the summary, the bold
    /// text, the list item (questions); the blocks under it (answers).
    Marker,
}

/// A document's title.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Title {
    /// The heading's plain text (markup removed).
    pub text: String,
    /// The heading's level, 1–6; 0 for a title from the front matter.
    pub level: u8,
    /// The whole heading, markers included.
    pub span: Span,
}

/// One question-bank entry: a numbered heading and what follows it up to
/// the next entry heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The number written in the heading (`7` for `#### 7. 标题`).
    pub number: Option<u64>,
    /// The heading's title after the number and separator, as plain text.
    pub title: String,
    /// The entry's heading.
    pub heading: Heading,
    /// From the heading's first byte to the end of the entry's last block.
    pub span: Span,
    /// Blocks between the heading and the first section label.
    pub preamble: Vec<Block>,
    /// The labelled sections, in source order (duplicates and any order are
    /// kept: judging them is the validator's job). A question or answer the
    /// document does not label (the heading is the question, the blocks
    /// under it the answer) is a section with an
    /// [`Implicit`](LabelStyle::Implicit) label.
    pub sections: Vec<Section>,
    /// What started the entry.
    #[serde(default)]
    pub marker: Marker,
    /// Open (answered in words), choice (options, some correct), fill
    /// (blanks in the question), short, numerical, matching or ordering
    /// (see [`Entry::graded`]).
    #[serde(default)]
    pub kind: Kind,
    /// A choice entry's options, in order (empty for open entries).
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// A fill entry's blanks, in the order they stand in the question
    /// (empty for other entries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blanks: Vec<Blank>,
    /// The group headings the entry sits under, outermost first (the
    /// document's title excluded): `["模型基础"]`.
    #[serde(default)]
    pub category: Vec<String>,
    /// How a short-answer, numerical, matching or ordering entry is graded
    /// (`None` for the other kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graded: Option<Graded>,
}

impl Entry {
    /// The first section of the given kind.
    #[must_use]
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// An entry's heading. For entries that do not start at a heading
/// ([`Marker::Details`], [`Marker::BoldParagraph`], [`Marker::ListItem`],
/// [`Marker::Label`]), `level` is 0 and the spans are those of the marker:
/// the `<summary>` line, the bold text, the list item's first line, the
/// label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// Heading level, 1–6; 0 for an entry that does not start at a heading.
    pub level: u8,
    /// The whole heading, from its first `#` to its line break.
    pub span: Span,
    /// The number as written (`12` in `#### 12. 标题`).
    pub number_span: Option<Span>,
    /// The separator after the number.
    pub separator: Option<NumberSeparator>,
    /// The title's source, after the number and separator.
    pub title_span: Span,
    /// An explicit id: a heading attribute `{#id}`.
    pub id: Option<String>,
}

/// The separator between an entry's number and its title.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberSeparator {
    /// `1. `
    Dot,
    /// `1、` (ideographic comma)
    IdeographicComma,
    /// `1．` (full-width full stop)
    FullwidthDot,
    /// `1) `
    Paren,
    /// `Q1: `, `第 1 题：` (ASCII or full-width colon)
    Colon,
    /// No punctuation: `第1题`, `Q1 `
    Word,
}

/// Which part of an entry a section is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// The question (题目, Question, …).
    Question,
    /// The answer (答案, Answer, …).
    Answer,
    /// The analysis or explanation (解析, Explanation, …).
    Analysis,
}

impl SectionKind {
    /// All kinds, in their conventional order.
    pub const ALL: [SectionKind; 3] = [
        SectionKind::Question,
        SectionKind::Answer,
        SectionKind::Analysis,
    ];

    /// The kind's lower-case name: `question`, `answer` or `analysis`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Question => "question",
            SectionKind::Answer => "answer",
            SectionKind::Analysis => "analysis",
        }
    }
}

impl std::fmt::Display for SectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled part of an entry: its question, answer or analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Which section this is.
    pub kind: SectionKind,
    /// The label that opened it.
    pub label: Label,
    /// From the label's first byte to the end of the section's body. It
    /// lies within the entry's span, except for an answer read from the
    /// document's answer key ([`LabelStyle::Key`]), which lies in
    /// [`Document::answer_key`].
    pub span: Span,
    /// The body's Markdown source, trimmed: empty (at the label's end) when
    /// the label has no body. A choice entry's question stops before the
    /// options that end it (they stay in `blocks` and `span`).
    pub body: Span,
    /// The body as structured blocks.
    pub blocks: Vec<Block>,
}

/// A section label as written: `**题目：**`, `Answer:`, `##### 答案`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The label's word as written (`题目`, `Answer`); for a `<summary>`
    /// label, the summary's text without its tags (`查看答案`).
    pub text: String,
    /// The whole label: bold markers and colon included, or the whole
    /// heading line for a heading label.
    pub span: Span,
    /// The label's word alone.
    pub name_span: Span,
    /// How the label is written.
    pub style: LabelStyle,
    /// The colon after the word, if any.
    pub colon: Option<Colon>,
    /// Where the colon is.
    pub colon_span: Option<Span>,
}

/// How a label is written.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelStyle {
    /// `**答案：**`: bold, colon inside the bold (or no colon).
    Bold,
    /// `**答案**：`: bold, colon after the bold.
    BoldColonOutside,
    /// `答案：`: plain text.
    Plain,
    /// `##### 答案`: a heading.
    Heading,
    /// `<summary>答案</summary>`: the summary of a `<details>` block.
    Details,
    /// No label is written: the question is the entry's heading (or its
    /// bold text, summary or list item), the answer the blocks under it.
    /// The label's spans are empty, at the start of the body.
    Implicit,
    /// The answer stands in the document's answer key (`3. B` under
    /// `## Answer Key`), not under the entry; the label's spans are empty,
    /// at the start of the answer there.
    Key,
}

/// A colon after a label or a list item's term.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Colon {
    /// `:` (U+003A)
    Ascii,
    /// `：` (U+FF1A)
    Fullwidth,
}

impl Colon {
    /// The colon character.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Colon::Ascii => ":",
            Colon::Fullwidth => "：",
        }
    }
}

/// A block of Markdown, with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph (or, after a label on the same line, the rest of one).
    Paragraph {
        /// The paragraph's source.
        span: Span,
    },
    /// A heading that is content (not an entry heading and not a label).
    Heading {
        /// The heading's source.
        span: Span,
        /// Its level, 1–6.
        level: u8,
        /// The number it starts with, as for entry headings.
        number: Option<u64>,
    },
    /// An ordered or bullet list.
    List(Box<List>),
    /// A fenced or indented code block.
    Code {
        /// The block's source, fences included.
        span: Span,
        /// The info string's first word (`rust` in ```` ```rust ````).
        lang: Option<String>,
    },
    /// A table.
    Table {
        /// The table's source.
        span: Span,
    },
    /// A block quote.
    BlockQuote {
        /// The quote's source.
        span: Span,
    },
    /// An HTML block (comments included).
    Html {
        /// The block's source.
        span: Span,
    },
    /// A thematic break (`---`).
    Rule {
        /// The rule's source.
        span: Span,
    },
    /// Anything else (footnote definitions, display math, metadata).
    Other {
        /// The block's source.
        span: Span,
    },
}

impl Block {
    /// The block's span.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span }
            | Block::Heading { span, .. }
            | Block::Code { span, .. }
            | Block::Table { span }
            | Block::BlockQuote { span }
            | Block::Html { span }
            | Block::Rule { span }
            | Block::Other { span } => *span,
            Block::List(list) => list.span,
        }
    }

    /// The list, when this block is one.
    #[must_use]
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Block::List(list) => Some(list),
            _ => None,
        }
    }
}

/// An ordered (`1.`, `1)`) or bullet (`-`, `*`, `+`) list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    /// The whole list.
    pub span: Span,
    /// The first item's number for an ordered list, `None` for a bullet list.
    pub start: Option<u64>,
    /// The marker's delimiter: `.` or `)` for ordered lists, `-`, `*` or
    /// `+` for bullet lists.
    pub delimiter: char,
    /// The items, in order.
    pub items: Vec<ListItem>,
}

impl List {
    /// Whether this is an ordered (numbered) list.
    #[must_use]
    pub fn is_ordered(&self) -> bool {
        self.start.is_some()
    }
}

/// One list item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// The whole item, marker and nested lists included.
    pub span: Span,
    /// The marker (`3.`, `3)`, `-`).
    pub marker: Span,
    /// The number written in the marker (ordered lists only).
    pub number: Option<u64>,
    /// The bold term the item starts with (`数据清洗` in
    /// `1. **数据清洗：** 去除…`).
    pub term: Option<Term>,
    /// The item's own text after the marker and the term (and its colon),
    /// up to its first nested list, trimmed.
    pub text: Span,
    /// Lists nested in the item.
    pub lists: Vec<List>,
}

/// A bold term at the start of a list item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The term's text, without bold markers or colon.
    pub span: Span,
    /// The bold part, markers included (`**数据清洗：**`).
    pub bold_span: Span,
    /// The colon after the term, inside or just after the bold.
    pub colon: Option<Colon>,
    /// Where the colon is.
    pub colon_span: Option<Span>,
}

/// A step of a document parsed piece by piece, in this order: `Begin`,
/// any number of `Entries`, `End`.
#[derive(Clone, Copy, Debug)]
pub enum Piece<'a> {
    /// The document starts. Its head (path, title) is known.
    Begin(&'a Document),
    /// Its next entries, in order (`qbank_workspace` hands on 512 at most).
    Entries {
        /// The document as known so far (its head).
        document: &'a Document,
        /// The entries.
        entries: &'a [Entry],
        /// Whether they end the document (the last is its last entry).
        last: bool,
    },
    /// The document ends: complete but for its entries, which came in
    /// `Entries`.
    End(&'a Document),
}
