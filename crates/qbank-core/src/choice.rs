//! Choice entries: the options under a question (a task list, lettered list
//! items, lettered lines of a paragraph, true/false pairs) and the correct
//! ones (checked boxes, bold options, the answer key `答案：B`, `Answer: A,
//! C`, `答案：×`), reconciled into [`ChoiceOption::correct`].
//!
//! Written by hand: option letters and keys come in a few fixed forms, and
//! they are read from the model's blocks, not from the Markdown again.

use crate::line::option::{
    Lettering, lettered_option, option_letter, parse_option, task_box, tf_word,
};
use crate::line::ws::Trim;
use crate::model::{Block, ChoiceOption, Entry, Kind, LabelStyle, List, SectionKind, Span};

/// Options the reading already made: a paragraph of lettered lines it read
/// as a list item's options, and what [`line_options`] gives for it (see
/// [`option_lines`]).
pub(crate) type Known = Option<(Span, Option<Vec<ChoiceOption>>)>;

/// Make `entry` a choice entry when its question holds options.
pub(crate) fn detect(text: &str, entry: &mut Entry, known: Known) {
    let options = question_options(text, entry, known)
        .or_else(|| answer_options(text, entry))
        .or_else(|| crate::choice_numbers::detect(text, entry));
    let key = answer_key(text, entry);
    let options = match (options, &key) {
        (Some(options), _) => options,
        // `答案：×` under a statement: a true/false entry.
        (None, Some(Key::TrueFalse(_, span, true))) => true_false_pair(text, *span),
        (None, _) => return,
    };
    entry.options = reconcile(options, key.as_ref());
    entry.kind = Kind::Choice;
}

/// Options in the question (or the preamble); the question's body then
/// stops before them when they end it.
fn question_options(text: &str, entry: &mut Entry, mut known: Known) -> Option<Vec<ChoiceOption>> {
    let question = entry
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Question);
    let blocks = match question {
        Some(i) => &entry.sections[i].blocks,
        None => &entry.preamble,
    };
    let (at, last, options) = blocks
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, b)| known_options(text, b, &mut known).map(|o| (i, i, o)))
        .or_else(|| paragraph_options(text, blocks))?;
    if let Some(i) = question {
        let section = &mut entry.sections[i];
        if last + 1 == section.blocks.len() {
            let cut = section.blocks[at].span().start as usize;
            // The options stay among the section's blocks (and in its
            // span), so that rules still see their list.
            if let Some(body) = crate::line::trim(text, section.body.start as usize, cut) {
                section.body = body;
            }
        }
    }
    Some(options)
}

/// Options written one per paragraph (`A. p.name`, a blank line, `B.
/// (&p).name`…): the last run of two or more paragraphs that are each one
/// lettered line, in order. Where the run starts and ends (block indexes),
/// and its options.
///
/// An option may also be a letter alone on its line with a code block under
/// it (`a.`, then ```` ```python ````…): the code is its text.
fn paragraph_options(text: &str, blocks: &[Block]) -> Option<(usize, usize, Vec<ChoiceOption>)> {
    let mut options = Vec::new();
    let mut end = blocks.len();
    let mut last = None;
    while end > 0 {
        let Some((len, option)) = paragraph_option(text, &blocks[..end]) else {
            // Trailing blocks after the options are not theirs to skip:
            // only the last run counts, as written at the end.
            if options.is_empty() && last.is_none() {
                end -= 1;
                continue;
            }
            break;
        };
        last.get_or_insert(end - 1);
        options.push(option);
        end -= len;
    }
    let last = last?;
    options.reverse();
    (options.len() >= 2 && labels_in_order(&options)).then_some((end, last, options))
}

