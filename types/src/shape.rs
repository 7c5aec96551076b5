//! What a response holds, as data: each shape's fields with their JSON keys
//! and types, and the form of an endpoint's `return` (one shape, a list, a
//! page, an object keyed by data). Generated for every shape and endpoint of
//! the spec, so that code which has no Rust type at hand (the fake API, the
//! command line, schemas for tools) knows a response's shape.

use crate::loose;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A response shape of the spec: its name and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShapeInfo {
    /// The shape's name, such as `DnsRecord`.
    pub name: &'static str,
    /// What it holds.
    pub description: &'static str,
    /// Its fields, in the spec's order.
    pub fields: &'static [FieldInfo],
}

impl ShapeInfo {
    /// A shape; generated code builds its metadata this way, in a `const`.
    pub const fn new(
        name: &'static str,
        description: &'static str,
        fields: &'static [FieldInfo],
    ) -> ShapeInfo {
        ShapeInfo {
            name,
            description,
            fields,
        }
    }

    /// The field with this JSON key.
    pub fn field(&self, key: &str) -> Option<&'static FieldInfo> {
        self.fields.iter().find(|f| f.name == key)
    }
}

/// One field of a [`ShapeInfo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldInfo {
    /// The JSON key.
    pub name: &'static str,
    /// The type of its value (of each item, for a list or map).
    pub kind: FieldKind,
    /// A JSON array of `kind`.
    pub list: bool,
    /// A JSON object keyed by data, whose values are of `kind`.
    pub map: bool,
    /// The API may leave it out or send null.
    pub optional: bool,
    /// What it holds.
    pub description: &'static str,
}

impl FieldInfo {
    /// A field that is a single value the API always sends.
    pub const fn new(name: &'static str, kind: FieldKind, description: &'static str) -> FieldInfo {
        FieldInfo {
            name,
            kind,
            list: false,
            map: false,
            optional: false,
            description,
        }
    }

    /// Makes it a list.
    #[must_use]
    pub const fn list(mut self) -> FieldInfo {
        self.list = true;
        self
    }

    /// Makes it an object keyed by data.
    #[must_use]
    pub const fn map(mut self) -> FieldInfo {
        self.map = true;
        self
    }

    /// Makes it optional.
    #[must_use]
    pub const fn optional(mut self) -> FieldInfo {
        self.optional = true;
        self
    }
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text (numbers and booleans read as text).
    String,
    /// An integer (a number or a string of digits).
    Integer,
    /// A boolean (`true`, `1`, `"1"`, `"true"` and their opposites).
    Boolean,
    /// A decimal number (a number or a numeric string).
    Number,
    /// Any JSON.
    Json,
    /// Another shape.
    Shape(&'static ShapeInfo),
}

/// The form of an endpoint's `return`, where the spec types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// One object of the shape.
    One(&'static ShapeInfo),
    /// A list of the shape.
    List(&'static ShapeInfo),
    /// One page of a paged list of the shape ([`Page`](crate::Page)).
    Paged(&'static ShapeInfo),
    /// An object keyed by data whose values are of the shape ([`KeyedMap`]).
    Map(&'static ShapeInfo),
}

impl Returns {
    /// The shape of the value, or of each item.
    pub const fn shape(self) -> &'static ShapeInfo {
        match self {
            Returns::One(s) | Returns::List(s) | Returns::Paged(s) | Returns::Map(s) => s,
        }
    }
}

/// A `return` that is a JSON object keyed by data (such as IP addresses),
/// each value of one shape. An empty list (`[]`, as PHP writes an empty
/// array) or null reads as empty.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<T>(pub BTreeMap<String, T>);

impl<T> KeyedMap<T> {
    /// The entries, by key.
    pub fn into_inner(self) -> BTreeMap<String, T> {
        self.0
    }
}

impl<T> std::ops::Deref for KeyedMap<T> {
    type Target = BTreeMap<String, T>;
    fn deref(&self) -> &BTreeMap<String, T> {
        &self.0
    }
}

impl<T> IntoIterator for KeyedMap<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'de, T: for<'a> Deserialize<'a>> Deserialize<'de> for KeyedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        loose::read_map::<_, loose::Nested<T>>(deserializer).map(KeyedMap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_maps_read_php_empty_arrays() {
        let map: KeyedMap<i64> = serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap();
        assert_eq!(map.get("b"), Some(&2));
        let empty: KeyedMap<i64> = serde_json::from_str("[]").unwrap();
        assert!(empty.is_empty());
        assert!(serde_json::from_str::<KeyedMap<i64>>("[1]").is_err());
    }
}
