//! `currency/unknown-code`: a currency code that is not an active ISO 4217 code.

use iso_currency::Currency;
use wbd_schema::{CurrencyCode, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/unknown-code",
    severity: Severity::Error,
    summary: "not an active ISO 4217 code",
    docs: r#"## What it checks
Every currency code in a claim's `value` and `equivalent` is an active ISO
4217 code: known, and not superseded (`YUM`, `CSD` and `VEF` are history).

## Why
Codes are how downstream tools convert money. A made-up or retired code
cannot be converted and usually means a typo (`EUD`) or a symbol read as a
code.

## Example
```yaml
    value: EUD 1.2 billion
```

## Fix
Write the ISO 4217 code of the currency the source uses: `EUR`, `USD`,
`GBP`, `RSD`, `ALL`, `BAM`, `MKD`...
"#,
};

pub struct UnknownCode;

/// Whether a code is an active ISO 4217 currency.
pub fn is_active(code: CurrencyCode) -> bool {
    Currency::from_code(code.as_str()).is_some_and(|c| c.is_superseded().is_none())
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
                    if seen == Some(cur) || is_active(cur) {
                        continue;
                    }
                    seen = Some(cur);
                    let msg = match Currency::from_code(cur.as_str()).and_then(|c| c.is_superseded()) {
                        Some(new) => format!("`{cur}` is a superseded ISO 4217 code (replaced by `{}`)", new.code()),
                        None => format!("`{cur}` is not an ISO 4217 currency code"),
                    };
                    out.push(
                        Diagnostic::new(RULE.code, RULE.severity, c.at(field), msg)
                            .help("write the three-letter ISO 4217 code of the source's currency, e.g. EUR, USD, GBP, RSD")
                            .record(c.id.as_str()),
                    );
                }
            };
            check(&c.value, "value");
            if let Some(eq) = &c.equivalent {
                check(&eq.value, "equivalent.value");
            }
        }
    }
}
