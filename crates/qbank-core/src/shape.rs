//! Which shape a document's entries take: one cheap pass over its lines,
//! before the parse, so that the parse (which may run in parallel pieces)
//! knows from the start what starts an entry and where questions and
//! answers come from.
//!
//! The pass looks only at the first bytes of each line outside code fences
//! and HTML comments: ATX headings (level, number, whether they ask a
//! question, whether a label follows), `<summary>` lines, paragraphs that
//! start in bold, list items that hold a question, and section labels
//! (counted until each kind has been seen a few times). It is written by
//! hand because it must cost a small fraction of the Markdown parse that
//! follows (pulldown-cmark has no cheaper mode), and because it only needs
//! to be right about what decides the shape, not about every block.

use crate::choice::{is_true_false, opens_option};
use crate::labels::{LabelMatcher, Place, skip_blanks};
use crate::model::{Marker, Origin, SectionKind, Shape};
use crate::number::split_number;
use crate::split::{closes_fence, opens_fence};

/// What `qbank.toml`'s `[entries]` pins; `None` fields are detected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntriesConfig {
    /// What starts an entry.
    pub marker: Option<Marker>,
    /// The heading level of entry headings.
    pub level: Option<u8>,
    /// Where questions come from.
    pub question: Option<Origin>,
    /// Where answers come from.
    pub answer: Option<Origin>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Level {
    headings: u32,
    numbered: u32,
    questions: u32,
    followed_by_label: u32,
    /// Headings ending in a flashcard id: `## Question (66b3661f-…)`.
    card_ids: u32,
}

/// What the line pass counts.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    levels: [Level; 7],
    labels: [u32; 3],
    /// Question labels outside headings (`Q:`, `**题目：**`).
    paragraph_questions: u32,
    first_numbered: Option<u8>,
    first_chinese: Option<u8>,
    first_heading: Option<u8>,
    details: u32,
    /// Block quotes that pose an exercise and hold its solution in a
    /// quote of their own (`> ## Title` … `> > ## Solution`): counted at
    /// the solution's heading.
    challenges: u32,
    bold: u32,
    list: u32,
    /// Paragraphs that start with an entry number and ask: `1、什么是进程？`.
    numbered_paras: u32,
    /// The previous line was a plain list item that asks (`1. 什么是进程？`):
    /// an answer label on the next line makes it a list question.
    asking_item: bool,
    /// Plain list items that ask, at the top level (`1. Why …?`).
    asking_items: u32,
    /// Lines left in which options may still follow a plain numbered list
    /// item (`1. 题干`): options there (a bullet list of its own, nested in
    /// its item, or lettered lines after its code) make it a choice
    /// question.
    choice_stem: u8,
    /// The first heading line at each level, for hints.
    examples: [Option<String>; 7],
    /// Inline flashcards (`front::back`, a `?` line between sides), and
    /// whether the file says it holds cards (a `#flashcards` tag, a deck
    /// in its front matter, `<!-- CARD -->`).
    cards: u32,
    card_signal: bool,
    /// Paragraphs that start wholly in bold (questions or not), and the
    /// first of them.
    bold_lines: u32,
    bold_example: Option<String>,
}

/// How many plain list items that ask make a list of questions of a
/// document that has no other shape.
const PLAIN_QUESTIONS: u32 = 5;

/// How many lines after a numbered stem its options may start (its own
/// second line, blank lines around a code block).
const STEM_REACH: u8 = 4;

/// How many of each label kind must have been seen before the pass may
/// stop early (see [`Stats::settled`]).
const LABELS_ENOUGH: u32 = 3;

/// Scan `text` and decide its shape (`config` pins what it sets).
pub(crate) fn detect(text: &str, labels: &LabelMatcher, config: &EntriesConfig) -> Shape {
    let stats = scan(text, labels);
    let mut shape = decide(&stats);
    if let Some(marker) = config.marker {
        shape.marker = marker;
        if marker.is_heading() && config.level.is_none() {
            shape.level = shape.level.or(stats.best_question_level()).or(Some(2));
        }
        if !marker.is_heading() {
            shape.level = None;
        }
    }
    if let Some(level) = config.level {
        shape.level = Some(level.clamp(1, 6));
        if !shape.marker.is_heading() {
            shape.marker = Marker::QuestionHeading;
        }
    }
    if let Some(q) = config.question {
        shape.question = q;
    }
    if let Some(a) = config.answer {
        shape.answer = a;
    }
    shape
}

fn decide(stats: &Stats) -> Shape {
    let mut shape = Shape {
        labels: stats.labels,
        ..Shape::default()
    };
    let entries = marker(stats, &mut shape);
    // In a document that labels questions, an entry without a question
    // label lacks its question; in one that labels none, the marker (the
    // heading, the summary, the bold text) is the question.
    shape.question = if stats.labels[0] == 0 {
        Origin::Marker
    } else {
        Origin::Label
    };
    // Answers: where most entries label them, an entry without one lacks
    // it; where few or none do, the blocks under the marker are the answer
    // of each entry that has no label.
    shape.answer = if stats.labels[1].saturating_mul(2) < entries.max(1) {
        Origin::Marker
    } else {
        Origin::Label
    };
    shape
}

