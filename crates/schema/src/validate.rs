//! Field constraints that serde cannot express (an id is a slug, a text is
//! not blank, a hash is 64 hex digits, a version is semver, ...), checked on
//! a record that deserialized.
//!
//! Hand-written rather than derived: the records are few and their
//! constraints simple, and a derive crate would cost more to build than the
//! rest of the check together. Each record type implements [`Validate`] by
//! listing its constrained fields; the constraint functions in `record.rs`
//! return a [`ValidationError`] with the message a maintainer reads.

use std::borrow::Cow;

/// Why one field fails its constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    /// A short name of the constraint (`slug`, `semver`, ...).
    pub code: &'static str,
    /// What is wrong and how to write it instead.
    pub message: Option<Cow<'static, str>>,
}

impl ValidationError {
    pub fn new(code: &'static str) -> ValidationError {
        ValidationError { code, message: None }
    }
}

/// A field that fails its constraint: its path in the record
/// (`citations[0].quote`) and the message.
pub type Problem = (String, String);

/// A record, or a part of one, whose fields have constraints.
pub trait Validate {
    /// Pushes a problem for every field under `path` that fails.
    fn validate_into(&self, path: &str, out: &mut Vec<Problem>);

    /// Every problem, in field order.
    fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        self.validate_into("", &mut out);
        out
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Problem>) {
        if let Some(v) = self {
            v.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Problem>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Problem>) {
        for (i, v) in self.iter().enumerate() {
            // The item's path is written only when it has a problem: most
            // records have none, and a path per item was most of the cost.
            let before = out.len();
            v.validate_into("", out);
            if out.len() > before {
                prefix(&format!("{path}[{i}]"), &mut out[before..]);
            }
        }
    }
}

/// `path.field` (or `field` at the top).
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() { field.to_string() } else { format!("{path}.{field}") }
}

/// Validates a part of a record, the value of `field` under `path`,
/// writing that path only when the part has a problem.
pub fn nested<T: Validate + ?Sized>(v: &T, path: &str, field: &str, out: &mut Vec<Problem>) {
    let before = out.len();
    v.validate_into("", out);
    if out.len() > before {
        prefix(&join(path, field), &mut out[before..]);
    }
}

/// Puts `at` before the paths of problems found relative to it (`quote`
/// becomes `at.quote`, `[1].note` becomes `at[1].note`).
fn prefix(at: &str, found: &mut [Problem]) {
    for (p, _) in found {
        *p = if p.is_empty() {
            at.to_string()
        } else if p.starts_with('[') {
            format!("{at}{p}")
        } else {
            format!("{at}.{p}")
        };
    }
}

/// Records the outcome of one constraint on `field`.
pub fn check(path: &str, field: &str, result: Result<(), ValidationError>, out: &mut Vec<Problem>) {
    if let Err(e) = result {
        let msg = e.message.map_or_else(|| format!("fails the `{}` constraint", e.code), Cow::into_owned);
        out.push((join(path, field), msg));
    }
}

/// A number within `min..=max`.
pub fn range(v: u32, min: u32, max: Option<u32>) -> Result<(), ValidationError> {
    if v >= min && max.is_none_or(|m| v <= m) {
        return Ok(());
    }
    let mut e = ValidationError::new("range");
    e.message = Some(match max {
        Some(m) => format!("is out of range (min {min}, max {m})").into(),
        None => format!("is out of range (min {min})").into(),
    });
    Err(e)
}

/// A text of at most `max` characters.
pub fn max_chars(s: &str, max: usize) -> Result<(), ValidationError> {
    if s.chars().count() <= max {
        return Ok(());
    }
    let mut e = ValidationError::new("length");
    e.message = Some(format!("has the wrong length (max {max})").into());
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Inner(u32);
    impl Validate for Inner {
        fn validate_into(&self, path: &str, out: &mut Vec<Problem>) {
            check(path, "n", range(self.0, 1, Some(3)), out);
        }
    }

    #[test]
    fn paths_name_the_field_in_lists_and_options() {
        let v = vec![Inner(1), Inner(0)];
        let mut out = Vec::new();
        v.validate_into("items", &mut out);
        Some(Inner(9)).validate_into("one", &mut out);
        assert_eq!(
            out,
            vec![
                ("items[1].n".to_string(), "is out of range (min 1, max 3)".to_string()),
                ("one.n".to_string(), "is out of range (min 1, max 3)".to_string())
            ]
        );
        let mut nested_out = Vec::new();
        nested(&vec![vec![Inner(0)]], "a", "b", &mut nested_out);
        nested(&Some(Inner(5)), "", "c", &mut nested_out);
        assert_eq!(
            nested_out,
            vec![
                ("a.b[0][0].n".to_string(), "is out of range (min 1, max 3)".to_string()),
                ("c.n".to_string(), "is out of range (min 1, max 3)".to_string())
            ]
        );
        assert_eq!(max_chars("ab", 1).unwrap_err().message.unwrap(), "has the wrong length (max 1)");
    }
}
