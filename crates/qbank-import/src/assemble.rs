//! Rows back into Markdown. Each document is put together from its rows'
//! sources (new rows copy the shape of the entry before them), parsed, and
//! compared with the rows: where a title, a section, an option, a correct
//! mark or a graded answer differs, the Markdown is edited in place, at the
//! span the parser found (a graded edit is then read back, see
//! `graded.rs`). Rows without any source are written in a canonical shape.
//! Then [`qbank_fmt`] gives the canonical form (numbering follows the rows'
//! order).

use crate::graded::Status;
use crate::row::{ChoiceCell, Row};
use crate::{DocOptions, Document};
use qbank_core::{Document as Model, Entry, LabelStyle, Labels, SectionKind, Source, Span};
use qbank_export::rows::{CRLF_MARK, HEAD_MARK, TAIL_MARK};

/// The documents of `rows`, in the order their first rows come, each read
/// and written with `options(path)`.
///
/// # Errors
///
/// [`crate::Error::Malformed`] for an edited cell of an export whose texts
/// are plain text or HTML (see [`crate::Export`]), or a graded cell whose
/// edit cannot be written back (see `graded.rs`).
pub fn documents(
    rows: &[Row],
    options: impl Fn(&str) -> DocOptions,
) -> crate::Result<Vec<Document>> {
    let mut order: Vec<&str> = Vec::new();
    for row in rows {
        if !order.contains(&row.file.as_str()) {
            order.push(&row.file);
        }
    }
    order
        .into_iter()
        .map(|path| {
            let options = options(path);
            let mine: Vec<&Row> = rows.iter().filter(|r| r.file == path).collect();
            let (text, crlf) = rebuilt(path, &options, &mine)?;
            Ok(finished(path, &options, text, crlf))
        })
        .collect()
}

/// [`documents`] of rows given up: each document's rows are freed once its
/// text is put together, before it is formatted (they hold every cell of
/// every entry, as much as the bank and more).
///
/// # Errors
///
/// As [`documents`].
pub fn into_documents(
    rows: Vec<Row>,
    options: impl Fn(&str) -> DocOptions,
) -> crate::Result<Vec<Document>> {
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(path, _)| *path == row.file) {
            Some((_, group)) => group.push(row),
            None => groups.push((row.file.clone(), vec![row])),
        }
    }
    groups
        .into_iter()
        .map(|(path, group)| {
            let options = options(&path);
            let mine: Vec<&Row> = group.iter().collect();
            let (text, crlf) = rebuilt(&path, &options, &mine)?;
            drop(mine);
            drop(group);
            Ok(finished(&path, &options, text, crlf))
        })
        .collect()
}

/// One document's text from its rows, not yet formatted, and whether it
/// was written with `\r\n` (its first source says so, see `CRLF_MARK`).
fn rebuilt(path: &str, options: &DocOptions, mine: &[&Row]) -> crate::Result<(String, bool)> {
    let doc = Doc { path, options };
    let text = from_sources(&doc, mine)?.unwrap_or_else(|| canonical(mine, &options.parse.labels));
    let crlf = mine.iter().any(|r| {
        r.source
            .as_deref()
            .is_some_and(|s| s.starts_with(CRLF_MARK))
    });
    Ok((text, crlf))
}

/// The document: `text` formatted, with `\r\n` line breaks where the file
/// had them.
fn finished(path: &str, options: &DocOptions, text: String, crlf: bool) -> Document {
    let text = Doc { path, options }.format(text);
    Document {
        path: path.to_owned(),
        text: if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        },
    }
}

/// The document being put back together: its path and options.
struct Doc<'a> {
    path: &'a str,
    options: &'a DocOptions,
}

impl Doc<'_> {
    /// `text` read entry by entry against `rows` (see [`Read`]).
    fn read<'r>(&self, text: &str, rows: &[&'r Row], before: &[Marks]) -> Read<'r> {
        let mut read = Read::default();
        let head = qbank_core::parse_each(self.path, text, &self.options.parse, |_, entry| {
            read.entry(text, &entry, rows, before);
        });
        read.head = head;
        read
    }

    fn format(&self, text: String) -> String {
        let source = Source {
            path: self.path.to_owned(),
            text,
            ..Source::default()
        };
        qbank_fmt::format(&source, &self.options.parse, &self.options.fmt).text
    }

    fn labels(&self) -> &Labels {
        &self.options.parse.labels
    }
}

