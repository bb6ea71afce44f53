//! A claim as the YAML text of a record file.

use super::*;

pub(super) fn render_claim(s: &mut String, c: &C, src: &str, para: usize) {
    let _ = writeln!(s, "  - id: {}", c.id);
    let _ = writeln!(s, "    subject: {}", c.subject);
    let _ = writeln!(s, "    metric: {}", c.metric);
    let _ = writeln!(s, "    period: {}", c.period);
    if let Some(scope) = &c.scope {
        let _ = writeln!(s, "    scope: {scope}");
    }
    let _ = writeln!(s, "    value: {}", c.value);
    for e in &c.extra {
        let _ = writeln!(s, "    {e}");
    }
    if let Some(b) = c.bound {
        let _ = writeln!(s, "    bound: {b}");
    }
    if let Some(eq) = &c.equivalent {
        let _ = writeln!(s, "    equivalent:\n      value: {eq}");
        if let Some(d) = &c.conversion_date {
            let _ = writeln!(s, "      conversion_date: {d}");
        }
    }
    if let Some((by, since)) = &c.change {
        let _ = writeln!(s, "    change:\n      by: {by}\n      since: {since}");
    }
    if let Some((subj, metric, period)) = &c.share_of {
        let _ = writeln!(s, "    share_of:\n      subject: {subj}\n      metric: {metric}\n      period: {period}");
    }
    if c.cited {
        let locator = if c.empty_locator { "\"\"".to_string() } else { format!("paragraph {para}") };
        let _ = writeln!(s, "    citations:\n      - source: {src}\n        locator: {locator}\n        quote: \"{}\"", c.quote);
    }
    if let Some(n) = c.note {
        let _ = writeln!(s, "    note: {n}");
    }
}
