//! Small numbers for what claims are grouped by, worked out once per
//! check: the contradiction rules and `currency/mixed-series` group claims
//! by tuples of ids and periods, and comparing and hashing four strings per
//! claim per rule (and confirming each hash hit against another claim) was
//! most of their time.
//!
//! Every distinct subject, scope or whole's subject (one name space: the
//! entities), every distinct metric and every distinct period gets a
//! number; a claim's (subject, metric, period, scope) is its *cell*, and a
//! share's (subject, metric, period) of `share_of` its *whole*. Two claims
//! have the same cell exactly when those four strings and period are equal,
//! so a rule groups on the numbers without looking at the claims again.

use rust_decimal::Decimal;
use wbd_schema::{Amount, Claim, CurrencyCode, Period, Status, Value};

use crate::hash::FastMap;
use crate::interval::DEFAULT_APPROX_PERCENT;
use crate::model::Dataset;

/// No scope, no whole.
pub(crate) const NONE: u32 = u32::MAX;

/// The value has two ends (an amount or a range).
pub(crate) const ENDS: u8 = 1;
/// The value is a percent (or a range starting with one).
pub(crate) const PERCENT: u8 = 2;
/// The claim states a `change`.
pub(crate) const CHANGE: u8 = 4;

/// What the grouping rules need of one claim, in 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClaimKey {
    /// The claim's (subject, metric, period, scope): see `Keys::cells`.
    pub cell: u32,
    /// The `share_of` (subject, metric, period), or `NONE`: see `Keys::wholes`.
    pub whole: u32,
    /// The value's currency, for money.
    pub currency: Option<CurrencyCode>,
    pub status: Status,
    /// `ENDS`, `PERCENT`, `CHANGE`.
    pub flags: u8,
}

impl ClaimKey {
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// The numbers of one check's claims.
pub(crate) struct Keys<'a> {
    entities: FastMap<&'a str, u32>,
    metrics: FastMap<&'a str, u32>,
    periods: FastMap<Period, u32>,
    cell_of: FastMap<(u64, u64), u32>,
    whole_of: FastMap<(u64, u32), u32>,
    /// Per claim, in `ds.claims` order.
    pub claims: Vec<ClaimKey>,
    /// Per cell: subject, metric, period, scope (`NONE` for none).
    pub cells: Vec<[u32; 4]>,
    /// Per whole: subject, metric, period.
    pub wholes: Vec<[u32; 3]>,
    /// Per metric number: whether the metric is single-valued, and its
    /// approx tolerance in percent (a metric no record defines is neither,
    /// with the default tolerance). The first of a duplicated id counts.
    pub metric_info: Vec<(bool, Decimal)>,
}

/// The number of `s` in `map`, made if new.
fn intern<'a>(map: &mut FastMap<&'a str, u32>, s: &'a str) -> u32 {
    let next = map.len() as u32;
    *map.entry(s).or_insert(next)
}

/// The last few distinct names numbered: claims come in runs of one
/// subject, shares in runs of a few subjects of one scope and whole, and a
/// dataset has few metrics, which claims cycle through. A name found here
/// is not hashed. Slots are filled in turn, so that a cycle through up to
/// eight names always hits, and the slot of the last hit and the one after
/// it are tried first: a run, or the next name of a cycle.
struct Recent<'a> {
    slots: [(&'a str, u32); 8],
    next: usize,
    last: usize,
}

impl Default for Recent<'_> {
    fn default() -> Self {
        Recent { slots: [("", NONE); 8], next: 0, last: 0 }
    }
}

impl<'a> Recent<'a> {
    fn get(&mut self, map: &mut FastMap<&'a str, u32>, s: &'a str) -> u32 {
        let slots = self.slots.len();
        for k in (0..slots).map(|d| (self.last + d) % slots) {
            let (name, n) = self.slots[k];
            if n != NONE && name == s {
                self.last = k;
                return n;
            }
        }
        let n = intern(map, s);
        self.slots[self.next] = (s, n);
        self.last = self.next;
        self.next = (self.next + 1) % slots;
        n
    }
}

/// The numbers of the years 1900 to 2155 (periods are mostly years), and
/// of the last other period, before the map of periods.
struct Years {
    years: [u32; 256],
    last: Option<(Period, u32)>,
}

impl Years {
    fn get(&mut self, map: &mut FastMap<Period, u32>, p: Period) -> u32 {
        let slot = match p {
            Period::Year(y) => usize::try_from(i64::from(y) - 1900).ok().filter(|&k| k < 256),
            _ => None,
        };
        if let Some(k) = slot {
            if self.years[k] == NONE {
                self.years[k] = intern_period(map, p);
            }
            return self.years[k];
        }
        match self.last {
            Some((lp, n)) if lp == p => n,
            _ => {
                let n = intern_period(map, p);
                self.last = Some((p, n));
                n
            }
        }
    }
}