/// Settle the marker (and level); returns how many entries it starts.
fn marker(stats: &Stats, shape: &mut Shape) -> u32 {
    let bold = stats.bold + stats.numbered_paras;
    let numbered = stats.first_numbered.or(stats.first_chinese);
    if let Some(level) = numbered {
        let count = stats.levels[level as usize].numbered;
        // Numbered paragraphs do not count here: `1、…` lines are common in
        // the answers of numbered-heading banks.
        let finer = stats.details.max(stats.bold).max(stats.list);
        // Numbered group headings over many finer questions (`## 1. Basics`
        // and bold questions under it) are groups, not entries.
        // Headings numbered only in Chinese numerals (`## 一、简答题`) over
        // finer questions are always groups.
        let entries = if stats.first_numbered.is_some() {
            finer < 3 || finer < 2 * count
        } else {
            finer == 0
        };
        if entries {
            shape.marker = Marker::NumberedHeading;
            shape.level = Some(level);
            return count;
        }
    }
    // Exercises in block quotes, each with its solution quoted inside it
    // (The Carpentries' lessons): the quotes are the entries, the
    // headings between them the lesson's sections.
    if stats.challenges >= 2 && stats.challenges >= stats.details.max(bold).max(stats.list) {
        shape.marker = Marker::Challenge;
        return stats.challenges;
    }
    let finer = stats.details.max(bold).max(stats.list);
    if stats.cards_win(finer) {
        shape.marker = Marker::InlineCard;
        return stats.cards;
    }
    if let Some(level) = stats.best_question_level() {
        let l = stats.levels[level as usize];
        let count = l.questions + l.followed_by_label;
        // `# Capitals` over `Q:` / `A:` cards: more question labels than
        // headings, so the labels start the entries.
        if count >= finer.max(1) && count >= stats.paragraph_questions {
            shape.marker = Marker::QuestionHeading;
            shape.level = Some(level);
            return count;
        }
    }
    if finer > 0 {
        shape.heading_questions = stats.heading_questions();
        shape.marker = if stats.details == finer {
            Marker::Details
        } else if bold == finer {
            Marker::BoldParagraph
        } else {
            Marker::ListItem
        };
        return finer;
    }
    if stats.labels[0] > 0 {
        shape.marker = Marker::Label;
        return stats.labels[0];
    }
    if stats.plain_questions_win() {
        shape.marker = Marker::ListItem;
        shape.plain_questions = true;
        return stats.asking_items;
    }
    if let Some(level) = stats.card_level() {
        shape.marker = Marker::HeadingCard;
        shape.level = Some(level);
        return stats.levels[level as usize].headings;
    }
    0
}

impl Stats {
    /// Inline flashcards, in a file that says it holds cards or has
    /// several, at least as many as the finer questions and the question
    /// headings.
    fn cards_win(&self, finer: u32) -> bool {
        let headings = self.best_question_level().map_or(0, |l| {
            let l = self.levels[l as usize];
            l.questions + l.followed_by_label
        });
        self.cards > 0 && (self.card_signal || self.cards >= 3) && self.cards >= finer.max(headings)
    }

    /// A list of questions in plain text: five or more top-level items
    /// that ask, more than the headings a deck would make of the document.
    fn plain_questions_win(&self) -> bool {
        let cards = self
            .card_level()
            .map_or(0, |l| self.levels[l as usize].headings);
        self.asking_items >= PLAIN_QUESTIONS && self.asking_items > cards
    }

    /// The level with the most question headings (ties: the shallower).
    fn best_question_level(&self) -> Option<u8> {
        (1..=6u8)
            .map(|l| (l, self.levels[l as usize]))
            .filter(|(_, s)| s.questions + s.followed_by_label > 0)
            .max_by(|a, b| {
                let ka = a.1.questions + a.1.followed_by_label;
                let kb = b.1.questions + b.1.followed_by_label;
                ka.cmp(&kb).then(b.0.cmp(&a.0))
            })
            .map(|(l, _)| l)
    }

    /// Where finer entries (bold paragraphs, list items) make the marker:
    /// the level of the question headings between them, when at least two
    /// headings there ask and they are most of the level's headings (a
    /// level of section titles that now and then end in `?` is not one).
    fn heading_questions(&self) -> Option<u8> {
        let level = self.best_question_level()?;
        let l = self.levels[level as usize];
        (l.questions >= 2 && l.questions * 2 >= l.headings).then_some(level)
    }

    /// Flashcard decks (mdanki, Md2Anki): the most common heading level
    /// below the title's, with at least two headings.
    fn card_level(&self) -> Option<u8> {
        let title = self.first_heading?;
        let title_alone = self.levels[title as usize].headings <= 1;
        let below = if title_alone { title + 1 } else { title };
        (below..=6)
            .map(|l| (l, self.levels[l as usize]))
            .filter(|(_, s)| s.headings >= 2 || s.card_ids >= 1)
            .map(|(l, s)| (l, s.headings))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(l, _)| l)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    Fence { ch: u8, len: usize },
    Comment,
}

