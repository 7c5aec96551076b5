//! The decoding policy on what the API really sends: each response the live
//! API sent (`tests/fixtures/captured/`, scrubbed) served unchanged from
//! a loopback server through the typed client, and every documented shape
//! decoded with random `null`s, `""`s and values of the wrong type, by the
//! request types and by `Returns::normalize`, without an error.

use super::values::{Rng, object_of, typed_decode, typed_send};
use serde_json::{Map, Value, json};
use sitehost::{Error, FieldKind, Layout, Returns, ShapeInfo};
use sitehost_tests::{Behaviour, ScriptedServer};
use std::path::PathBuf;

fn captured_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/captured")
}

/// `INDEX.tsv`: each captured file with the path and version it answers.
fn captured() -> Vec<(String, String, String)> {
    let index = std::fs::read_to_string(captured_dir().join("INDEX.tsv"))
        .expect("the captured responses are in tests/fixtures/captured");
    index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let file = cells.next()?.to_owned();
            let path = cells.next()?.to_owned();
            let version = cells.next()?.to_owned();
            Some((file, path, version))
        })
        .collect()
}

#[tokio::test]
async fn every_captured_response_decodes_through_the_typed_client() {
    let all = captured();
    assert!(all.len() >= 13, "{} captured responses", all.len());
    let mut rng = Rng(0x0ca9_7bed_2026_0001);
    for (file, path, version) in all {
        let body = std::fs::read_to_string(captured_dir().join(&file)).unwrap();
        let endpoint = sitehost::api::ENDPOINTS
            .iter()
            .find(|e| e.path == path)
            .unwrap_or_else(|| panic!("{file}: the spec has no {path}"));
        // Captured at the official SDK's version; a path with a page stays
        // at the page's, whose response has the same form.
        let _ = version;
        let server = ScriptedServer::start(vec![Behaviour::json(&body)]).await;
        let client = sitehost::Client::builder()
            .api_key("k")
            .base_url(server.url())
            .build()
            .unwrap();
        let value = object_of(endpoint.params, &mut rng);
        let result = typed_send(&client, &path, &value)
            .await
            .expect("a typed request of every endpoint");
        let sent: Value = serde_json::from_str(&body).unwrap();
        match (sent.get("status"), result) {
            // A refusal, with or without `status`: the API's msg, kept.
            (Some(Value::Bool(false)) | None, Err(Error::Api { msg, .. })) => {
                assert_eq!(Some(msg.as_str()), sent["msg"].as_str(), "{file}");
            }
            (Some(Value::Bool(true)), Ok(decoded)) => {
                // The values were read, not defaulted: a scrubbed text or
                // the documented address of each captured item is there.
                assert!(
                    decoded.contains("scrubbed")
                        || decoded.contains("203.0.113")
                        || sent["return"] == json!([]),
                    "{file}: {decoded}"
                );
            }
            (_, other) => panic!("{file}: {other:?}"),
        }
    }
}

/// A value of `layout` as a page documents it.
fn documented(layout: Layout, rng: &mut Rng, depth: usize) -> Value {
    if layout.depth > 0 {
        let inner = Layout {
            depth: layout.depth - 1,
            ..layout
        };
        return Value::Object(
            (0..1 + rng.below(2))
                .map(|i| (format!("key-{i}"), documented(inner, rng, depth)))
                .collect(),
        );
    }
    if layout.list {
        let item = Layout {
            list: false,
            ..layout
        };
        return Value::Array(
            (0..1 + rng.below(2))
                .map(|_| documented(item, rng, depth))
                .collect(),
        );
    }
    match layout.kind {
        FieldKind::String => json!("text"),
        FieldKind::Integer => json!(rng.below(1000)),
        FieldKind::Boolean => json!(rng.chance(2)),
        FieldKind::Number => json!(12.5),
        FieldKind::Json => json!({"any": ["thing"]}),
        FieldKind::Shape(_) if depth > 4 => Value::Object(Map::new()),
        FieldKind::Shape(shape) => object(shape, rng, depth + 1),
    }
}

