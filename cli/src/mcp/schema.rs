//! JSON Schemas of a tool, from the endpoint's description: the input from
//! its parameter tree and the spec's words, the output from the shape the
//! spec types its `return` with.

use crate::describe::Entry;
use serde_json::{Map, Value, json};
use sitehost::{FieldInfo, FieldKind, Param, ParamKind, Returns, ShapeInfo};

/// The extra arguments a tool takes besides the endpoint's parameters.
pub const WAIT: &str = "wait";
/// See [`WAIT`].
pub const ALL: &str = "all";
/// See [`WAIT`].
pub const MAX_ITEMS: &str = "max_items";

/// The input schema of an endpoint's tool. `client_id` is not required
/// when the server has a default for it.
pub fn input(entry: &Entry, client_id_default: bool, max_items: usize) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in entry.endpoint.params {
        let mut schema = param(p, p.name, entry);
        let defaulted = client_id_default && p.name == "client_id";
        if defaulted {
            describe(&mut schema, "Defaults to SH_CLIENT_ID.");
        }
        if p.required && !defaulted {
            required.push(Value::from(p.name));
        }
        properties.insert(p.name.to_owned(), schema);
    }
    if entry.endpoint.job.is_some() {
        properties.insert(
            WAIT.to_owned(),
            json!({"type": "boolean", "description": "Wait for the job the call starts to finish \
                   (with progress notifications), and return its final state and log."}),
        );
    }
    if entry.endpoint.paging.is_some() {
        properties.insert(
            ALL.to_owned(),
            json!({"type": "boolean", "description": format!("Fetch every page, up to \
                   `max_items` items (at most {max_items}), instead of one page.")}),
        );
        properties.insert(
            MAX_ITEMS.to_owned(),
            json!({"type": "integer", "minimum": 1, "maximum": max_items,
                   "description": format!("With `all`: the most items to return (default {max_items}).")}),
        );
    }
    object(properties, required, false)
}

fn object(properties: Map<String, Value>, required: Vec<Value>, open: bool) -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".to_owned(), json!("object"));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(required));
    }
    schema.insert("additionalProperties".to_owned(), json!(open));
    schema
}

fn describe(schema: &mut Value, text: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(before) => format!("{before} {text}"),
        None => text.to_owned(),
    };
    schema["description"] = Value::String(description);
}

/// The schema of one parameter (or group member), `key` its path of names
/// (`filters.sort_dir`).
fn param(p: &Param, key: &str, entry: &Entry) -> Value {
    let doc = entry.param_doc(key);
    let mut base = match p.kind {
        ParamKind::String => json!({"type": "string", "minLength": 1}),
        ParamKind::Integer => json!({"type": "integer"}),
        ParamKind::Boolean => json!({"type": "boolean"}),
        ParamKind::Choice(values) => json!({"type": "string", "enum": values}),
        ParamKind::Group(members) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for m in members {
                properties.insert(
                    m.name.to_owned(),
                    param(m, &format!("{key}.{}", m.name), entry),
                );
                if m.required {
                    required.push(Value::from(m.name));
                }
            }
            Value::Object(object(properties, required, false))
        }
    };
    let examples: Vec<Value> = doc
        .map(|d| {
            d.examples
                .iter()
                .filter_map(|e| example(p.kind, p.map, e))
                .collect()
        })
        .unwrap_or_default();
    let mut schema = match p.list {
        Some(_) => {
            let mut list = json!({"type": "array", "items": base});
            if p.required {
                list["minItems"] = json!(1);
            }
            if p.or_auto {
                json!({"oneOf": [list, {"type": "string", "const": sitehost::AUTO}]})
            } else {
                list
            }
        }
        None => {
            if !examples.is_empty() && !p.map {
                base["examples"] = Value::Array(examples.clone());
            }
            base
        }
    };
    if p.list.is_some() && !examples.is_empty() && !p.map {
        schema["examples"] = json!([examples]);
    }
    if p.map {
        let mut map = json!({"type": "object", "additionalProperties": schema,
                             "propertyNames": {"minLength": 1, "pattern": "^[^\\[\\]]+$"}});
        if p.required {
            map["minProperties"] = json!(1);
        }
        if !examples.is_empty() {
            let mut entries = Map::new();
            for e in &examples {
                if let Some((k, v)) = e.as_object().and_then(|o| o.iter().next()) {
                    let v = if p.list.is_some() {
                        json!([v])
                    } else {
                        v.clone()
                    };
                    entries.insert(k.clone(), v);
                }
            }
            map["examples"] = json!([entries]);
        }
        schema = map;
    }
    if let Some(doc) = doc {
        describe(&mut schema, doc.description);
    }
    schema
}