/// The line pass.
pub(crate) fn scan(text: &str, labels: &LabelMatcher) -> Stats {
    let mut stats = Stats::default();
    let mut state = State::Normal;
    let mut pos = front_matter_end(text);
    stats.card_signal = text[..pos].lines().any(crate::cards::is_card_key);
    // The previous line was blank (or a heading): a paragraph starts here.
    let mut para_start = true;
    // A heading whose next non-blank line may be a label.
    let mut pending: Option<u8> = None;
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &text[pos..end];
        pos = end + 1;
        state = match state {
            State::Fence { ch, len } => {
                if closes_fence(line, ch, len) {
                    State::Normal
                } else {
                    state
                }
            }
            State::Comment => {
                if line.contains("-->") {
                    State::Normal
                } else {
                    state
                }
            }
            State::Normal => {
                let next = stats.line(line, labels, para_start, &mut pending);
                para_start = line.trim().is_empty() || is_heading(line).is_some();
                if para_start && stats.settled() {
                    break;
                }
                next
            }
        };
    }
    stats
}

impl Stats {
    /// One line outside fences and comments; returns the state after it.
    fn line(
        &mut self,
        line: &str,
        labels: &LabelMatcher,
        para_start: bool,
        pending: &mut Option<u8>,
    ) -> State {
        self.after_stem(line, labels);
        if !self.card_signal && crate::cards::is_card_signal(line) {
            self.card_signal = true;
        }
        if std::mem::take(&mut self.asking_item) {
            let t = line.trim_start();
            if labels
                .match_at(t, 0, t.len(), Place::Paragraph, 0)
                .is_some_and(|m| m.kind != SectionKind::Question)
            {
                self.list += 1;
            }
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent >= 4 {
            *pending = None;
            return State::Normal;
        }
        let rest = &line[indent..];
        let Some(&first) = rest.as_bytes().first() else {
            return State::Normal;
        };
        match first {
            b'`' | b'~' => {
                if let Some((ch, len)) = opens_fence(rest) {
                    *pending = None;
                    return State::Fence { ch, len };
                }
            }
            b'#' => {
                if let Some(level) = is_heading(rest) {
                    self.heading(rest, level, labels, pending);
                    return State::Normal;
                }
            }
            b'<' => {
                if rest.starts_with("<!--") && !rest[4..].contains("-->") {
                    return State::Comment;
                }
                let label = self.html(rest, labels);
                if let Some(level) = pending.take() {
                    if label {
                        self.levels[level as usize].followed_by_label += 1;
                    }
                }
                return State::Normal;
            }
            _ => {}
        }
        if first == b'>' && is_solution_quote(rest) {
            self.challenges += 1;
        }
        let label = self.label(rest, labels, Place::Paragraph);
        if let Some(level) = pending.take() {
            if label {
                self.levels[level as usize].followed_by_label += 1;
            }
        }
        if !label {
            self.question_line(rest, labels, para_start);
            if crate::cards::inline_card(rest).is_some() || crate::cards::is_side_break(rest) {
                self.cards += 1;
            }
        }
        State::Normal
    }

    /// A line of text that is no label: a bold or numbered question, a
    /// list question, or a list item that may become one.
    fn question_line(&mut self, rest: &str, labels: &LabelMatcher, para_start: bool) {
        if para_start && bold_question(rest).is_some() {
            self.bold_lines += 1;
            self.bold_example.get_or_insert_with(|| example(rest));
        }
        if para_start && numbered_question(rest).is_some() {
            self.numbered_paras += 1;
        } else if para_start && bold_asks(rest) {
            self.bold += 1;
        } else if is_list_question(rest, labels) {
            self.list += 1;
        } else {
            self.asking_item = list_item_content(rest).is_some_and(asks);
            if self.asking_item && !rest.starts_with([' ', '\t']) {
                self.asking_items += 1;
            }
            if is_choice_stem(rest) {
                self.choice_stem = STEM_REACH;
            }
        }
    }

    /// A line after a plain numbered item: options there (a bullet item or
    /// a lettered line) make the item a choice question. Options follow
    /// their stem within a few lines (its own second line, blank lines, a
    /// code block, which this pass does not see line by line); another
    /// list item or a heading ends the wait.
    fn after_stem(&mut self, line: &str, labels: &LabelMatcher) {
        if self.choice_stem == 0 {
            return;
        }
        let option = |t: &str| opens_option(t) || is_true_false(t);
        let t = line.trim();
        // `A: …` in a bank of `Q:` / `A:` cards is a label, not an option.
        if labels
            .match_at(t, 0, t.len(), Place::Paragraph, 0)
            .is_some()
        {
            self.choice_stem = 0;
        } else if bullet_content(t).is_some_and(option)
            || (!t.starts_with(['-', '+']) && opens_option(t))
        {
            self.list += 1;
            self.choice_stem = 0;
        } else if list_item_content(t).is_some() || t.starts_with('#') {
            self.choice_stem = 0;
        } else {
            self.choice_stem -= 1;
        }
    }

    /// Count a label at the start of `s`; whether there was one.
    fn label(&mut self, s: &str, labels: &LabelMatcher, place: Place) -> bool {
        let s = s.strip_prefix('>').map_or(s, str::trim_start);
        let Some(m) = labels.match_at(s, 0, s.len(), place, 0) else {
            return false;
        };
        let k = kind_index(m.kind);
        self.labels[k] = self.labels[k].saturating_add(1);
        if m.kind == SectionKind::Question && place == Place::Paragraph {
            self.paragraph_questions += 1;
        }
        true
    }

    fn heading(&mut self, rest: &str, level: u8, labels: &LabelMatcher, pending: &mut Option<u8>) {
        let content = heading_content(rest, level);
        if let Some(p) = pending.take() {
            if labels
                .match_at(content, 0, content.len(), Place::Heading, 0)
                .is_some()
            {
                self.levels[p as usize].followed_by_label += 1;
            }
        }
        if self.label(content, labels, Place::Heading) {
            return;
        }
        self.first_heading.get_or_insert(level);
        // `# [146. LRU Cache](https://…)`: a title, not an entry.
        if level == 1 && content.starts_with('[') {
            return;
        }
        self.examples[level as usize].get_or_insert_with(|| example(rest));
        let l = &mut self.levels[level as usize];
        l.headings += 1;
        let plain = strip_tags(content);
        if card_id(plain).is_some() {
            l.card_ids += 1;
        }
        {
            if let Some(m) = split_number(plain) {
                l.numbered += 1;
                let first = if m.chinese {
                    &mut self.first_chinese
                } else {
                    &mut self.first_numbered
                };
                first.get_or_insert(level);
            }
        }
        if asks(plain) {
            l.questions += 1;
        } else {
            *pending = Some(level);
        }
    }

    /// An HTML line: a `<summary>` is a question or a label. Whether it
    /// was a label.
    fn html(&mut self, rest: &str, labels: &LabelMatcher) -> bool {
        let Some(summary) = summary_text(rest) else {
            return false;
        };
        if reveals_only(&summary) {
            // What it hides is the answer.
            self.labels[1] = self.labels[1].saturating_add(1);
            true
        } else if summary_label(&summary, labels) {
            // Counted as a label of its kind.
            self.label(summary_words(&summary), labels, Place::Heading)
        } else {
            self.details += 1;
            false
        }
    }

    /// Whether the rest of the text can no longer change the decision: the
    /// sample's shape, numbered headings with labels, seen three times with
    /// nothing finer between them. Lets the pass stop after a few entries
    /// of a large bank.
    fn settled(&self) -> bool {
        self.first_numbered
            .is_some_and(|l| self.levels[l as usize].numbered >= 3)
            && self.details + self.bold + self.list == 0
            && self.labels.iter().all(|&n| n >= LABELS_ENOUGH)
    }
}

/// A line cut to 60 characters, for a hint.
fn example(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_owned(),
    }
}

