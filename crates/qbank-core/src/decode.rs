//! Bytes to text: byte-order marks, UTF-16, invalid UTF-8, line endings.
//!
//! Written by hand because no library does the whole job: `encoding_rs`
//! would decode UTF-16, but it replaces invalid UTF-8 with U+FFFD instead of
//! reporting where it is, and nothing normalises `\r\n` and lone `\r` in
//! place while recording what was there so that a fix can write it back.

use crate::error::DecodeError;
use crate::model::{Encoding, LineEnding, LineEndings, Source};

/// Decode a file's bytes into a [`Source`].
///
/// Accepts UTF-8 with or without a byte-order mark, and UTF-16 (little- or
/// big-endian) with one. The returned text holds no BOM and no `\r`: `\r\n`
/// and lone `\r` become `\n`, and [`Source::line_endings`] records what the
/// file had. The work is done in place on `bytes` where possible, so a plain
/// UTF-8 file is never copied.
///
/// # Errors
///
/// [`DecodeError::InvalidUtf8`] names the line and the 0-based byte offset in
/// the file of the first invalid byte; [`DecodeError::Nul`] reports a NUL
/// byte (a binary file, or UTF-16 without a byte-order mark);
/// [`DecodeError::InvalidUtf16`] an unpaired surrogate or odd length;
/// [`DecodeError::TooLarge`] a file of 4 GiB or more.
///
/// # Examples
///
/// ```
/// let source = qbank_core::decode("bank.md", b"\xEF\xBB\xBF# T\r\n".to_vec())?;
/// assert_eq!(source.text, "# T\n");
/// assert_eq!(source.encoding, qbank_core::Encoding::Utf8Bom);
/// # Ok::<(), qbank_core::DecodeError>(())
/// ```
pub fn decode(path: impl Into<String>, mut bytes: Vec<u8>) -> Result<Source, DecodeError> {
    let path = path.into();
    if bytes.len() >= u32::MAX as usize {
        return Err(DecodeError::TooLarge {
            path,
            size: bytes.len() as u64,
        });
    }
    let (encoding, text) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (
            Encoding::Utf16Le,
            decode_utf16(&path, rest, u16::from_le_bytes)?,
        )
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (
            Encoding::Utf16Be,
            decode_utf16(&path, rest, u16::from_be_bytes)?,
        )
    } else {
        let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
        let skip = if bom { 3 } else { 0 };
        if let Some(pos) = memchr::memchr(0, &bytes) {
            return Err(DecodeError::Nul {
                line: line_of(&bytes, pos),
                offset: pos as u64,
                path,
            });
        }
        if bom {
            bytes.drain(..3);
        }
        let encoding = if bom {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        };
        // One validation pass, and no copy.
        let text = String::from_utf8(bytes).map_err(|err| {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            DecodeError::InvalidUtf8 {
                line: line_of(&bytes, offset),
                offset: (skip + offset) as u64,
                path: path.clone(),
            }
        })?;
        (encoding, text)
    };
    let (text, line_endings) = normalize_newlines(text);
    Ok(Source {
        path,
        text,
        encoding,
        line_endings,
    })
}

/// 1-based line of byte `offset`, counting `\n`, `\r\n` and lone `\r`.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let head = &bytes[..offset.min(bytes.len())];
    let lf = memchr::memchr_iter(b'\n', head).count();
    let lone_cr = memchr::memchr_iter(b'\r', head)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    (lf + lone_cr) as u64 + 1
}

