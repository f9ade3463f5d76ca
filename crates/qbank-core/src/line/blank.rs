//! Blanks in a stretch of text: runs of underscores (`____`), empty
//! brackets (`（ ）`), Anki clozes (`{{c1::answer::hint}}`) and, where a
//! document asks for them, the clozes of Obsidian's flashcard plugins
//! (`==answer==`, `{{answer}}`, `{answer}`, `{2:answer}`).
//!
//! Written by hand: pulldown-cmark cannot find them. It reads the blanks of
//! a Chinese exam line (`并发、____、虚拟和____。`) as the delimiters of one
//! emphasis, clozes are not Markdown at all, and the positions must be
//! exact bytes of the source. Code spans, inline math and HTML comments are
//! skipped: `a == b`, `{x}` in `$\frac{1}{2}$` and `__init__` are no blanks.

use crate::line::ws::Trim;
use crate::model::BlankStyle;

/// Which cloze syntaxes beyond Anki's a document uses.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Syntax {
    /// `==answer==`.
    pub(crate) highlight: bool,
    /// `{{answer}}` (Obsidian Spaced Repetition).
    pub(crate) curly: bool,
    /// `{answer}` and `{2:answer}` (Obsidian Flashcards).
    pub(crate) braces: bool,
}

/// One blank found in a text: byte offsets relative to the text searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) style: BlankStyle,
    /// The whole blank.
    pub(crate) range: std::ops::Range<usize>,
    /// The answer inside it (clozes only).
    pub(crate) answer: Option<std::ops::Range<usize>>,
    /// A cloze's hint.
    pub(crate) hint: Option<std::ops::Range<usize>>,
    /// A cloze's own number (`c2`, `{2:…}`).
    pub(crate) number: Option<u32>,
}

/// Whether `s` may hold a blank: a byte that starts one (`_`, `{`, `(`,
/// `=`) or a full-width `＿` or `（`. A cheap test before [`find`], for the
/// question of every open entry.
pub(crate) fn may_hold(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3(b'_', b'{', b'(', b).is_some()
        || memchr::memchr(b'=', b).is_some()
        || memchr::memchr_iter(0xEF, b)
            .any(|i| matches!(b.get(i + 1..i + 3), Some([0xBC, 0xBF | 0x88])))
}

/// Whether a line holds a run of ASCII underscores to fill (`____`): it asks, as
/// a `?` does. Empty brackets do not count here: `（ ）` ends most choice
/// stems, which the options make questions, and a bracket blank needs its
/// answer label anyway.
pub(crate) fn has_blank(s: &str) -> bool {
    // Every question line of a bank comes here: only where three
    // underscores stand is the run's own recogniser asked (code spans are
    // not looked for: this only says whether a line asks).
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'_', &b[from..]).map(|i| from + i) {
        if b[i..].starts_with(b"___") && underscores(s, i, 1).is_some() {
            return true;
        }
        from = i + b[i..].iter().take_while(|&&c| c == b'_').count();
    }
    // Full-width underscores (`＿＿＿`) are rare: they make a blank in the
    // question (`find`), but not a line that asks.
    false
}

/// Whether a paragraph's first line (no list item, quote or table row)
/// holds a cloze: the paragraph is a cloze card.
pub(crate) fn is_cloze_paragraph(line: &str, syntax: Syntax) -> bool {
    let b = line.as_bytes();
    let pair = |c: u8| memchr::memchr_iter(c, b).any(|i| b.get(i + 1) == Some(&c));
    let may = (syntax.braces && memchr::memchr(b'{', b).is_some())
        || pair(b'{')
        || (syntax.highlight && pair(b'='));
    may && !line.starts_with(['-', '*', '+', '>', '|', ' '])
        && crate::line::list_item_content(line).is_none()
        && find(line, syntax, false)
            .iter()
            .any(|f| f.style.holds_answer())
}

