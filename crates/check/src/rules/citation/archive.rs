//! Archived source texts: found by each source's `archive.file` in the
//! directory given with `--archive`, hashed, and normalised once for quote
//! look-ups.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::rules::Context;

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

/// The archive state of every source with an `archive`, by source index;
/// computed once per check (the two archive rules share it).
pub fn states<'a>(cx: &'a Context) -> Option<&'a HashMap<usize, ArchiveState>> {
    let dir = cx.archive.as_deref()?;
    Some(cx.archive_cache.get_or_init(|| load(cx, dir)))
}

fn load(cx: &Context, dir: &Path) -> HashMap<usize, ArchiveState> {
    use rayon::prelude::*;
    cx.ds
        .sources
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = s.archive.as_ref()?;
            let name = Path::new(&a.file);
            // Only a plain file name inside the archive directory.
            if name.components().count() != 1 || a.file.contains("..") {
                return Some((i, ArchiveState::Missing(format!("`{}` is not a plain file name", a.file))));
            }
            let state = match std::fs::read(dir.join(name)) {
                Err(e) => ArchiveState::Missing(format!("{}: {e}", dir.join(name).display())),
                Ok(bytes) => {
                    let actual = hex(&Sha256::digest(&bytes));
                    if actual != a.sha256 {
                        ArchiveState::Mismatch { actual }
                    } else {
                        ArchiveState::Verified(normalise(&String::from_utf8_lossy(&bytes)))
                    }
                }
            };
            Some((i, state))
        })
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps the archive cache type in one place.
pub type Cache = OnceLock<HashMap<usize, ArchiveState>>;

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn folds_copy_differences() {
        assert_eq!(normalise("the  region’s\u{a0}“largest”\n— exporter…"), "the region's \"largest\" - exporter...");
    }
}
