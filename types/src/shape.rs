//! What a response holds, as data: each shape's fields with their JSON keys
//! and types, and the form of an endpoint's `return` (one value, a list, a
//! page, objects keyed by data). Generated for every shape and endpoint of
//! the spec, so that code which has no Rust type at hand (the fake API, the
//! command line, schemas for tools) knows a response's shape; and the
//! decoding policy applied to JSON ([`Returns::normalize`]), the same as the
//! typed decoding applies (see [`loose`](crate::loose)).

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
    #[inline]
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
    #[inline]
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
    /// A JSON array of `kind` (with `map`: each value of the map is one).
    pub list: bool,
    /// A JSON object keyed by data, whose values are of `kind`.
    pub map: bool,
    /// With `map`: how many levels of keys (1 or more; 0 without).
    pub depth: u8,
    /// The API may leave it out or send null.
    pub optional: bool,
    /// What it holds.
    pub description: &'static str,
}

impl FieldInfo {
    /// A field that is a single value the API always sends.
    #[inline]
    pub const fn new(name: &'static str, kind: FieldKind, description: &'static str) -> FieldInfo {
        FieldInfo {
            name,
            kind,
            list: false,
            map: false,
            depth: 0,
            optional: false,
            description,
        }
    }

    /// Makes it a list.
    #[must_use]
    #[inline]
    pub const fn list(mut self) -> FieldInfo {
        self.list = true;
        self
    }

    /// Makes it an object keyed by data, `depth` levels deep (at least 1).
    #[must_use]
    #[inline]
    pub const fn map(mut self, depth: u8) -> FieldInfo {
        self.map = true;
        self.depth = if depth == 0 { 1 } else { depth };
        self
    }

    /// Makes it optional.
    #[must_use]
    #[inline]
    pub const fn optional(mut self) -> FieldInfo {
        self.optional = true;
        self
    }

    /// The field's value as a [`Returns`]-like layout: its kind, map depth
    /// and list.
    #[inline]
    pub const fn layout(&self) -> Layout {
        Layout {
            kind: self.kind,
            depth: self.depth,
            list: self.list,
        }
    }
}

/// The type of a field's value, or of a `return`'s items.
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

/// The structure of a value: `depth` levels of objects keyed by data, then
/// a list when `list`, then values of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The type of the innermost values.
    pub kind: FieldKind,
    /// Levels of objects keyed by data around them.
    pub depth: u8,
    /// Whether the innermost values come in a list.
    pub list: bool,
}

/// The form and type of an endpoint's `return`, where the spec types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Returns {
    /// What `return` (or each of its items) holds.
    pub kind: FieldKind,
    /// Levels of objects keyed by data (0: none).
    pub depth: u8,
    /// A list (of the items inside the keyed objects, if any).
    pub list: bool,
    /// One page of a paged list ([`Page`](crate::Page)) of `kind`.
    pub paged: bool,
}

impl Returns {
    /// One value of `kind`.
    #[inline]
    pub const fn one(kind: FieldKind) -> Returns {
        Returns {
            kind,
            depth: 0,
            list: false,
            paged: false,
        }
    }

    /// One object of `shape`.
    #[inline]
    pub const fn shape(shape: &'static ShapeInfo) -> Returns {
        Returns::one(FieldKind::Shape(shape))
    }

    /// A list of `kind`.
    #[must_use]
    #[inline]
    pub const fn list(mut self) -> Returns {
        self.list = true;
        self
    }

    /// Objects keyed by data, `depth` levels deep (at least 1).
    #[must_use]
    #[inline]
    pub const fn map(mut self, depth: u8) -> Returns {
        self.depth = if depth == 0 { 1 } else { depth };
        self
    }

    /// One page of `kind`.
    #[must_use]
    #[inline]
    pub const fn paged(mut self) -> Returns {
        self.paged = true;
        self
    }

    /// A paged list's items taken together (as a walk of every page
    /// gathers them): a list, not a page. Any other form is itself.
    #[must_use]
    #[inline]
    pub const fn items(mut self) -> Returns {
        if self.paged {
            self.paged = false;
            self.list = true;
        }
        self
    }