/// A way of writing entries that a document without entries nearly
/// follows, and the `qbank.toml` setting that would read it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NearMiss {
    /// How many places look like entries.
    pub count: u32,
    /// What they are: `headings at level 3`.
    pub what: String,
    /// The first of them, as written (cut to 60 characters).
    pub example: String,
    /// The `qbank.toml` lines that read them as entries.
    pub setting: String,
}

impl NearMiss {
    /// `3 headings at level 2 look like `## 数据预处理``.
    #[must_use]
    pub fn looks_like(&self) -> String {
        let verb = if self.count == 1 { "looks" } else { "look" };
        format!("{} {verb} like `{}`", self.what, self.example)
    }

    /// The setting on one line: `[entries] level = 2`.
    #[must_use]
    pub fn setting_line(&self) -> String {
        self.setting.replace('\n', " ")
    }
}

/// One way of reading a document's entries that its text supports: the
/// marker (and heading level) and how many entries it would start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// What would start an entry.
    pub marker: Marker,
    /// The heading level, for heading markers.
    pub level: Option<u8>,
    /// How many entries the scan counted for it.
    pub count: u32,
}

/// The readings the scan of `text` supports, most entries first: the one
/// [`detect`] chose is among them, and the next is its runner-up.
pub(crate) fn readings(text: &str, labels: &LabelMatcher) -> Vec<Reading> {
    let stats = scan(text, labels);
    let read = |marker, level, count| Reading {
        marker,
        level,
        count,
    };
    let mut out = Vec::new();
    if let Some(level) = stats.first_numbered.or(stats.first_chinese) {
        let count = stats.levels[level as usize].numbered;
        out.push(read(Marker::NumberedHeading, Some(level), count));
    }
    if let Some(level) = stats.best_question_level() {
        let l = stats.levels[level as usize];
        let count = l.questions + l.followed_by_label;
        out.push(read(Marker::QuestionHeading, Some(level), count));
    }
    if let Some(level) = stats.card_level() {
        let count = stats.levels[level as usize].headings;
        out.push(read(Marker::HeadingCard, Some(level), count));
    }
    for (marker, count) in [
        (Marker::Details, stats.details),
        (Marker::BoldParagraph, stats.bold + stats.numbered_paras),
        (Marker::ListItem, stats.list),
        (Marker::Label, stats.labels[0]),
        (Marker::Challenge, stats.challenges),
        (Marker::InlineCard, stats.cards),
    ] {
        out.push(read(marker, None, count));
    }
    out.retain(|r| r.count > 0);
    out.sort_by_key(|r| std::cmp::Reverse(r.count));
    out
}

