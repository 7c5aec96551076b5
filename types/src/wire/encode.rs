//! A request's value to its wire fields, in the documented order.

use super::scalar::to_wire;
use super::{InvalidValue, Reason};
use crate::endpoint::{ListEncoding, Param, ParamKind};
use crate::form::AUTO;
use serde_json::{Map, Value};

/// The fields of a request, in wire order, named as the API reads them
/// (`nameservers[0][name]`) and not yet percent-encoded: `apikey` is not
/// among them (the client sends it first). Every value is checked first.
///
/// # Errors
///
/// The first value that cannot be sent: a required parameter missing, a
/// value not of its parameter's type, an empty text, a name the endpoint
/// does not take.
#[inline]
pub fn encode(
    params: &[Param],
    args: &Map<String, Value>,
) -> Result<Vec<(String, String)>, InvalidValue> {
    let mut out = Vec::new();
    members(params, "", args, &mut out)?;
    Ok(out)
}

/// The members of a group (or the top-level parameters) from an object.
#[inline]
fn members(
    params: &[Param],
    prefix: &str,
    object: &Map<String, Value>,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    if let Some(unknown) = object.keys().find(|k| !params.iter().any(|p| p.name == *k)) {
        return Err(InvalidValue::new(
            join(prefix, unknown),
            Reason::Unknown(params.iter().map(|p| p.name).collect()),
        ));
    }
    for p in params {
        let wire = join(prefix, p.name);
        match object.get(p.name) {
            None | Some(Value::Null) if p.required => {
                return Err(InvalidValue::new(wire, Reason::Missing));
            }
            None | Some(Value::Null) => {}
            Some(value) => match split_part(params, p, &wire, value)? {
                Some(part) => one(p, &wire, &part, out)?,
                None => one(p, &wire, value, out)?,
            },
        }
    }
    Ok(())
}

/// A group the wire splits in two (two parameters of one name, with other
/// parameters between them) takes one object holding the members of both:
/// each part of it, the members that part declares. A member neither part
/// declares is refused. `None` for a parameter whose name is its own.
#[inline]
fn split_part(
    params: &[Param],
    p: &Param,
    wire: &str,
    value: &Value,
) -> Result<Option<Value>, InvalidValue> {
    let parts: Vec<&Param> = params.iter().filter(|q| q.name == p.name).collect();
    let (Some(members), Value::Object(object), true) = (p.members(), value, parts.len() > 1) else {
        return Ok(None);
    };
    let declared = |key: &str| {
        parts
            .iter()
            .filter_map(|q| q.members())
            .any(|m| m.iter().any(|m| m.name == key))
    };
    if let Some(unknown) = object.keys().find(|k| !declared(k)) {
        let known = parts
            .iter()
            .filter_map(|q| q.members())
            .flatten()
            .map(|m| m.name)
            .collect();
        return Err(InvalidValue::new(
            join(wire, unknown),
            Reason::Unknown(known),
        ));
    }
    let part = object
        .iter()
        .filter(|(k, _)| members.iter().any(|m| m.name == k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Some(Value::Object(part)))
}

/// One parameter's value: a map of, a list of, or a single value.
#[inline]
fn one(
    p: &Param,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    if !p.map {
        return list_or_single(p, wire, value, out);
    }
    let entries = value
        .as_object()
        .ok_or_else(|| InvalidValue::new(wire, Reason::NotMap))?;
    if p.required && entries.is_empty() {
        return Err(InvalidValue::new(wire, Reason::NoValues));
    }
    for (key, v) in entries {
        if key.is_empty() || key.contains(['[', ']']) {
            return Err(InvalidValue::new(wire, Reason::BadKey));
        }
        let entry = format!("{wire}[{key}]");
        if p.list.is_some() && v.as_array().is_some_and(Vec::is_empty) {
            return Err(InvalidValue::new(entry, Reason::KeyWithoutValues));
        }
        list_or_single(p, &entry, v, out)?;
    }
    Ok(())
}

#[inline]
fn list_or_single(
    p: &Param,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    let Some(encoding) = p.list else {
        return if p.map {
            entry(p.kind, wire, value, out)
        } else {
            single(p.kind, wire, value, out)
        };
    };
    if p.or_auto && value.as_str() == Some(AUTO) {
        out.push((format!("{wire}{}", suffix(encoding, 0)), AUTO.to_owned()));
        return Ok(());
    }
    let items = value
        .as_array()
        .ok_or_else(|| InvalidValue::new(wire, Reason::NotList { or_auto: p.or_auto }))?;
    if p.required && items.is_empty() && !p.map {
        return Err(InvalidValue::new(wire, Reason::NoValues));
    }
    for (i, item) in items.iter().enumerate() {
        entry(p.kind, &format!("{wire}{}", suffix(encoding, i)), item, out)?;
    }
    Ok(())
}

#[inline]
fn single(
    kind: ParamKind,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    if let ParamKind::Group(group) = kind {
        let object = value
            .as_object()
            .ok_or_else(|| InvalidValue::new(wire, Reason::NotGroup))?;
        return members(group, wire, object, out);
    }
    single_scalar(kind, wire, value, out)
}

/// An element of a list of groups, or an entry of a map of them: refused
/// when it sends nothing, which would leave a gap in the list or send a
/// key without a value.
#[inline]
fn entry(
    kind: ParamKind,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    let before = out.len();
    single(kind, wire, value, out)?;
    if matches!(kind, ParamKind::Group(_)) && out.len() == before {
        return Err(InvalidValue::new(wire, Reason::EmptyEntry));
    }
    Ok(())
}

#[inline]
fn single_scalar(
    kind: ParamKind,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidValue> {
    let text = to_wire(kind, value).map_err(|reason| InvalidValue::new(wire, reason))?;
    out.push((wire.to_owned(), text));
    Ok(())
}

/// `prefix[name]`, or `name` at the top.
#[inline]
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}[{name}]")
    }
}

/// A list element's brackets.
#[inline]
pub(super) fn suffix(encoding: ListEncoding, index: usize) -> String {
    match encoding {
        ListEncoding::Brackets => "[]".to_owned(),
        ListEncoding::Indexed => format!("[{index}]"),
    }
}
