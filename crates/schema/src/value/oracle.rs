//! The value notation's parsing as it was before it was made
//! allocation-free (commit 2230531), kept for tests only: the property
//! tests in `tests.rs` check that today's parsing gives the same values,
//! with the same decimal places, and the same messages, on many inputs.

use super::*;

pub fn check_precision(written: &str, plain: &str, exp: u32) -> Result<(), String> {
    let shown = quoted_number(written);
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let int = int.trim_start_matches('0');
    let int_digits = int.len() as u32 + if int.is_empty() { 0 } else { exp };
    if int_digits > MAX_INTEGER_DIGITS {
        return Err(format!(
            "{shown} is too large: values must be below 10^{MAX_INTEGER_DIGITS} (a million trillion); check the digits and the scale word"
        ));
    }
    let places = frac.len() as u32;
    if places > MAX_DECIMAL_PLACES {
        return Err(format!(
            "{shown} has {places} decimal places; at most {MAX_DECIMAL_PLACES} are supported: check the digits against the source"
        ));
    }
    let all: String = format!("{int}{frac}");
    let all = all.trim_start_matches('0');
    let significant = if frac.is_empty() { all.trim_end_matches('0').len() } else { all.len() } as u32;
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "{shown} has {significant} significant digits; at most {MAX_SIGNIFICANT_DIGITS} are supported (what every tool reading the published data keeps): check the digits"
        ));
    }
    Ok(())
}

pub fn parse_digits(s: &str, exp: u32) -> Result<(Decimal, bool), String> {
    let err = || format!("`{s}` is not a number: write digits with an optional decimal point, e.g. 1.30 or 200,000");
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(err());
    }
    let grouped = s.contains(',');
    if grouped {
        let int = s.split('.').next().unwrap_or("");
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(format!("`{s}` has misplaced thousands separators"));
        }
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    if !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.') || plain.matches('.').count() > 1 || plain.ends_with('.') {
        return Err(err());
    }
    check_precision(s, &plain, exp)?;
    Decimal::from_str(&plain).map(|d| (d, grouped)).map_err(|_| err())
}

pub fn value(n: &Number) -> Option<Decimal> {
    let mut v = n.digits;
    for _ in 0..n.scale.map_or(0, Scale::exponent) {
        v = v.checked_mul(Decimal::TEN)?;
    }
    Some(v.normalize())
}

pub fn half_ulp(n: &Number) -> Option<Decimal> {
    let mut half = Decimal::try_new(5, n.digits.scale().checked_add(1)?).ok()?;
    for _ in 0..n.scale.map_or(0, Scale::exponent) {
        half = half.checked_mul(Decimal::TEN)?;
    }
    Some(half.normalize())
}

/// A number displayed as it was.
pub struct Shown<'a>(pub &'a Number);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let n = self.0;
        let s = n.digits.to_string();
        if n.grouped {
            let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
            let len = int.len();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (len - i) % 3 == 0 {
                    f.write_str(",")?;
                }
                write!(f, "{c}")?;
            }
            if let Some(frac) = frac {
                write!(f, ".{frac}")?;
            }
        } else {
            f.write_str(&s)?;
        }
        if let Some(s) = n.scale {
            write!(f, " {}", s.word())?;
        }
        Ok(())
    }
}

/// A value displayed as it was.
pub fn value_text(v: &Value) -> String {
    fn amount(a: &Amount) -> String {
        match a {
            Amount::Money { currency, number } => format!("{currency} {}", Shown(number)),
            Amount::Percent(n) => format!("{} %", Shown(n)),
            Amount::Count(n) => format!("{}", Shown(n)),
            Amount::Quantity { number, unit } => format!("{} {unit}", Shown(number)),
        }
    }
    match v {
        Value::Amount(a) => amount(a),
        Value::Range(a, b) => format!("{} to {}", amount(a), amount(b)),
        other => other.to_string(),
    }
}

pub fn parse_amount(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    parse_amount_strict(s, inherit).map_err(|e| match respell(s) {
        Some(fix) if !is_precision_error(&e) => format!("`{s}` is not a value: {fix}"),
        _ => e,
    })
}