/// A row's source without the document's head and tail.
fn own_source(source: &str) -> &str {
    let source = unmarked(source);
    let body = source.split_once(HEAD_MARK).map_or(source, |(_, b)| b);
    body.rsplit_once(TAIL_MARK).map_or(body, |(b, _)| b)
}

/// A source without the line-break mark of a document's first entry.
fn unmarked(source: &str) -> &str {
    source.strip_prefix(CRLF_MARK).unwrap_or(source)
}

/// The document from its rows' sources, edited where the other columns
/// differ; `None` when the rows carry no source, or the sources do not read
/// back as one entry per row (then the canonical shape is written); an
/// error for an edited cell of a plain-text or HTML export.
fn from_sources(doc: &Doc<'_>, rows: &[&Row]) -> crate::Result<Option<String>> {
    let head = rows
        .iter()
        .find_map(|r| {
            unmarked(r.source.as_deref()?)
                .split_once(HEAD_MARK)
                .map(|(h, _)| h)
        })
        .unwrap_or("");
    let tail = rows
        .iter()
        .find_map(|r| r.source.as_deref()?.rsplit_once(TAIL_MARK).map(|(_, t)| t))
        .unwrap_or("");
    let known: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.source.as_deref().map(own_source))
        .collect();
    if known.iter().all(Option::is_none) {
        return Ok(None);
    }
    // A plain-text or HTML export's cells, put back as the Markdown they
    // render (or refused where edited).
    let sources = crate::rendered::Sources {
        path: doc.path,
        options: &doc.options.parse,
        head,
        tail,
        known: &known,
    };
    let markdown = crate::rendered::unrendered(&sources, rows)?;
    let refs: Vec<&Row>;
    let rows = match &markdown {
        Some(owned) => {
            refs = owned.iter().collect();
            refs.as_slice()
        }
        None => rows,
    };
    edited(doc, head, tail, &known, rows)
}

/// The document of the rows' sources with the rows' new entries and edits
/// made; `None` as in [`from_sources`]; an error for a graded cell whose
/// edit cannot be written back, or was not read back as the cell says.
fn edited(
    doc: &Doc<'_>,
    head: &str,
    tail: &str,
    known: &[Option<&str>],
    rows: &[&Row],
) -> crate::Result<Option<String>> {
    let Some((text, mut read, before)) = first_read(doc, head, tail, known, rows) else {
        return Ok(None);
    };
    // Each step reads the text again only when the step before changed it:
    // an import of an unedited export reads the bank once (and fmt once
    // more), and never holds its model (a 120,000-entry bank took five
    // parses and their models at once before).
    if read.entries != rows.len() {
        return Ok(None);
    }
    let graded = std::mem::take(&mut read.graded);
    let edits = read.content_edits(doc.labels());
    let reread = !edits.is_empty();
    let (text, mut read) = applied(doc, text, read, edits, rows, &before);
    if read.entries != rows.len() {
        return Ok(None);
    }
    graded_read_back(graded, reread.then_some(read.graded.as_slice()), rows)?;
    let edits = std::mem::take(&mut read.marks);
    let (text, read) = applied(doc, text, read, edits, rows, &before);
    let edits = document_edits(&text, &read, rows);
    Ok(Some(if edits.is_empty() {
        text
    } else {
        apply(&text, edits)
    }))
}

