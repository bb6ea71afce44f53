//! Text written on the stack while it fits: what the figure search writes
//! out per call (numbers, a quote in lowercase).

/// Text written on the stack while it fits (numbers, most quotes), on the
/// heap beyond: what the figure search writes out per call, without an
/// allocation in the common case.
pub(crate) struct Buf<const N: usize> {
    bytes: [u8; N],
    len: usize,
    spill: Option<String>,
}

impl<const N: usize> Buf<N> {
    pub(crate) fn new() -> Self {
        Buf { bytes: [0; N], len: 0, spill: None }
    }

    /// Anything `Display` as text.
    pub(crate) fn shown(v: impl std::fmt::Display) -> Self {
        use std::fmt::Write;
        let mut b = Buf::new();
        let _ = write!(b, "{v}");
        b
    }

    /// `s` in ASCII lowercase.
    pub(crate) fn lowercase(s: &str) -> Self {
        use std::fmt::Write;
        let mut b = Buf::new();
        let _ = b.write_str(s);
        match &mut b.spill {
            Some(h) => h.make_ascii_lowercase(),
            None => b.bytes[..b.len].make_ascii_lowercase(),
        }
        b
    }

    pub(crate) fn as_str(&self) -> &str {
        match &self.spill {
            Some(h) => h,
            // Whole `str`s were copied in (and ASCII lowercased): valid.
            None => std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default(),
        }
    }
}

impl<const N: usize> std::fmt::Write for Buf<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if let Some(h) = &mut self.spill {
            h.push_str(s);
        } else if let Some(dst) = self.bytes.get_mut(self.len..self.len + s.len()) {
            dst.copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            let mut h = String::with_capacity(2 * (self.len + s.len()));
            h.push_str(self.as_str());
            h.push_str(s);
            self.spill = Some(h);
        }
        Ok(())
    }
}