/// The blanks of `s`, in order. `brackets`: whether empty brackets count
/// (not in a choice stem, where they hold the letter).
pub(crate) fn find(s: &str, syntax: Syntax, brackets: bool) -> Vec<Found> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Bytes that start nothing are passed over one by one (no byte of
        // a character's tail is one of these).
        if !STARTS[b[i] as usize] {
            i += 1;
            continue;
        }
        let skip = skipped(s, i);
        if skip > i {
            i = skip;
            continue;
        }
        let found = match b[i] {
            b'{' => cloze(s, i, syntax),
            b'=' if syntax.highlight => highlight(s, i),
            b'_' => underscores(s, i, 1),
            0xEF if s[i..].starts_with('＿') => underscores(s, i, 3),
            b'(' if brackets => empty_brackets(s, i, '(', ')'),
            0xEF if brackets && s[i..].starts_with('（') => empty_brackets(s, i, '（', '）'),
            _ => None,
        };
        match found {
            Some(f) => {
                i = f.range.end;
                out.push(f);
            }
            None => i += utf8_len(b[i]),
        }
    }
    out
}

/// The bytes a blank, or something skipped, may start with.
static STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = *b"`$<\\{=_(";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t[0xEF] = true;
    t
};

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Where a code span, inline math or an HTML comment that starts at `i`
/// ends (`i` when none starts there).
fn skipped(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    if rest.starts_with('`') {
        let ticks = rest.bytes().take_while(|&c| c == b'`').count();
        let fence = &rest[..ticks];
        return match rest[ticks..].find(fence) {
            Some(j) => i + ticks + j + ticks,
            None => i + ticks,
        };
    }
    if rest.starts_with('$') {
        let dollars = if rest.starts_with("$$") { 2 } else { 1 };
        let close = &rest[..dollars];
        return match rest[dollars..].find(close) {
            Some(j) if j > 0 => i + dollars + j + dollars,
            _ => i + dollars,
        };
    }
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(s.len(), |j| i + j + 3);
    }
    // An HTML tag (`<img alt="____">`): its attributes hold no blank.
    if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
    {
        if let Some(j) = rest.find('>').filter(|&j| !rest[..j].contains('\n')) {
            return i + j + 1;
        }
    }
    if let Some(escaped) = rest.strip_prefix('\\') {
        // An escaped character is text, never a blank's start.
        return i + 1 + escaped.chars().next().map_or(0, char::len_utf8);
    }
    i
}

