//! # qbank-render: section bodies as sanitised HTML
//!
//! Markdown rendered with pulldown-cmark, sanitised with ammonia (no
//! scripts, event handlers or `javascript:` URLs), code highlighted with
//! syntect as inline styles, math delimited as MathJax expects (`\(…\)`,
//! `\[…\]`), and local images collected so that a format can bundle them.
//! Shared by the Anki decks, the quiz platforms and the study page.

#![deny(missing_docs)]

/// Why a body could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A local image is missing or not allowed.
    #[error("{path}:{line}: image `{image}`: {why}")]
    Media {
        /// The document.
        path: String,
        /// The line of the image reference.
        line: u32,
        /// The image as written.
        image: String,
        /// What is wrong.
        why: String,
    },
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

mod code;
pub use code::code_css;

/// The media files a deck bundles: local images referenced by its notes.
#[derive(Debug, Default)]
pub struct Media {
    /// (name in the collection, file on disk), in the order first used.
    pub files: Vec<(String, PathBuf)>,
    by_path: HashMap<PathBuf, String>,
}

impl Media {
    /// Add a file (canonical path), once.
    pub fn add(&mut self, path: &Path) {
        if !self.by_path.contains_key(path) {
            let name = media_name(path);
            self.by_path.insert(path.to_path_buf(), name.clone());
            self.files.push((name, path.to_path_buf()));
        }
    }
}

/// The name a local image gets in the rendered HTML (`src`, and the file's
/// name in an Anki collection or a package): the file's own name (safe
/// characters only) behind a hash of its full (canonical) path, so that
/// `a/x.png` and `b/x.png` stay apart. A function of the path alone, so
/// that bodies can be rendered in parallel.
#[must_use]
pub fn media_name(path: &Path) -> String {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".to_owned());
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let digest = sha1_smol::Sha1::from(path.to_string_lossy().as_bytes())
        .digest()
        .to_string();
    format!("{MEDIA_PREFIX}{}-{safe}", &digest[..10])
}

/// The start of every [`media_name`].
const MEDIA_PREFIX: &str = "qbank-";

/// Where a body comes from, for resolving images and naming errors.
pub struct Origin<'a> {
    /// The document's path, as shown to users.
    pub path: &'a str,
    /// The folder images are relative to (`None`: no local images allowed,
    /// e.g. standard input without a folder).
    pub dir: Option<&'a Path>,
    /// The 1-based line of the body's first byte.
    pub first_line: u32,
    /// Allow images outside `dir`.
    pub allow_outside: bool,
}

impl<'a> Origin<'a> {
    /// The origin of the body at `at` in the document at `path`: images
    /// relative to the document's folder, the line counted by `lines`.
    #[must_use]
    pub fn of(
        path: &'a str,
        lines: Option<&qbank_core::LineIndex>,
        at: qbank_core::Span,
        allow_outside: bool,
    ) -> Self {
        Origin {
            path,
            dir: folder_of(path),
            first_line: lines.map_or(1, |l| l.line(at.start)),
            allow_outside,
        }
    }
}

fn options() -> Options {
    qbank_core::markdown_options() | Options::ENABLE_MATH
}

/// Render a Markdown body to sanitised card HTML; the local images it uses
/// are added to `media` (canonical paths).
pub fn render(markdown: &str, origin: &Origin<'_>, media: &mut Vec<PathBuf>) -> Result<String> {
    render_styled(markdown, origin, media, Style::default()).map(|r| r.html)
}

/// How a body is rendered. The default is the cards' (Anki and the quiz
/// platforms): code with inline styles, remote images kept.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct Style {
    /// Code highlighted with `hl-` classes instead of inline styles; the
    /// page carries [`code_css`] for its themes.
    pub classed_code: bool,
    /// Nothing in the HTML asks for a file or the network: remote images
    /// become links to them, and images in raw HTML lose their `src` (the
    /// local images of Markdown are left for the caller to embed).
    pub offline: bool,
    /// A cell of CSV, XLSX or JSON (`--text html`): code blocks as plain
    /// `<pre><code>`, images kept as written (nothing resolved or bundled).
    pub cell: bool,
}

impl Style {
    /// The study page's style: classed code, offline.
    #[must_use]
    pub fn page() -> Self {
        Style {
            classed_code: true,
            offline: true,
            cell: false,
        }
    }

