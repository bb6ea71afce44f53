//! `file:` URIs to paths and back (RFC 8089, percent-encoded UTF-8).

use std::path::{Path, PathBuf};

pub fn to_uri(path: &Path) -> lsp_types::Uri {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().unwrap_or_else(|_| "file:///".parse().expect("a constant URI"))
}

/// The path of a `file:` URI (`None` for other schemes and remote hosts).
pub fn to_path(uri: &lsp_types::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    let s = String::from_utf8(bytes).ok()?;
    // `file:///C:/x` on Windows.
    let s = if s.len() > 2 && s.as_bytes()[2] == b':' && cfg!(windows) { s[1..].to_string() } else { s };
    Some(PathBuf::from(s))
}

/// A path made comparable with the check's: canonical when it exists (or
/// its directory does, for a file not saved yet).
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir).map(|d| d.join(name)).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_with_spaces_and_non_ascii() {
        let p = std::path::Path::new("/tmp/a b/ščž €.yaml");
        let u = super::to_uri(p);
        assert_eq!(u.as_str(), "file:///tmp/a%20b/%C5%A1%C4%8D%C5%BE%20%E2%82%AC.yaml");
        assert_eq!(super::to_path(&u).unwrap(), p);
        assert_eq!(super::to_path(&"untitled:Untitled-1".parse().unwrap()), None);
    }
}
