//! A GIFT reader, from Moodle's documentation of the format: comments
//! (`//`), `$CATEGORY:` lines, questions separated by blank lines,
//! `::title::`, a `[format]`, the answer block in braces with `=` (right),
//! `~` (wrong, or `~%w%` weighted), `####` general feedback, `{T}`/`{F}`,
//! `{}` for essays; `\` escapes `~ = # { } :` and `\n` is a line break.
//! Answers and feedback are read as Moodle's `qformat_gift` reads them: a
//! `~` answer that starts `%N%` is worth N%, and a leading `[html]`,
//! `[markdown]`, `[plain]` or `[moodle]` is a format, not text. Text after
//! the answer block makes the block a blank in the text: Moodle shows the
//! text with `_____` in its place.

#[derive(Debug, PartialEq)]
pub(crate) enum Type {
    Essay,
    TrueFalse(bool),
    /// Answers with their fractions (100 for `=`, 0 for `~`).
    MultipleChoice(Vec<(String, f64)>),
    /// Answers with explicit weights.
    MultipleAnswers(Vec<(String, f64)>),
}

#[derive(Debug)]
pub(crate) struct Question {
    pub(crate) category: Vec<String>,
    pub(crate) title: String,
    pub(crate) text: String,
    pub(crate) kind: Type,
    pub(crate) feedback: String,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Where `pattern` first occurs in `s` outside an escape (`\x`).
fn find_unescaped(s: &str, pattern: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            continue;
        }
        if s[i..].starts_with(pattern) {
            return Some(i);
        }
    }
    None
}

pub(crate) fn read(gift: &str) -> Vec<Question> {
    let mut category = Vec::new();
    let mut out = Vec::new();
    let lines: Vec<&str> = gift.lines().filter(|l| !l.starts_with("//")).collect();
    for block in lines.split(|l| l.trim().is_empty()) {
        if block.is_empty() {
            continue;
        }
        let joined = block.join("\n");
        if let Some(path) = joined.strip_prefix("$CATEGORY:") {
            // `//` in a name is a slash.
            category = path
                .trim()
                .replace("//", "\u{0}")
                .split('/')
                .map(|p| p.replace('\u{0}', "/"))
                .collect();
            continue;
        }
        out.push(question(&joined, &category));
    }
    out
}

fn question(s: &str, category: &[String]) -> Question {
    let mut rest = s;
    let mut title = String::new();
    if let Some(after) = rest.strip_prefix("::") {
        let end = find_unescaped(after, "::").expect("title closes");
        title = unescape(&after[..end]);
        rest = &after[end + 2..];
    }
    if let Some(after) = rest.strip_prefix('[') {
        let end = after.find(']').unwrap();
        rest = &after[end + 1..];
    }
    let open = find_unescaped(rest, "{").expect("an answer block");
    let close = open + 1 + find_unescaped(&rest[open + 1..], "}").expect("the block closes");
    let after = &rest[close + 1..];
    let text = match after.is_empty() {
        true => unescape(&rest[..open]),
        false => unescape(&format!("{}_____{after}", &rest[..open])),
    };
    let block = &rest[open + 1..close];
    let (answers, feedback) = match find_unescaped(block, "####") {
        Some(i) => (&block[..i], strip_format(&unescape(block[i + 4..].trim()))),
        None => (block, String::new()),
    };
    Question {
        category: category.to_vec(),
        title,
        text,
        kind: kind(answers.trim()),
        feedback,
    }
}

fn kind(answers: &str) -> Type {
    match answers {
        "" => return Type::Essay,
        "T" | "TRUE" => return Type::TrueFalse(true),
        "F" | "FALSE" => return Type::TrueFalse(false),
        _ => {}
    }
    let mut items = Vec::new();
    let mut weighted = false;
    let mut rest = answers;
    while let Some(first) = rest.chars().next() {
        let next = find_unescaped(&rest[1..], "=")
            .into_iter()
            .chain(find_unescaped(&rest[1..], "~"))
            .min()
            .map_or(rest.len(), |i| i + 1);
        let item = rest[1..next].trim();
        let (fraction, text) = match weight(item) {
            // After `=` the answer is right whatever follows.
            _ if first == '=' => (100.0, item),
            Some((w, text)) => {
                weighted = true;
                (w, text)
            }
            None => (0.0, item),
        };
        items.push((strip_format(&unescape(text.trim())), fraction));
        rest = &rest[next..];
    }
    if weighted {
        Type::MultipleAnswers(items)
    } else {
        Type::MultipleChoice(items)
    }
}

/// `%N%` at the start of an answer, as Moodle's pattern
/// `^%\-*([0-9]{1,2})\.?([0-9]*)%` finds it: the weight and the text after.
fn weight(item: &str) -> Option<(f64, &str)> {
    let inner = item.strip_prefix('%')?;
    let end = inner.find('%')?;
    let number = inner[..end].trim_start_matches('-');
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let dotted = number.contains('.');
    let form =
        !whole.is_empty() && digits(whole) && digits(fraction) && (!dotted || whole.len() <= 2);
    form.then(|| (inner[..end].parse::<f64>().ok(), &inner[end + 1..]))
        .and_then(|(w, text)| Some((w?, text)))
}

/// A text without the `[format]` Moodle strips from its start.
fn strip_format(text: &str) -> String {
    for format in ["[html]", "[markdown]", "[plain]", "[moodle]"] {
        if let Some(rest) = text.strip_prefix(format) {
            return rest.trim().to_owned();
        }
    }
    text.to_owned()
}
