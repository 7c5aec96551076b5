//! Data in a response's typed shape, for endpoints the reference shows no
//! response of (those the spec knows from the official SDK): made from the
//! spec's shape metadata ([`Returns`]), with the request's own values where a
//! field has a parameter's name, and every list non-empty.

use crate::{FieldInfo, FieldKind, Returns, ShapeInfo};
use serde_json::{Map, Value, json};

/// How many items a list, page or keyed map holds.
const ITEMS: i64 = 2;

/// A whole `return` of this form, made for a request with these fields.
pub(super) fn synthesize(returns: Returns, request: &[(String, String)]) -> Value {
    let items = || (1..=ITEMS).map(|n| object(returns.shape(), n, request));
    match returns {
        Returns::One(shape) => object(shape, 1, request),
        Returns::List(_) => Value::Array(items().collect()),
        Returns::Paged(_) => json!({
            "total_items": ITEMS,
            "current_items": ITEMS,
            "current_page": 1,
            "total_pages": 1,
            "data": items().collect::<Vec<_>>(),
        }),
        Returns::Map(_) => Value::Object(
            items()
                .enumerate()
                .map(|(i, item)| (format!("item-{}", i + 1), item))
                .collect(),
        ),
    }
}

/// Item `n` of a shape. A shape that names a job in either form gets the
/// 1.5 form (`job`), as the sources of such shapes send it.
pub(super) fn object(shape: &ShapeInfo, n: i64, request: &[(String, String)]) -> Value {
    let has_job = shape.field("job").is_some();
    let mut out = Map::new();
    for field in shape.fields {
        if field.name == "job_id" && has_job {
            continue;
        }
        out.insert(field.name.to_owned(), value(field, n, request));
    }
    Value::Object(out)
}

fn value(field: &FieldInfo, n: i64, request: &[(String, String)]) -> Value {
    let one = |n: i64| scalar(field, n, request);
    if field.list {
        Value::Array(vec![one(n)])
    } else if field.map {
        Value::Object([(format!("key-{n}"), one(n))].into_iter().collect())
    } else {
        one(n)
    }
}

fn scalar(field: &FieldInfo, n: i64, request: &[(String, String)]) -> Value {
    let asked = request
        .iter()
        .find(|(name, _)| name == field.name)
        .map(|(_, v)| v.as_str());
    match field.kind {
        FieldKind::String => Value::String(match asked {
            Some(v) if n == 1 => v.to_owned(),
            _ => format!("{}-{n}", field.name),
        }),
        FieldKind::Integer => json!(asked.and_then(|v| v.parse::<i64>().ok()).unwrap_or(n)),
        FieldKind::Boolean => json!(n == 1),
        FieldKind::Number => json!(n as f64 + 0.5),
        FieldKind::Json => Value::Null,
        FieldKind::Shape(shape) => object(shape, n, request),
    }
}

/// Whether `value` is a `return` of this form, read with the client's loose
/// rules: `Err` names the first field that is not.
pub fn conforms(value: &Value, returns: Returns) -> Result<(), String> {
    returns.normalize(value).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_endpoint_gets_data_of_its_shape() {
        let mut typed = 0;
        for endpoint in crate::api::ENDPOINTS {
            let Some(returns) = endpoint.returns else {
                continue;
            };
            typed += 1;
            let value = synthesize(returns, &[("domain".to_owned(), "example.nz".to_owned())]);
            conforms(&value, returns).unwrap_or_else(|e| panic!("{}: {e}", endpoint.path));
            if let Returns::List(_) | Returns::Paged(_) | Returns::Map(_) = returns {
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
        let value = synthesize(records, &[("domain".to_owned(), "example.nz".to_owned())]);
        assert_eq!(value[0]["domain"], "example.nz");
        assert_eq!(value[1]["domain"], "domain-2");
    }
}