    /// The shape of the value, or of each item, where it is a shape.
    #[inline]
    pub const fn shape_info(self) -> Option<&'static ShapeInfo> {
        match self.kind {
            FieldKind::Shape(shape) => Some(shape),
            _ => None,
        }
    }

    /// The value (of each page's items) as a layout.
    #[inline]
    pub const fn layout(&self) -> Layout {
        Layout {
            kind: self.kind,
            depth: self.depth,
            list: self.list,
        }
    }

    /// `value`, a `return` of this form, read as the client reads it (see
    /// the decoding policy in [`loose`](crate::loose)): each declared
    /// field's loose forms read (`"3"` as `3`, `"0"` as `false`), null or a
    /// missing field as absent or empty, a value that does not fit as empty
    /// (listed in the result's `deviations`, with the value sent), and
    /// undeclared fields as they are.
    ///
    /// # Errors
    ///
    /// Only for a `return` of the wrong kind altogether (an object where a
    /// list is documented, a list where an object is).
    #[inline]
    pub fn normalize(self, value: &Value) -> Result<Normalized, String> {
        let mut deviations = Vec::new();
        let value = if self.paged {
            page(value, self.layout(), &mut deviations)?
        } else {
            top(value, self.layout(), "return", &mut deviations)?
        };
        Ok(Normalized { value, deviations })
    }
}

/// A `return` as [`Returns::normalize`] read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// The value, every declared field of the type it is declared with.
    pub value: Value,
    /// Where the value sent did not fit its declared type, and what was sent.
    pub deviations: Vec<Deviation>,
}

/// A value that did not fit the type of its field, read as empty.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deviation {
    /// Where it stands: `return.data[2].servers`.
    pub at: String,
    /// What the API sent there.
    pub sent: Value,
}

/// `return` as a whole: its outer form must fit; the fields inside are read
/// leniently.
#[inline]
fn top(value: &Value, layout: Layout, at: &str, out: &mut Vec<Deviation>) -> Result<Value, String> {
    match read(value, layout, at, out) {
        Read::Value(v) => Ok(v),
        Read::Empty => Ok(empty(layout)),
        Read::Misfit => Err(format!(
            "`{at}` is {}, not {}",
            what(value),
            expected(layout)
        )),
    }
}

#[inline]
fn page(value: &Value, items: Layout, out: &mut Vec<Deviation>) -> Result<Value, String> {
    let page = match value {
        Value::Object(page) => page,
        Value::Null => &Map::new(),
        _ => return Err(format!("`return` is {}, not a page object", what(value))),
    };
    let mut result = page.clone();
    for key in [
        "total_items",
        "current_items",
        "current_page",
        "total_pages",
    ] {
        let at = format!("return.{key}");
        let count = Layout {
            kind: FieldKind::Integer,
            depth: 0,
            list: false,
        };
        let n = match page.get(key).map(|v| read(v, count, &at, out)) {
            Some(Read::Value(n)) => n,
            Some(Read::Misfit) => {
                out.push(Deviation {
                    at,
                    sent: page[key].clone(),
                });
                Value::from(0)
            }
            None | Some(Read::Empty) => Value::from(0),
        };
        result.insert(key.to_owned(), n);
    }
    let data = page.get("data").unwrap_or(&Value::Null);
    let list = Layout {
        list: true,
        ..items
    };
    result.insert("data".to_owned(), top(data, list, "return.data", out)?);
    if page.get("current_items").is_none() {
        let n = result["data"].as_array().map_or(0, Vec::len);
        result.insert("current_items".to_owned(), Value::from(n));
    }
    Ok(Value::Object(result))
}

/// What reading a value gave.
enum Read {
    /// The value, normalized.
    Value(Value),
    /// Nothing: null, or `""` where a number or flag is.
    Empty,
    /// A value of another kind.
    Misfit,
}