fn decode_utf16(path: &str, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2);
    // Line of the current position (`\n`, `\r\n` and lone `\r` end lines),
    // and the position in code units after the byte-order mark.
    let mut line = 1u64;
    let mut after_cr = false;
    let mut units_seen = 0u64;
    let offset = |units: u64| 2 + 2 * units;
    for ch in char::decode_utf16(units) {
        match ch {
            Ok('\0') => {
                return Err(DecodeError::Nul {
                    path: path.to_owned(),
                    line: line + u64::from(after_cr),
                    offset: offset(units_seen),
                });
            }
            Ok(ch) => {
                match ch {
                    '\n' => line += 1,
                    _ if after_cr => line += 1,
                    _ => {}
                }
                after_cr = ch == '\r';
                units_seen += ch.len_utf16() as u64;
                text.push(ch);
            }
            Err(_) => {
                return Err(DecodeError::InvalidUtf16 {
                    path: path.to_owned(),
                    line: line + u64::from(after_cr),
                    offset: offset(units_seen),
                });
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf16 {
            path: path.to_owned(),
            line: line + u64::from(after_cr),
            offset: 1 + bytes.len() as u64,
        });
    }
    Ok(text)
}

/// Replace `\r\n` and lone `\r` by `\n`, in place, and say what was there.
fn normalize_newlines(text: String) -> (String, LineEndings) {
    let Some(first_cr) = memchr::memchr(b'\r', text.as_bytes()) else {
        return (text, LineEndings::Lf);
    };
    let mut bytes = text.into_bytes();
    let mut endings: Vec<LineEnding> = Vec::new();
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    // Lines before the first '\r' all end in '\n'.
    let lf_before = memchr::memchr_iter(b'\n', &bytes[..first_cr]).count();
    endings.resize(lf_before, LineEnding::Lf);
    lf += lf_before;
    let mut write = first_cr;
    let mut read = first_cr;
    let len = bytes.len();
    while read < len {
        let byte = bytes[read];
        match byte {
            b'\r' => {
                if bytes.get(read + 1) == Some(&b'\n') {
                    crlf += 1;
                    endings.push(LineEnding::CrLf);
                    read += 2;
                } else {
                    cr += 1;
                    endings.push(LineEnding::Cr);
                    read += 1;
                }
                bytes[write] = b'\n';
                write += 1;
            }
            _ => {
                // Copy the run up to the next '\r' in one go.
                let end = memchr::memchr(b'\r', &bytes[read..]).map_or(len, |i| read + i);
                let newlines = memchr::memchr_iter(b'\n', &bytes[read..end]).count();
                lf += newlines;
                endings.extend(std::iter::repeat_n(LineEnding::Lf, newlines));
                bytes.copy_within(read..end, write);
                write += end - read;
                read = end;
            }
        }
    }
    bytes.truncate(write);
    let line_endings = match (lf, crlf, cr) {
        (0, _, 0) => LineEndings::CrLf,
        (0, 0, _) => LineEndings::Cr,
        _ => LineEndings::Mixed(endings),
    };
    // Only ASCII '\r' bytes were removed or replaced by '\n': still UTF-8.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
    (text, line_endings)
}

/// Restore a normalised text's original line endings (and nothing else).
///
/// The inverse of the normalisation [`decode`] performs: a tool that edits
/// the text (a fix) calls this before writing the file back. With
/// [`LineEndings::Mixed`], lines beyond the recorded ones get the last
/// recorded terminator.
#[must_use]
pub fn restore_line_endings(text: &str, endings: &LineEndings) -> String {
    match endings {
        LineEndings::Lf => text.to_owned(),
        LineEndings::CrLf => text.replace('\n', "\r\n"),
        LineEndings::Cr => text.replace('\n', "\r"),
        LineEndings::Mixed(each) => {
            let mut out = String::with_capacity(text.len() + each.len());
            let last = each.last().copied().unwrap_or(LineEnding::Lf);
            for (i, line) in text.split_inclusive('\n').enumerate() {
                match line.strip_suffix('\n') {
                    Some(body) => {
                        out.push_str(body);
                        out.push_str(each.get(i).copied().unwrap_or(last).as_str());
                    }
                    None => out.push_str(line),
                }
            }
            out
        }
    }
}

