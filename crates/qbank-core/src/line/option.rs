//! Option lines: letters (`A.`, `(b)`, `**C.**`), task boxes, marks of the
//! correct option (`*b)`, `✓`), true/false words.

use crate::line::ws::Trim;
use crate::model::{ChoiceOption, Span};

/// The words of true/false options and keys: (word, true?).
pub(crate) const TRUE_FALSE: [(&str, bool); 14] = [
    ("正确", true),
    ("错误", false),
    ("对", true),
    ("错", false),
    ("√", true),
    ("✓", true),
    ("✔", true),
    ("×", false),
    ("✗", false),
    ("是", true),
    ("否", false),
    ("true", true),
    ("false", false),
    ("t", true),
];

/// Whether a list item's text (after its marker) opens as an option does:
/// a task box (`[x] …`) or an option letter (`A. …`, `(B) …`, `**C.** …`,
/// `*b. …` marked correct). Of the lower-case letters only `a` opens:
/// `e.g. …` or `i. …` start no options. Shared by the shape scan and the
/// parse.
pub(crate) fn opens_option(item_text: &str) -> bool {
    let s = item_text.trim_start_ws();
    task_box(s).0.is_some() || option_letter(s).is_some_and(|c| c.is_ascii_uppercase() || c == 'a')
}

/// The option letter that opens a text (after a list marker and any task
/// box), as written: `A. …`, `(b) …`, `**C.** …`, `**D. …**`, `*b. …`.
pub(crate) fn option_letter(s: &str) -> Option<char> {
    let s = unmark(task_box(s).1).1;
    if let Some((l, _)) = letter(s) {
        return Some(l);
    }
    // `**A. 人员**`: a bold option (its letter is not bold alone). Only
    // then is there a second reading: the reader asks this of every line
    // of a choice question, several times.
    let (l, _) = letter(s.strip_prefix("**")?)?;
    Some(l)
}

/// Whether a line is an option letter with nothing after it (`a.`, `*d.`,
/// `(B)`): an option whose text is the code block under it.
pub(crate) fn bare_letter(line: &str) -> bool {
    let s = unmark(line.trim_ws()).1;
    letter(s).is_some_and(|(_, rest)| rest.is_empty())
}

/// Whether a text is a true/false word alone (`正确`, `False`).
pub(crate) fn is_true_false(text: &str) -> bool {
    tf_word(text).is_some()
}

/// Whether list items' texts (after their markers) are options: two or
/// more lettered ones ([`Lettering`]), all task items, or a
/// true/false pair (`正确` / `错误`, `True` / `False`).
///
/// Takes the texts as an iterator and checks the letters as they come:
/// the reader asks this of every list and paragraph that may hold options,
/// and collecting the texts and their letters into vectors first cost two
/// allocations a call (callgrind, the exam layout).
pub(crate) fn are_options<'a>(mut items: impl Iterator<Item = &'a str> + Clone) -> bool {
    let mut count = 0u32;
    let mut letters = Some(Lettering::new());
    for t in items.clone() {
        if let Some(lettering) = &mut letters {
            match option_letter(t.trim_start_ws()) {
                Some(l) => lettering.push(l),
                None => letters = None,
            }
        }
        count = count.saturating_add(1);
    }
    if count < 2 {
        return false;
    }
    if letters.is_some_and(Lettering::in_order) {
        return true;
    }
    let pair = count == 2 && items.clone().all(|t| tf_word(t).is_some());
    pair || items.all(|t| task_box(t.trim_start_ws()).0.is_some())
}

/// Whether option letters can be a list of options: capitals in any order
/// (QB505 reports a skipped or repeated one), lower case only `a, b, c…` in
/// order (lower-case letters also open prose: `e.g.`, `i.`, `a)` in a
/// sentence's list of points).
///
/// Fed one letter at a time, so that callers need not collect them (the
/// reader checks the options of every choice question twice).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lettering {
    count: u32,
    upper: bool,
    ordered: bool,
}

impl Lettering {
    pub(crate) fn new() -> Self {
        Lettering {
            count: 0,
            upper: true,
            ordered: true,
        }
    }