/// Reads `value` as `layout`: keyed objects, then a list, then items.
#[inline]
fn read(value: &Value, layout: Layout, at: &str, out: &mut Vec<Deviation>) -> Read {
    if value.is_null() {
        return Read::Empty;
    }
    if layout.depth > 0 {
        let inner = Layout {
            depth: layout.depth - 1,
            ..layout
        };
        return match value {
            // PHP writes an empty keyed object as an empty list.
            Value::Array(a) if a.is_empty() => Read::Value(Value::Object(Map::new())),
            Value::Object(entries) => {
                let mut result = Map::new();
                for (key, v) in entries {
                    let here = format!("{at}.{key}");
                    match read(v, inner, &here, out) {
                        Read::Value(v) => {
                            result.insert(key.clone(), v);
                        }
                        Read::Empty => {
                            result.insert(key.clone(), empty(inner));
                        }
                        Read::Misfit => return Read::Misfit,
                    }
                }
                Read::Value(Value::Object(result))
            }
            _ => Read::Misfit,
        };
    }
    if layout.list {
        let item = Layout {
            list: false,
            ..layout
        };
        return match value {
            // PHP writes an empty list as an empty object.
            Value::Object(o) if o.is_empty() => Read::Value(Value::Array(Vec::new())),
            Value::Array(items) => {
                let mut result = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    match read(v, item, &format!("{at}[{i}]"), out) {
                        Read::Value(v) => result.push(v),
                        Read::Empty => result.push(empty(item)),
                        Read::Misfit => return Read::Misfit,
                    }
                }
                Read::Value(Value::Array(result))
            }
            _ => Read::Misfit,
        };
    }
    match layout.kind {
        FieldKind::Shape(shape) => match value {
            Value::Object(object) => Read::Value(Value::Object(object_of(object, shape, at, out))),
            _ => Read::Misfit,
        },
        FieldKind::Json => Read::Value(value.clone()),
        kind => match loose::scalar(kind, value) {
            Ok(Some(v)) => Read::Value(v),
            Ok(None) => Read::Empty,
            Err(()) => Read::Misfit,
        },
    }
}

/// An object of `shape`, by the policy: every declared field read or made
/// empty, undeclared fields kept as they are.
#[inline]
fn object_of(
    object: &Map<String, Value>,
    shape: &ShapeInfo,
    at: &str,
    out: &mut Vec<Deviation>,
) -> Map<String, Value> {
    let mut result = object.clone();
    for field in shape.fields {
        let here = format!("{at}.{}", field.name);
        let layout = field.layout();
        let absent = || {
            if field.optional && !field.list && !field.map {
                Value::Null
            } else {
                empty(layout)
            }
        };
        let value = match object.get(field.name) {
            None => {
                if field.optional && !field.list && !field.map {
                    continue;
                }
                empty(layout)
            }
            Some(sent) => match read(sent, layout, &here, out) {
                Read::Value(v) => v,
                Read::Empty => absent(),
                Read::Misfit => {
                    out.push(Deviation {
                        at: here,
                        sent: sent.clone(),
                    });
                    absent()
                }
            },
        };
        result.insert(field.name.to_owned(), value);
    }
    result
}

/// The empty value of a layout: what a required field reads as when the
/// API sends null, nothing, or a value that does not fit.
#[inline]
pub fn empty(layout: Layout) -> Value {
    if layout.depth > 0 {
        return Value::Object(Map::new());
    }
    if layout.list {
        return Value::Array(Vec::new());
    }
    match layout.kind {
        FieldKind::String => Value::String(String::new()),
        FieldKind::Integer => Value::from(0),
        FieldKind::Boolean => Value::Bool(false),
        FieldKind::Number => Value::from(0.0),
        FieldKind::Json => Value::Null,
        FieldKind::Shape(shape) => {
            let mut object = Map::new();
            for field in shape.fields {
                if !(field.optional && !field.list && !field.map) {
                    object.insert(field.name.to_owned(), empty(field.layout()));
                }
            }
            Value::Object(object)
        }
    }
}