/// The graded cells' edits (`asked`: from the first reading), checked
/// against the reading of the text they were made in (`now`; `None` when
/// no edit was made, so the text was not read again): each entry must
/// then grade what its row says. The first refusal of the first reading
/// is the error, else the first edit that did not come back.
fn graded_read_back(
    asked: Vec<GradedRead>,
    now: Option<&[GradedRead]>,
    rows: &[&Row],
) -> crate::Result<()> {
    let mut pending = Vec::new();
    for (i, status, answer_edited) in asked {
        match status {
            Status::Refused(err) => return Err(err),
            Status::Differs { got } => pending.push((i, got, answer_edited)),
        }
    }
    for (i, before, answer_edited) in pending {
        let got = match now {
            None => Some(before.as_str()),
            Some(now) => now.iter().find(|(j, ..)| *j == i).map(|(_, s, _)| match s {
                Status::Differs { got } => got.as_str(),
                Status::Refused(_) => "",
            }),
        };
        if let (Some(got), Some(row)) = (got, rows.get(i)) {
            return Err(crate::graded::unread(row, got, answer_edited));
        }
    }
    Ok(())
}

/// What one reading says of a row's graded cell: the row's index, how the
/// entry compares with it, and whether the row's answer cell is edited too.
type GradedRead = (usize, Status, bool);

/// The text the rows' edits apply to (the known rows' sources, and copies
/// for new rows), its first reading, and each row's correct marks as its
/// source said them; `None` when there is no source, or the sources do not
/// read back as one entry each.
fn first_read<'r>(
    doc: &Doc<'_>,
    head: &str,
    tail: &str,
    known: &[Option<&str>],
    rows: &[&'r Row],
) -> Option<(String, Read<'r>, Vec<Marks>)> {
    let count = known.iter().flatten().count();
    if count == 0 {
        return None;
    }
    // What each known row's entry says before any edit (its correct marks),
    // and the entries that new rows copy (their spans): read entry by
    // entry, the model never held. Where every row is known (an unedited
    // export) this reading is the first step's too: the text is the one
    // the rows' edits apply to, and no mark differs from what the source
    // said yet, so none is edited.
    let unedited = joined(head, known.iter().flatten().copied(), tail);
    let all_known = count == rows.len();
    let mut read = doc.read(&unedited, if all_known { rows } else { &[] }, &[]);
    if read.entries != count {
        return None;
    }
    if all_known {
        let before = std::mem::take(&mut read.seen)
            .into_iter()
            .map(Some)
            .collect();
        return Some((unedited, read, before));
    }
    let before = original_marks(read.seen, known);
    let text = with_new_rows(head, tail, known, &unedited, &read.spans)?;
    drop(unedited);
    let read = doc.read(&text, rows, &before);
    Some((text, read, before))
}

/// A row's correct marks as its source said them (`None`: a new row).
type Marks = Option<Vec<bool>>;

/// `text` with `edits` made, and read again only if they changed
/// anything.
fn applied<'r>(
    doc: &Doc<'_>,
    text: String,
    read: Read<'r>,
    edits: Vec<(Span, String)>,
    rows: &[&'r Row],
    before: &[Marks],
) -> (String, Read<'r>) {
    if edits.is_empty() {
        return (text, read);
    }
    drop(read);
    let text = apply(&text, edits);
    let read = doc.read(&text, rows, before);
    (text, read)
}

/// What one reading of the text gives, entry by entry, each entry with its
/// row: the edits each step asks for, and what the document's edits need
/// (its head, and the groups rows may rename). Each step uses the edits it
/// makes from a reading of the text as the step before left it.
#[derive(Default)]
struct Read<'r> {
    /// The document without its entries (title, headings outside them).
    head: Model,
    /// How many entries it has.
    entries: usize,
    /// Where each entry is.
    spans: Vec<Span>,
    /// Each entry's correct marks (one per option).
    seen: Vec<Vec<bool>>,
    /// Titles, sections and option texts the rows change; a new section's
    /// replacement is written once the whole document is read.
    content: Vec<(Span, String)>,
    /// New sections: their index in `content`, kind and body.
    new_sections: Vec<(usize, SectionKind, &'r str)>,
    /// How the document writes each kind of section (see [`Written`]).
    written: [Option<Written>; 3],
    /// Correct marks the rows change.
    marks: Vec<(Span, String)>,
    /// Entries whose rows give as many groups as they have: the row's
    /// index, where the entry starts, and its groups.
    groups: Vec<(usize, u32, Vec<String>)>,
    /// Rows whose graded cells differ from their entries' (their edits are
    /// in `content`), or cannot be written back.
    graded: Vec<GradedRead>,
}