    /// The next option's letter.
    pub(crate) fn push(&mut self, letter: char) {
        self.upper &= letter.is_ascii_uppercase();
        self.ordered &= u32::from('a').checked_add(self.count) == Some(u32::from(letter));
        self.count = self.count.saturating_add(1);
    }

    /// Whether the letters so far are in order (true for none).
    pub(crate) fn in_order(self) -> bool {
        self.upper || self.ordered
    }
}

/// A leading `*` that marks a correct option (text2qti and Examark write
/// `*b) …`): whether it was there, and the text after it. An italic line
/// (`*b) …*`) is no mark.
pub(crate) fn unmark(s: &str) -> (bool, &str) {
    match s.strip_prefix('*') {
        Some(rest)
            if !rest.starts_with('*')
                && !s.trim_end_ws().ends_with('*')
                && letter(rest).is_some() =>
        {
            (true, rest)
        }
        _ => (false, s),
    }
}

/// A mark after an option that says it is correct (`b) 4 ✓`, `b) 0 and 1
/// [x]`): whether it was there, and the text before it.
pub(crate) fn check_mark(s: &str) -> (bool, &str) {
    let t = s.trim_end_ws();
    // Each mark ends in one of these bytes (`✓` E2 9C 93, `✔` E2 9C 94,
    // `✅` E2 9C 85, `]`, `✔️` … EF B8 8F): most options end otherwise and
    // need no comparison (this runs for every option).
    if !matches!(t.as_bytes().last(), Some(0x93 | 0x94 | 0x85 | b']' | 0x8F)) {
        return (false, s);
    }
    for mark in ["✓", "✔", "✅", "[x]", "[X]", "✔️"] {
        if let Some(rest) = t.strip_suffix(mark) {
            if rest.ends_with([' ', '\t', '*']) || rest.is_empty() {
                return (true, rest.trim_end_ws());
            }
        }
    }
    (false, s)
}

/// `[x] rest` → (Some(true), rest); `[ ] rest` → (Some(false), rest).
pub(crate) fn task_box(s: &str) -> (Option<bool>, &str) {
    for (b, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] {
        if let Some(rest) = s.strip_prefix(b) {
            return (Some(checked), rest.trim_start_ws());
        }
    }
    (None, s)
}

/// A line that may be an option: its letter as [`option_letter`] reads it
/// and, when it has one, the option as [`parse_option`] makes it.
///
/// One reading where the line opens with the letter itself (`A. 字节`, as
/// nearly all do): then there is no box, star or bold wrapper to take off,
/// and the letter found once serves both (asked apart, the letter was read
/// three times and the line's start compared with every wrapper twice: a
/// third of what options cost in an exam bank, callgrind).
pub(crate) fn lettered_option(line: &str) -> (Option<char>, Option<ChoiceOption>) {
    if !matches!(line.as_bytes().first(), Some(b'A'..=b'J' | b'a'..=b'j')) {
        let l = option_letter(line);
        return (l, l.and_then(|_| parse_option(line)));
    }
    let Some((c, rest)) = letter_at(line, false, false) else {
        return (None, None);
    };
    // A mark ends in one of these bytes ([`check_mark`]); bold opens with
    // `*` ([`whole_bold`]; `rest` is trimmed at its start): most options
    // need neither looked at.
    if matches!(
        line.trim_end_ws().as_bytes().last(),
        Some(0x93 | 0x94 | 0x85 | b']' | 0x8F)
    ) && check_mark(line).0
    {
        return (Some(c), parse_option(line));
    }
    let bold_inner = rest.starts_with('*').then(|| whole_bold(rest)).flatten();
    let (bold, text) = match bold_inner {
        Some(inner) => (true, inner),
        None => (false, rest),
    };
    let option = ChoiceOption {
        label: Some(c.to_string()),
        text: text.trim_ws().to_owned(),
        correct: bold,
        marked: bold,
        span: Span::default(),
    };
    (Some(c), Some(option))
}

