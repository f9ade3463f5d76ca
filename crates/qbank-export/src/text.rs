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
    /// Its name, as `--text` takes it and as exports record it: `markdown`,
    /// `plain`, `html`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::Markdown => "markdown",
            TextFormat::Plain => "plain",
            TextFormat::Html => "html",
        }
    }

    /// The format [`TextFormat::name`] names.
    ///
    /// ```
    /// use qbank_export::TextFormat;
    /// assert_eq!(TextFormat::from_name("plain"), Some(TextFormat::Plain));
    /// assert_eq!(TextFormat::from_name("rtf"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<TextFormat> {
        [TextFormat::Markdown, TextFormat::Plain, TextFormat::Html]
            .into_iter()
            .find(|f| f.name() == name.trim())
    }

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

/// Render Markdown to sanitised HTML: [`qbank_render::to_html`], the
/// renderer of every HTML output (no scripts, event handlers or
/// `javascript:` URLs pass).
///
/// ```
/// assert_eq!(qbank_export::to_html("1. **术语：** 说明"), "<ol>\n<li><strong>术语：</strong> 说明</li>\n</ol>\n");
/// assert!(!qbank_export::to_html("<script>alert(1)</script>").contains("script"));
/// ```
#[must_use]
pub fn to_html(markdown: &str) -> String {
    qbank_render::to_html(markdown)
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
    let mut plain = Plain {
        out: String::with_capacity(markdown.len()),
        ..Plain::default()
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => plain.start(tag),
            Event::End(tag) => plain.end(tag),
            Event::Text(t) | Event::Code(t) => plain.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => plain.out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain.soft_break(),
            Event::Rule => {
                plain.block_break();
                plain.out.push_str("---");
            }
            Event::TaskListMarker(done) => plain.out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => plain.out.push_str(&format!("[{name}]")),
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }
    plain.out.trim().to_owned()
}

/// The state of [`to_plain`] between events.
#[derive(Default)]
struct Plain {
    out: String,
    /// One entry per open list: the next number (None for bullet lists).
    lists: Vec<Option<u64>>,
    link_urls: Vec<String>,
    link_text_start: Vec<usize>,
    in_code_block: bool,
    cell_in_row: usize,
    quote_depth: usize,
}

impl Plain {
    /// End the current block: one blank line before the next.
    fn block_break(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() {
            return;
        }
        while !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn line_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.paragraph(),
            Tag::Heading { .. } | Tag::Table(_) => self.block_break(),
            Tag::BlockQuote(_) => {
                self.block_break();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                if self.lists.is_empty() {
                    self.block_break();
                } else {
                    self.line_break();
                }
                self.in_code_block = true;
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.block_break();
                }
                self.lists.push(start);
            }
            Tag::Item => self.item(),
            Tag::TableRow | Tag::TableHead => {
                self.line_break();
                self.cell_in_row = 0;
            }
            Tag::TableCell => {
                if self.cell_in_row > 0 {
                    self.out.push_str(" | ");
                }
                self.cell_in_row += 1;
            }
            Tag::Link { dest_url, .. } => {
                self.link_urls.push(dest_url.into_string());
                self.link_text_start.push(self.out.len());
            }
            Tag::Image { .. } => {
                self.link_urls.push(String::new());
                self.link_text_start.push(self.out.len());
            }
            _ => {}
        }
    }

    fn paragraph(&mut self) {
        let out = &self.out;
        if self.lists.is_empty() {
            self.block_break();
        } else if !out.ends_with(". ") && !out.ends_with("- ") && !out.ends_with(' ') {
            // A second paragraph in a list item.
            self.line_break();
            self.out
                .push_str(&"  ".repeat(self.lists.len().min(MAX_INDENT)));
        }
        push_quote(&mut self.out, self.quote_depth);
    }

    fn item(&mut self) {
        self.line_break();
        let depth = self.lists.len().saturating_sub(1);
        self.out.push_str(&"   ".repeat(depth.min(MAX_INDENT)));
        match self.lists.last_mut() {
            Some(Some(n)) => {
                self.out.push_str(&format!("{n}. "));
                *n += 1;
            }
            _ => self.out.push_str("- "),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                let trimmed = self.out.trim_end_matches('\n').len();
                self.out.truncate(trimmed);
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Link => {
                let url = self.link_urls.pop().unwrap_or_default();
                let start = self.link_text_start.pop().unwrap_or(self.out.len());
                let text = self.out.get(start..).unwrap_or("");
                if !url.is_empty() && text != url && !url.starts_with('#') {
                    self.out.push_str(&format!(" ({url})"));
                }
            }
            TagEnd::Image => {
                self.link_urls.pop();
                self.link_text_start.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_code_block && !self.lists.is_empty() {
            let indent = "   ".repeat(self.lists.len().min(MAX_INDENT));
            for (i, line) in t.split_inclusive('\n').enumerate() {
                if i > 0 || self.out.ends_with('\n') {
                    self.out.push_str(&indent);
                }
                self.out.push_str(line);
            }
        } else {
            self.out.push_str(t);
        }
    }

    fn soft_break(&mut self) {
        self.out.push('\n');
        if !self.lists.is_empty() {
            self.out
                .push_str(&"   ".repeat(self.lists.len().min(MAX_INDENT)));
        }
        push_quote(&mut self.out, self.quote_depth);
    }
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
