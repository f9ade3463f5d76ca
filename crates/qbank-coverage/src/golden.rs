//! Golden files: one JSON object per line, one line per entry a reader sees.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// One hand-written golden line.
#[derive(Debug, Clone, PartialEq)]
pub struct Golden {
    /// The first words of the question (`q`), or `None`.
    pub q: Option<String>,
    /// The first words of the answer (`a`), or `None` when the bank gives none.
    pub a: Option<String>,
    /// The correct options (`correct`), or `None`.
    pub correct: Option<Vec<String>>,
    /// `open`, `choice` or `fill`.
    pub kind: Option<String>,
}

impl Golden {
    /// Whether the bank gives an answer or a key for this entry (Python's
    /// `bool(g.get("a")) or bool(g.get("correct"))`).
    pub fn answered(&self) -> bool {
        self.a.as_deref().is_some_and(|a| !a.is_empty()) || self.has_key()
    }

    /// Whether `correct` is a non-empty list.
    pub fn has_key(&self) -> bool {
        self.correct.as_ref().is_some_and(|c| !c.is_empty())
    }
}

/// A golden file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldenError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The golden file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A line is not a JSON object.
    #[error("{}:{line}: not a JSON object: {message}", path.display())]
    Line {
        /// The golden file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What the JSON reader said.
        message: String,
    },
}

/// Reads a golden file; blank lines are skipped, as `golden.py` does.
pub fn read(path: &Path) -> Result<Vec<Golden>, GoldenError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldenError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| GoldenError::Line {
            path: path.to_owned(),
            line: i + 1,
            message,
        };
        let value: Value = serde_json::from_str(line).map_err(|e| error(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| error("a JSON value that is not an object".to_owned()))?;
        lines.push(Golden {
            q: object.get("q").and_then(text_of),
            a: object.get("a").and_then(text_of),
            correct: object.get("correct").and_then(list_of),
            kind: object.get("kind").and_then(text_of),
        });
    }
    Ok(lines)
}

fn text_of(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn list_of(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()
        .map(|items| items.iter().map(python_str).collect())
}

/// Python's `str(x)` of a JSON value, for the items of `correct`.
fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}
