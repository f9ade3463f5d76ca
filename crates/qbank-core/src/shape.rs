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

use crate::line::ask::{
    asks, bold_asks, bold_question, card_id, is_choice_stem, is_list_question, numbered_question,
};
use crate::line::fence::{closes_fence, opens_fence};
use crate::line::labels::{LabelMatcher, Place};
use crate::line::number::split_number;
use crate::line::option::{is_true_false, opens_option};
use crate::line::reveal::{
    is_solution_quote, reveals_only, summary_label, summary_text, summary_words,
};
use crate::line::ws::Trim;
use crate::line::{bullet_content, heading_content, is_heading, list_item_content, strip_tags};
use crate::model::{Marker, Origin, SectionKind, Shape};

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
    /// `highlight-cloze`: `true` reads `==answer==` as a cloze in every
    /// file, `false` in none (unset: in files tagged for Obsidian's
    /// flashcard plugins).
    pub highlight_cloze: Option<bool>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Level {
    headings: u32,
    numbered: u32,
    questions: u32,
    followed_by_label: u32,
    /// Headings ending in a flashcard id: `## Question (66b3661f-…)`.
    card_ids: u32,
    /// Headings with a deeper heading under them (before the next heading
    /// at their level or above): sections, not flashcards.
    nested: u32,
    /// Headings that ask in words, not by a `?` (`Explain …`, `什么是…`):
    /// they count toward the share of question headings (see
    /// [`QUESTION_SHARE`]), not toward the entries that decide the shape.
    worded: u32,
    /// Lines of text and code in these headings' sections (not blank, no
    /// heading or HTML): a deck's cards are a few lines each, a lesson's
    /// sections many.
    lines: u32,
    /// Headings whose section holds an answer or analysis label (`A: …`,
    /// a `## Solution` heading after it at its level, a `<details>` that
    /// reveals): exercises among a lesson's sections.
    labelled: u32,
    /// Headings that name a kind of question (`### 选择题`): an exam's
    /// sections, never cards.
    kinds: u32,
    /// Headings whose text an earlier heading at their level already had
    /// (`##### 题目描述` under each problem): a template's sub-headings,
    /// never cards, which each have a front of their own.
    repeats: u32,
}

/// What the line pass counts.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    levels: [Level; 7],
    labels: [u32; 3],
    /// Question labels outside headings (`Q:`, `**题目：**`).
    paragraph_questions: u32,
    /// The shallowest heading that is a question label (`## 面试题`).
    question_heading_label: Option<u8>,
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
    /// A line of mdanki tags (`[#recursion](./recursion.md)`): the file is
    /// an mdanki deck, whatever the length of its cards.
    tag_links: bool,
    /// The clozes the document writes: a paragraph that holds one is a
    /// card (Obsidian's flashcard plugins, Anki's `{{c1::…}}`).
    cloze: crate::line::blank::Syntax,
    /// The clozes the document's tags ask for.
    tagged: crate::Cloze,
    /// Per level: a heading there is open (no heading at its level or
    /// above since), and whether a deeper one was already counted in it.
    open: [(bool, bool); 7],
    /// Per level: the hashes of the heading texts seen, up to
    /// [`SEEN_HEADINGS`] of them ([`Level::repeats`]).
    seen: [std::collections::HashSet<u64>; 7],
    /// Per level: the open heading there has been counted as labelled.
    answered: [bool; 7],
    /// Paragraphs that start wholly in bold (questions or not), and the
    /// first of them.
    bold_lines: u32,
    bold_example: Option<String>,
}

/// How many heading texts per level are remembered to find repeated ones
/// ([`Level::repeats`]): enough for any deck's sub-headings, and a bound
/// on the scan's memory.
const SEEN_HEADINGS: usize = 4096;

/// How many plain list items that ask make a list of questions of a
/// document that has no other shape.
const PLAIN_QUESTIONS: u32 = 5;

