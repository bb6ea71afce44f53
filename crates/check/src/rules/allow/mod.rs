//! Rules about suppressions (`allow`). They run after the other rules,
//! once the engine knows which suppressions silenced something.
pub mod unjustified;
pub mod unused;

use wbd_schema::Allow;

use crate::diagnostic::Anchor;
use crate::model::RecordKind;
use crate::rules::Context;

/// One `allow` entry: its owner and place.
pub struct AllowAt<'a> {
    pub owner: (RecordKind, usize),
    pub record: &'a str,
    pub index: usize,
    pub allow: &'a Allow,
    pub anchor: Anchor,
}

/// Every `allow` entry of the dataset.
pub fn all_allows<'a>(cx: &'a Context) -> Vec<AllowAt<'a>> {
    let mut out = Vec::new();
    macro_rules! collect {
        ($list:expr, $kind:expr) => {
            for (i, r) in $list.iter().enumerate() {
                for (j, a) in r.allow.iter().enumerate() {
                    out.push(AllowAt {
                        owner: ($kind, i),
                        record: r.id.as_str(),
                        index: j,
                        allow: a,
                        anchor: r.at(&format!("allow[{j}]")),
                    });
                }
            }
        };
    }
    collect!(cx.ds.sources, RecordKind::Source);
    collect!(cx.ds.entities, RecordKind::Entity);
    collect!(cx.ds.metrics, RecordKind::Metric);
    collect!(cx.ds.claims, RecordKind::Claim);
    out
}
