//! Code fence lines.

/// A fence opening at the start of `rest`: its character and length.
pub(crate) fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    if ch == b'`' && rest[len..].contains('`') {
        return None;
    }
    Some((ch, len))
}

/// Whether `line` closes a fence of `len` times `ch`.
pub(crate) fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let n = rest.bytes().take_while(|&b| b == ch).count();
    // Only spaces and tabs may follow (not any Unicode blank: a vertical
    // tab keeps the fence open for pulldown-cmark).
    n >= len && rest[n..].trim_matches([' ', '\t']).is_empty()
}
