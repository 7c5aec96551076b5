//! Decoding of loosely typed scalars: the API sends the same field as `"1"` or
//! `1`, `"0"` or `false`. The generated shapes implement `Deserialize` with
//! [`Object`], field by field, through these types.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// An integer that may arrive as a number or as a string of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseInt(pub i64);

/// A boolean that may arrive as `true`/`false`, `1`/`0`, `"1"`/`"0"` or `"true"`/`"false"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseBool(pub bool);

/// A number that may arrive as a number or a numeric string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LooseNumber(pub f64);

/// Text that may arrive as a string, a number or a boolean.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        v.trim()
            .parse()
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
        match v.trim().parse::<f64>() {
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

/// A list that may also arrive as null or as an empty object (`{}`, which is
/// how PHP writes an empty array in some places).
struct List<T>(Vec<T>);

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
struct Map<T>(Vec<(String, T)>);

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

/// Reads an object keyed by data whose values are of the wire form `W` (null
/// and `[]` read as empty).
pub fn read_map<'de, D: Deserializer<'de>, W: Wire>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, W::Value>, D::Error> {
    Map::<W>::deserialize(deserializer)
        .map(|map| map.0.into_iter().map(|(k, v)| (k, v.value())).collect())
}

/// Fields of an object that its shape does not declare, as the API sent them.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A wire form and the Rust value it decodes to; see [`Object`].
pub trait Wire: for<'de> Deserialize<'de> {
    /// The Rust value.
    type Value;
    /// The Rust value of what was read.
    fn value(self) -> Self::Value;
}

/// An integer field (`3` or `"3"`).
pub type Integer = LooseInt;
/// A boolean field (`true`, `1`, `"1"`, `"true"` and their opposites).
pub type Boolean = LooseBool;
/// A number field (a number or a numeric string).
pub type Number = LooseNumber;
/// A text field (a string, or a number or boolean as text).
pub type Text = LooseString;

impl Wire for LooseInt {
    type Value = i64;
    fn value(self) -> i64 {
        self.0
    }
}

impl Wire for LooseBool {
    type Value = bool;
    fn value(self) -> bool {
        self.0
    }
}

impl Wire for LooseNumber {
    type Value = f64;
    fn value(self) -> f64 {
        self.0
    }
}

impl Wire for LooseString {
    type Value = String;
    fn value(self) -> String {
        self.0
    }
}

/// A field kept as whatever JSON it holds.
pub type Json = serde_json::Value;

impl Wire for serde_json::Value {
    type Value = serde_json::Value;
    fn value(self) -> serde_json::Value {
        self
    }
}

/// A field holding another shape.
pub struct Nested<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nested<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Nested)
    }
}

impl<T: for<'de> Deserialize<'de>> Wire for Nested<T> {
    type Value = T;
    fn value(self) -> T {
        self.0
    }
}

/// A JSON object being read into a shape, field by field, with the loose
/// rules of this module. The generated shapes implement `Deserialize` with it:
///
/// ```
/// use sitehost::loose::{self, Object};
///
/// struct Disk {
///     size: i64,
///     label: Option<String>,
/// }
///
/// impl<'de> serde::Deserialize<'de> for Disk {
///     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let mut object = Object::read(deserializer)?;
///         Ok(Disk {
///             size: object.required::<loose::Integer>("size")?,
///             label: object.optional::<loose::Text>("label")?,
///         })
///     }
/// }
///
/// let disk: Disk = serde_json::from_str(r#"{"size": "20", "label": ""}"#).unwrap();
/// assert_eq!((disk.size, disk.label), (20, None));
/// ```
pub struct Object<E> {
    /// In the order received; shapes have few fields, so a scan beats a map.
    fields: Vec<(String, serde_json::Value)>,
    error: PhantomData<E>,
}

struct Fields;

impl<'de> Visitor<'de> for Fields {
    type Value = Vec<(String, serde_json::Value)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
            fields.push(entry);
        }
        Ok(fields)
    }
}

