//! What hover shows for a record id (its summary) and for a money value
//! (its interval and EUR equivalent).

use super::*;

/// A record's summary: its kind, id, main fields and where it is.
pub fn summary(report: &Report, id: &str) -> Option<String> {
    let (kind, i) = report.index.get(id)?;
    let ds = &report.dataset;
    let enum_text = |v: &dyn erased::Ser| v.text();
    let mut out = match kind {
        RecordKind::Source => {
            let r = &ds.sources[i];
            let mut t = format!("**source** `{id}` ({})", enum_text(&r.kind));
            if let Some(x) = &r.title {
                t.push_str(&format!("\n\n{x}"));
            }
            let mut facts = Vec::new();
            if let Some(x) = &r.publisher {
                facts.push(format!("publisher: {x}"));
            }
            if let Some(x) = &r.published {
                facts.push(format!("published: {}", enum_text(x)));
            }
            if let Some(x) = &r.url {
                facts.push(format!("<{x}>"));
            }
            if !facts.is_empty() {
                t.push_str(&format!("\n\n{}", facts.join(" · ")));
            }
            t
        }
        RecordKind::Entity => {
            let r = &ds.entities[i];
            let mut t = format!("**entity** `{id}` ({}): {}", enum_text(&r.kind), r.name);
            if let Some(c) = &r.code {
                t.push_str(&format!(" ({c})"));
            }
            if let Some(m) = &r.members {
                t.push_str(&format!("\n\nmembers: {}", m.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")));
            }
            t
        }
        RecordKind::Metric => {
            let r = &ds.metrics[i];
            let mut t = format!("**metric** `{id}`: {} ({})", r.name, enum_text(&r.value));
            if let Some(u) = &r.unit {
                t.push_str(&format!(", unit: {u}"));
            }
            if let Some(d) = &r.description {
                t.push_str(&format!("\n\n{d}"));
            }
            t
        }
        RecordKind::Claim => {
            let r = &ds.claims[i];
            let mut t = format!("**claim** `{id}`: `{}` `{}` in {} = **{}**", r.subject, r.metric, r.period, r.value);
            if r.bound != Bound::Exact {
                t.push_str(&format!(" ({})", enum_text(&r.bound)));
            }
            if r.status != wbd_schema::Status::Reported {
                t.push_str(&format!(", {}", enum_text(&r.status)));
            }
            if let Some(c) = r.citations.first() {
                t.push_str(&format!("\n\n> {}\n\n`{}`, {}", c.quote, c.source, c.locator));
            }
            t
        }
        RecordKind::Dataset => format!("**dataset** `{id}`"),
    };
    if let Some((path, start, _)) = definition_span(report, id) {
        let f = report.dataset.files.files.iter().find(|f| f.path == path);
        if let Some(f) = f {
            let (line, _) = f.line_col(start as u32);
            out.push_str(&format!("\n\n*{}:{line}*", f.name));
        }
    }
    Some(out)
}

mod erased {
    /// A record's enum as written in YAML (`press-release`, `at_least`).
    pub trait Ser {
        fn text(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn text(&self) -> String {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(v) => v.to_string(),
                Err(_) => String::new(),
            }
        }
    }
}

/// A money value's interval and EUR equivalent at the period's average
/// ECB rate.
pub(super) fn money(report: &Report, text: &str, offset: usize, f: Field) -> Option<String> {
    let value: wbd_schema::Value = f.value.trim_matches(['"', '\'']).parse().ok()?;
    let (a, _) = value.ends()?;
    let wbd_schema::Amount::Money { currency, .. } = a else { return None };
    let (id, _) = doc::record_at(text, offset)?;
    let claim = report.index.claim(&report.dataset, id)?;
    let approx =
        report.index.metric(&report.dataset, claim.metric.as_str()).and_then(|m| m.approx.map(|p| p.0)).unwrap_or(DEFAULT_APPROX_PERCENT);
    let bound = claim.bound;
    let iv = Interval::of_value(&value, bound, approx)?;
    let bound_text = match bound {
        Bound::Exact => "exact: ± half a unit of the last written digit".to_string(),
        Bound::Approx => format!("approx: ±{approx} % of the metric `{}`", claim.metric),
        Bound::AtLeast => "at_least".into(),
        Bound::AtMost => "at_most".into(),
    };
    let range = |iv: &Interval, unit: &str| match iv.hi {
        Some(h) => format!("{} to {} {unit}", show(iv.lo, 2), show(h, 2)),
        None => format!("at least {} {unit}", show(iv.lo, 2)),
    };
    let mut out = format!("**{value}** ({bound_text})\n\n- interval: {}", range(&iv, &currency.to_string()));
    match report.dataset.rates.as_ref().and_then(|r| wbd_check::fx::eur_at_period_average(&value, bound, approx, &claim.period, r)) {
        Some(eq) if eq.days == 0 => out.push_str("\n- already in EUR"),
        Some(eq) => out.push_str(&format!(
            "\n- in EUR at the average ECB rate over {} ({} {currency} per EUR, {} days): **EUR {}** ({})",
            claim.period,
            eq.rate,
            eq.days,
            show(eq.amount, 2),
            range(&eq.interval, "EUR")
        )),
        None => out.push_str(&format!("\n- no ECB rate for {currency} in {}", claim.period)),
    }
    Some(out)
}