/// The option that the blocks end with, one per paragraph: how many blocks
/// it takes (a lettered line; a bare letter and a code block) and the
/// option.
fn paragraph_option(text: &str, blocks: &[Block]) -> Option<(usize, ChoiceOption)> {
    // One lettered line (the letters' order is the run's to check).
    let line = |b: &Block| match b {
        Block::Paragraph { span } => {
            let line = span.slice(text).trim_ws();
            option_letter(line)?;
            let mut option = parse_option(line).filter(|o| o.label.is_some())?;
            option.span = *span;
            (!line.contains('\n')).then_some(option)
        }
        _ => None,
    };
    match blocks {
        [.., letter, Block::Code { span, .. }] => {
            let mut option = line(letter).filter(|o| o.text.is_empty())?;
            option.text = span.slice(text).to_owned();
            option.span = Span::new(letter.span().start as usize, span.end as usize);
            Some((2, option))
        }
        [.., last] => line(last).filter(|o| !o.text.is_empty()).map(|o| (1, o)),
        [] => None,
    }
}

/// Options that open an answer nobody labelled (the blocks under a heading
/// question). The answer keeps them as written: the options are read from
/// it, not moved.
fn answer_options(text: &str, entry: &Entry) -> Option<Vec<ChoiceOption>> {
    let answer = entry
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::Answer && s.label.style == LabelStyle::Implicit)?;
    options_of(text, answer.blocks.first()?)
}

/// Whether one of `blocks` is a list or paragraph of options.
pub(crate) fn holds_options(text: &str, blocks: &[Block]) -> bool {
    blocks.iter().any(|b| options_of(text, b).is_some())
}

/// Where options stand among the first blocks under a heading when a stem
/// comes first: one to three paragraphs or code blocks, then a block of
/// options. Options that open the blocks are an unlabelled answer's
/// ([`answer_options`]), not a stem's.
pub(crate) fn options_after_stem(text: &str, blocks: &[Block]) -> Option<usize> {
    let stem = blocks
        .iter()
        .take(3)
        .take_while(|b| {
            matches!(b, Block::Paragraph { .. } | Block::Code { .. })
                && options_of(text, b).is_none()
        })
        .count();
    (stem > 0 && options_of(text, blocks.get(stem)?).is_some()).then_some(stem)
}

/// The options a block holds, or `None`.
/// [`options_of`], taking the options the reading made for this block
/// when it made them.
fn known_options(text: &str, block: &Block, known: &mut Known) -> Option<Vec<ChoiceOption>> {
    let (span, lines) = match (block, known.take_if(|(s, _)| Some(*s) == para_span(block))) {
        (Block::Paragraph { span }, Some((_, lines))) => (*span, lines),
        _ => return options_of(text, block),
    };
    let options = lines.or_else(|| crate::mdx::question_options(text, span))?;
    (options.len() >= 2).then_some(options)
}

/// A paragraph's span.
fn para_span(block: &Block) -> Option<Span> {
    match block {
        Block::Paragraph { span } => Some(*span),
        _ => None,
    }
}

fn options_of(text: &str, block: &Block) -> Option<Vec<ChoiceOption>> {
    let options = match block {
        Block::List(list) => list_options(text, list)?,
        Block::Paragraph { span } => {
            line_options(text, *span).or_else(|| crate::mdx::question_options(text, *span))?
        }
        Block::Html { span } => crate::mdx::question_options(text, *span)?,
        _ => return None,
    };
    (options.len() >= 2).then_some(options)
}

/// A list whose items are all options: task items (`- [x] …`), lettered
/// items (`- A. …`), or a true/false pair.
fn list_options(text: &str, list: &List) -> Option<Vec<ChoiceOption>> {
    let mut options = Vec::with_capacity(list.items.len());
    let mut boxes = 0;
    for item in &list.items {
        let span = Span {
            start: item.marker.end,
            end: item.span.end,
        };
        let raw = span.slice(text).trim_ws();
        if raw.is_empty() {
            // An empty item (`-` alone) is no option; empty-list-item
            // reports it.
            continue;
        }
        let (checked, rest) = task_box(raw);
        boxes += usize::from(checked.is_some());
        let mut option = parse_option(rest)?;
        option.correct |= checked == Some(true);
        option.marked = option.correct;
        option.span = item.span;
        options.push(option);
    }
    let lettered = labels_in_order(&options);
    let true_false = options.len() == 2 && options.iter().all(|o| tf_word(&o.text).is_some());
    (boxes == options.len() || lettered || true_false).then_some(options)
}

