//! Decoding what the API sends: loosely typed scalars (the same field as
//! `"1"` or `1`, `"0"` or `false`), and one policy for values that do not
//! fit, the same for every shape:
//!
//! - a field that is missing or `null` reads as absent when it is optional,
//!   and as the empty value of its type when it is required (`""`, `0`,
//!   `false`, an empty list or map, a shape of empty fields), as Go's decoder,
//!   which SiteHost's own SDK uses, reads it; `""` where a number or flag is
//!   reads the same way;
//! - `[]` reads as an empty keyed object, and `{}` as an empty list (PHP
//!   writes an empty array either way);
//! - a value whose type does not fit its field reads the same way too, and
//!   the value sent stays reachable through the shape's `extra()`; a
//!   `tracing` warning (target `sitehost::decode`) names the shape and the
//!   field;
//! - only a `return` of the wrong kind altogether (an object where a list is
//!   documented) fails the call.
//!
//! The generated shapes implement `Deserialize` with [`Object`], field by
//! field, each read as the [`Decode`] type of its Rust field;
//! [`Returns::normalize`](crate::Returns::normalize) applies the same policy
//! to JSON, for code without the Rust types.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// An integer that may arrive as a number or as a string of digits (`""`
/// reads as 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LooseInt(pub i64);

/// A boolean that may arrive as `true`/`false`, `1`/`0`, `"1"`/`"0"` or
/// `"true"`/`"false"` (`""` reads as false).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LooseBool(pub bool);

/// A number that may arrive as a number or a numeric string (`""` reads as 0).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LooseNumber(pub f64);

