//! Exports written with `--text plain` or `--text html`. Their question,
//! answer, analysis and option cells are renderings of the source: code
//! fences, emphasis and links are gone (plain), or wrapped in tags (HTML).
//! Written back as they stand, they would damage the bank. So a cell equal
//! to the rendering of what its `source` says is unedited and taken back
//! as that Markdown; an edited one is refused, naming its row and column.
//!
//! JSON says how its texts are written (`"text"`, always `markdown`), XLSX
//! in a document property ([`TEXT_PROPERTY`]); CSV cannot say, so its mode
//! is inferred from the cells: each cell that only one rendering of its
//! source gives votes for that rendering.
//!
//! [`TEXT_PROPERTY`]: qbank_export::rows::TEXT_PROPERTY

use crate::assemble::same;
use crate::row::{ChoiceCell, Row};
use crate::{Error, Result};
use qbank_core::{Document as Model, Entry, SectionKind};
use qbank_export::TextFormat;
use qbank_export::rows::{EntryRow, LineCounter, entry_row};

/// Enough cells agreeing on one mode decide it: the rest are not rendered
/// three ways (a 120,000-entry CSV would render every cell).
const DECISIVE_VOTES: usize = 16;

/// The columns a `--text` mode renders.
const COLUMNS: [&str; 4] = ["question", "answer", "analysis", "options"];

/// What a document's rows are put back from: its path and parse options,
/// the head and tail of its text, and each row's own source (`None`: a new
/// row).
pub(crate) struct Sources<'a> {
    pub(crate) path: &'a str,
    pub(crate) options: &'a qbank_core::ParseOptions,
    pub(crate) head: &'a str,
    pub(crate) tail: &'a str,
    pub(crate) known: &'a [Option<&'a str>],
}

/// `rows` with every rendered cell of a plain or HTML export put back as
/// the Markdown it renders; `None` when every row is a Markdown export's
/// (nothing to put back). Read entry by entry: the model is never held.
///
/// # Errors
///
/// [`Error::Malformed`] naming the first edited cell of a plain or HTML
/// export, its row and column.
pub(crate) fn unrendered(sources: &Sources<'_>, rows: &[&Row]) -> Result<Option<Vec<Row>>> {
    if rows
        .iter()
        .all(|r| r.export.text == Some(TextFormat::Markdown))
    {
        return Ok(None);
    }
    let inferred = infer(sources, rows);
    let mode = |row: &Row| row.export.text.unwrap_or(inferred);
    if rows.iter().all(|r| mode(r) == TextFormat::Markdown) {
        return Ok(None);
    }
    let text = sources.text(sources.known.len());
    let known: Vec<usize> = (0..rows.len())
        .filter(|i| sources.known[*i].is_some())
        .collect();
    let mut out: Vec<Row> = rows.iter().map(|r| (*r).clone()).collect();
    // One line counter per mode: each moves forward only (going back
    // would count from the top again, quadratic in a large bank).
    let mut lines = [LineCounter::new(&text), LineCounter::new(&text)];
    let mut seen = 0usize;
    let mut failed: Option<Error> = None;
    qbank_core::parse_each(sources.path, &text, sources.options, |doc, entry| {
        let Some(row) = known.get(seen).and_then(|i| out.get_mut(*i)) else {
            return;
        };
        seen += 1;
        let m = mode(row);
        if m == TextFormat::Markdown || failed.is_some() {
            return;
        }
        let [md_lines, m_lines] = &mut lines;
        let each = [
            Cells::of(&text, doc, &entry, md_lines, TextFormat::Markdown),
            Cells::of(&text, doc, &entry, m_lines, m),
        ];
        if let Err(err) = put_back(row, &entry, &each, m) {
            failed = Some(err);
        }
    });
    match failed {
        Some(err) => Err(err),
        None => Ok(Some(out)),
    }
}

impl Sources<'_> {
    /// The text of the head and the first `n` rows' sources (all of them:
    /// the document as the rows' sources write it).
    fn text(&self, n: usize) -> String {
        let pieces = self.known.iter().take(n).flatten().copied();
        let tail = if n >= self.known.len() { self.tail } else { "" };
        crate::assemble::joined(self.head, pieces, tail)
    }
}