/// The lines of a paragraph that all start with a letter (`A. 21` /
/// `B. 22`).
fn line_options(text: &str, span: Span) -> Option<Vec<ChoiceOption>> {
    let mut options = Vec::with_capacity(4);
    for (trimmed, at) in trimmed_lines(text, span) {
        if trimmed.is_empty() {
            continue;
        }
        // Every line must open with a letter.
        let mut option = lettered_option(trimmed).1?;
        option.label.as_ref()?;
        option.span = at;
        options.push(option);
    }
    labels_in_order(&options).then_some(options)
}

/// The lines of `span`, each trimmed, with the span from the line's start
/// to the trimmed text's end (an option's span).
fn trimmed_lines(text: &str, span: Span) -> impl Iterator<Item = (&str, Span)> {
    let mut pos = span.start as usize;
    crate::line::split_lines(span.slice(text)).map(move |line| {
        let start = pos;
        pos += line.len() + 1;
        let lead = line.len() - line.trim_start_ws().len();
        let trimmed = line[lead..].trim_end_ws();
        (trimmed, Span::new(start, start + lead + trimmed.len()))
    })
}

/// For the lettered lines a list item's stem may hold: whether
/// [`are_options`](crate::line::option::are_options) holds for them, and
/// what [`line_options`] makes of them, in one pass over the lines (the
/// reading asks the first and the assembly the second of the same lines:
/// asked apart, they cost 5% of an exam bank's parse, callgrind).
pub(crate) fn option_lines(text: &str, span: Span) -> (bool, Option<Vec<ChoiceOption>>) {
    let mut options = Some(Vec::with_capacity(4));
    let mut letters = Some(Lettering::new());
    let mut count = 0u32;
    for (trimmed, at) in trimmed_lines(text, span) {
        count = count.saturating_add(1);
        let (letter, option) = lettered_option(trimmed);
        match (letter, &mut letters) {
            (Some(l), Some(lettering)) => lettering.push(l),
            _ => letters = None,
        }
        if trimmed.is_empty() {
            continue;
        }
        match (option, &mut options) {
            (Some(mut o), Some(list)) if o.label.is_some() => {
                o.span = at;
                list.push(o);
            }
            _ => options = None,
        }
        if letters.is_none() && options.is_none() {
            break;
        }
    }
    let lettered = count >= 2 && letters.is_some_and(Lettering::in_order);
    let are = lettered || {
        let lines = crate::line::lines(span.slice(text)).map(|l| l.trim_ws());
        crate::line::option::are_options(lines)
    };
    (are, options.filter(|o| labels_in_order(o)))
}

/// Whether every option has a letter, lower-case ones in order
/// ([`Lettering`]).
fn labels_in_order(options: &[ChoiceOption]) -> bool {
    let mut letters = Lettering::new();
    for o in options {
        match o.label.as_deref().and_then(|l| l.chars().next()) {
            Some(l) => letters.push(l),
            None => return false,
        }
    }
    letters.in_order()
}

/// The answer key, when the answer section's first line is one.
#[derive(Debug)]
enum Key {
    /// Letters: `B`, `A, C`, `ACD`.
    Letters(Vec<String>),
    /// The marked letters of a list of them (`- A`, `- B - Correct`): a
    /// key over several lines, which the tools that read or rewrite a
    /// key line (`key_letters`, `opens_with_key`) leave alone.
    Marked(Vec<String>),
    /// `√` / `×`, `正确`, `False`: its value, where it stands, and whether
    /// it is unmistakably a key (a symbol or 正确/错误/True/False alone, not
    /// `对。`, which may just be a short answer).
    TrueFalse(bool, Span, bool),
}

