//! Records read straight from the text, without building the file's tree.
//!
//! A record file is one top-level key and a block list of mappings; almost
//! every file is in the fast path's subset and loads without a finding.
//! For those, the records are deserialized as the fast path reads the
//! lines: block mappings and sequences are handed to serde as they are
//! met, and every other value (scalars, flow collections, block scalars)
//! is read by the fast path into a node and deserialized by [`NodeDe`],
//! exactly as from the tree. Anything else gives up (`Err(())`, or `None`
//! from [`records`]): a line outside the subset, a repeated key, a
//! deserialization error. The caller then reads the file again through the
//! tree, which finds what there is to report; so this path never decides a
//! finding, it only skips the tree where there is none. A differential
//! test (`loader::records`) compares the records of both paths.

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{ItemAt, P, ValueAt, scalar, span};
use crate::yaml::{DeError, MAX_DEPTH, Node, NodeDe};

/// Most keys one mapping may have on this path (more: the tree reads it).
const MAX_KEYS: usize = 32;

fn give_up() -> DeError {
    DeError { message: "not on the streaming path".into(), span: None }
}

/// The list of records of a file, read one record at a time.
pub struct Records<'a> {
    p: P<'a>,
    key: &'a str,
    /// Column of the list's dashes.
    ind: usize,
}

/// The records of `text` when it is a top-level key over a block list
/// whose items are mappings, as far as can be told from its start; `None`
/// otherwise.
pub fn records(text: &str) -> Option<Records<'_>> {
    let mut p = P::new(text)?;
    p.skip_blank();
    if p.pos >= p.lines.len() {
        return None;
    }
    let (ind, first) = p.indent(p.pos);
    if ind != 0 || matches!(first, b'-' | b'{' | b'[') {
        return None;
    }
    let k = p.next_key(0, None).ok()??;
    match p.value_at(&k, 0)? {
        // The list: the top-level mapping is at depth 1, the list at 2.
        ValueAt::Block { ind, seq: true } => Some(Records { key: k.key, p, ind }),
        _ => None,
    }
}

impl<'a> Records<'a> {
    /// The file's top-level key.
    pub fn key(&self) -> &'a str {
        self.key
    }

    /// How many records the list seems to have (lines with a dash at its
    /// column): room to reserve.
    pub fn count_hint(&self) -> usize {
        self.p.count_items(self.ind)
    }

    /// The next record; `Ok(None)` after the last.
    pub fn next<T: DeserializeOwned>(&mut self) -> Result<Option<T>, ()> {
        match self.p.next_item(self.ind)? {
            None => Ok(None),
            Some(ItemAt { content, col, map: true, .. }) => {
                T::deserialize(Block { p: &mut self.p, ind: col, first: Some(content), seq: false, depth: 3 }).map(Some).map_err(|_| ())
            }
            // A record that is not a mapping.
            Some(_) => Err(()),
        }
    }

    /// Whether the file ends after the list, without a repeated key on
    /// the way (call after `next` gave `Ok(None)`).
    pub fn finish(mut self) -> bool {
        matches!(self.p.next_key(0, None), Ok(None)) && {
            self.p.skip_blank();
            self.p.pos >= self.p.lines.len() && self.p.duplicates.is_empty()
        }
    }
}

/// A block mapping or sequence not read yet.
struct Block<'p, 'a> {
    p: &'p mut P<'a>,
    /// Column of its keys or dashes.
    ind: usize,
    /// For a mapping that starts after `- `: where its first key is.
    first: Option<usize>,
    seq: bool,
    depth: usize,
}

impl<'a> Block<'_, 'a> {
    /// The collection as a tree node, for what is not a mapping or list
    /// read in place.
    fn node(self) -> Result<Node<'a>, DeError> {
        let node = if self.seq { self.p.seq(self.ind, self.depth) } else { self.p.map(self.ind, self.first, self.depth) };
        node.ok_or_else(give_up)
    }
}

