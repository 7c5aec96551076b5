//! The codec (`sitehost::wire`) and the request types agree, field for
//! field, over every endpoint of the spec: for values drawn at random from
//! each endpoint's parameter tree (its metadata), the typed request built
//! from the value (by its constructor and setters; `build.rs` writes the
//! builders) sends exactly the fields the codec encodes, and decoding those
//! fields gives the value back.

use serde_json::{Map as JsonMap, Value, json};
use sitehost::{Endpoint, Param, ParamKind};
use std::str::FromStr;

type Map = JsonMap<String, Value>;

/// The builders `build.rs` writes: plain calls of each request type's
/// constructor and setters, as a program would write them.
#[allow(unused_mut, clippy::let_and_return, clippy::redundant_closure)]
mod typed {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/typed.rs"));
}
use typed::typed_fields;

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
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn chance(&mut self, one_in: usize) -> bool {
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
fn object_of(params: &[Param], rng: &mut Rng) -> Map {
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

/// One endpoint, `cases` values: the typed and the codec's fields, and the
/// value read back; the first disagreement, if any.
fn check_endpoint(
    client: &sitehost::Client,
    endpoint: &'static Endpoint,
    rng: &mut Rng,
    cases: usize,
) -> Result<(), String> {
    for _ in 0..cases {
        let value = object_of(endpoint.params, rng);
        let dynamic = client
            .preview_value(endpoint, &value)
            .map_err(|e| format!("{}: the codec refused {value:?}: {e}", endpoint.path))?
            .fields;
        let typed = typed_fields(client, endpoint.path, &value)
            .ok_or_else(|| format!("{}: no typed builder", endpoint.path))?
            .map_err(|e| format!("{}: the request type refused {value:?}: {e}", endpoint.path))?;
        if typed != dynamic {
            return Err(format!(
                "{}: for {value:?}\n typed: {typed:?}\n codec: {dynamic:?}",
                endpoint.path
            ));
        }
        let back = sitehost::wire::decode(endpoint.params, &dynamic[1..])
            .map_err(|e| format!("{}: {dynamic:?} does not decode: {e}", endpoint.path))?;
        if back != value {
            return Err(format!(
                "{}: {value:?} was read back as {back:?}",
                endpoint.path
            ));
        }
    }
    Ok(())
}

#[test]
fn the_request_types_and_the_codec_send_the_same_fields() {
    let client = sitehost::Client::builder()
        .api_key("k")
        .build()
        .expect("a client");
    let mut rng = Rng(0x2008_0bad_5173_0001);
    let mut failures = Vec::new();
    let mut checked = 0;
    for endpoint in sitehost::api::ENDPOINTS {
        // More cases where there is more to vary.
        let cases = 8 + 4 * endpoint.params.len();
        match check_endpoint(&client, endpoint, &mut rng, cases) {
            Ok(()) => checked += cases,
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} endpoints disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 1000, "only {checked} cases");
}

#[test]
fn the_drift_cases_are_refused_in_one_wording() {
    // A value the command line reads from text, the MCP server from JSON,
    // and the fake from the wire: each refused with the codec's words.
    let client_id = Param::required("client_id", ParamKind::Integer);
    for text in [" 1", "1 ", "+1", ""] {
        let reason = sitehost::wire::from_text(client_id.kind, text).unwrap_err();
        let from_json = sitehost::wire::to_wire(client_id.kind, &json!(text)).unwrap_err();
        assert!(
            reason.to_string().starts_with("must be an integer") || text.is_empty(),
            "{text:?}: {reason}"
        );
        if !text.is_empty() {
            assert_eq!(reason, from_json, "{text:?}");
        }
    }
    let flag = Param::required("enable", ParamKind::Boolean);
    assert_eq!(
        sitehost::wire::from_text(flag.kind, "yes")
            .unwrap_err()
            .to_string(),
        "must be true or false (or 1 or 0)"
    );
}
