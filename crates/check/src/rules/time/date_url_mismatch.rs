//! `time/date-url-mismatch`: a reference's date disagrees with its URL.

use wbd_schema::Published;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "time/date-url-mismatch",
    severity: Severity::Warning,
    summary: "a reference's date disagrees with a date written in its URL",
    docs: r#"## What it checks
When a source's URL carries a date (`/2024-12-23-...`, `/2024/12/23/`,
`/2024/12/`), its `published` date agrees with it to the precision both
have.

## Why
Publishers put the publication date in the path; a different printed date
is usually a typo in the citation (a year off by one, day and month
swapped), which makes the reference harder to find.

## Example
```yaml
    published: 2025-12-23
    url: https://www.gov.si/en/news/2024-12-23-accelerating-modernisation/
```

## Fix
If the data was mistyped, correct it. If the citing document prints the
date, keep it as printed and add an `allow` that says which date is right.
"#,
};

pub struct DateUrlMismatch;

/// A date in a URL: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY/MM` between
/// slashes or dashes. Returns (year, month, day if any).
pub fn url_date(url: &str) -> Option<(i32, u8, Option<u8>)> {
    let b = url.as_bytes();
    let num = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    for i in 0..b.len().saturating_sub(6) {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let y = &b[i..i + 4];
        if !y.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let sep = b[i + 4];
        if sep != b'-' && sep != b'/' {
            continue;
        }
        let Some(m) = b.get(i + 5..i + 7).filter(|m| m.iter().all(u8::is_ascii_digit)) else { continue };
        let (year, month) = (num(y)? as i32, num(m)? as u8);
        if !(1990..=2100).contains(&year) || !(1..=12).contains(&month) {
            continue;
        }
        let after = b.get(i + 7).copied();
        let day = match (after, b.get(i + 8..i + 10)) {
            (Some(s), Some(d)) if s == sep && d.iter().all(u8::is_ascii_digit) && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit()) => {
                num(d).map(|d| d as u8).filter(|d| (1..=31).contains(d))
            }
            _ => None,
        };
        if after.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        return Some((year, month, day));
    }
    None
}

impl Rule for DateUrlMismatch {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for s in &cx.ds.sources {
            let (Some(url), Some(Published::Date(p))) = (&s.url, s.published) else { continue };
            let Some((y, m, d)) = url_date(url) else { continue };
            let (first, last) = (p.first_day(), p.last_day());
            // Agreement to the precision both give.
            let agrees = match (p, d) {
                (wbd_schema::PartialDate::Year(py), _) => py == y,
                (_, None) | (wbd_schema::PartialDate::Month(..), _) => first.year == y && first.month == m,
                (wbd_schema::PartialDate::Day(pd), Some(d)) => pd.year == y && pd.month == m && pd.day == d,
            };
            let _ = last;
            if agrees {
                continue;
            }
            let in_url = match d {
                Some(d) => format!("{y:04}-{m:02}-{d:02}"),
                None => format!("{y:04}-{m:02}"),
            };
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, s.at("published"), format!("`{}` is dated {p}, but its URL says {in_url}", s.id))
                    .related(s.at("url"), format!("the URL's date: {in_url}"))
                    .help(
                        "correct a mistyped date; if the citing document prints it, keep it and add an `allow` saying which date is right",
                    )
                    .record(s.id.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::url_date;

    #[test]
    fn finds_dates_in_urls() {
        assert_eq!(url_date("https://www.gov.si/en/news/2024-12-23-accelerating"), Some((2024, 12, Some(23))));
        assert_eq!(url_date("https://x.org/wp-content/uploads/2025/05/Plan.pdf"), Some((2025, 5, None)));
        assert_eq!(url_date("https://x.org/2025/05/07/story"), Some((2025, 5, Some(7))));
        assert_eq!(url_date("https://www.nato.int/cps/en/natohq/topics_52044.htm"), None);
        assert_eq!(url_date("https://x.org/id/120245-12"), None);
    }
}
