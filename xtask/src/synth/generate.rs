//! Generating the records and their text (claims, quotes, archived
//! sources) and writing the dataset and archive directories.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::model::*;
use super::rates::*;
use super::*;

mod defects;
mod render;

use render::render_claim;

struct Gen<'a> {
    rng: Rng,
    rates: &'a Rates,
    next_claim: usize,
    /// Company series slots (company, metric) handed out so far.
    pairs: usize,
    /// Share groups (region, year) handed out so far.
    groups: usize,
    regions: Vec<(String, Vec<usize>)>,
    defects: Vec<Defect>,
    /// Which claim-level defect comes next.
    defect_cursor: usize,
    last_id: Option<String>,
}

impl Gen<'_> {
    fn claim_id(&mut self) -> String {
        self.next_claim += 1;
        format!("syn-{:08}", self.next_claim)
    }

    fn region(&mut self, r: usize) -> String {
        while self.regions.len() <= r {
            let n = self.rng.range(3, 5) as usize;
            let mut members = Vec::new();
            while members.len() < n {
                let c = self.rng.below(COUNTRIES.len() as u64) as usize;
                if !members.contains(&c) {
                    members.push(c);
                }
            }
            members.sort();
            let id = format!("region-{:05}", self.regions.len());
            self.regions.push((id, members));
        }
        self.regions[r].0.clone()
    }

    /// One unit: a few claims that belong together. `date` is the source's
    /// published date; `year` its year.
    fn unit(&mut self, date: &str, year: i64, src: &str) -> (Vec<C>, &'static str) {
        let p = self.pairs;
        self.pairs += 1;
        let kind = p % 6;
        let (co, co_name, cur) = company(p / 6);
        let note = *self.rng.pick(&NOTES);
        let base = C { subject: co.clone(), note: Some(note), cited: true, in_archive: true, ..C::default() };
        let last = (year - 1).min(LAST_YEAR);
        match kind {
            // Revenue of two years, the later with a stated change and an
            // equivalent in another currency.
            0 => {
                let y = self.rng.range(FIRST_YEAR + 1, last);
                let a = self.rng.range(200, 9_999);
                let growth = self.rng.range(-150, 300); // tenths of a percent
                let b = (a as f64 * (1.0 + growth as f64 / 1000.0)).round() as i64;
                let b = b.max(100);
                let pct = ((b as f64 / a as f64 - 1.0) * 1000.0).round() as i64;
                let sign = if pct < 0 { "-" } else { "+" };
                let by = format!("{sign}{}", tenths(pct.abs()));
                let sym = symbol(cur);
                let (eq_cur, eq_a) = self.equivalent(cur, a as f64 / 10.0, date);
                let (_, eq_b) = self.equivalent(cur, b as f64 / 10.0, date);
                let eq_sym = symbol(eq_cur);
                let c0 = C {
                    id: self.claim_id(),
                    metric: "revenue",
                    period: (y - 1).to_string(),
                    value: format!("{cur} {} million", tenths(a)),
                    equivalent: Some(format!("{eq_cur} {eq_a} million")),
                    quote: format!("{co_name} booked {sym}{} million ({eq_sym}{eq_a} million) in {}", tenths(a), y - 1),
                    ..base.clone()
                };
                let c1 = C {
                    id: self.claim_id(),
                    metric: "revenue",
                    period: y.to_string(),
                    value: format!("{cur} {} million", tenths(b)),
                    equivalent: Some(format!("{eq_cur} {eq_b} million")),
                    change: Some((format!("{by} %"), (y - 1).to_string())),
                    quote: format!("{co_name} booked {sym}{} million ({eq_sym}{eq_b} million) in {y} ({by}%)", tenths(b)),
                    ..base
                };
                (vec![c0, c1], "money-pair")
            }
            // Arms exports in billions or millions, with a bound and an
            // equivalent, sometimes at an explicit conversion date.
            1 => {
                let y = self.rng.range(FIRST_YEAR, last);
                let billions = self.rng.chance(0.3);
                let (digits, scale, amount) = if billions {
                    let h = self.rng.range(100, 999);
                    (hundredths(h), "billion", h as f64 / 100.0)
                } else {
                    let t = self.rng.range(100, 9_999);
                    (tenths(t), "million", t as f64 / 10.0)
                };
                let (bound, word) =
                    *self.rng.pick(&[(None, ""), (Some("approx"), "some "), (Some("at_least"), "more than "), (Some("at_most"), "up to ")]);
                let conv = if self.rng.chance(0.2) { self.earlier_rate_date(date) } else { None };
                let (eq_cur, eq) = self.equivalent(cur, amount, conv.as_deref().unwrap_or(date));
                let c = C {
                    id: self.claim_id(),
                    metric: "arms-exports-value",
                    period: y.to_string(),
                    value: format!("{cur} {digits} {scale}"),
                    bound,
                    equivalent: Some(format!("{eq_cur} {eq} {scale}")),
                    conversion_date: conv,
                    quote: format!(
                        "{co_name} exported arms worth {word}{}{digits} {scale} ({}{eq} {scale}) in {y}",
                        symbol(cur),
                        symbol(eq_cur)
                    ),
                    ..base
                };
                (vec![c], "money")
            }
            // A procurement range.
            2 => {
                let y = self.rng.range(FIRST_YEAR, last);
                let lo = self.rng.range(10, 500);
                let hi = lo + self.rng.range(5, 300);
                let c = C {
                    id: self.claim_id(),
                    metric: "procurement-value",
                    period: y.to_string(),
                    value: format!("{cur} {lo} million to {cur} {hi} million"),
                    quote: format!("{co_name} won orders of {sym}{lo} million to {sym}{hi} million in {y}", sym = symbol(cur)),
                    ..base
                };
                (vec![c], "range")
            }
            // A workforce count.
            3 => {
                let y = self.rng.range(FIRST_YEAR, last);
                let n = self.rng.range(20, 25_000);
                let at_least = self.rng.chance(0.4);
                let c = C {
                    id: self.claim_id(),
                    metric: "workforce-count",
                    period: y.to_string(),
                    value: grouped(n),
                    bound: at_least.then_some("at_least"),
                    quote: format!("{co_name} employed {}{} people in {y}", if at_least { "more than " } else { "" }, grouped(n)),
                    ..base
                };
                (vec![c], "count")
            }
            // A percentage with no whole.
            4 => {
                let y = self.rng.range(FIRST_YEAR, last);
                let v = self.rng.range(1, 999);
                let c = C {
                    id: self.claim_id(),
                    metric: "exports-share-of-revenue",
                    period: y.to_string(),
                    value: format!("{} %", tenths(v)),
                    quote: format!("exports made up {}% of {co_name}'s revenue in {y}", tenths(v)),
                    ..base
                };
                (vec![c], "percent")
            }
            // Shares of a region's arms exports, summing below 100 %.
            _ => {
                let g = self.groups;
                self.groups += 1;
                let span = (LAST_YEAR - FIRST_YEAR + 1) as usize;
                let region = self.region(g / span);
                let y = FIRST_YEAR + (g % span) as i64;
                let members = self.regions[g / span].1.clone();
                let total = self.rng.range(6_000, 9_500); // hundredths of a percent
                let weights: Vec<i64> = members.iter().map(|_| self.rng.range(1, 100)).collect();
                let wsum: i64 = weights.iter().sum();
                let mut out = Vec::new();
                for (m, w) in members.iter().zip(weights) {
                    let share = (total * w / wsum).max(1);
                    let (code, name) = COUNTRIES[*m];
                    out.push(C {
                        id: self.claim_id(),
                        subject: code.to_ascii_lowercase(),
                        metric: "arms-exports-share",
                        period: y.to_string(),
                        scope: Some(region.clone()),
                        value: format!("{} %", hundredths(share)),
                        share_of: Some((region.clone(), "arms-exports-value", y.to_string())),
                        quote: format!("{name} accounted for {}% of the arms exports of {region} in {y}", hundredths(share)),
                        ..base.clone()
                    });
                }
                let _ = src;
                (out, "shares")
            }
        }
    }

    /// The amount restated in another currency at the ECB rate of `date`,
    /// two decimals: EUR amounts in USD, others in EUR.
    /// Computed in exact decimals, as the check does: in `f64` an amount
    /// that falls on a half cent now and then rounded the other way (2 of
    /// 1,000,000 claims), and `currency/equivalent-rounding` rightly said so.
    fn equivalent(&self, cur: &'static str, amount: f64, date: &str) -> (&'static str, String) {
        use rust_decimal::prelude::{FromPrimitive, RoundingStrategy};
        let exact = |x: f64| rust_decimal::Decimal::from_f64(x).unwrap_or(rust_decimal::Decimal::ONE);
        let round = |d: rust_decimal::Decimal| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let amount = exact(amount);
        if cur == "EUR" {
            let r = exact(self.rates.rate(date, "USD").unwrap_or(1.0));
            ("USD", format!("{:.2}", round(amount * r)))
        } else {
            let r = exact(self.rates.rate(date, cur).unwrap_or(1.0));
            ("EUR", format!("{:.2}", round(amount.checked_div(r).unwrap_or(amount))))
        }
    }

    /// A published rate date 1 to 60 days before `date`.
    fn earlier_rate_date(&mut self, date: &str) -> Option<String> {
        let back = self.rng.range(1, 40) as usize;
        self.rates.rows.range(..date.to_string()).rev().nth(back).map(|(d, _)| d.clone())
    }
}

