//! A note's fields compared with an entry's: their hash (what the state
//! file records), and which differences are not worth sending.

/// The hash of a note's fields, as recorded in the state file: SHA-256 of
/// the fields joined by the unit separator Anki joins them with, 32 hex
/// digits.
#[must_use]
pub fn fields_hash(fields: &[String]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(fields.join("\u{1f}").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The fields that say where an entry is, not what it says.
pub(crate) const PLACE_FIELDS: [&str; 2] = ["Number", "Source"];

/// The hash of the fields but for [`PLACE_FIELDS`].
pub(crate) fn content_hash(names: &[&str], fields: &[String]) -> String {
    let content: Vec<String> = names
        .iter()
        .zip(fields)
        .filter(|(name, _)| !PLACE_FIELDS.contains(name))
        .map(|(_, field)| field.clone())
        .collect();
    fields_hash(&content)
}

/// Whether fields `held` are `wanted` (of a note type with fields `names`)
/// but for a `Source` that names the same file, at any line: an entry
/// inserted above this one, or the bank synced by another path, changes
/// nothing worth sending (see [`same_file`]).
pub(crate) fn same_but_source(names: &[&str], held: &[String], wanted: &[String]) -> bool {
    held.len() == wanted.len()
        && names
            .iter()
            .zip(held.iter().zip(wanted))
            .all(|(name, (h, w))| h == w || (*name == "Source" && same_file(h, w)))
}

/// Whether fields `held` are `wanted` but for the fields that say where the
/// entry is ([`PLACE_FIELDS`]).
pub(crate) fn same_but_place(names: &[&str], held: &[String], wanted: &[String]) -> bool {
    held.len() == wanted.len()
        && names
            .iter()
            .zip(held.iter().zip(wanted))
            .all(|(name, (h, w))| h == w || PLACE_FIELDS.contains(name))
}

/// Whether two `Source` fields (`path:line`, as written) name the same
/// file. A path is written as the sync (or export) that wrote it was given
/// it, relative to the folder it was run from, which the note does not
/// keep: it cannot be resolved again. So the paths' components are
/// compared, `.` and `a/..` folded, `/` and `\` both separators, leading
/// `..` and the root left out: when one path's components end the other's,
/// they name the same file (`bank.md`, `./docs/bank.md` and
/// `/home/me/notes/docs/bank.md`; not `a/bank.md` and `b/bank.md`).
pub(crate) fn same_file(a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (source_path(a), source_path(b)) else {
        return false;
    };
    let (a, b) = (components(a), components(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && long.ends_with(&short)
}

/// The path of a `Source` field: before its last `:`, which a line number
/// follows.
fn source_path(field: &str) -> Option<&str> {
    let (path, line) = field.rsplit_once(':')?;
    line.parse::<u32>().ok().map(|_| path)
}

/// A path's components, folded (see [`same_file`]).
fn components(path: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|p| *p != "..") => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    let up = out.iter().take_while(|p| **p == "..").count();
    out.split_off(up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_name_the_same_file_whatever_the_spelling() {
        let same = [
            ("bank.md:3", "bank.md:9"),
            ("bank.md:3", "./docs/bank.md:3"),
            ("docs/bank.md:3", "/home/me/notes/docs/bank.md:40"),
            ("../docs/bank.md:3", "docs/bank.md:3"),
            ("docs\\bank.md:3", "docs/bank.md:3"),
            ("a/../docs/bank.md:3", "docs/./bank.md:3"),
            ("-:3", "-:5"),
        ];
        for (a, b) in same {
            assert!(same_file(a, b), "{a} {b}");
        }
        let other = [
            ("a/bank.md:3", "b/bank.md:3"),
            ("bank.md:3", "other.md:3"),
            ("bank.md", "bank.md"),
            ("bank.md:3", "bank.md:x"),
            (":3", ":3"),
        ];
        for (a, b) in other {
            assert!(!same_file(a, b), "{a} {b}");
        }
    }

    #[test]
    fn only_the_source_or_the_place_may_differ() {
        let names = ["Question", "Number", "Source"];
        let f = |q: &str, n: &str, s: &str| vec![q.to_owned(), n.to_owned(), s.to_owned()];
        let held = f("q", "1", "bank.md:3");
        assert!(same_but_source(&names, &held, &f("q", "1", "./bank.md:7")));
        assert!(!same_but_source(&names, &held, &f("q", "2", "bank.md:3")));
        assert!(!same_but_source(&names, &held, &f("q", "1", "other.md:3")));
        assert!(same_but_place(&names, &held, &f("q", "2", "other.md:3")));
        assert!(!same_but_place(&names, &held, &f("q2", "1", "bank.md:3")));
        assert_eq!(
            content_hash(&names, &held),
            content_hash(&names, &f("q", "5", "x.md:1"))
        );
    }
}