/// The ways of writing entries that `text` nearly follows, most frequent
/// first (for documents in which no entry was found).
pub(crate) fn near_misses(text: &str, labels: &LabelMatcher) -> Vec<NearMiss> {
    let stats = scan(text, labels);
    let mut out = Vec::new();
    let title = stats
        .first_heading
        .filter(|&l| stats.levels[l as usize].headings <= 1);
    for level in 1..=6u8 {
        let n = stats.levels[level as usize].headings;
        if n == 0 || Some(level) == title {
            continue;
        }
        if let Some(example) = &stats.examples[level as usize] {
            out.push(NearMiss {
                count: n,
                what: format!(
                    "{n} heading{} at level {level}",
                    if n == 1 { "" } else { "s" }
                ),
                example: example.clone(),
                setting: format!("[entries]\nlevel = {level}\nnumbered = false"),
            });
        }
    }
    if let Some(example) = &stats.bold_example {
        let n = stats.bold_lines;
        out.push(NearMiss {
            count: n,
            what: format!("{n} paragraph{} in bold", if n == 1 { "" } else { "s" }),
            example: example.clone(),
            setting: "[entries]\nmarker = \"bold-paragraph\"".to_owned(),
        });
    }
    out.sort_by_key(|n| std::cmp::Reverse(n.count));
    out
}

fn kind_index(kind: SectionKind) -> usize {
    match kind {
        SectionKind::Question => 0,
        SectionKind::Answer => 1,
        SectionKind::Analysis => 2,
    }
}

/// The end of a front matter block at the top of `text` (0 when none):
/// `---` … `---` (or `...`) for YAML, `+++` … `+++` for TOML.
pub(crate) fn front_matter_end(text: &str) -> usize {
    let delim = if text.starts_with("---\n") {
        "---"
    } else if text.starts_with("+++\n") {
        "+++"
    } else {
        return 0;
    };
    let mut pos = 4;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == delim || (delim == "---" && line == "...") {
            return (end + 1).min(text.len());
        }
        if !metadata_line(line) {
            // A thematic break and Markdown, not front matter.
            return 0;
        }
        pos = end + 1;
    }
    0
}

/// A line that may stand in YAML or TOML front matter: blank, indented,
/// a comment, a list item, a `[table]`, or `key: value` / `key = value`.
fn metadata_line(line: &str) -> bool {
    let key_len = line
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'"'))
        .count();
    line.trim().is_empty()
        || line.starts_with([' ', '\t', '#', '-', '['])
        || (key_len > 0 && line[key_len..].trim_start().starts_with([':', '=']))
}

/// The level of an ATX heading line (after its indentation).
pub(crate) fn is_heading(line: &str) -> Option<u8> {
    let rest = line.trim_start_matches(' ');
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && matches!(rest.as_bytes().get(hashes), None | Some(b' ' | b'\t')))
        .then_some(hashes as u8)
}

/// A heading line's text: no `#`s, closing sequence or `{#id}`.
fn heading_content(line: &str, level: u8) -> &str {
    let s = line.trim_start_matches(' ')[level as usize..].trim();
    &s[..crate::heading_id::heading_text(s).0]
}

/// Leading inline HTML tags (`<a name="x"></a>`) removed.
pub(crate) fn strip_tags(s: &str) -> &str {
    let mut s = s;
    while s.starts_with('<') {
        match s.find('>') {
            Some(i) => s = s[i + 1..].trim_start(),
            None => break,
        }
    }
    s
}

/// Whether a heading's or a bold text's plain text asks a question: it ends
/// in `?` or `？`, after trailing emoji, difficulty marks, `*` and blanks.
pub(crate) fn asks(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '`' | ')' | ']') || is_mark(c)
    });
    t.ends_with('?') || t.ends_with('？')
}

/// Words that open a question or a request for one, compared ignoring
/// ASCII case at the start of a title (a word boundary after the Latin
/// ones).
const ASKING_STARTS: [&str; 40] = [
    "what",
    "why",
    "how",
    "when",
    "which",
    "who",
    "where",
    "explain",
    "describe",
    "compare",
    "define",
    "discuss",
    "list",
    "name",
    "give",
    "¿",
    "qu'est",
    "pourquoi",
    "comment",
    "expliquez",
    "décrivez",
    "что",
    "как",
    "почему",
    "зачем",
    "опишите",
    "объясните",
    "什么",
    "为什么",
    "为何",
    "如何",
    "怎么",
    "怎样",
    "请",
    "简述",
    "说明",
    "谈谈",
    "介绍",
    "比较",
    "列举",
];

/// Polite request endings that ask for an answer (`…教えてください。`,
/// `…설명하세요.`).
const ASKING_ENDS: [&str; 6] = ["ください", "ですか", "ますか", "세요", "니까", "나요"];

