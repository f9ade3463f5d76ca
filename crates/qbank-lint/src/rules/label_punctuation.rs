use crate::registry::declare_rule;
use crate::{Diagnostic, Edit, FileCtx, Fix};
use qbank_core::Colon;

declare_rule! {
    /// ## What it does
    /// Flags a section label whose colon differs from the colon most labels of
    /// the document use: an ASCII `:` among full-width `：`, or the reverse.
    /// English labels (`Answer:`) and Chinese ones (`答案：`) are compared
    /// only among themselves: a Chinese bank's English label may keep `:`.
    ///
    /// ## Why is this bad?
    /// Mixed punctuation is a sign of text pasted from elsewhere, and makes
    /// the bank look unedited. It also defeats simple searches such as
    /// `grep '答案：'`.
    ///
    /// ## Example
    /// ```markdown
    /// **题目：** …
    ///
    /// **答案:** …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// **题目：** …
    ///
    /// **答案：** …
    /// ```
    ///
    /// ## Fix
    /// Replaces the colon by the document's prevailing one (safe). On a tie,
    /// the first label's colon prevails.
    code: "QB404",
    name: "label-punctuation",
    summary: "A label's colon differs from the document's prevailing style",
    severity: Warning,
    fix: Always,
    check: File(check),
}

fn check(ctx: &FileCtx<'_>, out: &mut Vec<Diagnostic>) {
    let labels: Vec<_> = ctx
        .file
        .document
        .entries
        .iter()
        .flat_map(|e| &e.sections)
        .filter_map(|s| Some((s.label.colon?, s.label.colon_span?, s)))
        .collect();
    // English labels (`Answer:`) and Chinese ones (`答案：`) each follow
    // their own script's habit: compared only among themselves.
    for english in [false, true] {
        let group: Vec<_> = labels
            .iter()
            .filter(|l| l.2.label.text.is_ascii() == english)
            .copied()
            .collect();
        check_group(ctx, &group, out);
    }
}

fn check_group(
    ctx: &FileCtx<'_>,
    labels: &[(Colon, qbank_core::Span, &qbank_core::Section)],
    out: &mut Vec<Diagnostic>,
) {
    let Some(&(first, ..)) = labels.first() else {
        return;
    };
    let fullwidth = labels.iter().filter(|l| l.0 == Colon::Fullwidth).count();
    let ascii = labels.len() - fullwidth;
    let prevailing = match fullwidth.cmp(&ascii) {
        std::cmp::Ordering::Greater => Colon::Fullwidth,
        std::cmp::Ordering::Less => Colon::Ascii,
        std::cmp::Ordering::Equal => first,
    };
    let (count, name) = match prevailing {
        Colon::Fullwidth => (fullwidth, "full-width `：`"),
        Colon::Ascii => (ascii, "ASCII `:`"),
    };
    let script = if labels[0].2.label.text.is_ascii() {
        "English"
    } else {
        "Chinese"
    };
    for &(colon, span, section) in labels {
        if colon != prevailing {
            out.push(
                Diagnostic::new(
                    &RULE,
                    ctx.index,
                    span,
                    format!(
                        "the `{}` label uses `{}`, but {count} of the document's {} {script} labels use the {name}",
                        section.label.text,
                        colon.as_str(),
                        fullwidth + ascii
                    ),
                )
                .label(format!("expected `{}`", prevailing.as_str()))
                .help(format!("write `{}`", prevailing.as_str()))
                .fix(Fix::safe(
                    format!("replace `{}` by `{}`", colon.as_str(), prevailing.as_str()),
                    vec![Edit {
                        span,
                        replacement: prevailing.as_str().to_owned(),
                    }],
                )),
            );
        }
    }
}
