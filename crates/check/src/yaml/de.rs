//! The serde `Deserializer` over the span-preserving tree: errors carry
//! the span of the node at fault, and unknown fields and variants get a
//! "did you mean" suggestion whose cost is bounded whatever the input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::{ByteSpan, Node, NodeKind, Resolved, resolve};

/// A deserialization error, with the span of the node it is about.
#[derive(Debug)]
pub struct DeError {
    pub message: String,
    pub span: Option<ByteSpan>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), span: None }
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let hint = closest(field, expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        DeError { message: format!("unknown field `{}`{hint} (expected one of: {})", shown(field), expected.join(", ")), span: None }
    }
    fn missing_field(field: &'static str) -> Self {
        DeError { message: format!("missing field `{field}`"), span: None }
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let hint = closest(variant, expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        DeError { message: format!("`{}` is not one of: {}{hint}", shown(variant), expected.join(", ")), span: None }
    }
}

/// The candidate closest to `word` by edit distance, when it is close.
/// Cheap whatever `word` is: a candidate whose length is out of reach is
/// skipped without comparing (a 1 MB key costs no more than a short one).
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .filter_map(|c| edit_distance_within(word, c, 2.max(c.len() / 3)).map(|d| (d, *c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, for "did you mean" suggestions.
#[cfg(test)]
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_within(a, b, usize::MAX / 2).unwrap_or(usize::MAX)
}

/// The Levenshtein distance of `a` and `b` (in characters) when it is at
/// most `limit`, else `None`. The work is bounded by the shorter string
/// and the limit, not by the longer string: lengths that differ by more
/// than `limit` are refused after reading at most `len(b) + limit + 1`
/// characters of `a`, only cells within `limit` of the diagonal are
/// computed, and a row with no cell within the limit ends it.
pub(crate) fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let a: Vec<char> = a.chars().take(b.len().saturating_add(limit).saturating_add(1)).collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    let big = limit.saturating_add(1);
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(big)).collect();
    let mut cur = vec![big; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(limit).max(1);
        let hi = i.saturating_add(limit).min(m);
        let mut row_min = big;
        if lo == 1 {
            cur[0] = i.min(big);
            row_min = cur[0];
        } else {
            cur[lo - 1] = big;
        }
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(big);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            cur[hi + 1] = big;
        }
        #[cfg(test)]
        CELLS.with(|c| c.set(c.get() + (hi + 1 - lo)));
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= limit).then_some(prev[m])
}

#[cfg(test)]
thread_local! {
    /// Cells of the edit distance computed on this thread, for the tests
    /// that bound the work of suggestions.
    pub(crate) static CELLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A key or value as shown in a message: long ones are cut, so that a
/// hostile 1 MB key gives a one-line message.
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        None => s.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &s[..cut], s.chars().count()).into(),
    }
}

fn at(span: ByteSpan) -> impl FnOnce(DeError) -> DeError {
    move |mut e| {
        e.span.get_or_insert(span);
        e
    }
}

/// Deserializes a `T` from a node; errors carry the span of the node at fault.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &Node<'de>) -> Result<T, DeError> {
    T::deserialize(NodeDe(node)).map_err(at(node.span))
}

/// A deserializer over one node; strings the node borrows from the file's
/// text are handed on borrowed (`'de`), others copied.
pub struct NodeDe<'n, 'de>(pub &'n Node<'de>);

impl<'n, 'de> NodeDe<'n, 'de> {
    fn unexpected(&self) -> de::Unexpected<'n> {
        match &self.0.kind {
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
            NodeKind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => de::Unexpected::Unit,
                Resolved::Bool(b) => de::Unexpected::Bool(b),
                Resolved::Int(i) => de::Unexpected::Signed(i),
                Resolved::UInt(u) => de::Unexpected::Unsigned(u),
                Resolved::Float(_) => de::Unexpected::Other("a number"),
                Resolved::Str(s) => de::Unexpected::Str(s),
            },
        }
    }
    fn scalar(&self) -> Option<Resolved<'n>> {
        self.0.resolved()
    }
    /// Visits the scalar's text as a string: borrowed when it is the file's.
    fn visit_text<V: Visitor<'de>>(&self, v: V) -> Result<V::Value, DeError> {
        match &self.0.kind {
            NodeKind::Scalar { text: Cow::Borrowed(s), .. } => v.visit_borrowed_str(s),
            NodeKind::Scalar { text: Cow::Owned(s), .. } => v.visit_str(s),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)),
        }
    }
}

macro_rules! de_via_any {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> { self.deserialize_any(v) }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, 'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        let r = match &self.0.kind {
            NodeKind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => v.visit_unit(),
                Resolved::Bool(b) => v.visit_bool(b),
                Resolved::Int(i) => v.visit_i64(i),
                Resolved::UInt(u) => v.visit_u64(u),
                Resolved::Float(f) => match f.parse::<f64>() {
                    Ok(x) => v.visit_f64(x),
                    Err(_) => v.visit_str(f),
                },
                // `Str` is the whole text.
                Resolved::Str(_) => self.visit_text(v),
            },
            NodeKind::Seq(items) => v.visit_seq(Seq { iter: items.iter() }),
            NodeKind::Map(entries) => v.visit_map(Map { iter: entries.iter(), value: None }),
        };
        r.map_err(at(span))
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Str(_)) => self.visit_text(v).map_err(at(self.0.span)),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Null) => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        match self.scalar() {
            Some(Resolved::Str(s)) => v.visit_enum(s.into_deserializer()).map_err(at(span)),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(span)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Null) => v.visit_unit(),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    de_via_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_seq deserialize_map
        deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        match &self.0.kind {
            NodeKind::Map(_) => self.deserialize_any(v),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }
}

struct Seq<'n, 'de> {
    iter: std::slice::Iter<'n, Node<'de>>,
}

impl<'de> SeqAccess<'de> for Seq<'_, 'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            Some(n) => seed.deserialize(NodeDe(n)).map(Some).map_err(at(n.span)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Map<'n, 'de> {
    iter: std::slice::Iter<'n, (Node<'de>, Node<'de>)>,
    value: Option<&'n Node<'de>>,
}

impl<'de> MapAccess<'de> for Map<'_, 'de> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                match &k.kind {
                    NodeKind::Scalar { text: Cow::Borrowed(s), .. } => {
                        seed.deserialize(de::value::BorrowedStrDeserializer::<DeError>::new(s)).map(Some).map_err(at(k.span))
                    }
                    NodeKind::Scalar { text: Cow::Owned(s), .. } => {
                        seed.deserialize(de::value::StrDeserializer::<DeError>::new(s)).map(Some).map_err(at(k.span))
                    }
                    _ => Err(DeError { message: "a key must be a plain word".into(), span: Some(k.span) }),
                }
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let v = self.value.take().ok_or_else(|| <DeError as de::Error>::custom("value without a key"))?;
        seed.deserialize(NodeDe(v)).map_err(at(v.span))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}
