//! Values of the spec's parameter trees for the tests: drawn at random from
//! an endpoint's metadata, and made into the endpoint's typed request by the
//! builders `build.rs` writes (plain calls of each request type's
//! constructor and setters, as a program would write them).

use serde_json::{Map as JsonMap, Value, json};
use sitehost::{Param, ParamKind};
use std::str::FromStr;

pub type Map = JsonMap<String, Value>;

#[allow(unused_mut, clippy::let_and_return, clippy::redundant_closure)]
mod typed {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/typed.rs"));
}
pub use typed::{typed_decode, typed_fields, typed_send};

fn field<'v>(object: &'v Map, name: &str) -> &'v Value {
    object
        .get(name)
        .unwrap_or_else(|| panic!("the value has no `{name}`"))
}

fn object(value: &Value) -> &Map {
    value.as_object().expect("a group's value is an object")
}

fn text(value: &Value) -> String {
    value.as_str().expect("a text").to_owned()
}

fn int(value: &Value) -> i64 {
    value.as_i64().expect("an integer")
}

fn boolean(value: &Value) -> bool {
    value.as_bool().expect("a boolean")
}

fn job_type(value: &Value) -> sitehost::JobType {
    sitehost::JobType::parse(value.as_str().expect("a text")).expect("a job type")
}

fn choice<E: FromStr>(value: &Value) -> E {
    match value.as_str().map(E::from_str) {
        Some(Ok(value)) => value,
        _ => panic!("not one of the enum's values: {value}"),
    }
}

fn list<T>(value: &Value, each: impl Fn(&Value) -> T) -> Vec<T> {
    value.as_array().expect("a list").iter().map(each).collect()
}

fn or_auto<T>(value: &Value, each: impl Fn(&Value) -> T) -> sitehost::OrAuto<T> {
    match value {
        Value::String(s) if s == sitehost::AUTO => sitehost::OrAuto::Auto,
        _ => sitehost::OrAuto::List(list(value, each)),
    }
}

fn entries<T>(value: &Value, each: impl Fn(&Value) -> T) -> Vec<(String, T)> {
    value
        .as_object()
        .expect("a map")
        .iter()
        .map(|(k, v)| (k.clone(), each(v)))
        .collect()
}

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Texts the wire must carry unchanged: separators, brackets, spaces,
/// newlines, non-ASCII, percent signs.
const TEXTS: &[&str] = &[
    "example",
    "a b",
    "x&y=z",
    "name[0]",
    "  padded  ",
    "line\nbreak",
    "ünïcødé ✓",
    "100%",
    "+1",
    "-----BEGIN KEY-----",
];

/// Map keys: anything but empty or holding `[` or `]`.
const KEYS: &[&str] = &["example.env", "a b", "ü", "x=y", "stack-1"];

const INTEGERS: &[i64] = &[0, 1, -1, 42, 3_433_562, i64::MAX, i64::MIN];

/// A value of the parameter tree `params`: every required parameter, each
/// optional one half of the time.
pub fn object_of(params: &[Param], rng: &mut Rng) -> Map {
    let mut out = Map::new();
    for p in params {
        if p.required || rng.chance(2) {
            let value = value_of(p, rng);
            // A group the wire splits in two is one object of both parts.
            match (out.get_mut(p.name), value) {
                (Some(Value::Object(before)), Value::Object(more)) => before.extend(more),
                (_, value) => {
                    out.insert(p.name.to_owned(), value);
                }
            }
        }
    }
    out
}

fn value_of(p: &Param, rng: &mut Rng) -> Value {
    let list = |rng: &mut Rng| -> Value {
        if p.or_auto && rng.chance(3) {
            return json!(sitehost::AUTO);
        }
        let n = 1 + rng.below(3);
        Value::Array((0..n).map(|_| scalar_of(p.kind, rng)).collect())
    };
    let one = |rng: &mut Rng| -> Value {
        match p.list {
            Some(_) => list(rng),
            None => scalar_of(p.kind, rng),
        }
    };
    if !p.map {
        return one(rng);
    }
    let mut map = Map::new();
    for _ in 0..1 + rng.below(3) {
        map.insert(KEYS[rng.below(KEYS.len())].to_owned(), one(rng));
    }
    Value::Object(map)
}

fn scalar_of(kind: ParamKind, rng: &mut Rng) -> Value {
    match kind {
        ParamKind::String => json!(TEXTS[rng.below(TEXTS.len())]),
        ParamKind::Integer if rng.chance(4) => json!(rng.next() as i64),
        ParamKind::Integer => json!(INTEGERS[rng.below(INTEGERS.len())]),
        ParamKind::Boolean => json!(rng.chance(2)),
        ParamKind::Choice(values) => json!(values[rng.below(values.len())]),
        // A group sends at least one member (an empty element of a list
        // of groups is refused).
        ParamKind::Group(members) => {
            let mut object = object_of(members, rng);
            if object.is_empty()
                && let Some(member) = members.get(rng.below(members.len().max(1)))
            {
                object.insert(member.name.to_owned(), value_of(member, rng));
            }
            Value::Object(object)
        }
    }
}
