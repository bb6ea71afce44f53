//! A claim's page: its facts as published, its citations with the chain
//! of sources they relay, its conflicts and acknowledged findings.

use super::*;

/// The page of claim `c`, with the acknowledged `findings` on it.
pub(crate) fn claim_page(ctx: &Ctx, c: &PublishedClaim, findings: Vec<Finding>) -> Result<Vec<u8>, askama::Error> {
    let mut facts = vec![
        fact("id", c.id.to_string()),
        fact_link("subject", ctx.entity_name(c.subject.as_str()), format!("../entities/{}.html", c.subject.as_str())),
        fact_link("metric", ctx.metric_name(c.metric.as_str()), format!("../metrics/{}.html", c.metric.as_str())),
        fact("period", format!("{} ({} to {})", c.period, c.period_start, c.period_end)),
    ];
    if let Some(s) = &c.scope {
        facts.push(fact_link("scope", ctx.entity_name(s.as_str()), format!("../entities/{}.html", s.as_str())));
    }
    facts.push(fact("value as written", c.value.written.clone()));
    if let Some(i) = &c.value.interval {
        let unit = c.value.currency.clone().or_else(|| c.value.unit.clone()).unwrap_or_default();
        facts.push(fact(
            "can mean",
            match &i.hi {
                Some(hi) => format!("{} to {} {unit}", group(&i.lo.0), group(&hi.0)),
                None => format!("{} {unit} or more", group(&i.lo.0)),
            },
        ));
    }
    if let Some(e) = &c.value.eur {
        let mut s = eur_text(c);
        if c.value.currency.as_deref() != Some("EUR") {
            let _ = write!(
                s,
                " at {} {} per EUR, the average of {} ECB daily rates over the period",
                e.rate.0,
                c.value.currency.as_deref().unwrap_or(""),
                e.days
            );
        }
        facts.push(fact("in EUR", s));
    }
    facts.push(fact("bound", label(&c.bound)));
    facts.push(fact("status", label(&c.status)));
    if c.disputed {
        facts.push(fact("disputed", "yes: see the conflicts below"));
    }
    if let Some(eq) = &c.equivalent {
        let mut s = format!("{} (as the source restates it)", eq.value.written);
        if let Some(d) = &eq.conversion_date {
            let _ = write!(s, ", converted on {d}");
        }
        facts.push(fact("equivalent", s));
    }
    if let Some(ch) = &c.change {
        facts.push(fact("change since", ch.since.to_string()));
    }
    if let Some(sh) = &c.share_of {
        facts.push(fact_link(
            "share of",
            format!("{}, {}, {}", ctx.entity_name(sh.subject.as_str()), ctx.metric_name(sh.metric.as_str()), sh.period),
            format!("../metrics/{}.html", sh.metric.as_str()),
        ));
    }
    let citations = c
        .citations
        .iter()
        .map(|cit| {
            let mut via = Vec::new();
            let mut next = cit.via.clone();
            let mut seen = BTreeSet::new();
            while let Some(v) = next {
                if !seen.insert(v.to_string()) {
                    break;
                }
                via.push((format!("../sources/{}.html", v.as_str()), ctx.source_name(v.as_str())));
                next = ctx.sources.get(v.as_str()).and_then(|s| s.derived_from.clone());
            }
            CitationView {
                source_href: format!("../sources/{}.html", cit.source.as_str()),
                source: ctx.source_name(cit.source.as_str()),
                locator: cit.locator.clone(),
                quote: cit.quote.clone(),
                via,
            }
        })
        .collect();
    let mut conflicts: Vec<(String, String, String)> = Vec::new();
    for n in &c.conflicts_with {
        conflicts.push((format!("{}.html", n.claim.as_str()), n.claim.to_string(), n.note.clone().unwrap_or_default()));
    }
    for d in &c.disputes {
        if let Some(o) = &d.claim {
            if conflicts.iter().any(|x| x.1 == o.as_str()) {
                continue;
            }
            let text = [d.rule.clone(), d.finding.clone(), d.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(": ");
            conflicts.push((format!("{}.html", o.as_str()), o.to_string(), text));
        }
    }
    let allows = c
        .allow
        .iter()
        .map(|a| (format!("../rules.html#{}", rule_anchor(&a.rule)), a.rule.clone(), a.reason.clone().unwrap_or_default()))
        .collect();
    let page = ClaimPage {
        root: "../",
        title: format!("{}: {}, {}", ctx.entity_name(c.subject.as_str()), ctx.metric_name(c.metric.as_str()), c.period),
        facts,
        citations,
        findings,
        conflicts,
        allows,
        note: c.note.clone().unwrap_or_default(),
    };
    render(&page)
}
