//! One numeric value with its currency or unit (`USD 1.3 billion`,
//! `65.79 %`, `14 m`), its parsing and the respelling hints.

use super::*;

/// A three-letter currency code as written (`USD`). Whether it is an active
/// ISO 4217 code is the checker's business (`currency/unknown-code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode(pub [u8; 3]);

impl CurrencyCode {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");
}

impl FromStr for CurrencyCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.as_bytes() {
            [a, b, c] if s.bytes().all(|b| b.is_ascii_uppercase()) => Ok(CurrencyCode([*a, *b, *c])),
            _ => Err(format!("`{s}` is not a currency code: write the ISO 4217 code in capitals, e.g. EUR or USD")),
        }
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_scalar!(CurrencyCode, "CurrencyCode", "an ISO 4217 currency code", {
    "type": "string",
    "pattern": "^[A-Z]{3}$"
});

/// One numeric value: money, percent, count or quantity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Amount {
    Money { currency: CurrencyCode, number: Number },
    Percent(Number),
    Count(Number),
    Quantity { number: Number, unit: Box<str> },
}

impl Amount {
    pub fn number(&self) -> &Number {
        match self {
            Amount::Money { number, .. } | Amount::Quantity { number, .. } => number,
            Amount::Percent(n) | Amount::Count(n) => n,
        }
    }
    pub fn kind(&self) -> ValueKind {
        match self {
            Amount::Money { .. } => ValueKind::Money,
            Amount::Percent(_) => ValueKind::Percent,
            Amount::Count(_) => ValueKind::Count,
            Amount::Quantity { .. } => ValueKind::Quantity,
        }
    }
    pub fn currency(&self) -> Option<CurrencyCode> {
        match self {
            Amount::Money { currency, .. } => Some(*currency),
            _ => None,
        }
    }
    /// Same kind and same unit or currency.
    pub fn same_unit(&self, other: &Amount) -> bool {
        match (self, other) {
            (Amount::Money { currency: a, .. }, Amount::Money { currency: b, .. }) => a == b,
            (Amount::Quantity { unit: a, .. }, Amount::Quantity { unit: b, .. }) => a == b,
            (a, b) => a.kind() == b.kind(),
        }
    }
}

/// Whether a token is a unit word (not a number, scale word or `%`).
pub(super) fn is_unit(tok: &str) -> bool {
    !tok.is_empty()
        && tok.len() <= 24
        && tok.chars().all(|c| c.is_alphanumeric() || matches!(c, '/' | '²' | '³' | '.'))
        && tok.starts_with(|c: char| c.is_alphabetic())
        && Scale::from_word(tok).is_none()
}

/// Parses one amount. `inherit` supplies the unit of the right-hand side of
/// a range to a left-hand side written without one (`40 to 120 %`). A
/// common misspelling (`EURO 5`, `€5`, `USD 40m`, `USD 0.04bn`) is reported
/// with the spelling that was meant.
pub(super) fn parse_amount(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    parse_amount_strict(s, inherit).map_err(|e| match respell(s) {
        Some(fix) if !is_precision_error(&e) => format!("`{s}` is not a value: {fix}"),
        _ => e,
    })
}

pub(super) fn parse_amount_strict(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    // The first five words: an amount has at most four (`EUR 1.3 billion`,
    // `14 m`, `8.7 %`), and with five or more, what follows the number and
    // its scale word is two words or more, which no amount ends with.
    let mut words = [""; 5];
    let mut n = 0;
    for (slot, w) in words.iter_mut().zip(s.split_whitespace()) {
        *slot = w;
        n += 1;
    }
    let toks = &words[..n];
    let mut i = 0;
    let currency = match toks.first() {
        Some(t) if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) && Scale::from_word(t).is_none() => {
            i = 1;
            Some(t.parse::<CurrencyCode>()?)
        }
        _ => None,
    };
    let Some(first) = toks.get(i) else {
        return Err(format!("`{s}` has no number"));
    };
    // `8.7%` is written without a space as often as with one.
    let (num_tok, pct_glued) = match first.strip_suffix('%') {
        Some(n) => (n, true),
        None => (*first, false),
    };
    let scale = toks.get(i + 1).and_then(|t| Scale::from_word(t));
    let (digits, grouped) = parse_digits(num_tok, scale.map_or(0, Scale::exponent))?;
    i += 1 + usize::from(scale.is_some());
    let number = Number { digits, scale, grouped };
    let rest = &toks[i..];
    let amount = match (currency, pct_glued, rest) {
        (Some(c), false, []) => Amount::Money { currency: c, number },
        (None, true, []) | (None, false, ["%"]) => Amount::Percent(number),
        (None, false, []) => match inherit {
            Some(Amount::Money { currency, .. }) => Amount::Money { currency: *currency, number },
            Some(Amount::Percent(_)) => Amount::Percent(number),
            Some(Amount::Quantity { unit, .. }) => Amount::Quantity { number, unit: unit.clone() },
            _ => Amount::Count(number),
        },
        (None, false, [unit]) if is_unit(unit) && !(scale_abbreviation(unit).is_some() && unit.len() > 1) => {
            Amount::Quantity { number, unit: (*unit).into() }
        }
        _ => {
            return Err(format!(
                "`{s}` is not a value: write money as `USD 1.3 billion`, a percent as `8.7 %`, a count as `13`, a quantity as `14 m`"
            ));
        }
    };
    Ok(amount)
}