/// How a document writes a kind of section, from the first entry that
/// says: with no label (answers standing under their questions), or with
/// this label and gap after it.
enum Written {
    Bare,
    Labelled { label: String, gap: String },
}

impl<'r> Read<'r> {
    fn entry(&mut self, text: &str, entry: &Entry, rows: &[&'r Row], before: &[Marks]) {
        let i = self.entries;
        self.entries += 1;
        self.spans.push(entry.span);
        self.seen
            .push(entry.options.iter().map(|o| o.correct).collect());
        for (kind, written) in SectionKind::ALL.into_iter().zip(&mut self.written) {
            if written.is_none() {
                *written = entry.section(kind).and_then(|s| how_written(text, kind, s));
            }
        }
        let Some(row) = rows.get(i) else { return };
        content_edits(text, entry, row, &mut self.content, &mut self.new_sections);
        if row.graded.is_some() {
            let answer_edited = answer_edited(text, entry, row);
            let graded = crate::graded::edits(text, entry, row, answer_edited, &mut self.content);
            if let Some(status) = graded {
                self.graded.push((i, status, answer_edited));
            }
        }
        if let Some(before) = before.get(i) {
            mark_edits(text, entry, row, before.as_ref(), &mut self.marks);
        }
        if let Some(wanted) = &row.category {
            if wanted.len() == entry.category.len() {
                self.groups
                    .push((i, entry.span.start, entry.category.clone()));
            }
        }
    }

    /// The content edits, new sections written as the document writes
    /// their kind.
    fn content_edits(&self, labels: &Labels) -> Vec<(Span, String)> {
        let mut edits = self.content.clone();
        for (at, kind, body) in &self.new_sections {
            let written = self.written[kind_index(*kind)].as_ref();
            if let Some(edit) = edits.get_mut(*at) {
                edit.1 = format!("\n\n{}", new_section(written, labels, *kind, body));
            }
        }
        edits
    }
}

fn kind_index(kind: SectionKind) -> usize {
    SectionKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// How `section` says its kind is written, if it says (see [`new_section`]).
fn how_written(text: &str, kind: SectionKind, s: &qbank_core::Section) -> Option<Written> {
    match s.label.style {
        LabelStyle::Implicit if kind == SectionKind::Answer => Some(Written::Bare),
        LabelStyle::Bold
        | LabelStyle::BoldColonOutside
        | LabelStyle::Plain
        | LabelStyle::Heading
            if !s.body.is_empty() =>
        {
            let label = s.label.span.slice(text).trim().to_owned();
            let gap = text
                .get(s.label.span.end as usize..s.body.start as usize)
                .filter(|g| g.len() <= 8)
                .unwrap_or(" ")
                .to_owned();
            Some(Written::Labelled { label, gap })
        }
        _ => None,
    }
}

/// The document's title and group headings, where the rows rename them (a
/// group heading only when every row under it gives it the same new name).
fn document_edits(text: &str, read: &Read<'_>, rows: &[&Row]) -> Vec<(Span, String)> {
    let mut edits = Vec::new();
    let wanted = rows.iter().find_map(|r| r.document_title.as_deref());
    if let (Some(title), Some(wanted)) = (&read.head.title, wanted) {
        if title.level > 0 && !same(&title.text, wanted) {
            let hashes = "#".repeat(usize::from(title.level));
            edits.push((title.span, format!("{hashes} {}", wanted.trim())));
        }
    }
    for (span, old, new) in group_renames(text, read, rows) {
        let written = span.slice(text);
        if let Some(at) = written.find(old.as_str()) {
            let start = span.start as usize + at;
            edits.push((Span::new(start, start + old.len()), new));
        }
    }
    edits
}

/// Group headings to rename: (heading, old name, new name).
fn group_renames(text: &str, read: &Read<'_>, rows: &[&Row]) -> Vec<(Span, String, String)> {
    let mut renames: Vec<(Span, String, String)> = Vec::new();
    let mut refused: Vec<Span> = Vec::new();
    for (i, start, category) in &read.groups {
        let Some(wanted) = rows.get(*i).and_then(|r| r.category.as_ref()) else {
            continue;
        };
        for (old, new) in category.iter().zip(wanted) {
            let Some(span) = group_heading(text, &read.head, *start, old) else {
                continue;
            };
            match renames.iter().find(|r| r.0 == span) {
                Some(r) if r.2 != *new => refused.push(span),
                Some(_) => {}
                None => renames.push((span, old.clone(), new.clone())),
            }
        }
    }
    renames.retain(|(span, old, new)| old != new && !refused.contains(span));
    renames
}

/// The heading of the group named `name` of the entry starting at `start`:
/// the last such heading before the entry.
fn group_heading(text: &str, head: &Model, start: u32, name: &str) -> Option<Span> {
    head.outside
        .iter()
        .rev()
        .filter_map(|b| match b {
            qbank_core::Block::Heading { span, .. } if span.end <= start => Some(*span),
            _ => None,
        })
        .find(|span| span.slice(text).contains(name))
}

/// The document's text with a copy of a neighbouring entry where a row has
/// no source (its contents are then edited like any other); `full` is the
/// known rows' text, `spans` its entries.
fn with_new_rows(
    head: &str,
    tail: &str,
    known: &[Option<&str>],
    full: &str,
    spans: &[Span],
) -> Option<String> {
    let entry_text = |k: usize| spans.get(k).map(|e| e.slice(full).to_owned());
    let mut pieces = Vec::with_capacity(known.len());
    let mut seen = 0usize;
    for source in known {
        match source {
            Some(s) => {
                pieces.push((*s).to_owned());
                seen += 1;
            }
            None => pieces.push(entry_text(seen.saturating_sub(1)).or_else(|| entry_text(0))?),
        }
    }
    Some(joined(head, pieces.iter().map(String::as_str), tail))
}

/// The head, the entries' sources and the tail, one after the other; a
/// source that does not start on a line of its own (the document's first
/// entry, moved, or a new row's copy) gets a blank line before it.
pub(crate) fn joined<'a>(head: &str, pieces: impl Iterator<Item = &'a str>, tail: &str) -> String {
    let mut out = head.to_owned();
    for (i, piece) in pieces.enumerate() {
        let glued = !(i == 0 && !head.is_empty() || out.is_empty() || piece.starts_with('\n'));
        if glued {
            while !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
        out.push_str(piece);
    }
    out.push_str(tail);
    out
}

/// Each known row's correct marks as its source says them (`marks`: the
/// known rows' entries', in order).
fn original_marks(marks: Vec<Vec<bool>>, known: &[Option<&str>]) -> Vec<Marks> {
    let mut entries = marks.into_iter();
    known
        .iter()
        .map(|s| s.and_then(|_| entries.next()))
        .collect()
}

/// `text` with `edits` (spans and replacements) applied; overlapping edits
/// after the first are skipped.
fn apply(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for (span, replacement) in edits {
        let range = span.range();
        if range.start < at || text.get(range.clone()).is_none() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Words compared, whitespace aside.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The title, sections and option texts that `row` changes in `entry`; a
/// new section is left to write (its index in `edits` in `new`).
fn content_edits<'r>(
    text: &str,
    entry: &Entry,
    row: &'r Row,
    edits: &mut Vec<(Span, String)>,
    new: &mut Vec<(usize, SectionKind, &'r str)>,
) {
    let retitled = title_edit(entry, row, edits);
    id_edit(text, entry, row, edits);
    // A cloze's answer cell is its deletions: they are edited in place.
    let cloze_answer = crate::blanks::blank_edits(text, entry, row, edits);
    for kind in SectionKind::ALL {
        if kind == SectionKind::Answer && cloze_answer {
            continue;
        }
        // Where the heading asks the question, a new title is the new
        // question.
        let implicit = entry
            .section(kind)
            .is_some_and(|s| s.label.style == LabelStyle::Implicit);
        if kind == SectionKind::Question && implicit && retitled {
            continue;
        }
        section_edit(text, entry, row, kind, edits, new);
    }
    if let Some(choice) = &row.choice {
        option_edits(text, entry, choice, edits);
    }
}

/// Whether `row` changes `entry`'s answer section (a changed, emptied or
/// filled `answer` cell; see [`section_edit`]).
fn answer_edited(text: &str, entry: &Entry, row: &Row) -> bool {
    let body = entry
        .section(SectionKind::Answer)
        .map(|s| s.body.slice(text))
        .filter(|b| !b.trim().is_empty());
    match (body, cell(row, SectionKind::Answer)) {
        (Some(body), Some(wanted)) => !same(body, wanted),
        (None, None) => false,
        _ => true,
    }
}

fn cell(row: &Row, kind: SectionKind) -> Option<&str> {
    match kind {
        SectionKind::Question => row.question.as_deref(),
        SectionKind::Answer => row.answer.as_deref(),
        SectionKind::Analysis => row.analysis.as_deref(),
    }
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// The title, when the row's differs; `true` when it is edited.
fn title_edit(entry: &Entry, row: &Row, edits: &mut Vec<(Span, String)>) -> bool {
    let span = entry.heading.title_span;
    let title = row.title.trim();
    if span.is_empty() || title.is_empty() || title.contains('\n') || same(title, &entry.title) {
        return false;
    }
    edits.push((span, title.to_owned()));
    true
}

/// The heading's `{#id}`, where the row's `id` differs.
fn id_edit(text: &str, entry: &Entry, row: &Row, edits: &mut Vec<(Span, String)>) {
    let Some(wanted) = &row.id else { return };
    let wanted = wanted.as_deref().map(str::trim).filter(|w| !w.is_empty());
    if wanted == entry.heading.id.as_deref() || entry.heading.level == 0 {
        return;
    }
    let heading = entry.heading.span;
    let line = heading.slice(text);
    match &entry.heading.id {
        Some(old) => {
            let mark = format!("{{#{old}}}");
            if let Some(at) = line.find(&mark) {
                let start = heading.start as usize + at;
                let new = wanted.map(|w| format!("{{#{w}}}")).unwrap_or_default();
                edits.push((Span::new(start, start + mark.len()), new));
            }
        }
        None => {
            if let Some(w) = wanted {
                let end = heading.start as usize + line.trim_end().len();
                edits.push((Span::new(end, end), format!(" {{#{w}}}")));
            }
        }
    }
}

fn section_edit<'r>(
    text: &str,
    entry: &Entry,
    row: &'r Row,
    kind: SectionKind,
    edits: &mut Vec<(Span, String)>,
    new: &mut Vec<(usize, SectionKind, &'r str)>,
) {
    let wanted = cell(row, kind);
    let section = entry.section(kind);
    // Options written in a section: the options columns carry them.
    if let Some(s) = section {
        if entry
            .options
            .iter()
            .any(|o| o.span.start >= s.body.start && o.span.end <= s.span.end)
        {
            return;
        }
    }
    match (section, wanted) {
        (Some(s), Some(w)) if !same(s.body.slice(text), w) => {
            let body = if s.body.is_empty() {
                // A label with no body: the text goes after it.
                Span::new(s.label.span.end as usize, s.label.span.end as usize)
            } else {
                s.body
            };
            let lead = if s.body.is_empty() { "\n\n" } else { "" };
            edits.push((body, format!("{lead}{w}")));
        }
        (Some(s), None) if !s.body.is_empty() => edits.push((s.span, String::new())),
        (None, Some(w)) => {
            // Written once the document says how it writes this kind (an
            // entry after this one may be the first to say).
            let at = entry.span.end as usize;
            new.push((edits.len(), kind, w));
            edits.push((Span::new(at, at), String::new()));
        }
        _ => {}
    }
}

/// A new section with body `body`, written as the document writes that
/// kind of section elsewhere (`written`, from the first entry that has one
/// with a body, or unlabelled answers): the same label and the same gap
/// after it (`解析：X`, `**Answer:** X`, a heading), or no label at all
/// where its answers stand unlabelled under their questions; else a bold
/// label in the language of the text.
fn new_section(
    written: Option<&Written>,
    labels: &Labels,
    kind: SectionKind,
    body: &str,
) -> String {
    let multiline = body.contains('\n');
    match written {
        Some(Written::Bare) => body.to_owned(),
        Some(Written::Labelled { label, gap }) => {
            // A label whose body stands on its own lines keeps that
            // layout; one followed on its line keeps its spacing, unless
            // the new body needs lines of its own.
            let gap = match (gap.contains('\n'), multiline) {
                (true, _) => "\n\n",
                (false, true) => "\n\n",
                (false, false) => gap,
            };
            format!("{label}{gap}{body}")
        }
        None => {
            let joint = if multiline { "\n\n" } else { " " };
            format!(
                "{}{joint}{body}",
                canonical_label(labels, kind, is_chinese(body))
            )
        }
    }
}

/// Option texts the row changes (when it has as many options as the entry).
fn option_edits(text: &str, entry: &Entry, choice: &ChoiceCell, edits: &mut Vec<(Span, String)>) {
    if choice.options.len() != entry.options.len() {
        return;
    }
    for (option, (_, wanted)) in entry.options.iter().zip(&choice.options) {
        if same(&option.text, wanted) || option.span.is_empty() {
            continue;
        }
        let source = option.span.slice(text);
        if let Some(at) = source.find(option.text.as_str()) {
            let start = option.span.start as usize + at;
            edits.push((
                Span::new(start, start + option.text.len()),
                wanted.trim().to_owned(),
            ));
        }
    }
}

/// Correct marks `row` changes in `entry`: checked boxes, or the answer
/// key. Only where the row's marks differ from what its source said
/// (`before`), so that a key edited in the answer column is not undone by
/// an unedited `correct`.
fn mark_edits(
    text: &str,
    entry: &Entry,
    row: &Row,
    before: Option<&Vec<bool>>,
    edits: &mut Vec<(Span, String)>,
) {
    let Some(choice) = &row.choice else { return };
    let have: Vec<bool> = entry.options.iter().map(|o| o.correct).collect();
    if have.len() != choice.correct.len()
        || have == choice.correct
        || before == Some(&choice.correct)
    {
        return;
    }
    if !box_edits(text, entry, &choice.correct, edits) {
        key_edit(text, entry, &choice.correct, edits);
    }
}

/// Check or clear task boxes; `false` when the options have none.
fn box_edits(text: &str, entry: &Entry, wanted: &[bool], edits: &mut Vec<(Span, String)>) -> bool {
    let boxes: Option<Vec<Span>> = entry
        .options
        .iter()
        .map(|o| {
            let source = o.span.slice(text);
            let at = ["[ ]", "[x]", "[X]"]
                .iter()
                .filter_map(|b| source.find(b))
                .min()?;
            let start = o.span.start as usize + at;
            Some(Span::new(start, start + 3))
        })
        .collect();
    let Some(boxes) = boxes else { return false };
    for (span, correct) in boxes.into_iter().zip(wanted) {
        edits.push((span, if *correct { "[x]" } else { "[ ]" }.to_owned()));
    }
    true
}

/// Rewrite the answer key's line with the correct options' letters.
fn key_edit(text: &str, entry: &Entry, wanted: &[bool], edits: &mut Vec<(Span, String)>) {
    if !qbank_core::opens_with_key(text, entry) {
        return;
    }
    let Some(answer) = entry.section(SectionKind::Answer) else {
        return;
    };
    let letters: Option<Vec<&str>> = entry
        .options
        .iter()
        .zip(wanted)
        .filter(|(_, c)| **c)
        .map(|(o, _)| o.label.as_deref())
        .collect();
    let Some(letters) = letters.filter(|l| !l.is_empty()) else {
        return;
    };
    let line = answer.body.slice(text).split('\n').next().unwrap_or("");
    let separator = if line.contains('、') {
        "、"
    } else if line.contains(',') {
        ", "
    } else {
        ""
    };
    let start = answer.body.start as usize;
    edits.push((
        Span::new(start, start + line.len()),
        letters.join(separator),
    ));
}

/// A document written from its rows alone (no source): the title, the
/// `category` column's groups as headings, numbered entry headings under
/// them, bold labels (the workspace's, else in the language of the text),
/// the question once (not under a label when the heading already says it),
/// lettered options under an answer key (`**答案：** B`), options without
/// letters as a task list.
fn canonical(rows: &[&Row], labels: &Labels) -> String {
    let mut out = String::new();
    if let Some(title) = rows.iter().find_map(|r| r.document_title.as_deref()) {
        out.push_str(&format!("# {title}\n\n"));
    }
    let mut groups: &[String] = &[];
    for (n, row) in rows.iter().enumerate() {
        let category = row.category.as_deref().unwrap_or(&[]);
        let shared = groups
            .iter()
            .zip(category)
            .take_while(|(a, b)| a == b)
            .count();
        for (depth, name) in category.iter().enumerate().skip(shared) {
            let hashes = "#".repeat((depth + 2).min(6));
            out.push_str(&format!("{hashes} {}\n\n", name.trim()));
        }
        groups = category;
        let hashes = "#".repeat((category.len() + 2).min(6));
        out.push_str(&format!("{hashes} {}. {}\n\n", n + 1, row.title.trim()));
        canonical_body(row, labels, &mut out);
    }
    out
}

/// The sections of one canonical entry.
fn canonical_body(row: &Row, labels: &Labels, out: &mut String) {
    let chinese = is_chinese(&row.title) || is_chinese(row.question.as_deref().unwrap_or(""));
    let label = |kind| canonical_label(labels, kind, chinese);
    if let Some(q) = cell(row, SectionKind::Question).filter(|q| !same(q, &row.title)) {
        out.push_str(&format!("{} {q}\n\n", label(SectionKind::Question)));
    }
    let lettered = row
        .choice
        .as_ref()
        .filter(|c| c.options.iter().all(|(letter, _)| letter.is_some()));
    if let Some(choice) = lettered {
        for (letter, text) in &choice.options {
            out.push_str(&format!("- {}. {text}\n", letter.as_deref().unwrap_or("")));
        }
        let key: Vec<&str> = choice
            .options
            .iter()
            .zip(&choice.correct)
            .filter(|(_, correct)| **correct)
            .filter_map(|((letter, _), _)| letter.as_deref())
            .collect();
        let separator = if chinese { "" } else { ", " };
        out.push_str(&format!(
            "\n{} {}\n\n",
            label(SectionKind::Answer),
            key.join(separator)
        ));
    } else if let Some(choice) = &row.choice {
        for ((_, text), correct) in choice.options.iter().zip(&choice.correct) {
            let mark = if *correct { "x" } else { " " };
            out.push_str(&format!("- [{mark}] {text}\n"));
        }
        out.push('\n');
    } else if let Some(a) = cell(row, SectionKind::Answer) {
        let joint = if a.contains('\n') { "\n\n" } else { " " };
        out.push_str(&format!("{}{joint}{a}\n\n", label(SectionKind::Answer)));
    }
    if let Some(x) = cell(row, SectionKind::Analysis) {
        out.push_str(&format!("{} {x}\n\n", label(SectionKind::Analysis)));
    }
}

/// Whether a text has Chinese characters (its labels are Chinese, then).
fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn canonical_label(labels: &Labels, kind: SectionKind, chinese: bool) -> String {
    // Labels set in `qbank.toml`: the first of the kind, as `qbank check`
    // reads it (a colon in the width of its script).
    let configured = match kind {
        SectionKind::Question => &labels.question,
        SectionKind::Answer => &labels.answer,
        SectionKind::Analysis => &labels.analysis,
    };
    let default = Labels::default();
    let defaults = match kind {
        SectionKind::Question => &default.question,
        SectionKind::Answer => &default.answer,
        SectionKind::Analysis => &default.analysis,
    };
    if configured != defaults {
        if let Some(word) = configured.first() {
            let colon = if is_chinese(word) { "：" } else { ":" };
            return format!("**{word}{colon}**");
        }
    }
    match (kind, chinese) {
        (SectionKind::Question, true) => "**题目：**",
        (SectionKind::Answer, true) => "**答案：**",
        (SectionKind::Analysis, true) => "**解析：**",
        (SectionKind::Question, false) => "**Question:**",
        (SectionKind::Answer, false) => "**Answer:**",
        (SectionKind::Analysis, false) => "**Explanation:**",
    }
    .to_owned()
}
