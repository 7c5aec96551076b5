//! Decoding of loosely typed scalars: the API sends the same field as `"1"` or
//! `1`, `"0"` or `false`. The generated shapes use these functions through
//! `#[serde(deserialize_with = ...)]`.

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

/// A value that is absent when null or `""`.
struct Optional<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Optional<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Option::<serde_json::Value>::deserialize(d)? {
            None | Some(serde_json::Value::Null) => Ok(Optional(None)),
            Some(serde_json::Value::String(s)) if s.is_empty() => Ok(Optional(None)),
            Some(v) => T::deserialize(v)
                .map(|t| Optional(Some(t)))
                .map_err(de::Error::custom),
        }
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

pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    LooseInt::deserialize(d).map(|v| v.0)
}

pub fn optional_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Optional::<LooseInt>::deserialize(d).map(|v| v.0.map(|v| v.0))
}

pub fn integer_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    List::<LooseInt>::deserialize(d).map(|v| v.0.into_iter().map(|v| v.0).collect())
}

pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    LooseBool::deserialize(d).map(|v| v.0)
}

pub fn optional_boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Option::<LooseBool>::deserialize(d).map(|v| v.map(|v| v.0))
}

pub fn boolean_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<bool>, D::Error> {
    List::<LooseBool>::deserialize(d).map(|v| v.0.into_iter().map(|v| v.0).collect())
}

pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    LooseNumber::deserialize(d).map(|v| v.0)
}

pub fn optional_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Optional::<LooseNumber>::deserialize(d).map(|v| v.0.map(|v| v.0))
}

pub fn number_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    List::<LooseNumber>::deserialize(d).map(|v| v.0.into_iter().map(|v| v.0).collect())
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    LooseString::deserialize(d).map(|v| v.0)
}

pub fn optional_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<LooseString>::deserialize(d).map(|v| v.map(|v| v.0))
}

pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    List::<LooseString>::deserialize(d).map(|v| v.0.into_iter().map(|v| v.0).collect())
}

/// A list of shapes, also accepting null and `{}` as empty.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    List::<T>::deserialize(d).map(|v| v.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        #[serde(deserialize_with = "integer")]
        id: i64,
        #[serde(deserialize_with = "boolean")]
        flag: bool,
        #[serde(default, deserialize_with = "optional_integer")]
        maybe: Option<i64>,
        #[serde(default, deserialize_with = "string_list")]
        names: Vec<String>,
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
    fn wrong_values_are_errors() {
        assert!(serde_json::from_str::<S>(r#"{"id":"x","flag":true}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id":1,"flag":2}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id":1.5,"flag":true}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id":1,"flag":true,"names":{"a":1}}"#).is_err());
    }
}
