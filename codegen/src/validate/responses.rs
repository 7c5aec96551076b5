//! Responses: the shape of `return`, jobs, paged lists, empty envelopes,
//! and the documented example checked against all of that.

use super::Reporter;
use crate::diag::At;
use crate::model::{Field, FieldType, Paging, Param, Response, Shape, Source, ValueType};
use crate::raw;
use std::collections::BTreeMap;

pub fn response(
    raw: &raw::Response,
    at: &str,
    endpoint_origin: Source,
    params: &[Param],
    shapes: &BTreeMap<String, Shape>,
    report: &mut Reporter<'_>,
) -> Option<Response> {
    let errors_before = report.out.len();
    let shape = match &raw.shape {
        Some(name) if !shapes.contains_key(name) => {
            report.error(
                &format!("{at}.shape"),
                At::Value,
                format!("unknown shape `{name}`: define it under `shapes:` in any spec file"),
            );
            None
        }
        other => other.as_ref().map(|name| &shapes[name]),
    };
    if raw.list && raw.shape.is_none() {
        report.error(
            &format!("{at}.list"),
            At::Key,
            "`list: true` needs a `shape` to make a list of",
        );
    }
    if raw.map && (raw.shape.is_none() || raw.list || raw.paged.is_some() || raw.job.is_some()) {
        report.error(
            &format!("{at}.map"),
            At::Key,
            "`map: true` says `return` is an object keyed by data whose values are of `shape`: \
             it needs a `shape`, and takes no `list`, `paged` or `job`",
        );
    }
    let origin = raw.source.unwrap_or(endpoint_origin);
    if raw.source.is_some() && raw.shape.is_none() && raw.job.is_none() {
        report.error(
            &format!("{at}.source"),
            At::Key,
            "`source` says where the response's `shape` comes from; this response has none",
        );
    }
    if let Some(job) = raw.job {
        let all: Vec<&Shape> = shapes.values().collect();
        let ok = !raw.list
            && !raw.map
            && raw.paged.is_none()
            && shape.is_some_and(|s| s.job_reference(&all).is_some());
        if !ok && report.out.len() == errors_before {
            report.error(
                &format!("{at}.job"),
                At::Value,
                format!(
                    "an endpoint that starts a {} job must return a single shape with a required \
                     integer field `job_id` (such as JobRef), a required field `job` holding \
                     a required integer `id` and a string `type` (such as JobRefObject), or \
                     both as optional fields, one of which a response holds (such as \
                     JobStarted)",
                    job.as_str()
                ),
            );
        }
    }
    if raw.empty && (raw.shape.is_some() || raw.list || raw.job.is_some() || raw.paged.is_some()) {
        report.error(
            &format!("{at}.empty"),
            At::Key,
            "`empty: true` says the envelope has no `return`, so it takes no shape, list, job or paged",
        );
    }
    let paging = match &raw.paged {
        None => None,
        Some(paged) => {
            if raw.list {
                report.error(
                    &format!("{at}.paged"),
                    At::Key,
                    "a paged list takes the `shape` of its items and no `list: true`: the page \
                     holds the list",
                );
            }
            let number = page_param(&paged.number, params, &format!("{at}.paged.number"), report);
            let size = page_param(&paged.size, params, &format!("{at}.paged.size"), report);
            match (number, size) {
                (Some(number_fields), Some(size_fields)) => Some(Paging {
                    number: paged.number.clone(),
                    size: paged.size.clone(),
                    number_fields,
                    size_fields,
                }),
                _ => None,
            }
        }
    };

    // The official SDK shows what it decodes, not a response: its shapes
    // come without an example.
    let needs_example = (raw.shape.is_some() || raw.job.is_some()) && origin == Source::Reference;
    match &raw.example {
        None if needs_example => report.error(
            at,
            At::Key,
            "a response with a `shape` or a `job` needs its documented `example`; where the \
             reference shows none, leave `return` untyped (no `shape`), or say \
             `source: official-sdk` where the official SDK decodes it",
        ),
        None => {}
        Some(example) => match serde_json::from_str::<serde_json::Value>(example) {
            Err(e) => report.error(
                &format!("{at}.example"),
                At::Value,
                format!("the response example is not valid JSON: {e}"),
            ),
            Ok(envelope) => {
                let form = if raw.empty {
                    Form::Empty
                } else if raw.map {
                    Form::Map
                } else if raw.paged.is_some() {
                    Form::Paged
                } else if raw.list {
                    Form::List
                } else {
                    Form::One
                };
                if let Err(why) = check_envelope(&envelope, shape, form, shapes) {
                    report.error(
                        &format!("{at}.example"),
                        At::Value,
                        format!("the response example {why}"),
                    );
                }
            }
        },
    }

    if report.out.len() > errors_before {
        return None;
    }
    Some(Response {
        shape: raw.shape.clone(),
        list: raw.list,
        map: raw.map,
        origin,
        job: raw.job,
        paging,
        empty: raw.empty,
        example: raw.example.as_ref().map(|e| e.trim_end().to_owned()),
    })
}

