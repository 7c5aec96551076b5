//! The JSON Schema of a request's value as this codec takes it: the
//! parameter tree with each parameter's words and typed example; map keys
//! that are not empty and hold no brackets, required lists that are not
//! empty, `auto` where a list may be `auto`, and a group the wire splits in
//! two taken as one object of both parts. Every value the schema accepts
//! encodes ([`encode`](super::encode)); a property test checks it.

use crate::{Endpoint, Param, ParamKind, Role};
use serde_json::{Map, Value, json};

/// The schema of `endpoint`'s request value. A parameter whose role is in
/// `defaulted` is not required (its caller fills it in when left out).
#[inline]
pub fn request(endpoint: &Endpoint, defaulted: &[Role]) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in endpoint.params {
        let schema = param(p);
        let optional = p.role.is_some_and(|role| defaulted.contains(&role));
        if p.required && !optional && !required.contains(&Value::from(p.name)) {
            required.push(Value::from(p.name));
        }
        match properties.get_mut(p.name) {
            // A group the wire splits in two takes one object of both parts.
            Some(before) => merge_group(before, schema),
            None => {
                properties.insert(p.name.to_owned(), schema);
            }
        }
    }
    object(properties, required, false)
}

/// An object's schema: these properties, the required ones, and whether
/// others are allowed.
#[inline]
pub fn object(
    properties: Map<String, Value>,
    required: Vec<Value>,
    open: bool,
) -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".to_owned(), json!("object"));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(required));
    }
    schema.insert("additionalProperties".to_owned(), json!(open));
    schema
}

/// Adds a sentence to a schema's description.
#[inline]
pub fn add_description(schema: &mut Value, text: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(before) => format!("{before} {text}"),
        None => text.to_owned(),
    };
    schema["description"] = Value::String(description);
}

/// Adds the members of a group's second part to the schema of its first.
#[inline]
fn merge_group(first: &mut Value, second: Value) {
    if let (Some(Value::Object(before)), Some(Value::Object(more))) =
        (first.get_mut("properties"), second.get("properties"))
    {
        before.extend(more.clone());
    }
    if let Some(Value::Array(more)) = second.get("required") {
        match first.get_mut("required") {
            Some(Value::Array(before)) => before.extend(more.iter().cloned()),
            _ => first["required"] = Value::Array(more.clone()),
        }
    }
}

/// The schema of one parameter or group member: its value as the codec
/// takes it, its words and its example.
#[inline]
pub fn param(p: &Param) -> Value {
    let base = match p.kind {
        ParamKind::Group(members) => {
            let properties = members
                .iter()
                .map(|m| (m.name.to_owned(), param(m)))
                .collect();
            let required: Vec<Value> = members
                .iter()
                .filter(|m| m.required)
                .map(|m| Value::from(m.name))
                .collect();
            let empty_allowed = !required.is_empty();
            let mut group = object(properties, required, false);
            // A group sent with no member is nothing on the wire.
            if !empty_allowed {
                group.insert("minProperties".to_owned(), json!(1));
            }
            Value::Object(group)
        }
        kind => kind.scalar_schema().unwrap_or_else(|| json!({})),
    };
    let mut schema = match p.list {
        Some(_) => {
            let mut list = json!({"type": "array", "items": base});
            // A required list, and each entry's list of a map, is sent
            // with a value at least.
            if p.required || p.map {
                list["minItems"] = json!(1);
            }
            if p.or_auto {
                json!({"oneOf": [list, {"type": "string", "const": crate::AUTO}]})
            } else {
                list
            }
        }
        None => base,
    };
    if p.map {
        let mut map = json!({"type": "object", "additionalProperties": schema,
                             "propertyNames": {"minLength": 1, "pattern": "^[^\\[\\]]+$"}});
        if p.required {
            map["minProperties"] = json!(1);
        }
        schema = map;
    }
    if let Some(example) = p.example {
        schema["examples"] = json!([example.to_json()]);
    }
    if !p.description.is_empty() {
        add_description(&mut schema, p.description);
    }
    schema
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