fn answer_key(text: &str, entry: &Entry) -> Option<Key> {
    let answer = entry.section(SectionKind::Answer)?;
    let body = answer.body.slice(text);
    let first = body.split('\n').next()?;
    if let Some(letters) = key_line(body) {
        return Some(Key::Letters(letters));
    }
    if let Some(letters) = marked_letters(body) {
        return Some(Key::Marked(letters));
    }
    // A key is a few letters or one word: most answers are neither, and are
    // turned away before anything else is done.
    if first.len() > 48 {
        return None;
    }
    // `> AC`: a key in a block quote.
    let first = first.trim_ws().trim_start_matches(['>', ' ']);
    let first = first.strip_prefix("**").unwrap_or(first);
    let first = first.strip_suffix("**").unwrap_or(first).trim_ws();
    if let Some(v) = tf_word(first) {
        let strict = [
            "√", "✓", "✔", "×", "✗", "正确", "错误", "true", "false", "t", "f",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(first));
        return Some(Key::TrueFalse(v, answer.body, strict));
    }
    let letters = first.trim_end_matches(['.', '。']);
    let separator = |c: char| matches!(c, ',' | '，' | '、' | '/' | ' ' | ';' | '；');
    if !letters
        .chars()
        .all(|c| ('A'..='J').contains(&c) || separator(c))
    {
        return None;
    }
    let letters: Vec<String> = letters
        .chars()
        .filter(|c| !separator(*c))
        .map(String::from)
        .collect();
    (!letters.is_empty() && letters.len() <= 10).then_some(Key::Letters(letters))
}

/// A key written as the list of option letters with the correct ones
/// marked (`- A`, `- B - Correct`, `- C`; `- D ✓`): the marked letters.
/// `None` unless the answer opens with such a list, every item a letter,
/// and one is marked (what follows the list is not the key's).
fn marked_letters(body: &str) -> Option<Vec<String>> {
    let mut letters = Vec::new();
    let mut items = 0;
    for line in crate::line::lines(body) {
        let line = line.trim_ws();
        if line.is_empty() {
            continue;
        }
        let Some(item) = crate::line::list_item_content(line) else {
            if items == 0 {
                return None;
            }
            break;
        };
        items += 1;
        let item = item.trim_ws();
        let mut chars = item.chars();
        let letter = chars.next().filter(|c| ('A'..='J').contains(c))?;
        let rest = chars.as_str().trim_ws();
        let rest = rest.trim_start_matches(['-', '–', '—', ':', '(']).trim_ws();
        let rest = rest.trim_end_matches(')').trim_ws();
        if rest.is_empty() {
            continue;
        }
        let marked = rest.eq_ignore_ascii_case("correct") || ["✓", "✔", "✅", "√"].contains(&rest);
        if !marked {
            return None;
        }
        letters.push(letter.to_string());
    }
    (!letters.is_empty()).then_some(letters)
}

/// A key line that names itself, as the answer's first line of text after
/// any `<details>`/`<summary>` wrapper: `Correct Answer: AC`,
/// `✅ **Correct answer: A, B, D**`, `正确答案：B`, `#### ✅ Answer: C`. The
/// letters follow the words; nothing but the letters may.
fn key_line(body: &str) -> Option<Vec<String>> {
    const WORDS: [&str; 6] = [
        "correct answers",
        "correct answer",
        "answers",
        "answer",
        "正确答案",
        "答案",
    ];
    let line = crate::line::lines(body)
        .map(|l| l.trim_ws())
        .find(|l| !l.is_empty() && !is_wrapper_line(l))?;
    // A key line is short: most answers' first lines are turned away here,
    // before anything else is done (this runs for every entry).
    if line.len() > 80 {
        return None;
    }
    let s = line.trim_start_matches(['#', ' ', '>', '*', '_']);
    let s = s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start_ws();
    let word = WORDS.iter().find(|w| {
        s.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
    })?;
    let rest = s.get(word.len()..)?.trim_start_matches(['*', '_', ' ']);
    let rest = rest.strip_prefix([':', '：'])?;
    let rest = rest
        .trim_ws()
        .trim_end_matches(['*', '_', '.', '。'])
        .trim_ws();
    let separator = |c: char| matches!(c, ',' | '，' | '、' | '/' | ' ' | ';' | '；' | '&');
    let letters: Vec<String> = rest
        .trim_start_matches(['*', '_'])
        .chars()
        .filter(|c| !separator(*c))
        .map(String::from)
        .collect();
    let all_letters = letters
        .iter()
        .all(|l| l.len() == 1 && ('A'..='J').any(|c| l.starts_with(c)));
    (all_letters && !letters.is_empty() && letters.len() <= 10).then_some(letters)
}