/// Question headings make the entries only where more than one heading in
/// this many at their level is one: a lesson or an article whose sections
/// now and then ask (`## How do large language models work?` among `##
/// Introduction`, `## Learning goals`, `## Assignment`) is no bank.
const QUESTION_SHARE: u32 = 3;

/// How many lines of text a heading's section holds on average, at least,
/// in a lesson (a flashcard deck's cards hold a few).
const LESSON_LINES: u32 = 6;

/// How many lines after a numbered stem its options may start (its own
/// second line, blank lines around a code block).
const STEM_REACH: u8 = 4;

/// How many of each label kind must have been seen before the pass may
/// stop early (see [`Stats::settled`]).
const LABELS_ENOUGH: u32 = 3;

/// Where a large document's shape is first decided before the end of the
/// pass: at 1 MiB, then at each doubling (see [`Checkpoints`]).
const FIRST_CHECKPOINT: usize = 1 << 20;

/// How many checkpoints in a row must decide alike for the pass to stop.
const CHECKPOINTS_ALIKE: u32 = 3;

/// A large document's shape decided at 1, 2, 4 MiB …: when three in a row
/// decide alike (and find entries), the rest of the document is taken to
/// continue as its first megabytes do, and the pass stops. Banks are
/// written in one layout; a 40 MB exam paper is decided after its first 4
/// MiB, a tenth of the pass (the reference layout settles sooner still, by
/// [`Stats::settled`]). A document of a few megabytes or less is always
/// scanned whole, and an appendix in another form changes the decision only
/// where it outweighs the entries before it, which the counts would not
/// let it do in a document this long either.
struct Checkpoints {
    next: usize,
    last: Option<Shape>,
    alike: u32,
}

impl Checkpoints {
    fn new() -> Self {
        Checkpoints {
            next: FIRST_CHECKPOINT,
            last: None,
            alike: 0,
        }
    }

    /// At a paragraph's start at byte `pos`: whether the pass may stop.
    fn settled(&mut self, pos: usize, stats: &Stats) -> bool {
        if pos < self.next {
            return false;
        }
        self.next = self.next.saturating_mul(2);
        let mut shape = Shape::default();
        if marker(stats, &mut shape) == 0 {
            self.last = None;
            self.alike = 0;
            return false;
        }
        let now = decide(stats);
        let same = self.last.as_ref().is_some_and(|last| alike(last, &now));
        self.alike = if same { self.alike + 1 } else { 1 };
        self.last = Some(now);
        self.alike >= CHECKPOINTS_ALIKE
    }
}

/// Whether two decisions read a document alike: the same shape but for the
/// labels counted so far.
fn alike(a: &Shape, b: &Shape) -> bool {
    Shape {
        labels: b.labels,
        ..a.clone()
    } == *b
}

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
    shape.cloze = crate::fill::configured(stats.tagged, config.highlight_cloze);
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
        // Question headings under a question label's heading (`## 面试题`,
        // then `### 为什么…` in its `## 面试题剖析`) are parts of the
        // labelled entry's answer.
        let under_label = stats.question_heading_label.is_some_and(|q| q < level);
        if count >= finer.max(1)
            && count >= stats.paragraph_questions
            && !under_label
            && (count + l.worded).saturating_mul(QUESTION_SHARE) > l.headings
        {
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
    if let Some(count) = heading_cards(stats, shape) {
        return count;
    }
    0
}

