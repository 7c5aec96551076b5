//! What an endpoint does to a resource (an endpoint's `resource:`): every
//! field a shape's, every parameter the endpoint's, every operation given
//! the parameters it needs.
//!
//! A use declares what cannot be seen from names; the rest is inferred, and
//! `sitehost-codegen check --explain PATH` prints what was:
//!
//! - a create or update sets the shape's fields that a single-valued
//!   parameter is named like (top-level, or a group's member such as
//!   `params[label]`), and list fields from list parameters of their name;
//!   the client's ID (the parameter of `role: client_id`) only on a create;
//! - a list filters by the members of a `filters` group named like a field
//!   (but `sort_by`, `sort_dir` and the page parameters), and sorts by
//!   `filters[sort_by]` and `filters[sort_dir]` where it has both.

use super::resources::{is_scalar_list, is_single, renamed, scalar_field, strings};
use super::{Context, Reporter};
use crate::diag::At;
use crate::model::{
    Effect, FieldType, ListEncoding, Param, Resource, ResourceOp, ResourceUse, Response, Role,
    Shape,
};
use crate::raw;

/// The members of `filters` that hold a list's page and sort: never filters.
const NOT_FILTERS: &[&str] = &["sort_by", "sort_dir", "page_number", "page_size"];

/// An endpoint's single-valued parameters by wire name: top-level ones, and
/// the members of groups (`params[label]`).
fn wire_names(params: &[Param]) -> Vec<(String, &Param)> {
    let mut out = Vec::new();
    for p in params {
        if let Some(group) = p.group() {
            // A group, or the first element of a list of groups (a resource
            // whose calls name one object in a list: `variables[0][name]`).
            let element = match (p.list, &p.map) {
                (None, None) => Some(String::new()),
                (Some(ListEncoding::Indexed), None) => Some("[0]".to_owned()),
                (Some(ListEncoding::Brackets), None) => Some("[]".to_owned()),
                _ => None,
            };
            if let Some(element) = element {
                for m in group.members.iter().filter(|m| m.is_plain_scalar()) {
                    out.push((format!("{}{element}[{}]", p.name, m.name), m));
                }
            }
        } else if p.is_plain_scalar() {
            out.push((p.name.clone(), p));
        }
    }
    out
}

/// An endpoint's lists of single values by wire name without their
/// brackets: top-level ones (`grants`), and the members of groups
/// (`params[containers]`).
fn list_wire_names(params: &[Param]) -> Vec<(String, &Param)> {
    let scalar_list = |p: &Param| p.list.is_some() && p.map.is_none() && p.group().is_none();
    let mut out = Vec::new();
    for p in params {
        if let Some(group) = p.group() {
            if p.list.is_none() && p.map.is_none() {
                for m in group.members.iter().filter(|m| scalar_list(m)) {
                    out.push((format!("{}[{}]", p.name, m.name), m));
                }
            }
        } else if scalar_list(p) {
            out.push((p.name.clone(), p));
        }
    }
    out
}

