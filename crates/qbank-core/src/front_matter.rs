//! The front matter at the top of a document: YAML between `---` lines or
//! TOML between `+++` lines. qbank reads two keys from it, `title` and
//! `tags`.
//!
//! Read by hand rather than with a YAML or TOML library: only two keys of
//! the simplest forms are read (`title: x`, `title = "x"`, `tags: [a, b]`,
//! `tags:` then `- a` lines, `tags = ["a"]`, `tags: a, b`), the block is
//! otherwise kept as it is, and a full YAML parser would be the largest
//! dependency of this crate for that.

use crate::line::ws::Trim;
use crate::model::{FrontMatter, Span};

/// The title and tags of the front matter block at `span`.
pub(crate) fn parse(text: &str, span: Span) -> FrontMatter {
    let block = span.slice(text);
    let mut fm = FrontMatter {
        span,
        ..FrontMatter::default()
    };
    let mut lines = block.lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        let Some(at) = line.find([':', '=']) else {
            continue;
        };
        let (key, value) = (&line[..at], &line[at + 1..]);
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let value = value.trim_ws();
        match key.trim_ws() {
            "title" => {
                let v = unquote(value);
                if !v.is_empty() {
                    fm.title = Some(v.to_owned());
                }
            }
            "tags" | "keywords" if fm.tags.is_empty() => {
                if value.is_empty() {
                    // A block list: `- a` lines.
                    while let Some(item) = lines.peek().and_then(|l| l.trim_ws().strip_prefix("- "))
                    {
                        push_tag(&mut fm.tags, item);
                        lines.next();
                    }
                } else {
                    let inner = value
                        .strip_prefix('[')
                        .and_then(|v| v.strip_suffix(']'))
                        .unwrap_or(value);
                    let split: Vec<&str> = if inner.contains(',') {
                        inner.split(',').collect()
                    } else {
                        inner.split_whitespace().collect()
                    };
                    for tag in split {
                        push_tag(&mut fm.tags, tag);
                    }
                }
            }
            _ => {}
        }
    }
    fm
}

fn push_tag(tags: &mut Vec<String>, tag: &str) {
    let tag = unquote(tag.trim_ws());
    if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
        tags.push(tag.to_owned());
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim_ws();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        parse(text, Span::new(0, text.len()))
    }

    #[test]
    fn yaml_and_toml() {
        let f = fm("---\ntitle: \"面试题\"\ntags: [a, \"b\"]\n---");
        assert_eq!(f.title.as_deref(), Some("面试题"));
        assert_eq!(f.tags, ["a", "b"]);
        let f = fm("---\ntitle: x\ntags:\n  - one\n  - two\n---");
        assert_eq!(f.tags, ["one", "two"]);
        let f = fm("+++\ntitle = 'T'\ntags = [\"x\"]\n+++");
        assert_eq!(
            (f.title.as_deref(), f.tags),
            (Some("T"), vec!["x".to_owned()])
        );
        let f = fm("---\ntags: go rust\n---");
        assert_eq!(f.tags, ["go", "rust"]);
    }
}
