//! `citation/quote-missing-value`: no quote of the claim contains its figure.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use wbd_schema::{Amount, CurrencyCode, Scale, Value};

use super::figure::{Miss, near_miss, quote_contains};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/quote-missing-value",
    severity: Severity::Error,
    summary: "no quote of the claim contains its figure (as written, in digits or words)",
    docs: r#"## What it checks
At least one quote of a claim with a figure contains that figure as the
source wrote it: the digits (`65.79`, `200,000` or `200000`), or the number
in words (`Thirteen`, `six`, `twenty-six`, `one-fifth` for 20 %), with its
scale word (`billion`, `bn`), its percent sign or word for percentages, and
a marker of its currency for money (`$`, `€`, `£`, the ISO code, or the
currency's name). Ranges need both ends; dates need their year (or month
and day). Entity and text values carry no figure and are not checked.

The scale must agree both ways: the word printed right after the number
in the quote (`million`, `bn`, `thousand`, `m` and `k` beside money, or
none) is the scale of the value (`EUR 265.5 million`, or none). So
`EUR 265.5` against "€265.5 million" fails, and so does `EUR 265.5 million`
against "€265.5". Where the quote prints a currency right beside the
number (`$265.5 million`, `265.5 million euros`, `EUR 265.5`), it must be
the value's; a number printed without one takes its currency from the rest
of the quote ("in euros, 265.5 million"). The low end of a range may leave
its scale to the high end ("€1.5 to 2 billion").

## Why
The quote is the proof that the source printed the figure. A quote without
it proves nothing about the number, and a number that differs from its
quote is a data-entry error.

## Example
```yaml
    value: USD 1.4 billion
    citations:
      - quote: "profits of some $1.3 billion (€1.2 billion)"
```

```yaml
    value: EUR 265.5                # the quote says a million times more
    citations:
      - quote: "a budget of €265.5 million"
```

## Fix
Correct the value to what the quote says (here `EUR 265.5 million`; the
message shows the figure as the quote prints it), or quote the sentence
that holds the figure. If the figure is derived (the source says "a
third"), quote the words that state it.
"#,
};

pub struct QuoteMissingValue;

impl Rule for QuoteMissingValue {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        use rayon::prelude::*;
        let found: Vec<Vec<Diagnostic>> = cx
            .ds
            .claims
            .par_chunks(2048)
            .map(|chunk| {
                let mut out = Vec::new();
                check_claims(chunk, &mut out);
                out
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

fn check_claims(claims: &[crate::model::Rec<wbd_schema::Claim>], out: &mut Vec<Diagnostic>) {
    for c in claims {
        if c.citations.is_empty() {
            continue;
        }
        let checks = [Some(("value", &c.value)), c.equivalent.as_ref().map(|eq| ("equivalent.value", &eq.value))];
        for (field, v) in checks.into_iter().flatten() {
            let found = c.citations.iter().map(|cit| quote_contains(&cit.quote, v));
            let mut any_checked = false;
            let mut ok = false;
            for f in found {
                match f {
                    None => break,
                    Some(true) => {
                        any_checked = true;
                        ok = true;
                        break;
                    }
                    Some(false) => any_checked = true,
                }
            }
            if !any_checked || ok {
                continue;
            }
            let quotes = if c.citations.len() == 1 { "its quote" } else { "any of its quotes" };
            let miss = c.citations.iter().enumerate().find_map(|(i, cit)| near_miss(&cit.quote, v).map(|m| (i, m)));
            let (message, help, at) = match miss {
                Some((i, Miss::Scale { printed, scale })) => {
                    let written = v.ends().map(|(a, _)| a.number().scale);
                    let how = match scale {
                        Some(s) => format!("with `{}`", s.word()),
                        None => "without a scale word".to_string(),
                    };
                    let factor = written.map(|w| factor(w, scale)).unwrap_or_default();
                    (
                        format!("`{v}` is not in {quotes}: the quote prints `{printed}`, {how}{factor}"),
                        match rescale(v, scale) {
                            Some(r) => format!("write the figure at the quote's scale (`{r}`), or quote the words that state `{v}`"),
                            None => format!("write the figure at the quote's scale, or quote the words that state `{v}`"),
                        },
                        i,
                    )
                }
                Some((i, Miss::Currency { printed, currency })) => (
                    format!("`{v}` is not in {quotes}: the quote prints `{printed}`, in {currency}, not {}", v.currency().map(|c| c.to_string()).unwrap_or_default()),
                    format!(
                        "record the figure in the currency the quote gives (`{}`), with any amount the source restates in another currency as `equivalent`",
                        recurrency(v, currency)
                    ),
                    i,
                ),
                None => (
                    format!("`{}` is not in {quotes}: \"{}\"", v, c.citations[0].quote),
                    "correct the value to what the source wrote, or quote the words that state it (digits or words, with the currency or % sign)".to_string(),
                    0,
                ),
            };
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, c.at(field), message)
                    .related(c.at(&format!("citations[{at}].quote")), "the quote")
                    .help(help)
                    .record(c.id.as_str()),
            );
        }
    }
}

/// How far apart the quote's scale is from the value's, in words:
/// ": a million times the value".
fn factor(value: Option<Scale>, quote: Option<Scale>) -> String {
    let exp = |s: Option<Scale>| s.map_or(0, Scale::exponent) as i32;
    let d = exp(quote) - exp(value);
    let word = match d.unsigned_abs() {
        3 => "a thousand",
        6 => "a million",
        9 => "a billion",
        12 => "a trillion",
        _ => return String::new(),
    };
    if d > 0 { format!(": {word} times the value") } else { format!(": the value is {word} times that") }
}

/// The value with its number at another scale: `EUR 265.5` at `million`
/// is `EUR 265.5 million`. `None` for a quantity, whose unit may itself be
/// a scale written wrongly (`265.5 m`).
fn rescale(v: &Value, scale: Option<Scale>) -> Option<String> {
    let mut a = v.ends()?.0.clone();
    match &mut a {
        Amount::Money { number, .. } => number.scale = scale,
        Amount::Percent(n) | Amount::Count(n) => n.scale = scale,
        Amount::Quantity { .. } => return None,
    }
    Some(a.to_string())
}

/// The value in another currency, digits unchanged.
fn recurrency(v: &Value, currency: CurrencyCode) -> String {
    match v.ends() {
        Some((Amount::Money { number, .. }, _)) => Amount::Money { currency, number: *number }.to_string(),
        _ => v.to_string(),
    }
}
