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
    let len = std::fs::metadata(path)?.len();
    if len > MAX_TEXT_BYTES {
        return Err(std::io::Error::other(format!("{len} bytes, more than the {} MiB an archived text may have", MAX_TEXT_BYTES >> 20)));
    }
    std::fs::read(path)
}

mod grams;
mod normalise;
pub use grams::Grams;
pub use normalise::{OffsetMap, normalise, normalise_mapped};

/// The SHA-256 of some bytes, as 64 lowercase hex digits (what
/// `archive.sha256` records).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
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