/// A spec example as JSON of the parameter's type; a map's examples
/// (`key=value`) as one-entry objects.
fn example(kind: ParamKind, map: bool, text: &str) -> Option<Value> {
    if map {
        let (key, value) = text.split_once('=')?;
        return Some(json!({ key: example(kind, false, value)? }));
    }
    match kind {
        ParamKind::Integer => text.parse::<i64>().ok().map(Value::from),
        ParamKind::Boolean => match text {
            "true" | "1" => Some(json!(true)),
            "false" | "0" => Some(json!(false)),
            _ => None,
        },
        ParamKind::Group(_) => None,
        _ => Some(Value::String(text.to_owned())),
    }
}

/// The output schema of a tool that returns this form of `return`, as the
/// server wraps it (a list under `items`, a page as its items and counts).
pub fn output(returns: Returns) -> Map<String, Value> {
    let shape = shape(returns.shape());
    match returns {
        Returns::One(_) => shape.as_object().cloned().unwrap_or_default(),
        Returns::List(_) => object(
            Map::from_iter([("items".to_owned(), json!({"type": "array", "items": shape}))]),
            vec![json!("items")],
            false,
        ),
        Returns::Paged(_) => page(shape),
        Returns::Map(_) => {
            let mut schema = Map::new();
            schema.insert("type".to_owned(), json!("object"));
            schema.insert("additionalProperties".to_owned(), shape);
            schema
        }
    }
}

/// A page's items and counts (or all items, with `all`).
pub fn page(items: Value) -> Map<String, Value> {
    let count = json!({"type": ["integer", "null"]});
    object(
        Map::from_iter([
            ("items".to_owned(), json!({"type": "array", "items": items})),
            ("total_items".to_owned(), count.clone()),
            ("current_page".to_owned(), count.clone()),
            ("total_pages".to_owned(), count),
            ("truncated".to_owned(), json!({"type": "boolean"})),
        ]),
        vec![json!("items"), json!("truncated")],
        false,
    )
}

/// The output of a job-starting tool: the job, what the response says
/// besides (where the spec types it), and the final state and log when
/// waited for.
pub fn job(response: Option<Returns>) -> Map<String, Value> {
    let text = json!({"type": ["string", "null"]});
    let mut properties = Map::from_iter([
        (
            "job".to_owned(),
            json!({"type": "object", "properties": {"id": {"type": "integer"},
                   "type": {"type": "string", "enum": ["daemon", "scheduler"]}},
                   "required": ["id", "type"], "additionalProperties": false}),
        ),
        ("state".to_owned(), text.clone()),
        ("message".to_owned(), text),
        (
            "logs".to_owned(),
            json!({"type": "array", "items": {"type": "string"}}),
        ),
    ]);
    if let Some(returns) = response {
        properties.insert("response".to_owned(), shape(returns.shape()));
    }
    object(properties, vec![json!("job")], false)
}

/// A shape's schema: its fields as normalized (the API's loose forms read),
/// undeclared fields allowed.
fn shape(info: &ShapeInfo) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in info.fields {
        properties.insert(f.name.to_owned(), field(f));
        if !f.optional {
            required.push(Value::from(f.name));
        }
    }
    let mut schema = object(properties, required, true);
    schema.insert("description".to_owned(), json!(info.description));
    Value::Object(schema)
}

fn field(f: &FieldInfo) -> Value {
    let one = match f.kind {
        FieldKind::String => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Boolean => json!({"type": "boolean"}),
        FieldKind::Number => json!({"type": "number"}),
        FieldKind::Json => json!({}),
        FieldKind::Shape(inner) => shape(inner),
    };
    let mut schema = if f.list {
        json!({"type": "array", "items": one})
    } else if f.map {
        json!({"type": "object", "additionalProperties": one})
    } else if f.optional && f.kind != FieldKind::Json {
        json!({"anyOf": [one, {"type": "null"}]})
    } else {
        one
    };
    schema["description"] = json!(f.description);
    schema
}