/// The mode of the rows whose export does not say: the one most of their
/// cells agree on; Markdown when none votes (every cell reads the same in
/// all three, or was edited). The first rows are read first (256, then
/// eight times as many, until the votes decide), so that a Markdown bank
/// is not read twice whole.
fn infer(sources: &Sources<'_>, rows: &[&Row]) -> TextFormat {
    let mut n = 256usize;
    loop {
        let votes = votes(sources, rows, n);
        let decided = votes.iter().any(|v| *v >= DECISIVE_VOTES);
        if decided || n >= rows.len() {
            // Ties go to Markdown (the first): its cells are taken as
            // written.
            let best = (0..3).max_by_key(|i| (votes[*i], usize::from(*i == 0)));
            return match best {
                Some(i) if votes[i] > 0 => MODES[i],
                _ => TextFormat::Markdown,
            };
        }
        n = n.saturating_mul(8);
    }
}

/// The votes of the cells of the first `n` rows (see [`vote`]).
fn votes(sources: &Sources<'_>, rows: &[&Row], n: usize) -> [usize; 3] {
    let text = sources.text(n);
    let known: Vec<&Row> = rows
        .iter()
        .take(n)
        .zip(sources.known)
        .filter(|(_, k)| k.is_some())
        .map(|(r, _)| *r)
        .collect();
    let mut votes = [0usize; 3];
    let mut lines = LineCounter::new(&text);
    let mut seen = 0usize;
    qbank_core::parse_each(sources.path, &text, sources.options, |doc, entry| {
        let Some(row) = known.get(seen) else { return };
        seen += 1;
        if row.export.text.is_some() || votes.iter().any(|v| *v >= DECISIVE_VOTES) {
            return;
        }
        let markdown = Cells::of(&text, doc, &entry, &mut lines, TextFormat::Markdown);
        let mut rendered = [None, None];
        for (column, cell) in COLUMNS.iter().zip(row_cells(row)) {
            if let Some(mode) = vote(&markdown, &mut rendered, column, &cell, |m| {
                Cells::of(&text, doc, &entry, &mut LineCounter::new(""), m)
            }) {
                votes[mode] += 1;
            }
        }
    });
    votes
}

const MODES: [TextFormat; 3] = [TextFormat::Markdown, TextFormat::Plain, TextFormat::Html];

/// The one mode (index in [`MODES`]) whose rendering of `column` `cell`
/// agrees with, if only one does. The plain and HTML renderings are made
/// (by `render`, once per entry) only where they could decide: plain text
/// where the Markdown has a character that markup is made of, HTML where
/// the cell starts with a tag. So a bank without markup, whose cells read
/// the same in Markdown and plain text, is not rendered at all.
fn vote(
    markdown: &Cells,
    rendered: &mut [Option<Cells>; 2],
    column: &str,
    cell: &str,
    mut render: impl FnMut(TextFormat) -> Cells,
) -> Option<usize> {
    let source = markdown.get(column);
    if source.trim().is_empty() {
        return None;
    }
    let as_md = same(source, cell);
    let as_plain = if source.bytes().any(|b| MARKUP.contains(&b)) {
        let plain = rendered[0].get_or_insert_with(|| render(TextFormat::Plain));
        same(plain.get(column), cell)
    } else {
        // Without markup, plain text is the Markdown (whitespace aside).
        as_md
    };
    let as_html = cell.trim_start().starts_with('<') && {
        let html = rendered[1].get_or_insert_with(|| render(TextFormat::Html));
        same(html.get(column), cell)
    };
    match (as_md, as_plain, as_html) {
        (true, false, false) => Some(0),
        (false, true, false) => Some(1),
        (false, false, true) => Some(2),
        _ => None,
    }
}

/// The characters Markdown markup is made of: a text without any renders
/// to itself as plain text (`to_plain` keeps list numbers and bullets).
const MARKUP: &[u8] = b"\\`*_[]()<>!#|~&$=+-";