/// Encode a normalised text back to the bytes of a file: the original line
/// endings restored, then the original encoding and byte-order mark. The
/// inverse of [`decode`]: `encode(&decode(p, b)?)` gives back `b`.
#[must_use]
pub fn encode(source: &Source) -> Vec<u8> {
    let text = restore_line_endings(&source.text, &source.line_endings);
    match source.encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Utf8Bom => {
            let mut bytes = Vec::with_capacity(text.len() + 3);
            bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Source {
        decode("t.md", bytes.to_vec()).unwrap()
    }

    #[test]
    fn encode_inverts_decode() {
        let samples: [&[u8]; 6] = [
            b"a\nb\n",
            b"\xEF\xBB\xBFa\r\nb\r\n",
            b"a\rb",
            b"a\nb\r\nc\rd\n",
            b"\xFF\xFEa\x00\r\x00\n\x00",
            b"\xFE\xFF\x00a\x00\n",
        ];
        for bytes in samples {
            let source = decode("x.md", bytes.to_vec()).unwrap();
            assert_eq!(encode(&source), bytes);
        }
    }

    #[test]
    fn plain_utf8_is_untouched() {
        let s = ok("# 标题\n\n正文\n".as_bytes());
        assert_eq!(s.text, "# 标题\n\n正文\n");
        assert_eq!(s.encoding, Encoding::Utf8);
        assert_eq!(s.line_endings, LineEndings::Lf);
    }

    #[test]
    fn bom_and_crlf_are_removed_and_recorded() {
        let s = ok(b"\xEF\xBB\xBFa\r\nb\r\n");
        assert_eq!(s.text, "a\nb\n");
        assert_eq!(s.encoding, Encoding::Utf8Bom);
        assert_eq!(s.line_endings, LineEndings::CrLf);
        assert_eq!(restore_line_endings(&s.text, &s.line_endings), "a\r\nb\r\n");
    }

    #[test]
    fn lone_cr_and_mixed_endings() {
        let s = ok(b"a\rb\r");
        assert_eq!(s.text, "a\nb\n");
        assert_eq!(s.line_endings, LineEndings::Cr);
        let s = ok(b"a\nb\r\nc\rd");
        assert_eq!(s.text, "a\nb\nc\nd");
        assert_eq!(
            restore_line_endings(&s.text, &s.line_endings),
            "a\nb\r\nc\rd"
        );
    }

    #[test]
    fn utf16_both_orders() {
        let text = "# 题\r\n答案：是\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for (bytes, enc) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
            let s = ok(&bytes);
            assert_eq!(s.text, "# 题\n答案：是\n");
            assert_eq!(s.encoding, enc);
        }
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = decode("x.md", b"ok\r\nline two \xFF here".to_vec()).unwrap_err();
        match err {
            DecodeError::InvalidUtf8 { line, offset, .. } => {
                assert_eq!((line, offset), (2, 13));
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = decode("x.md", b"\xEF\xBB\xBFa\n\n\xC3".to_vec()).unwrap_err();
        assert!(matches!(
            err,
            DecodeError::InvalidUtf8 {
                line: 3,
                offset: 6,
                ..
            }
        ));
    }

    #[test]
    fn utf16_error_positions_count_code_units_and_lines() {
        let le = |text: &str| -> Vec<u8> {
            [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect()
        };
        assert!(matches!(
            decode("x.md", le("# 😀\n\n## 1. A\n\0\n")),
            Err(DecodeError::Nul {
                line: 4,
                offset: 30,
                ..
            })
        ));
        let mut bytes = le("# T\r\r## 1. A\r");
        bytes.extend([0x00, 0xDC]);
        assert!(matches!(
            decode("x.md", bytes),
            Err(DecodeError::InvalidUtf16 { line: 4, .. })
        ));
    }

    #[test]
    fn nul_and_bad_utf16_are_errors() {
        assert!(matches!(
            decode("x.md", b"a\0b".to_vec()),
            Err(DecodeError::Nul { offset: 1, .. })
        ));
        assert!(matches!(
            decode("x.md", vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            Err(DecodeError::InvalidUtf16 { .. })
        ));
        assert!(matches!(
            decode("x.md", vec![0xFF, 0xFE, 0x41]),
            Err(DecodeError::InvalidUtf16 { .. })
        ));
    }
}