#[inline]
fn what(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[inline]
fn expected(layout: Layout) -> String {
    if layout.depth > 0 {
        return "an object keyed by data".to_owned();
    }
    if layout.list {
        return "a list".to_owned();
    }
    match layout.kind {
        FieldKind::Shape(shape) => format!("an object of shape {}", shape.name),
        FieldKind::String => "a string".to_owned(),
        FieldKind::Integer => "an integer".to_owned(),
        FieldKind::Boolean => "a boolean".to_owned(),
        FieldKind::Number => "a number".to_owned(),
        FieldKind::Json => "JSON".to_owned(),
    }
}

impl FieldInfo {
    /// `value`, a value of this field the API sent, read as the client
    /// reads it; `None` when it does not fit the field's type (the client
    /// then reads the field as empty).
    #[inline]
    pub fn normalize(&self, value: &Value) -> Option<Value> {
        let mut deviations = Vec::new();
        match read(value, self.layout(), self.name, &mut deviations) {
            Read::Value(v) if deviations.is_empty() => Some(v),
            Read::Value(_) | Read::Misfit => None,
            Read::Empty if self.optional && !self.list && !self.map => Some(Value::Null),
            Read::Empty => Some(empty(self.layout())),
        }
    }
}

/// A `return` that is a JSON object keyed by data (such as IP addresses),
/// each value of one type. An empty list (`[]`, as PHP writes an empty
/// array) or null reads as empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyedMap<T>(pub BTreeMap<String, T>);

impl<T> KeyedMap<T> {
    /// The entries, by key.
    #[inline]
    pub fn into_inner(self) -> BTreeMap<String, T> {
        self.0
    }
}

impl<T> std::ops::Deref for KeyedMap<T> {
    type Target = BTreeMap<String, T>;
    #[inline]
    fn deref(&self) -> &BTreeMap<String, T> {
        &self.0
    }
}

impl<T> IntoIterator for KeyedMap<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;
    #[inline]
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'de, T: loose::Decode> Deserialize<'de> for KeyedMap<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <BTreeMap<String, T> as loose::Decode>::decode(deserializer).map(KeyedMap)
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

    fn one(value: serde_json::Value) -> Result<Normalized, String> {
        Returns::one(FieldKind::Shape(&T)).normalize(&value)
    }

    #[test]
    fn loose_values_normalize() {
        let read = one(json!({"id": "7", "on": "1", "tags": [3], "x": "kept"})).unwrap();
        assert_eq!(
            read.value,
            json!({"id": 7, "on": true, "tags": ["3"], "x": "kept"})
        );
        assert!(read.deviations.is_empty());
        assert_eq!(
            one(json!({"id": 1, "on": ""})).unwrap().value,
            json!({"id": 1, "on": null, "tags": []})
        );
    }

    #[test]
    fn a_field_that_does_not_fit_reads_empty_and_is_reported() {
        let read = one(json!({"id": {"a": 1}, "on": 2})).unwrap();
        assert_eq!(read.value, json!({"id": 0, "on": null, "tags": []}));
        let at: Vec<&str> = read.deviations.iter().map(|d| d.at.as_str()).collect();
        assert_eq!(at, ["return.id", "return.on"]);
        assert_eq!(read.deviations[0].sent, json!({"a": 1}));
        // Missing and null required fields read as empty, without a deviation.
        let read = one(json!({"id": null})).unwrap();
        assert_eq!(read.value["id"], json!(0));
        assert!(read.deviations.is_empty());
    }

    #[test]
    fn only_a_return_of_the_wrong_kind_is_an_error() {
        assert!(one(json!([1])).is_err());
        let list = Returns::one(FieldKind::Shape(&T)).list();
        assert!(list.normalize(&json!({"id": 1})).is_err());
        assert_eq!(list.normalize(&json!(null)).unwrap().value, json!([]));
        assert_eq!(list.normalize(&json!({})).unwrap().value, json!([]));
        let page =
            json!({"total_items": "1", "current_page": 1, "total_pages": 1, "data": [{"id": "2"}]});
        let paged = Returns::one(FieldKind::Shape(&T)).paged();
        assert_eq!(
            paged.normalize(&page).unwrap().value["data"][0]["id"],
            json!(2)
        );
        let map = Returns::one(FieldKind::Integer).map(2);
        assert_eq!(
            map.normalize(&json!({"a": {"b": "3"}, "c": []}))
                .unwrap()
                .value,
            json!({"a": {"b": 3}, "c": {}})
        );
        assert!(map.normalize(&json!([1])).is_err());
    }

    #[test]
    fn keyed_maps_read_php_empty_arrays() {
        let map: KeyedMap<i64> = serde_json::from_str(r#"{"a": 1, "b": "2"}"#).unwrap();
        assert_eq!(map.get("b"), Some(&2));
        let empty: KeyedMap<i64> = serde_json::from_str("[]").unwrap();
        assert!(empty.is_empty());
        assert!(serde_json::from_str::<KeyedMap<i64>>("[1]").is_err());
    }
}
