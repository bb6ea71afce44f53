//! Makes a generated JSON Schema acceptable to the validators and code
//! generators downstream tools use, without changing what it accepts.
//!
//! schemars writes two things that strict tools refuse: formats of its own
//! (`uint32` for a `u32`, next to the `minimum: 0` that already says it),
//! which ajv's strict mode rejects as unknown formats; and union types
//! (`type: ["string", "integer"]` with `pattern` and `minimum` beside them),
//! which ajv's `strictTypes` refuses. Here the non-standard formats are
//! dropped (their bounds stay as `minimum`/`maximum`) and a union type is
//! rewritten as an `anyOf` of one branch per type, each branch holding the
//! keywords that apply to its type.

use serde_json::{Map, Value};

/// The formats JSON Schema 2020-12 defines.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// The keywords that apply to one instance type only.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["pattern", "minLength", "maxLength", "format", "contentEncoding", "contentMediaType"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
        ],
        _ => &[],
    }
}

/// Rewrites a schema in place (see the module docs).
pub fn make_portable(schema: &mut Value) {
    match schema {
        Value::Object(obj) => {
            for v in obj.values_mut() {
                make_portable(v);
            }
            if obj.get("format").and_then(Value::as_str).is_some_and(|f| !STANDARD_FORMATS.contains(&f)) {
                obj.remove("format");
            }
            split_union_type(obj);
        }
        Value::Array(items) => items.iter_mut().for_each(make_portable),
        _ => {}
    }
}

fn split_union_type(obj: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = obj.get("type") else { return };
    let types: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    if types.iter().filter(|t| *t != "null").count() < 2 || obj.contains_key("anyOf") {
        return;
    }
    obj.remove("type");
    let branches: Vec<Value> = types
        .iter()
        .map(|ty| {
            let mut branch = Map::new();
            branch.insert("type".into(), Value::String(ty.clone()));
            for k in keywords_of(ty) {
                if let Some(v) = obj.get(*k) {
                    branch.insert((*k).into(), v.clone());
                }
            }
            Value::Object(branch)
        })
        .collect();
    for ty in &types {
        for k in keywords_of(ty) {
            obj.remove(*k);
        }
    }
    obj.insert("anyOf".into(), Value::Array(branches));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_union_type_becomes_one_branch_per_type_with_its_keywords() {
        let mut s = json!({"description": "d", "type": ["string", "integer"], "pattern": "^x$", "minimum": 1});
        make_portable(&mut s);
        assert_eq!(s, json!({"description": "d", "anyOf": [{"type": "string", "pattern": "^x$"}, {"type": "integer", "minimum": 1}]}));
    }

    #[test]
    fn a_nullable_type_and_standard_formats_stay_and_schemars_formats_go() {
        let mut s = json!({"properties": {
            "a": {"type": ["string", "null"], "format": "date"},
            "n": {"type": "integer", "format": "uint32", "minimum": 0}
        }});
        make_portable(&mut s);
        assert_eq!(
            s,
            json!({"properties": {
                "a": {"type": ["string", "null"], "format": "date"},
                "n": {"type": "integer", "minimum": 0}
            }})
        );
    }
}
