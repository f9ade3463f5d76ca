//! The model's byte spans as LSP ranges (lines and UTF-16 code units, as
//! the protocol counts), and qbank's findings, fixes and entries as LSP's
//! diagnostics, code actions and symbols.

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentSymbol, Location, NumberOrString, Position, Range, SymbolKind,
    TextEdit, Url, WorkspaceEdit,
};
use qbank_core::{Entry, Span};
use qbank_lint::{Applicability, DocsUrl, Severity};
use std::collections::HashMap;

/// Where each line of a text starts, to turn byte offsets into positions.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and to the
    /// character it falls in).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The whole text.
    pub(crate) fn all(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

/// The byte offset of an LSP position (a line, and UTF-16 code units into
/// it) in `text`. As the protocol says, a character past the end of its
/// line means the line's end, and a line past the last one the text's end.
pub(crate) fn offset(text: &str, position: Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = text[start..].split('\n').next().unwrap_or("");
    let mut units = 0;
    for (at, c) in line.char_indices() {
        if units >= position.character as usize {
            return start + at;
        }
        units += c.len_utf16();
    }
    start + line.len()
}

/// A finding as an LSP diagnostic.
/// `codeDescription` links to the rule's page only when a docs address is
/// configured (`docs`).
pub(crate) fn diagnostic(
    lines: &Lines<'_>,
    uri: &Url,
    d: &qbank_lint::Diagnostic,
    docs: Option<&DocsUrl>,
) -> Diagnostic {
    let related = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(r.span)),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range: lines.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.code.to_owned())),
        code_description: docs
            .and_then(|docs| Url::parse(&docs.rule_url(d.rule)).ok())
            .map(|href| CodeDescription { href }),
        source: Some(format!("qbank({})", d.rule.name)),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A finding's fix as a quick fix: preferred when safe, marked when not.
pub(crate) fn code_action(
    lines: &Lines<'_>,
    uri: &Url,
    d: &qbank_lint::Diagnostic,
    docs: Option<&DocsUrl>,
) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(lines.range(e.span), e.replacement.clone()))
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        format!("{} ({})", fix.message, d.rule.code)
    } else {
        format!(
            "{} ({}, unsafe: check the result)",
            fix.message, d.rule.code
        )
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(lines, uri, d, docs)]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// An entry as a document symbol: `12. 标题`, over the whole entry.
#[allow(deprecated)] // `deprecated` is a field LSP asks for, deprecated itself.
pub(crate) fn symbol(lines: &Lines<'_>, entry: &Entry) -> DocumentSymbol {
    let name = match entry.number {
        Some(n) => format!("{n}. {}", entry.title),
        None => entry.title.clone(),
    };
    let heading = if entry.heading.span.is_empty() {
        entry.span
    } else {
        entry.heading.span
    };
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "(untitled entry)".to_owned()
        } else {
            name
        },
        detail: Some(entry.kind.as_str().to_owned()),
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        range: lines.range(entry.span),
        selection_range: lines.range(heading),
        children: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\n题目😀x\n";
        let lines = Lines::new(text);
        assert_eq!(lines.position(0), Position::new(0, 0));
        assert_eq!(lines.position(3), Position::new(1, 0));
        // 题 and 目 are one unit each, 😀 two.
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(x), Position::new(1, 4));
        // Inside a character: its start.
        assert_eq!(lines.position(4), Position::new(1, 0));
        assert_eq!(lines.position(999), Position::new(2, 0));
    }
}
