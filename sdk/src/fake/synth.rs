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
fn object(shape: &ShapeInfo, n: i64, request: &[(String, String)]) -> Value {
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
    let shape = returns.shape();
    match returns {
        Returns::One(_) => check_object(value, shape, "return"),
        Returns::List(_) => each(value.as_array(), "return", |i, v| {
            check_object(v, shape, &format!("return[{i}]"))
        }),
        Returns::Paged(_) => {
            let page = value.as_object().ok_or("`return` is not a page object")?;
            for key in ["total_items", "current_page", "total_pages"] {
                if !page.get(key).is_some_and(|v| is_integer(v)) {
                    return Err(format!("`return.{key}` is not an integer"));
                }
            }
            each(
                page.get("data").and_then(Value::as_array),
                "return.data",
                |i, v| check_object(v, shape, &format!("return.data[{i}]")),
            )
        }
        Returns::Map(_) => {
            let map = value.as_object().ok_or("`return` is not an object")?;
            for (key, v) in map {
                check_object(v, shape, &format!("return.{key}"))?;
            }
            Ok(())
        }
    }
}

fn each(
    items: Option<&Vec<Value>>,
    at: &str,
    check: impl Fn(usize, &Value) -> Result<(), String>,
) -> Result<(), String> {
    let items = items.ok_or_else(|| format!("`{at}` is not a list"))?;
    items.iter().enumerate().try_for_each(|(i, v)| check(i, v))
}

fn check_object(value: &Value, shape: &ShapeInfo, at: &str) -> Result<(), String> {
    let object = value
        .as_object()
        .ok_or_else(|| format!("`{at}` is not an object of shape {}", shape.name))?;
    for field in shape.fields {
        let here = format!("{at}.{}", field.name);
        match object.get(field.name) {
            None | Some(Value::Null) if field.optional => {}
            None => return Err(format!("`{here}` is missing")),
            Some(v) if field.list => each(v.as_array(), &here, |i, item| {
                check_value(item, field.kind, &format!("{here}[{i}]"))
            })?,
            Some(v) if field.map => {
                let entries = v
                    .as_object()
                    .ok_or_else(|| format!("`{here}` is not an object"))?;
                for (key, item) in entries {
                    check_value(item, field.kind, &format!("{here}.{key}"))?;
                }
            }
            Some(v) => check_value(v, field.kind, &here)?,
        }
    }
    Ok(())
}

fn is_integer(v: &Value) -> bool {
    v.is_i64() || v.is_u64() || v.as_str().is_some_and(|s| s.trim().parse::<i64>().is_ok())
}

fn check_value(value: &Value, kind: FieldKind, at: &str) -> Result<(), String> {
    let ok = match (kind, value) {
        (FieldKind::Json, _) => true,
        (FieldKind::Shape(shape), v) => return check_object(v, shape, at),
        (FieldKind::String, v) => v.is_string() || v.is_number() || v.is_boolean(),
        (FieldKind::Integer, v) => is_integer(v),
        (FieldKind::Number, Value::Number(_)) => true,
        (FieldKind::Number, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        (FieldKind::Boolean, Value::Bool(_)) => true,
        (FieldKind::Boolean, Value::Number(n)) => n.as_u64().is_some_and(|n| n <= 1),
        (FieldKind::Boolean, Value::String(s)) => {
            matches!(s.trim(), "0" | "1" | "true" | "false" | "")
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{at}` = {value} is not of its type ({kind:?})"))
    }
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

    #[test]
    fn values_of_the_wrong_type_do_not_conform() {
        static SHAPE: ShapeInfo = ShapeInfo::new(
            "T",
            "",
            &[
                FieldInfo::new("id", FieldKind::Integer, ""),
                FieldInfo::new("on", FieldKind::Boolean, "").optional(),
            ],
        );
        let returns = Returns::One(&SHAPE);
        assert!(conforms(&json!({"id": "7", "on": "1"}), returns).is_ok());
        assert!(conforms(&json!({"id": "x"}), returns).is_err());
        assert!(conforms(&json!({"on": true}), returns).is_err());
        assert!(conforms(&json!({"id": 1, "on": 2}), returns).is_err());
        assert!(conforms(&json!([1]), Returns::List(&SHAPE)).is_err());
    }
}
