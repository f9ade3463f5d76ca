//! One module per rule. Each holds the rule's documentation, its
//! declaration and its check.

pub(crate) mod answer_key_disagrees;
pub(crate) mod answer_without_list;
pub(crate) mod blank_answer_count;
pub(crate) mod choice_without_correct;
pub(crate) mod cloze_number_skipped;
pub(crate) mod conflicting_key;
pub(crate) mod duplicate_option;
pub(crate) mod duplicate_question;
pub(crate) mod duplicate_section;
pub(crate) mod duplicate_title;
pub(crate) mod empty_cloze;
pub(crate) mod empty_list_item;
pub(crate) mod empty_section;
pub(crate) mod entry_heading;
pub(crate) mod entry_numbering;
pub(crate) mod key_not_an_option;
pub(crate) mod label_punctuation;
pub(crate) mod list_item_term;
pub(crate) mod list_numbering;
pub(crate) mod matching_pair;
pub(crate) mod missing_analysis;
pub(crate) mod missing_answer;
pub(crate) mod missing_question;
pub(crate) mod missing_title;
pub(crate) mod negative_tolerance;
pub(crate) mod no_entries;
pub(crate) mod numerical_not_a_number;
pub(crate) mod option_labels;
pub(crate) mod ordering_one_item;
pub(crate) mod placeholder_text;
pub(crate) mod section_order;
pub(crate) mod single_choice_with_several_correct;
pub(crate) mod stray_content;
pub(crate) mod unread_region;
pub(crate) mod unused_suppression;

use crate::FileCtx;
use qbank_core::{Block, Entry, LabelStyle, List, SectionKind};

/// How messages name an entry: `entry 7`, or `entry "标题"` without a number.
pub(crate) fn entry_name(entry: &Entry) -> String {
    match entry.number {
        Some(n) => format!("entry {n}"),
        None => format!("entry \"{}\"", entry.title),
    }
}

/// Whether a document is written in Chinese, Japanese or Korean (for hints
/// in its own language): at least one such character for every ten Latin
/// letters in its first 64 KiB (code and markup are Latin in every bank).
pub(crate) fn writes_cjk(text: &str) -> bool {
    let head = text.get(..text.len().min(64 * 1024)).unwrap_or(text);
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in head.chars() {
        if c.is_ascii_alphabetic() {
            latin += 1;
        } else if matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF) {
            cjk += 1;
        }
    }
    cjk > 0 && cjk * 10 >= latin
}

/// `path:line` of a byte offset, for messages that point elsewhere.
pub(crate) fn place(ctx: &FileCtx<'_>, offset: u32) -> String {
    format!("{}:{}", ctx.file.document.path, ctx.line(offset))
}

/// A label for `kind` in the document's own style: the first such label it
/// has, else the default alias in the language its other labels use.
pub(crate) fn label_example(ctx: &FileCtx<'_>, kind: SectionKind) -> String {
    let text = ctx.text();
    let sections = ctx.file.document.entries.iter().flat_map(|e| &e.sections);
    if let Some(s) = sections.clone().find(|s| s.kind == kind) {
        let label = s.label.span.slice(text).trim();
        if !label.is_empty() && !label.contains('\n') {
            return label.to_owned();
        }
    }
    let latin = sections
        .clone()
        .next()
        .is_some_and(|s| s.label.text.is_ascii());
    match (kind, latin) {
        (SectionKind::Question, false) => "**题目：**",
        (SectionKind::Answer, false) => "**答案：**",
        (SectionKind::Analysis, false) => "**解析：**",
        (SectionKind::Question, true) => "**Question:**",
        (SectionKind::Answer, true) => "**Answer:**",
        (SectionKind::Analysis, true) => "**Explanation:**",
    }
    .to_owned()
}

