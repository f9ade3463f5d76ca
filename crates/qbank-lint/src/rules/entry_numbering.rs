use crate::registry::declare_rule;
use crate::{Diagnostic, Edit, FileCtx, Fix};
use qbank_core::Entry;

declare_rule! {
    /// ## What it does
    /// Flags entries that do not run 1, 2, 3… in order: a gap, a repeated
    /// number, or numbers out of order. Each entry is compared with the one
    /// before it as written, so one missing number is one finding, not one
    /// for every later entry. Numbering that starts again at 1 under a new
    /// group heading (`## SQL` 1–11, then `## Python` 1–14) is a new
    /// sequence, not a break. List-item entries all written `1.` are
    /// numbered by Markdown itself (it renders them 1, 2, 3…): not flagged.
    /// Nor is a gap, between entries that are list items or paragraphs,
    /// whose missing number starts a line between them (`5.` that the
    /// reader did not take for an entry): that is a gap in the reading, and
    /// renumbering would damage the bank.
    ///
    /// ## Why is this bad?
    /// Entry numbers are how editors and learners refer to entries ("see
    /// question 12"). Gaps and repeats usually mean an entry was deleted,
    /// duplicated or pasted in the wrong place.
    ///
    /// ## Example
    /// ```markdown
    /// #### 1. 数据预处理
    /// #### 2. 模型并行
    /// #### 4. 推理优化
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// #### 1. 数据预处理
    /// #### 2. 模型并行
    /// #### 3. 推理优化
    /// ```
    ///
    /// ## Fix
    /// For a gap or a repeat: renumbers the entry and the entries that follow
    /// it in sequence, up to the next break (safe: it shifts one block of
    /// consecutive numbers; the fix's message names the headings it changes,
    /// `renumber 3 headings from line 40: 5→4 … 7→6`). `--fix` repeats until
    /// the numbering is whole. An entry out of order (`4` after `5`) gets no
    /// fix: it was moved, and renumbering would hide that. For entries that
    /// are list items of several lines, a number that changes width
    /// (`9.` → `10.`) would move the item's content: that fix is offered,
    /// never applied by `--fix`.
    /// Numbers written in Chinese numerals are reported but not rewritten.
    code: "QB201",
    name: "entry-numbering",
    summary: "Entries do not run 1, 2, 3… without gap, repeat or disorder",
    severity: Error,
    fix: Sometimes,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let entries: Vec<&Entry> = ctx
        .file
        .document
        .entries
        .iter()
        .filter(|e| e.number.is_some() && e.heading.number_span.is_some())
        .collect();
    // List items all written `1.` are numbered by Markdown itself (it
    // renders 1, 2, 3…): nothing to judge.
    let lazy = entries
        .iter()
        .all(|e| e.marker == qbank_core::Marker::ListItem && e.number == Some(1));
    if lazy && entries.len() > 1 {
        return;
    }
    // Each entry is judged against the one before it, as written: a gap or
    // a repeat is one finding, not one per later entry.
    let mut previous: Option<&Entry> = None;
    for (i, entry) in entries.iter().enumerate() {
        let number = entry.number.unwrap_or(0);
        let expected = match previous {
            // Numbering that starts again at 1 under a new group heading
            // (`## SQL` 1–11, `## Python` 1–14) is a new sequence.
            Some(p) if number == 1 && p.category != entry.category => 1,
            Some(p) => p.number.unwrap_or(0) + 1,
            None => 1,
        };
        let before = previous.map_or(0, |p| p.span.end);
        previous = Some(entry);
        if number == expected {
            continue;
        }
        // The missing number is written between the two entries (an item
        // the reader did not take for an entry): a gap in the reading, not
        // in the numbering. Renumbering would damage the bank.
        let unread = !entry.marker.is_heading()
            && written_between(ctx.text(), before, entry.span.start, expected);
        if number > expected && unread {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| entries[j].number);
        let message = match prev {
            None => format!("the first entry is numbered {number}, not 1"),
            Some(p) if p == number => format!("entry {number} repeats the number before it"),
            Some(p) if number < p => format!("entry {number} comes after entry {p}"),
            Some(p) if number == expected + 1 => {
                format!("entry {number} follows entry {p}: {expected} is missing")
            }
            Some(p) if number > expected => {
                format!(
                    "entry {number} follows entry {p}: {expected}–{} are missing",
                    number - 1
                )
            }
            Some(p) => format!("entry {number} follows entry {p}"),
        };
        let span = entry.heading.number_span.unwrap_or_default();
        let mut d = Diagnostic::new(&RULE, ctx.index, span, message)
            .label(format!("expected {expected}"))
            .help(format!("renumber it {expected}, and the entries after it"));
        // Out of order: an entry moved, or two swapped; renumbering would
        // hide it rather than mend it, so no fix is offered.
        let disorder = prev.is_some_and(|p| number < p);
        if let Some(fix) = renumber(ctx, &entries[i..], expected).filter(|_| !disorder) {
            d = d.fix(fix);
        }
        out.push(d);
    }
}

