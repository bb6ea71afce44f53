//! A tolerance in percent (`approx: 5 %`) and a stated change (`+8.7 %`,
//! `-2 pp`, `x2`).

use super::*;

/// A percentage used as a tolerance, e.g. a metric's `approx: 5 %`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Percent(pub Decimal);

impl FromStr for Percent {
    type Err = String;
    fn from_str(s: &str) -> Result<Percent, String> {
        match parse_amount(s.trim(), None) {
            Ok(Amount::Percent(n)) if n.scale.is_none() => Ok(Percent(n.digits)),
            Err(e) if is_precision_error(&e) => Err(e),
            _ => Err(format!("`{s}` is not a percentage: write e.g. `5 %`")),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} %", self.0)
    }
}

text_scalar!(Percent, "Percent", "a percentage such as `5 %`", {
    "type": "string",
    "pattern": "^[0-9]+(\\.[0-9]{1,12})? ?%$"
});

/// A stated change: `+8.7 %` (relative), `-2 pp` (percentage points) or
/// `x2` (a multiple).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeBy {
    /// Relative change in percent, signed, with the digits as written.
    Percent { negative: bool, digits: Decimal },
    /// Change in percentage points, signed.
    Points { negative: bool, digits: Decimal },
    /// The later value is this multiple of the earlier one.
    Times(Decimal),
}

impl ChangeBy {
    /// The signed digits as written.
    pub fn signed(&self) -> Decimal {
        match *self {
            ChangeBy::Percent { negative, digits } | ChangeBy::Points { negative, digits } => {
                if negative {
                    -digits
                } else {
                    digits
                }
            }
            ChangeBy::Times(d) => d,
        }
    }
    /// Whether the change can happen to a positive amount: a relative fall
    /// is above -100 % (`-100 %` or less leaves nothing or less).
    pub fn is_possible(&self) -> bool {
        !matches!(self, ChangeBy::Percent { negative: true, digits } if *digits >= Decimal::ONE_HUNDRED)
    }
    /// Half a unit of the last written digit. `None` only for digits
    /// beyond the supported precision (which parsing rejects).
    pub fn half_ulp(&self) -> Option<Decimal> {
        let d = match *self {
            ChangeBy::Percent { digits, .. } | ChangeBy::Points { digits, .. } | ChangeBy::Times(digits) => digits,
        };
        Decimal::try_new(5, d.scale().checked_add(1)?).ok()
    }
}

impl FromStr for ChangeBy {
    type Err = String;
    fn from_str(s: &str) -> Result<ChangeBy, String> {
        let err = || format!("`{s}` is not a change: write `+8.7 %`, `-2 pp` or `x2`");
        let t = s.trim();
        if let Some(m) = t.strip_prefix('x') {
            let (d, _) = parse_digits(m.trim(), 0).map_err(|e| digits_err(e, err()))?;
            return Ok(ChangeBy::Times(d));
        }
        let negative = match t.chars().next() {
            Some('+') => false,
            Some('-' | '−') => true,
            _ => return Err(err()),
        };
        let body = t[t.chars().next().map_or(0, char::len_utf8)..].trim();
        let (num, unit) = if let Some(n) = body.strip_suffix("pp") {
            (n.trim(), "pp")
        } else if let Some(n) = body.strip_suffix('%') {
            (n.trim(), "%")
        } else {
            return Err(err());
        };
        let (digits, _) = parse_digits(num, 0).map_err(|e| digits_err(e, err()))?;
        Ok(if unit == "%" { ChangeBy::Percent { negative, digits } } else { ChangeBy::Points { negative, digits } })
    }
}

impl fmt::Display for ChangeBy {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ChangeBy::Percent { negative, digits } => write!(f, "{}{digits} %", if *negative { '-' } else { '+' }),
            ChangeBy::Points { negative, digits } => write!(f, "{}{digits} pp", if *negative { '-' } else { '+' }),
            ChangeBy::Times(d) => write!(f, "x{d}"),
        }
    }
}

text_scalar!(ChangeBy, "ChangeBy", "a change such as `+8.7 %`, `-2 pp` or `x2`", {
    "type": "string",
    "pattern": "^([+-][0-9]+(\\.[0-9]{1,12})? ?(%|pp)|x[0-9]+(\\.[0-9]{1,12})?)$"
});
