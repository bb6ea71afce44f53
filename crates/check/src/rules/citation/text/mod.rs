//! Text the citation rules compare quotes with: the folding of copy
//! differences (and the way back to raw offsets), the index that finds many
//! quotes in one text, and the hash that identifies an archived text. Below
//! both the archive and the coverage modules, which use it.

use sha2::{Digest, Sha256};

/// The largest archived text the check reads: offsets into a text are kept
/// as `u32` (the offset map, the quote index), and no source document
/// comes near it.
pub const MAX_TEXT_BYTES: u64 = 1 << 30;

/// Reads an archived text, refusing one over [`MAX_TEXT_BYTES`] before
/// reading it.
pub fn read_text(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_text_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_text`] into `bytes` (emptied first), whose room is kept from one
/// text to the next.
pub fn read_text_into(path: &std::path::Path, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    bytes.clear();
    let len = std::fs::metadata(path)?.len();
    if len > MAX_TEXT_BYTES {
        return Err(std::io::Error::other(format!("{len} bytes, more than the {} MiB an archived text may have", MAX_TEXT_BYTES >> 20)));
    }
    bytes.reserve(len as usize);
    std::fs::File::open(path)?.read_to_end(bytes)?;
    Ok(())
}

mod grams;
mod normalise;
pub use grams::{GramTables, Grams};
pub use normalise::{Cursor, OffsetMap, normalise, normalise_cow, normalise_mapped, normalise_mapped_into};

/// The SHA-256 of some bytes, as 64 lowercase hex digits (what
/// `archive.sha256` records).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of some bytes when it is not `want` (64 lowercase hex
/// digits, as [`sha256_hex`] writes them); `None` when it is, without
/// writing it out.
pub fn sha256_unless(bytes: &[u8], want: &str) -> Option<String> {
    let digest = Sha256::digest(bytes);
    let w = want.as_bytes();
    let same = w.len() == 2 * digest.len()
        && digest.iter().enumerate().all(|(i, &b)| w[2 * i] == HEX[usize::from(b >> 4)] && w[2 * i + 1] == HEX[usize::from(b & 15)]);
    (!same).then(|| hex(&digest))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{Grams, OffsetMap, normalise, normalise_mapped};

    /// Pieces of text with what copying changes: runs of spaces, line
    /// breaks, typographic quotes and dashes, the ellipsis, soft hyphens,
    /// letters of several byte lengths, figures.
    const PIECES: [&str; 24] = [
        "a", "b", " ", "  ", "\n", "\u{a0}", "’", "“", "”", "—", "–", "…", "\u{ad}", "\u{200b}", "é", "€", "\u{212a}", "1", "2.5", "%",
        "million", "the ", "`", "\t",
    ];

    /// A text of `n` pieces from `seed` (also used by the figure tests).
    pub(crate) fn text(seed: &mut u64, n: usize) -> String {
        (0..n)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                PIECES[(*seed % PIECES.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn every_quote_cut_from_a_text_is_found_in_it_after_folding() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for round in 0..300 {
            let raw = text(&mut seed, 5 + round);
            let mut map = OffsetMap::default();
            let norm = normalise_mapped(&raw, Some(&mut map));
            assert_eq!(norm, normalise(&raw));
            let grams = Grams::new(norm.as_bytes());
            let bounds: Vec<usize> = (0..=raw.len()).filter(|&i| raw.is_char_boundary(i)).collect();
            // The way back to raw offsets never goes backwards and stays
            // inside the folded text.
            let places: Vec<usize> = bounds.iter().map(|&b| map.to_norm(b)).collect();
            // A normalised place back to the raw text: never past it, never
            // going back, and the place itself where nothing was folded.
            let mut before = 0;
            for n in 0..=norm.len() {
                let raw_at = map.to_raw(n);
                assert!(map.to_norm(raw_at) <= n && raw_at >= before, "{raw:?}: {n} back to {raw_at}");
                before = raw_at;
                if norm == raw {
                    assert_eq!(raw_at, n);
                }
            }
            // The cursor, asked in order (a place may be asked twice), says
            // what the search says.
            let mut cursor = map.cursor();
            for (k, &b) in bounds.iter().enumerate() {
                if k % 3 != 1 {
                    assert_eq!(cursor.to_norm(b), places[k], "{raw:?} at {b}");
                }
                if k % 5 == 0 {
                    assert_eq!(cursor.to_norm(b), places[k], "{raw:?} at {b} again");
                }
            }
            assert!(places.windows(2).all(|w| w[0] <= w[1]), "{raw:?}");
            assert!(places.iter().all(|&p| p <= norm.len()), "{raw:?}");
            for k in 0..10 {
                let a = bounds[(seed as usize + k * 7) % bounds.len()];
                let b = bounds[(seed as usize / 3 + k * 13) % bounds.len()];
                let (a, b) = (a.min(b), a.max(b));
                let quote = normalise(&raw[a..b]);
                if quote.is_empty() {
                    continue;
                }
                assert!(grams.contains(quote.as_bytes()), "{quote:?} cut from {raw:?} is not in {norm:?}");
                let mut at = Vec::new();
                grams.find_all(quote.as_bytes(), &mut at);
                assert_eq!(at, memchr::memmem::find_iter(norm.as_bytes(), quote.as_bytes()).collect::<Vec<_>>());
            }
        }
    }
    #[test]
    fn hashes_are_written_and_compared_as_before() {
        for bytes in [&b""[..], b"text", &[0u8, 0x0f, 0xf0, 0xff, 0x9a][..]] {
            let old: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(super::hex(bytes), old);
            let h = super::sha256_hex(bytes);
            assert_eq!(super::sha256_unless(bytes, &h), None);
            assert_eq!(super::sha256_unless(bytes, &h.to_uppercase()), Some(h.clone()));
            assert_eq!(super::sha256_unless(bytes, &h[1..]), Some(h.clone()));
            assert_eq!(super::sha256_unless(bytes, ""), Some(h.clone()));
        }
        assert_eq!(super::sha256_hex(b"text"), "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1");
    }

    #[test]
    fn plain_text_maps_back_place_for_place() {
        let mut map = OffsetMap::default();
        let raw = "a plain text, with €1.2 billion in it";
        assert_eq!(normalise_mapped(raw, Some(&mut map)), raw);
        assert!((0..=raw.len()).all(|n| map.to_raw(n) == n));
        let mut map = OffsetMap::default();
        assert_eq!(normalise_mapped("a  b\u{ad}c d", Some(&mut map)), "a bc d");
        assert_eq!((0..=6).map(|n| map.to_raw(n)).collect::<Vec<_>>(), [0, 1, 3, 6, 7, 8, 9]);
    }

    #[test]
    fn a_text_over_the_limit_is_refused_before_it_is_read() {
        let dir = std::env::temp_dir().join(format!("wbd-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.txt");
        // Sparse: no disk space, and never read.
        std::fs::File::create(&big).unwrap().set_len(super::MAX_TEXT_BYTES + 1).unwrap();
        let e = super::read_text(&big).unwrap_err();
        assert!(e.to_string().contains("more than the 1024 MiB"), "{e}");
        let small = dir.join("small.txt");
        std::fs::write(&small, "text").unwrap();
        assert_eq!(super::read_text(&small).unwrap(), b"text");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
