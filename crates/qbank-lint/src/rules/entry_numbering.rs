use crate::registry::declare_rule;
use crate::{Diagnostic, Edit, FileCtx, Fix};

declare_rule! {
    /// ## What it does
    /// Flags entries that do not run 1, 2, 3… in order: a gap, a repeated
    /// number, or numbers out of order.
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
    /// Renumbers the entries 1, 2, 3… in document order (safe). Numbers written
    /// in Chinese numerals are reported but not rewritten.
    code: "QB201",
    name: "entry-numbering",
    summary: "Entries do not run 1, 2, 3… without gap, repeat or disorder",
    severity: Error,
    fix: Sometimes,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text();
    let mut previous: Option<u64> = None;
    for (i, entry) in ctx.file.document.entries.iter().enumerate() {
        let expected = i as u64 + 1;
        let (Some(number), Some(span)) = (entry.number, entry.heading.number_span) else {
            continue;
        };
        if number != expected {
            let why = match previous {
                Some(p) if p == number => format!("repeats entry number {number}"),
                Some(p) if number < p => format!("is numbered {number} after {p}"),
                _ if number > expected => format!("is numbered {number}, skipping {expected}"),
                _ => format!("is numbered {number}"),
            };
            let mut d = Diagnostic::new(
                &RULE,
                ctx.index,
                span,
                format!(
                    "the {} entry {why}; entries run 1, 2, 3…",
                    ordinal(expected)
                ),
            )
            .label(format!("expected {expected}"))
            .help(format!(
                "renumber it {expected} (`qbank check --fix` renumbers every entry)"
            ));
            if span.slice(text).bytes().all(|b| b.is_ascii_digit()) {
                d = d.fix(Fix::safe(
                    format!("renumber {number} to {expected}"),
                    vec![Edit {
                        span,
                        replacement: expected.to_string(),
                    }],
                ));
            }
            out.push(d);
        }
        previous = Some(number);
    }
}

fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