/// Text that may arrive as a string, a number or a boolean.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LooseString(pub String);

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = LooseInt;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseInt, E> {
        Ok(LooseInt(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseInt, E> {
        i64::try_from(v)
            .map(LooseInt)
            .map_err(|_| E::custom(format_args!("integer {v} is too large")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseInt, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(LooseInt(v as i64))
        } else {
            Err(E::invalid_type(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseInt, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(LooseInt(0));
        }
        v.parse()
            .map(LooseInt)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for LooseInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor)
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = LooseBool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean, 0 or 1, or a string holding one")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LooseBool, E> {
        Ok(LooseBool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseBool, E> {
        match v {
            0 => Ok(LooseBool(false)),
            1 => Ok(LooseBool(true)),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseBool, E> {
        match v {
            0 => Ok(LooseBool(false)),
            1 => Ok(LooseBool(true)),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseBool, E> {
        match v.trim() {
            "1" | "true" | "True" | "TRUE" => Ok(LooseBool(true)),
            "0" | "false" | "False" | "FALSE" | "" => Ok(LooseBool(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for LooseBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = LooseNumber;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseNumber, E> {
        Ok(LooseNumber(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseNumber, E> {
        Ok(LooseNumber(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseNumber, E> {
        Ok(LooseNumber(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseNumber, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(LooseNumber(0.0));
        }
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(LooseNumber(n)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for LooseNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = LooseString;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseString, E> {
        Ok(LooseString(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<LooseString, E> {
        Ok(LooseString(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseString, E> {
        Ok(LooseString(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseString, E> {
        Ok(LooseString(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseString, E> {
        Ok(LooseString(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LooseString, E> {
        Ok(LooseString(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringVisitor)
    }
}

/// A scalar JSON value read as `kind` by the same rules as the typed
/// decoding: `Ok(None)` for null, or `""` where a number or flag is;
/// `Err` for a value of another kind.
pub(crate) fn scalar(
    kind: crate::FieldKind,
    value: &serde_json::Value,
) -> Result<Option<serde_json::Value>, ()> {
    use crate::FieldKind;
    use serde_json::Value;
    if value.is_null() {
        return Ok(None);
    }
    if value.as_str() == Some("") && kind != FieldKind::String {
        return Ok(None);
    }
    let read = match kind {
        FieldKind::String => LooseString::deserialize(value).map(|s| Value::String(s.0)),
        FieldKind::Integer => LooseInt::deserialize(value).map(|n| Value::from(n.0)),
        FieldKind::Boolean => LooseBool::deserialize(value).map(|b| Value::Bool(b.0)),
        FieldKind::Number => LooseNumber::deserialize(value).map(|n| Value::from(n.0)),
        FieldKind::Json | FieldKind::Shape(_) => return Ok(Some(value.clone())),
    };
    read.map(Some).map_err(|_| ())
}

/// A value the client reads from a response, by the policy of this module:
/// generated shapes, scalars, lists, keyed maps and pages of them. Every
/// request's [`Output`](crate::Request::Output) is one.
pub trait Decode: Sized + Send {
    /// Reads the value.
    ///
    /// # Errors
    ///
    /// Only when the value is of the wrong kind altogether.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Marks a generated shape: decoded by its `Deserialize`, which follows the
/// policy field by field.
pub trait Shape: for<'de> Deserialize<'de> + Default + Send {}

impl<T: Shape> Decode for T {
    /// A shape, or null (read as the empty shape).
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(|| {
            tracing::warn!(
                target: "sitehost::decode",
                shape = std::any::type_name::<T>(),
                "null where an object is documented: read as empty"
            );
            T::default()
        }))
    }
}

/// A [`Decode`] type read where serde wants a `Deserialize` one.
pub struct Decoded<T>(pub T);

impl<'de, T: Decode> Deserialize<'de> for Decoded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode(d).map(Decoded)
    }
}

macro_rules! decode_scalar {
    ($($ty:ty => $wire:ty),* $(,)?) => {$(
        impl Decode for $ty {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Option::<$wire>::deserialize(d).map(|v| v.unwrap_or_default().0)
            }
        }
    )*};
}

decode_scalar!(bool => LooseBool, i64 => LooseInt, f64 => LooseNumber, String => LooseString);

impl Decode for serde_json::Value {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d)
    }
}

impl Decode for () {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::IgnoredAny::deserialize(d).map(drop)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        List::<Decoded<T>>::deserialize(d).map(|list| list.0.into_iter().map(|v| v.0).collect())
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::<Decoded<T>>::deserialize(d)
            .map(|map| map.0.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

impl<T: Decode> Decode for crate::KeyedMap<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<String, T>::decode(d).map(crate::KeyedMap)
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<Decoded<T>>::deserialize(d).map(|v| v.map(|v| v.0))
    }
}

/// A list that may also arrive as null or as an empty object (`{}`, which is
/// how PHP writes an empty array in some places).
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element()? {
                    out.push(item);
                }
                Ok(List(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                if map.next_key::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
                }
                Ok(List(Vec::new()))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// An object keyed by data; null and an empty list (`[]`, how PHP writes an
/// empty array) read as empty.
pub struct Map<T>(pub Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Map<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Map<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Map<T>, E> {
                Ok(Map(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Map<T>, E> {
                Ok(Map(Vec::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Map<T>, A::Error> {
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
                }
                Ok(Map(Vec::new()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Map<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    out.push(entry);
                }
                Ok(Map(out))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Fields of an object that its shape does not declare, and declared fields
/// whose value did not fit, as the API sent them.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A JSON object being read into a shape, field by field, by the policy of
/// this module. The generated shapes implement `Deserialize` with it:
///
/// ```
/// use sitehost::loose::Object;
///
/// #[derive(Default)]
/// struct Disk {
///     size: i64,
///     label: Option<String>,
/// }
///
/// impl<'de> serde::Deserialize<'de> for Disk {
///     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let mut object = Object::read(deserializer, "Disk")?;
///         Ok(Disk {
///             size: object.required("size"),
///             label: object.optional("label"),
///         })
///     }
/// }
///
/// let disk: Disk = serde_json::from_str(r#"{"size": "20", "label": ""}"#).unwrap();
/// assert_eq!((disk.size, disk.label), (20, None));
/// let odd: Disk = serde_json::from_str(r#"{"size": {"gb": 20}}"#).unwrap();
/// assert_eq!(odd.size, 0); // read as empty; what was sent is kept
/// ```
pub struct Object<'de, E> {
    /// In the order received; shapes have few fields, so a scan beats a map.
    fields: Vec<(Key<'de>, serde_json::Value)>,
    /// Declared fields whose value did not fit: kept for `extra()`.
    misfits: Vec<(String, serde_json::Value)>,
    shape: &'static str,
    error: PhantomData<E>,
}

/// A field's name as sent: borrowed from what is read where it can be (a
/// body read as text, a name without escapes), so that reading an object
/// allocates nothing for its names.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(name) => name,
            Key::Owned(name) => name,
        }
    }

    fn into_owned(self) -> String {
        match self {
            Key::Borrowed(name) => name.to_owned(),
            Key::Owned(name) => name,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field's name")
            }
            fn visit_borrowed_str<Er: de::Error>(self, name: &'de str) -> Result<Key<'de>, Er> {
                Ok(Key::Borrowed(name))
            }
            fn visit_str<Er: de::Error>(self, name: &str) -> Result<Key<'de>, Er> {
                Ok(Key::Owned(name.to_owned()))
            }
            fn visit_string<Er: de::Error>(self, name: String) -> Result<Key<'de>, Er> {
                Ok(Key::Owned(name))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct Fields;

impl<'de> Visitor<'de> for Fields {
    type Value = Vec<(Key<'de>, serde_json::Value)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(entry) = map.next_entry::<Key<'de>, serde_json::Value>()? {
            fields.push(entry);
        }
        Ok(fields)
    }
}

impl<'de, E: de::Error> Object<'de, E> {
    /// Reads a JSON object of the shape named `shape` (for warnings);
    /// anything else is an error.
    ///
    /// # Errors
    ///
    /// A value that is not an object.
    pub fn read<D: Deserializer<'de, Error = E>>(
        deserializer: D,
        shape: &'static str,
    ) -> Result<Self, E> {
        Ok(Object {
            fields: deserializer.deserialize_map(Fields)?,
            misfits: Vec::new(),
            shape,
            error: PhantomData,
        })
    }

    /// Takes the field named `key` as it was sent, for a reader of its own.
    pub fn take_raw(&mut self, key: &str) -> Option<serde_json::Value> {
        self.take(key)
    }

    /// Takes the field named `key` (the last one, if the API repeats it).
    fn take(&mut self, key: &str) -> Option<serde_json::Value> {
        take_field(&mut self.fields, key)
    }

    /// Reads a value that is there; a value that does not fit is kept and
    /// reported, and reads as `None`.
    fn decode<T: Decode>(&mut self, key: &'static str, value: serde_json::Value) -> Option<T> {
        let kind = kind_of(&value);
        match T::decode(&value) {
            Ok(read) => Some(read),
            Err(e) => {
                misfit(self.shape, key, kind, &e);
                self.misfits.push((key.to_owned(), value));
                None
            }
        }
    }

    /// A field the API always sends, of the type the caller gives it:
    /// missing, null or a value that does not fit reads as the empty value.
    pub fn required<T: Decode + Default>(&mut self, key: &'static str) -> T {
        match self.take(key) {
            Some(serde_json::Value::Null) => T::default(),
            Some(value) => self.decode(key, value).unwrap_or_default(),
            None => {
                missing(self.shape, key);
                T::default()
            }
        }
    }

    /// A field that may be missing, null or `""`; a value that does not fit
    /// reads as `None`.
    pub fn optional<T: Decode>(&mut self, key: &'static str) -> Option<T> {
        match self.take(key) {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) if s.is_empty() => None,
            Some(value) => self.decode(key, value),
        }
    }

    /// A list or map that may be missing: then, or when null or of the
    /// wrong kind, empty.
    pub fn optional_or_empty<T: Decode + Default>(&mut self, key: &'static str) -> T {
        match self.take(key) {
            None | Some(serde_json::Value::Null) => T::default(),
            Some(value) => self.decode(key, value).unwrap_or_default(),
        }
    }

    /// The fields not taken, which the shape does not declare, and the
    /// declared ones whose value did not fit: kept, so that a field the spec
    /// has not caught up with can still be read.
    pub fn rest(self) -> Extra {
        rest(self.fields, self.misfits)
    }
}

// What `Object` does that does not depend on the deserializer's error type,
// in functions of their own, so that it is compiled once, in this crate, and
// not again for every deserializer a program reads shapes with.

/// Takes the field named `key` (the last one, if the API repeats it).
fn take_field(
    fields: &mut Vec<(Key<'_>, serde_json::Value)>,
    key: &str,
) -> Option<serde_json::Value> {
    let position = fields.iter().rposition(|(name, _)| name.as_str() == key)?;
    Some(fields.swap_remove(position).1)
}

fn misfit(shape: &'static str, key: &'static str, sent: &'static str, error: &dyn fmt::Display) {
    tracing::warn!(
        target: "sitehost::decode",
        shape,
        field = key,
        sent,
        "a field's value does not fit its type: read as empty, kept in extra(): {error}"
    );
}

fn missing(shape: &'static str, key: &'static str) {
    tracing::warn!(
        target: "sitehost::decode",
        shape,
        field = key,
        "a field the spec says is always sent is missing: read as empty"
    );
}

fn rest(
    fields: Vec<(Key<'_>, serde_json::Value)>,
    misfits: Vec<(String, serde_json::Value)>,
) -> Extra {
    // What the spec describes whole, as most responses are, leaves nothing.
    if fields.is_empty() && misfits.is_empty() {
        return Extra::new();
    }
    fields
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value))
        .chain(misfits)
        .collect()
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Default)]
    struct S {
        id: i64,
        flag: bool,
        maybe: Option<i64>,
        names: Vec<String>,
        extra: Extra,
    }

    impl<'de> Deserialize<'de> for S {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut object = Object::read(d, "S")?;
            Ok(S {
                id: object.required("id"),
                flag: object.required("flag"),
                maybe: object.optional("maybe"),
                names: object.optional_or_empty("names"),
                extra: object.rest(),
            })
        }
    }

    #[test]
    fn both_forms_decode() {
        let a: S = serde_json::from_str(r#"{"id":"1","flag":"0","maybe":"","names":{}}"#).unwrap();
        let b: S = serde_json::from_str(r#"{"id":1,"flag":false,"names":[]}"#).unwrap();
        assert_eq!(a, b);
        let c: S =
            serde_json::from_str(r#"{"id":7,"flag":true,"maybe":"9","names":["x",5]}"#).unwrap();
        assert_eq!(c.maybe, Some(9));
        assert!(c.flag);
        assert_eq!(c.names, ["x", "5"]);
    }

    #[test]
    fn values_that_do_not_fit_read_empty_and_are_kept() {
        let s: S =
            serde_json::from_str(r#"{"id":"x","flag":2,"maybe":[1],"names":{"a":1},"other":true}"#)
                .unwrap();
        assert_eq!((s.id, s.flag, s.maybe, s.names.len()), (0, false, None, 0));
        let mut kept: Vec<&str> = s.extra.keys().map(String::as_str).collect();
        kept.sort_unstable();
        assert_eq!(kept, ["flag", "id", "maybe", "names", "other"]);
        assert_eq!(s.extra["id"], "x");
        let missing: S = serde_json::from_str(r#"{"id":null}"#).unwrap();
        assert_eq!(missing, S::default());
    }

    #[test]
    fn names_read_alike_borrowed_escaped_or_from_a_value() {
        // Names are borrowed from a body read as text; one with an escape,
        // or read from a `Value`, is copied: the same object either way.
        let plain: S = serde_json::from_str(r#"{"id":1,"flag":true,"other":2}"#).unwrap();
        let escaped: S =
            serde_json::from_str(r#"{"i\u0064":1,"flag":true,"oth\u0065r":2}"#).unwrap();
        let value: serde_json::Value =
            serde_json::from_str(r#"{"id":1,"flag":true,"other":2}"#).unwrap();
        let owned = S::deserialize(value.clone()).unwrap();
        let borrowed = S::deserialize(&value).unwrap();
        for s in [&escaped, &owned, &borrowed] {
            assert_eq!(s, &plain);
            assert_eq!(s.extra.get("other"), Some(&serde_json::json!(2)));
        }
    }

    #[test]
    fn only_the_wrong_kind_altogether_is_an_error() {
        assert!(serde_json::from_str::<S>(r#"[1, true]"#).is_err());
        assert!(serde_json::from_str::<S>(r#""text""#).is_err());
        let listed = Vec::<i64>::decode(&mut serde_json::Deserializer::from_str(r#"["1", 2]"#));
        assert_eq!(listed.unwrap(), [1, 2]);
        let flag = bool::decode(&mut serde_json::Deserializer::from_str(r#""1""#));
        assert!(flag.unwrap());
        assert!(Vec::<i64>::decode(&mut serde_json::Deserializer::from_str("{\"a\": 1}")).is_err());
    }
}
