//! Answer keys apart from the questions: a section at the end of a document
//! (`## Answer Key`, `## 参考答案`, `## Solucionario`) that answers the
//! entries above by number — `1. B`, `2) **c)** Porque …`, `1-5 BCADB`,
//! `1.B 2.C 3.A`, `| 1 | B |` — in groups where the numbering restarts
//! (a sub-heading per section, named as the section is, or in the order of
//! the sections).
//!
//! The key is found before the first entry is read: it is looked for from
//! the end of the text (only its headings are looked at), so that
//! [`crate::parse_each`] still hands out each entry as soon as it is read.
//!
//! Written by hand: key lines come in a few fixed forms of numbers and
//! letters, read line by line, and no Markdown library reads "a numbered
//! key" as anything.

use crate::line::ws::Trim;
use crate::model::{AnswerKey, Block, Entry, KeyItem, Kind, Label, LabelStyle, Section};
use crate::model::{SectionKind, Span};

/// The words of a heading that opens an answer key (compared after
/// dropping numbering, markup and spaces, ignoring case).
const KEY_HEADINGS: [&str; 30] = [
    "answerkey",
    "answerkeys",
    "answers",
    "answersheet",
    "solutions",
    "solutionkey",
    "key",
    "keytoquestions",
    "respuestas",
    "solucionario",
    "soluciones",
    "clavederespuestas",
    "réponses",
    "corrigé",
    "corrigés",
    "lösungen",
    "antworten",
    "respostas",
    "gabarito",
    "ответы",
    "答案",
    "参考答案",
    "答案与解析",
    "答案及解析",
    "参考答案与解析",
    "参考答案及解析",
    "答案解析",
    "答案速查",
    "正解",
    "정답",
];

/// The answer key at the end of `text`, if there is one: a key heading
/// that no heading of its level or above follows, with at least two
/// numbered key lines under it.
pub(crate) fn find(text: &str) -> Option<AnswerKey> {
    let (heading, level) = key_heading(text)?;
    let items = read_items(text, heading.end as usize, level);
    (items.len() >= 2).then(|| AnswerKey {
        span: Span::new(
            heading.start as usize,
            text.trim_end_ws().len().max(heading.end as usize),
        ),
        heading,
        items,
    })
}

/// The last heading of the text that opens a key, looked for from the end;
/// `None` when a heading of its level or above comes after it, or when
/// headings of its words stand above it too (`#### 答案` under every
/// entry is a label, not a key).
fn key_heading(text: &str) -> Option<(Span, u8)> {
    let mut end = text.len();
    // The shallowest heading level seen below the candidate so far.
    let mut below = u8::MAX;
    loop {
        // Only lines that start with `#` can be headings: jump between them
        // (a byte search: a two-byte pattern searched backwards is slower;
        // memchr's, vectorised, costs a tenth of `str::rfind`'s on a 40 MB
        // exam paper with no key).
        let mut start = memchr::memrchr(b'#', &text.as_bytes()[..end])?;
        // `####`: step back over the run of marks, not one search each.
        let bytes = text.as_bytes();
        while start > 0 && bytes[start - 1] == b'#' {
            start -= 1;
        }
        end = start;
        if start > 0 && text.as_bytes()[start - 1] != b'\n' {
            continue;
        }
        let line = text[start..].split('\n').next().unwrap_or("");
        if let Some(level) = crate::line::is_heading(line) {
            if level < below && is_key_heading(line) {
                let repeated = headings(&text[..start])
                    .any(|l| crate::line::is_heading(l).is_some() && is_key_heading(l));
                let span = Span::new(start, start + line.trim_end_ws().len());
                return (!repeated).then_some((span, level));
            }
            below = below.min(level);
            if below == 1 {
                return None;
            }
        }
        if start == 0 {
            return None;
        }
    }
}

/// The lines of a text that start with `#`.
fn headings(text: &str) -> impl Iterator<Item = &str> {
    let first = text.starts_with('#').then_some(0);
    first
        .into_iter()
        .chain(text.match_indices("\n#").map(|(i, _)| i + 1))
        .map(|i| text[i..].split('\n').next().unwrap_or(""))
}

/// Whether a heading line names an answer key.
fn is_key_heading(line: &str) -> bool {
    let Some(content) = crate::line::atx_text(line) else {
        return false;
    };
    let content = match crate::line::number::split_number(content) {
        Some(m) if m.chinese || m.title_start > 0 => &content[m.title_start..],
        _ => content,
    };
    let words = flat(content);
    KEY_HEADINGS.iter().any(|k| *k == words)
}

