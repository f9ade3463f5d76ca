//! Raw Deflate on every core, the way pigz does it, for the zip entries of
//! the packages (Anki's collection, QTI's assessments).
//!
//! An Anki collection is the bulk of its package (about 150 MB for 100,000
//! notes), complete only when the last note is in, and Deflate on one
//! thread was a fifth of an export's time. So it is cut into chunks of
//! 1 MiB, compressed on rayon's pool, each chunk primed with the 32 KiB
//! before it as its dictionary (so matches reach back across the cut and
//! the ratio is kept) and ended with a sync flush, the last with the final
//! block: the chunks, end to end, are one Deflate stream.
//!
//! Written here because no maintained crate does it for a zip entry: the
//! `zip` crate compresses each entry on one thread and takes no
//! pre-compressed data, and gzp needs a `'static` writer and threads of its
//! own. The chunking is this file; Deflate itself is flate2's (zlib-rs).

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;
use std::io::{self, Read, Write};

/// Bytes compressed by one task.
const CHUNK: usize = 1 << 20;
/// Deflate's window: how far back a match can reach.
const WINDOW: usize = 32 * 1024;

/// Compress everything `input` holds as one raw Deflate stream into `out`;
/// returns the CRC-32 and the length of the uncompressed data (what a zip
/// entry records). Reads a few chunks per thread at a time, so memory stays
/// at a few MiB whatever the input's size.
pub fn deflate_parallel(
    mut input: impl Read,
    out: &mut impl Write,
    level: u32,
) -> io::Result<(u32, u64)> {
    let mut writer = DeflateWriter::new(out, level);
    io::copy(&mut input, &mut writer)?;
    let (_, crc, total) = writer.finish()?;
    Ok((crc, total))
}

/// A raw Deflate stream compressed as it is written: every few chunks per
/// thread, the chunks are compressed on rayon's pool and their output
/// written to `out`, so that compression keeps pace with the writing (the
/// QTI package's assessments are compressed as their items come).
pub struct DeflateWriter<W: Write> {
    out: W,
    level: u32,
    /// Bytes compressed at a time.
    group: usize,
    /// The last [`WINDOW`] bytes already compressed, then the pending ones.
    buf: Vec<u8>,
    primed: usize,
    crc: crc32fast::Hasher,
    total: u64,
}

impl<W: Write> DeflateWriter<W> {
    /// A stream into `out`, at Deflate's `level` (0 to 9).
    pub fn new(out: W, level: u32) -> Self {
        let group = rayon::current_num_threads().max(1) * 2 * CHUNK;
        DeflateWriter {
            out,
            level,
            group,
            buf: Vec::with_capacity(WINDOW + group),
            primed: 0,
            crc: crc32fast::Hasher::new(),
            total: 0,
        }
    }

    /// End the stream: the output, the CRC-32 and the length of the
    /// uncompressed data.
    ///
    /// # Errors
    ///
    /// When the output cannot be written.
    pub fn finish(mut self) -> io::Result<(W, u32, u64)> {
        self.compress(true)?;
        self.out.flush()?;
        Ok((self.out, self.crc.finalize(), self.total))
    }

    /// Compress the pending bytes; the last time, end the stream (with an
    /// empty final block when nothing is pending).
    fn compress(&mut self, last: bool) -> io::Result<()> {
        let (primed, data, level) = (self.primed, &self.buf, self.level);
        self.crc.update(&data[primed..]);
        self.total += (data.len() - primed) as u64;
        let starts: Vec<usize> = if data.len() == primed {
            vec![primed]
        } else {
            (primed..data.len()).step_by(CHUNK).collect()
        };
        let count = starts.len();
        let compressed: Vec<io::Result<Vec<u8>>> = starts
            .par_iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = (start + CHUNK).min(data.len());
                let dictionary = &data[start.saturating_sub(WINDOW)..start];
                let finish = last && i + 1 == count;
                compress_chunk(&data[start..end], dictionary, level, finish)
            })
            .collect();
        for chunk in compressed {
            self.out.write_all(&chunk?)?;
        }
        let keep = self.buf.len().min(WINDOW);
        self.buf.drain(..self.buf.len() - keep);
        self.primed = keep;
        Ok(())
    }
}

