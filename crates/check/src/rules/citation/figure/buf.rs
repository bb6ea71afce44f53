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

    /// A decimal as `Display` writes it (every digit it was written with),
    /// without going through the formatter.
    pub(crate) fn decimal(d: rust_decimal::Decimal) -> Self {
        use std::fmt::Write;
        let mantissa = d.mantissa().unsigned_abs();
        if mantissa == 0 {
            // A zero may carry a sign: left to `Display`.
            return Buf::shown(d);
        }
        let mut digits = [0u8; 40];
        let mut k = digits.len();
        // In 64 bits while it fits (nearly always): dividing 128 bits is
        // slow.
        let mut n = mantissa;
        while n > u128::from(u64::MAX) {
            k -= 1;
            digits[k] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let mut n = n as u64;
        while n > 0 {
            k -= 1;
            digits[k] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let digits = std::str::from_utf8(&digits[k..]).unwrap_or_default();
        let scale = d.scale() as usize;
        let mut b = Buf::new();
        if d.is_sign_negative() {
            let _ = b.write_char('-');
        }
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            let _ = b.write_str(int);
            if !frac.is_empty() {
                let _ = b.write_char('.');
                let _ = b.write_str(frac);
            }
        } else {
            let _ = b.write_str("0.");
            for _ in digits.len()..scale {
                let _ = b.write_char('0');
            }
            let _ = b.write_str(digits);
        }
        b
    }

    /// `s` in ASCII lowercase.
    pub(crate) fn lowercase(s: &str) -> Self {
        let mut b = Buf::new();
        match b.bytes.get_mut(..s.len()) {
            // Copied and lowercased in one pass.
            Some(dst) => {
                for (d, x) in dst.iter_mut().zip(s.bytes()) {
                    *d = x.to_ascii_lowercase();
                }
                b.len = s.len();
            }
            None => b.spill = Some(s.to_ascii_lowercase()),
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