pub fn parse_amount_strict(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    let toks: Vec<&str> = s.split_whitespace().collect();
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

pub fn scale_abbreviation(t: &str) -> Option<Scale> {
    if Scale::from_word(t).is_some() {
        return None;
    }
    match t.to_lowercase().trim_end_matches('.') {
        "k" | "th" | "thousand" | "thousands" => Some(Scale::Thousand),
        "m" | "mn" | "mln" | "mio" | "million" | "millions" => Some(Scale::Million),
        "b" | "bn" | "bln" | "billion" | "billions" => Some(Scale::Billion),
        "tn" | "trn" | "trillion" | "trillions" => Some(Scale::Trillion),
        _ => None,
    }
}

/// `amount::respell` with the old parsing under it.
fn respell(s: &str) -> Option<String> {
    let mut toks: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let mut why = Vec::new();
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
    if why.is_empty()
        && let Some(first) = toks.first().cloned()
        && let Some(code) = currency_spelling(&first)
        && first != code
    {
        why.push(format!("`{first}` is not a currency code (ISO 4217 codes are three capitals)"));
        toks[0] = code.to_string();
    }
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    if toks.len() >= 2 && !toks.first().is_some_and(|t| is_code(t)) && toks.last().is_some_and(|t| is_code(t)) {
        let code = toks.pop().unwrap_or_default();
        why.push(format!("the ISO 4217 code `{code}` comes before the number"));
        toks.insert(0, code);
    }
    let money = toks.first().is_some_and(|t| is_code(t));
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
    Some(format!("{}; write `{}`", why.join("; "), value_text(&Value::Amount(parsed))))
}

fn parse_range(a: &str, b: &str) -> Result<(Amount, Amount), String> {
    let mut hi = parse_amount(b, None)?;
    let mut lo = parse_amount(a, Some(&hi))?;
    if let (Amount::Money { currency, .. }, Amount::Count(n)) = (&lo, &hi) {
        hi = Amount::Money { currency: *currency, number: *n };
    }
    let hi_scale = hi.number().scale;
    if lo.number().scale.is_none() && hi_scale.is_some() {
        let set = |n: &mut Number| n.scale = hi_scale;
        match &mut lo {
            Amount::Money { number, .. } | Amount::Quantity { number, .. } => set(number),
            Amount::Percent(n) | Amount::Count(n) => set(n),
        }
    }
    Ok((lo, hi))
}

pub fn parse_value(s: &str) -> Result<Value, String> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once(" to ") {
        let (lo, hi) = parse_range(a.trim(), b.trim())?;
        if !lo.same_unit(&hi) {
            return Err(format!("the two ends of `{s}` have different units"));
        }
        return Ok(Value::Range(lo, hi));
    }
    parse_amount(s, None).map(Value::Amount)
}

pub fn parse_percent(s: &str) -> Result<Percent, String> {
    match parse_amount(s.trim(), None) {
        Ok(Amount::Percent(n)) if n.scale.is_none() => Ok(Percent(n.digits)),
        Err(e) if is_precision_error(&e) => Err(e),
        _ => Err(format!("`{s}` is not a percentage: write e.g. `5 %`")),
    }
}

pub fn parse_change(s: &str) -> Result<ChangeBy, String> {
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

/// A value read by the previous `Deserialize` (its key as a `String`, an
/// integer through `to_string`).
#[derive(Debug, PartialEq)]
pub struct Read(pub Value);

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Read, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Read;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value such as `USD 1.3 billion`, `8.7 %`, `13`, `14 m`, `40 to 120 %`, or a mapping {date: ...}, {entity: ...} or {text: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Read, E> {
                v.parse().map(Read).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read, E> {
                Err(E::custom(format!("`{v}` is negative: values are written without a sign (state changes with `change`)")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read, E> {
                Err(E::custom(format!("`{v}` has no unit: write it with its unit, e.g. `{v} %`, `EUR {v} million` or `{v} m`")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom("an empty mapping is not a value: write {date: ...}, {entity: ...} or {text: ...}"));
                };
                let value = match key.as_str() {
                    "date" => Value::Date(map.next_value()?),
                    "entity" => Value::Entity(map.next_value()?),
                    "text" => Value::Text(map.next_value()?),
                    other => return Err(de::Error::unknown_field(other, &["date", "entity", "text"])),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!("unexpected key `{extra}`: a value mapping has exactly one key")));
                }
                Ok(Read(value))
            }
        }
        d.deserialize_any(V)
    }
}
