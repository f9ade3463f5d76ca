//! Trimming white space exactly as `str::trim` does (Unicode `White_Space`),
//! with the common case decided on the end bytes alone.
//!
//! Written by hand because the standard trims walk each end with a generic
//! character searcher: 60 to 100 instructions per call, and the reader trims
//! every line and item several times (8–12% of a parse of an exam bank,
//! counted with callgrind). Here the end bytes are matched against the UTF-8
//! of Unicode's white space directly: a few instructions per end, the same
//! result (a test compares the two on every short string of the characters
//! around them).

/// `trim_ws`, `trim_start_ws` and `trim_end_ws`: `trim`, `trim_start` and
/// `trim_end` of `str`, faster where it matters.
pub(crate) trait Trim {
    /// As `str::trim`.
    fn trim_ws(&self) -> &str;
    /// As `str::trim_start`.
    fn trim_start_ws(&self) -> &str;
    /// As `str::trim_end`.
    fn trim_end_ws(&self) -> &str;
}

impl Trim for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        self.trim_start_ws().trim_end_ws()
    }

    // The first (last) byte alone says, for most texts, that nothing is
    // to be trimmed: that test is inlined where the trims are called, and
    // the loop is called only when a space may be there. Called as
    // functions, the trims cost 35–45 instructions each, a tenth of an
    // exam bank's parse (callgrind, `benches/corpus/exam.md`).
    #[inline(always)]
    fn trim_start_ws(&self) -> &str {
        let b = self.as_bytes();
        match b.first() {
            Some(b'\t'..=b'\r' | b' ') => trim_start_loop(self),
            Some(0xC2 | 0xE1..=0xE3) if space_at(b) > 0 => trim_start_loop(self),
            _ => self,
        }
    }

    #[inline(always)]
    fn trim_end_ws(&self) -> &str {
        let b = self.as_bytes();
        match b.last() {
            Some(b'\t'..=b'\r' | b' ') => trim_end_loop(self),
            Some(0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) if space_before(b) > 0 => {
                trim_end_loop(self)
            }
            _ => self,
        }
    }
}

/// `trim_start` where `s` may start with white space: ASCII white space
/// (the indentation of list items, mostly) skipped in a tight loop.
#[inline(never)]
fn trim_start_loop(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while let Some(b'\t'..=b'\r' | b' ') = b.get(i) {
            i += 1;
        }
        // The lead bytes of the white space above ASCII.
        match b.get(i) {
            Some(0xC2 | 0xE1..=0xE3) => match space_at(&b[i..]) {
                0 => break,
                n => i += n,
            },
            _ => break,
        }
    }
    // `i` stops after a whole character.
    s.get(i..).unwrap_or_default()
}

/// `trim_end` where `s` may end with white space.
#[inline(never)]
fn trim_end_loop(s: &str) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    loop {
        match n.checked_sub(1).and_then(|j| b.get(j)) {
            Some(b'\t'..=b'\r' | b' ') => n -= 1,
            // The last bytes of the white space above ASCII.
            Some(0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) => {
                match b.get(..n).map_or(0, space_before) {
                    0 => break,
                    k => n -= k,
                }
            }
            _ => break,
        }
    }
    &s[..n]
}

/// The length of the white-space character `b` starts with, or 0: ASCII's
/// six, then U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+3000 in UTF-8 (the whole of Unicode's `White_Space`).
#[inline]
pub(crate) fn space_at(b: &[u8]) -> usize {
    match b {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// The length of the white-space character `b` ends with, or 0 (the lead
/// bytes 0xC2 and 0xE1–0xE3 never continue a character, so the match is
/// exact).
#[inline]
fn space_before(b: &[u8]) -> usize {
    match b {
        [.., b'\t'..=b'\r' | b' '] => 1,
        [.., 0xC2, 0x85 | 0xA0] => 2,
        [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::Trim;

    /// Every string of up to three characters drawn from all of Unicode's
    /// white space and their neighbours trims as the standard library does.
    #[test]
    fn trims_as_std_does() {
        let mut chars: Vec<char> = ('\0'..='\u{7f}').collect();
        chars.extend([
            '\u{80}', '\u{84}', '\u{85}', '\u{86}', '\u{9f}', '\u{a0}', '\u{a1}', 'é', '\u{167f}',
            '\u{1680}', '\u{1681}', '\u{1fff}', '\u{2000}', '\u{2005}', '\u{200a}', '\u{200b}',
            '\u{2027}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{2060}', '\u{2fff}',
            '\u{3000}', '\u{3001}', '。', '题', '）', '\u{feff}', '😀',
        ]);
        let mut s = String::new();
        for a in &chars {
            for b in &chars {
                for c in [None, Some(' '), Some('\u{3000}'), Some('x'), Some('题')] {
                    s.clear();
                    s.push(*a);
                    s.push(*b);
                    s.extend(c);
                    for t in [s.as_str(), &s[a.len_utf8()..], &s[..a.len_utf8()]] {
                        assert_eq!(t.trim_ws(), t.trim(), "{t:?}");
                        assert_eq!(t.trim_start_ws(), t.trim_start(), "{t:?}");
                        assert_eq!(t.trim_end_ws(), t.trim_end(), "{t:?}");
                    }
                }
            }
        }
        assert_eq!("".trim_ws(), "");
    }
}