/// Resolves a page parameter's wire name (`filters[page_number]`) to the Rust
/// fields that lead to it: optional integer scalars inside groups that can be
/// made with no arguments.
fn page_param(
    wire: &str,
    params: &[Param],
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<Vec<String>> {
    let mut parts = wire.split('[');
    let first = parts.next().unwrap_or_default();
    let mut path = vec![first];
    for part in parts {
        path.push(part.strip_suffix(']').unwrap_or("\u{0}"));
    }
    let fail = |report: &mut Reporter<'_>, why: &str| {
        report.error(at, At::Value, format!("page parameter `{wire}` {why}"));
        None
    };
    let mut fields = Vec::new();
    let mut level = params;
    for (i, name) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        // Groups of one name may be split; take the one that has the member.
        let found = level.iter().find(|p| {
            p.name == *name
                && (last
                    || p.group()
                        .is_some_and(|g| g.members.iter().any(|m| m.name == path[i + 1])))
        });
        let Some(p) = found else {
            return fail(report, "is not one of the endpoint's parameters");
        };
        fields.push(p.field.clone());
        if p.list.is_some() || p.map.is_some() {
            return fail(report, "must not be inside a list or map");
        }
        if last {
            if p.ty != ValueType::Integer || p.required {
                return fail(report, "must be an optional integer");
            }
        } else {
            let Some(group) = p.group() else {
                return fail(report, "is not one of the endpoint's parameters");
            };
            if group.members.iter().any(|m| m.required) {
                return fail(
                    report,
                    "is in a group with required members, which cannot be made for each page",
                );
            }
            level = &group.members;
        }
    }
    Some(fields)
}

/// What `return` holds.
#[derive(Clone, Copy)]
enum Form {
    One,
    List,
    Map,
    Paged,
    Empty,
}

