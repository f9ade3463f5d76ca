//! The page around the entries: its head (stylesheet, toolbar), each
//! document's and group's heading, and its foot (the script, KaTeX where
//! the page holds math).

use crate::strings::Strings;
use qbank_core::Document;
use qbank_export::DocumentRef;
use qbank_render::escape;
use std::io::Write;

const STYLE: &str = include_str!("../assets/study.css");
const SCRIPT: &str = include_str!("../assets/study.js");
const KATEX_CSS: &str = include_str!("../assets/katex/katex.css");
const KATEX_JS: &str = include_str!("../assets/katex/katex.min.js");
const KATEX_AUTO_RENDER: &str = include_str!("../assets/katex/auto-render.min.js");

/// Nothing but the page itself: no request of any kind (images and fonts
/// are `data:` URIs, style and script inline), no form sent anywhere.
const POLICY: &str = "default-src 'none'; img-src data:; font-src data:; \
     style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
     form-action 'none'; base-uri 'none'";

/// The page's title: the document's name, or the bank's for several.
pub(crate) fn title(doc: &Document, several: bool, strings: &Strings) -> String {
    if several {
        strings.bank.to_owned()
    } else {
        qbank_export::quiz::document_name(doc)
    }
}

/// From the doctype to the opening of `<main>`.
pub(crate) fn head(
    out: &mut impl Write,
    title: &str,
    strings: &Strings,
    generator: &str,
) -> std::io::Result<()> {
    let title = escape(title);
    let lang = strings.lang;
    let light = qbank_render::code_css(false, "");
    let dark = qbank_render::code_css(true, ":root[data-theme=\"dark\"] ");
    write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="generator" content="{generator}">
<title>{title}</title>
<script>(function () {{ var r = document.documentElement, m = null; r.classList.add("js"); try {{ m = localStorage.getItem("qbank:theme"); }} catch (e) {{}} if (m !== "light" && m !== "dark") m = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; r.setAttribute("data-theme", m); }})();</script>
<style>
{STYLE}
/* Code: syntect's InspiredGitHub (light) and base16-ocean.dark (dark) */
{light}
{dark}
</style>
</head>
<body>
<header class="bar">
<div class="bar-top"><h1>{title}</h1><p class="stats" aria-live="polite"><span id="shown"></span> <span id="seen"></span> <span id="score"></span></p></div>
<div class="tools">
<input type="search" id="search" placeholder="{search}" aria-label="{search}" autocomplete="off">
<select id="category" aria-label="{all_categories}"><option value="">{all_categories}</option></select>
<select id="tag" aria-label="{all_tags}" hidden><option value="">{all_tags}</option></select>
<select id="status" aria-label="{all_entries}"><option value="">{all_entries}</option><option value="unseen">{unseen}</option><option value="missed">{missed}</option></select>
<button type="button" id="reveal-all">{reveal_all}</button>
<button type="button" id="theme" title="{theme}">{theme}: {theme_auto}</button>
<button type="button" id="reset">{reset}</button>
<button type="button" id="help" aria-expanded="false" title="{keys}">?</button>
</div>
<p id="keys" hidden>{keys_help}</p>
</header>
<div class="layout">
<nav id="toc" aria-label="{contents}"><details open><summary>{contents}</summary><ol></ol></details></nav>
<main id="entries">
<p id="nothing" hidden>{nothing}</p>
"#,
        generator = escape(generator),
        search = strings.search,
        all_categories = strings.all_categories,
        all_tags = strings.all_tags,
        all_entries = strings.all_entries,
        unseen = strings.unseen,
        missed = strings.missed,
        reveal_all = strings.reveal_all,
        theme = strings.theme,
        theme_auto = strings.theme_auto,
        reset = strings.reset,
        keys = strings.keys,
        keys_help = escape(strings.keys_help),
        contents = strings.contents,
        nothing = strings.nothing,
    )
}

/// A document's section and heading.
pub(crate) fn begin_document(
    out: &mut impl Write,
    doc: DocumentRef<'_>,
    index: usize,
) -> qbank_export::Result<()> {
    let name = qbank_export::quiz::document_name(doc.document);
    let mut tags: Vec<&str> = doc
        .document
        .front_matter
        .iter()
        .flat_map(|f| f.tags.iter())
        .chain(doc.tags)
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    // Front matter and qbank.toml may both name a tag: once each, in order.
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(*t));
    let tag_list: String = tags
        .iter()
        .map(|t| format!("<li>{}</li>", escape(t)))
        .collect();
    write!(
        out,
        "<section class=\"document\" id=\"d{index}\" data-document=\"{index}\" data-name=\"{}\" data-path=\"{}\" data-tags=\"{}\">\n<h2>{}</h2>\n",
        escape(&name),
        escape(&doc.document.path),
        escape(&tags.join("\t")),
        escape(&name),
    )?;
    if !tag_list.is_empty() {
        writeln!(out, "<ul class=\"tags\">{tag_list}</ul>")?;
    }
    Ok(())
}

/// The heading of a group of entries (`category`: the document's name, then
/// the group headings).
pub(crate) fn group(out: &mut impl Write, category: &[String]) -> std::io::Result<()> {
    let Some(groups) = category.get(1..).filter(|g| !g.is_empty()) else {
        return Ok(());
    };
    let shown: Vec<String> = groups.iter().map(|g| escape(g)).collect();
    writeln!(
        out,
        "<h3 class=\"group\" data-category=\"{}\">{}</h3>",
        escape(&category.join(" › ")),
        shown.join(" › ")
    )
}

/// From the end of `<main>` to the end of the page.
pub(crate) fn foot(out: &mut impl Write, strings: &Strings, math: bool) -> std::io::Result<()> {
    // JSON in a script element: `<` escaped, so that no `</script>` ends it.
    let words = serde_json::to_string(strings)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c");
    write!(
        out,
        "</main>\n</div>\n<script type=\"application/json\" id=\"strings\">{words}</script>\n"
    )?;
    if math {
        write!(
            out,
            "<style>\n{KATEX_CSS}\n</style>\n<script>\n{KATEX_JS}\n</script>\n<script>\n{KATEX_AUTO_RENDER}\n</script>\n"
        )?;
    }
    write!(out, "<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n")
}