impl<W: Write> Write for DeflateWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = self.group - (self.buf.len() - self.primed);
        let taken = data.len().min(room);
        self.buf.extend_from_slice(&data[..taken]);
        if taken == room {
            self.compress(false)?;
        }
        Ok(taken)
    }

    /// Flushes the output; pending bytes stay pending (Deflate cannot end a
    /// chunk early without costing ratio).
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One chunk as raw Deflate, primed with `dictionary`, ended with a sync
/// flush (byte-aligned, so the next chunk's output can follow it) or, for
/// the last chunk, with the final block.
fn compress_chunk(
    chunk: &[u8],
    dictionary: &[u8],
    level: u32,
    finish: bool,
) -> io::Result<Vec<u8>> {
    let mut deflate = Compress::new(Compression::new(level), false);
    if !dictionary.is_empty() {
        deflate
            .set_dictionary(dictionary)
            .map_err(io::Error::other)?;
    }
    let flush = if finish {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(chunk.len() / 2 + 1024);
    loop {
        if out.capacity() - out.len() < 4096 {
            out.reserve(out.capacity().max(64 * 1024));
        }
        let consumed = deflate.total_in() as usize;
        let status = deflate
            .compress_vec(&chunk[consumed.min(chunk.len())..], &mut out, flush)
            .map_err(io::Error::other)?;
        let done_input = deflate.total_in() as usize >= chunk.len();
        match status {
            Status::StreamEnd => return Ok(out),
            // A sync flush is complete once all input is in and the output
            // was not filled (zlib's `avail_out != 0`).
            _ if !finish && done_input && out.len() < out.capacity() => return Ok(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap_or_else(|e| panic!("not a Deflate stream: {e}"));
        out
    }

    fn sample(len: usize) -> Vec<u8> {
        // Text with repeats near and far (so matches cross the chunks' cuts)
        // and bytes that do not repeat.
        let mut out = Vec::with_capacity(len);
        let mut x = 12345u32;
        while out.len() < len {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            if x % 7 == 0 {
                out.extend_from_slice(&x.to_le_bytes());
            } else {
                out.extend_from_slice(format!("#### {}. 题目 {} ", x % 97, x % 13).as_bytes());
            }
        }
        out.truncate(len);
        out
    }

    #[test]
    fn round_trips_at_every_size() {
        let group = rayon::current_num_threads().max(1) * 2 * CHUNK;
        for len in [
            0,
            1,
            100,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            3 * CHUNK + 17,
            group,
            group + 5,
            2 * group + CHUNK,
        ] {
            let data = sample(len);
            let mut out = Vec::new();
            let (crc, total) =
                deflate_parallel(&data[..], &mut out, 3).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(total, len as u64);
            assert_eq!(crc, crc32fast::hash(&data));
            assert!(inflate(&out) == data, "length {len}");
        }
    }

    #[test]
    fn the_dictionary_keeps_the_ratio() {
        let data = sample(4 * CHUNK);
        let mut parallel = Vec::new();
        deflate_parallel(&data[..], &mut parallel, 3).unwrap_or_else(|e| panic!("{e}"));
        let mut serial = flate2::write::DeflateEncoder::new(Vec::new(), Compression::new(3));
        serial.write_all(&data).unwrap_or_else(|e| panic!("{e}"));
        let serial = serial.finish().unwrap_or_else(|e| panic!("{e}"));
        // Within 1% of one stream over the whole input.
        assert!(
            parallel.len() * 100 <= serial.len() * 101,
            "{} vs {}",
            parallel.len(),
            serial.len()
        );
    }
}
