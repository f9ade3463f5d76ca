use crate::registry::declare_rule;
use crate::{Diagnostic, FileCtx};
use qbank_core::{Entry, Span};

declare_rule! {
    /// ## What it does
    /// Flags a stretch of a bank that looks like entries but was not read
    /// as any: between numbered entries that are list items or paragraphs,
    /// lines that start with the numbers the reading skipped (`4. …` between
    /// entries 3 and 5), or, after the last entry, with the number that
    /// would come next. One finding per stretch, with its lines and its
    /// first line.
    ///
    /// ## Why is this bad?
    /// Those questions are missing from every export, silently. qbank
    /// reads many shapes, but not every one (options written as code
    /// blocks, for one); it says so rather than guess.
    ///
    /// ## Example
    /// ````markdown
    /// 1. What does `print(1 + 1)` print?
    ///    - A. 11
    ///    - **B. 2**
    ///
    /// Numbers add; strings join.
    ///
    /// 2. Pick the line that prints `ab`.
    ///
    /// a.
    /// ```python
    /// print("a" "b")
    /// ```
    ///
    /// 3. Which keyword defines a function?
    ///    - A. func
    ///    - **B. def**
    /// ````
    ///
    /// ## Use instead
    /// Write the unread entry as the others are (options as lettered items,
    /// code inside them), or pin how the bank is read with `[entries]` in
    /// `qbank.toml`; `qbank inspect` shows how it was read.
    code: "QB108",
    name: "unread-region",
    summary: "Lines that look like entries were not read as any",
    severity: Warning,
    fix: None,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.file.document;
    let text = ctx.text();
    let entries: Vec<&Entry> = doc
        .entries
        .iter()
        .filter(|e| !e.marker.is_heading() && e.number.is_some())
        .collect();
    let mut gaps: Vec<(u32, u32, u64, u64)> = entries
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (w[0].number?, w[1].number?);
            (b > a + 1).then_some((w[0].span.end, w[1].span.start, a + 1, b - 1))
        })
        .collect();
    if let Some(last) = entries.last() {
        let next = last.number.unwrap_or(0) + 1;
        let end = doc
            .answer_key
            .as_ref()
            .map_or(text.len() as u32, |k| k.span.start);
        gaps.push((last.span.end, end, next, next));
    }
    for (from, to, first, last) in gaps {
        if let Some((start, number, line)) = first_numbered(text, from, to, first, last) {
            let end = text[start as usize..to as usize].trim_end().len() as u32 + start;
            out.push(unread(
                ctx,
                Span::new(start as usize, end as usize),
                number,
                line,
            ));
        }
    }
}

/// The finding for one unread stretch.
fn unread(ctx: &FileCtx<'_>, span: Span, number: u64, line: &str) -> Diagnostic {
    let (first, last) = (ctx.line(span.start), ctx.line(span.end.max(1) - 1));
    let mut shown: String = line.chars().take(60).collect();
    if shown.len() < line.len() {
        shown.push('…');
    }
    Diagnostic::new(
        &RULE,
        ctx.index,
        Span::new(span.start as usize, span.start as usize + line.len()),
        format!(
            "lines {first}–{last} look like entry {number} (\"{shown}\"), but were not read as one"
        ),
    )
    .label("not read as an entry")
    .help(
        "write it as the other entries are (`qbank inspect` shows how the file was read), \
         or pin the reading with `[entries]` in qbank.toml",
    )
}

/// The first line between `from` and `to` that starts, at its very start,
/// with a number from `first` to `last` (`4.`, `4)`, `4、`, `**4.**`).
fn first_numbered(
    text: &str,
    from: u32,
    to: u32,
    first: u64,
    last: u64,
) -> Option<(u32, u64, &str)> {
    let between = text.get(from as usize..to as usize)?;
    let mut at = from;
    for line in between.split_inclusive('\n') {
        let start = at;
        at += line.len() as u32;
        let t = line.strip_prefix("**").unwrap_or(line);
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let Some(n) = t[..digits]
            .parse::<u64>()
            .ok()
            .filter(|n| (first..=last).contains(n))
        else {
            continue;
        };
        if t[digits..].starts_with(['.', ')', '、', '．', '）']) {
            return Some((start, n, line.trim_end()));
        }
    }
    None
}
