//! `citation/uncovered-figure`: a figure of an archived source text that no
//! claim's quote covers and the source does not list as skipped.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::coverage::Status;

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/uncovered-figure",
    severity: Severity::Warning,
    summary: "a figure of an archived source text is in no claim's quote and not listed as skipped (with --archive)",
    docs: r#"## What it checks
With `--archive DIR`, every figure of each archived source text: numbers
with their currency, sign, scale, percent or unit (`€1.2 billion`, `+8.7%`,
`12.7 mm`, `200,000`) and number words (`two`, `Thirteen`). Years and
decades written alone, days next to a month's name, parts of names and
model numbers (`F-16`, `HS200`, `Article 5`), note markers (`[12]`), list
numbers at the start of a line and numbers in web addresses are not
figures. A figure is covered when a quote of a claim citing that source
spans it in the text, or skipped when the source lists it under
`skipped_figures` with a reason. A `skipped_figures` entry that names no
figure of the text (mistyped, or the text changed) is reported too.
`cargo xtask coverage` prints the same per source.

## Why
A source added with half of its figures entered looks complete. The figures
left out should be left out on purpose, and say why.

## Example
The DW article prints "NATO recently spent over €50 million ($54.26
million)"; with no claim quoting those words, both figures are reported at
the source's archive:
```yaml
  - id: dw-2024-arms-for-ukraine
    archive: {file: 000_c8276e51ea0657f0.txt, sha256: ...}
```

## Fix
Enter the claim the figure supports, with a quote that contains it; or, when
it is not a fact the dataset records (a publication date, a model number, a
figure of the page's layout), list it on the source:
```yaml
    skipped_figures:
      - figure: two-day
        context: the idea of joint arms production at a two-day summit
        reason: the same two-day summit as paragraph 2, entered as aj-tirana-summit-duration
```
"#,
};

pub struct UncoveredFigure;

impl Rule for UncoveredFigure {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with the archived texts (`--archive`).
    fn runs(&self, cx: &Context) -> bool {
        !cx.archive.given.is_empty()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        // Only with an archive given (`--archive`): the check without one
        // does not read the texts kept outside the repository.
        if cx.archive.given.is_empty() {
            return;
        }
        let Some(found) = super::archive::found(cx) else { return };
        for sc in &found.coverage {
            let s = &cx.ds.sources[sc.source];
            for (f, status) in &sc.figures {
                if *status != Status::Uncovered {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        s.at("archive.file"),
                        format!(
                            "`{}` ({}, line {}: \"{}\") is in no claim's quote and not in `skipped_figures`",
                            f.text, sc.file, f.line, f.context
                        ),
                    )
                    .help(format!(
                        "enter the claim it supports, quoting it; or list it under `skipped_figures` with the reason: `- {{figure: \"{}\", reason: ...}}`",
                        f.text
                    ))
                    .record(s.id.as_str()),
                );
            }
            for &i in &sc.unused_skips {
                let k = &s.skipped_figures[i];
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        s.at(&format!("skipped_figures[{i}].figure")),
                        format!(
                            "`{}` is listed as skipped, but {} has no figure `{}`{}",
                            k.figure,
                            sc.file,
                            k.figure,
                            k.context.as_deref().map(|c| format!(" on a line with \"{c}\"")).unwrap_or_default()
                        ),
                    )
                    .help("write the figure as the text does (`cargo xtask coverage` lists them), or remove the entry")
                    .record(s.id.as_str()),
                );
            }
        }
    }
}