fn check_envelope(
    envelope: &serde_json::Value,
    shape: Option<&Shape>,
    form: Form,
    shapes: &BTreeMap<String, Shape>,
) -> Result<(), String> {
    let object = envelope
        .as_object()
        .ok_or("is not a JSON object with `return`, `msg` and `status`")?;
    for key in ["return", "msg", "status"] {
        if key == "return" && matches!(form, Form::Empty) {
            if object.get(key).is_some_and(|v| !v.is_null()) {
                return Err("has a `return`, but the response is `empty: true`".to_owned());
            }
            continue;
        }
        if !object.contains_key(key) {
            return Err(format!(
                "has no `{key}`: write the whole envelope{}",
                if key == "return" {
                    " (`empty: true` declares a response without one)"
                } else {
                    ""
                }
            ));
        }
    }
    let Some(shape) = shape else { return Ok(()) };
    let value = &object["return"];
    if let Form::Paged = form {
        let page = value
            .as_object()
            .ok_or("has a `return` that is not a page object")?;
        for key in ["total_items", "current_page", "total_pages"] {
            match page.get(key) {
                Some(v) if v.is_i64() || v.as_str().is_some_and(|s| s.parse::<i64>().is_ok()) => {}
                _ => return Err(format!("has no integer `return.{key}`, which a page has")),
            }
        }
        let items = page
            .get("data")
            .and_then(|d| d.as_array())
            .ok_or("has no `return.data` list, which a page has")?;
        for (i, item) in items.iter().enumerate() {
            check_shape(item, shape, shapes, &format!("return.data[{i}]"))?;
        }
        return Ok(());
    }
    if let Form::Map = form {
        let entries = value
            .as_object()
            .ok_or_else(|| format!("has a `return` that is not an object of {}", shape.name))?;
        for (key, item) in entries {
            check_shape(item, shape, shapes, &format!("return.{key}"))?;
        }
        return Ok(());
    }
    if let Form::List = form {
        let items = value
            .as_array()
            .ok_or_else(|| format!("has a `return` that is not a list of {}", shape.name))?;
        for (i, item) in items.iter().enumerate() {
            check_shape(item, shape, shapes, &format!("return[{i}]"))?;
        }
        Ok(())
    } else {
        check_shape(value, shape, shapes, "return")
    }
}

fn check_shape(
    value: &serde_json::Value,
    shape: &Shape,
    shapes: &BTreeMap<String, Shape>,
    at: &str,
) -> Result<(), String> {
    let object = value.as_object().ok_or_else(|| {
        format!(
            "has `{at}` that is not an object, but shape `{}` is",
            shape.name
        )
    })?;
    for field in &shape.fields {
        let here = format!("{at}.{}", field.name);
        match object.get(&field.name) {
            None | Some(serde_json::Value::Null) if field.optional => {}
            None => {
                return Err(format!(
                    "has no `{here}`, which shape `{}` requires (mark the field `optional: true` if the API may leave it out)",
                    shape.name
                ));
            }
            Some(v) if field.map => {
                let entries = v
                    .as_object()
                    .ok_or_else(|| format!("has `{here}` that is not an object"))?;
                for (key, item) in entries {
                    check_field(item, field, shapes, &format!("{here}.{key}"))?;
                }
            }
            Some(v) if field.list => {
                let items = v
                    .as_array()
                    .ok_or_else(|| format!("has `{here}` that is not a list"))?;
                for (i, item) in items.iter().enumerate() {
                    check_field(item, field, shapes, &format!("{here}[{i}]"))?;
                }
            }
            Some(v) => check_field(v, field, shapes, &here)?,
        }
    }
    Ok(())
}

/// The same leniency as the runtime's decoding: numbers and booleans may come
/// as strings.
fn check_field(
    value: &serde_json::Value,
    field: &Field,
    shapes: &BTreeMap<String, Shape>,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    let ok = match (&field.ty, value) {
        (FieldType::String, Value::String(_)) => true,
        (FieldType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldType::Integer, Value::String(s)) => s.trim().parse::<i64>().is_ok(),
        (FieldType::Number, Value::Number(_)) => true,
        (FieldType::Number, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Boolean, Value::Number(n)) => n.as_u64().is_some_and(|n| n <= 1),
        (FieldType::Boolean, Value::String(s)) => {
            matches!(s.as_str(), "0" | "1" | "true" | "false")
        }
        (FieldType::Json, _) => true,
        (FieldType::Shape(name), v) => return check_shape(v, &shapes[name], shapes, at),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let ty = match &field.ty {
            FieldType::String => "a string",
            FieldType::Integer => "an integer",
            FieldType::Boolean => "a boolean",
            FieldType::Number => "a number",
            FieldType::Shape(_) => "an object",
            FieldType::Json => "JSON",
        };
        Err(format!("has `{at}` = {value}, which is not {ty}"))
    }
}
