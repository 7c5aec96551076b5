//! The fake's objects as values: projected into the shape an endpoint
//! returns, filled with the fields the API always sends, typed from a
//! request's text, compared and ordered as the API's loose values are, and
//! named in its messages.

use crate::{Endpoint, FieldInfo, FieldKind, Resource, ShapeInfo};
use serde_json::{Map, Value};

type Object = Map<String, Value>;

pub(super) fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        other => other.to_string(),
    }
}

/// `object` as the endpoint returns it: as held, or, where the endpoint's
/// shape is another (a server's state), that shape's fields of it.
pub(super) fn project(endpoint: &Endpoint, resource: &Resource, object: &Object) -> Value {
    match endpoint.returns.and_then(|r| r.shape_info()) {
        Some(shape) => project_into(shape, resource, object),
        None => Value::Object(object.clone()),
    }
}

pub(super) fn project_into(
    shape: &'static ShapeInfo,
    resource: &Resource,
    object: &Object,
) -> Value {
    if shape.name == resource.shape.name {
        return Value::Object(object.clone());
    }
    // The fields of the same name whose values fit (a group's servers are
    // objects in one shape and names in another).
    let mut out: Object = shape
        .fields
        .iter()
        .filter_map(|f| {
            let value = object.get(f.name)?;
            f.normalize(value)?;
            Some((f.name.to_owned(), value.clone()))
        })
        .collect();
    fill(shape, &mut out);
    Value::Object(out)
}

/// Adds the fields `object` lacks: an empty list or map, or, for a field
/// the API always sends, an empty value of its type. Optional fields stay
/// out.
pub(super) fn fill(shape: &ShapeInfo, object: &mut Object) {
    for field in shape.fields {
        if object.contains_key(field.name) || (field.optional && !field.list && !field.map) {
            continue;
        }
        object.insert(field.name.to_owned(), empty(field));
    }
}

fn empty(field: &FieldInfo) -> Value {
    if field.list {
        return Value::Array(Vec::new());
    }
    if field.map {
        return Value::Object(Map::new());
    }
    match field.kind {
        FieldKind::String => Value::String(String::new()),
        FieldKind::Integer => Value::from(0),
        FieldKind::Boolean => Value::Bool(false),
        FieldKind::Number => Value::from(0.0),
        FieldKind::Json => Value::Null,
        FieldKind::Shape(inner) => {
            let mut object = Object::new();
            fill(inner, &mut object);
            Value::Object(object)
        }
    }
}

/// A request's text as the field's type.
pub(super) fn typed(shape: &ShapeInfo, field: &str, value: &str) -> Value {
    match shape.field(field).map(|f| f.kind) {
        Some(FieldKind::Integer) => value
            .parse::<i64>()
            .map_or_else(|_| Value::String(value.to_owned()), Value::from),
        Some(FieldKind::Boolean) => Value::Bool(matches!(value, "1" | "true")),
        Some(FieldKind::Number) => value
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
            .unwrap_or_else(|| Value::String(value.to_owned())),
        _ => Value::String(value.to_owned()),
    }
}

pub(super) fn key_of(resource: &Resource, object: &Object) -> Object {
    resource
        .key
        .iter()
        .filter_map(|k| Some(((*k).to_owned(), object.get(*k)?.clone())))
        .collect()
}

/// A value as text: what the API's loose values compare by.
pub(super) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn same(held: Option<&Value>, wanted: &Value) -> bool {
    held.is_some_and(|v| text(v) == text(wanted))
}

/// Numbers by value, anything else by text.
pub(super) fn order(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    let (a, b) = (
        a.map(text).unwrap_or_default(),
        b.map(text).unwrap_or_default(),
    );
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => a.cmp(&b),
    }
}

/// `dns_record with domain "example.nz" and id "5"`.
pub(super) fn identify(resource: &Resource, key: &Object) -> String {
    let parts: Vec<String> = resource
        .key
        .iter()
        .filter_map(|k| Some(format!("{k} \"{}\"", text(key.get(*k)?))))
        .collect();
    format!("{} with {}", resource.name, parts.join(" and "))
}

pub(super) fn not_found(resource: &Resource, key: &Object) -> String {
    format!("No {} was found.", identify(resource, key))
}

pub(super) fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The time now, as the API writes times: `2026-11-29 13:05:09` (UTC).
pub(super) fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// The items one object's list field holds, as a bare list returns them
/// (a server's firewall: `{group}` for each of its groups).
pub(super) fn items_of(object: &Object, field: &str, item: &str) -> Vec<Object> {
    let Some(Value::Array(values)) = object.get(field) else {
        return Vec::new();
    };
    values
        .iter()
        .map(|v| {
            let mut row = Object::new();
            row.insert(item.to_owned(), v.clone());
            row
        })
        .collect()
}

/// The lists an update sets whole that are held inside the object (a
/// security group's rules at `rules.in`, `from_get` in the spec), each
/// item typed by its shape; the lists an update leaves out are emptied, as
/// the update replaces them all.
pub(super) fn held_lists(
    endpoint: &Endpoint,
    resource: &Resource,
    request: &Object,
    patch: &mut Object,
) {
    let Some(desired) = resource
        .desired
        .filter(|d| d.update.is_some_and(|u| u.get().path == endpoint.path))
    else {
        return;
    };
    for f in desired.from_get {
        let (Some(item), Some((last, within))) = (nested(resource.shape, f.at), f.at.split_last())
        else {
            continue;
        };
        let items: Vec<Value> = super::fields::sent_list(request, f.param)
            .iter()
            .map(|sent| match sent {
                Value::Object(sent) => Value::Object(
                    sent.iter()
                        .map(|(k, v)| (k.clone(), typed(item, k, &as_text(v))))
                        .collect(),
                ),
                other => other.clone(),
            })
            .collect();
        let mut at = &mut *patch;
        for step in within {
            let next = at
                .entry((*step).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !next.is_object() {
                *next = Value::Object(Map::new());
            }
            let Value::Object(next) = next else {
                return;
            };
            at = next;
        }
        at.insert((*last).to_owned(), Value::Array(items));
    }
}

/// The shape of the items of the list of objects at `path` of `shape`.
fn nested(shape: &'static ShapeInfo, path: &[&str]) -> Option<&'static ShapeInfo> {
    path.iter()
        .try_fold(shape, |shape, step| match shape.field(step)?.kind {
            FieldKind::Shape(next) => Some(next),
            _ => None,
        })
}
