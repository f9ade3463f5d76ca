//! The note types `qbank Q&A`, `qbank Choice`, `qbank Cloze` and `qbank
//! Type`: their fixed ids, fields, templates and CSS.

/// The note type's id: constant forever, so that re-imports find it.
pub const NOTETYPE_ID: i64 = 1_736_281_009;
/// The note type's name.
pub const NOTETYPE_NAME: &str = "qbank Q&A";
/// The note type's fields, in order. Frozen: changing them makes Anki treat
/// the note type as a new one.
pub const FIELDS: [&str; 6] = [
    "Question", "Answer", "Analysis", "Title", "Number", "Source",
];

/// The choice note type's id: constant forever, as [`NOTETYPE_ID`].
pub const CHOICE_NOTETYPE_ID: i64 = 1_736_281_010;
/// The choice note type's name.
pub const CHOICE_NOTETYPE_NAME: &str = "qbank Choice";
/// The choice note type's fields, in order (frozen, as [`FIELDS`]): the
/// six of [`FIELDS`] first, so that both note types' notes share the
/// columns of one text export, then `Options` (the list shown on the
/// front), `Marked` (the same list with the correct options marked, on the
/// back) and `Correct` (their letters, `B` or `A, C`; empty when the options
/// have none). `Answer` holds what the answer section says besides the key
/// and the options (often nothing).
pub const CHOICE_FIELDS: [&str; 9] = [
    "Question", "Answer", "Analysis", "Title", "Number", "Source", "Options", "Marked", "Correct",
];

/// The cloze note type's id: constant forever, as [`NOTETYPE_ID`].
pub const CLOZE_NOTETYPE_ID: i64 = 1_736_281_011;
/// The cloze note type's name.
pub const CLOZE_NOTETYPE_NAME: &str = "qbank Cloze";
/// The cloze note type's fields, in order (frozen, as [`FIELDS`]): `Text`
/// (the question, each blank a cloze deletion `{{c1::answer}}`), `Extra`
/// (what the answer section says besides the blanks' answers, and the
/// analysis, shown on the back), then `Title`, `Number` and `Source` as in
/// [`FIELDS`].
pub const CLOZE_FIELDS: [&str; 5] = ["Text", "Extra", "Title", "Number", "Source"];

/// The type-in note type's id: constant forever, as [`NOTETYPE_ID`].
pub const TYPE_NOTETYPE_ID: i64 = 1_736_281_012;
/// The type-in note type's name: short-answer and numerical entries, the
/// answer typed in and compared by Anki (`{{type:Answer}}`).
pub const TYPE_NOTETYPE_NAME: &str = "qbank Type";
/// The type-in note type's fields, in order (frozen, as [`FIELDS`]): the
/// six of [`FIELDS`] first, `Answer` holding what the learner types, as
/// plain text (the first accepted answer, or the number as written: Anki
/// compares the typed text with it character by character); then
/// `Accepted` (every accepted answer and whether case matters, or the
/// number with its tolerance and the bounds it allows: what the learner
/// judges by, since Anki knows no alternatives or tolerance) and `Unit`
/// (a numerical answer's unit, shown beside the box).
pub const TYPE_FIELDS: [&str; 8] = [
    "Question", "Answer", "Analysis", "Title", "Number", "Source", "Accepted", "Unit",
];

