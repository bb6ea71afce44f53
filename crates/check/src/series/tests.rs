//! The numbers against the strings they stand for: on many small datasets
//! with colliding and differing ids, with and without scope and
//! `share_of`, two claims share a number exactly when they share the
//! strings, and the rules' groupings on numbers (a `Refine` or a map of
//! number tuples) number the groups as the old grouping on string tuples
//! did (first seen first).

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::json;
use wbd_schema::{Claim, FileKind, Metric};

use super::*;
use crate::group::Refine;
use crate::model::Rec;

// Long names alike in their first 16 bytes and length, too.
const NAMES: [&str; 6] = ["aa", "ab", "a-b", "ba", "region-of-the-west-1", "region-of-the-west-2"];
const METRICS: [&str; 4] = ["m0", "m1", "aa", "military-expenditure-x"];
const PERIODS: [&str; 7] = ["2020", "2021", "2020-H1", "2020..2021", "2020-01-31", "1850", "2200"];
const VALUES: [&str; 5] = ["EUR 5 million", "USD 5 million", "12 %", "40 to 50 %", "1,000"];
const STATUSES: [&str; 4] = ["reported", "planned", "projected", "disputed"];

/// subject, metric, period, scope, share_of (subject, metric, period), status, value.
type Spec = (usize, usize, usize, Option<usize>, Option<(usize, usize, usize)>, usize, usize);

fn spec() -> impl Strategy<Value = Spec> {
    let (n, m) = (NAMES.len(), METRICS.len());
    (0..n, 0..m, 0..PERIODS.len(), proptest::option::of(0..n), proptest::option::of((0..n, 0..m, 0..PERIODS.len())), 0..4usize, 0..5usize)
}

fn rec<T>(rec: T, index: u32, file_kind: FileKind) -> Rec<T> {
    Rec { rec, file: 0, file_kind, index }
}

fn dataset(specs: &[Spec]) -> Dataset {
    let mut ds = Dataset::default();
    // `m0` twice (the first counts), `m1` single-valued with a tolerance,
    // `aa` used by claims but defined by no metric.
    for (n, (id, single, approx)) in [("m0", true, None), ("m1", true, Some("10 %")), ("m0", false, Some("20 %"))].into_iter().enumerate() {
        let mut m = json!({"id": id, "name": id, "value": "money", "single_valued": single});
        if let Some(a) = approx {
            m["approx"] = json!(a);
        }
        ds.metrics.push(rec(serde_json::from_value::<Metric>(m).unwrap(), n as u32, FileKind::Metrics));
    }
    for (n, &(s, m, p, scope, whole, status, value)) in specs.iter().enumerate() {
        let mut c = json!({
            "id": format!("c{n}"), "subject": NAMES[s], "metric": METRICS[m], "period": PERIODS[p],
            "value": VALUES[value], "status": STATUSES[status],
        });
        if let Some(x) = scope {
            c["scope"] = json!(NAMES[x]);
        }
        if let Some((ws, wm, wp)) = whole {
            c["share_of"] = json!({"subject": NAMES[ws], "metric": METRICS[wm], "period": PERIODS[wp]});
        }
        ds.claims.push(rec(serde_json::from_value::<Claim>(c).unwrap(), n as u32, FileKind::Claims));
    }
    ds
}

/// Numbers string keys in the order they are first seen: the old grouping.
fn by_strings<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    keys.map(|k| {
        let n = seen.len();
        *seen.entry(k).or_insert(n)
    })
    .collect()
}

