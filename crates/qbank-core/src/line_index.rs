//! Byte offsets to 1-based lines and columns.

/// The start offset of every line of a text, for turning byte offsets into
/// 1-based line and column numbers.
///
/// Columns count characters (Unicode scalar values), not bytes: `题目` is two
/// columns wide. Built in one `memchr` pass; lookups are binary searches.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Index the lines of `text` (a decoded, `\n`-normalised text).
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    #[must_use]
    pub fn line(&self, offset: u32) -> u32 {
        // `starts[0] == 0`, so the partition point is at least 1.
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[(line - 1) as usize] as usize;
        let end = (offset as usize).min(text.len());
        let col = text
            .get(start..end)
            .map_or(end.saturating_sub(start), |s| s.chars().count());
        (line, col as u32 + 1)
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the index is empty (never: a text has at least one line).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Byte offset where 1-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let text = "ab\n题目：x\n\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 2), (1, 3));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap() as u32;
        assert_eq!(idx.line_col(text, x), (2, 4));
        assert_eq!(idx.line_col(text, text.len() as u32), (4, 2));
        assert_eq!(idx.len(), 4);
    }
}