    /// A cell's style: see [`Style::cell`](Style#structfield.cell).
    #[must_use]
    pub fn cell() -> Self {
        Style {
            cell: true,
            ..Style::default()
        }
    }
}

/// Markdown as sanitised HTML for a cell of CSV, XLSX or JSON (`--text
/// html`): the renderer of every other HTML output, with nothing resolved
/// (images and links as written, code not highlighted).
///
/// ```
/// assert_eq!(qbank_render::to_html("1. **术语：** 说明"), "<ol>\n<li><strong>术语：</strong> 说明</li>\n</ol>\n");
/// assert_eq!(qbank_render::to_html("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
/// ```
#[must_use]
pub fn to_html(markdown: &str) -> String {
    let origin = Origin {
        path: "",
        dir: None,
        first_line: 1,
        allow_outside: false,
    };
    // With images left as written, rendering cannot fail; should it ever,
    // the cell holds the source as text rather than anything unsanitised.
    render_styled(markdown, &origin, &mut Vec::new(), Style::cell())
        .map_or_else(|_| format!("<pre>{}</pre>", escape(markdown)), |r| r.html)
}

/// A rendered body.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The sanitised HTML.
    pub html: String,
    /// Whether it holds math (`\(…\)`, `\[…\]`) for a renderer to draw.
    pub math: bool,
}

/// [`render`] in a given [`Style`], saying whether the body holds math.
pub fn render_styled(
    markdown: &str,
    origin: &Origin<'_>,
    media: &mut Vec<PathBuf>,
    style: Style,
) -> Result<Rendered> {
    let mut body = Body {
        markdown,
        origin,
        style,
        code_blocks: Vec::new(),
        events: Vec::new(),
        code: None,
        marker: None,
        counted: (0, origin.first_line),
        needs_sanitizing: false,
        math: false,
        images: Vec::new(),
    };
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        body.event(event, range.start, media)?;
    }
    let math = body.math;
    Ok(Rendered {
        html: body.into_html()?,
        math,
    })
}

/// A body's events on their way to HTML.
struct Body<'a, 'o> {
    markdown: &'a str,
    origin: &'o Origin<'o>,
    style: Style,
    code_blocks: Vec<String>,
    events: Vec<Event<'a>>,
    /// The open code block: its language and text.
    code: Option<(Option<String>, String)>,
    /// Built on the first code block: most bodies have none.
    marker: Option<String>,
    /// The line of the last image, counted from the last image's offset, so
    /// that many images cost one pass over the body, not one each.
    counted: (usize, u32),
    /// pulldown-cmark escapes all text: only raw HTML and link or image
    /// URLs with another scheme than http(s) or mailto can carry anything
    /// unsafe. Without them the HTML is safe as rendered, and the (costly)
    /// sanitiser is skipped.
    needs_sanitizing: bool,
    /// Whether math was seen.
    math: bool,
    /// For each open image: whether it became a link (offline, remote).
    images: Vec<bool>,
}

