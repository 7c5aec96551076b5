//! The keys of a `desired:` block for resources whose create returns what
//! a file cannot know (a server's name and root password) and whose fields
//! change by endpoints of their own:
//!
//! - `or_match` names the fields that identify an object of a state file
//!   that leaves out the key field its create returns (`returns_id`);
//! - `changes` maps a field to the endpoints that change it, in order: an
//!   update of the resource that sets the field, then updates or actions
//!   of it (a server's product: an upgrade, then the commit of its disks);
//! - `returns_secret` names fields of the create's response that are
//!   secrets the API returns only then;
//! - `fixed` says what a change no endpoint makes does: `replace` (the
//!   default) or `refuse`;
//! - `read_from` names the field of the parent's listed objects that holds
//!   these, where no endpoint lists them (a database user's `grants`);
//! - `unordered` names list fields compared as sets;
//! - `bare_list` says the list endpoint is a get per parent object that
//!   returns a bare list of one object's items (a server's firewall).

use super::Reporter;
use crate::diag::At;
use crate::model::{Endpoint, Resource, ResourceOp, Shape};
use crate::raw;
use std::collections::BTreeMap;

/// What the keys resolve to: `or_match`, `changes`, `returns_secret`,
/// whether a fixed field's change is refused.
pub(super) struct More {
    pub or_match: Vec<String>,
    pub changes: Vec<(String, Vec<String>)>,
    pub returns_secret: Vec<String>,
    pub refuse_fixed: bool,
}

/// What the keys are checked against: the resource, its shape, its create
/// endpoint, and the spec's endpoints and shapes.
pub(super) struct Declared<'a> {
    pub resource: &'a Resource,
    pub shape: &'a Shape,
    pub create: Option<&'a Endpoint>,
    pub endpoints: &'a [Endpoint],
    pub shapes: &'a BTreeMap<String, Shape>,
}

/// Checks the keys, each problem reported where it stands.
pub(super) fn check(
    raw: &raw::Desired,
    declared: &Declared<'_>,
    at: &str,
    report: &mut Reporter<'_>,
) -> More {
    let Declared {
        resource,
        shape,
        create,
        endpoints,
        shapes,
    } = *declared;
    check_or_match(raw, shape, create, at, report);
    let changes = changes(raw, resource, shape, endpoints, at, report);
    check_returns_secret(raw, create, shapes, at, report);
    let refuse_fixed = match raw.fixed.as_deref() {
        None | Some("replace") => false,
        Some("refuse") => true,
        Some(other) => {
            report.error(
                &format!("{at}.fixed"),
                At::Value,
                format!("`fixed` is `replace` or `refuse`, not `{other}`"),
            );
            false
        }
    };
    More {
        or_match: raw.or_match.clone(),
        changes,
        returns_secret: raw.returns_secret.clone(),
        refuse_fixed,
    }
}

/// `or_match`: single values of the shape, for a resource whose create
/// returns one of its match fields.
fn check_or_match(
    raw: &raw::Desired,
    shape: &Shape,
    create: Option<&Endpoint>,
    at: &str,
    report: &mut Reporter<'_>,
) {
    if raw.or_match.is_empty() {
        return;
    }
    for (k, field) in raw.or_match.iter().enumerate() {
        let single = shape.field(field).is_some_and(|f| {
            !f.list && !f.map && !matches!(f.ty, crate::model::FieldType::Shape(_))
        });
        if !single {
            report.error(
                &format!("{at}.or_match[{k}]"),
                At::Value,
                format!(
                    "`{field}` is not a single-valued field of shape `{}` to match by",
                    shape.name
                ),
            );
        }
    }
    let returned = create
        .and_then(|e| e.resource.as_ref())
        .and_then(|u| u.returns_id.as_ref());
    if !returned.is_some_and(|f| raw.matched_by.contains(f)) {
        report.error(
            &format!("{at}.or_match"),
            At::Key,
            "`or_match` is for objects that leave out a match field their create returns, and \
             the create endpoint returns none (`returns_id` naming a field of `match`)",
        );
    }
}