fn write(path: &Path, text: &str, bytes: &mut u64) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    *bytes += text.len() as u64;
    std::fs::write(path, text)
}

/// Generates the dataset described by `cfg`.
pub fn generate(cfg: &Config) -> std::io::Result<Summary> {
    let rates = Rates::read(&cfg.rates)?;
    let out = &cfg.out;
    let archive = archive_dir(out);
    for dir in [out, &archive] {
        if let Some(why) = not_own_output(dir) {
            return Err(std::io::Error::other(format!(
                "{} is not an earlier synth output ({why}); refusing to replace it: choose another --out",
                dir.display()
            )));
        }
    }
    for dir in [out, &archive] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = 0u64;
    let mut files = 0usize;
    // Publication dates: published rate days on which every currency used
    // has a rate.
    let dates: Vec<String> = rates
        .rows
        .keys()
        .filter(|d| d.get(..4).and_then(|y| y.parse::<i32>().ok()).is_some_and(|y| PUBLISHED_YEARS.contains(&y)))
        .filter(|d| CURRENCIES.iter().chain(["USD"].iter()).all(|c| rates.rate(d, c).is_some()))
        .cloned()
        .collect();
    if dates.is_empty() {
        return Err(std::io::Error::other("the rates file has no day with every currency in the publication years"));
    }
    let mut g = Gen {
        rng: Rng::new(cfg.seed),
        rates: &rates,
        next_claim: 0,
        pairs: 0,
        groups: 0,
        regions: Vec::new(),
        defects: Vec::new(),
        defect_cursor: 0,
        last_id: None,
    };
    let per_file = 100usize;
    let n_files = cfg.claims.div_ceil(per_file).max(1);
    // File-level defects: a syntax error, and a wrong archive hash.
    let file_defect_every = if cfg.defects > 0.0 { ((1.0 / (cfg.defects * 2.0)).round() as usize).max(3) } else { usize::MAX };
    let mut sources = Vec::with_capacity(n_files);
    let mut written = 0usize;
    for f in 0..n_files {
        let src = format!("syn-src-{f:06}");
        let date = g.rng.pick(&dates).clone();
        let year: i64 = date[..4].parse().unwrap_or(2024);
        let rel = format!("claims/{:03}/{f:06}.yaml", f / 100);
        let file_defect = match f % file_defect_every {
            1 if cfg.defects > 0.0 => Some("yaml/syntax"),
            2 if cfg.defects > 0.0 => Some("citation/archive-mismatch"),
            _ => None,
        };
        let want = per_file.min(cfg.claims - written);
        let mut claims: Vec<C> = Vec::with_capacity(want + 8);
        while claims.len() < want {
            let (mut unit, kind) = g.unit(&date, year, &src);
            let fits = claims.len() + unit.len() < want;
            let before = g.defects.len();
            if fits && file_defect.is_none() && cfg.defects > 0.0 && g.rng.chance(cfg.defects * unit.len() as f64) {
                g.inject(&mut unit, kind, year, &rel);
            }
            if g.defects.len() == before {
                g.last_id = Some(unit[0].id.clone());
            }
            claims.extend(unit);
        }
        // The last unit may be cut short (never one with a defect).
        claims.truncate(want);
        written += claims.len();
        let mut text = String::with_capacity(claims.len() * 480);
        text.push_str("# yaml-language-server: $schema=../../../schema/claims.schema.json\n");
        let _ = writeln!(text, "# Synthetic claims citing {src} (seed {}).", cfg.seed);
        text.push_str("claims:\n");
        let mut article = String::with_capacity(claims.len() * 160);
        let _ = write!(article, "Synthetic Defence Review, issue {f}\n\nPublished {date}\n\n");
        let mut para = 3;
        for c in &claims {
            if c.in_archive {
                let lead = LEADS[(para * 7 + f) % LEADS.len()];
                let _ = write!(article, "{lead} {}, the report said.\n\n", c.quote);
            }
            render_claim(&mut text, c, &src, para);
            para += 1;
        }
        if file_defect == Some("yaml/syntax") {
            // Unclose the first quote: the rest of the file is no YAML.
            if let Some(i) = text.find("quote: \"") {
                let end = text[i..].find("\"\n").map(|e| i + e);
                if let Some(e) = end {
                    text.replace_range(e..e + 1, "");
                }
            }
            g.defects.push(Defect { code: "yaml/syntax", file: rel.clone(), records: Vec::new() });
        }
        write(&out.join(&rel), &text, &mut bytes)?;
        files += 1;
        let archive_file = format!("{src}.txt");
        std::fs::write(archive.join(&archive_file), &article)?;
        let mut sha = sha256_hex(article.as_bytes());
        if file_defect == Some("citation/archive-mismatch") {
            sha = sha256_hex(format!("{article}tampered").as_bytes());
            g.defects.push(Defect {
                code: "citation/archive-mismatch",
                file: format!("sources/{:04}.yaml", f / 500),
                records: vec![src.clone()],
            });
        }
        sources.push((src, date, archive_file, sha));
    }

    // Sources, 500 a file.
    for (i, chunk) in sources.chunks(500).enumerate() {
        let mut s = String::from("# yaml-language-server: $schema=../../schema/sources.schema.json\nsources:\n");
        for (j, (id, date, file, sha)) in chunk.iter().enumerate() {
            let n = i * 500 + j;
            let _ = write!(
                s,
                "  - id: {id}\n    kind: {}\n    title: \"Synthetic Defence Review {n}\"\n    publisher: Synthetic Press {}\n    authors: [Author {n}]\n    language: en\n    published: {date}\n    url: https://example.org/synthetic/{n}\n    retrieved: 2026-01-15\n    archive:\n      file: {file}\n      sha256: {sha}\n",
                if n % 3 == 0 { "report" } else { "article" },
                n % 20
            );
        }
        write(&out.join(format!("sources/{i:04}.yaml")), &s, &mut bytes)?;
        files += 1;
    }

    // Entities: countries, regions, companies.
    let mut s = String::from("# yaml-language-server: $schema=../../schema/entities.schema.json\nentities:\n");
    for (code, name) in COUNTRIES {
        let _ = write!(s, "  - id: {}\n    kind: country\n    name: {name}\n    code: {code}\n", code.to_ascii_lowercase());
    }
    write(&out.join("entities/countries.yaml"), &s, &mut bytes)?;
    let mut s = String::from("# yaml-language-server: $schema=../../schema/entities.schema.json\nentities:\n");
    for (r, (id, members)) in g.regions.iter().enumerate() {
        let m: Vec<String> = members.iter().map(|i| COUNTRIES[*i].0.to_ascii_lowercase()).collect();
        let definer = &sources[r % sources.len()].0;
        let _ = write!(
            s,
            "  - id: {id}\n    kind: region\n    name: Synthetic Region {r}\n    members: [{}]\n    defined_by: {definer}\n",
            m.join(", ")
        );
    }
    write(&out.join("entities/regions.yaml"), &s, &mut bytes)?;
    let companies = g.pairs.div_ceil(6);
    for chunk in 0..companies.div_ceil(1000) {
        let mut s = String::from("# yaml-language-server: $schema=../../schema/entities.schema.json\nentities:\n");
        for i in chunk * 1000..((chunk + 1) * 1000).min(companies) {
            let (id, name, _) = company(i);
            let country = COUNTRIES[i % COUNTRIES.len()].0.to_ascii_lowercase();
            let _ = write!(s, "  - id: {id}\n    kind: company\n    name: {name}\n    country: {country}\n");
        }
        write(&out.join(format!("entities/companies-{chunk:03}.yaml")), &s, &mut bytes)?;
        files += 1;
    }
    files += 2;

    let metrics = "# yaml-language-server: $schema=../../schema/metrics.schema.json
metrics:
  - id: revenue
    name: Revenue of a company
    value: money
    single_valued: true
    approx: 5 %
  - id: arms-exports-value
    name: Value of arms and ammunition exports
    value: money
    single_valued: true
    approx: 10 %
  - id: arms-exports-share
    name: Share of a region's arms exports
    value: percent
    single_valued: true
  - id: procurement-value
    name: Value of orders won
    value: money
    single_valued: false
  - id: workforce-count
    name: Number of employees
    value: count
    single_valued: true
  - id: exports-share-of-revenue
    name: Exports as a share of revenue
    value: percent
    single_valued: true
";
    write(&out.join("metrics/core.yaml"), metrics, &mut bytes)?;
    let meta = format!(
        "# yaml-language-server: $schema=../schema/dataset.schema.json\ndataset:\n  id: synthetic\n  title: Synthetic dataset of {} claims\n  version: 0.0.1\n  license: CC0-1.0\n  description: Generated by `cargo xtask synth --claims {} --seed {} --defects {}`.\n",
        written, cfg.claims, cfg.seed, cfg.defects
    );
    write(&out.join("dataset.yaml"), &meta, &mut bytes)?;
    files += 2;
    std::fs::create_dir_all(out.join("reference"))?;
    std::fs::write(out.join("reference/ecb-eurofxref.csv"), rates.subset_csv())?;

    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &g.defects {
        *by_code.entry(d.code).or_default() += 1;
    }
    let list: Vec<serde_json::Value> = g
        .defects
        .iter()
        .map(|d| serde_json::json!({"code": d.code, "file": d.file, "record": d.records.first(), "records": d.records}))
        .collect();
    let doc = serde_json::json!({
        "seed": cfg.seed,
        "claims": written,
        "rate": cfg.defects,
        "archive": archive.to_string_lossy(),
        "counts": by_code,
        "defects": list,
    });
    if cfg.defects > 0.0 {
        std::fs::write(out.join("defects.json"), serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n")?;
    }
    write_marker(out)?;
    write_marker(&archive)?;
    Ok(Summary { claims: written, files, bytes, defects: g.defects.len(), archive })
}
