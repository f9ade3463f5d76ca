use crate::normalize::{comparison_hash, normalize_for_comparison};
use crate::registry::{Rule, declare_rule};
use crate::{Diagnostic, FileCtx, Related};
use qbank_core::{Entry, SectionKind, Span};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The table's keys are hashes already.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an entry whose question repeats an earlier entry's question, in
    /// the same file or in any file of the run. Questions are compared after
    /// normalising Unicode width, case, whitespace, punctuation and Markdown
    /// markers. The later entry is flagged; the message names the earlier
    /// one's place.
    ///
    /// ## Why is this bad?
    /// A question asked twice is a duplicated entry: learners see the same
    /// card twice, and edits made to one copy never reach the other.
    ///
    /// ## Example
    /// ```markdown
    /// #### 7. 语音识别
    /// **题目：** 请讨论大模型在语音识别中的应用和面临的挑战。
    /// …
    /// #### 20. 语音识别
    /// **题目：** 请讨论大模型在语音识别中的应用和面临的挑战。
    /// ```
    ///
    /// ## Use instead
    /// Keep one of the two entries, or ask a different question in the second.
    code: "QB402",
    name: "duplicate-question",
    summary: "An entry's question repeats an earlier entry's question",
    severity: Error,
    fix: None,
    check: Run(check),
}

fn check(files: &[FileCtx<'_>], out: &mut Vec<Diagnostic>) {
    find_duplicates(files, out, &RULE, "question", |ctx, entry| {
        let section = entry.section(SectionKind::Question)?;
        Some((
            with_options(section.body.slice(ctx.text()), entry),
            section.body,
        ))
    });
}

/// A question's text, with a choice entry's options after it: two choice
/// questions that ask the same over other options are not the same.
pub(crate) fn with_options<'a>(question: &'a str, entry: &Entry) -> Cow<'a, str> {
    if entry.options.is_empty() {
        return Cow::Borrowed(question);
    }
    let mut key = question.to_owned();
    for o in &entry.options {
        key.push('\n');
        key.push_str(&o.text);
    }
    Cow::Owned(key)
}

/// An entry's key: its hash, the text it is the key of, the entry, where.
type Keyed<'a> = (u64, Cow<'a, str>, &'a Entry, Span);

/// Report every entry whose key (after normalisation) an earlier entry of the
/// run already had. Keys are computed file by file in parallel; only the
/// comparison runs in order.
pub(crate) fn find_duplicates<'a>(
    files: &'a [FileCtx<'a>],
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    what: &str,
    key: impl Fn(&'a FileCtx<'a>, &'a Entry) -> Option<(Cow<'a, str>, Span)> + Sync,
) {
    let keyed: Vec<Vec<Keyed<'a>>> = files
        .par_iter()
        .map(|ctx| {
            if ctx.settings.severity(rule).is_none() {
                return Vec::new();
            }
            ctx.file
                .document
                .entries
                .iter()
                .filter_map(|entry| {
                    let (text, span) = key(ctx, entry)?;
                    let (hash, empty) = comparison_hash(&text);
                    (!empty).then_some((hash, text, entry, span))
                })
                .collect()
        })
        .collect();
    // Keyed by hash, holding the first entry seen with it; entries whose
    // text differs but whose hash collides go to `more`. Texts are normalised
    // only when hashes meet, so a collision never makes a false duplicate and
    // a clean run builds no key at all.
    type Seen<'e> = (&'e str, usize, &'e Entry, Span);
    let total = keyed.iter().map(Vec::len).sum();
    let mut first: HashMap<u64, Seen<'_>, BuildHasherDefault<IdentityHasher>> =
        HashMap::with_capacity_and_hasher(total, BuildHasherDefault::default());
    let mut more: HashMap<u64, Vec<Seen<'_>>> = HashMap::new();
    for (file, entries) in keyed.iter().enumerate() {
        let ctx = &files[file];
        for (hash, text, entry, span) in entries {
            let seen: Seen<'_> = (text, file, entry, *span);
            let Some(&earliest) = first.get(hash) else {
                first.insert(*hash, seen);
                continue;
            };
            let normalized = normalize_for_comparison(text);
            let same = |s: &&Seen<'_>| normalize_for_comparison(s.0) == normalized;
            let found = std::iter::once(&earliest)
                .chain(more.get(hash).into_iter().flatten())
                .find(same)
                .map(|&(_, f, e, s)| (f, e, s));
            let Some((earlier_file, earlier, earlier_span)) = found else {
                more.entry(*hash).or_default().push(seen);
                continue;
            };
            out.push(duplicate(
                rule,
                what,
                (ctx, entry, *span),
                (&files[earlier_file], earlier, earlier_span),
            ));
        }
    }
}

/// The finding for `entry` (in `ctx`, at `span`), a duplicate of `earlier`.
fn duplicate(
    rule: &'static Rule,
    what: &str,
    (ctx, entry, span): (&FileCtx<'_>, &Entry, Span),
    (earlier_ctx, earlier, earlier_span): (&FileCtx<'_>, &Entry, Span),
) -> Diagnostic {
    let place = super::place(earlier_ctx, earlier.heading.span.start);
    Diagnostic::new(
        rule,
        ctx.index,
        span,
        format!(
            "{} has the same {what} as {} ({place})",
            super::entry_name(entry),
            super::entry_name(earlier),
        ),
    )
    .label(format!("same {what} as {}", super::entry_name(earlier)))
    .related(Related {
        file: earlier_ctx.index,
        span: earlier_span,
        message: format!("{} first has this {what}", super::entry_name(earlier)),
    })
    .help(format!("remove the duplicate entry, or reword its {what}"))
}