/// Letters and digits only, lower case (`## **Answer Key**` → `answerkey`).
pub(crate) fn flat(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key lines under the key heading, with the group each stands in.
fn read_items(text: &str, from: usize, level: u8) -> Vec<KeyItem> {
    let mut items: Vec<KeyItem> = Vec::new();
    let mut group: Option<String> = None;
    let mut run = 0u32;
    let mut pos = from;
    for line in text[from..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let line = line.trim_end_ws();
        if let Some(l) = crate::line::is_heading(line) {
            if l > level {
                group = crate::line::atx_text(line)
                    .map(|t| crate::line::strip_tags(t).trim_ws().to_owned());
                run += 1;
            }
            continue;
        }
        let found = key_line(line, start);
        for (number, answer) in found {
            // Numbering that starts again without a heading: a new group.
            if group.is_none()
                && items
                    .last()
                    .is_some_and(|i| i.group.is_none() && number <= i.number && i.run == run)
            {
                run += 1;
            }
            items.push(KeyItem {
                group: group.clone(),
                run,
                number,
                letters: letters_of(answer.slice(text)),
                answer,
            });
        }
    }
    items
}

/// The numbered answers on one key line: `1. B`, `- 2) **c)** text`,
/// `**3.** A`, `| 4 | D |`, `1-5 BCADB`, `1.B 2.C 3.A`.
fn key_line(line: &str, start: usize) -> Vec<(u64, Span)> {
    let lead = line.len() - line.trim_start_ws().len();
    let mut s = &line[lead..];
    for marker in ["- ", "* ", "+ ", "> "] {
        s = s.strip_prefix(marker).unwrap_or(s);
    }
    let s = s.trim_start_ws();
    let at = |sub: &str| start + (sub.as_ptr() as usize - line.as_ptr() as usize);
    if let Some(row) = table_row(s) {
        return row
            .map(|(n, cell)| vec![(n, Span::new(at(cell), at(cell) + cell.len()))])
            .unwrap_or_default();
    }
    if let Some(run) = letter_run(s) {
        return run
            .into_iter()
            .map(|(n, l)| (n, Span::new(at(l), at(l) + l.len())))
            .collect();
    }
    let Some((number, rest)) = leading_number(s) else {
        return Vec::new();
    };
    // Several short keys on one line: `1.B 2.C 3.A`.
    let pairs = several(rest, number);
    if pairs.len() > 1 {
        return pairs
            .into_iter()
            .map(|(n, l)| (n, Span::new(at(l), at(l) + l.len())))
            .collect();
    }
    let answer = rest.trim_ws();
    if answer.is_empty() {
        return Vec::new();
    }
    vec![(number, Span::new(at(answer), at(answer) + answer.len()))]
}

/// `12. rest`, `12) rest`, `12、rest`, `12: rest`, `**12.** rest`: the
/// number and the rest.
fn leading_number(s: &str) -> Option<(u64, &str)> {
    let bold = s.starts_with("**");
    let s = s.strip_prefix("**").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let number = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    let sep = [".", ")", "、", ":", "：", "．", "）"]
        .iter()
        .find(|p| rest.starts_with(**p))?;
    let mut rest = &rest[sep.len()..];
    if bold {
        rest = rest.strip_prefix("**")?;
    }
    // `1.5 seconds` is a number, not a key line.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((number, rest))
}

/// `1.B 2.C 3.A` after its first number: each number and its letters, when
/// the line is only such pairs, numbered in order.
fn several(rest: &str, first: u64) -> Vec<(u64, &str)> {
    let mut out = Vec::new();
    let mut number = first;
    let mut words = rest.split_whitespace().peekable();
    let mut pending: Option<&str> = words.next();
    while let Some(word) = pending.take() {
        if !is_letters(word) {
            return Vec::new();
        }
        out.push((number, word));
        match words.next() {
            None => break,
            Some(next) => match leading_number(next) {
                Some((n, tail)) if n == number + 1 => {
                    number = n;
                    pending = if tail.is_empty() {
                        words.next()
                    } else {
                        Some(tail)
                    };
                }
                _ => return Vec::new(),
            },
        }
    }
    out
}

/// `1-5 BCADB`, `1～5：BCADB`, `6—10 ABDCA`: a range and one letter per
/// number.
fn letter_run(s: &str) -> Option<Vec<(u64, &str)>> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let first: u64 = s.get(..digits)?.parse().ok()?;
    let rest = &s[digits..];
    let dash = ["-", "–", "—", "～", "~"]
        .iter()
        .find(|d| rest.starts_with(**d))?;
    let rest = &rest[dash.len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let last: u64 = rest.get(..digits)?.parse().ok()?;
    let letters = rest[digits..]
        .trim_start_matches([':', '：', ' ', '.', '、'])
        .trim_end_ws();
    let count = usize::try_from(last.checked_sub(first)? + 1).ok()?;
    let ok = letters.len() == count && letters.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| {
        (0..count)
            .map(|i| (first + i as u64, &letters[i..=i]))
            .collect()
    })
}

