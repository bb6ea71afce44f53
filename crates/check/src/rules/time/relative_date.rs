//! `time/relative-date`: a claim dated on its source's publication day
//! although its quote dates it relatively ("this year", "last June").

use wbd_schema::{Date, Period, days_in_month};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "time/relative-date",
    severity: Severity::Warning,
    summary: "a claim is dated on its source's publication day, but its quote names a period relative to it (\"this year\", \"last June\")",
    docs: r#"## What it checks
A claim whose period is exactly the publication day of a source it cites,
while the quote from that source dates the fact relatively: "this year",
"earlier this year", "this month", "last month", "last year", "this
summer" (or spring, autumn, fall, winter), "last June", "next year". The
words are resolved against the publication day, seasons as in the northern
hemisphere (spring March to May, summer June to August, autumn September
to November, winter December to February); the message says which period
they name. Weekdays ("on Tuesday") name a single day and are not checked.

## Why
The publication day is the convention for facts a source states without a
date ("Serbia has not imposed sanctions"). A relatively dated fact is not
undated: "At this year's Munich Security Conference", written on
2024-03-28, means some day from 2024-01-01 to 2024-03-28. Recording the
publication day instead invents a date the source does not give, and
puts the event after others it preceded.

## Example
```yaml
    period: 2024-03-28            # the day the article was published
    citations:
      - source: dw-2024-arms-for-ukraine
        quote: "earlier this year asked member states to temporarily halt exports"
```

## Fix
Record the period the words name, ending on or before the publication day
when the fact had happened by then: `period: 2024-01-01..2024-03-28` for
"this year", `2024-02-01..2024-02-28` for "this month" on 2024-02-28,
`2025-06..2025-08` for "this summer" on 2025-10-28, `2025-06` for "last
June". When the words point after the publication day ("next year", "this
spring" written in February), the fact is a plan: record the whole period
with `status: planned` or `projected`.
"#,
};

pub struct RelativeDate;