impl<E: de::Error> Object<E> {
    /// Reads a JSON object; anything else is an error.
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(Object {
            fields: deserializer.deserialize_map(Fields)?,
            error: PhantomData,
        })
    }

    /// Takes the field named `key` (the last one, if the API repeats it).
    fn take(&mut self, key: &str) -> Option<serde_json::Value> {
        let position = self.fields.iter().rposition(|(name, _)| name == key)?;
        Some(self.fields.swap_remove(position).1)
    }

    fn decode<T: for<'de> Deserialize<'de>>(key: &str, value: serde_json::Value) -> Result<T, E> {
        T::deserialize(value).map_err(|e| E::custom(format_args!("field `{key}`: {e}")))
    }

    /// A field that must be present.
    pub fn required<W: Wire>(&mut self, key: &'static str) -> Result<W::Value, E> {
        match self.take(key) {
            Some(value) => Self::decode::<W>(key, value).map(W::value),
            None => Err(E::missing_field(key)),
        }
    }

    /// A field that may be missing, null or `""`.
    pub fn optional<W: Wire>(&mut self, key: &'static str) -> Result<Option<W::Value>, E> {
        match self.take(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s.is_empty() => Ok(None),
            Some(value) => Self::decode::<W>(key, value).map(|w| Some(w.value())),
        }
    }

    /// A list that must be present (null and `{}` read as empty).
    pub fn list<W: Wire>(&mut self, key: &'static str) -> Result<Vec<W::Value>, E> {
        match self.take(key) {
            Some(value) => Self::decode::<List<W>>(key, value)
                .map(|list| list.0.into_iter().map(W::value).collect()),
            None => Err(E::missing_field(key)),
        }
    }

    /// An object keyed by data (null and `[]` read as empty).
    pub fn map<W: Wire>(
        &mut self,
        key: &'static str,
    ) -> Result<std::collections::BTreeMap<String, W::Value>, E> {
        match self.take(key) {
            Some(value) => Self::decode::<Map<W>>(key, value)
                .map(|map| map.0.into_iter().map(|(k, v)| (k, v.value())).collect()),
            None => Err(E::missing_field(key)),
        }
    }

    /// An object keyed by data that may be missing (then empty).
    pub fn optional_map<W: Wire>(
        &mut self,
        key: &'static str,
    ) -> Result<std::collections::BTreeMap<String, W::Value>, E> {
        if self.fields.iter().any(|(name, _)| name == key) {
            self.map::<W>(key)
        } else {
            Ok(std::collections::BTreeMap::new())
        }
    }

    /// The fields not taken, which the shape does not declare: kept, so that
    /// a field the spec has not caught up with can still be read.
    pub fn rest(self) -> Extra {
        self.fields.into_iter().collect()
    }

    /// A list that may be missing (then empty).
    pub fn optional_list<W: Wire>(&mut self, key: &'static str) -> Result<Vec<W::Value>, E> {
        if self.fields.iter().any(|(name, _)| name == key) {
            self.list::<W>(key)
        } else {
            Ok(Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct S {
        id: i64,
        flag: bool,
        maybe: Option<i64>,
        names: Vec<String>,
    }

    impl<'de> Deserialize<'de> for S {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut object = Object::read(d)?;
            Ok(S {
                id: object.required::<Integer>("id")?,
                flag: object.required::<Boolean>("flag")?,
                maybe: object.optional::<Integer>("maybe")?,
                names: object.optional_list::<Text>("names")?,
            })
        }
    }

    #[test]
    fn both_forms_decode() {
        let a: S = serde_json::from_str(r#"{"id":"1","flag":"0","maybe":"","names":{}}"#).unwrap();
        let b: S =
            serde_json::from_str(r#"{"id":1,"flag":false,"names":[],"extra":true}"#).unwrap();
        assert_eq!(a, b);
        let c: S =
            serde_json::from_str(r#"{"id":7,"flag":true,"maybe":"9","names":["x",5]}"#).unwrap();
        assert_eq!(c.maybe, Some(9));
        assert!(c.flag);
        assert_eq!(c.names, ["x", "5"]);
    }

    #[test]
    fn wrong_values_are_errors() {
        let error = serde_json::from_str::<S>(r#"{"id":"x","flag":true}"#).unwrap_err();
        assert!(error.to_string().contains("field `id`"), "{error}");
        let error = serde_json::from_str::<S>(r#"{"flag":true}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        assert!(serde_json::from_str::<S>(r#"{"id":1,"flag":2}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id":1.5,"flag":true}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id":1,"flag":true,"names":{"a":1}}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"[1, true]"#).is_err());
    }
}
