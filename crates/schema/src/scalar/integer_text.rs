//! An integer's text without allocating: YAML integers (`period: 2024`)
//! are read as the text they stand for.

/// An integer's decimal text (what `to_string` gives), written on the
/// stack: a YAML integer (`period: 2024`) is parsed as its text.
pub(crate) struct IntegerText {
    buf: [u8; 20],
    start: usize,
}

impl IntegerText {
    fn new(negative: bool, mut v: u64) -> IntegerText {
        // u64::MAX has 20 digits; i64::MIN has 19 and its sign.
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if negative {
            start -= 1;
            buf[start] = b'-';
        }
        IntegerText { buf, start }
    }
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

impl From<u64> for IntegerText {
    fn from(v: u64) -> IntegerText {
        IntegerText::new(false, v)
    }
}

impl From<i64> for IntegerText {
    fn from(v: i64) -> IntegerText {
        IntegerText::new(v < 0, v.unsigned_abs())
    }
}