/// A scale written another way: `bn`, `m`, `mln`, `k`, `Million`,
/// `billions`. Not the four scale words themselves.
pub(super) fn scale_abbreviation(t: &str) -> Option<Scale> {
    if Scale::from_word(t).is_some() {
        return None;
    }
    if t.is_ascii() {
        // Lowered on the stack: no word below is longer than 9 letters.
        let w = t.trim_end_matches('.');
        let mut lower = [0u8; 9];
        let lower = lower.get_mut(..w.len())?;
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        return scale_word(std::str::from_utf8(lower).ok()?);
    }
    scale_word(t.to_lowercase().trim_end_matches('.'))
}

fn scale_word(lower: &str) -> Option<Scale> {
    match lower {
        "k" | "th" | "thousand" | "thousands" => Some(Scale::Thousand),
        "m" | "mn" | "mln" | "mio" | "million" | "millions" => Some(Scale::Million),
        "b" | "bn" | "bln" | "billion" | "billions" => Some(Scale::Billion),
        "tn" | "trn" | "trillion" | "trillions" => Some(Scale::Trillion),
        _ => None,
    }
}

/// A currency written as a symbol, a name or a lowercase code.
pub(super) fn currency_spelling(t: &str) -> Option<&'static str> {
    Some(match t.to_lowercase().as_str() {
        "€" | "eur" | "euro" | "euros" => "EUR",
        "$" | "us$" | "usd" | "dollar" | "dollars" => "USD",
        "£" | "gbp" | "pound" | "pounds" => "GBP",
        "rsd" | "din" | "din." => "RSD",
        "chf" => "CHF",
        _ => return None,
    })
}

/// What a misspelt amount was meant to be: why it is wrong and the amount
/// in the notation, built from the writer's own number (`...; write `X``).
/// `None` when no common misspelling explains it.
pub(super) fn respell(s: &str) -> Option<String> {
    let mut toks: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let mut why = Vec::new();
    // A currency symbol glued to the number: `€262.5`, `US$40`.
    if let Some(first) = toks.first().cloned() {
        let cut = first.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0);
        if let Some(i) = cut
            && let Some(code) = currency_spelling(&first[..i])
        {
            let glued = &first[..i];
            why.push(if glued == code {
                format!("a space goes between the currency code `{code}` and the number")
            } else if glued.chars().all(|c| c.is_ascii_alphabetic()) {
                format!("`{glued}` is not a currency code (ISO 4217 codes are three capitals, then a space)")
            } else {
                format!("`{glued}` is a currency symbol, not an ISO 4217 code (the code comes first, then a space)")
            });
            toks[0] = first[i..].to_string();
            toks.insert(0, code.to_string());
        }
    }
    // A currency written as a name or in lowercase: `EURO 262.5`, `eur 5`.
    if why.is_empty()
        && let Some(first) = toks.first().cloned()
        && let Some(code) = currency_spelling(&first)
        && first != code
    {
        why.push(format!("`{first}` is not a currency code (ISO 4217 codes are three capitals)"));
        toks[0] = code.to_string();
    }
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    // A code written after the number: `1.3 billions USD`.
    if toks.len() >= 2 && !toks.first().is_some_and(|t| is_code(t)) && toks.last().is_some_and(|t| is_code(t)) {
        let code = toks.pop().unwrap_or_default();
        why.push(format!("the ISO 4217 code `{code}` comes before the number"));
        toks.insert(0, code);
    }
    let money = toks.first().is_some_and(|t| is_code(t));
    // A scale glued to the number (`0.04bn`, `40m`) or abbreviated (`40 mn`).
    let at = usize::from(money);
    if let Some(num) = toks.get(at).cloned() {
        let split = num.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).filter(|&i| i > 0);
        if let Some(i) = split
            && !num[i..].starts_with('%')
        {
            toks[at] = num[..i].to_string();
            toks.insert(at + 1, num[i..].to_string());
        }
    }
    if let Some(word) = toks.get(at + 1).cloned()
        && let Some(scale) = scale_abbreviation(&word)
    {
        if word == "m" && !money {
            // `14m` may be metres: only the missing space is sure.
            let glued = s.split_whitespace().nth(at).is_some_and(|t| t.ends_with('m'));
            if !glued {
                return None;
            }
            let n = &toks[at];
            return Some(format!("`m` is the unit metres, written after a space (`{n} m`); for millions write `{n} million`"));
        }
        why.push(if word == "m" {
            "`m` is the unit metres, not a scale word".to_string()
        } else {
            format!("`{word}` is not a scale word (thousand, million, billion, trillion)")
        });
        toks[at + 1] = scale.word().to_string();
    }
    if why.is_empty() {
        return None;
    }
    let fixed = toks.join(" ");
    let parsed = parse_amount_strict(&fixed, None).ok()?;
    Some(format!("{}; write `{parsed}`", why.join("; ")))
}

impl FromStr for Amount {
    type Err = String;
    fn from_str(s: &str) -> Result<Amount, String> {
        parse_amount(s, None)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Amount::Money { currency, number } => write!(f, "{currency} {number}"),
            Amount::Percent(n) => write!(f, "{n} %"),
            Amount::Count(n) => write!(f, "{n}"),
            Amount::Quantity { number, unit } => write!(f, "{number} {unit}"),
        }
    }
}
