//! `citation/quote-missing-value`: no quote of the claim contains its figure.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::figure::quote_contains;

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

## Fix
Correct the value to what the quote says, or quote the sentence that holds
the figure. If the figure is derived (the source says "a third"), quote the
words that state it.
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
        let mut checks = vec![("value", &c.value)];
        if let Some(eq) = &c.equivalent {
            checks.push(("equivalent.value", &eq.value));
        }
        for (field, v) in checks {
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
            out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at(field),
                        format!("`{}` is not in {quotes}: \"{}\"", v, c.citations[0].quote),
                    )
                    .related(c.at("citations[0].quote"), "the quote")
                    .help("correct the value to what the source wrote, or quote the words that state it (digits or words, with the currency or % sign)")
                    .record(c.id.as_str()),
                );
        }
    }
}