fn object(shape: &ShapeInfo, rng: &mut Rng, depth: usize) -> Value {
    Value::Object(
        shape
            .fields
            .iter()
            .map(|f| (f.name.to_owned(), documented(f.layout(), rng, depth)))
            .collect(),
    )
}

/// What the live API sends instead, now and then: `null`, `""`, a value of
/// another kind, PHP's `[]` for an empty object.
fn odd(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => json!(""),
        2 => json!("17"),
        3 => json!(17),
        4 => json!([]),
        5 => json!({"unexpected": true}),
        _ => json!(true),
    }
}

/// Replaces fields of the shapes inside `value`, a value of `layout`, with
/// odd values, about one in three: the items of its lists and maps stay
/// (an item of the wrong kind is a `return` of the wrong kind).
fn mangle(value: &mut Value, layout: Layout, rng: &mut Rng) {
    if layout.depth > 0 {
        let inner = Layout {
            depth: layout.depth - 1,
            ..layout
        };
        if let Value::Object(entries) = value {
            entries.values_mut().for_each(|v| mangle(v, inner, rng));
        }
        return;
    }
    if layout.list {
        let item = Layout {
            list: false,
            ..layout
        };
        if let Value::Array(items) = value {
            items.iter_mut().for_each(|v| mangle(v, item, rng));
        }
        return;
    }
    let (FieldKind::Shape(shape), Value::Object(fields)) = (layout.kind, value) else {
        return;
    };
    for (name, field) in fields.iter_mut() {
        if rng.chance(3) {
            *field = odd(rng);
        } else if let Some(info) = shape.field(name) {
            mangle(field, info.layout(), rng);
        }
    }
}

/// `return` of this form, documented, then mangled inside.
fn mangled_return(returns: Returns, rng: &mut Rng) -> Value {
    let layout = returns.layout();
    let mut value = if returns.paged {
        let data = documented(
            Layout {
                list: true,
                ..layout
            },
            rng,
            0,
        );
        json!({"total_items": 2, "current_items": 2, "current_page": 1, "total_pages": 1, "data": data})
    } else {
        documented(layout, rng, 0)
    };
    match &mut value {
        // A page's counts may be odd too; its `data` stays a list.
        Value::Object(page) if returns.paged => {
            for key in [
                "total_items",
                "current_items",
                "current_page",
                "total_pages",
            ] {
                if rng.chance(3) {
                    page.insert(key.to_owned(), odd(rng));
                }
            }
            if let Some(data) = page.get_mut("data") {
                mangle(
                    data,
                    Layout {
                        list: true,
                        ..layout
                    },
                    rng,
                );
            }
        }
        other => mangle(other, layout, rng),
    }
    value
}

#[test]
fn documented_shapes_decode_whatever_their_fields_hold() {
    let mut rng = Rng(0x5eed_0dd5_2026_0002);
    let mut checked = 0;
    let mut failures = Vec::new();
    for endpoint in sitehost::api::ENDPOINTS {
        let Some(returns) = endpoint.returns else {
            continue;
        };
        for _ in 0..12 {
            let value = mangled_return(returns, &mut rng);
            let text = value.to_string();
            if let Some(Err(e)) = typed_decode(endpoint.path, &text) {
                failures.push(format!("{} (typed): {e}\n  {text}", endpoint.path));
            }
            if let Err(e) = returns.normalize(&value) {
                failures.push(format!("{} (normalize): {e}\n  {text}", endpoint.path));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 1000, "only {checked} cases");
}

#[test]
fn a_return_of_the_wrong_kind_is_still_an_error() {
    // The one thing the policy does not forgive, in both readers.
    let list = sitehost::api::ENDPOINTS
        .iter()
        .find(|e| {
            e.returns
                .is_some_and(|r| r.list && r.depth == 0 && !r.paged)
        })
        .expect("an endpoint returning a list");
    let returns = list.returns.unwrap();
    assert!(returns.normalize(&json!({"a": 1})).is_err());
    assert!(matches!(
        typed_decode(list.path, r#"{"a": 1}"#),
        Some(Err(_))
    ));
}
