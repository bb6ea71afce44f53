//! Injecting the claim-level defects a synthetic dataset is asked for,
//! and recording each in `defects.json`.

use super::*;

impl Gen<'_> {
    /// Applies the next claim-level defect if this unit can host it.
    pub(super) fn inject(&mut self, unit: &mut Vec<C>, kind: &str, year: i64, file: &str) {
        let code = CLAIM_DEFECTS[self.defect_cursor % CLAIM_DEFECTS.len()];
        let fits = match code {
            "currency/equivalent-mismatch" | "contradiction/stated-change" => kind == "money-pair",
            "contradiction/conflicting-values" | "time/period-after-source" => kind == "count",
            "contradiction/share-sum" => kind == "shares",
            "ref/duplicate-id" => self.last_id.is_some(),
            _ => true,
        };
        if !fits {
            return;
        }
        self.defect_cursor += 1;
        let mut records = vec![unit[0].id.clone()];
        let c = &mut unit[0];
        match code {
            "yaml/duplicate-key" => c.extra.push(format!("metric: {}", c.metric)),
            "schema/shape" => c.extra.push("valeu: 12".into()),
            "schema/constraint" => c.empty_locator = true,
            "ref/duplicate-id" => {
                c.id = self.last_id.clone().unwrap_or_default();
                records = vec![c.id.clone()];
            }
            "ref/unknown" => c.subject = format!("no-such-entity-{}", self.defects.len()),
            "currency/equivalent-mismatch" => {
                let c1 = &mut unit[1];
                let eq = c1.equivalent.clone().unwrap_or_default();
                let mut parts = eq.splitn(3, ' ');
                let (cur, amt, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or("0"), parts.next().unwrap_or(""));
                let wrong = format!("{:.2}", amt.parse::<f64>().unwrap_or(0.0) * 1.3);
                c1.quote = c1.quote.replace(&format!("{}{amt} ", symbol(cur)), &format!("{}{wrong} ", symbol(cur)));
                c1.equivalent = Some(format!("{cur} {wrong} {rest}"));
                records = vec![c1.id.clone()];
            }
            "contradiction/stated-change" => {
                let c1 = &mut unit[1];
                if let Some((by, since)) = c1.change.clone() {
                    let v: f64 = by.trim_end_matches(" %").parse().unwrap_or(0.0);
                    let wrong = format!("{:+.1}", v + 25.0);
                    c1.quote = c1.quote.replace(&format!("({}%)", by.trim_end_matches(" %")), &format!("({wrong}%)"));
                    c1.change = Some((format!("{wrong} %"), since));
                }
                records = vec![c1.id.clone()];
            }
            "contradiction/conflicting-values" => {
                c.bound = None;
                let n: i64 = c.value.replace(',', "").parse().unwrap_or(2);
                let mut copy = c.clone();
                copy.id = self.claim_id();
                let half = (n / 2).max(1);
                copy.quote = copy.quote.replace("more than ", "").replace(&c.value, &grouped(half));
                copy.value = grouped(half);
                c.quote = c.quote.replace("more than ", "");
                records.push(copy.id.clone());
                unit.push(copy);
            }
            "contradiction/share-sum" => {
                let region = c.scope.clone().unwrap_or_default();
                let y = c.period.clone();
                let name = COUNTRIES.iter().find(|(k, _)| k.to_ascii_lowercase() == c.subject).map_or("", |(_, n)| *n);
                c.value = "99.50 %".into();
                c.quote = format!("{name} accounted for 99.50% of the arms exports of {region} in {y}");
                records = unit.iter().map(|c| c.id.clone()).collect();
                records.push(region);
            }
            "citation/missing" => c.cited = false,
            "citation/quote-missing-value" => {
                c.quote = format!("figures for {} were set out in the annual review of {}", c.period, c.subject);
            }
            "citation/quote-not-in-source" => {
                c.quote = format!("as the archive does not say, {}", c.quote);
                c.in_archive = false;
            }
            "time/period-after-source" => {
                let y = year + 1;
                c.quote = c.quote.replace(&format!(" in {}", c.period), &format!(" in {y}"));
                c.period = y.to_string();
            }
            _ => {}
        }
        self.defects.push(Defect { code, file: file.to_string(), records });
    }
}