proptest! {
    #[test]
    fn numbers_stand_for_exactly_their_strings(specs in proptest::collection::vec(spec(), 0..60)) {
        let ds = dataset(&specs);
        let keys = Keys::new(&ds);
        let cs = &ds.claims;
        let cell = |c: &Claim| (c.subject.to_string(), c.metric.to_string(), c.period, c.scope.as_ref().map(|s| s.to_string()));
        let whole = |c: &Claim| c.share_of.as_ref().map(|w| (w.subject.to_string(), w.metric.to_string(), w.period));
        for i in 0..cs.len() {
            let k = keys.claims[i];
            for j in 0..cs.len() {
                prop_assert_eq!(k.cell == keys.claims[j].cell, cell(&cs[i]) == cell(&cs[j]));
                prop_assert_eq!(k.whole == keys.claims[j].whole, whole(&cs[i]) == whole(&cs[j]));
                prop_assert_eq!(keys.whole_of(i) == keys.whole_of(j),
                    cs[i].share_of.as_ref().map(|w| (&w.subject, &w.metric)) == cs[j].share_of.as_ref().map(|w| (&w.subject, &w.metric)));
                prop_assert_eq!(keys.cell_of(i)[0] == keys.cell_of(j)[0], cs[i].subject == cs[j].subject);
                prop_assert_eq!(keys.metric_of(i) == keys.metric_of(j), cs[i].metric == cs[j].metric);
            }
            // A claim's cell is found from its parts, with any period.
            let [s, m, _, scope] = keys.cell_of(i);
            prop_assert_eq!(keys.find_cell(i, s, m, &cs[i].period, scope), Some(k.cell));
            for p in PERIODS {
                let p: Period = p.parse().unwrap();
                let want = cs.iter().position(|c| cell(c) == (cs[i].subject.to_string(), cs[i].metric.to_string(), p, cell(&cs[i]).3));
                for near in [0, i, i + 1, cs.len(), cs.len() + 3] {
                    prop_assert_eq!(keys.find_cell(near, s, m, &p, scope), want.map(|j| keys.claims[j].cell));
                }
            }
            prop_assert_eq!(keys.metric(cs[i].metric.as_str()), Some(keys.metric_of(i)));
            // The metric's facts: the first definition, else the defaults.
            let info = ds.metrics.iter().find(|d| d.id == cs[i].metric).map_or((false, DEFAULT_APPROX_PERCENT), |d| (d.single_valued, d.approx.map_or(DEFAULT_APPROX_PERCENT, |p| p.0)));
            prop_assert_eq!(keys.metric_info[keys.metric_of(i) as usize], info);
            let v = &cs[i].value;
            prop_assert_eq!(k.has(ENDS), v.ends().is_some());
            prop_assert_eq!(k.has(PERCENT), matches!(v, Value::Amount(Amount::Percent(_)) | Value::Range(Amount::Percent(_), _)));
            prop_assert_eq!(k.currency, v.currency());
            prop_assert_eq!(k.status, cs[i].status);
        }
    }

    #[test]
    fn the_rules_groupings_on_numbers_match_those_on_strings(specs in proptest::collection::vec(spec(), 0..60)) {
        let ds = dataset(&specs);
        let keys = Keys::new(&ds);
        let cs = &ds.claims;
        let all = || 0..cs.len();
        // conflicting-values: cell, status, whole.
        let mut r = Refine::new(keys.cells.len());
        let new: Vec<usize> = all().map(|i| {
            let k = keys.claims[i];
            r.group(k.cell, (u64::from(k.status as u8) << 32) | u64::from(k.whole)) as usize
        }).collect();
        let old = by_strings(all().map(|i| {
            let c = &cs[i];
            let whole = c.share_of.as_ref().map(|w| (w.subject.as_str(), w.metric.as_str(), w.period));
            (c.subject.as_str(), c.metric.as_str(), c.period, c.scope.as_ref().map(|s| s.as_str()), c.status, whole)
        }));
        prop_assert_eq!(new, old);
        // share-sum: whole and the share's metric, shares only.
        let shares: Vec<usize> = all().filter(|&i| cs[i].share_of.is_some()).collect();
        let mut r = Refine::new(keys.wholes.len());
        let new: Vec<usize> = shares.iter().map(|&i| r.group(keys.claims[i].whole, u64::from(keys.metric_of(i))) as usize).collect();
        let old = by_strings(shares.iter().map(|&i| {
            let (c, w) = (&cs[i], cs[i].share_of.as_ref().unwrap());
            (w.subject.as_str(), w.metric.as_str(), w.period, c.metric.as_str())
        }));
        prop_assert_eq!(new, old);
        // share-vs-amounts: subject, metric, period, as looked up from a share.
        let smp = |s: u32, m: u32, p: u32| (u64::from(s) << 32 | u64::from(m), p);
        for &i in &shares {
            let [ws, wm, wp] = keys.wholes[keys.claims[i].whole as usize];
            let w = cs[i].share_of.as_ref().unwrap();
            for j in all() {
                let [s, m, p, _] = keys.cell_of(j);
                prop_assert_eq!(smp(s, m, p) == smp(ws, wm, wp), (&cs[j].subject, &cs[j].metric, cs[j].period) == (&w.subject, &w.metric, w.period));
                prop_assert_eq!(smp(s, m, p) == smp(keys.cell_of(i)[0], wm, wp), (&cs[j].subject, &cs[j].metric, cs[j].period) == (&cs[i].subject, &w.metric, w.period));
            }
        }
    }
}
