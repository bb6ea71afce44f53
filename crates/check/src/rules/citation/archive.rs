//! Archived source texts: found by each source's `archive.file` in the
//! dataset's own archive folder (`dataset/archive/`) and in every directory
//! given with `--archive` (or `WBD_ARCHIVE`), hashed, and normalised once
//! for quote look-ups.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::rules::Context;

/// The dataset's own archive folder, inside the dataset directory. The
/// loader does not read it for records.
pub const ARCHIVE_DIR: &str = "archive";

/// Where archived texts are looked for, in this order: the dataset's own
/// folder (when it exists), then the directories given.
#[derive(Clone, Debug, Default)]
pub struct Dirs {
    pub own: Option<PathBuf>,
    pub given: Vec<PathBuf>,
}

impl Dirs {
    pub fn new(dataset: &Path, given: &[PathBuf]) -> Dirs {
        let own = dataset.join(ARCHIVE_DIR);
        Dirs { own: own.is_dir().then_some(own), given: given.to_vec() }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        self.own.iter().chain(&self.given).map(PathBuf::as_path)
    }

    pub fn is_empty(&self) -> bool {
        self.own.is_none() && self.given.is_empty()
    }
}

/// Folds the differences that copying text introduces: runs of white space
/// (and non-breaking spaces) to one space, curly quotes to straight ones,
/// dashes to `-`, the ellipsis character to `...`; soft hyphens vanish.
pub fn normalise(s: &str) -> String {
    normalise_mapped(s, None)
}

/// [`normalise`], and with `map`, the offset in `s` of each byte of the
/// result (for turning a place in the normalised text back into a line).
pub fn normalise_mapped(s: &str, mut map: Option<&mut Vec<u32>>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Fast path: printable ASCII other than the backtick copies as is.
        if b > b' ' && b < 0x7f && b != b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] > b' ' && bytes[i] < 0x7f && bytes[i] != b'`' {
                i += 1;
            }
            out.push_str(&s[start..i]);
            if let Some(m) = map.as_deref_mut() {
                m.extend(start as u32..i as u32);
            }
            space = false;
            continue;
        }
        let at = i as u32;
        // A space, line break or other ASCII control: folded as below
        // (`c.is_whitespace() || c.is_control()`), without decoding the
        // character. Most of what is not a word is a space.
        if b <= b' ' || b == 0x7f {
            i += 1;
            if !space && !out.is_empty() {
                out.push(' ');
                if let Some(m) = map.as_deref_mut() {
                    m.push(at);
                }
            }
            space = true;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => continue,
            '\u{2026}' => {
                out.push_str("...");
                if let Some(m) = map.as_deref_mut() {
                    m.extend([at; 3]);
                }
                space = false;
                continue;
            }
            c if c.is_whitespace() || c.is_control() => {
                if !space && !out.is_empty() {
                    out.push(' ');
                    if let Some(m) = map.as_deref_mut() {
                        m.push(at);
                    }
                }
                space = true;
                continue;
            }
            c => c,
        };
        space = false;
        out.push(c);
        if let Some(m) = map.as_deref_mut() {
            m.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
    }
    if out.ends_with(' ') {
        out.pop();
        if let Some(m) = map {
            m.pop();
        }
    }
    out
}

/// What the archive says about one source.
pub enum ArchiveState {
    /// The file is there and its SHA-256 matches: the normalised text.
    Verified(String),
    /// The file is missing or unreadable.
    Missing(String),
    /// The file's SHA-256 differs from the record's.
    Mismatch { actual: String },
}

/// What the archive directories say about the sources.
#[derive(Default)]
pub struct Found {
    /// By source index, every source whose text was looked for.
    pub states: HashMap<usize, ArchiveState>,
    /// Sources with an `archive` whose file is in none of the directories
    /// when none was given explicitly: left unverified, not an error.
    pub unverified: usize,
}

/// The archive state of every source with an `archive`, by source index;
/// computed once per check (the two archive rules share it). None when no
/// archive directory is there at all.
pub fn states<'a>(cx: &'a Context) -> Option<&'a HashMap<usize, ArchiveState>> {
    if cx.archive.is_empty() {
        return None;
    }
    Some(&cx.archive_cache.get_or_init(|| load(cx)).states)
}

/// How many archived sources went unverified: all of them without any
/// archive directory; otherwise those whose file is in none of the
/// directories when no `--archive` was given (with one given, such a source
/// is `citation/archive-mismatch`).
pub fn unverified(cx: &Context) -> usize {
    if cx.archive.is_empty() {
        return cx.ds.sources.iter().filter(|s| s.archive.is_some()).count();
    }
    cx.archive_cache.get_or_init(|| load(cx)).unverified
}

fn load(cx: &Context) -> Found {
    use rayon::prelude::*;
    let dirs: Vec<&Path> = cx.archive.iter().collect();
    let looked: Vec<(usize, Option<ArchiveState>)> = cx
        .ds
        .sources
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = s.archive.as_ref()?;
            let name = Path::new(&a.file);
            // Only a plain file name inside the archive directories.
            if name.components().count() != 1 || a.file.contains("..") {
                return Some((i, Some(ArchiveState::Missing(format!("`{}` is not a plain file name", a.file)))));
            }
            // The first file of that name whose hash matches; else the
            // first of that name found, as a mismatch.
            let mut mismatch = None;
            let mut unreadable = None;
            for dir in &dirs {
                let path = dir.join(name);
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let actual = sha256_hex(&bytes);
                        if actual == a.sha256 {
                            return Some((i, Some(ArchiveState::Verified(normalise(&String::from_utf8_lossy(&bytes))))));
                        }
                        mismatch.get_or_insert(ArchiveState::Mismatch { actual });
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        unreadable.get_or_insert(ArchiveState::Missing(format!("{}: {e}", path.display())));
                    }
                }
            }
            if let Some(state) = mismatch.or(unreadable) {
                return Some((i, Some(state)));
            }
            if cx.archive.given.is_empty() {
                return Some((i, None));
            }
            let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            Some((i, Some(ArchiveState::Missing(format!("`{}` is in none of {}", a.file, searched.join(", "))))))
        })
        .collect();
    let mut found = Found::default();
    for (i, state) in looked {
        match state {
            Some(s) => {
                found.states.insert(i, s);
            }
            None => found.unverified += 1,
        }
    }
    found
}

/// The SHA-256 of some bytes, as 64 lowercase hex digits (what
/// `archive.sha256` records).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps the archive cache type in one place.
pub type Cache = OnceLock<Found>;

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn ascii_spaces_and_controls_fold_as_every_other_space() {
        let mut map = Vec::new();
        let text = "\t a\x0b\x0c\r\n b\x7f\x01c \u{a0}";
        assert_eq!(super::normalise_mapped(text, Some(&mut map)), "a b c");
        assert_eq!(map, vec![2, 3, 8, 9, 11]);
    }

    #[test]
    fn folds_copy_differences() {
        assert_eq!(normalise("the  region’s\u{a0}“largest”\n— exporter…"), "the region's \"largest\" - exporter...");
    }
}
