//! Key order, read from the record types' JSON Schema.
//!
//! The order of a record's keys is the order of its fields in
//! `wbd-schema` (`record.rs`), which is also the order of `properties` in
//! the published schema. Walking the schema beside the YAML tree gives the
//! order at every level (a claim, its citations, a source's archive) with
//! no second list to keep in step: a field added to a record type is
//! placed by the formatter where the type declares it.

use std::sync::OnceLock;

use serde_json::Value;
use wbd_schema::FileKind;

/// A place in one file kind's schema.
#[derive(Clone, Copy)]
pub struct Shape<'s> {
    root: &'s Value,
    node: &'s Value,
}

fn schemas() -> &'static [(FileKind, Value)] {
    static S: OnceLock<Vec<(FileKind, Value)>> = OnceLock::new();
    S.get_or_init(|| FileKind::ALL.iter().map(|k| (*k, Value::from(k.json_schema()))).collect())
}

impl<'s> Shape<'s> {
    /// The schema of a whole file whose top-level key is `key`.
    pub fn file(key: &str) -> Option<Shape<'static>> {
        let kind = FileKind::from_key(key)?;
        schemas().iter().find(|(k, _)| *k == kind).map(|(_, v)| Shape { root: v, node: v })
    }

    fn at(&self, node: &'s Value) -> Shape<'s> {
        Shape { root: self.root, node }
    }

    /// Follows `$ref`s to the schema they name.
    fn deref(&self) -> Shape<'s> {
        let mut cur = self.node;
        for _ in 0..16 {
            match cur.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
                Some(name) => match self.root.get("$defs").and_then(|d| d.get(name)) {
                    Some(next) => cur = next,
                    None => break,
                },
                None => break,
            }
        }
        self.at(cur)
    }

    /// The alternatives of this schema (itself, or its `anyOf`/`oneOf`
    /// branches, flattened).
    fn variants(&self, out: &mut Vec<Shape<'s>>, depth: usize) {
        let s = self.deref();
        let mut any = false;
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = s.node.get(key).and_then(Value::as_array) {
                any = true;
                if depth < 8 {
                    for v in list {
                        s.at(v).variants(out, depth + 1);
                    }
                }
            }
        }
        if !any || s.node.get("properties").is_some() || s.node.get("items").is_some() {
            out.push(s);
        }
    }

    /// The object schema among the alternatives that knows the most of
    /// `keys`, as its properties (in declaration order).
    pub fn properties(&self, keys: &[&str]) -> Option<&'s serde_json::Map<String, Value>> {
        let mut vs = Vec::new();
        self.variants(&mut vs, 0);
        vs.iter()
            .filter_map(|v| v.node.get("properties").and_then(Value::as_object))
            .map(|p| (keys.iter().filter(|k| p.contains_key(**k)).count(), p))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, p)| p)
    }

    /// The schema of the value under `key`, given the mapping's properties.
    pub fn child(&self, props: Option<&'s serde_json::Map<String, Value>>, key: &str) -> Option<Shape<'s>> {
        props.and_then(|p| p.get(key)).map(|v| self.at(v))
    }

    /// The schema of a sequence's items.
    pub fn items(&self) -> Option<Shape<'s>> {
        let mut vs = Vec::new();
        self.variants(&mut vs, 0);
        vs.iter().find_map(|v| v.node.get("items").map(|i| v.at(i)))
    }
}

/// The position of each key in `keys` in the canonical order: the keys the
/// schema declares in its order, then the others as they were written.
pub fn order(props: Option<&serde_json::Map<String, Value>>, keys: &[&str]) -> Vec<usize> {
    let rank = |k: &str| props.and_then(|p| p.keys().position(|x| x == k)).unwrap_or(usize::MAX);
    let ranks: Vec<usize> = keys.iter().map(|k| rank(k)).collect();
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    // A stable sort keeps unknown keys (rank MAX) in their written order.
    idx.sort_by_key(|i| ranks[*i]);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_keys_follow_the_record_type() {
        let file = Shape::file("claims").unwrap();
        let props = file.properties(&["claims"]);
        let claim = file.child(props, "claims").unwrap().items().unwrap();
        let keys = ["note", "allow", "value", "id", "zzz", "citations", "subject"];
        let cp = claim.properties(&keys);
        let o: Vec<&str> = order(cp, &keys).into_iter().map(|i| keys[i]).collect();
        assert_eq!(o, ["id", "subject", "value", "citations", "allow", "note", "zzz"]);
        let cit = claim.child(cp, "citations").unwrap().items().unwrap();
        let keys = ["via", "quote", "locator", "source"];
        let o: Vec<&str> = order(cit.properties(&keys), &keys).into_iter().map(|i| keys[i]).collect();
        assert_eq!(o, ["source", "locator", "quote", "via"]);
        // Through `anyOf [$ref, null]` and the untagged `published` bounds.
        let src = Shape::file("sources").unwrap();
        let s = src.child(src.properties(&["sources"]), "sources").unwrap().items().unwrap();
        let sp = s.properties(&["published", "id"]);
        let keys = ["not_after", "not_before"];
        let p = s.child(sp, "published").unwrap();
        let o: Vec<&str> = order(p.properties(&keys), &keys).into_iter().map(|i| keys[i]).collect();
        assert_eq!(o, ["not_before", "not_after"]);
    }
}