/// Whether a title asks in words, not by its `?`: it opens with an
/// interrogative or a request (`Explain …`, `什么是…`, `Опишите …`) or ends
/// with a polite request (`…を教えてください。`). Used only where the
/// document's other titles at that level ask: alone it says too little.
pub(crate) fn asks_in_words(text: &str) -> bool {
    let t = text.trim();
    let end = t.trim_end_matches(['。', '.', '!', '！', ' ']);
    if ASKING_ENDS.iter().any(|e| end.ends_with(e)) {
        return true;
    }
    ASKING_STARTS.iter().any(|w| {
        t.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
            && (!w.is_ascii() || !t[w.len()..].starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// Emoji and symbols that decorate a title (`👶`, `⭐️`, `🟢`).
pub(crate) fn is_mark(c: char) -> bool {
    let u = c as u32;
    (0x2190..=0x2BFF).contains(&u)
        || (0x1F000..=0x1FAFF).contains(&u)
        || matches!(u, 0x200D | 0xFE0F | 0x20E3)
}

/// The text inside `<summary>…</summary>` on this line, tags removed.
pub(crate) fn summary_text(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = lower[start..]
        .find("</summary>")
        .map_or(line.len(), |i| start + i);
    let mut out = String::new();
    let mut in_tag = false;
    for c in line[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out.trim().to_owned())
}

/// A summary's words without the marks before them (`🔍`) or
/// "show"/"查看" in front: `查看答案` → `答案`, `🔍 Reveal Answer` → `Answer`.
pub(crate) fn summary_words(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || is_mark(c));
    let s = s.trim();
    for prefix in ["点击查看", "点击显示", "查看", "显示", "展开"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.trim_start();
        }
    }
    for prefix in ["show ", "view ", "see ", "reveal ", "click to see "] {
        if s.len() > prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            return s[prefix.len()..].trim_start();
        }
    }
    s
}

/// Whether a summary's text is a section label (`答案`, `查看答案`,
/// `Answer`, `Explanation`), or only asks to reveal what it hides.
pub(crate) fn summary_label(summary: &str, labels: &LabelMatcher) -> bool {
    let s = summary_words(summary);
    labels.match_at(s, 0, s.len(), Place::Heading, 0).is_some() || reveals_only(summary)
}

/// A summary that only asks to reveal what it hides (`show`, `🔍 Reveal`,
/// `Click to expand`, `展开`): what it hides is the answer.
pub(crate) fn reveals_only(summary: &str) -> bool {
    const REVEAL: [&str; 14] = [
        "show",
        "reveal",
        "expand",
        "toggle",
        "spoiler",
        "click",
        "click to show",
        "click to reveal",
        "click to expand",
        "show me",
        "展开",
        "点击展开",
        "显示",
        "查看",
    ];
    let end = ['.', '…', ':', '：', '!', ' '];
    let raw = summary
        .trim_matches(|c: char| c.is_whitespace() || is_mark(c))
        .trim_end_matches(end);
    let words = summary_words(summary).trim_end_matches(end);
    let reveal = |s: &str| s.len() <= 16 && REVEAL.iter().any(|w| w.eq_ignore_ascii_case(s));
    // `展开` is all prefix: nothing is left of it as words.
    (words.is_empty() && !raw.is_empty()) || reveal(raw) || reveal(words)
}

/// A paragraph's first line that makes it a question: wholly bold
/// (`**What is regression? 👶**`, punctuation after allowed), or bold
/// starting with an entry number (`**1)** …`, `**2) Factorial**.`).
#[cfg(test)]
fn is_bold_question(line: &str) -> bool {
    bold_question(line).is_some()
}

/// A bold question line that asks (`?`) or is numbered: what makes a
/// document one of bold questions (then every [`is_bold_question`] line is
/// one, `**Precision-recall trade-off ⭐️**` too).
fn bold_asks(line: &str) -> bool {
    bold_question(line)
        .is_some_and(|(s, e, _)| asks(&line[s..e]) || split_number(&line[s..e]).is_some())
}

/// A flashcard id at the end of a heading's text: `Question (66b3661f-…)`,
/// `Deck (3714486828)`. Returns the id and where the title before it ends.
pub(crate) fn card_id(title: &str) -> Option<(&str, usize)> {
    let t = title.trim_end();
    let inner_end = t.strip_suffix(')')?.len();
    let open = t[..inner_end].rfind('(')?;
    let id = &t[open + 1..inner_end];
    let hexish = id.len() >= 6
        && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && id.bytes().any(|b| b.is_ascii_digit());
    hexish.then_some((id, t[..open].trim_end().len()))
}

/// The bold part of a bold question line: `(inner_start, inner_end,
/// bold_end)` in bytes of `line`.
pub(crate) fn bold_question(line: &str) -> Option<(usize, usize, usize)> {
    let marker = if line.starts_with("**") {
        b'*'
    } else if line.starts_with("__") {
        b'_'
    } else {
        return None;
    };
    let bytes = line.as_bytes();
    let close = memchr::memchr_iter(marker, &bytes[2..])
        .map(|i| i + 2)
        .find(|&i| bytes.get(i + 1) == Some(&marker) && i > 2)?;
    let inner = &line[2..close];
    if inner.trim().is_empty() || inner.starts_with(char::is_whitespace) {
        return None;
    }
    let after = line[close + 2..].trim_end();
    let after = after
        .strip_suffix("<br>")
        .or(after.strip_suffix("<br/>"))
        .unwrap_or(after);
    let whole = after
        .trim()
        .chars()
        .all(|c| matches!(c, '.' | ':' | '：' | '?' | '？' | '。') || is_mark(c));
    let numbered = split_number(inner).is_some();
    // `**Example 1:**`, `**Constraints**:`: a caption, not a question.
    let caption =
        inner.trim_end().ends_with([':', '：']) || after.trim_start().starts_with([':', '：']);
    ((whole && !caption) || numbered).then_some((2, close, close + 2))
}

/// A paragraph's first line that starts with an entry number, not as a
/// list marker (`1、`, `1．`, `第1题`, `Q1:`), and asks: `1、什么是进程？`.
pub(crate) fn numbered_question(line: &str) -> Option<crate::number::NumberMatch> {
    let m = split_number(line)?;
    // `1. ` and `1) ` open list items, not paragraphs.
    let list = matches!(
        m.separator,
        crate::model::NumberSeparator::Dot | crate::model::NumberSeparator::Paren
    ) && line[m.digits.1..].starts_with(['.', ')'])
        && line[m.digits.1 + 1..].starts_with([' ', '\t']);
    (!list)
        .then_some(m)
        .filter(|m| asks(&line[m.title_start..]))
}

/// A list item that holds a question: `- **Question:** …`,
/// `1. **What is X?** …`, `- [问题？](link)`.
pub(crate) fn is_list_question(line: &str, labels: &LabelMatcher) -> bool {
    let Some(content) = list_item_content(line) else {
        return false;
    };
    if let Some(m) = labels.match_at(content, 0, content.len(), Place::Paragraph, 0) {
        return m.kind == SectionKind::Question;
    }
    // `34. ### What are the lifecycle methods?`: a heading in the item.
    if let Some(level) = is_heading(content) {
        return asks(heading_content(content, level));
    }
    if let Some(text) = question_link(content) {
        return asks(text);
    }
    if card_question(content).is_some() {
        return true;
    }
    match bold_inner(content) {
        Some(inner) => asks(inner),
        None => false,
    }
}

/// A Logseq card: a list item's text tagged `#card` at its end (`- What
/// is X? #DevOps #card`), its child items the answer. The length of the
/// question before the trailing tags.
pub(crate) fn card_question(content: &str) -> Option<usize> {
    let mut end = content.trim_end().len();
    let mut card = false;
    while let Some((at, blank)) = content[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
    {
        let word = &content[at + blank.len_utf8()..end];
        let Some(tag) = word.strip_prefix('#') else {
            break;
        };
        card |= tag.eq_ignore_ascii_case("card");
        end = content[..at].trim_end().len();
    }
    (card && end > 0).then_some(end)
}

#[cfg(test)]
mod card_tests {
    use super::card_question;

    #[test]
    fn cards_end_in_tags() {
        assert_eq!(card_question("What is X? #k8s #card"), Some(10));
        assert_eq!(card_question("What is X?\u{3000}#card"), Some(10));
        assert_eq!(card_question("What is X? #k8s"), None);
        assert_eq!(card_question("#card"), None);
        assert_eq!(card_question("a\u{a0}#card\u{3000}"), Some(1));
    }
}

/// A plain numbered item (`1. 题干`, not bold, a link or a heading).
fn is_choice_stem(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit())
        && list_item_content(line)
            .is_some_and(|c| !c.trim().is_empty() && !c.starts_with(['*', '_', '[', '#', '<']))
}

/// Words of a heading that opens a solution (compared as letters only,
/// lower case).
const SOLUTION_WORDS: [&str; 10] = [
    "solution",
    "solutions",
    "answer",
    "answers",
    "lösung",
    "solución",
    "solução",
    "解答",
    "答案",
    "参考答案",
];

/// `> > ## Solution`: a title that opens a solution, in a quote within a
/// quote (or deeper: `> > > ### {% icon solution %} Solution` in a
/// question box within a hands-on box).
pub(crate) fn is_solution_quote(line: &str) -> bool {
    let (depth, rest) = quote_depth(line);
    depth >= 2 && is_solution_title(rest)
}

/// A line's quote depth (`> >    > text` is 3, indentation between the
/// marks allowed, as in a list item within a quote) and its text after
/// the marks.
pub(crate) fn quote_depth(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('>') {
        depth += 1;
        rest = r.trim_start();
    }
    (depth, rest)
}

/// `## Solution`: a heading whose words open a solution; in the Galaxy
/// Training Network's boxes, `<solution-title></solution-title>` or `###
/// {% icon solution %} Solution`.
pub(crate) fn is_solution_title(line: &str) -> bool {
    if tag_title(line, "solution").is_some() {
        return true;
    }
    let Some(text) = box_title(line) else {
        return false;
    };
    let words: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    SOLUTION_WORDS.contains(&words.as_str())
}

/// The title line of a box in a block quote (the text after its `>`): a
/// heading (`## Tracing Execution`, The Carpentries), its text without a
/// leading Liquid tag (`### {% icon question %} Questions`, the Galaxy
/// Training Network's older boxes), or the Network's `<question-title>…
/// </question-title>` (its text, often empty).
pub(crate) fn box_title(line: &str) -> Option<&str> {
    if let Some(title) = tag_title(line, "question") {
        return Some(title);
    }
    let text = atx_text(line)?;
    Some(
        match text.strip_prefix("{%").and_then(|r| r.split_once("%}")) {
            Some((_, rest)) => rest.trim(),
            None => text,
        },
    )
}

/// `<NAME-title>text</NAME-title>` alone on a line: the text.
fn tag_title<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.trim().strip_prefix('<')?.strip_prefix(name)?;
    let rest = rest.strip_prefix("-title")?;
    let rest = rest.strip_prefix('>').or_else(|| {
        // Attributes: `<question-title level="3">`.
        rest.starts_with(' ')
            .then(|| rest.split_once('>').map(|(_, r)| r))?
    })?;
    let inner = rest
        .strip_suffix('>')?
        .strip_suffix("-title")?
        .strip_suffix(name)?;
    inner.strip_suffix("</").map(str::trim)
}

