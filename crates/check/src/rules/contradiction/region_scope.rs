//! `contradiction/region-scope`: an aggregate over a region term that the
//! dataset defines more than one way, without saying which definition.

use std::collections::HashMap;

use wbd_schema::EntityKind;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/region-scope",
    severity: Severity::Warning,
    summary: "an aggregate over a region that has more than one definition does not say which",
    docs: r#"## What it checks
A claim whose `subject` or `scope` is a region entity without `members` (a
bare term such as `western-balkans`) while two or more regions with
`members` share its name (ignoring case): the term is ambiguous, and the
claim does not say which definition it is an aggregate over.

## Why
"Western Balkans" means Albania, Bosnia and Herzegovina, Kosovo,
Montenegro, North Macedonia and Serbia in one report and adds Croatia and
Slovenia in another. A total or a share over the bare term cannot be
compared with, summed with or checked against figures over either
definition.

## Example
```yaml
  - id: almanac-wb-exports-2023
    subject: western-balkans
    metric: arms-exports-value
    period: 2023
    value: USD 1.2 billion
```
while the dataset has `wb-gazette` and `wb-almanac`, both named "Western
Balkans" with different `members`.

## Fix
Use the region whose members match the claim's source: the source's own
definition if it gives one, or the definition of the report it relays.
If the source really does not say, keep the bare term and add
`allow: [{rule: contradiction/region-scope, reason: ...}]` saying so.
"#,
};

pub struct RegionScope;

impl Rule for RegionScope {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ds = cx.ds;
        // Defined regions by lowercased name.
        let mut defined: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in ds.entities.iter().enumerate() {
            if e.kind == EntityKind::Region && e.members.is_some() {
                defined.entry(e.name.to_lowercase()).or_default().push(i);
            }
        }
        if defined.values().all(|v| v.len() < 2) {
            return;
        }
        // Bare terms with several definitions: entity index -> message part.
        let mut ambiguous: HashMap<&str, String> = HashMap::new();
        for e in ds.entities.iter() {
            if e.kind != EntityKind::Region || e.members.is_some() {
                continue;
            }
            let Some(defs) = defined.get(&e.name.to_lowercase()).filter(|d| d.len() >= 2) else { continue };
            let list: Vec<String> = defs
                .iter()
                .map(|&j| {
                    let d = &ds.entities[j];
                    let members: Vec<&str> = d.members.iter().flatten().map(|m| m.as_str()).collect();
                    let by = d.defined_by.as_ref().map(|s| format!(", defined by `{s}`")).unwrap_or_default();
                    format!("`{}` ({}{by})", d.id, members.join(", "))
                })
                .collect();
            ambiguous.insert(e.id.as_str(), format!("the dataset defines \"{}\" {} ways: {}", e.name, defs.len(), list.join("; ")));
        }
        if ambiguous.is_empty() {
            return;
        }
        for c in &ds.claims {
            for (field, id) in [("subject", Some(&c.subject)), ("scope", c.scope.as_ref())] {
                let Some(id) = id else { continue };
                let Some(defs) = ambiguous.get(id.as_str()) else { continue };
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at(field),
                        format!("`{}` has the {field} `{id}`, a region term without members, but {defs}", c.id),
                    )
                    .help("name the definition the claim's source means (the region whose members match it); if the source does not say, keep the term and add an `allow` saying so")
                    .record(c.id.as_str()),
                );
            }
        }
    }
}
