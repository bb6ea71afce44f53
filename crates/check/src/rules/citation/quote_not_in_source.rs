//! `citation/quote-not-in-source`: a quote is not in the archived text.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::archive::{ArchiveState, normalise, states, unverified};

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
        let Some(states) = states(cx) else { return };
        // Quotes are looked up in parallel, in chunks of claims; each chunk's
        // findings keep their order, so the output does not depend on the
        // schedule.
        use rayon::prelude::*;
        let found: Vec<Vec<Diagnostic>> = cx
            .ds
            .claims
            .par_chunks(1024)
            .map(|chunk| {
                let mut out = Vec::new();
                for c in chunk {
                    for (i, cit) in c.citations.iter().enumerate() {
                        let Some(&si) = cx.ix.sources.get(cit.source.as_str()) else { continue };
                        let Some(ArchiveState::Verified(text)) = states.get(&si) else { continue };
                        let q = normalise(&cit.quote);
                        if q.is_empty() || memchr::memmem::find(text.as_bytes(), q.as_bytes()).is_some() {
                            continue;
                        }
                        let archive = cx.ds.sources[si].archive.as_ref().map(|a| a.file.as_str()).unwrap_or("");
                        let hint = longest_found_prefix(text, &q);
                        let help = if hint.is_empty() {
                            "copy the words again from the archived text; keep the quote short and without ellipses".to_string()
                        } else {
                            format!("the archived text matches up to \"{hint}\"; check the words after it")
                        };
                        out.push(
                            Diagnostic::new(
                                RULE.code,
                                RULE.severity,
                                c.at(&format!("citations[{i}].quote")),
                                format!("the quote is not in the archived text of `{}` ({archive})", cit.source),
                            )
                            .help(help)
                            .record(c.id.as_str()),
                        );
                    }
                }
                out
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

/// The longest prefix of the quote (at a word boundary) that the text has.
fn longest_found_prefix<'a>(text: &str, quote: &'a str) -> &'a str {
    let mut best = "";
    for (i, _) in quote.match_indices(' ') {
        let p = &quote[..i];
        if text.contains(p) {
            best = p;
        } else {
            break;
        }
    }
    best
}
