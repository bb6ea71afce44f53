//! `currency/unknown-code`: a currency code that is not an active ISO 4217 code.

use iso_currency::Currency;
use wbd_schema::{CurrencyCode, Date, Period, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/unknown-code",
    severity: Severity::Error,
    summary: "not an ISO 4217 code in use for the claim's period",
    docs: r#"## What it checks
Every currency code in a claim's `value` and `equivalent` is an ISO 4217
code that was in use for the claim's period: an active code, or a withdrawn
one for a period that ended while it was still the currency. `HRK` is right
for 2021 (the kuna was replaced by the euro on 2023-01-01) and wrong for
2024. The withdrawal dates are those of ISO 4217 at the euro changeovers
(Croatia 2023, Bulgaria 2026, Slovenia 2007, ..., the first members 2002);
a code withdrawn at another date, or never assigned (`EUD`), is an error
for every period. A figure in a withdrawn currency is converted with the
ECB's historical rates where the ECB published them (`HRK` until
2022-12-30).

## Why
Codes are how downstream tools convert money. A made-up or retired code
cannot be converted and usually means a typo (`EUD`) or a symbol read as a
code.

## Example
```yaml
    value: EUD 1.2 billion
```
```yaml
    period: 2024
    value: HRK 100 million
```

## Fix
Write the ISO 4217 code of the currency the source uses: `EUR`, `USD`,
`GBP`, `RSD`, `ALL`, `BAM`, `MKD`... For a withdrawn currency, check the
period: a figure after the changeover is in the new currency.
"#,
};

pub struct UnknownCode;

/// Whether a code is an active ISO 4217 currency. Several rules ask for
/// every money figure, and the ISO table is a long string match: the
/// answer for each three-letter code is remembered (one byte per code,
/// 26^3 of them, shared by the rules' threads).
pub fn is_active(code: CurrencyCode) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    static KNOWN: [AtomicU8; 26 * 26 * 26] = [const { AtomicU8::new(0) }; 26 * 26 * 26];
    let lookup = || Currency::from_code(code.as_str()).is_some_and(|c| c.is_superseded().is_none());
    let [a, b, c] = code.0;
    if ![a, b, c].iter().all(u8::is_ascii_uppercase) {
        return lookup();
    }
    let slot = &KNOWN[((a - b'A') as usize * 26 + (b - b'A') as usize) * 26 + (c - b'A') as usize];
    match slot.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            let active = lookup();
            slot.store(if active { 1 } else { 2 }, Ordering::Relaxed);
            active
        }
    }
}

/// Withdrawn ISO 4217 codes with the currency that replaced them and the
/// last day each was the currency (the day before the changeover). The
/// euro changeovers: a small table rather than a history of every code,
/// since these are the ones European sources still print.
const WITHDRAWN: &[(&str, &str, (i32, u8, u8))] = &[
    ("BGN", "EUR", (2025, 12, 31)),
    ("HRK", "EUR", (2022, 12, 31)),
    ("LTL", "EUR", (2014, 12, 31)),
    ("LVL", "EUR", (2013, 12, 31)),
    ("EEK", "EUR", (2010, 12, 31)),
    ("SKK", "EUR", (2008, 12, 31)),
    ("CYP", "EUR", (2007, 12, 31)),
    ("MTL", "EUR", (2007, 12, 31)),
    ("SIT", "EUR", (2006, 12, 31)),
    ("ATS", "EUR", (2001, 12, 31)),
    ("BEF", "EUR", (2001, 12, 31)),
    ("DEM", "EUR", (2001, 12, 31)),
    ("ESP", "EUR", (2001, 12, 31)),
    ("FIM", "EUR", (2001, 12, 31)),
    ("FRF", "EUR", (2001, 12, 31)),
    ("GRD", "EUR", (2001, 12, 31)),
    ("IEP", "EUR", (2001, 12, 31)),
    ("ITL", "EUR", (2001, 12, 31)),
    ("LUF", "EUR", (2001, 12, 31)),
    ("NLG", "EUR", (2001, 12, 31)),
    ("PTE", "EUR", (2001, 12, 31)),
];

/// A withdrawn code's replacement and its last day in use.
pub fn withdrawn(code: CurrencyCode) -> Option<(&'static str, Date)> {
    let (_, new, (y, m, d)) = WITHDRAWN.iter().find(|(c, _, _)| *c == code.as_str())?;
    Some((new, Date::new(*y, *m, *d)?))
}

/// Whether a code is right for a figure about `period`: active, or
/// withdrawn after the period ended.
pub fn in_use(code: CurrencyCode, period: &Period) -> bool {
    is_active(code) || withdrawn(code).is_some_and(|(_, last)| period.bounds().1 <= last)
}

impl Rule for UnknownCode {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for c in &cx.ds.claims {
            let mut check = |v: &Value, field: &str| {
                let Some((a, b)) = v.ends() else { return };
                let mut seen = None;
                for cur in [a.currency(), b.currency()].into_iter().flatten() {
                    if seen == Some(cur) || in_use(cur, &c.period) {
                        continue;
                    }
                    seen = Some(cur);
                    let (msg, help) = match (withdrawn(cur), Currency::from_code(cur.as_str()).and_then(|c| c.is_superseded())) {
                        (Some((new, last)), _) => (
                            format!(
                                "`{cur}` was withdrawn from ISO 4217 after {last} (replaced by `{new}`), but this figure is for {} (to {})",
                                c.period,
                                c.period.bounds().1
                            ),
                            format!(
                                "a figure in `{cur}` is right for periods up to {last}; check the period, or write the amount in `{new}` as the source gives it"
                            ),
                        ),
                        (None, Some(new)) => (
                            format!("`{cur}` is a superseded ISO 4217 code (replaced by `{}`)", new.code()),
                            format!("write the amount in `{}` as the source gives it", new.code()),
                        ),
                        (None, None) => (
                            format!("`{cur}` is not an ISO 4217 currency code"),
                            "write the three-letter ISO 4217 code of the source's currency, e.g. EUR, USD, GBP, RSD".to_string(),
                        ),
                    };
                    out.push(Diagnostic::new(RULE.code, RULE.severity, c.at(field), msg).help(help).record(c.id.as_str()));
                }
            };
            check(&c.value, "value");
            if let Some(eq) = &c.equivalent {
                check(&eq.value, "equivalent.value");
            }
        }
    }
}
