//! Claims as charts: the figure a chart plots for a claim (EUR amounts,
//! shares), its mark with link and title, and which chart a metric gets.

use super::*;

/// `EUR 1234.56` or an interval, or empty.
pub(crate) fn eur_text(c: &PublishedClaim) -> String {
    let Some(e) = &c.value.eur else { return String::new() };
    match &e.amount {
        Some(a) => format!("EUR {}", group(&a.0)),
        None => match &e.interval.hi {
            Some(hi) => format!("EUR {} to {}", group(&e.interval.lo.0), group(&hi.0)),
            None => format!("over EUR {}", group(&e.interval.lo.0)),
        },
    }
}

/// Thousands separated by commas: `1099142380.56` gives `1,099,142,380.56`
/// (the digits unchanged).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

pub(crate) fn status_of(c: &PublishedClaim) -> charts::Status {
    match c.status {
        Status::Planned => charts::Status::Planned,
        Status::Projected => charts::Status::Projected,
        _ => charts::Status::Reported,
    }
}

pub(crate) fn mark(c: &PublishedClaim, root: &str, ctx: &Ctx) -> Mark {
    let mut title = format!("{}, {}: {}", ctx.entity_name(c.subject.as_str()), c.period, c.value.written);
    let eur = eur_text(c);
    if !eur.is_empty() && c.value.currency.as_deref() != Some("EUR") {
        let _ = write!(title, " (= {eur} at the period's average ECB rate)");
    }
    let _ = write!(title, "; {}", label(&c.status));
    if c.disputed {
        title.push_str(", disputed");
    }
    Mark {
        claim: c.id.to_string(),
        href: format!("{root}claims/{}.html", c.id.as_str()),
        title,
        status: status_of(c),
        disputed: c.disputed,
    }
}

/// The year of a date as a fraction (`2024-07-01` gives 2024.5).
pub(crate) fn year_of(d: &wbd_schema::Date) -> Option<f64> {
    let s = d.to_string();
    let mut it = s.split('-');
    let y: f64 = it.next()?.parse().ok()?;
    let m: f64 = it.next().and_then(|m| m.parse().ok()).unwrap_or(1.0);
    Some(y + (m - 1.0) / 12.0)
}

pub(crate) fn decimal_f64(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A money series chart of `claims` (those with an exact EUR amount);
/// returns the SVG and the rows it plots (the table under the chart).
pub(crate) fn money_chart(id: &str, title: &str, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<(String, Vec<Row>)> {
    let plotted: Vec<(&PublishedClaim, f64, f64)> = claims
        .iter()
        .filter_map(|c| {
            let y = decimal_f64(&c.value.eur.as_ref()?.amount.as_ref()?.0)?;
            Some((*c, year_of(&c.period_start)?, y))
        })
        .collect();
    if plotted.is_empty() || plotted.len() > MAX_SERIES_POINTS {
        return None;
    }
    let max = plotted.iter().map(|p| p.2).fold(0.0, f64::max);
    let (div, caption) = if max >= 1e9 {
        (1e9, "EUR billion (period's average ECB rate)")
    } else if max >= 1e6 {
        (1e6, "EUR million (period's average ECB rate)")
    } else {
        (1.0, "EUR (period's average ECB rate)")
    };
    let points: Vec<Point> = plotted
        .iter()
        .map(|(c, x, y)| Point { series: ctx.entity_name(c.subject.as_str()), x: *x, y: y / div, mark: mark(c, root, ctx) })
        .collect();
    let svg = charts::series(id, title, caption, &points);
    Some((svg, plotted.iter().map(|(c, _, _)| ctx.row(c, root)).collect()))
}

/// A bar chart of percent claims with one amount.
pub(crate) fn share_chart(id: &str, title: &str, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<(String, Vec<Row>)> {
    let plotted: Vec<(&PublishedClaim, f64)> = claims
        .iter()
        .filter(|c| c.value.kind == ValueKind::Percent)
        .filter_map(|c| Some((*c, decimal_f64(&c.value.amount.as_ref()?.0)?)))
        .collect();
    if plotted.is_empty() || plotted.len() > MAX_BARS {
        return None;
    }
    let bars: Vec<Bar> = plotted
        .iter()
        .map(|(c, v)| Bar {
            label: format!("{}, {}: {}", ctx.entity_name(c.subject.as_str()), c.period, c.value.written),
            value: *v,
            mark: mark(c, root, ctx),
        })
        .collect();
    Some((charts::bars(id, title, "%", &bars), plotted.iter().map(|(c, _)| ctx.row(c, root)).collect()))
}

/// A chart with its data table.
pub struct Chart {
    pub heading: String,
    pub svg: String,
    pub rows: Vec<Row>,
}

pub(crate) fn chart_for(metric: &Metric, id: &str, title: String, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<Chart> {
    let made = match metric.value {
        ValueKind::Money => money_chart(id, &title, claims, root, ctx),
        ValueKind::Percent => share_chart(id, &title, claims, root, ctx),
        _ => None,
    };
    made.map(|(svg, rows)| Chart { heading: title, svg, rows })
}