impl<'a> Body<'a, '_> {
    fn event(&mut self, event: Event<'a>, at: usize, media: &mut Vec<PathBuf>) -> Result<()> {
        if self.code.is_some() {
            self.in_code(event);
            return Ok(());
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) if !self.style.cell => {
                let lang = qbank_core::code_lang(&kind).map(str::to_owned);
                self.code = Some((lang, String::new()));
            }
            Event::InlineMath(t) => {
                self.math = true;
                self.html(format!("\\({}\\)", escape(&t)));
            }
            Event::DisplayMath(t) => {
                self.math = true;
                self.html(format!("\\[{}\\]", escape(&t)));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.needs_sanitizing = true;
                self.events.push(event);
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                if !safe_url(dest_url) {
                    self.needs_sanitizing = true;
                }
                self.events.push(event);
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if self.style.cell => {
                if !safe_url(dest_url) {
                    self.needs_sanitizing = true;
                }
                self.events.push(event);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if !safe_url(&dest_url) {
                    self.needs_sanitizing = true;
                }
                let line = self.line_at(at);
                let local = local_image(&dest_url, self.origin, line, media)?;
                let as_link = self.style.offline && local.is_none();
                self.images.push(as_link);
                let dest_url = local.map_or(dest_url, CowStr::from);
                self.events.push(Event::Start(if as_link {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                } else {
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                }));
            }
            Event::End(TagEnd::Image) => {
                let as_link = self.images.pop().unwrap_or(false);
                self.events.push(Event::End(if as_link {
                    TagEnd::Link
                } else {
                    TagEnd::Image
                }));
            }
            other => self.events.push(other),
        }
        Ok(())
    }

    fn html(&mut self, html: String) {
        self.events.push(Event::Html(CowStr::from(html)));
    }

    /// An event inside a code block: its text is gathered, and at its end
    /// the block becomes a placeholder that the sanitiser keeps as text;
    /// the highlighted block (our own markup) replaces it after.
    fn in_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, text)) = &mut self.code {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                let index = self.code_blocks.len();
                let classed = self.style.classed_code;
                self.code_blocks
                    .push(code::highlight(&text, lang.as_deref(), classed));
                let markdown = self.markdown;
                let marker = self.marker.get_or_insert_with(|| code_marker(markdown));
                let placeholder = format!("{marker}{index}{MARKER_END}");
                self.html(placeholder);
            }
            _ => {}
        }
    }

    /// The line of the body at byte `at` (at or after the last one asked).
    fn line_at(&mut self, at: usize) -> u32 {
        let (from, line) = if at >= self.counted.0 {
            self.counted
        } else {
            (0, self.origin.first_line)
        };
        let line = line + newlines(&self.markdown[from..at]);
        self.counted = (at, line);
        line
    }

    fn into_html(self) -> Result<String> {
        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        let mut clean = if self.needs_sanitizing {
            if nested_deeper_than(&html, MAX_HTML_DEPTH) {
                // An HTML parser's time grows with the nesting depth at each
                // tag: 100,000 nested `<div>`s took the sanitiser hours. Such
                // a body is shown as its source, as text.
                return Ok(format!("<pre>{}</pre>", escape(self.markdown)));
            }
            let clean = sanitize(&html, self.style.offline);
            if shows_nothing(&clean) && only_unknown_tags(self.markdown) {
                // `<mask>` as an option, `<T>` as an answer: tags the
                // sanitiser drops, leaving nothing. Learners would see an
                // empty option; the text is shown as written instead.
                return Ok(format!("<p>{}</p>", escape(self.markdown.trim())));
            }
            clean
        } else {
            html
        };
        if let Some(marker) = &self.marker {
            clean = restore_code(&clean, marker, &self.code_blocks);
        }
        Ok(clean)
    }
}

/// Whether sanitised HTML shows nothing: no text outside its tags, and no
/// image or rule.
fn shows_nothing(html: &str) -> bool {
    if html.contains("<img") || html.contains("<hr") {
        return false;
    }
    let mut inside = false;
    !html.chars().any(|c| match c {
        '<' => {
            inside = true;
            false
        }
        '>' => {
            inside = false;
            false
        }
        c => !inside && !c.is_whitespace(),
    })
}

/// HTML elements whose removal (or emptiness) is meant: what they hold is
/// not text to show (`<script>`, `<style>`), or they show no text
/// (`<br>`, `<input>`).
const MEANT_EMPTY: [&str; 22] = [
    "script", "style", "iframe", "object", "embed", "template", "noscript", "br", "wbr", "input",
    "video", "audio", "source", "track", "canvas", "link", "meta", "base", "form", "button",
    "select", "textarea",
];

/// Whether Markdown holds text besides comments, and none of its tags is
/// an element meant to show nothing ([`MEANT_EMPTY`]): `<mask>`, `<T>`.
fn only_unknown_tags(markdown: &str) -> bool {
    let mut rest = markdown.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    if rest.is_empty() || rest.contains("<!--") {
        return false;
    }
    !rest.split('<').skip(1).any(|tag| {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        MEANT_EMPTY.contains(&name.as_str())
    })
}

fn newlines(text: &str) -> u32 {
    text.bytes().filter(|b| *b == b'\n').count() as u32
}

/// The end of a code block's placeholder paragraph.
const MARKER_END: &str = "\u{E001}</p>";

/// The start of the placeholder paragraphs of a body's code blocks,
/// `<p>\u{E000}qbank-code-KEY-` (the block's index and [`MARKER_END`]
/// follow). KEY is a hash of the body: the body's own text cannot spell it
/// (it would have to contain its own hash), so no body can forge a
/// placeholder, say to copy a large code block thousands of times over.
fn code_marker(markdown: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(markdown.as_bytes());
    let key: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("<p>\u{E000}qbank-code-{key}-")
}

