//! `currency/rates-file`: the reference rates file is missing or broken.
//!
//! The loader reads `dataset/reference/ecb-eurofxref.csv` with
//! [`Rates::read_csv`](crate::rates::Rates::read_csv); this file turns what
//! it found into diagnostics, so the rule's wording lives with its docs.

use crate::diagnostic::{Diagnostic, FileId, Severity, Span};
use crate::rates::ReadRates;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/rates-file",
    severity: Severity::Error,
    summary: "the reference rates file is missing, or a line of it cannot be read",
    docs: r#"## What it checks
`dataset/reference/ecb-eurofxref.csv` exists and has the ECB's
`eurofxref-hist.csv` layout: a header `Date,USD,JPY,...` naming ISO 4217
codes (each once, no `EUR`), then one line per day: the date as
`YYYY-MM-DD` (each date once), then exactly one cell per header currency,
units of that currency per 1 EUR, or `N/A` where the ECB published no rate.
A trailing comma on every line is allowed (the ECB writes one). The file
ends with a line break. Each problem is reported at its line and column;
the rates that can be read are still used.

## Why
The currency rules and the EUR equivalents of the published data rest on
these rates. A missing file silently turns every currency check off; a row
with a cell too many or too few shifts rates into the wrong currency; an
empty cell or a repeated date hides which rate the ECB published.

## Example
```text
Date,USD,GBP
2024-03-28,1.0811,0.85510,1.2
2024-03-27,,0.8560
```

## Fix
Restore the file from git (`git checkout -- dataset/reference/ecb-eurofxref.csv`)
or regenerate it from the ECB's history file with
`cargo xtask fx-update --from eurofxref-hist.csv`, which refuses a file
with any of these problems. Write `N/A` for a day without a rate.
"#,
};

pub struct RatesFile;

impl Rule for RatesFile {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}

/// The finding for a rates file that cannot be read at all; `name` is the
/// path it is shown under.
pub fn unreadable(file: FileId, name: &str, why: &std::io::Error) -> Diagnostic {
    let msg = if why.kind() == std::io::ErrorKind::NotFound {
        format!("the reference rates file {name} is missing: no currency can be checked or converted without it")
    } else {
        format!("the reference rates file {name} cannot be read: {why}")
    };
    Diagnostic::new(RULE.code, RULE.severity, Span::new(file, (0, 0)), msg).help(
        "restore it (`git checkout -- dataset/reference/ecb-eurofxref.csv`) or create it with \
         `cargo xtask fx-update --from eurofxref-hist.csv`",
    )
}

/// One finding per problem the read found, at its line and column.
pub fn problems(file: FileId, read: &ReadRates) -> Vec<Diagnostic> {
    let n = read.errors.len();
    read.errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut msg = e.message.clone();
            if i + 1 == n && read.more_errors > 0 {
                msg.push_str(&format!(" ({} more problems in this file are not shown)", read.more_errors));
            }
            let span = Span::new(file, (e.offset as u32, (e.offset + e.len) as u32));
            Diagnostic::new(RULE.code, RULE.severity, span, msg).help(
                "fix the line, or regenerate the file with `cargo xtask fx-update --from eurofxref-hist.csv`; \
                 `cargo xtask explain currency/rates-file` gives the layout",
            )
        })
        .collect()
}
