//! JSON Schemas of a tool, from the endpoint's metadata: the input is the
//! codec's schema of the request ([`sitehost::wire::schema`]) with the
//! tool's own arguments, the output
//! from the form and shape the spec types its `return` with.

use crate::endpoints::Entry;
use serde_json::{Map, Value, json};
use sitehost::wire::{self, schema::object};
use sitehost::{FieldInfo, FieldKind, Layout, Returns, Role, ShapeInfo};

/// The extra arguments a tool takes besides the endpoint's parameters.
pub const WAIT: &str = "wait";
/// See [`WAIT`].
pub const ALL: &str = "all";
/// See [`WAIT`].
pub const MAX_ITEMS: &str = "max_items";

/// The input schema of an endpoint's tool: the request's value as the codec
/// takes it ([`sitehost::wire::schema`]), the account's parameter (role
/// [`Role::ClientId`]) never required since each caller has a default, and
/// the tool's own arguments.
pub fn input(entry: &Entry, max_items: usize) -> Map<String, Value> {
    let mut schema = wire::schema::request(entry.endpoint, &[Role::ClientId]);
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return schema;
    };
    if let Some(param) = entry.endpoint.param_with(Role::ClientId)
        && let Some(account) = properties.get_mut(param.name)
    {
        wire::schema::add_description(account, "Defaults to the key's own account.");
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
    schema
}

/// The output schema of a tool that returns this form of `return`, as the
/// server wraps it in an object (see [`structured`]).
pub fn output(returns: Returns) -> Map<String, Value> {
    // A page's `data` is a list of values of its layout.
    if returns.paged {
        return page(layout(returns.layout()));
    }
    let value = layout(returns.layout());
    match wrapper(returns) {
        None => value.as_object().cloned().unwrap_or_default(),
        Some(key) => object(
            Map::from_iter([(key.to_owned(), value)]),
            vec![json!(key)],
            false,
        ),
    }
}

/// Where the structured content puts a `return` of this form, which must
/// be an object: a shape or keyed objects as they are, a list under
/// `items`, anything else under `value`.
fn wrapper(returns: Returns) -> Option<&'static str> {
    match returns.layout() {
        Layout { depth: 1.., .. } => None,
        Layout { list: true, .. } => Some("items"),
        Layout {
            kind: FieldKind::Shape(_),
            ..
        } => None,
        _ => Some("value"),
    }
}

/// The structured content of a tool's result, as [`output`] describes it.
pub fn structured(returns: Returns, value: Value) -> Value {
    match wrapper(returns) {
        None => value,
        Some(key) => json!({ key: value }),
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
/// besides (where it says more), and the final state and log when waited
/// for.
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
        properties.insert("response".to_owned(), layout(returns.layout()));
    }
    object(properties, vec![json!("job")], false)
}

/// The schema of a value of this layout: keyed objects, a list, items.
fn layout(layout: Layout) -> Value {
    if layout.depth > 0 {
        let inner = Layout {
            depth: layout.depth - 1,
            ..layout
        };
        return json!({"type": "object", "additionalProperties": self::layout(inner)});
    }
    if layout.list {
        return json!({"type": "array", "items": kind(layout.kind)});
    }
    kind(layout.kind)
}

fn kind(kind: FieldKind) -> Value {
    match kind {
        FieldKind::String => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Boolean => json!({"type": "boolean"}),
        FieldKind::Number => json!({"type": "number"}),
        FieldKind::Json => json!({}),
        FieldKind::Shape(inner) => shape(inner),
    }
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
    let value = layout(f.layout());
    let mut schema = if f.optional && f.kind != FieldKind::Json && !f.list && !f.map {
        json!({"anyOf": [value, {"type": "null"}]})
    } else {
        value
    };
    schema["description"] = json!(f.description);
    schema
}
