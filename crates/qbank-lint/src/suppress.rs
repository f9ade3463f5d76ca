//! Inline suppression comments.
//!
//! ```markdown
//! <!-- qbank-disable-file duplicate-title -->
//! <!-- qbank-disable missing-analysis QB104 -->  … <!-- qbank-enable missing-analysis QB104 -->
//! <!-- qbank-disable-next-line entry-numbering -->
//! ```
//!
//! No rule named means every rule. Comments are found in the model's HTML
//! blocks: a suppression comment stands on its own line(s), outside code
//! blocks and lists.

use crate::FileCtx;
use crate::diagnostic::Diagnostic;
use crate::registry::{Rule, rule};
use crate::rules::unused_suppression;
use qbank_core::{Block, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Disable,
    Enable,
    NextLine,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// `None`: every rule.
    rules: Option<Vec<&'static Rule>>,
    unknown: Vec<String>,
    span: Span,
    /// The line the directive takes effect from (1-based): its own line, or
    /// the next one for `disable-next-line`.
    from: u32,
    used: bool,
}

/// Every HTML block of the document, in source order.
pub(crate) fn html_blocks(doc: &qbank_core::Document) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut take = |blocks: &[Block]| {
        for block in blocks {
            if let Block::Html { span } = block {
                spans.push(*span);
            }
        }
    };
    take(&doc.outside);
    for entry in &doc.entries {
        take(&entry.preamble);
        for section in &entry.sections {
            take(&section.blocks);
        }
    }
    spans.sort();
    spans
}

fn directives(ctx: &FileCtx<'_>) -> Vec<Directive> {
    let text = ctx.text();
    let mut found = Vec::new();
    // Most files have no suppression: find that out without collecting.
    let doc = &ctx.file.document;
    let blocks = doc.outside.iter().chain(doc.entries.iter().flat_map(|e| {
        e.preamble
            .iter()
            .chain(e.sections.iter().flat_map(|s| s.blocks.iter()))
    }));
    let any = blocks
        .filter_map(|b| match b {
            Block::Html { span } => Some(span.slice(text)),
            _ => None,
        })
        .any(|html| html.contains("qbank-"));
    if !any {
        return found;
    }
    for block in html_blocks(doc) {
        let html = block.slice(text);
        let mut at = 0;
        while let Some(open) = html[at..].find("<!--") {
            let start = at + open;
            let body = start + 4;
            // `<!-->` and `<!--->` are complete (empty) comments in HTML.
            let rest = &html[body..];
            if rest.starts_with('>') || rest.starts_with("->") {
                at = body + if rest.starts_with('>') { 1 } else { 2 };
                continue;
            }
            let Some(close) = rest.find("-->") else {
                break;
            };
            let end = body + close + 3;
            at = end;
            let span = Span::new(block.start as usize + start, block.start as usize + end);
            if let Some(directive) = directive(ctx, html[body..body + close].trim(), span) {
                found.push(directive);
            }
        }
    }
    found
}

/// The directive a comment's text (`inner`, at `span`) holds, if any.
fn directive(ctx: &FileCtx<'_>, inner: &str, span: Span) -> Option<Directive> {
    let rest = inner.strip_prefix("qbank-")?;
    let (word, list) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let kind = match word {
        "disable-file" => Kind::File,
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        "disable-next-line" => Kind::NextLine,
        _ => return None,
    };
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    for name in list
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
    {
        match rule(name) {
            Some(r) => rules.push(r),
            None => unknown.push(name.to_owned()),
        }
    }
    let first = ctx.line(span.start);
    let last = ctx.line(span.end.saturating_sub(1));
    let from = match kind {
        Kind::NextLine => last + 1,
        _ => first,
    };
    Some(Directive {
        kind,
        rules: if rules.is_empty() && unknown.is_empty() {
            None
        } else {
            Some(rules)
        },
        unknown,
        span,
        from,
        used: false,
    })
}

fn covers(rules: &Option<Vec<&'static Rule>>, rule: &Rule) -> bool {
    rules
        .as_ref()
        .is_none_or(|list| list.iter().any(|r| r.code == rule.code))
}

/// Drop suppressed diagnostics; report suppressions that suppress nothing.
pub(crate) fn apply(ctx: &FileCtx<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut directives = directives(ctx);
    if directives.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if d.rule.code == unused_suppression::RULE.code {
            return true;
        }
        let line = ctx.line(d.span.start);
        let mut suppressed = false;
        // Whole-file and next-line directives.
        for dir in directives.iter_mut() {
            let hit = match dir.kind {
                Kind::File => true,
                Kind::NextLine => line == dir.from,
                _ => false,
            };
            if hit && covers(&dir.rules, d.rule) {
                dir.used = true;
                suppressed = true;
            }
        }
        // Ranges: the last disable before the line that no later enable
        // (covering this rule) closes.
        let mut open: Option<usize> = None;
        for (i, dir) in directives.iter().enumerate() {
            if dir.from > line {
                break;
            }
            match dir.kind {
                Kind::Disable if covers(&dir.rules, d.rule) => open = Some(i),
                Kind::Enable if covers(&dir.rules, d.rule) => open = None,
                _ => {}
            }
        }
        if let Some(i) = open {
            directives[i].used = true;
            suppressed = true;
        }
        !suppressed
    });
    let Some(severity) = ctx.settings.severity(&unused_suppression::RULE) else {
        return;
    };
    for dir in &directives {
        for name in &dir.unknown {
            let mut d = Diagnostic::new(
                &unused_suppression::RULE,
                ctx.index,
                dir.span,
                format!("`{name}` is not a qbank rule"),
            )
            .label("unknown rule")
            .help("`qbank rules` lists every rule's code and name");
            d.severity = severity;
            diagnostics.push(d);
        }
        if dir.kind != Kind::Enable && !dir.used && dir.unknown.is_empty() {
            let what = match &dir.rules {
                None => "any rule".to_owned(),
                Some(list) => list.iter().map(|r| r.name).collect::<Vec<_>>().join(", "),
            };
            let mut d = Diagnostic::new(
                &unused_suppression::RULE,
                ctx.index,
                dir.span,
                format!("this suppression of {what} suppresses nothing"),
            )
            .label("unused suppression")
            .help("remove the comment, or correct the rule names it lists");
            d.severity = severity;
            diagnostics.push(d);
        }
    }
}
