//! Responses: the shape of `return`, jobs, paged lists, empty envelopes,
//! and the documented example checked against all of that.

use super::Reporter;
use crate::diag::At;
use crate::model::{Field, FieldType, Paging, Param, Provenance, Response, Shape, ValueType};
use crate::raw;
use std::collections::BTreeMap;

/// Checks an endpoint's response (`raw` is empty where the spec writes none).
pub fn response(
    raw: &raw::Response,
    at: &str,
    endpoint_source: Provenance,
    params: &[Param],
    shapes: &BTreeMap<String, Shape>,
    report: &mut Reporter<'_>,
) -> Option<Response> {
    let errors_before = report.count();
    let (ty_at, written) = written_type(raw, at, report)?;
    let (shape, scalar) = resolve_type(raw, written, &ty_at, shapes, report);
    let typed = shape.is_some() || scalar.is_some();
    check_form(raw, at, &ty_at, typed, scalar.is_some(), report);
    let depth = super::shapes::map_depth(raw.map, raw.depth, at, report)?;
    let source = raw.source.unwrap_or(endpoint_source);
    if raw.source.is_some() && !typed && raw.job.is_none() {
        report.error(
            &format!("{at}.source"),
            At::Key,
            "`source` says where the response's `type` comes from; this response has none",
        );
    }
    if report.count() == errors_before {
        check_job(raw, at, shape, shapes, report);
    }
    let paging = paging(raw, at, params, report);
    let item = Item {
        shape,
        scalar: scalar.as_ref(),
        list: raw.list,
        depth,
    };
    // The official SDK shows what it decodes, not a response: its shapes
    // come without an example.
    let needs_example = (typed || raw.job.is_some()) && source == Provenance::Reference;
    check_example(raw, at, item, needs_example, shapes, report);
    if report.count() > errors_before {
        return None;
    }
    Some(Response {
        shape: shape.map(|s| s.name.clone()),
        scalar,
        list: raw.list,
        map: raw.map,
        depth,
        source,
        job: raw.job,
        paging,
        empty: raw.empty,
        example: raw.example.as_ref().map(|e| e.trim_end().to_owned()),
    })
}

/// Where the response's type is written (`type`, or the earlier `shape`,
/// with a hint), and what it says.
fn written_type<'r>(
    raw: &'r raw::Response,
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<(String, Option<&'r String>)> {
    Some(match (&raw.ty, &raw.shape) {
        (Some(_), Some(_)) => {
            report.error(
                &format!("{at}.shape"),
                At::Key,
                "`shape` is the earlier spelling of `type`: write only `type`",
            );
            return None;
        }
        (Some(ty), None) => (format!("{at}.type"), Some(ty)),
        (None, Some(shape)) => {
            report.hint(
                &format!("{at}.shape"),
                At::Key,
                format!("write `type: {shape}` (`shape:` is the earlier spelling)"),
            );
            (format!("{at}.shape"), Some(shape))
        }
        (None, None) => (format!("{at}.type"), None),
    })
}

/// The shape or scalar type a response's `type` names.
fn resolve_type<'s>(
    raw: &raw::Response,
    written: Option<&String>,
    ty_at: &str,
    shapes: &'s BTreeMap<String, Shape>,
    report: &mut Reporter<'_>,
) -> (Option<&'s Shape>, Option<FieldType>) {
    match written.map(String::as_str) {
        None => (None, None),
        // JSON as a whole is what no `type` says; a list or map of JSON
        // values is a form of its own.
        Some("json") if !raw.list && !raw.map => (None, None),
        Some(name) if shapes.contains_key(name) => (Some(&shapes[name]), None),
        Some(name) => match super::shapes::scalar(name) {
            Some(ty) => (None, Some(ty)),
            None => {
                report.error(
                    ty_at,
                    At::Value,
                    format!(
                        "unknown type `{name}`: name a shape defined under `shapes:` in any spec \
                         file, or string, integer, boolean or number"
                    ),
                );
                (None, None)
            }
        },
    }
}