/// What an endpoint offers a use to name: its parameters by wire name.
struct Wires<'p> {
    single: Vec<(String, &'p Param)>,
    lists: Vec<(String, &'p Param)>,
}

impl Wires<'_> {
    fn single(&self, name: &str) -> Option<&Param> {
        self.single.iter().find(|(w, _)| w == name).map(|(_, p)| *p)
    }

    fn is_list(&self, name: &str) -> bool {
        self.lists.iter().any(|(w, _)| w == name)
    }

    /// Reports `param` unless it is a single-valued parameter.
    fn check(&self, param: &str, at: &str, report: &mut Reporter<'_>) {
        if self.single(param).is_none() {
            report.error(
                at,
                At::Value,
                format!(
                    "`{param}` is not a single-valued parameter of this endpoint ({})",
                    self.single
                        .iter()
                        .map(|(w, _)| w.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

/// Checks an endpoint's `resource:` against its parameters and response.
pub fn resource_use(
    raw: &raw::ResourceUse,
    at: &str,
    params: &[Param],
    response: &Response,
    effect: Effect,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<ResourceUse> {
    let before = report.count();
    let resource = known_resource(&raw.name, at, ctx, report)?;
    let shape = &ctx.shapes[&resource.shape];
    let wires = Wires {
        single: wire_names(params),
        lists: list_wire_names(params),
    };
    let op = raw.op;
    if matches!(op, ResourceOp::Get | ResourceOp::List) != (effect == Effect::Read) {
        report.error(
            &format!("{at}.op"),
            At::Value,
            format!(
                "`op: {}` does not fit an endpoint whose effect is `{}`",
                op.as_str(),
                effect.as_str()
            ),
        );
    }
    let key = named_by(raw, at, resource, &wires, report);
    let (fields, declared_fields) = sets(raw, at, resource, shape, &wires, &key, params, report);
    let Filters {
        filters,
        declared: declared_filters,
        sort,
    } = filters(raw, at, shape, &wires, report);
    match op {
        ResourceOp::List => list_response(response, shape, at, ctx, report),
        ResourceOp::Get => get_response(response, at, report),
        _ => {}
    }
    let set = assigns(raw, at, shape, report);
    check_returns_id(raw, at, resource, response, ctx, report);
    if report.count() > before {
        return None;
    }
    Some(ResourceUse {
        name: resource.name.clone(),
        op,
        key,
        fields,
        declared_fields,
        filters,
        declared_filters,
        sort,
        set,
        returns_id: raw.returns_id.clone(),
    })
}

/// The declared resource a use names; a name whose declaration has problems
/// of its own is not reported again.
fn known_resource<'c>(
    name: &str,
    at: &str,
    ctx: &'c Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<&'c Resource> {
    if let Some(resource) = ctx.resources.get(name) {
        return Some(resource);
    }
    if ctx.declared.contains(name) {
        return None;
    }
    let known = if ctx.declared.is_empty() {
        "none is declared".to_owned()
    } else {
        format!(
            "declared: {}",
            ctx.declared
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    report.error(
        &format!("{at}.name"),
        At::Value,
        format!("unknown resource `{name}`: declare it under `resources:` ({known})"),
    );
    None
}

/// `(key field, parameter)` from `named_by` (or the earlier `key`), each
/// checked, and the key fields the operation needs present.
fn named_by(
    raw: &raw::ResourceUse,
    at: &str,
    resource: &Resource,
    wires: &Wires<'_>,
    report: &mut Reporter<'_>,
) -> Vec<(String, String)> {
    let written = renamed((&raw.named_by, "named_by"), (&raw.key, "key"), at, report);
    let (name, key) = match written {
        Some((name, map)) => (name, strings(map, &format!("{at}.{name}"), report)),
        None => ("named_by", Vec::new()),
    };
    for (field, param) in &key {
        let here = format!("{at}.{name}.{field}");
        if !resource.key.contains(field) {
            report.error(
                &here,
                At::Key,
                format!(
                    "`{field}` is not a key field of `{}` ({})",
                    resource.name,
                    resource.key.join(", ")
                ),
            );
        }
        wires.check(param, &here, report);
    }
    let named = |f: &String| key.iter().any(|(k, _)| k == f);
    match raw.op {
        ResourceOp::Create | ResourceOp::Set => {
            for field in &resource.key {
                let allocated = resource.id.as_ref() == Some(field);
                if allocated && named(field) {
                    report.error(
                        &format!("{at}.{name}.{field}"),
                        At::Key,
                        format!(
                            "`{field}` is allocated by the API on create: no parameter sets it"
                        ),
                    );
                } else if !allocated && !named(field) {
                    report.error(
                        &format!("{at}.{name}"),
                        At::Key,
                        format!(
                            "`op: {}` of `{}` needs the parameter that gives its key field \
                             `{field}`",
                            raw.op.as_str(),
                            resource.name
                        ),
                    );
                }
            }
        }
        ResourceOp::List => {}
        op => {
            for field in resource.key.iter().filter(|f| !named(f)) {
                report.error(
                    &format!("{at}.{name}"),
                    At::Key,
                    format!(
                        "`op: {}` acts on one `{}`: say which parameter gives its key field \
                         `{field}`",
                        op.as_str(),
                        resource.name
                    ),
                );
            }
        }
    }
    key
}

/// `(field, parameter)` a create, update or action sets: those declared
/// under `sets` (or the earlier `fields`), and for a create or update those
/// named like a field.
#[allow(clippy::too_many_arguments)]
fn sets(
    raw: &raw::ResourceUse,
    at: &str,
    resource: &Resource,
    shape: &Shape,
    wires: &Wires<'_>,
    key: &[(String, String)],
    params: &[Param],
    report: &mut Reporter<'_>,
) -> (Vec<(String, String)>, usize) {
    let op = raw.op;
    let changes = matches!(
        op,
        ResourceOp::Create | ResourceOp::Update | ResourceOp::Set
    );
    let written = renamed((&raw.sets, "sets"), (&raw.fields, "fields"), at, report);
    let (name, declared) = match written {
        Some((name, map)) => (name, strings(map, &format!("{at}.{name}"), report)),
        None => ("sets", Vec::new()),
    };
    if !declared.is_empty() && !changes && op != ResourceOp::Action {
        report.error(
            &format!("{at}.{name}"),
            At::Key,
            format!(
                "`{name}` are set by a create, update or action, not a {}",
                op.as_str()
            ),
        );
    }
    let mut fields = Vec::new();
    for (field, param) in &declared {
        let here = format!("{at}.{name}.{field}");
        if wires.is_list(param) {
            // A list parameter sets a list field.
            if !shape.field(field).is_some_and(is_scalar_list) {
                report.error(
                    &here,
                    At::Value,
                    format!(
                        "`{param}` is a list: it sets a field that is a list of single values, \
                         which `{field}` of shape `{}` is not",
                        shape.name
                    ),
                );
            }
        } else {
            scalar_field(shape, field, &here, "field", report);
            if resource.key.contains(field) {
                report.error(
                    &here,
                    At::Key,
                    format!("`{field}` is a key field: name its parameter under `named_by`"),
                );
            }
            wires.check(param, &here, report);
        }
        fields.push((field.clone(), param.clone()));
    }
    let declared = fields.len();
    if changes {
        inferred_sets(op, resource, shape, wires, key, params, &mut fields);
    }
    (fields, declared)
}

/// The fields a create or update sets without saying: parameters named like
/// a single field (the client's ID only on a create: a change does not move
/// one to another client), and list parameters named like a list field.
fn inferred_sets(
    op: ResourceOp,
    resource: &Resource,
    shape: &Shape,
    wires: &Wires<'_>,
    key: &[(String, String)],
    params: &[Param],
    fields: &mut Vec<(String, String)>,
) {
    let client = params
        .iter()
        .find(|p| p.role == Some(Role::ClientId))
        .map(|p| p.name.as_str());
    for (wire, param) in &wires.single {
        let in_key = key.iter().any(|(_, p)| p == wire);
        let taken = fields.iter().any(|(f, p)| *f == param.name || p == wire);
        let fits = shape.field(&param.name).is_some_and(is_single);
        let is_client = client == Some(wire.as_str());
        if fits
            && !in_key
            && !taken
            && (!is_client || op == ResourceOp::Create)
            && !resource.key.contains(&param.name)
            && !wire.starts_with("filters[")
        {
            fields.push((param.name.clone(), wire.clone()));
        }
    }
    for (wire, param) in &wires.lists {
        let taken = fields.iter().any(|(f, p)| *f == param.name || p == wire);
        if !taken && shape.field(&param.name).is_some_and(is_scalar_list) {
            fields.push((param.name.clone(), wire.clone()));
        }
    }
}

/// What a list filters and sorts by.
struct Filters {
    /// `(field, wire name)`: the declared ones first.
    filters: Vec<(String, String)>,
    /// How many of them were declared.
    declared: usize,
    /// The wire names of the sort field and direction.
    sort: Option<(String, String)>,
}

/// A list's filters (declared, and the members of `filters` named like a
/// field) and its sort parameters.
fn filters(
    raw: &raw::ResourceUse,
    at: &str,
    shape: &Shape,
    wires: &Wires<'_>,
    report: &mut Reporter<'_>,
) -> Filters {
    let declared = strings(&raw.filters, &format!("{at}.filters"), report);
    if raw.op != ResourceOp::List {
        if !declared.is_empty() {
            report.error(
                &format!("{at}.filters"),
                At::Key,
                "`filters` belong to a list",
            );
        }
        return Filters {
            filters: Vec::new(),
            declared: 0,
            sort: None,
        };
    }
    let mut filters = Vec::new();
    for (field, param) in &declared {
        let here = format!("{at}.filters.{field}");
        scalar_field(shape, field, &here, "filter field", report);
        wires.check(param, &here, report);
        filters.push((field.clone(), param.clone()));
    }
    let declared_count = filters.len();
    for (wire, param) in &wires.single {
        let Some(member) = wire
            .strip_prefix("filters[")
            .and_then(|m| m.strip_suffix(']'))
        else {
            continue;
        };
        let fits = shape.field(member).is_some_and(is_single);
        let taken = filters.iter().any(|(_, p)| p == wire);
        if fits && !taken && !NOT_FILTERS.contains(&member) {
            filters.push((param.name.clone(), wire.clone()));
        }
    }
    let sort = (wires.single("filters[sort_by]").is_some()
        && wires.single("filters[sort_dir]").is_some())
    .then(|| {
        (
            "filters[sort_by]".to_owned(),
            "filters[sort_dir]".to_owned(),
        )
    });
    Filters {
        filters,
        declared: declared_count,
        sort,
    }
}

/// `(field, JSON value)` an update or action sets to a fixed value, from
/// `assigns` (or the earlier `set`).
fn assigns(
    raw: &raw::ResourceUse,
    at: &str,
    shape: &Shape,
    report: &mut Reporter<'_>,
) -> Vec<(String, String)> {
    let Some((name, map)) = renamed((&raw.assigns, "assigns"), (&raw.set, "set"), at, report)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let Some(field) = k.as_str() else {
            report.error(
                &format!("{at}.{name}"),
                At::Value,
                "every key here is a field's name, as text",
            );
            continue;
        };
        let here = format!("{at}.{name}.{field}");
        scalar_field(shape, field, &here, "field", report);
        let value = match v {
            serde_yaml::Value::String(s) => serde_json::Value::String(s.clone()),
            serde_yaml::Value::Bool(b) => serde_json::Value::Bool(*b),
            serde_yaml::Value::Number(n) if n.is_i64() => serde_json::json!(n.as_i64()),
            _ => {
                report.error(
                    &here,
                    At::Value,
                    "a value assigned is a text, an integer or a boolean",
                );
                continue;
            }
        };
        out.push((field.to_owned(), value.to_string()));
    }
    if !out.is_empty() && !matches!(raw.op, ResourceOp::Update | ResourceOp::Action) {
        report.error(
            &format!("{at}.{name}"),
            At::Key,
            format!("`{name}` belongs to an update or action"),
        );
    }
    out
}

fn check_returns_id(
    raw: &raw::ResourceUse,
    at: &str,
    resource: &Resource,
    response: &Response,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) {
    let Some(id) = &raw.returns_id else {
        return;
    };
    let here = format!("{at}.returns_id");
    let in_response = response
        .shape
        .as_ref()
        .and_then(|s| ctx.shapes.get(s))
        .is_some_and(|s| s.field(id).is_some());
    // A key field the request may leave to the API (a server's name) is
    // returned as an allocated ID is.
    let returned_key = resource.id.is_none() && resource.key.contains(id);
    if raw.op != ResourceOp::Create || (resource.id.is_none() && !returned_key) {
        report.error(
            &here,
            At::Key,
            format!(
                "`returns_id` names where a create returns the ID the API allocates, or a key \
                 field it names when the request leaves it out; `{}` {}",
                resource.name,
                if raw.op == ResourceOp::Create {
                    "has no `id`, nor such a key field"
                } else {
                    "is not created here"
                }
            ),
        );
    } else if !in_response {
        report.error(
            &here,
            At::Value,
            format!("`{id}` is not a field of this endpoint's response shape"),
        );
    }
}

/// A get returns one object of a shape.
fn get_response(response: &Response, at: &str, report: &mut Reporter<'_>) {
    let fits = response.shape.is_some()
        && !response.list
        && !response.map
        && response.paging.is_none()
        && response.job.is_none();
    if !fits {
        report.error(
            at,
            At::Key,
            "`op: get` returns one resource: the response needs a shape as its `type`, and no \
             `list`, `map`, `paged` or `job`",
        );
    }
}

/// A list answers a list or a page of the resource's shape, or one object
/// holding a page (`total_items` and a list `data` of it).
fn list_response(
    response: &Response,
    shape: &Shape,
    at: &str,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) {
    let Some(name) = &response.shape else {
        report.error(
            at,
            At::Key,
            "`op: list` needs a shape as its response `type`",
        );
        return;
    };
    let fits = if response.list || response.paging.is_some() {
        name == &shape.name || ctx.shapes.contains_key(name)
    } else {
        ctx.shapes.get(name).is_some_and(|page| {
            page.field("total_items").is_some()
                && page
                    .field("data")
                    .is_some_and(|d| d.list && matches!(&d.ty, FieldType::Shape(_)))
        })
    };
    if !fits || response.map || response.job.is_some() {
        report.error(
            at,
            At::Key,
            "`op: list` returns a list or a page: the response needs `list: true`, `paged`, or a \
             shape with `total_items` and a list `data`",
        );
    }
}