/// Put the highlighted code blocks in place of their placeholders, in one
/// pass over the HTML.
fn restore_code(html: &str, marker: &str, blocks: &[String]) -> String {
    let size = html.len() + blocks.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut rest = html;
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let block = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| blocks.get(i))
            .filter(|_| after[digits..].starts_with(MARKER_END));
        match block {
            Some(block) => {
                out.push_str(&rest[..at]);
                out.push_str(block);
                rest = &after[digits + MARKER_END.len()..];
            }
            None => {
                out.push_str(&rest[..at + marker.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL that needs no sanitising: http(s), mailto, or no scheme at all
/// (relative paths and anchors).
fn safe_url(url: &str) -> bool {
    let scheme_end =
        url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(i) if url[i..].starts_with(':') && i > 0 => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !url
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("javascript"),
    }
}

/// The deepest element nesting given to the sanitiser. Real bodies stay
/// far below: a list nested 10 levels deep is 20 elements.
const MAX_HTML_DEPTH: usize = 256;

/// Whether `html` may nest elements deeper than `limit`, by an estimate
/// that an HTML parser's tree can exceed by a factor of 2 at most: each
/// start tag of a non-void element opens one, each end tag closes one open
/// element of its name (a parser ignores the others). Comments, doctypes
/// and `<` in attribute values or raw text count too, or are skipped: the
/// estimate only errs high.
fn nested_deeper_than(html: &str, limit: usize) -> bool {
    const VOID: [&str; 16] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr", "frame",
    ];
    let mut open: HashMap<String, usize> = HashMap::new();
    let mut depth = 0usize;
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i + 1;
        let end_tag = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(end_tag);
        let len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        at = name_start + len;
        if len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if end_tag {
            if let Some(n) = open.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                depth -= 1;
            }
        } else {
            *open.entry(name).or_insert(0) += 1;
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// HTML-escape text.
#[must_use]
pub fn escape(text: &str) -> String {
    replace_ascii(text, |b| match b {
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        _ => None,
    })
}

/// Remove scripts, event handlers, `javascript:` URLs and anything else
/// that is not plain content, keeping the structure cards need.
fn sanitize(html: &str, offline: bool) -> String {
    if offline {
        OFFLINE_SANITIZER.clean(html).to_string()
    } else {
        SANITIZER.clean(html).to_string()
    }
}

/// Built once: building ammonia's tag and attribute tables per field was a
/// large share of the export's time.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);

/// [`SANITIZER`] for [`Style::offline`]: images keep only the names of
/// bundled media as their `src` (the caller embeds those).
static OFFLINE_SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = sanitizer();
    builder.attribute_filter(|element, attribute, value| {
        let fetches = element == "img" && matches!(attribute, "src" | "srcset");
        if fetches && !value.starts_with(MEDIA_PREFIX) {
            None
        } else {
            Some(value.into())
        }
    });
    builder
});

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
            "kbd",
            "samp",
            "var",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("td", ["align", "style"])
        .add_tag_attributes("th", ["align", "style"])
        // `style` is there for the tables' column alignment: nothing else
        // (no `position: fixed` overlays, no `url(…)` fetches).
        .filter_style_properties(["text-align"].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    builder
}

/// The collection name for a local image, or `None` for a remote one
/// (left as a link).
fn local_image(
    dest: &str,
    origin: &Origin<'_>,
    line: u32,
    media: &mut Vec<PathBuf>,
) -> Result<Option<String>> {
    let lower = dest.to_ascii_lowercase();
    if dest.is_empty()
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("data:")
        || lower.starts_with("//")
    {
        return Ok(None);
    }
    let missing = |why: &str| Error::Media {
        path: origin.path.to_owned(),
        line,
        image: dest.to_owned(),
        why: why.to_owned(),
    };
    let Some(dir) = origin.dir else {
        return Err(missing(
            "local images need a file (standard input has no folder)",
        ));
    };
    let relative = percent_decode(dest.split(['?', '#']).next().unwrap_or(dest));
    let candidate = dir.join(&relative);
    let Ok(resolved) = candidate.canonicalize() else {
        return Err(missing("no such file"));
    };
    if !resolved.is_file() {
        return Err(missing("not a file"));
    }
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let leaves = !resolved.starts_with(&root)
        || Path::new(&relative)
            .components()
            .any(|c| matches!(c, Component::RootDir | Component::Prefix(_)));
    if leaves && !origin.allow_outside {
        return Err(missing(
            "the path leaves the document's folder (allow it with --allow-outside-media)",
        ));
    }
    let name = media_name(&resolved);
    media.push(resolved);
    Ok(Some(name))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The folder a document's images are relative to (`None`: standard input,
/// which has none).
#[must_use]
pub fn folder_of(path: &str) -> Option<&Path> {
    (path != "-").then(|| {
        Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    })
}

/// Local images as `data:` URIs, for outputs that are one file (GIFT, the
/// study page): each `src` naming one of `used` (see [`media_name`])
/// replaced by the file's bytes.
///
/// # Errors
///
/// When a file cannot be read.
pub fn embed_images(html: &str, used: &[PathBuf]) -> std::io::Result<String> {
    use base64::Engine;
    let mut out = html.to_owned();
    for path in used {
        let bytes = std::fs::read(path)?;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let name = media_name(path);
        out = out.replace(
            &format!("src=\"{name}\""),
            &format!("src=\"data:{};base64,{data}\"", image_type(path)),
        );
    }
    Ok(out)
}

/// The media type of an image, from its extension.
#[must_use]
pub fn image_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str());
    match extension.map(str::to_ascii_lowercase).as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("bmp") => "image/bmp",
        _ => "application/octet-stream",
    }
}