/// The CSS both constants share, as a literal (`concat!` takes no
/// constants).
macro_rules! card_css {
    () => {
        r#".card {
  font-family: -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 18px;
  line-height: 1.7;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 46em;
  margin: 0 auto;
  padding: 0.5em 1em;
  word-break: break-word;
}
.nightMode.card, .night_mode .card { color: #e6edf3; background-color: #0d1117; }
.title { font-size: 0.8em; color: #656d76; margin-bottom: 0.6em; }
.nightMode .title { color: #9198a1; }
.number { font-weight: 600; margin-right: 0.4em; }
.label { font-size: 0.75em; font-weight: 600; letter-spacing: 0.05em; color: #656d76; margin: 1em 0 0.2em; }
.nightMode .label { color: #9198a1; }
hr#answer { border: none; border-top: 1px solid #d0d7de; margin: 1.2em 0; }
ol, ul { padding-left: 1.6em; }
li { margin: 0.25em 0; }
li > p { margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; }
.nightMode th, .nightMode td { border-color: #3d444d; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: 0.88em; background: rgba(175, 184, 193, 0.2); padding: 0.1em 0.3em; border-radius: 4px; }
.code pre { font-size: 0.85em; line-height: 1.45; padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; }
.code pre code, .code pre span { background: none; padding: 0; }
.code pre:not([style]) { background: #f6f8fa; }
.nightMode .code pre:not([style]) { background: #161b22; }
img { max-width: 100%; height: auto; }
blockquote { margin: 0.5em 0; padding-left: 1em; border-left: 3px solid #d0d7de; color: #656d76; }
ul.options { list-style: none; padding-left: 0; margin: 0.8em 0; }
.option { display: flex; gap: 0.5em; margin: 0.35em 0; padding: 0.35em 0.7em; border: 1px solid #d0d7de; border-radius: 6px; }
.option p { margin: 0; }
.option .letter { font-weight: 600; min-width: 1.2em; }
.option .mark { min-width: 1em; font-weight: 700; }
.marked .option:not(.correct) { opacity: 0.7; }
.option.correct { border-color: #1a7f37; background: #dafbe1; }
.nightMode .option { border-color: #3d444d; }
.nightMode .option.correct { border-color: #3fb950; background: #12261e; }
.option.correct .mark { color: #1a7f37; }
.nightMode .option.correct .mark { color: #3fb950; }
.accepted, .pairs, .steps, .shuffled { margin: 0.4em 0; }
.pairs td.arrow { border: none; color: #656d76; }
.unit { font-size: 0.9em; color: #656d76; margin: 0.4em 0; }
.nightMode .unit, .nightMode .pairs td.arrow { color: #9198a1; }
#typeans { font-size: 1em; }
.key { font-weight: 700; margin-left: 0.4em; color: #1a7f37; letter-spacing: 0.05em; }
.nightMode .key { color: #3fb950; }
"#
    };
}

/// The card CSS of `qbank Q&A` and `qbank Choice`: readable long Chinese
/// text, lists, tables and code, in light and dark mode.
pub const CSS: &str = card_css!();

/// The card CSS of `qbank Cloze`: [`CSS`], and the deletions (`.cloze`:
/// the `[...]` on the front, the answer on the back) in the theme's blue,
/// light and dark.
pub const CLOZE_CSS: &str = concat!(
    card_css!(),
    ".cloze { font-weight: 700; color: #0969da; }
.nightMode .cloze { color: #4493f8; }
"
);

const FRONT: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>"#;

const BACK: &str = r#"{{FrontSide}}
<hr id="answer">
<div class="label">答案 · Answer</div>
<div class="answer">{{Answer}}</div>
{{#Analysis}}
<div class="label">解析 · Analysis</div>
<div class="analysis">{{Analysis}}</div>
{{/Analysis}}"#;

const CHOICE_FRONT: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>
{{Options}}"#;

const CHOICE_BACK: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>
<hr id="answer">
<div class="label">答案 · Answer{{#Correct}}<span class="key">{{Correct}}</span>{{/Correct}}</div>
{{Marked}}
{{#Answer}}
<div class="answer">{{Answer}}</div>
{{/Answer}}
{{#Analysis}}
<div class="label">解析 · Analysis</div>
<div class="analysis">{{Analysis}}</div>
{{/Analysis}}"#;

const CLOZE_FRONT: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{cloze:Text}}</div>"#;

const CLOZE_BACK: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{cloze:Text}}</div>
{{#Extra}}
<hr id="answer">
{{Extra}}
{{/Extra}}"#;

const TYPE_FRONT: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>
{{#Unit}}<div class="unit">单位 · Unit: {{Unit}}</div>{{/Unit}}
{{type:Answer}}"#;

const TYPE_BACK: &str = r#"<div class="title"><span class="number">{{Number}}</span>{{Title}}</div>
<div class="question">{{Question}}</div>
{{#Unit}}<div class="unit">单位 · Unit: {{Unit}}</div>{{/Unit}}
<hr id="answer">
{{type:Answer}}
<div class="label">答案 · Accepted</div>
<div class="accepted">{{Accepted}}</div>
{{#Analysis}}
<div class="label">解析 · Analysis</div>
<div class="analysis">{{Analysis}}</div>
{{/Analysis}}"#;

/// Which note type a note has.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum NoteType {
    /// `qbank Q&A`: open entries.
    Basic,
    /// `qbank Choice`: choice entries.
    Choice,
    /// `qbank Cloze`: fill entries whose every blank has an answer.
    Cloze,
    /// `qbank Type`: short-answer and numerical entries.
    Type,
}

impl NoteType {
    pub(crate) const ALL: [NoteType; 4] = [
        NoteType::Basic,
        NoteType::Choice,
        NoteType::Cloze,
        NoteType::Type,
    ];

    pub(crate) fn id(self) -> i64 {
        match self {
            NoteType::Basic => NOTETYPE_ID,
            NoteType::Choice => CHOICE_NOTETYPE_ID,
            NoteType::Cloze => CLOZE_NOTETYPE_ID,
            NoteType::Type => TYPE_NOTETYPE_ID,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            NoteType::Basic => NOTETYPE_NAME,
            NoteType::Choice => CHOICE_NOTETYPE_NAME,
            NoteType::Cloze => CLOZE_NOTETYPE_NAME,
            NoteType::Type => TYPE_NOTETYPE_NAME,
        }
    }

    pub(crate) fn fields(self) -> &'static [&'static str] {
        match self {
            NoteType::Basic => &FIELDS,
            NoteType::Choice => &CHOICE_FIELDS,
            NoteType::Cloze => &CLOZE_FIELDS,
            NoteType::Type => &TYPE_FIELDS,
        }
    }

    /// The field the browser sorts by: the title.
    pub(crate) fn sort_field(self) -> usize {
        self.fields()
            .iter()
            .position(|f| *f == "Title")
            .unwrap_or(0)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

pub(crate) fn notetype_json(kind: NoteType, mod_time: i64) -> serde_json::Value {
    // Anki's cloze kind (type 1) makes one card per deletion from its
    // one template.
    let (front, back, template, css, type_) = match kind {
        NoteType::Basic => (FRONT, BACK, "Card 1", CSS, 0),
        NoteType::Choice => (CHOICE_FRONT, CHOICE_BACK, "Card 1", CSS, 0),
        NoteType::Cloze => (CLOZE_FRONT, CLOZE_BACK, "Cloze", CLOZE_CSS, 1),
        NoteType::Type => (TYPE_FRONT, TYPE_BACK, "Card 1", CSS, 0),
    };
    let req = match kind {
        NoteType::Choice => serde_json::json!([[0, "any", [0, 1]]]),
        NoteType::Basic | NoteType::Cloze | NoteType::Type => {
            serde_json::json!([[0, "any", [0]]])
        }
    };
    let fields: Vec<serde_json::Value> = kind
        .fields()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            serde_json::json!({
                "name": name, "ord": i, "sticky": false, "rtl": false,
                "font": "Arial", "size": 20, "media": [],
            })
        })
        .collect();
    serde_json::json!({
        "id": kind.id(),
        "name": kind.name(),
        "type": type_,
        "mod": mod_time,
        "usn": -1,
        "sortf": kind.sort_field(),
        "did": null,
        "tmpls": [{
            "name": template, "ord": 0, "qfmt": front, "afmt": back,
            "bqfmt": "", "bafmt": "", "did": null,
        }],
        "flds": fields,
        "css": css,
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "req": req,
        "tags": [],
        "vers": [],
    })
}
