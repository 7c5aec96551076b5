//! List fields no list returns (`from_get` in the spec: a security group's
//! rules): read by a get per object, compared item by item in the order the
//! API returns them without the fields only the API sets, and sent whole by
//! the update's list parameter, each list the file leaves out sent as the
//! API holds it, since the update replaces every list.

use super::error::PlanError;
use super::kinds::Kind;
use crate::{Client, Endpoint, FromGet};
use serde_json::{Map, Value};

/// The declared fields of the resource `endpoint` updates, where it is
/// that resource's update.
fn updated_by(endpoint: &Endpoint) -> &'static [FromGet] {
    endpoint
        .resource
        .and_then(|u| u.resource.desired)
        .filter(|d| d.update.is_some_and(|u| u.get().path == endpoint.path))
        .map_or(&[], |d| d.from_get)
}

/// Gives each listed object its `from_get` fields, by one get per object.
pub(crate) async fn read(
    client: &Client,
    kind: &Kind,
    objects: &mut [Map<String, Value>],
    calls: &mut usize,
) -> Result<(), PlanError> {
    let Some(get) = kind.get else {
        return Ok(());
    };
    let uses = Kind::uses(get);
    for object in objects {
        let mut request = Map::new();
        for (field, path) in uses.key {
            let value = object.get(*field).cloned().unwrap_or(Value::Null);
            let value = super::values::as_param(get.params, path, &value)
                .map_err(|reason| super::read::invalid(get, reason))?;
            crate::wire::set(&mut request, path, value);
        }
        client.fill_client_id(get, &mut request, true).await?;
        *calls += 1;
        let returned = client.send_value(get, &request).await?;
        let returned = match get.returns {
            Some(returns) => returns
                .normalize(&returned)
                .map(|n| n.value)
                .map_err(|reason| super::read::invalid(get, reason))?,
            None => returned,
        };
        for f in kind.desired.from_get {
            let held = f.at.iter().try_fold(&returned, |v, step| v.get(*step));
            let held = held.filter(|v| v.is_array()).cloned();
            object.insert(f.field.to_owned(), held.unwrap_or(Value::Array(Vec::new())));
        }
    }
    Ok(())
}

/// A `from_get` field's items as compared and exported: without the fields
/// the API sets, nor empty values.
pub(crate) fn items(kind: &Kind, field: &str, value: Value) -> Value {
    let Some(f) = kind.desired.from_get.iter().find(|f| f.field == field) else {
        return value;
    };
    let Value::Array(items) = value else {
        return value;
    };
    let kept = items
        .into_iter()
        .map(|item| match item {
            Value::Object(item) => Value::Object(
                item.into_iter()
                    .filter(|(k, v)| !f.ignore.contains(&k.as_str()) && !v.is_null() && v != "")
                    .collect(),
            ),
            other => other,
        })
        .collect();
    Value::Array(kept)
}

/// For an update: the lists the file leaves out, as the API holds them.
pub(crate) fn keep_held(
    endpoint: &Endpoint,
    current: &Map<String, Value>,
    out: &mut Map<String, Value>,
) {
    for f in updated_by(endpoint) {
        if !out.contains_key(f.field)
            && let Some(held) = current.get(f.field)
        {
            out.insert(f.field.to_owned(), held.clone());
        }
    }
}

/// For an update: every list, each item by the members its parameter
/// takes, in order.
pub(crate) fn send(
    endpoint: &'static Endpoint,
    object: &Map<String, Value>,
    request: &mut Map<String, Value>,
) -> Result<(), String> {
    for f in updated_by(endpoint) {
        let Some(Value::Array(items)) = object.get(f.field) else {
            continue;
        };
        let members = crate::wire::param_at(endpoint.params, f.param)
            .and_then(|p| p.members())
            .ok_or_else(|| format!("`{}` takes no list of groups", f.field))?;
        let mut sent = Vec::new();
        for item in items {
            let mut one = Map::new();
            for m in members {
                if let Some(value) = item.get(m.name).filter(|v| !v.is_null() && *v != "") {
                    let value = super::values::as_param(members, &[m.name], value)
                        .map_err(|e| format!("{}: {e}", f.field))?;
                    one.insert(m.name.to_owned(), value);
                }
            }
            sent.push(Value::Object(one));
        }
        crate::wire::set(request, f.param, Value::Array(sent));
    }
    Ok(())
}
