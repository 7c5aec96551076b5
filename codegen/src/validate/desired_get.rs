//! `from_get` of a `desired:` block: list fields that no list returns, each
//! read by a get per object from a path of the get's response (a security
//! group's rules, at `rules.in`), written back whole by the update's list
//! parameter of the field's name (`params[rules_in]`), its items compared
//! without the fields only the API sets (`ignore`).
//!
//! Every item field compared must be one the update sends (else a file
//! could never match what the API holds), and every field ignored one it
//! does not send (else a change of it would never show).

use super::Reporter;
use crate::diag::At;
use crate::model::{Endpoint, FieldType, FromGet, Param, Resource, ResourceOp, Shape};
use serde::Deserialize;

/// One field of `from_get:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    /// The path of the field in the get's response, `rules.in`.
    at: String,
    /// Fields of its items the API sets.
    #[serde(default)]
    ignore: Vec<String>,
}

/// The get endpoint's path and the fields read by it; `(None, [])` where
/// none is declared.
pub(super) fn check(
    map: &serde_yaml::Mapping,
    (resource, shape): (&Resource, &Shape),
    spec: &super::desired::Spec<'_>,
    update: Option<&Endpoint>,
    at: &str,
    report: &mut Reporter<'_>,
) -> (Option<String>, Vec<FromGet>) {
    if map.is_empty() {
        return (None, Vec::new());
    }
    let here = format!("{at}.from_get");
    let gets: Vec<&Endpoint> = spec
        .endpoints
        .iter()
        .filter(|e| {
            e.resource
                .as_ref()
                .is_some_and(|u| u.name == resource.name && u.op == ResourceOp::Get)
        })
        .collect();
    let get = match gets.as_slice() {
        [only] => Some(*only),
        _ => {
            report.error(
                &here,
                At::Key,
                format!(
                    "`from_get` reads fields by a get per object, and `{}` has {} endpoints \
                     that do `op: get`: it needs exactly one",
                    resource.name,
                    gets.len()
                ),
            );
            None
        }
    };
    if update.is_none() {
        report.error(
            &here,
            At::Key,
            format!(
                "`from_get` fields are changed by the update, and `{}` has none",
                resource.name
            ),
        );
    }
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(field) = key.as_str() else {
            report.error(
                &here,
                At::Value,
                "every key here is a field's name, as text",
            );
            continue;
        };
        let place = format!("{here}.{field}");
        let raw: Raw = match serde_yaml::from_value(value.clone()) {
            Ok(raw) => raw,
            Err(e) => {
                report.error(
                    &place,
                    At::Value,
                    format!("`{field}` needs `at:` and may have `ignore:` ({e})"),
                );
                continue;
            }
        };
        if shape.field(field).is_some() {
            report.error(
                &place,
                At::Key,
                format!(
                    "`{field}` is a field of shape `{}`, which the list returns: it needs no get",
                    shape.name
                ),
            );
            continue;
        }
        let Some(item) = item_shape(&raw.at, get, spec, &place, report) else {
            continue;
        };
        let Some((param, members)) = update.and_then(|u| list_param(&u.params, field)) else {
            if let Some(update) = update {
                report.error(
                    &place,
                    At::Key,
                    format!(
                        "`{}` has no list parameter of groups named `{field}` to set it",
                        update.path
                    ),
                );
            }
            continue;
        };
        check_items(&raw, item, members, &place, report);
        out.push(FromGet {
            field: field.to_owned(),
            at: raw.at.split('.').map(str::to_owned).collect(),
            param,
            ignore: raw.ignore,
        });
    }
    (get.map(|g| g.path.clone()), out)
}

/// The shape of the items of the list field at `path` of the get's
/// response.
fn item_shape<'s>(
    path: &str,
    get: Option<&Endpoint>,
    spec: &super::desired::Spec<'s>,
    place: &str,
    report: &mut Reporter<'_>,
) -> Option<&'s Shape> {
    let get = get?;
    let mut shape = get.response.shape.as_ref().and_then(|s| spec.shapes.get(s));
    let steps: Vec<&str> = path.split('.').collect();
    for (k, step) in steps.iter().enumerate() {
        let last = k + 1 == steps.len();
        let field = shape.and_then(|s| s.field(step));
        let next = match field.map(|f| (&f.ty, f.list)) {
            Some((FieldType::Shape(name), list)) if list == last => spec.shapes.get(name),
            _ => None,
        };
        if next.is_none() {
            report.error(
                &format!("{place}.at"),
                At::Value,
                format!(
                    "`{path}` is not a list of objects in what `{}` returns: each step names \
                     an object field, the last a list of objects",
                    get.path
                ),
            );
            return None;
        }
        shape = next;
    }
    shape
}

/// The path of names of the list parameter of groups named `field`, and
/// its members.
fn list_param<'p>(params: &'p [Param], field: &str) -> Option<(Vec<String>, &'p [Param])> {
    for p in params {
        let Some(group) = p.group() else {
            continue;
        };
        if p.name == field && p.list.is_some() {
            return Some((vec![p.name.clone()], &group.members));
        }
        if p.list.is_none()
            && let Some((mut path, members)) = list_param(&group.members, field)
        {
            path.insert(0, p.name.clone());
            return Some((path, members));
        }
    }
    None
}

/// Every item field is compared (and then sent by the update) or ignored
/// (and then not sent).
fn check_items(raw: &Raw, item: &Shape, members: &[Param], place: &str, report: &mut Reporter<'_>) {
    let sent = |name: &str| members.iter().any(|m| m.name == name);
    for (k, name) in raw.ignore.iter().enumerate() {
        let here = format!("{place}.ignore[{k}]");
        if item.field(name).is_none() {
            report.error(
                &here,
                At::Value,
                format!("`{name}` is not a field of shape `{}`", item.name),
            );
        } else if sent(name) {
            report.error(
                &here,
                At::Value,
                format!("`{name}` is sent by the update: a field it sets is compared"),
            );
        }
    }
    for f in &item.fields {
        if !sent(&f.name) && !raw.ignore.contains(&f.name) {
            report.error(
                place,
                At::Key,
                format!(
                    "`{}` of shape `{}` is not sent by the update, so a file could never \
                     change it: ignore it",
                    f.name, item.name
                ),
            );
        }
    }
}