/// `changes`: each a field of the shape, changed by an update of the
/// resource that sets it, then by its updates or actions.
fn changes(
    raw: &raw::Desired,
    resource: &Resource,
    shape: &Shape,
    endpoints: &[Endpoint],
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (key, value) in &raw.changes {
        let Some(field) = key.as_str() else {
            report.error(
                &format!("{at}.changes"),
                At::Key,
                "`changes` maps a field to endpoints",
            );
            continue;
        };
        let here = format!("{at}.changes.{field}");
        if shape.field(field).is_none() {
            report.error(
                &here,
                At::Key,
                format!("`{field}` is not a field of shape `{}`", shape.name),
            );
            continue;
        }
        let paths: Vec<String> = match value {
            serde_yaml::Value::Sequence(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        if paths.is_empty() || value.as_sequence().is_none_or(|s| s.len() != paths.len()) {
            report.error(
                &here,
                At::Value,
                "`changes` maps a field to a list of endpoint paths",
            );
            continue;
        }
        let before = report.count();
        for (k, path) in paths.iter().enumerate() {
            check_change(resource, field, path, k, endpoints, &here, report);
        }
        if report.count() == before {
            out.push((field.to_owned(), paths));
        }
    }
    out
}

/// One endpoint of a field's `changes`: the first an update that sets the
/// field, the others updates or actions of the resource.
fn check_change(
    resource: &Resource,
    field: &str,
    path: &str,
    k: usize,
    endpoints: &[Endpoint],
    at: &str,
    report: &mut Reporter<'_>,
) {
    let uses = endpoints
        .iter()
        .find(|e| e.path == path)
        .and_then(|e| e.resource.as_ref())
        .filter(|u| u.name == resource.name);
    let fits = match uses {
        None => false,
        Some(u) if k == 0 => u.op == ResourceOp::Update && u.fields.iter().any(|(f, _)| f == field),
        Some(u) => matches!(u.op, ResourceOp::Update | ResourceOp::Action),
    };
    if !fits {
        let wanted = if k == 0 {
            format!(
                "does `op: update` to `{}` and sets `{field}`",
                resource.name
            )
        } else {
            format!("does `op: update` or `op: action` to `{}`", resource.name)
        };
        report.error(
            &format!("{at}[{k}]"),
            At::Value,
            format!("`{path}` is not an endpoint that {wanted}"),
        );
    }
}

/// `returns_secret`: fields of the create endpoint's response shape.
fn check_returns_secret(
    raw: &raw::Desired,
    create: Option<&Endpoint>,
    shapes: &BTreeMap<String, Shape>,
    at: &str,
    report: &mut Reporter<'_>,
) {
    let response = create
        .and_then(|e| e.response.shape.as_ref())
        .and_then(|name| shapes.get(name));
    for (k, field) in raw.returns_secret.iter().enumerate() {
        if response.is_none_or(|shape| shape.field(field).is_none()) {
            report.error(
                &format!("{at}.returns_secret[{k}]"),
                At::Value,
                format!("`{field}` is not a field of the create endpoint's response"),
            );
        }
    }
}

/// The resource whose list endpoint reads these: their own, or, with
/// `read_from`, their parent's, whose listed objects hold them in that
/// field (a list of their shape); `unordered` names list fields of the
/// shape. `None` where a problem was reported.
pub(super) fn listed_by<'a>(
    raw: &raw::Desired,
    (resource, shape): (&'a Resource, &Shape),
    spec: &super::desired::Spec<'a>,
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<&'a str> {
    for (k, field) in raw.unordered.iter().enumerate() {
        if !shape.field(field).is_some_and(|f| f.list) {
            report.error(
                &format!("{at}.unordered[{k}]"),
                At::Value,
                format!("`{field}` is not a list field of shape `{}`", shape.name),
            );
        }
    }
    let Some(field) = &raw.read_from else {
        return Some(&resource.name);
    };
    let here = format!("{at}.read_from");
    let Some((parent, _)) = &resource.parent else {
        report.error(
            &here,
            At::Key,
            format!(
                "`read_from` reads `{}` from a field of its parent's objects, and it has no \
                 `parent`",
                resource.name
            ),
        );
        return None;
    };
    let parent = spec.resources.get(parent)?;
    let holds = spec
        .shapes
        .get(&parent.shape)
        .and_then(|s| s.field(field))
        .is_some_and(|f| f.list && f.ty == crate::model::FieldType::Shape(shape.name.clone()));
    if !holds {
        report.error(
            &here,
            At::Value,
            format!(
                "`{field}` is not a field of shape `{}` holding a list of `{}`",
                parent.shape, shape.name
            ),
        );
        return None;
    }
    Some(&parent.name)
}

/// `bare_list`: `field` a list field of the shape, `item` a field of the
/// items the list endpoint returns, which must be a bare list.
pub(super) fn check_bare_list(
    bare: &raw::BareList,
    shape: &Shape,
    list: Option<&Endpoint>,
    spec: &super::desired::Spec<'_>,
    at: &str,
    report: &mut Reporter<'_>,
) -> bool {
    let before = report.count();
    if !shape.field(&bare.field).is_some_and(|f| f.list) {
        report.error(
            &format!("{at}.bare_list.field"),
            At::Value,
            format!(
                "`{}` is not a list field of shape `{}`",
                bare.field, shape.name
            ),
        );
    }
    if let Some(list) = list {
        let items = list
            .response
            .shape
            .as_ref()
            .filter(|_| list.response.list)
            .and_then(|s| spec.shapes.get(s));
        match items {
            None => report.error(
                &format!("{at}.bare_list"),
                At::Key,
                format!(
                    "`bare_list` is for a list endpoint returning a bare list, and `{}` does not",
                    list.path
                ),
            ),
            Some(items) if items.field(&bare.item).is_none() => report.error(
                &format!("{at}.bare_list.item"),
                At::Value,
                format!(
                    "`{}` is not a field of shape `{}`, which `{}` returns",
                    bare.item, items.name, list.path
                ),
            ),
            Some(_) => {}
        }
    }
    report.count() == before
}
