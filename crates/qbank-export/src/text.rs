//! Section bodies as Markdown source, plain text or HTML, for exports.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use qbank_core::markdown_options;
use std::borrow::Cow;

/// Indentation and quote markers stop growing at this depth (the depth to
/// which lists are modelled): every line of a 100,000-deep list repeated
/// its full indentation, text quadratic in the depth (gigabytes).
const MAX_INDENT: usize = qbank_core::MAX_LIST_DEPTH;

/// How an export writes a section body.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextFormat {
    /// The body's Markdown source, exactly as in the file (trimmed).
    #[default]
    Markdown,
    /// Readable text: markup removed, list numbers and bullets kept.
    Plain,
    /// Rendered HTML (CommonMark with tables, strikethrough, task lists and
    /// footnotes).
    Html,
}

impl TextFormat {
    /// Write `markdown` in this format.
    #[must_use]
    pub fn render(self, markdown: &str) -> Cow<'_, str> {
        match self {
            TextFormat::Markdown => Cow::Borrowed(markdown),
            TextFormat::Plain => Cow::Owned(to_plain(markdown)),
            TextFormat::Html => Cow::Owned(to_html(markdown)),
        }
    }
}

/// Render Markdown to HTML.
///
/// ```
/// assert_eq!(qbank_export::to_html("1. **术语：** 说明"), "<ol>\n<li><strong>术语：</strong> 说明</li>\n</ol>\n");
/// ```
#[must_use]
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, Parser::new_ext(markdown, markdown_options()));
    out
}

/// Render Markdown to readable plain text: emphasis, code and link markers
/// dropped (a link keeps its URL in parentheses when it differs from its
/// text), list numbers and bullets kept, nested lists indented, table cells
/// separated by ` | `, paragraphs by a blank line, HTML tags dropped.
///
/// ```
/// let md = "大模型的应用：\n\n1. **数据清洗：** 去除*噪声*。\n2. **增强：** 见 [文档](https://x.org)。";
/// assert_eq!(
///     qbank_export::to_plain(md),
///     "大模型的应用：\n\n1. 数据清洗： 去除噪声。\n2. 增强： 见 文档 (https://x.org)。"
/// );
/// ```
#[must_use]
pub fn to_plain(markdown: &str) -> String {
    // Written by hand: no maintained crate renders CommonMark events to
    // plain text with list numbering and table layout.
    let mut out = String::with_capacity(markdown.len());
    // One entry per open list: the next number (None for bullet lists).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link_urls: Vec<String> = Vec::new();
    let mut link_text_start: Vec<usize> = Vec::new();
    let mut in_code_block = false;
    let mut cell_in_row = 0usize;
    let mut quote_depth = 0usize;
    let block_break = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\t']).len();
        out.truncate(trimmed);
        if out.is_empty() {
            return;
        }
        while !out.ends_with("\n\n") {
            out.push('\n');
        }
    };
    let line_break = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if lists.is_empty() {
                        block_break(&mut out);
                    } else if !out.ends_with(". ") && !out.ends_with("- ") && !out.ends_with(' ') {
                        // A second paragraph in a list item.
                        line_break(&mut out);
                        out.push_str(&"  ".repeat(lists.len().min(MAX_INDENT)));
                    }
                    push_quote(&mut out, quote_depth);
                }
                Tag::Heading { .. } | Tag::Table(_) => block_break(&mut out),
                Tag::BlockQuote(_) => {
                    block_break(&mut out);
                    quote_depth += 1;
                }
                Tag::CodeBlock(_) => {
                    if lists.is_empty() {
                        block_break(&mut out);
                    } else {
                        line_break(&mut out);
                    }
                    in_code_block = true;
                }
                Tag::List(start) => {
                    if lists.is_empty() {
                        block_break(&mut out);
                    }
                    lists.push(start);
                }
                Tag::Item => {
                    line_break(&mut out);
                    let depth = lists.len().saturating_sub(1);
                    out.push_str(&"   ".repeat(depth.min(MAX_INDENT)));
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            out.push_str(&format!("{n}. "));
                            *n += 1;
                        }
                        _ => out.push_str("- "),
                    }
                }
                Tag::TableRow | Tag::TableHead => {
                    line_break(&mut out);
                    cell_in_row = 0;
                }
                Tag::TableCell => {
                    if cell_in_row > 0 {
                        out.push_str(" | ");
                    }
                    cell_in_row += 1;
                }
                Tag::Link { dest_url, .. } => {
                    link_urls.push(dest_url.into_string());
                    link_text_start.push(out.len());
                }
                Tag::Image { .. } => {
                    link_urls.push(String::new());
                    link_text_start.push(out.len());
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock => {
                    in_code_block = false;
                    let trimmed = out.trim_end_matches('\n').len();
                    out.truncate(trimmed);
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::List(_) => {
                    lists.pop();
                }
                TagEnd::Link => {
                    let url = link_urls.pop().unwrap_or_default();
                    let start = link_text_start.pop().unwrap_or(out.len());
                    let text = out.get(start..).unwrap_or("");
                    if !url.is_empty() && text != url && !url.starts_with('#') {
                        out.push_str(&format!(" ({url})"));
                    }
                }
                TagEnd::Image => {
                    link_urls.pop();
                    link_text_start.pop();
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if in_code_block && !lists.is_empty() {
                    let indent = "   ".repeat(lists.len().min(MAX_INDENT));
                    for (i, line) in t.split_inclusive('\n').enumerate() {
                        if i > 0 || out.ends_with('\n') {
                            out.push_str(&indent);
                        }
                        out.push_str(line);
                    }
                } else {
                    out.push_str(&t);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => {
                out.push('\n');
                if !lists.is_empty() {
                    out.push_str(&"   ".repeat(lists.len().min(MAX_INDENT)));
                }
                push_quote(&mut out, quote_depth);
            }
            Event::Rule => {
                block_break(&mut out);
                out.push_str("---");
            }
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => out.push_str(&format!("[{name}]")),
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }
    out.trim().to_owned()
}

fn push_quote(out: &mut String, depth: usize) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("> ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_shapes() {
        assert_eq!(to_plain("**a** and `b` ~~c~~"), "a and b c");
        assert_eq!(to_plain("3) x\n4) y"), "3. x\n4. y");
        assert_eq!(to_plain("- a\n  - b\n- c"), "- a\n   - b\n- c");
        assert_eq!(to_plain("| h | i |\n|---|---|\n| 1 | 2 |"), "h | i\n1 | 2");
        assert_eq!(to_plain("p1\n\np2"), "p1\n\np2");
        assert_eq!(to_plain("```rust\nfn x() {}\n```"), "fn x() {}");
        assert_eq!(to_plain("<b>bold</b> text"), "bold text");
        assert_eq!(to_plain("![alt](a.png)"), "alt");
        assert_eq!(to_plain("<https://a.b>"), "https://a.b");
        assert_eq!(to_plain("> quoted"), "> quoted");
        assert_eq!(to_plain(""), "");
    }

    #[test]
    fn formats() {
        assert_eq!(TextFormat::Markdown.render("**x**"), "**x**");
        assert_eq!(TextFormat::Plain.render("**x**"), "x");
        assert_eq!(
            TextFormat::Html.render("**x**"),
            "<p><strong>x</strong></p>\n"
        );
    }
}
