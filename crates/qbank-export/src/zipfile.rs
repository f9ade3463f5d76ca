//! What the zip packages (Anki's `.apkg`, QTI's `.zip`) share: the times a
//! zip entry can hold, and a file added Deflate-compressed.

use std::io::{Read, Write};

/// The years a zip entry's (DOS) timestamp can hold, 1980 to 2107, in
/// seconds since the epoch.
pub const MIN_TIME: i64 = 315_532_800;
/// See [`MIN_TIME`].
pub const MAX_TIME: i64 = 4_354_819_199;

/// An export time (seconds since the epoch) as a zip entry's time, clamped
/// to the years a zip can hold.
#[must_use]
pub fn time(unix: i64) -> rawzip::time::UtcDateTime {
    rawzip::time::UtcDateTime::from_unix(unix.clamp(MIN_TIME, MAX_TIME))
}

/// Add a file holding what `data` reads, Deflate-compressed at `level`.
///
/// # Errors
///
/// When `data` cannot be read or the zip cannot be written.
pub fn add_file<W: Write>(
    zip: &mut rawzip::ZipArchiveWriter<W>,
    name: &str,
    time: rawzip::time::UtcDateTime,
    mut data: impl Read,
    level: u32,
) -> Result<(), rawzip::Error> {
    let (mut entry, config) = zip
        .new_file(name)
        .compression_method(rawzip::CompressionMethod::DEFLATE)
        .last_modified(time)
        .start()?;
    let encoder = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::new(level));
    let mut writer = config.wrap(encoder);
    std::io::copy(&mut data, &mut writer)?;
    let (encoder, descriptor) = writer.finish()?;
    encoder.finish()?;
    entry.finish(descriptor)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_time_bounds_are_the_dos_years() {
        let min = time(i64::MIN);
        let max = time(i64::MAX);
        assert_eq!((min.year(), min.month(), min.day()), (1980, 1, 1));
        assert_eq!((max.year(), max.month(), max.day()), (2107, 12, 31));
    }
}