/// Heading cards (7.8 of `docs/format.md`), the last resort: at the level
/// [`Stats::card_level`] gives (or, in a lesson, [`Stats::labelled_level`]);
/// how many entries they start, `Some(0)` for a lesson that is no deck,
/// `None` when no level fits.
fn heading_cards(stats: &Stats, shape: &mut Shape) -> Option<u32> {
    let level = stats.card_level().or_else(|| stats.labelled_level())?;
    let l = stats.levels[level as usize];
    let article = stats.card_level().is_none() || l.lines >= LESSON_LINES * l.headings;
    // An article of long sections, none answered and nothing saying it
    // holds cards, is no deck: its sections are its text.
    let deck = stats.card_signal || stats.tag_links || l.card_ids >= 1;
    if article && l.labelled == 0 && !deck {
        return Some(0);
    }
    shape.marker = Marker::HeadingCard;
    shape.level = Some(level);
    // Some headings answered and others not, in an article (its
    // sections hold sub-sections, or run long): the answered ones are
    // exercises, the others the text of a lesson around them. In a
    // deck of short cards, a card that labels its answer is one card
    // among the others.
    if article && l.labelled >= 1 && l.labelled < l.headings {
        shape.labelled_only = true;
        return Some(l.labelled);
    }
    Some(l.headings)
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
    /// below the title's, with at least two headings, where cards hold no
    /// deeper headings (at most one in ten may) unless their headings carry
    /// card ids: a level whose headings hold sub-headings is an article's
    /// sections (`## Errors`, `### 错误栈丢失`), and reading it as cards
    /// would make one entry per section.
    fn card_level(&self) -> Option<u8> {
        self.card_level_any().filter(|&l| {
            let s = self.levels[l as usize];
            s.card_ids >= 1 || s.nested.saturating_mul(10) <= s.headings
        })
    }

    /// Where a document's headings hold sub-headings (no flashcard deck),
    /// the level [`Stats::card_level`] would take when some of its
    /// headings are answered: exercises among a lesson's sections.
    fn labelled_level(&self) -> Option<u8> {
        self.card_level_any()
            .filter(|&l| self.levels[l as usize].labelled >= 1)
    }

    /// [`Stats::card_level`] whether or not the cards hold sub-headings:
    /// the reading `qbank inspect` offers as the runner-up.
    fn card_level_any(&self) -> Option<u8> {
        let title = self.first_heading?;
        let title_alone = self.levels[title as usize].headings <= 1;
        let below = if title_alone { title + 1 } else { title };
        (below..=6)
            .map(|l| (l, self.levels[l as usize]))
            // A level of repeated sub-headings (half or more of them) is
            // a template's; headings naming kinds of question are an
            // exam's sections: neither are cards.
            .filter(|(_, s)| s.repeats.saturating_mul(2) < s.headings)
            .map(|(l, s)| (l, s, s.headings.saturating_sub(s.kinds)))
            .filter(|(_, s, cards)| *cards >= 2 || s.card_ids >= 1)
            .map(|(l, _, cards)| (l, cards))
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
    stats.card_signal = text[..pos].lines().any(crate::line::cards::is_card_key);
    stats.tagged = crate::fill::tagged(text);
    stats.cloze = crate::fill::syntax(stats.tagged);
    // The previous line was blank (or a heading): a paragraph starts here.
    let mut para_start = true;
    // A heading whose next non-blank line may be a label.
    let mut pending: Option<u8> = None;
    let mut checkpoints = Checkpoints::new();
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
                    stats.text_line();
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
                para_start = line.trim_ws().is_empty() || is_heading(line).is_some();
                if para_start && (stats.settled() || checkpoints.settled(pos, &stats)) {
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
        if !self.card_signal && crate::line::cards::is_card_signal(line) {
            self.card_signal = true;
        }
        self.after_asking_item(line, labels);
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
        self.text_line();
        if first == b'[' && !self.tag_links && crate::line::cards::is_tag_links(rest) {
            self.tag_links = true;
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
            if crate::line::cards::inline_card(rest).is_some()
                || crate::line::cards::is_side_break(rest)
                || (para_start && crate::line::blank::is_cloze_paragraph(rest, self.cloze))
            {
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
        let t = line.trim_ws();
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

    /// A heading at `level`: the open headings above it hold a deeper one;
    /// those at its level and below close.
    fn nest(&mut self, level: u8) {
        let level = usize::from(level).min(6);
        for l in 1..level {
            let (open, counted) = &mut self.open[l];
            if *open && !*counted {
                *counted = true;
                self.levels[l].nested += 1;
            }
        }
        for l in level..7 {
            self.open[l] = (false, false);
            self.answered[l] = false;
        }
        self.open[level] = (true, false);
    }

    /// The line after a plain list item that asks: an answer label there
    /// makes the item a list question. A blank line between them keeps the
    /// item waiting for it.
    fn after_asking_item(&mut self, line: &str, labels: &LabelMatcher) {
        let waits = self.asking_item && line.trim_ws().is_empty();
        if !waits && std::mem::take(&mut self.asking_item) {
            let t = line.trim_start_ws();
            if labels
                .match_at(t, 0, t.len(), Place::Paragraph, 0)
                .is_some_and(|m| m.kind != SectionKind::Question)
            {
                self.list += 1;
            }
        }
    }

    /// A line of text or code (not blank, no heading or HTML): the open
    /// headings' sections are that much longer.
    fn text_line(&mut self) {
        for l in 1..7 {
            if self.open[l].0 {
                self.levels[l].lines = self.levels[l].lines.saturating_add(1);
            }
        }
    }

    /// An answer label: the open headings at `upto` and above hold one.
    fn answered(&mut self, upto: u8) {
        for l in 1..=usize::from(upto).min(6) {
            if self.open[l].0 && !self.answered[l] {
                self.answered[l] = true;
                self.levels[l].labelled += 1;
            }
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
        if m.kind != SectionKind::Question && place == Place::Paragraph {
            self.answered(6);
        }
        true
    }

    fn heading(&mut self, rest: &str, level: u8, labels: &LabelMatcher, pending: &mut Option<u8>) {
        let content = heading_content(rest, level);
        let label = labels
            .match_at(content, 0, content.len(), Place::Heading, 0)
            .map(|m| m.kind);
        // `## Solution` answers the heading it follows at its level.
        if label.is_some_and(|k| k != SectionKind::Question) {
            self.answered(level);
        }
        self.nest(level);
        if let Some(p) = pending.take() {
            if label.is_some() {
                self.levels[p as usize].followed_by_label += 1;
            }
        }
        if label == Some(SectionKind::Question) {
            let l = self.question_heading_label.get_or_insert(level);
            *l = (*l).min(level);
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
        let plain = strip_tags(content);
        let repeated = self.seen_before(level, plain);
        let l = &mut self.levels[level as usize];
        l.headings += 1;
        l.repeats += u32::from(repeated);
        if crate::line::kind_name::names_kind(plain) {
            l.kinds += 1;
        }
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
            if crate::line::ask::asks_in_words(plain) {
                l.worded += 1;
            }
            *pending = Some(level);
        }
    }

    /// Whether a heading at `level` had the text `plain` before (counted
    /// among the first [`SEEN_HEADINGS`] at that level).
    fn seen_before(&mut self, level: u8, plain: &str) -> bool {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let Some(seen) = self.seen.get_mut(level as usize) else {
            return false;
        };
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(plain.trim_ws());
        if seen.contains(&hash) {
            return true;
        }
        if seen.len() < SEEN_HEADINGS {
            seen.insert(hash);
        }
        false
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
            self.answered(6);
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
    let line = line.trim_ws();
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
    if let Some(level) = stats.card_level_any() {
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
        // A template's repeated sub-headings (`### 题目描述` under each
        // problem) are not what its entries are written as.
        let template = stats.levels[level as usize].repeats.saturating_mul(2) >= n;
        if n == 0 || Some(level) == title || template {
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
        let end = crate::line::line_end(text, pos, text.len());
        let line = text[pos..end].trim_end_ws();
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
    line.trim_ws().is_empty()
        || line.starts_with([' ', '\t', '#', '-', '['])
        || (key_len > 0 && line[key_len..].trim_start_ws().starts_with([':', '=']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::labels::Labels;

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
        // Sections with sub-sections: an article, not a deck (unless the
        // headings carry card ids).
        let article = "# Errors\n\n## Types\n\nFour.\n\n### Stack\n\nLost.\n\n## Domain\n\nOld.\n";
        assert_eq!(shape(article).marker, Marker::None);
        let ids = article.replace("## Types", "## Types (66b3661f-e22e)");
        assert_eq!(shape(&ids).marker, Marker::HeadingCard);
        let s = shape("```\n## 1. no\n```\n");
        assert_eq!(s.marker, Marker::None);
        let s = shape("---\ntitle: x\n---\n# T\n");
        assert_eq!(s.marker, Marker::None);
    }

    /// An exam paper of `n` numbered items, each with its options and key.
    fn exam(n: usize) -> String {
        let mut text = String::from("# 试卷\n\n## 一、单选题\n\n");
        for i in 1..=n {
            text.push_str(&format!(
                "{i}. 下列哪一项是第 {i} 题的答案（ ）。\n   A. 甲\n   B. 乙\n   C. 丙\n   D. 丁\n   答案：B\n   解析：乙。\n\n"
            ));
        }
        text
    }

    #[test]
    fn a_long_document_is_decided_on_its_first_megabytes() {
        let labels = LabelMatcher::new(&Labels::default());
        let long = exam(80_000);
        assert!(long.len() > 8 << 20);
        let stats = scan(&long, &labels);
        // Stopped after 4 MiB, with the decision the whole text gives.
        let before = long[..4 << 20].matches("答案：").count();
        let seen = stats.labels[1] as usize;
        assert!(
            (before..before + 2).contains(&seen),
            "{seen} keys seen, {before} before 4 MiB"
        );
        assert_eq!(shape(&long).marker, Marker::ListItem);
        // Short documents are counted whole.
        let short = exam(5_000);
        assert!(short.len() < 1 << 20);
        assert_eq!(scan(&short, &labels).labels[1], 5_000);
    }

    #[test]
    fn a_decision_that_changes_keeps_the_pass_going() {
        let labels = LabelMatcher::new(&Labels::default());
        // 1.5 MiB of exam items, then sections of numbered headings: the
        // decisions at 1 and 2 MiB differ, so the pass reads on.
        let mut text = exam(10_000);
        let block = "## 1. 标题\n\n**题目：** 问\n\n**答案：** 答\n\n";
        let mut written = 0;
        while text.len() < 5 << 20 {
            text.push_str(block);
            written += 1;
        }
        let stats = scan(&text, &labels);
        // The written headings and the section's `## 一、单选题`.
        assert_eq!(stats.levels[2].headings, written + 1);
    }

    #[test]
    fn a_lesson_whose_sections_now_and_then_ask_is_no_bank() {
        let prose = "A line.\nAnother.\nA third.\nA fourth.\n\nMore text.\nAnd more.\nStill more.\nThe end.\n";
        let lesson = format!(
            "# L\n\n## Introduction\n\n{prose}\n## Goals\n\n{prose}\n\
             ## How does it work?\n\n{prose}\n## Assignment\n\n{prose}\n\
             ## Check\n\nWhich is right?\n\n1. a\n1. b\n\nA: 2, because.\n"
        );
        // Short sections: a deck, whose one labelled card is one card.
        let short = lesson.replace(prose, "Text.\n");
        assert!(!shape(&short).labelled_only);
        let lesson = lesson.as_str();
        let s = shape(lesson);
        assert_eq!((s.marker, s.level), (Marker::HeadingCard, Some(2)));
        assert!(s.labelled_only);
        // Headings that ask in words count toward the share.
        let bank = "# B\n\n## Intro\n\n## Explain closures\n\nA.\n\n\
                    ## Describe hoisting\n\nB.\n\n## What is this?\n\nC.\n\n## Links\n";
        let s = shape(bank);
        assert_eq!((s.marker, s.level), (Marker::QuestionHeading, Some(2)));
    }

    #[test]
    fn a_deck_with_one_labelled_card_keeps_its_cards() {
        let deck = "# Deck\n\n## Stack\n\nLast in, first out.\n\n## Queue\n\n\
                    A: first in, first out.\n\n## Heap\n\nA tree kept in order.\n";
        let s = shape(deck);
        assert_eq!(s.marker, Marker::HeadingCard);
        assert!(!s.labelled_only);
    }
}