impl Rule for RelativeDate {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for c in &cx.ds.claims {
            let Period::Day(day) = c.period else { continue };
            for (i, cit) in c.citations.iter().enumerate() {
                let Some(src) = cx.ix.source(cx.ds, &cit.source) else { continue };
                let Some(published) = src.published.and_then(|p| p.exact()) else { continue };
                if published != day {
                    continue;
                }
                let Some(found) = find_relative(&cit.quote, published) else { continue };
                if found.first == published && found.last == published {
                    continue;
                }
                let period = found.period_text();
                let (message, help) = if found.last <= published {
                    (
                        format!(
                            "`{}` is dated {day}, the day `{}` was published, but its quote says \"{}\", which means {period}",
                            c.id, cit.source, found.words
                        ),
                        format!(
                            "record the period the words name, up to the publication day: `period: {period}`; the publication day is for facts the source states without any date"
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` is dated {day}, the day `{}` was published, but its quote says \"{}\", which means {period}, after that day",
                            c.id, cit.source, found.words
                        ),
                        format!("record `period: {period}` with `status: planned` (or `projected`): the source looks ahead"),
                    )
                };
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, c.at("period"), message)
                        .related(c.at(&format!("citations[{i}].quote")), format!("\"{}\"", found.words))
                        .help(help)
                        .record(c.id.as_str()),
                );
                break;
            }
        }
    }
}

/// A relative date found in a quote, resolved against a publication day.
#[derive(Debug, PartialEq, Eq)]
pub struct Relative {
    /// The words as the quote writes them.
    pub words: String,
    pub first: Date,
    pub last: Date,
}

impl Relative {
    /// The period in the dataset's notation: a year, a month, a range of
    /// months, or a range of days.
    pub fn period_text(&self) -> String {
        let (a, b) = (self.first, self.last);
        let whole_months = a.day == 1 && b.day == days_in_month(b.year, b.month);
        if !whole_months {
            return if a == b { a.to_string() } else { format!("{a}..{b}") };
        }
        if a.year == b.year && a.month == 1 && b.month == 12 {
            return a.year.to_string();
        }
        let ma = format!("{:04}-{:02}", a.year, a.month);
        let mb = format!("{:04}-{:02}", b.year, b.month);
        if ma == mb { ma } else { format!("{ma}..{mb}") }
    }
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// The first relative date in `quote`, resolved against `published`.
pub fn find_relative(quote: &str, published: Date) -> Option<Relative> {
    // Words with their byte offsets, so the finding can quote the text.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, ch) in quote.char_indices() {
        if ch.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push((s, &quote[s..i]));
        }
    }
    if let Some(s) = start {
        words.push((s, &quote[s..]));
    }
    for (k, &(at, w)) in words.iter().enumerate() {
        let lead = w.to_ascii_lowercase();
        let (modifier, target_at) = match lead.as_str() {
            "earlier" | "later" if words.get(k + 1).is_some_and(|n| n.1.eq_ignore_ascii_case("this")) => (lead.clone(), k + 2),
            "this" | "last" | "next" => (lead.clone(), k + 1),
            _ => continue,
        };
        let Some(&(t_at, target)) = words.get(target_at) else { continue };
        let Some((first, last)) = resolve(&modifier, target, published) else { continue };
        return Some(Relative { words: quote[at..t_at + target.len()].to_string(), first, last });
    }
    None
}

fn month_start(y: i32, m: u8) -> Date {
    Date { year: y, month: m, day: 1 }
}

fn month_end(y: i32, m: u8) -> Date {
    Date { year: y, month: m, day: days_in_month(y, m) }
}

fn succ(d: Date) -> Date {
    if d.day < days_in_month(d.year, d.month) {
        Date { day: d.day + 1, ..d }
    } else if d.month < 12 {
        Date { month: d.month + 1, day: 1, ..d }
    } else {
        Date { year: d.year + 1, month: 1, day: 1 }
    }
}

/// The months a season covers in the northern hemisphere, as (first, last);
/// winter starts in December of the year before.
fn season(word: &str) -> Option<(u8, u8)> {
    match word {
        "spring" => Some((3, 5)),
        "summer" => Some((6, 8)),
        "autumn" | "fall" => Some((9, 11)),
        "winter" => Some((12, 2)),
        _ => None,
    }
}

/// The season `(first, last)` of the given end year, as dates.
fn season_span((f, l): (u8, u8), end_year: i32) -> (Date, Date) {
    let start_year = if f > l { end_year - 1 } else { end_year };
    (month_start(start_year, f), month_end(end_year, l))
}

/// The days `modifier target` ("this year", "last June") names, written on
/// `p`. A period still running on `p` ends on `p` for "this"/"earlier
/// this" and starts after `p` for "later this".
fn resolve(modifier: &str, target: &str, p: Date) -> Option<(Date, Date)> {
    let lower = target.to_ascii_lowercase();
    // Month names count only when capitalised ("this May", not "this may").
    let month = MONTHS.iter().position(|m| *m == target).map(|i| i as u8 + 1);
    let clip = |(a, b): (Date, Date)| -> (Date, Date) { if a <= p && p <= b { (a, p) } else { (a, b) } };
    match (modifier, lower.as_str()) {
        ("this" | "earlier", "year") => Some((month_start(p.year, 1), p)),
        ("later", "year") => Some((succ(p), month_end(p.year, 12))),
        ("last", "year") => Some((month_start(p.year - 1, 1), month_end(p.year - 1, 12))),
        ("next", "year") => Some((month_start(p.year + 1, 1), month_end(p.year + 1, 12))),
        ("this" | "earlier", "month") => Some((month_start(p.year, p.month), p)),
        ("later", "month") => Some((succ(p), month_end(p.year, p.month))),
        ("last", "month") => {
            let (y, m) = if p.month == 1 { (p.year - 1, 12) } else { (p.year, p.month - 1) };
            Some((month_start(y, m), month_end(y, m)))
        }
        ("next", "month") => {
            let (y, m) = if p.month == 12 { (p.year + 1, 1) } else { (p.year, p.month + 1) };
            Some((month_start(y, m), month_end(y, m)))
        }
        ("this" | "last" | "next", w) if season(w).is_some() => {
            let s = season(w)?;
            // The season of `p`'s year, and its neighbours a year apart.
            let this_year = season_span(s, if s.0 > s.1 && p.month >= s.0 { p.year + 1 } else { p.year });
            match modifier {
                "this" => Some(clip(this_year)),
                "last" => {
                    let end_year = if this_year.1 < p { this_year.1.year } else { this_year.1.year - 1 };
                    Some(season_span(s, end_year))
                }
                _ => {
                    let end_year = if this_year.0 > p { this_year.1.year } else { this_year.1.year + 1 };
                    Some(season_span(s, end_year))
                }
            }
        }
        ("this" | "last" | "next", _) => {
            let m = month?;
            let y = match modifier {
                "this" => p.year,
                "last" if m < p.month => p.year,
                "last" => p.year - 1,
                _ if m > p.month => p.year,
                _ => p.year + 1,
            };
            Some(clip((month_start(y, m), month_end(y, m))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(quote: &str, p: &str) -> Option<String> {
        let p: Date = p.parse().unwrap();
        find_relative(quote, p).map(|r| format!("{}={}", r.words, r.period_text()))
    }

    #[test]
    fn resolves_the_words_against_the_publication_day() {
        assert_eq!(on("At this year's Munich Security Conference", "2024-03-28").unwrap(), "this year=2024-01-01..2024-03-28");
        assert_eq!(on("earlier this year asked member states", "2024-03-28").unwrap(), "earlier this year=2024-01-01..2024-03-28");
        assert_eq!(on("which fell to Russian forces this month", "2024-02-28").unwrap(), "this month=2024-02-01..2024-02-28");
        assert_eq!(on("hosted a large-scale drill this summer", "2025-10-28").unwrap(), "this summer=2025-06..2025-08");
        assert_eq!(on("adopted at NATO's Hague summit last June", "2025-10-28").unwrap(), "last June=2025-06");
        assert_eq!(on("Last May, the Russian foreign intelligence", "2025-10-28").unwrap(), "Last May=2025-05");
        assert_eq!(on("leaked last year", "2024-03-28").unwrap(), "last year=2023");
        assert_eq!(on("last month", "2024-01-10").unwrap(), "last month=2023-12");
        assert_eq!(on("later this year", "2024-03-28").unwrap(), "later this year=2024-03-29..2024-12-31");
        assert_eq!(on("in Switzerland this spring", "2024-02-28").unwrap(), "this spring=2024-03..2024-05");
        assert_eq!(on("this winter", "2024-01-15").unwrap(), "this winter=2023-12-01..2024-01-15");
        assert_eq!(on("last winter", "2024-01-15").unwrap(), "last winter=2022-12..2023-02");
        assert_eq!(on("next summer", "2024-07-01").unwrap(), "next summer=2025-06..2025-08");
        assert_eq!(on("last June", "2024-06-10").unwrap(), "last June=2023-06");
    }

    #[test]
    fn leaves_other_words_alone() {
        assert_eq!(on("this may be the case", "2024-03-28"), None);
        assert_eq!(on("on Wednesday", "2024-02-28"), None);
        assert_eq!(on("recently spent over €50 million", "2024-03-28"), None);
        assert_eq!(on("the last of the tanks", "2024-03-28"), None);
        assert_eq!(on("this", "2024-03-28"), None);
    }
}
