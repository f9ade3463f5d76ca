//! Quiz components of MDX courses: `<Question choices={[{ text: "…",
//! explain: "…", correct: true }, …]} />`, as the Hugging Face courses (in
//! every language they are translated to) and other MDX sites write their
//! end-of-chapter quizzes.
//!
//! Written by hand: the component's props are a JavaScript array literal,
//! not Markdown, and only its plain form is read (objects of string,
//! boolean and number values). Pulling in a JavaScript parser for that would
//! cost more than these hundred lines; anything else (a variable, a call, a
//! template with `${…}`) reads as no options, and the block stays the
//! entry's answer as written.

use crate::line::ws::Trim;
use crate::model::{ChoiceOption, Span};

/// The options of a `<Question choices={[…]} />` component in
/// `text[span]`, or `None` when the block is not one or does not parse.
/// Each option's span runs from where the previous one ended (the block's
/// start for the first) to the end of its object (the block's end for the
/// last), so that the options cover the component and nothing of it shows
/// as answer text besides them.
pub(crate) fn question_options(text: &str, span: Span) -> Option<Vec<ChoiceOption>> {
    let block = span.slice(text);
    let rest = block.strip_prefix("<Question")?;
    if !rest.starts_with(|c: char| c.is_whitespace() || c == '/') {
        return None;
    }
    let at = block.find("choices")?;
    let mut p = Reader {
        s: block,
        pos: at + "choices".len(),
    };
    p.want("=")?;
    p.want("{")?;
    p.want("[")?;
    let mut options = Vec::new();
    let mut from = 0;
    loop {
        if p.eat("]") {
            break;
        }
        let (fields, end) = p.object()?;
        let base = span.start as usize;
        options.push(option(fields, base + from, base + end)?);
        from = end;
        if !p.eat(",") {
            p.want("]")?;
            break;
        }
    }
    p.want("}")?;
    if options.len() < 2 {
        return None;
    }
    if let Some(last) = options.last_mut() {
        last.span.end = span.end;
    }
    Some(options)
}

/// One option from its object's fields; `end` is where the object ends in
/// the document, `start` where the option's span starts.
fn option(fields: Vec<(String, Value)>, start: usize, end: usize) -> Option<ChoiceOption> {
    let mut option = ChoiceOption {
        span: Span::new(start, end),
        ..ChoiceOption::default()
    };
    let mut has_text = false;
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("text", Value::Str(s)) => {
                option.text = s.trim_ws().to_owned();
                has_text = true;
            }
            ("correct", Value::Bool(b)) => {
                option.correct = b;
                option.marked = b;
            }
            _ => {}
        }
    }
    (has_text && !option.text.is_empty()).then_some(option)
}

/// A value of the literal: what the options use, and the rest skipped.
enum Value {
    Str(String),
    Bool(bool),
    Other,
}

/// A cursor over the component's source.
struct Reader<'a> {
    s: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn skip_blank(&mut self) {
        let rest = &self.s[self.pos..];
        self.pos += rest.len() - rest.trim_start_ws().len();
    }

    /// Consumes `token` after blanks, if it comes next.
    fn eat(&mut self, token: &str) -> bool {
        self.skip_blank();
        let found = self.s[self.pos..].starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn want(&mut self, token: &str) -> Option<()> {
        self.eat(token).then_some(())
    }

    /// `{ key: value, … }`: its fields and the byte after its `}`.
    fn object(&mut self) -> Option<(Vec<(String, Value)>, usize)> {
        self.want("{")?;
        let mut fields = Vec::new();
        loop {
            if self.eat("}") {
                break;
            }
            let key = self.key()?;
            self.want(":")?;
            let value = self.value()?;
            fields.push((key, value));
            if !self.eat(",") {
                self.want("}")?;
                break;
            }
        }
        Some((fields, self.pos))
    }

    /// A property name, bare or quoted.
    fn key(&mut self) -> Option<String> {
        self.skip_blank();
        let rest = &self.s[self.pos..];
        if rest.starts_with(['"', '\'']) {
            return self.string();
        }
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(rest.len());
        (len > 0).then(|| {
            self.pos += len;
            rest[..len].to_owned()
        })
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_blank();
        let rest = &self.s[self.pos..];
        if rest.starts_with(['"', '\'', '`']) {
            return self.string().map(Value::Str);
        }
        for (word, b) in [("true", true), ("false", false)] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Some(Value::Bool(b));
            }
        }
        // A number (`score: 2`); anything else is not this literal.
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-')))
            .unwrap_or(rest.len());
        (len > 0).then(|| {
            self.pos += len;
            Value::Other
        })
    }

    /// A quoted string with JavaScript's escapes; a template string with a
    /// substitution (`${…}`) is not read.
    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.pos..].chars().next()?;
        let mut out = String::new();
        let mut chars = self.s[self.pos + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    let (_, e) = chars.next()?;
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        // A line continuation.
                        '\n' => continue,
                        other => other,
                    });
                }
                '$' if quote == '`' && self.s[self.pos + 1 + i..].starts_with("${") => return None,
                '\n' if quote != '`' => return None,
                c if c == quote => {
                    self.pos += 1 + i + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<Vec<ChoiceOption>> {
        question_options(s, Span::new(0, s.len()))
    }

    #[test]
    fn reads_the_hugging_face_form() {
        let s = "<Question\n\tchoices={[\n\t\t{\n\t\t\ttext: \"A \\\"model\\\"\",\n\t\t\texplain: \"No.\"\n\t\t},\n\t\t{\n\t\t\ttext: 'It\\'s B',\n\t\t\texplain: \"Yes!\",\n            correct: true\n\t\t} \n\t]}\n/>";
        let options = read(s).unwrap_or_default();
        assert_eq!(options.len(), 2);
        assert_eq!(options[0].text, "A \"model\"");
        assert!(!options[0].correct);
        assert_eq!(options[1].text, "It's B");
        assert!(options[1].correct && options[1].marked);
        // The options cover the component.
        assert_eq!(options[0].span.start, 0);
        assert_eq!(options[0].span.end, options[1].span.start);
        assert_eq!(options[1].span.end as usize, s.len());
    }

    #[test]
    fn anything_else_is_no_options() {
        for s in [
            "<Question choices={answers} />",
            "<Questions choices={[{text: \"a\"}, {text: \"b\"}]} />",
            "<Question choices={[{text: \"a\"}]} />",
            "<Question choices={[{text: `${x}`}, {text: \"b\"}]} />",
            "<Question choices={[{text: \"a\", correct: maybe}, {text: \"b\"}]} />",
            "<Question choices={[{text: \"unclosed}, {text: \"b\"}]} />",
            "<Question choices={[{text: \"a\"}, {text: \"b\"}",
            "<Question choices={[{text: \"é\\",
            "<Question",
        ] {
            assert!(read(s).is_none(), "{s}");
        }
    }

    #[test]
    fn trailing_commas_and_quoted_keys() {
        let s = "<Question choices={[{\"text\": \"a\", correct: false,}, {text: \"b\", correct: true,},]} />";
        let options = read(s).unwrap_or_default();
        assert_eq!(options.len(), 2);
        assert!(options[1].correct);
    }
}
