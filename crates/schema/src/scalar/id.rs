//! Record ids, stored inline: an id of up to 22 bytes (every id of the
//! dataset, and of any dataset that follows the slug convention) needs no
//! allocation, so reading 100,000 claims does not allocate their ids, the
//! ids they cite, or the index's copies of them.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest id kept inline.
const INLINE: usize = 22;

/// A record id: a lowercase ASCII slug, unique across the dataset.
///
/// Any string deserializes; the slug form is a constraint checked by
/// validation (`schema/constraint`) so that a bad id is reported with the
/// rest of the record's problems instead of hiding them.
///
/// It behaves as the string it holds: equality, order and hash are the
/// string's, so a map keyed by `Id` is looked up with a `&str`.
#[derive(Clone)]
pub struct Id(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Id {
    #[inline]
    pub fn new(s: &str) -> Id {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Id(Repr::Inline { len: s.len() as u8, bytes })
        } else {
            Id(Repr::Heap(s.into()))
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: `bytes[..len]` is only ever written by `Id::new`, as a
            // copy of the whole of a `&str` of `len` bytes: valid UTF-8.
            // (Checking it again on every look-up was 7 % of a check.)
            Repr::Inline { len, bytes } => unsafe { std::str::from_utf8_unchecked(&bytes[..*len as usize]) },
            Repr::Heap(s) => s,
        }
    }

    /// Whether the id is a well-formed slug: `a-z`, `0-9` and single `-`
    /// between them, at most 100 characters.
    pub fn is_slug(&self) -> bool {
        super::is_slug(self.as_str())
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id {
    #[inline]
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Id {
    #[inline]
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Id {
    #[inline]
    fn from(s: &str) -> Id {
        Id::new(s)
    }
}

impl From<String> for Id {
    fn from(s: String) -> Id {
        if s.len() <= INLINE { Id::new(&s) } else { Id(Repr::Heap(s.into_boxed_str())) }
    }
}

impl PartialEq for Id {
    #[inline]
    fn eq(&self, other: &Id) -> bool {
        match (&self.0, &other.0) {
            // The bytes after `len` are always zero: comparing the whole
            // arrays is comparing the strings, without a call to memcmp.
            (Repr::Inline { len: a, bytes: x }, Repr::Inline { len: b, bytes: y }) => a == b && x == y,
            _ => self.as_str() == other.as_str(),
        }
    }
}

impl Eq for Id {}

impl PartialOrd for Id {
    #[inline]
    fn partial_cmp(&self, other: &Id) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    #[inline]
    fn cmp(&self, other: &Id) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Id {
    /// The string's hash, as `Borrow<str>` requires.
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Id").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    /// Reads a string as `String` does (same errors for anything else).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::new(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Id, E> {
                match std::str::from_utf8(v) {
                    Ok(s) => Ok(Id::new(s)),
                    Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
                }
            }
        }
        d.deserialize_string(V)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Id")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "maxLength": 100,
            "description": "A record id: lowercase ASCII slug, unique across the dataset."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn an_id_is_the_string_it_holds_whatever_its_length() {
        for s in ["", "a", "syn-src-000000", "exactly-twenty-two-byt", "twenty-three-bytes-long", &"x".repeat(300), "ünïcode-ïd"] {
            let id = Id::from(s);
            assert_eq!(id.as_str(), s);
            assert_eq!(Id::from(s.to_string()), id);
            assert_eq!(id.to_string(), s);
            assert_eq!(format!("{id:?}"), format!("Id({s:?})"));
            let mut m = HashMap::new();
            m.insert(id.clone(), 1);
            assert_eq!(m.get(s), Some(&1), "{s}");
            assert_eq!(serde_json::to_string(&id).unwrap(), serde_json::to_string(s).unwrap());
            assert_eq!(serde_json::from_str::<Id>(&serde_json::to_string(s).unwrap()).unwrap(), id);
        }
        for (x, y) in [
            ("ab", "abc"),
            ("abc", "abd"),
            ("", "a"),
            ("exactly-twenty-two-byt", "exactly-twenty-two-byu"),
            ("twenty-three-bytes-long", "twenty-three-bytes-lonh"),
        ] {
            assert_ne!(Id::from(x), Id::from(y));
            assert_eq!(Id::from(x), Id::from(x.to_string()));
        }
        let (a, b) = (Id::from("abc"), Id::from("abd".repeat(10)));
        assert_eq!(a.cmp(&b), "abc".cmp(&"abd".repeat(10)));
        assert_eq!(std::mem::size_of::<Id>(), std::mem::size_of::<String>());
    }

    #[test]
    fn a_non_string_is_refused_as_a_string_would_be() {
        let e = serde_json::from_str::<Id>("12").unwrap_err().to_string();
        assert_eq!(e, serde_json::from_str::<String>("12").unwrap_err().to_string());
    }
}