/// `| 4 | D |` or `| 4 | D | because … |`: the number and the answer
/// cells; `Some(None)` for a table's header or rule.
fn table_row(s: &str) -> Option<Option<(u64, &str)>> {
    let inner = s.strip_prefix('|')?.trim_end_ws().strip_suffix('|')?;
    let mut cells = inner.split('|').map(str::trim);
    let number = cells.next()?;
    let answer = cells.next()?;
    let number = number
        .trim_start_matches(['Q', 'q'])
        .trim_end_matches(['.', ')']);
    Some(
        number
            .parse()
            .ok()
            .filter(|_| !answer.is_empty())
            .map(|n| (n, answer)),
    )
}

/// Whether a word is a key's letters alone: `B`, `AC`, `b)`, `(B)`, `√`.
fn is_letters(word: &str) -> bool {
    let letters = letters_of(word);
    !letters.is_empty() && letters.concat().len() + 3 >= word.len()
}

/// The option letters an answer opens with: `B`, `A, C`, `ACD`, `b)`,
/// `**b)** text`, `(B) text`; empty when it opens with words (`A good
/// reason`, `Because …`).
pub(crate) fn letters_of(answer: &str) -> Vec<String> {
    let s = answer
        .trim_ws()
        .trim_start_matches("**")
        .trim_start_matches(['(', '（']);
    // A lower-case letter stands alone: `b)`, `b.`, `**b)**`.
    if let Some(c) = s.chars().next().filter(|c| matches!(c, 'a'..='j')) {
        let after = &s[1..];
        let alone = after.is_empty() || after.starts_with([')', '）', '.', '*']);
        return if alone {
            vec![c.to_string()]
        } else {
            Vec::new()
        };
    }
    let separator = |c: char| matches!(c, ',' | '，' | '、' | '/' | ' ' | '&');
    let end = s
        .find(|c: char| !(matches!(c, 'A'..='J') || separator(c)))
        .unwrap_or(s.len());
    // The letters must end at a word's end: `A good reason`, `Because`.
    if s[end..].starts_with(char::is_alphanumeric) {
        return Vec::new();
    }
    let letters: Vec<String> = s[..end]
        .chars()
        .filter(|c| !separator(*c))
        .map(String::from)
        .collect();
    if letters.len() > 10 {
        return Vec::new();
    }
    letters
}

/// Count an entry's number into the numbering so far: the last number seen
/// and the runs begun (a number at or below the last begins the next run).
/// The assembler and [`AnswerKey::item_for_each`] count alike.
pub(crate) fn count_run(numbering: &mut (Option<u64>, u32), number: Option<u64>) {
    if let Some(n) = number {
        let (last, run) = numbering;
        if last.is_some_and(|last| n <= last) {
            *run += 1;
        }
        *last = Some(n);
    }
}

impl AnswerKey {
    /// The key's answer to each of a document's entries, in order (as the
    /// parse joined them).
    #[must_use]
    pub fn item_for_each<'k>(&'k self, entries: &[Entry]) -> Vec<Option<&'k KeyItem>> {
        let mut numbering = (None, 0);
        entries
            .iter()
            .map(|e| {
                count_run(&mut numbering, e.number);
                self.item_for(e, numbering.1)
            })
            .collect()
    }

    /// The key's answer to an entry: the item in the entry's group (a key
    /// sub-heading named as one of the entry's categories; or, in a key
    /// whose numbering restarts without headings, the `run`-th run) with the
    /// entry's number.
    #[must_use]
    pub fn item_for(&self, entry: &Entry, run: u32) -> Option<&KeyItem> {
        let number = entry.number?;
        let named = self.items.iter().any(|i| i.group.is_some());
        if named {
            let groups: Vec<String> = entry.category.iter().map(|c| flat(c)).collect();
            return self.items.iter().find(|i| {
                i.number == number
                    && i.group.as_ref().is_some_and(|g| {
                        let g = flat(g);
                        !g.is_empty() && groups.contains(&g)
                    })
            });
        }
        self.items
            .iter()
            .find(|i| i.number == number && i.run == run)
    }
}

