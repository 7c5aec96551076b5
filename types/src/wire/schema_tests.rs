//! Every value the schema of a request accepts encodes: values drawn at
//! random from each endpoint's schema (optional members left out or not,
//! lists and maps of several lengths, text with brackets, spaces, symbols
//! and letters beyond ASCII, `auto`) go through the codec without a
//! refusal.

use super::request;
use crate::Role;
use crate::wire::encode;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// splitmix64: a small generator seeded by proptest.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn chance(&mut self) -> bool {
        self.next() & 1 == 1
    }

    fn text(&mut self, banned: &str) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "9", " ", "-", "_", ".", "/", "=", "&", "%", "+", "[", "]", "é", "ü", "語",
            "\n", "\"", "'", "#", "?", "0",
        ];
        let len = 1 + self.below(10);
        let mut text = String::new();
        while text.chars().count() < len {
            let piece = PIECES[self.below(PIECES.len())];
            if !piece.chars().any(|c| banned.contains(c)) {
                text.push_str(piece);
            }
        }
        text
    }
}

/// A value the schema accepts.
fn value(schema: &Value, draw: &mut Draw) -> Value {
    if let Some(forms) = schema.get("oneOf").and_then(Value::as_array) {
        return value(&forms[draw.below(forms.len())], draw);
    }
    if let Some(fixed) = schema.get("const") {
        return fixed.clone();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[draw.below(values.len())].clone();
    }
    let at_least = |name: &str| {
        schema
            .get(name)
            .and_then(Value::as_u64)
            .map_or(0, |n| usize::try_from(n).unwrap_or(0))
    };
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => object(schema, draw),
        Some("array") => {
            let len = at_least("minItems") + draw.below(3);
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array((0..len).map(|_| value(&items, draw)).collect())
        }
        Some("string") => Value::String(draw.text("")),
        Some("integer") => {
            let picks = [0, 1, -1, 42, i64::MAX, i64::MIN, 1_000_000];
            json!(picks[draw.below(picks.len())])
        }
        Some("boolean") => json!(draw.chance()),
        other => panic!("a schema of type {other:?}: {schema}"),
    }
}

fn object(schema: &Value, draw: &mut Draw) -> Value {
    let mut out = Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let least = schema
        .get("minProperties")
        .and_then(Value::as_u64)
        .map_or(0, |n| usize::try_from(n).unwrap_or(0));
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, sub) in properties {
            if required.contains(&name.as_str()) || draw.chance() {
                out.insert(name.clone(), value(sub, draw));
            }
        }
        let names: Vec<&String> = properties.keys().collect();
        while out.len() < least.min(names.len()) {
            let name = names[draw.below(names.len())];
            if !out.contains_key(name) {
                out.insert(name.clone(), value(&properties[name], draw));
            }
        }
    }
    // A map: keys that are not empty and hold no brackets.
    if let Some(entries @ Value::Object(_)) = schema.get("additionalProperties") {
        let len = least + draw.below(3);
        while out.len() < len {
            out.insert(draw.text("[]"), value(entries, draw));
        }
    }
    Value::Object(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_value_the_schema_accepts_encodes(seed in any::<u64>()) {
        let mut draw = Draw(seed);
        for endpoint in crate::api::ENDPOINTS {
            let schema = Value::Object(request(endpoint, &[]));
            let Value::Object(args) = value(&schema, &mut draw) else {
                unreachable!("a request's schema is an object's");
            };
            if let Err(e) = encode(endpoint.params, &args) {
                panic!("{}: {} encodes to nothing: {e}", endpoint.path, Value::Object(args));
            }
        }
    }

    #[test]
    fn a_defaulted_parameter_is_not_required(seed in any::<u64>()) {
        let mut draw = Draw(seed);
        for endpoint in crate::api::ENDPOINTS {
            let Some(account) = endpoint.param_with(Role::ClientId) else { continue };
            let schema = request(endpoint, &[Role::ClientId]);
            let required = schema.get("required").and_then(Value::as_array);
            prop_assert!(!required.is_some_and(|r| r.contains(&json!(account.name))));
            let _ = draw.next();
        }
    }
}