macro_rules! via_node {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
            de::Deserializer::$m(NodeDe(&self.node()?), v)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for Block<'_, 'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        if self.depth > MAX_DEPTH {
            return Err(give_up());
        }
        if self.seq {
            v.visit_seq(Items { p: self.p, ind: self.ind, depth: self.depth, count: 0 })
        } else {
            v.visit_map(Entries {
                p: self.p,
                ind: self.ind,
                first: self.first,
                depth: self.depth,
                keys: [""; MAX_KEYS],
                count: 0,
                seen: 0,
                pending: None,
            })
        }
    }
    fn deserialize_struct<V: Visitor<'a>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        if self.seq { Err(give_up()) } else { self.deserialize_any(v) }
    }
    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        // A collection is never null.
        v.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'a>>(self, _: &'static str, v: V) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_enum<V: Visitor<'a>>(self, name: &'static str, variants: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_enum(NodeDe(&self.node()?), name, variants, v)
    }
    fn deserialize_unit_struct<V: Visitor<'a>>(self, name: &'static str, v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_unit_struct(NodeDe(&self.node()?), name, v)
    }
    fn deserialize_tuple<V: Visitor<'a>>(self, len: usize, v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_tuple(NodeDe(&self.node()?), len, v)
    }
    fn deserialize_tuple_struct<V: Visitor<'a>>(self, name: &'static str, len: usize, v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_tuple_struct(NodeDe(&self.node()?), name, len, v)
    }

    via_node! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
        deserialize_char deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_identifier deserialize_ignored_any
    }
}

/// A block mapping's entries, read as serde asks for them.
struct Entries<'p, 'a> {
    p: &'p mut P<'a>,
    ind: usize,
    first: Option<usize>,
    depth: usize,
    /// The keys met so far: a repeated key gives up (the tree reports it).
    keys: [&'a str; MAX_KEYS],
    count: usize,
    /// A bit per key met so far, from its length and ends ([`key_bit`]):
    /// a key whose bit is not set is not a repeat, without comparing it
    /// with every key before it.
    seen: u64,
    pending: Option<super::KeyAt<'a>>,
}

/// The bit of [`Entries::seen`] a key sets: equal keys set the same bit.
fn key_bit(key: &str) -> u64 {
    let b = key.as_bytes();
    let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
    let sig = (b.len() as u32) ^ (u32::from(first) << 8) ^ (u32::from(last) << 16);
    1 << (sig.wrapping_mul(0x9E37_79B1) >> 26)
}

impl<'a> MapAccess<'a> for Entries<'_, 'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some(k) = self.p.next_key(self.ind, self.first.take()).map_err(|_| give_up())? else {
            // An empty mapping is not in the subset.
            return if self.count == 0 { Err(give_up()) } else { Ok(None) };
        };
        let bit = key_bit(k.key);
        if self.count == MAX_KEYS || (self.seen & bit != 0 && self.keys[..self.count].contains(&k.key)) {
            return Err(give_up());
        }
        self.seen |= bit;
        self.keys[self.count] = k.key;
        self.count += 1;
        let key = k.key;
        self.pending = Some(k);
        seed.deserialize(de::value::BorrowedStrDeserializer::<DeError>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let k = self.pending.take().ok_or_else(give_up)?;
        match self.p.value_at(&k, self.ind).ok_or_else(give_up)? {
            ValueAt::Inline => {
                let node = self.p.inline(k.vstart, k.line_end, self.ind, self.depth + 1).ok_or_else(give_up)?;
                seed.deserialize(NodeDe(&node))
            }
            ValueAt::Block { ind, seq } => seed.deserialize(Block { p: self.p, ind, first: None, seq, depth: self.depth + 1 }),
            ValueAt::Empty => seed.deserialize(NodeDe(&scalar("~".into(), true, span(k.colon, k.colon)))),
        }
    }
}

/// A block sequence's items, read as serde asks for them.
struct Items<'p, 'a> {
    p: &'p mut P<'a>,
    ind: usize,
    depth: usize,
    count: usize,
}

impl<'a> SeqAccess<'a> for Items<'_, 'a> {
    type Error = DeError;

    /// The exact count in a well-formed list: serde reserves that much
    /// (a claim's one citation no longer takes room for four).
    fn size_hint(&self) -> Option<usize> {
        (self.count == 0).then(|| self.p.count_items(self.ind))
    }

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let Some(it) = self.p.next_item(self.ind).map_err(|_| give_up())? else {
            return if self.count == 0 { Err(give_up()) } else { Ok(None) };
        };
        self.count += 1;
        if it.map {
            seed.deserialize(Block { p: self.p, ind: it.col, first: Some(it.content), seq: false, depth: self.depth + 1 }).map(Some)
        } else {
            let node = self.p.inline(it.content, it.end, self.ind, self.depth + 1).ok_or_else(give_up)?;
            seed.deserialize(NodeDe(&node)).map(Some)
        }
    }
}
