//! What a response holds, as data: each shape's fields with their JSON keys
//! and types, and the form of an endpoint's `return` (one shape, a list, a
//! page, an object keyed by data). Generated for every shape and endpoint of
//! the spec, so that code which has no Rust type at hand (the fake API, the
//! command line, schemas for tools) knows a response's shape.

use crate::loose;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
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

impl Returns {
    /// `value`, a `return` of this form, with each declared field's loose
    /// forms read as the client reads them (`"3"` as `3`, `"0"` as `false`,
    /// `""` in an optional field as null) and undeclared fields as they are:
    /// the JSON a typed decode would give. `Err` names the first field that
    /// does not fit.
    pub fn normalize(self, value: &Value) -> Result<Value, String> {
        let shape = self.shape();
        match self {
            Returns::One(_) => object(value, shape, "return"),
            Returns::List(_) => each(value, "return", |v, at| object(v, shape, at)),
            Returns::Paged(_) => {
                let page = value.as_object().ok_or("`return` is not a page object")?;
                let mut out = page.clone();
                for key in ["total_items", "current_page", "total_pages"] {
                    let v = page.get(key).ok_or(format!("`return.{key}` is missing"))?;
                    out.insert(
                        key.to_owned(),
                        scalar(v, FieldKind::Integer, &format!("return.{key}"))?,
                    );
                }
                if let Some(v) = page.get("current_items") {
                    out.insert(
                        "current_items".to_owned(),
                        scalar(v, FieldKind::Integer, "return.current_items")?,
                    );
                }
                let data = page.get("data").unwrap_or(&Value::Null);
                out.insert(
                    "data".to_owned(),
                    each(data, "return.data", |v, at| object(v, shape, at))?,
                );
                Ok(Value::Object(out))
            }
            Returns::Map(_) => entries(value, "return", |v, at| object(v, shape, at)),
        }
    }
}

/// A list (null and `{}` read as empty), each item through `item`.
fn each(
    value: &Value,
    at: &str,
    item: impl Fn(&Value, &str) -> Result<Value, String>,
) -> Result<Value, String> {
    match value {
        Value::Null => Ok(Value::Array(Vec::new())),
        Value::Object(o) if o.is_empty() => Ok(Value::Array(Vec::new())),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| item(v, &format!("{at}[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => Err(format!("`{at}` is not a list")),
    }
}

/// An object keyed by data (null and `[]` read as empty), each value
/// through `item`.
fn entries(
    value: &Value,
    at: &str,
    item: impl Fn(&Value, &str) -> Result<Value, String>,
) -> Result<Value, String> {
    match value {
        Value::Null => Ok(Value::Object(Map::new())),
        Value::Array(a) if a.is_empty() => Ok(Value::Object(Map::new())),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), item(v, &format!("{at}.{k}"))?)))
            .collect::<Result<Map<_, _>, String>>()
            .map(Value::Object),
        _ => Err(format!("`{at}` is not an object")),
    }
}

fn object(value: &Value, shape: &ShapeInfo, at: &str) -> Result<Value, String> {
    let input = value
        .as_object()
        .ok_or_else(|| format!("`{at}` is not an object of shape {}", shape.name))?;
    let mut out = input.clone();
    for field in shape.fields {
        let here = format!("{at}.{}", field.name);
        let empty = || {
            if field.list {
                Value::Array(Vec::new())
            } else if field.map {
                Value::Object(Map::new())
            } else {
                Value::Null
            }
        };
        let present = match input.get(field.name) {
            None if field.optional => {
                if field.list || field.map {
                    out.insert(field.name.to_owned(), empty());
                }
                continue;
            }
            None => return Err(format!("`{here}` is missing")),
            Some(Value::Null) if field.optional || field.list || field.map => {
                out.insert(field.name.to_owned(), empty());
                continue;
            }
            Some(v) => v,
        };
        out.insert(field.name.to_owned(), field.read(present, &here)?);
    }
    Ok(Value::Object(out))
}