/// A line that is only HTML wrapping: `<details>`, `<summary>…</summary>`.
fn is_wrapper_line(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    l.starts_with("<details") || l.starts_with("</details") || l.starts_with("<summary")
}

/// The two options of a statement answered by a true/false key.
fn true_false_pair(text: &str, key: Span) -> Vec<ChoiceOption> {
    let latin = key.slice(text).is_ascii();
    let (yes, no) = if latin {
        ("True", "False")
    } else {
        ("正确", "错误")
    };
    let at = Span {
        start: key.start,
        end: key.start,
    };
    [yes, no]
        .into_iter()
        .map(|t| ChoiceOption {
            label: None,
            text: t.to_owned(),
            correct: false,
            marked: false,
            span: at,
        })
        .collect()
}

/// Marks and key together: an option is correct when marked or named.
fn reconcile(mut options: Vec<ChoiceOption>, key: Option<&Key>) -> Vec<ChoiceOption> {
    match key {
        Some(Key::Letters(letters) | Key::Marked(letters)) => {
            for o in &mut options {
                let named = |l: &String| letters.iter().any(|k| k.eq_ignore_ascii_case(l));
                if o.label.as_ref().is_some_and(named) {
                    o.correct = true;
                }
            }
        }
        Some(Key::TrueFalse(value, _, _)) => {
            for o in &mut options {
                let says = tf_word(&o.text).or_else(|| o.label.as_deref().and_then(tf_word));
                if says == Some(*value) {
                    o.correct = true;
                }
            }
        }
        None => {}
    }
    options
}

/// Where an option's letter stands in the source (the `B` of `- [ ] B. …`,
/// `(B)`, `**B.**`), for tools that reletter options; `None` for an option
/// without a letter or not written out.
#[must_use]
pub fn label_span(text: &str, option: &ChoiceOption) -> Option<Span> {
    let label = option.label.as_deref()?;
    let source = text.get(option.span.range())?;
    let mut s = source.trim_start_ws();
    // A list item's marker: `-`, `*`, `+`, `1.`, `1)`.
    if let Some(rest) = s.strip_prefix(['-', '*', '+']) {
        s = rest;
    } else {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            if let Some(rest) = s[digits..].strip_prefix(['.', ')']) {
                s = rest;
            }
        }
    }
    s = task_box(s.trim_start_ws()).1;
    s = s.strip_prefix("**").unwrap_or(s);
    s = s
        .strip_prefix('(')
        .or_else(|| s.strip_prefix('（'))
        .unwrap_or(s);
    s.starts_with(label).then(|| {
        let at = option.span.start as usize + source.len() - s.len();
        Span::new(at, at + label.len())
    })
}

/// How to reletter a choice entry's options A, B, C… in order
/// ([`reletter`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reletter {
    /// The replacements, sorted: each option letter that changes, then the
    /// key's letters that change with them.
    pub edits: Vec<(Span, String)>,
    /// Whether the entry has a letter key.
    pub has_key: bool,
    /// Whether the edits keep what the entry says: no key, or a key whose
    /// every letter names one option and was relettered with it. Otherwise
    /// the key is left as written (which option it meant needs a human).
    pub safe: bool,
}

/// The letter of the option at `index`: A, B, C…
#[must_use]
pub fn expected_letter(index: usize) -> char {
    char::from(b'A' + (index as u8).min(25))
}

/// Whether an option's label is the letter `expected`, in either case.
#[must_use]
pub fn is_letter(label: &str, expected: char) -> bool {
    let mut chars = label.chars();
    chars
        .next()
        .is_some_and(|c| c.eq_ignore_ascii_case(&expected))
        && chars.next().is_none()
}

