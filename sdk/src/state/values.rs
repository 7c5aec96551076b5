//! Values of desired state: compared as the client reads them (`"3600"` and
//! `3600` alike, by the field's type), shown in a line, and sent back as
//! parameters by the codec's rules.

use super::kinds::Kind;
use crate::{FieldInfo, ParamKind};
use serde_json::{Map, Value};

/// A value as the client reads a field of its type: `None` for absent,
/// null or empty.
pub(crate) fn normal(field: Option<&FieldInfo>, value: Option<&Value>) -> Option<Value> {
    let value = value.filter(|v| !v.is_null())?;
    let read = match field {
        Some(field) => field.normalize(value).unwrap_or_else(|| value.clone()),
        None => value.clone(),
    };
    match &read {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        _ => Some(read),
    }
}

/// Whether two values of a field are the same, as the client reads them.
pub(crate) fn same(field: Option<&FieldInfo>, a: Option<&Value>, b: Option<&Value>) -> bool {
    normal(field, a) == normal(field, b)
}

/// A value of `field` as desired state compares it: as the client reads
/// it, and, for a list compared as a set (`unordered`), sorted.
pub(crate) fn compared(kind: &Kind, field: &str, value: Option<&Value>) -> Option<Value> {
    let mut value = normal(kind.field(field), value)?;
    if kind.desired.unordered.contains(&field)
        && let Value::Array(items) = &mut value
    {
        items.sort_by_key(|v| v.to_string());
        items.dedup();
    }
    Some(super::from_get::items(kind, field, value))
}

/// A value in a line: text as it is, anything else as JSON.
/// A reference by match fields reads `{label: web}`.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(fields) if fields.values().all(|v| !v.is_object() && !v.is_array()) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(f, v)| format!("{f}: {}", show(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        other => other.to_string(),
    }
}

/// An object by its match fields: `example.nz A www.example.nz 192.0.2.1`;
/// one that leaves out the field its create returns, by its `or_match`
/// fields (a new server by its label).
pub(crate) fn label(kind: &Kind, object: &Map<String, Value>) -> String {
    let fields = match kind.returned_key() {
        Some(key) if object.get(key).is_none_or(|v| v.is_null() || v == "") => {
            kind.desired.or_matched_by
        }
        _ => kind.desired.matched_by,
    };
    fields
        .iter()
        .map(|f| object.get(*f).map_or_else(String::new, show))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field's value as the parameter at `path` takes it (`"3600"` read back
/// as `3600` for an integer).
pub(crate) fn as_param(
    params: &'static [crate::Param],
    path: &[&str],
    value: &Value,
) -> Result<Value, String> {
    let Some(param) = crate::wire::param_at(params, path) else {
        return Err(format!(
            "`{}` is not a parameter",
            crate::wire::wire_name(path)
        ));
    };
    let one = |v: &Value| {
        crate::wire::from_json(param.kind, v).map_err(|reason| {
            format!(
                "{}",
                crate::InvalidValue::new(crate::wire::wire_name(path), reason)
            )
        })
    };
    match (param.list, value) {
        (Some(_), Value::Array(items)) => items
            .iter()
            .map(one)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Some(_), single) => one(single).map(|v| Value::Array(vec![v])),
        (None, _) if matches!(param.kind, ParamKind::Group(_)) => Ok(value.clone()),
        (None, v) => one(v),
    }
}
