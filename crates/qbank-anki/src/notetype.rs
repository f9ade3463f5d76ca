//! The note type `qbank Q&A`: its fixed id, fields, templates and CSS.

/// The note type's id: constant forever, so that re-imports find it.
pub const NOTETYPE_ID: i64 = 1_736_281_009;
/// The note type's name.
pub const NOTETYPE_NAME: &str = "qbank Q&A";
/// The note type's fields, in order. Frozen: changing them makes Anki treat
/// the note type as a new one.
pub const FIELDS: [&str; 6] = [
    "Question", "Answer", "Analysis", "Title", "Number", "Source",
];

/// The card CSS: readable long Chinese text, lists, tables and code, in
/// light and dark mode.
pub const CSS: &str = r#".card {
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
"#;

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

pub(crate) fn notetype_json(mod_time: i64) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = FIELDS
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
        "id": NOTETYPE_ID,
        "name": NOTETYPE_NAME,
        "type": 0,
        "mod": mod_time,
        "usn": -1,
        "sortf": 3,
        "did": null,
        "tmpls": [{
            "name": "Card 1", "ord": 0, "qfmt": FRONT, "afmt": BACK,
            "bqfmt": "", "bafmt": "", "did": null,
        }],
        "flds": fields,
        "css": CSS,
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "req": [[0, "any", [0]]],
        "tags": [],
        "vers": [],
    })
}