/// A bullet item's text after its marker, task box kept (`[x] 中华文明`).
fn bullet_content(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(['-', '*', '+'])?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// The content of a list item's first line (after `- `, `1. `).
pub(crate) fn list_item_content(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker_end = if digits > 0 {
        (digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')'))).then_some(digits + 1)?
    } else {
        matches!(bytes.first(), Some(b'-' | b'*' | b'+')).then_some(1)?
    };
    if !matches!(bytes.get(marker_end), Some(b' ' | b'\t')) {
        return None;
    }
    let start = skip_blanks(line, marker_end);
    let content = &line[start..];
    // A task list item's box is not content.
    let content = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| content.strip_prefix(b))
        .unwrap_or(content);
    Some(content)
}

/// `[text](…)` at the start of `s`: the text.
pub(crate) fn link_text(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find("](")?;
    Some(&rest[..close])
}

/// A link that may be a question: not one to an anchor of the same page
/// (`[What is X?](#what-is-x)` is a table of contents).
pub(crate) fn question_link(s: &str) -> Option<&str> {
    let text = link_text(s)?;
    let target = &s[1 + text.len() + 2..];
    (!target.starts_with('#')).then_some(text)
}

/// The text of an ATX heading line (`### What is X? ###` → `What is X?`).
pub(crate) fn atx_text(line: &str) -> Option<&str> {
    is_heading(line).map(|level| heading_content(line, level))
}