/// Join an entry to its answer in the key: a choice entry's options named
/// by the key's letters are correct; an entry without an answer gets the
/// key's text as one. An entry whose own key or marks already say which
/// options are correct keeps them.
pub(crate) fn apply(key: &AnswerKey, run: u32, entry: &mut Entry) {
    let Some(item) = key.item_for(entry, run) else {
        return;
    };
    let labelled = entry.kind == Kind::Choice && entry.options.iter().all(|o| o.label.is_some());
    if labelled && !item.letters.is_empty() {
        if entry.options.iter().any(|o| o.correct) {
            return;
        }
        for o in &mut entry.options {
            let named = o
                .label
                .as_ref()
                .is_some_and(|l| item.letters.iter().any(|k| k.eq_ignore_ascii_case(l)));
            o.correct |= named;
        }
        return;
    }
    let answered = entry
        .section(SectionKind::Answer)
        .is_some_and(|s| !s.body.is_empty());
    if answered || item.answer.is_empty() {
        return;
    }
    entry.sections.retain(|s| s.kind != SectionKind::Answer);
    // In reading order: after the question, before any analysis (its span
    // is far below, in the key).
    let at = entry
        .sections
        .iter()
        .position(|s| s.kind > SectionKind::Answer)
        .unwrap_or(entry.sections.len());
    entry.sections.insert(at, key_section(item.answer));
}

/// An answer section that stands in the answer key.
fn key_section(body: Span) -> Section {
    let label = Label {
        text: String::new(),
        span: Span::new(body.start as usize, body.start as usize),
        name_span: Span::new(body.start as usize, body.start as usize),
        style: LabelStyle::Key,
        colon: None,
        colon_span: None,
    };
    Section {
        kind: SectionKind::Answer,
        label,
        span: body,
        body,
        blocks: vec![Block::Paragraph { span: body }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<(Option<String>, u64, String, String)> {
        find(text)
            .map(|k| {
                k.items
                    .iter()
                    .map(|i| {
                        (
                            i.group.clone(),
                            i.number,
                            i.letters.concat(),
                            i.answer.slice(text).to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn numbered_lines_under_a_key_heading() {
        let text = "# Quiz\n\n1. What?\n\n## Answer Key\n\n1. B\n2. **c)** Because.\n3) A, C\n";
        let got = items(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].2, "B");
        assert_eq!(got[1].2, "c");
        assert_eq!(got[1].3, "**c)** Because.");
        assert_eq!(got[2].2, "AC");
    }

    #[test]
    fn runs_and_rows_and_pairs() {
        let got = items("## 参考答案\n\n1-5 BCADB\n6.A 7.B 8.C\n| 9 | D |\n");
        let letters: Vec<String> = got.iter().map(|g| format!("{}{}", g.1, g.2)).collect();
        assert_eq!(
            letters,
            ["1B", "2C", "3A", "4D", "5B", "6A", "7B", "8C", "9D"]
        );
    }

    #[test]
    fn groups_by_sub_heading() {
        let got = items(
            "## Solucionario\n\n### Uno\n\n1. **b)** x\n2. a\n\n### Dos\n\n1. **c)** y\n2. d\n",
        );
        assert_eq!(got[2].0.as_deref(), Some("Dos"));
        assert_eq!(got[2].1, 1);
    }

    #[test]
    fn no_key_where_a_heading_of_its_level_follows() {
        assert!(find("## Answers\n\n1. B\n2. C\n\n## More questions\n").is_none());
        assert!(find("## Answers\n\n1. B\n").is_none());
        assert!(find("## Notes\n\n1. B\n2. C\n").is_none());
    }

    #[test]
    fn sentences_are_not_letters() {
        assert!(letters_of("A good reason").is_empty());
        assert!(letters_of("Because it scales").is_empty());
        assert_eq!(letters_of("B"), ["B"]);
        assert_eq!(letters_of("(B) because"), ["B"]);
        assert_eq!(letters_of("A、C"), ["A", "C"]);
    }
}