/// The form's keys fit together: a list or map of a type, no type on an
/// empty envelope, a job or page of a shape.
fn check_form(
    raw: &raw::Response,
    at: &str,
    ty_at: &str,
    typed: bool,
    scalar: bool,
    report: &mut Reporter<'_>,
) {
    if raw.list && !typed {
        report.error(
            &format!("{at}.list"),
            At::Key,
            "`list: true` needs a `type` to make a list of",
        );
    }
    if raw.map && (!typed || raw.paged.is_some() || raw.job.is_some()) {
        report.error(
            &format!("{at}.map"),
            At::Key,
            "`map: true` says `return` is an object keyed by data whose values are of `type`: \
             it needs a `type`, and takes no `paged` or `job`",
        );
    }
    if scalar && (raw.job.is_some() || raw.paged.is_some()) {
        report.error(
            ty_at,
            At::Value,
            "a job or a page is an object: its `type` is a shape",
        );
    }
    if raw.empty && (typed || raw.list || raw.job.is_some() || raw.paged.is_some()) {
        report.error(
            &format!("{at}.empty"),
            At::Key,
            "`empty: true` says the envelope has no `return`, so it takes no type, list, job or paged",
        );
    }
}

/// A job-starting endpoint returns one shape that names its job.
fn check_job(
    raw: &raw::Response,
    at: &str,
    shape: Option<&Shape>,
    shapes: &BTreeMap<String, Shape>,
    report: &mut Reporter<'_>,
) {
    let Some(job) = raw.job else {
        return;
    };
    let all: Vec<&Shape> = shapes.values().collect();
    let ok = !raw.list
        && !raw.map
        && raw.paged.is_none()
        && shape.is_some_and(|s| s.job_reference(&all).is_some());
    if !ok {
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

/// A paged list's page parameters.
fn paging(
    raw: &raw::Response,
    at: &str,
    params: &[Param],
    report: &mut Reporter<'_>,
) -> Option<Paging> {
    let paged = raw.paged.as_ref()?;
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
    let ((number_fields, number_path), (size_fields, size_path)) = (number?, size?);
    Some(Paging {
        number: paged.number.clone(),
        size: paged.size.clone(),
        number_fields,
        size_fields,
        number_path,
        size_path,
    })
}

/// The documented example is there where it must be, is JSON, and fits the
/// response's form and type.
fn check_example(
    raw: &raw::Response,
    at: &str,
    item: Item<'_>,
    needs_example: bool,
    shapes: &BTreeMap<String, Shape>,
    report: &mut Reporter<'_>,
) {
    let Some(example) = &raw.example else {
        if needs_example {
            report.error(
                at,
                At::Key,
                "a response with a `type` or a `job` needs its documented `example`; where the \
                 reference shows none, leave `return` untyped (no `type`), or say \
                 `source: official-sdk` where the official SDK decodes it",
            );
        }
        return;
    };
    let envelope = match serde_json::from_str::<serde_json::Value>(example) {
        Ok(envelope) => envelope,
        Err(e) => {
            report.error(
                &format!("{at}.example"),
                At::Value,
                format!("the response example is not valid JSON: {e}"),
            );
            return;
        }
    };
    let form = if raw.empty {
        Form::Empty
    } else if raw.paged.is_some() {
        Form::Paged
    } else {
        Form::Value
    };
    if let Err(why) = check_envelope(&envelope, item, form, shapes) {
        report.error(
            &format!("{at}.example"),
            At::Value,
            format!("the response example {why}"),
        );
    }
}

fn page_param(
    wire: &str,
    params: &[Param],
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<(Vec<String>, Vec<String>)> {
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
    Some((fields, path.iter().map(|p| (*p).to_owned()).collect()))
}

/// What `return` holds.
#[derive(Clone, Copy)]
enum Form {
    /// A value of the response's type (a list or map of it, where declared).
    Value,
    Paged,
    Empty,
}

/// The structure of a value: maps of keyed data `depth` levels deep, then a
/// list, then one shape or scalar (or any JSON, with neither).
#[derive(Clone, Copy)]
struct Item<'a> {
    shape: Option<&'a Shape>,
    scalar: Option<&'a FieldType>,
    list: bool,
    depth: u8,
}

impl<'a> Item<'a> {
    fn of_field(field: &'a Field, shapes: &'a BTreeMap<String, Shape>) -> Item<'a> {
        let (shape, scalar) = match &field.ty {
            FieldType::Shape(name) => (shapes.get(name), None),
            other => (None, Some(other)),
        };
        Item {
            shape,
            scalar,
            list: field.list,
            depth: field.depth,
        }
    }
}

fn check_envelope(
    envelope: &serde_json::Value,
    item: Item<'_>,
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
    if item.shape.is_none() && item.scalar.is_none() {
        return Ok(());
    }
    let value = &object["return"];
    match form {
        Form::Empty => Ok(()),
        Form::Value => check_item(value, item, shapes, "return"),
        Form::Paged => {
            let page = value
                .as_object()
                .ok_or("has a `return` that is not a page object")?;
            for key in ["total_items", "current_page", "total_pages"] {
                match page.get(key) {
                    Some(v)
                        if v.is_i64() || v.as_str().is_some_and(|s| s.parse::<i64>().is_ok()) => {}
                    _ => return Err(format!("has no integer `return.{key}`, which a page has")),
                }
            }
            let items = page
                .get("data")
                .and_then(|d| d.as_array())
                .ok_or("has no `return.data` list, which a page has")?;
            for (i, value) in items.iter().enumerate() {
                check_one(value, item, shapes, &format!("return.data[{i}]"))?;
            }
            Ok(())
        }
    }
}

/// A value of `item`'s structure: its maps, its list, its items.
fn check_item(
    value: &serde_json::Value,
    item: Item<'_>,
    shapes: &BTreeMap<String, Shape>,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if item.depth > 0 {
        let inner = Item {
            depth: item.depth - 1,
            ..item
        };
        return match value {
            // PHP writes an empty keyed object as an empty list.
            Value::Array(a) if a.is_empty() => Ok(()),
            Value::Object(entries) => entries
                .iter()
                .try_for_each(|(key, v)| check_item(v, inner, shapes, &format!("{at}.{key}"))),
            _ => Err(format!("has `{at}` that is not an object keyed by data")),
        };
    }
    if item.list {
        let items = value
            .as_array()
            .ok_or_else(|| format!("has `{at}` that is not a list"))?;
        return items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_one(v, item, shapes, &format!("{at}[{i}]")));
    }
    check_one(value, item, shapes, at)
}

/// One item: an object of its shape, or a scalar of its type.
fn check_one(
    value: &serde_json::Value,
    item: Item<'_>,
    shapes: &BTreeMap<String, Shape>,
    at: &str,
) -> Result<(), String> {
    match (item.shape, item.scalar) {
        (Some(shape), _) => check_shape(value, shape, shapes, at),
        (None, Some(ty)) => check_scalar(value, ty, at),
        (None, None) => Ok(()),
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
                    "has no `{here}`, which shape `{}` requires (mark the field `required: \
                     false` if the API may leave it out)",
                    shape.name
                ));
            }
            Some(v) => check_item(v, Item::of_field(field, shapes), shapes, &here)?,
        }
    }
    Ok(())
}

/// The same leniency as the runtime's decoding: numbers and booleans may come
/// as strings.
fn check_scalar(value: &serde_json::Value, ty: &FieldType, at: &str) -> Result<(), String> {
    use serde_json::Value;
    let ok = match (ty, value) {
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
        (FieldType::Json | FieldType::Shape(_), _) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let ty = match ty {
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