/// `**text**` at the start of `s`: the text.
pub(crate) fn bold_inner(s: &str) -> Option<&str> {
    let marker = if s.starts_with("**") {
        "**"
    } else if s.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let close = s[2..].find(marker)? + 2;
    Some(&s[2..close])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;

    fn shape(text: &str) -> Shape {
        detect(
            text,
            &LabelMatcher::new(&Labels::default()),
            &EntriesConfig::default(),
        )
    }

    #[test]
    fn shapes() {
        let s = shape("# T\n\n#### 1. 标题\n\n**题目：** q\n\n**答案：** a\n");
        assert_eq!((s.marker, s.level), (Marker::NumberedHeading, Some(4)));
        assert_eq!((s.question, s.answer), (Origin::Label, Origin::Label));
        let s = shape("# T\n\n## 3. What is a mutex?\n**Answer:** A lock.\n");
        assert_eq!(
            (s.marker, s.question),
            (Marker::NumberedHeading, Origin::Marker)
        );
        let s = shape("# T\n\n## 基础\n\n### 什么是 LoRA？\nLoRA 冻结。\n\n### 为什么？\n是。\n");
        assert_eq!((s.marker, s.level), (Marker::QuestionHeading, Some(3)));
        assert_eq!(s.answer, Origin::Marker);
        let s = shape("<details>\n<summary><b>What?</b></summary>\n\nx\n</details>\n");
        assert_eq!(s.marker, Marker::Details);
        let s = shape("# T\n\n**What is regression? 👶**\n\nIt is.\n\n**Bias** is x.\n");
        assert_eq!(s.marker, Marker::BoldParagraph);
        let s = shape("# T\n\n- [问题一？](http://x)\n- [问题二？](http://y)\n");
        assert_eq!(s.marker, Marker::ListItem);
        let s = shape("Q: a\nA: b\n\n---\n\nQ: c\nA: d\n");
        assert_eq!(s.marker, Marker::Label);
        let s = shape("# Deck\n\n## Front 1\n\nBack 1\n\n## Front 2\n\nBack 2\n");
        assert_eq!((s.marker, s.level), (Marker::HeadingCard, Some(2)));
        let s = shape("```\n## 1. no\n```\n");
        assert_eq!(s.marker, Marker::None);
        let s = shape("---\ntitle: x\n---\n# T\n");
        assert_eq!(s.marker, Marker::None);
    }

    #[test]
    fn bold_questions() {
        assert!(is_bold_question("**What is regression? 👶**"));
        assert!(is_bold_question("**1)** The number of ads."));
        assert!(is_bold_question("**2) Factorial**. Calculate"));
        assert!(is_bold_question("**1. 什么是 Token？**"));
        assert!(!is_bold_question("**Bias** is the error"));
        assert!(!is_bold_question("** x**"));
        assert!(!is_bold_question("**Example 1:**"));
        assert!(!is_bold_question("**Constraints**:"));
    }
}