/// Reletter a choice entry's options A, B, C… in order, and its key with
/// them; `None` when an option has no letter or its letter cannot be found
/// in the source.
#[must_use]
pub fn reletter(text: &str, entry: &Entry) -> Option<Reletter> {
    let mut edits = Vec::new();
    let mut renamed: Vec<(&str, char)> = Vec::new();
    let mut unique = true;
    for (i, option) in entry.options.iter().enumerate() {
        let label = option.label.as_deref()?;
        let span = label_span(text, option)?;
        let expected = expected_letter(i);
        unique &= !renamed.iter().any(|(l, _)| *l == label);
        renamed.push((label, expected));
        if !is_letter(label, expected) {
            // Lower-case options stay lower-case.
            let expected = if label.starts_with(|c: char| c.is_ascii_lowercase()) {
                expected.to_ascii_lowercase()
            } else {
                expected
            };
            edits.push((span, expected.to_string()));
        }
    }
    let has_key = key_letters(text, entry).is_some();
    // A list of marked letters is not rewritten with the options.
    let mut safe = !matches!(answer_key(text, entry), Some(Key::Marked(_)));
    if has_key {
        match key_edits(text, entry, &renamed) {
            Some(key) if unique => edits.extend(key),
            _ => safe = false,
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    Some(Reletter {
        edits,
        has_key,
        safe,
    })
}

/// The key's letters relettered as `renamed` says; `None` when the key
/// names a letter that is no option's.
fn key_edits(text: &str, entry: &Entry, renamed: &[(&str, char)]) -> Option<Vec<(Span, String)>> {
    let body = entry.section(SectionKind::Answer)?.body;
    let line = body.slice(text).split('\n').next()?;
    let mut edits = Vec::new();
    for (at, c) in line.char_indices().filter(|(_, c)| ('A'..='J').contains(c)) {
        let new = renamed
            .iter()
            .find(|(l, _)| l.starts_with(c) && l.len() == 1)?
            .1;
        if new != c {
            let start = body.start as usize + at;
            edits.push((Span::new(start, start + 1), new.to_string()));
        }
    }
    Some(edits)
}

/// Whether a choice entry's answer section opens with its key (`答案：B`,
/// `×`): the line that a reader shown the options marked needs no more.
#[must_use]
pub fn opens_with_key(text: &str, entry: &Entry) -> bool {
    entry.kind == crate::Kind::Choice
        && answer_key(text, entry).is_some_and(|k| !matches!(k, Key::Marked(_)))
}

/// The letters of a choice entry's answer key (`答案：A、C` → `["A", "C"]`),
/// when its answer section opens with one.
#[must_use]
pub fn key_letters(text: &str, entry: &Entry) -> Option<Vec<String>> {
    match answer_key(text, entry)? {
        Key::Letters(letters) => Some(letters),
        Key::Marked(_) | Key::TrueFalse(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{key_line, marked_letters};

    #[test]
    fn lists_of_marked_letters() {
        let letters = |s: &str| marked_letters(s).map(|l| l.join(""));
        assert_eq!(letters("- A  \n- B - Correct  \n- C\n"), Some("B".into()));
        assert_eq!(
            letters("- A - Correct\n- B ✓\n- C\n\n__Next__\n"),
            Some("AB".into())
        );
        // No mark, a word where a letter stands, or text first: no key.
        assert_eq!(letters("- A\n- B\n"), None);
        assert_eq!(letters("- A - Correct\n- Because it scales\n"), None);
        assert_eq!(letters("It is B.\n- B - Correct\n"), None);
    }

    #[test]
    fn key_lines_that_name_themselves() {
        let letters = |s: &str| key_line(s).map(|l| l.join(""));
        assert_eq!(
            letters("<details><summary>Answer</summary>\n\nCorrect Answer: AC\n"),
            Some("AC".into())
        );
        assert_eq!(
            letters("#### **✅ Correct Answer: A, B, D**"),
            Some("ABD".into())
        );
        assert_eq!(letters("**正确答案：** B"), Some("B".into()));
        assert_eq!(letters("Answer: C."), Some("C".into()));
        // Words after the letters, or none: not a key line.
        assert_eq!(letters("Answer: A because it scales"), None);
        assert_eq!(letters("Correct Answer:"), None);
        assert_eq!(letters("The answer: depends"), None);
    }
}