/// Whether a line between `from` and `to` opens with the number `n`, at
/// its very start (`12.`, `12)`, `12、`, `**12.**`): where a reader of
/// list-item or paragraph entries would have seen an entry. (A numbered
/// item inside an answer is indented or under a heading entry: entries
/// that are headings never take this way out.)
fn written_between(text: &str, from: u32, to: u32, n: u64) -> bool {
    let Some(between) = text.get(from as usize..to as usize) else {
        return false;
    };
    let digits = n.to_string();
    between.lines().any(|line| {
        let t = line.strip_prefix("**").unwrap_or(line);
        t.strip_prefix(digits.as_str())
            .is_some_and(|rest| rest.starts_with(['.', ')', '、', '．', '）']))
    })
}

/// Renumber this entry and the ones that follow it in sequence (up to the
/// next break, which is a finding of its own) from `first` on, saying which
/// headings change. Offered only when every number is plain digits (not
/// `一、`): then the fix shifts one block of consecutive numbers and decides
/// nothing else.
fn renumber(ctx: &FileCtx<'_>, rest: &[&Entry], first: u64) -> Option<Fix> {
    let text = ctx.text();
    let head = rest.first()?;
    let run: Vec<&Entry> = std::iter::once(*head)
        .chain(
            rest.windows(2)
                .take_while(|w| {
                    w[1].category == w[0].category
                        && w[1]
                            .number
                            .zip(w[0].number)
                            .is_some_and(|(b, a)| b == a + 1)
                })
                .map(|w| w[1]),
        )
        .collect();
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    let mut moves_content = false;
    for (k, entry) in run.iter().enumerate() {
        let span = entry.heading.number_span?;
        if !span.slice(text).bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let new = first + k as u64;
        // A list-item entry of several lines whose number changes width
        // (`9.` → `10.`) would move its content out of the item's
        // indentation: offered, not applied (as list-numbering does).
        moves_content |= entry.marker == qbank_core::Marker::ListItem
            && new.to_string().len() != span.len()
            && entry.span.slice(text).trim_end().contains('\n');
        if entry.number != Some(new) {
            changes.push(format!("{}→{new}", entry.number.unwrap_or(0)));
            edits.push(Edit {
                span,
                replacement: new.to_string(),
            });
        }
    }
    let message = match changes.len() {
        0 => return None,
        1 => format!("renumber {}", changes[0]),
        n => format!(
            "renumber {n} headings from line {}: {} … {}",
            ctx.line(head.heading.span.start),
            changes[0],
            changes[n - 1]
        ),
    };
    let mut fix = Fix::safe(message, edits);
    if moves_content {
        fix.applicability = crate::diagnostic::Applicability::Unsafe;
    }
    Some(fix)
}