impl FieldInfo {
    /// `value`, a value of this field the API sent, read as the client
    /// reads it (see [`Returns::normalize`]). `Err` says why it does not fit.
    pub fn normalize(&self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Null if self.list => Ok(Value::Array(Vec::new())),
            Value::Null if self.map => Ok(Value::Object(Map::new())),
            Value::Null if self.optional => Ok(Value::Null),
            v => self.read(v, self.name),
        }
    }

    fn read(&self, present: &Value, here: &str) -> Result<Value, String> {
        let kind = self.kind;
        let one = |v: &Value, at: &str| match kind {
            FieldKind::Shape(inner) => object(v, inner, at),
            kind => scalar(v, kind, at),
        };
        if self.list {
            each(present, here, one)
        } else if self.map {
            entries(present, here, one)
        } else if self.optional && present.as_str() == Some("") {
            Ok(Value::Null)
        } else {
            one(present, here)
        }
    }
}

fn scalar(value: &Value, kind: FieldKind, at: &str) -> Result<Value, String> {
    let wrong = || format!("`{at}` = {value} is not of its type ({kind:?})");
    match kind {
        FieldKind::Json => Ok(value.clone()),
        FieldKind::Shape(shape) => object(value, shape, at),
        FieldKind::String => serde_json::from_value::<loose::LooseString>(value.clone())
            .map(|s| Value::String(s.0))
            .map_err(|_| wrong()),
        FieldKind::Integer => serde_json::from_value::<loose::LooseInt>(value.clone())
            .map(|n| Value::from(n.0))
            .map_err(|_| wrong()),
        FieldKind::Boolean => serde_json::from_value::<loose::LooseBool>(value.clone())
            .map(|b| Value::Bool(b.0))
            .map_err(|_| wrong()),
        FieldKind::Number => serde_json::from_value::<loose::LooseNumber>(value.clone())
            .map(|n| Value::from(n.0))
            .map_err(|_| wrong()),
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
    use serde_json::json;

    static T: ShapeInfo = ShapeInfo::new(
        "T",
        "",
        &[
            FieldInfo::new("id", FieldKind::Integer, ""),
            FieldInfo::new("on", FieldKind::Boolean, "").optional(),
            FieldInfo::new("tags", FieldKind::String, "")
                .list()
                .optional(),
        ],
    );

    #[test]
    fn loose_values_normalize_and_wrong_ones_do_not() {
        let returns = Returns::One(&T);
        assert_eq!(
            returns.normalize(&json!({"id": "7", "on": "1", "tags": [3], "x": "kept"})),
            Ok(json!({"id": 7, "on": true, "tags": ["3"], "x": "kept"}))
        );
        assert_eq!(
            returns.normalize(&json!({"id": 1, "on": ""})),
            Ok(json!({"id": 1, "on": null, "tags": []}))
        );
        assert!(returns.normalize(&json!({"id": "x"})).is_err());
        assert!(returns.normalize(&json!({"on": true})).is_err());
        assert!(returns.normalize(&json!({"id": 1, "on": 2})).is_err());
        assert!(Returns::List(&T).normalize(&json!([1])).is_err());
        assert_eq!(Returns::List(&T).normalize(&json!(null)), Ok(json!([])));
        let page =
            json!({"total_items": "1", "current_page": 1, "total_pages": 1, "data": [{"id": "2"}]});
        assert_eq!(
            Returns::Paged(&T).normalize(&page).unwrap()["data"][0]["id"],
            json!(2)
        );
    }

    #[test]
    fn keyed_maps_read_php_empty_arrays() {
        let map: KeyedMap<i64> = serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap();
        assert_eq!(map.get("b"), Some(&2));
        let empty: KeyedMap<i64> = serde_json::from_str("[]").unwrap();
        assert!(empty.is_empty());
        assert!(serde_json::from_str::<KeyedMap<i64>>("[1]").is_err());
    }
}
