//! Data in a response's typed shape, for endpoints the reference shows no
//! response of (those the spec knows from the official SDK): made from the
//! spec's shape metadata ([`Returns`]), with the request's own values where a
//! field has a parameter's name, and every list and map non-empty.

use crate::{FieldInfo, FieldKind, Layout, Returns, ShapeInfo};
use serde_json::{Map, Value, json};

/// How many items a list, page or keyed map holds.
const ITEMS: i64 = 2;

/// A whole `return` of this form, made for a request with this value.
pub(super) fn synthesize(returns: Returns, request: &Map<String, Value>) -> Value {
    let layout = returns.layout();
    if returns.paged {
        let items = Layout {
            list: true,
            ..layout
        };
        return json!({
            "total_items": ITEMS,
            "current_items": ITEMS,
            "current_page": 1,
            "total_pages": 1,
            "data": value(items, 1, "data", request),
        });
    }
    value(layout, 1, "return", request)
}

/// Item `n` of a layout, named `name` (a field's, for its text).
fn value(layout: Layout, n: i64, name: &str, request: &Map<String, Value>) -> Value {
    if layout.depth > 0 {
        let inner = Layout {
            depth: layout.depth - 1,
            ..layout
        };
        return Value::Object(
            (1..=ITEMS)
                .map(|i| (format!("key-{i}"), value(inner, i, name, request)))
                .collect(),
        );
    }
    if layout.list {
        let item = Layout {
            list: false,
            ..layout
        };
        return Value::Array((1..=ITEMS).map(|i| value(item, i, name, request)).collect());
    }
    scalar(layout.kind, n, name, request)
}

/// Item `n` of a shape. A shape that names a job in either form gets the
/// 1.5 form (`job`), as the sources of such shapes send it.
pub(super) fn object(shape: &ShapeInfo, n: i64, request: &Map<String, Value>) -> Value {
    let has_job = shape.field("job").is_some();
    let mut out = Map::new();
    for field in shape.fields {
        if field.name == "job_id" && has_job {
            continue;
        }
        out.insert(field.name.to_owned(), field_value(field, n, request));
    }
    Value::Object(out)
}

fn field_value(field: &FieldInfo, n: i64, request: &Map<String, Value>) -> Value {
    value(field.layout(), n, field.name, request)
}

fn scalar(kind: FieldKind, n: i64, name: &str, request: &Map<String, Value>) -> Value {
    let asked = request.get(name);
    match kind {
        FieldKind::String => Value::String(match asked.and_then(Value::as_str) {
            Some(v) if n == 1 => v.to_owned(),
            _ => format!("{name}-{n}"),
        }),
        FieldKind::Integer => json!(asked.and_then(Value::as_i64).unwrap_or(n)),
        FieldKind::Boolean => json!(n == 1),
        FieldKind::Number => json!(n as f64 + 0.5),
        FieldKind::Json => Value::Null,
        FieldKind::Shape(shape) => object(shape, n, request),
    }
}

/// Whether `value` is a `return` of this form, read with the client's
/// decoding policy: `Err` names the first value that does not fit.
///
/// # Errors
///
/// A `return` of the wrong kind, or a field whose value does not fit.
pub fn conforms(value: &Value, returns: Returns) -> Result<(), String> {
    let read = returns.normalize(value)?;
    match read.deviations.first() {
        None => Ok(()),
        Some(d) => Err(format!("`{}` = {} does not fit its type", d.at, d.sent)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_endpoint_gets_data_of_its_shape() {
        let mut typed = 0;
        let request = Map::from_iter([("domain".to_owned(), json!("example.nz"))]);
        for endpoint in crate::api::ENDPOINTS {
            let Some(returns) = endpoint.returns else {
                continue;
            };
            typed += 1;
            let value = synthesize(returns, &request);
            conforms(&value, returns).unwrap_or_else(|e| panic!("{}: {e}", endpoint.path));
            if returns.list || returns.paged || returns.depth > 0 {
                let items = value.get("data").unwrap_or(&value);
                let count = match items {
                    Value::Array(a) => a.len(),
                    Value::Object(o) => o.len(),
                    _ => 0,
                };
                assert!(count > 0, "{}: an empty list", endpoint.path);
            }
        }
        assert!(typed > 50, "only {typed} typed endpoints");
    }

    #[test]
    fn a_field_named_like_a_parameter_takes_its_value() {
        let records = crate::api::ENDPOINTS
            .iter()
            .find(|e| e.path == "/dns/list_records")
            .and_then(|e| e.returns)
            .expect("/dns/list_records is typed");
        let request = Map::from_iter([("domain".to_owned(), json!("example.nz"))]);
        let value = synthesize(records, &request);
        assert_eq!(value[0]["domain"], "example.nz");
        assert_eq!(value[1]["domain"], "domain-2");
    }
}
