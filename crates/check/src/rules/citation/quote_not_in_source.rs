//! `citation/quote-not-in-source`: a quote is not in the archived text.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::archive::{found, unverified};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/quote-not-in-source",
    severity: Severity::Error,
    summary: "a quote is not in the archived text of its source (when the archive is available)",
    docs: r#"## What it checks
Every quote of a citation whose source has an `archive` is looked up in
the archived text (found in `dataset/archive/`, or in a directory given
with `--archive DIR` or `WBD_ARCHIVE`), after folding the differences
copying introduces: runs of white space, line breaks and non-breaking
spaces, curly and straight quotes, dashes, the ellipsis character. Sources
whose archive is missing or whose hash differs are reported by
`citation/archive-mismatch` instead. Sources whose text is in no archive
directory are counted once in the summary as unverified.

## Why
A quote is only proof if the source really printed it. One changed word can
turn a statement into another.

## Example
```yaml
      - source: dw-2024-arms-for-ukraine
        quote: "accounting for 56.79% of its total exports"
```

## Fix
Copy the words again from the archived text (`../shared/seeds/...`); keep
the quote short and without ellipses.
"#,
};

pub struct QuoteNotInSource;

impl Rule for QuoteNotInSource {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with the archived texts (`--archive`).
    fn runs(&self, cx: &Context) -> bool {
        // Judged only when an archive directory was given: without one, the
        // texts kept outside the repository were not read.
        !cx.archive.given.is_empty()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let n = unverified(cx);
        if n > 0
            && let Ok(mut notes) = cx.notes.lock()
        {
            notes.push(format!(
                "quotes of {n} archived sources went unverified: their texts are not in dataset/archive/; \
                 pass --archive DIR (or set WBD_ARCHIVE) to verify them"
            ));
        }
        let Some(found) = found(cx) else { return };
        for miss in &found.quote_misses {
            let c = &cx.ds.claims[miss.claim];
            let cit = &c.citations[miss.citation];
            let archive = cx.ix.source(cx.ds, cit.source.as_str()).and_then(|s| s.archive.as_ref()).map_or("", |a| a.file.as_str());
            let help = if miss.hint.is_empty() {
                "copy the words again from the archived text; keep the quote short and without ellipses".to_string()
            } else {
                format!("the archived text matches up to \"{}\"; check the words after it", miss.hint)
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    c.at(&format!("citations[{}].quote", miss.citation)),
                    format!("the quote is not in the archived text of `{}` ({archive})", cit.source),
                )
                .help(help)
                .record(c.id.as_str()),
            );
        }
    }
}