/// `{{c1::answer}}`, `{{c1::answer::hint}}`; `{{answer}}` and `{answer}`,
/// `{2:answer}` where the document uses them.
fn cloze(s: &str, i: usize, syntax: Syntax) -> Option<Found> {
    let rest = &s[i..];
    if let Some(inner) = rest.strip_prefix("{{") {
        let close = inner.find("}}")?;
        let body = &inner[..close];
        let end = i + 2 + close + 2;
        if body.contains('\n') && !body.starts_with(['c', 'C']) {
            return None;
        }
        if let Some(found) = anki(body, i + 2, end) {
            return Some(found);
        }
        let whole = i + 2..i + 2 + close;
        return (syntax.curly && !body.trim_ws().is_empty() && !body.contains(['{', '\n']))
            .then_some(Found {
                style: BlankStyle::Curly,
                range: i..end,
                answer: Some(whole),
                hint: None,
                number: None,
            });
    }
    if !syntax.braces {
        return None;
    }
    let inner = &rest[1..];
    let close = inner.find(['}', '{', '\n'])?;
    if inner.as_bytes()[close] != b'}' || inner[..close].trim_ws().is_empty() {
        return None;
    }
    let body = &inner[..close];
    let (number, answer) = match body.split_once(':') {
        Some((n, _)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => {
            (n.parse().ok(), i + 1 + n.len() + 1..i + 1 + close)
        }
        _ => (None, i + 1..i + 1 + close),
    };
    Some(Found {
        style: BlankStyle::Braces,
        range: i..i + 1 + close + 1,
        answer: Some(answer),
        hint: None,
        number,
    })
}

/// Anki's `c1::answer[::hint]`, `body` starting at byte `at` of the text.
fn anki(body: &str, at: usize, end: usize) -> Option<Found> {
    let digits = body
        .strip_prefix(['c', 'C'])?
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let after = 1 + digits;
    if digits == 0 || !body[after..].starts_with("::") {
        return None;
    }
    let number = body[1..after].parse().ok().filter(|&n: &u32| n > 0)?;
    let text = &body[after + 2..];
    let start = at + after + 2;
    let (answer, hint) = match text.find("::") {
        Some(j) => (start..start + j, Some(start + j + 2..start + text.len())),
        None => (start..start + text.len(), None),
    };
    Some(Found {
        style: BlankStyle::Cloze,
        range: at - 2..end,
        answer: Some(answer),
        hint,
        number: Some(number),
    })
}

/// `==answer==`: the answer neither starts nor ends with a space (so `a ==
/// b` is a comparison) and stays on one line.
fn highlight(s: &str, i: usize) -> Option<Found> {
    let inner = s[i..].strip_prefix("==")?;
    if inner.starts_with(['=', ' ', '\t']) {
        return None;
    }
    let close = inner.find("==")?;
    let body = &inner[..close];
    if body.is_empty() || body.ends_with([' ', '\t']) || body.contains('\n') {
        return None;
    }
    Some(Found {
        style: BlankStyle::Highlight,
        range: i..i + 2 + close + 2,
        answer: Some(i + 2..i + 2 + close),
        hint: None,
        number: None,
    })
}

/// A run of three or more underscores (`width` bytes each: `_` or `＿`),
/// unless it is emphasis (`___word___`) or part of a name (`a___b`).
fn underscores(s: &str, i: usize, width: usize) -> Option<Found> {
    let unit = &s[i..i + width];
    let count = s.as_bytes()[i..]
        .chunks(width)
        .take_while(|c| *c == unit.as_bytes())
        .count();
    let end = i + count * width;
    if count < 3 {
        return None;
    }
    let before = s[..i].chars().next_back();
    let after = s[end..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let joined = word(before) && word(after);
    // `___bold___`: a run of exactly three that opens or closes a word.
    let emphasis = width == 1 && count == 3 && word(before) != word(after);
    (!joined && !emphasis).then_some(Found {
        style: BlankStyle::Underscores,
        range: i..end,
        answer: None,
        hint: None,
        number: None,
    })
}

/// Brackets holding nothing but spaces: `（ ）`, `（）`, `( )`. An ASCII
/// pair after a name (`f()`, `f( )`) is a call, no blank.
fn empty_brackets(s: &str, i: usize, open: char, close: char) -> Option<Found> {
    let inner = &s[i + open.len_utf8()..];
    let blank = inner
        .find(|c: char| !matches!(c, ' ' | '\u{3000}' | '\u{a0}'))
        .filter(|&j| inner[j..].starts_with(close))?;
    if open == '(' {
        let before = s[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
    }
    let end = i + open.len_utf8() + blank + close.len_utf8();
    Some(Found {
        style: BlankStyle::Brackets,
        range: i..end,
        answer: None,
        hint: None,
        number: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(s: &str, syntax: Syntax) -> Vec<(BlankStyle, &str)> {
        find(s, syntax, true)
            .into_iter()
            .map(|f| (f.style, &s[f.range]))
            .collect()
    }

    #[test]
    fn blanks_of_each_way_of_writing() {
        let all = Syntax {
            highlight: true,
            curly: true,
            braces: false,
        };
        let got = styles("并发、____、虚拟和＿＿＿。由（ ）和( )组成", all);
        let want = [
            (BlankStyle::Underscores, "____"),
            (BlankStyle::Underscores, "＿＿＿"),
            (BlankStyle::Brackets, "（ ）"),
            (BlankStyle::Brackets, "( )"),
        ];
        assert_eq!(got, want);
        let got = styles("The {{c1::cell::unit}} and ==ATP== in {{energy}}", all);
        assert_eq!(got.len(), 3);
        let f = &find("x {{c12::a::h}}", all, false)[0];
        assert_eq!((f.number, f.hint.clone()), (Some(12), Some(12..13)));
    }

    #[test]
    fn no_blanks_in_code_math_names_or_emphasis() {
        let all = Syntax {
            highlight: true,
            curly: true,
            braces: true,
        };
        for s in [
            "`a == b` and `____`",
            "a == b == c",
            "__init__ and a___b",
            "___bold___",
            "call f() or f( )",
            "$\\frac{1}{2}$",
            "<!--SR:!2024-->",
            "\\___",
            "<img alt=\"____\">",
        ] {
            assert_eq!(styles(s, all), [], "{s}");
        }
        let got = styles("the {2:order} of the {cloze}", all);
        assert_eq!(
            got,
            [
                (BlankStyle::Braces, "{2:order}"),
                (BlankStyle::Braces, "{cloze}")
            ]
        );
    }
}