/// One option's text: an optional bold wrapper (a correct option), a
/// letter with its punctuation, and the text.
pub(crate) fn parse_option(raw: &str) -> Option<ChoiceOption> {
    let (starred, raw) = unmark(raw);
    let (checked, raw) = check_mark(raw);
    let (bold, s) = match raw.strip_prefix("**").and_then(|s| s.strip_suffix("**")) {
        Some(inner) if !inner.contains("**") => (true, inner.trim_ws()),
        _ => (false, raw),
    };
    let (label, rest) = match letter(s) {
        Some((l, rest)) => (Some(l.to_string()), rest),
        None => (None, s),
    };
    // `- **A.** text`: the bold is only the letter.
    let (bold, rest) = match rest.strip_prefix("**") {
        Some(r) if label.is_none() => (bold, r),
        _ => (bold, rest),
    };
    // `b) **4** ✓`: the option's text alone is bold.
    let (bold_text, rest) = match label.is_some().then(|| whole_bold(rest)).flatten() {
        Some(inner) => (true, inner),
        None => (false, rest),
    };
    let text = rest.trim_ws();
    if text.is_empty() && label.is_none() {
        return None;
    }
    let bold = bold || bold_text || starred || checked;
    Some(ChoiceOption {
        label,
        text: text.to_owned(),
        correct: bold,
        marked: bold,
        span: Span::default(),
    })
}

/// The text inside one bold span that is all of `s` (`**4**`), if so.
pub(crate) fn whole_bold(s: &str) -> Option<&str> {
    let inner = s.trim_ws().strip_prefix("**")?.strip_suffix("**")?;
    (!inner.contains("**") && !inner.trim_ws().is_empty()).then_some(inner)
}

/// A leading option letter: `A.`, `A:`, `A)`, `(A)`, `A、`, `A．`, `A：`,
/// `**A.**`; returns the letter and the text after it.
pub(crate) fn letter(s: &str) -> Option<(char, &str)> {
    // What can open a letter: bold, a parenthesis (`（` is 0xEF 0xBC 0x88),
    // or the letter itself; most texts start otherwise.
    if !matches!(
        s.as_bytes().first(),
        Some(b'*' | b'(' | 0xEF | b'A'..=b'J' | b'a'..=b'j')
    ) {
        return None;
    }
    let (s, paren, bold) = {
        let bold = s.starts_with("**");
        let s = s.strip_prefix("**").unwrap_or(s);
        match s.strip_prefix('(').or_else(|| s.strip_prefix('（')) {
            Some(rest) => (rest, true, bold),
            None => (s, false, bold),
        }
    };
    letter_at(s, paren, bold)
}

/// [`letter`] once its bold and parenthesis are taken off `s` (`paren`,
/// `bold`: whether they were there).
fn letter_at(s: &str, paren: bool, bold: bool) -> Option<(char, &str)> {
    // The letter and its punctuation matched on bytes (this runs for
    // every line that may be an option, several times: comparing the
    // separators as strings cost a third of its instructions):
    // `.` `:` `)`, `、` E3 80 81, `．` EF BC 8E, `：` EF BC 9A, `）` EF BC 89.
    let b = s.as_bytes();
    let c = match b.first() {
        Some(&l @ (b'A'..=b'J' | b'a'..=b'j')) => char::from(l),
        _ => return None,
    };
    let sep = match (&b[1..], paren) {
        ([b')', ..], _) => 1,
        ([0xEF, 0xBC, 0x89, ..], _) => 3,
        ([b'.' | b':', ..], false) => 1,
        ([0xE3, 0x80, 0x81, ..] | [0xEF, 0xBC, 0x8E | 0x9A, ..], false) => 3,
        _ => return None,
    };
    let dot = b[1] == b'.';
    let mut rest = &s[1 + sep..];
    if bold {
        rest = rest.strip_prefix("**")?;
    }
    // `A.5` is a number, not an option.
    if dot && rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    // One space is the rule after the letter: skipped before the general
    // trim, which then has nothing to do.
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    Some((c, rest.trim_start_ws()))
}

/// A true/false word (`正确`, `×`, `True`, `T`): whether it says true.
pub(crate) fn tf_word(s: &str) -> Option<bool> {
    let w = s.trim_ws().trim_end_matches(['.', '。']);
    // The words are short: anything longer is none (and costs no lower-casing).
    if w.len() > 6 {
        return None;
    }
    if w.eq_ignore_ascii_case("f") {
        return Some(false);
    }
    TRUE_FALSE
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(w))
        .map(|(_, v)| *v)
}