/// Visit every list of the entry (top-level lists of its preamble and
/// sections, and the lists nested in them), with the section it is in.
pub(crate) fn for_each_list<'a>(
    entry: &'a Entry,
    mut visit: impl FnMut(Option<SectionKind>, &'a List),
) {
    fn walk<'a>(
        kind: Option<SectionKind>,
        list: &'a List,
        visit: &mut impl FnMut(Option<SectionKind>, &'a List),
    ) {
        visit(kind, list);
        for item in &list.items {
            for nested in &item.lists {
                walk(kind, nested, visit);
            }
        }
    }
    for block in &entry.preamble {
        if let Block::List(list) = block {
            walk(None, list, &mut visit);
        }
    }
    for section in &entry.sections {
        for block in &section.blocks {
            if let Block::List(list) = block {
                walk(Some(section.kind), list, &mut visit);
            }
        }
    }
}

/// Shared check of the three `missing-*` rules.
pub(crate) fn missing_section(
    ctx: &FileCtx<'_>,
    out: &mut Vec<crate::Diagnostic>,
    rule: &'static crate::Rule,
    kind: SectionKind,
) {
    if !ctx.settings.requires(kind) {
        return;
    }
    // A document whose entries mostly go without an analysis is written
    // that way: the analysis is only missing where most entries have one.
    if kind == SectionKind::Analysis
        && !ctx.settings.required_explicit
        && !mostly(&ctx.file.document.entries, |e| e.section(kind).is_some())
    {
        return;
    }
    // A bank that writes its answers under the question without a label
    // gets a hint in its own style, not a label it never uses.
    let labelled = ctx
        .file
        .document
        .entries
        .iter()
        .flat_map(|e| &e.sections)
        .any(|s| {
            s.kind == kind && !matches!(s.label.style, LabelStyle::Implicit | LabelStyle::Key)
        });
    let (label, help) = if labelled || kind != SectionKind::Answer {
        (
            format!("no {kind} label in this entry"),
            format!(
                "add a {} label and the {kind} below the heading",
                label_example(ctx, kind)
            ),
        )
    } else {
        (
            format!("no {kind} in this entry"),
            format!("write the {kind} below the question, as the other entries of this bank do"),
        )
    };
    for entry in &ctx.file.document.entries {
        // A choice entry's marked options are its answer.
        let chosen = kind == SectionKind::Answer && entry.options.iter().any(|o| o.correct);
        // A cloze holds its answer (`empty-cloze` judges an empty one).
        let cloze =
            kind == SectionKind::Answer && entry.blanks.iter().any(|b| b.style.holds_answer());
        if entry.section(kind).is_none() && !chosen && !cloze {
            out.push(
                crate::Diagnostic::new(
                    rule,
                    ctx.index,
                    entry.heading.span,
                    format!("{} has no {kind}", entry_name(entry)),
                )
                .label(label.clone())
                .help(help.clone()),
            );
        }
    }
}

/// Whether more than half of `entries` satisfy `test` (false when there
/// are none).
pub(crate) fn mostly(entries: &[Entry], test: impl Fn(&Entry) -> bool) -> bool {
    let n = entries.iter().filter(|e| test(e)).count();
    n * 2 > entries.len()
}

/// Whether the document's answers are mostly numbered lists (the sample's
/// convention): only then do the list rules judge its answers.
pub(crate) fn answers_are_lists(entries: &[Entry]) -> bool {
    let answers: Vec<_> = entries
        .iter()
        .filter_map(|e| e.section(SectionKind::Answer))
        .filter(|s| !s.body.is_empty())
        .collect();
    let lists = answers
        .iter()
        .filter(|s| {
            s.blocks
                .iter()
                .any(|b| matches!(b, Block::List(l) if l.is_ordered()))
        })
        .count();
    lists * 2 > answers.len()
}

/// Where a choice entry's answer key stands (its answer's body), or its
/// heading when it has no answer section.
pub(crate) fn key_span(entry: &Entry) -> qbank_core::Span {
    entry
        .section(SectionKind::Answer)
        .map_or(entry.heading.span, |s| s.body)
}