/// A one-paragraph body's HTML without its `<p>` (an option sits in a
/// line); other HTML as it is.
#[must_use]
pub fn unwrap_paragraph(html: &str) -> &str {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

/// Text escaped for XML character data and attributes; the control
/// characters XML 1.0 does not allow are left out.
#[must_use]
pub fn xml_text(text: &str) -> String {
    replace_ascii(text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\t' | b'\n' | b'\r' => None,
        b if b < 0x20 => Some(""),
        _ => None,
    })
}

/// Text as an XML CDATA section (empty for empty text): markup kept as it
/// is, `]]>` split across two sections, the control characters XML 1.0
/// does not allow left out. HTML in Moodle XML and QTI travels this way:
/// no escaping pass over it, and a smaller file.
#[must_use]
pub fn xml_cdata(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let forbidden = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    // Most text has neither: one vectorised pass each to find out.
    let allowed = if text.bytes().any(forbidden) {
        Cow::Owned(replace_ascii(text, |b| forbidden(b).then_some("")))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(allowed.len() + 12);
    out.push_str("<![CDATA[");
    let mut rest = allowed.as_ref();
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b"]]>") {
        out.push_str(&rest[..at]);
        out.push_str("]]]]><![CDATA[>");
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out.push_str("]]>");
    out
}

/// `text` with each ASCII byte for which `replace` returns a replacement
/// replaced by it. Byte by byte, copying the runs between the bytes
/// replaced: every byte replaced is ASCII, so a run never splits a
/// character. (Char by char, escaping was a tenth of a QTI export's time.)
#[must_use]
pub fn replace_ascii(text: &str, replace: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut run = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            continue;
        }
        if let Some(replacement) = replace(b) {
            out.push_str(&text[run..i]);
            out.push_str(replacement);
            run = i + 1;
        }
    }
    out.push_str(&text[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let origin = Origin {
            path: "t.md",
            dir: None,
            first_line: 1,
            allow_outside: false,
        };
        render(md, &origin, &mut Vec::new()).unwrap()
    }

    #[test]
    fn unsafe_html_is_removed() {
        let out = html(
            "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[x](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">y</a>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
    }

    #[test]
    fn a_body_of_dropped_tags_shows_as_written() {
        assert_eq!(html("<mask>"), "<p>&lt;mask&gt;</p>");
        assert_eq!(html("<T>"), "<p>&lt;T&gt;</p>");
        assert_eq!(html("<script>alert(1)</script>"), "");
        assert_eq!(html("<br>"), "<br>");
        // Comments and kept tags are as they were.
        assert_eq!(html("<!-- note -->"), "");
        assert_eq!(html("<b>bold</b>"), "<p><b>bold</b></p>\n");
    }

    #[test]
    fn only_unsafe_urls_need_sanitizing() {
        assert!(safe_url("https://x.org/a"));
        assert!(safe_url("img/a.png"));
        assert!(safe_url("#top"));
        assert!(safe_url("mailto:a@b.c"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url("JaVaScRiPt:alert(1)"));
        assert!(!safe_url("vbscript:x"));
        assert!(!safe_url("data:text/html,<script>"));
        let out = html("[a](javascript:alert(1)) ![b](data:text/html,x)");
        assert!(
            !out.contains("javascript") && !out.contains("data:text"),
            "{out}"
        );
    }

    #[test]
    fn xml_text_escapes_and_drops_what_xml_forbids() {
        assert_eq!(
            xml_text("a<b>&\"c\"\u{1}\td\n中文\r\u{1f}"),
            "a&lt;b&gt;&amp;&quot;c&quot;\td\n中文\r"
        );
        assert_eq!(xml_text(""), "");
        assert_eq!(xml_text("plain 文字"), "plain 文字");
    }

    #[test]
    fn cdata_splits_its_end_and_drops_forbidden_controls() {
        assert_eq!(xml_cdata(""), "");
        assert_eq!(
            xml_cdata("<p>a]]>b\u{1}</p>"),
            "<![CDATA[<p>a]]]]><![CDATA[>b</p>]]>"
        );
    }

    #[test]
    fn text_stays_text() {
        assert_eq!(
            html("a < b && c > d"),
            "<p>a &lt; b &amp;&amp; c &gt; d</p>\n"
        );
    }

    #[test]
    fn math_uses_anki_delimiters() {
        assert_eq!(html("$x^2$ and $$y$$"), "<p>\\(x^2\\) and \\[y\\]</p>\n");
    }

    #[test]
    fn code_is_highlighted_inline() {
        let out = html("```rust\nfn main() {}\n```");
        assert!(out.contains("<pre style="), "{out}");
        assert!(out.contains("<span style="), "{out}");
        let plain = html("```nosuchlang\n<b>x</b>\n```");
        assert!(plain.contains("&lt;b&gt;x&lt;/b&gt;"), "{plain}");
        assert!(!plain.contains("<span style"), "{plain}");
    }

    #[test]
    fn code_placeholders_cannot_be_forged() {
        // The old placeholder text, and the new one's shape with a guessed
        // key, written in the body: neither copies the code block.
        let body = "```\nBIG\n```\n\n\u{E000}qbank-code-0\u{E001}\n\n\u{E000}qbank-code-000000000000000000000000-0\u{E001}\n\n&#xE000;qbank-code-0&#xE001; <b>x</b>";
        let out = html(body);
        assert_eq!(out.matches("BIG").count(), 1, "{out}");
        assert_eq!(
            restore_code(
                "<p>\u{E000}k-1\u{E001}</p> <p>\u{E000}k-9\u{E001}</p>",
                "<p>\u{E000}k-",
                &["a".into(), "b".into()]
            ),
            "b <p>\u{E000}k-9\u{E001}</p>"
        );
    }

    #[test]
    fn only_text_align_styles_survive() {
        let out = html(
            "| a |\n|:-:|\n| 1 |\n\n<table><tr><td style=\"position:fixed;background:url(https://t.example/p);text-align:right\">z</td></tr></table>",
        );
        assert!(out.contains("text-align:center"), "{out}");
        assert!(out.contains("text-align:right"), "{out}");
        assert!(!out.contains("position") && !out.contains("url("), "{out}");
    }

    #[test]
    fn deep_html_is_shown_as_text() {
        assert!(!nested_deeper_than(
            "<div><br><img src=x></div>".repeat(1000).as_str(),
            2
        ));
        assert!(nested_deeper_than(&"<div>".repeat(3), 2));
        // End tags of elements that are not open close nothing.
        assert!(nested_deeper_than(&"<b id=1></x>".repeat(3), 2));
        assert!(!nested_deeper_than(&"<B></b>".repeat(3), 1));
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let out = html(&deep);
        assert!(out.starts_with("<pre>&lt;div&gt;"), "{}", &out[..40]);
    }

    #[test]
    fn lists_and_tables_render() {
        let out = html("1. **术语：** 说明\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(
            out.contains("<ol>") && out.contains("<strong>术语：</strong>"),
            "{out}"
        );
        assert!(out.contains("<table>"), "{out}");
    }
}