fn intern_period(map: &mut FastMap<Period, u32>, p: Period) -> u32 {
    let next = map.len() as u32;
    *map.entry(p).or_insert(next)
}

fn flags(c: &Claim) -> u8 {
    let mut f = 0;
    if c.value.ends().is_some() {
        f |= ENDS;
    }
    if matches!(c.value, Value::Amount(Amount::Percent(_)) | Value::Range(Amount::Percent(_), _)) {
        f |= PERCENT;
    }
    if c.change.is_some() {
        f |= CHANGE;
    }
    f
}

fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl<'a> Keys<'a> {
    #[inline(never)]
    pub(crate) fn new(ds: &'a Dataset) -> Keys<'a> {
        let mut k = Keys {
            entities: FastMap::default(),
            metrics: FastMap::default(),
            periods: FastMap::default(),
            // Most claims have a cell of their own: sized once, not grown.
            cell_of: FastMap::with_capacity_and_hasher(ds.claims.len(), Default::default()),
            whole_of: FastMap::default(),
            claims: Vec::with_capacity(ds.claims.len()),
            cells: Vec::with_capacity(ds.claims.len()),
            wholes: Vec::new(),
            metric_info: Vec::new(),
        };
        for m in &ds.metrics {
            let n = intern(&mut k.metrics, m.id.as_str());
            if n as usize == k.metric_info.len() {
                k.metric_info.push((m.single_valued, m.approx.map_or(DEFAULT_APPROX_PERCENT, |p| p.0)));
            }
        }
        let (mut subject, mut scope, mut whole_subject) = (Recent::default(), Recent::default(), Recent::default());
        let (mut metric, mut whole_metric) = (Recent::default(), Recent::default());
        let (mut years, mut whole_years) = (Years { years: [NONE; 256], last: None }, Years { years: [NONE; 256], last: None });
        let mut last_whole: Option<((u64, u32), u32)> = None;
        for c in ds.claims.iter() {
            let s = subject.get(&mut k.entities, c.subject.as_str());
            let m = metric.get(&mut k.metrics, c.metric.as_str());
            let sc = c.scope.as_ref().map_or(NONE, |x| scope.get(&mut k.entities, x.as_str()));
            let p = years.get(&mut k.periods, c.period);
            let next = k.cells.len() as u32;
            let cell = *k.cell_of.entry((pair(s, m), pair(p, sc))).or_insert(next);
            if cell == next {
                k.cells.push([s, m, p, sc]);
            }
            let whole = match &c.share_of {
                None => NONE,
                Some(w) => {
                    let ws = whole_subject.get(&mut k.entities, w.subject.as_str());
                    let wm = whole_metric.get(&mut k.metrics, w.metric.as_str());
                    let wp = whole_years.get(&mut k.periods, w.period);
                    let key = (pair(ws, wm), wp);
                    match last_whole {
                        Some((lk, n)) if lk == key => n,
                        _ => {
                            let next = k.wholes.len() as u32;
                            let n = *k.whole_of.entry(key).or_insert(next);
                            if n == next {
                                k.wholes.push([ws, wm, wp]);
                            }
                            last_whole = Some((key, n));
                            n
                        }
                    }
                }
            };
            k.claims.push(ClaimKey { cell, whole, currency: c.value.currency(), status: c.status, flags: flags(c) });
        }
        k.metric_info.resize(k.metrics.len(), (false, DEFAULT_APPROX_PERCENT));
        k
    }

    /// The cell of claim `i`: subject, metric, period, scope.
    pub(crate) fn cell_of(&self, i: usize) -> [u32; 4] {
        self.cells[self.claims[i].cell as usize]
    }

    /// The metric number of claim `i`.
    pub(crate) fn metric_of(&self, i: usize) -> u32 {
        self.cell_of(i)[1]
    }

    /// The `share_of` subject and metric of claim `i`, if it is a share.
    pub(crate) fn whole_of(&self, i: usize) -> Option<[u32; 2]> {
        let w = self.claims[i].whole;
        (w != NONE).then(|| {
            let [s, m, _] = self.wholes[w as usize];
            [s, m]
        })
    }

    /// The number of a metric id, if any record names it.
    pub(crate) fn metric(&self, id: &str) -> Option<u32> {
        self.metrics.get(id).copied()
    }

    /// The cell with these numbers and period, if any claim has it. The
    /// few claims before claim `near` are looked at first (a series is
    /// usually written in period order, so the year before is often the
    /// claim before), then the map.
    pub(crate) fn find_cell(&self, near: usize, subject: u32, metric: u32, period: &Period, scope: u32) -> Option<u32> {
        let p = *self.periods.get(period)?;
        let want = [subject, metric, p, scope];
        if let Some(j) = (near.saturating_sub(4)..near.min(self.claims.len())).rev().find(|&j| self.cell_of(j) == want) {
            return Some(self.claims[j].cell);
        }
        self.cell_of.get(&(pair(subject, metric), pair(p, scope))).copied()
    }
}

#[cfg(test)]
mod tests;
