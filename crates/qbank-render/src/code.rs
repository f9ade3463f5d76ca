//! Code blocks highlighted with syntect: inline styles for cards (nothing
//! else needed where they are shown), or CSS classes for the study page,
//! whose stylesheet colours them for its light and dark themes.

use crate::escape;
use std::sync::LazyLock;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// The light theme (cards, and the page's light theme).
const LIGHT: &str = "InspiredGitHub";
/// The page's dark theme.
const DARK: &str = "base16-ocean.dark";
/// The classes of classed code: `hl-` before each scope name, so that they
/// cannot meet the page's own classes.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntax(lang: Option<&str>) -> Option<&'static SyntaxReference> {
    lang.and_then(|l| {
        SYNTAXES
            .find_syntax_by_token(l)
            .or_else(|| SYNTAXES.find_syntax_by_extension(l))
    })
}

fn theme(name: &str) -> Option<&'static Theme> {
    THEMES.themes.get(name)
}

/// Syntax-highlighted HTML for a code block: inline styles, or `hl-`
/// classes when `classed`; plain escaped code for an unknown language.
pub(crate) fn highlight(code: &str, lang: Option<&str>, classed: bool) -> String {
    let highlighted = match (syntax(lang), theme(LIGHT)) {
        (Some(syntax), _) if classed => classed_html(code, syntax),
        (Some(syntax), Some(theme)) => {
            syntect::html::highlighted_html_for_string(code, &SYNTAXES, syntax, theme).ok()
        }
        _ => None,
    };
    highlighted.map_or_else(
        || plain_code(code, lang),
        |html| format!("<div class=\"code\">{html}</div>"),
    )
}

fn classed_html(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASSES);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(format!(
        "<pre class=\"hl-code\"><code>{}</code></pre>",
        generator.finalize()
    ))
}

fn plain_code(code: &str, lang: Option<&str>) -> String {
    let class = lang.map_or(String::new(), |l| {
        format!(" class=\"language-{}\"", escape(l))
    });
    format!(
        "<div class=\"code\"><pre><code{class}>{}</code></pre></div>",
        escape(code)
    )
}

/// The stylesheet of classed code (see [`crate::Style::classed_code`]): the
/// light theme's colours, or the dark theme's, each rule's selectors
/// prefixed by `scope` (say `:root[data-theme=dark] `) when it is not
/// empty.
#[must_use]
pub fn code_css(dark: bool, scope: &str) -> String {
    let Some(theme) = theme(if dark { DARK } else { LIGHT }) else {
        return String::new();
    };
    let css = syntect::html::css_for_theme_with_class_style(theme, CLASSES).unwrap_or_default();
    if scope.is_empty() {
        return css;
    }
    // syntect writes one selector list per rule, `.a, .b {`, on lines that
    // start with `.`; comments and declarations start otherwise.
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        if line.starts_with('.') {
            let selectors: Vec<String> = line
                .trim_end_matches('{')
                .split(',')
                .map(|s| format!("{scope}{}", s.trim()))
                .collect();
            out.push_str(&selectors.join(", "));
            out.push_str(" {");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