/// A row's cells in the order of [`COLUMNS`] (the options as the export
/// writes them: `A. text` lines).
fn row_cells(row: &Row) -> [String; 4] {
    let options = row.choice.as_ref().map(option_lines).unwrap_or_default();
    [
        row.question.clone().unwrap_or_default(),
        row.answer.clone().unwrap_or_default(),
        row.analysis.clone().unwrap_or_default(),
        options,
    ]
}

fn option_lines(choice: &ChoiceCell) -> String {
    let lines: Vec<String> = choice
        .options
        .iter()
        .enumerate()
        .map(|(i, (label, text))| match label {
            Some(l) => format!("{l}. {text}"),
            None => format!("{}. {text}", i + 1),
        })
        .collect();
    lines.join("\n")
}

/// What an export in one mode wrote in the rendered columns of an entry.
struct Cells {
    question: String,
    answer: String,
    analysis: String,
    options: String,
}

impl Cells {
    fn of(
        text: &str,
        model: &Model,
        entry: &Entry,
        lines: &mut LineCounter<'_>,
        mode: TextFormat,
    ) -> Cells {
        let row: EntryRow<'_> = entry_row(text, model, entry, mode, lines);
        let owned =
            |c: Option<std::borrow::Cow<'_, str>>| c.map(|c| c.into_owned()).unwrap_or_default();
        Cells {
            question: owned(row.question),
            answer: owned(row.answer),
            analysis: owned(row.analysis),
            // Read back as a row reads it, so that both sides compare alike.
            options: ChoiceCell::from_cells(&row.options, &row.correct)
                .as_ref()
                .map(option_lines)
                .unwrap_or_default(),
        }
    }

    fn get(&self, column: &str) -> &str {
        match column {
            "question" => &self.question,
            "answer" => &self.answer,
            "analysis" => &self.analysis,
            _ => &self.options,
        }
    }
}

/// `row`'s rendered cells (as `rendered` says an unedited export wrote
/// them, in `mode`) put back as the Markdown they render (`markdown`), or
/// the first edited one refused.
fn put_back(row: &mut Row, entry: &Entry, each: &[Cells; 2], mode: TextFormat) -> Result<()> {
    let [markdown, rendered] = each;
    for column in ["question", "answer", "analysis"] {
        let cell = match column {
            "question" => &mut row.question,
            "answer" => &mut row.answer,
            _ => &mut row.analysis,
        };
        if same(cell.as_deref().unwrap_or(""), rendered.get(column)) {
            let source = markdown.get(column).trim();
            *cell = (!source.is_empty()).then(|| source.to_owned());
        } else if column != "answer" || entry.section(SectionKind::Answer).is_some() {
            // A cloze's answer cell without an answer section is its
            // deletions, the same in every mode: edited like any other.
            return Err(refused(row, column, mode));
        }
    }
    if let Some(choice) = &mut row.choice {
        if !same(&option_lines(choice), rendered.get("options")) {
            return Err(refused(row, "options", mode));
        }
        let source = ChoiceCell::from_cells(markdown.get("options"), "");
        match source {
            Some(source) if source.options.len() == choice.options.len() => {
                choice.options = source.options;
            }
            _ => return Err(refused(row, "options", mode)),
        }
    }
    Ok(())
}

/// The error for an edited `column` of a `mode` export.
fn refused(row: &Row, column: &str, mode: TextFormat) -> Error {
    let how = if row.export.text.is_some() {
        format!("this export was written with `--text {}`", mode.name())
    } else {
        format!(
            "this export's cells are {} (as their `source` renders; a CSV does not record `--text`)",
            if mode == TextFormat::Html {
                "HTML"
            } else {
                "plain text"
            }
        )
    };
    Error::malformed(
        &row.export.name,
        format!("{}, column `{column}`", row.place),
        format!(
            "edited, but {how}: its texts lost the Markdown they came from, and writing the \
             edit back would change the rest of the entry; undo the edit, or export again with \
             `--text markdown` and edit that"
        ),
    )
}
