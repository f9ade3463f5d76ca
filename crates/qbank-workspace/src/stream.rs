//! Large inputs parsed piece by piece, so that the model of a whole bank
//! never exists at once.

use qbank_core::{ParseOptions, Piece, Source};

/// Entries handed on at a time from a file parsed piece by piece: enough
/// to amortise each call of the writers, few enough to stay small.
pub const BATCH: usize = 512;

/// A large input (or standard input), read and decoded, parsed only when
/// [`parse`](Self::parse) hands its entries on.
#[derive(Debug)]
pub struct Large {
    /// The decoded text.
    pub source: Source,
    /// Its parse settings (from the nearest `qbank.toml`).
    options: ParseOptions,
}

impl Large {
    /// `source`, to be parsed with `options`.
    #[must_use]
    pub fn new(source: Source, options: ParseOptions) -> Self {
        Large { source, options }
    }

    /// Parse with [`qbank_core::parse_each`] and hand the document on to
    /// `f` as it comes, its entries [`BATCH`] at a time: only a batch of
    /// entries is held.
    pub fn parse(&self, mut f: impl FnMut(Piece<'_>)) {
        let text = self.source.text.as_str();
        let mut begun = false;
        let mut batch = Vec::with_capacity(BATCH);
        let document =
            qbank_core::parse_each(&self.source.path, text, &self.options, |head, entry| {
                if !begun {
                    f(Piece::Begin(head));
                    begun = true;
                }
                // A full batch waits for one more entry: only that says the
                // batch does not end the document.
                if batch.len() == BATCH {
                    f(Piece::Entries {
                        document: head,
                        entries: &batch,
                        last: false,
                    });
                    batch.clear();
                }
                batch.push(entry);
            });
        if !begun {
            f(Piece::Begin(&document));
        }
        if !batch.is_empty() {
            f(Piece::Entries {
                document: &document,
                entries: &batch,
                last: true,
            });
        }
        f(Piece::End(&document));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_in_batches_the_last_one_marked() {
        let mut text = String::from("# Big\n\n");
        for i in 0..1200 {
            text.push_str(&format!("## {}. t{i}\n\n**Question:** q\n\n", i + 1));
        }
        let source = qbank_core::decode("big.md".to_owned(), text.into_bytes());
        let Ok(source) = source else {
            panic!("decoded");
        };
        let mut steps = Vec::new();
        Large::new(source, ParseOptions::default()).parse(|piece| {
            steps.push(match piece {
                Piece::Begin(head) => format!("begin {}", head.path),
                Piece::Entries { entries, last, .. } => format!("entries {} {last}", entries.len()),
                Piece::End(doc) => format!("end {}", doc.path),
            });
        });
        assert_eq!(
            steps,
            [
                "begin big.md",
                "entries 512 false",
                "entries 512 false",
                "entries 176 true",
                "end big.md"
            ]
        );
    }
}
