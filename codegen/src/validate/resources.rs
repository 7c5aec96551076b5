//! Resources (`resources:`) and what endpoints do to them (an endpoint's
//! `resource:`): every field a shape's, every parameter the endpoint's, every
//! operation given the parameters it needs.

use super::{Origin, Reporter, SourceFile};
use crate::diag::{At, Diagnostic};
use crate::model::{
    Effect, Field, FieldType, Param, Resource, ResourceOp, ResourceUse, Response, Shape, snake_case,
};
use crate::raw;
use std::collections::{BTreeMap, HashMap};

/// The parameters that hold a list's page, sort and client: never filters.
const NOT_FILTERS: &[&str] = &["sort_by", "sort_dir", "page_number", "page_size"];

/// Checks every file's `resources:`.
pub fn resources(
    files: &[SourceFile<'_>],
    shapes: &BTreeMap<String, Shape>,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Resource> {
    let mut found: BTreeMap<String, Resource> = BTreeMap::new();
    let mut origins: HashMap<String, Origin<'_>> = HashMap::new();
    let mut parents = Vec::new();
    // An extension's files are read with the crate's own: its endpoints may
    // use the crate's resources, but it cannot add any (the fake that keeps
    // them is the crate's).
    let extension = files.iter().any(SourceFile::is_base);
    for file in files {
        for (i, raw) in file.raw.resources.iter().enumerate() {
            let at = format!("resources[{i}]");
            let report = &mut file.reporter(out);
            let before = report.count();
            if extension && !file.is_base() {
                report.error(
                    &format!("{at}.name"),
                    At::Key,
                    "resources are declared in the sitehost crate's spec: a spec of your own \
                     may use them in an endpoint's `resource:`, not declare new ones",
                );
                continue;
            }
            if snake_case(&raw.name).as_deref() != Some(raw.name.as_str()) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!(
                        "resource name `{}` must be snake case, such as `dns_record`",
                        raw.name
                    ),
                );
            } else if let Some(first) = origins.get(&raw.name) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!(
                        "resource `{}` is already declared at {}",
                        raw.name,
                        first.describe()
                    ),
                );
            }
            if raw.description.trim().is_empty() {
                report.error(
                    &format!("{at}.description"),
                    At::Value,
                    "the description is empty: say what the resource is",
                );
            }
            let Some(shape) = shapes.get(&raw.shape) else {
                report.error(
                    &format!("{at}.shape"),
                    At::Value,
                    format!(
                        "unknown shape `{}`: a resource is stored and returned in a shape \
                         defined under `shapes:`",
                        raw.shape
                    ),
                );
                continue;
            };
            if raw.key.is_empty() {
                report.error(
                    &format!("{at}.key"),
                    At::Value,
                    "a resource needs the fields that identify one: `key: [name]`",
                );
            }
            for (k, field) in raw.key.iter().enumerate() {
                scalar_field(shape, field, &format!("{at}.key[{k}]"), "key field", report);
                if raw.key[..k].contains(field) {
                    report.error(
                        &format!("{at}.key[{k}]"),
                        At::Value,
                        format!("key field `{field}` is named twice"),
                    );
                }
            }
            if let Some(id) = &raw.id
                && !raw.key.contains(id)
            {
                report.error(
                    &format!("{at}.id"),
                    At::Value,
                    format!(
                        "`id: {id}` names the key field the API allocates; it is not one \
                         of `key` ({})",
                        raw.key.join(", ")
                    ),
                );
            }
            for (list, fields) in [("created", &raw.created), ("updated", &raw.updated)] {
                for (k, field) in fields.iter().enumerate() {
                    let at = format!("{at}.{list}[{k}]");
                    if let Some(f) = scalar_field(shape, field, &at, "time field", report)
                        && f.ty != FieldType::String
                    {
                        report.error(
                            &at,
                            At::Value,
                            format!("`{field}` is not text, so it cannot hold a time"),
                        );
                    }
                }
            }
            let mut parent = None;
            if let Some(p) = &raw.parent {
                let mut pairs = Vec::new();
                for (own, theirs) in strings(&p.key, &format!("{at}.parent.key"), report) {
                    if !raw.key.contains(&own) {
                        report.error(
                            &format!("{at}.parent.key.{own}"),
                            At::Key,
                            format!(
                                "`{own}` names the parent; it must be one of this resource's \
                                 key fields ({})",
                                raw.key.join(", ")
                            ),
                        );
                    }
                    pairs.push((own, theirs));
                }
                parents.push((file, at.clone(), raw.name.clone(), p.resource.clone()));
                parent = Some((p.resource.clone(), pairs));
            }
            if report.count() > before {
                continue;
            }
            origins.insert(
                raw.name.clone(),
                Origin {
                    file,
                    at: format!("{at}.name"),
                },
            );
            found.insert(
                raw.name.clone(),
                Resource {
                    name: raw.name.clone(),
                    description: raw.description.trim().to_owned(),
                    shape: raw.shape.clone(),
                    key: raw.key.clone(),
                    id: raw.id.clone(),
                    parent,
                    created: raw.created.clone(),
                    updated: raw.updated.clone(),
                    source: file.relative.to_owned(),
                },
            );
        }
    }
    // Parents once every resource is known: they may come later or elsewhere.
    for (file, at, name, parent) in parents {
        let Some(child) = found.get(&name) else {
            continue;
        };
        let report = &mut file.reporter(out);
        let Some(theirs) = found.get(&parent) else {
            report.error(
                &format!("{at}.parent.resource"),
                At::Value,
                format!("unknown resource `{parent}`: declare it under `resources:`"),
            );
            continue;
        };
        let pairs = child.parent.as_ref().map(|p| &p.1[..]).unwrap_or_default();
        for key in &theirs.key {
            if !pairs.iter().any(|(_, t)| t == key) {
                report.error(
                    &format!("{at}.parent.key"),
                    At::Value,
                    format!(
                        "the parent `{parent}` is named by its key field `{key}`: say which \
                         field of `{name}` holds it"
                    ),
                );
            }
        }
        for (own, t) in pairs {
            if !theirs.key.contains(t) {
                report.error(
                    &format!("{at}.parent.key.{own}"),
                    At::Value,
                    format!(
                        "`{t}` is not a key field of `{parent}` ({})",
                        theirs.key.join(", ")
                    ),
                );
            }
        }
        if parent == name {
            report.error(
                &format!("{at}.parent.resource"),
                At::Value,
                "a resource cannot belong to itself",
            );
        }
    }
    found
}

/// The field `name` of `shape`, if it is a single scalar; reported if not.
fn scalar_field<'s>(
    shape: &'s Shape,
    name: &str,
    at: &str,
    what: &str,
    report: &mut Reporter<'_>,
) -> Option<&'s Field> {
    match shape.field(name) {
        None => {
            report.error(
                at,
                At::Value,
                format!(
                    "{what} `{name}` is not a field of shape `{}` ({})",
                    shape.name,
                    shape
                        .fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            None
        }
        Some(f) if f.list || f.map || matches!(f.ty, FieldType::Shape(_)) => {
            report.error(
                at,
                At::Value,
                format!("{what} `{name}` must be a single value, not a list, map or shape"),
            );
            None
        }
        Some(f) => Some(f),
    }
}

/// A mapping whose keys and values are text, in the order written.
fn strings(
    map: &serde_yaml::Mapping,
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, v) in map {
        match (k.as_str(), v.as_str()) {
            (Some(k), Some(v)) => out.push((k.to_owned(), v.to_owned())),
            (Some(k), None) => report.error(
                &format!("{at}.{k}"),
                At::Value,
                format!("`{k}` must name a parameter or field as text"),
            ),
            _ => report.error(at, At::Value, "every key here is a field's name, as text"),
        }
    }
    out
}

/// The wire names of an endpoint's single-valued parameters: top-level
/// ones, and the members of groups (`params[label]`).
fn wire_names(params: &[Param]) -> Vec<(String, &Param)> {
    let mut out = Vec::new();
    for p in params {
        if let Some(group) = p.group() {
            if p.list.is_none() && p.map.is_none() {
                for m in &group.members {
                    if m.is_plain_scalar() {
                        out.push((format!("{}[{}]", p.name, m.name), m));
                    }
                }
            }
        } else if p.is_plain_scalar() {
            out.push((p.name.clone(), p));
        }
    }
    out
}

/// The wire names of an endpoint's lists of single values, without their
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

/// Whether a field holds a list of single values.
fn is_scalar_list(field: &Field) -> bool {
    field.list && !matches!(field.ty, FieldType::Shape(_))
}

/// The context an endpoint's `resource:` is checked in.
pub struct UseScope<'a> {
    /// The resources declared without problems.
    pub resources: &'a BTreeMap<String, Resource>,
    /// Every name declared, with problems or not: a use of one whose
    /// declaration has problems is not reported again.
    pub declared: &'a std::collections::BTreeSet<String>,
    pub shapes: &'a BTreeMap<String, Shape>,
}

/// Every resource name the files declare.
pub fn declared(files: &[SourceFile<'_>]) -> std::collections::BTreeSet<String> {
    files
        .iter()
        .flat_map(|f| f.raw.resources.iter().map(|r| r.name.clone()))
        .collect()
}

/// Checks an endpoint's `resource:` against its parameters and response.
pub fn resource_use(
    raw: &raw::ResourceUse,
    at: &str,
    params: &[Param],
    response: &Response,
    effect: Effect,
    scope: &UseScope<'_>,
    report: &mut Reporter<'_>,
) -> Option<ResourceUse> {
    let before = report.count();
    let Some(resource) = scope.resources.get(&raw.name) else {
        if scope.declared.contains(&raw.name) {
            return None;
        }
        let known = if scope.declared.is_empty() {
            "none is declared".to_owned()
        } else {
            format!(
                "declared: {}",
                scope
                    .declared
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "unknown resource `{}`: declare it under `resources:` ({known})",
                raw.name
            ),
        );
        return None;
    };
    let shape = &scope.shapes[&resource.shape];
    let wires = wire_names(params);
    let wire = |name: &str| wires.iter().find(|(w, _)| w == name).map(|(_, p)| *p);
    let check_param = |param: &str, at: &str, report: &mut Reporter<'_>| {
        if wire(param).is_none() {
            report.error(
                at,
                At::Value,
                format!(
                    "`{param}` is not a single-valued parameter of this endpoint ({})",
                    wires
                        .iter()
                        .map(|(w, _)| w.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    };
    let op = raw.op;
    let reads = matches!(op, ResourceOp::Get | ResourceOp::List);
    if reads != (effect == Effect::Read) {
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

    let key = strings(&raw.key, &format!("{at}.key"), report);
    for (field, param) in &key {
        let here = format!("{at}.key.{field}");
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
        check_param(param, &here, report);
    }
    let named = |f: &String| key.iter().any(|(k, _)| k == f);
    match op {
        ResourceOp::Create => {
            for field in &resource.key {
                let allocated = resource.id.as_ref() == Some(field);
                if allocated && named(field) {
                    report.error(
                        &format!("{at}.key.{field}"),
                        At::Key,
                        format!(
                            "`{field}` is allocated by the API on create: no parameter sets it"
                        ),
                    );
                } else if !allocated && !named(field) {
                    report.error(
                        &format!("{at}.key"),
                        At::Key,
                        format!(
                            "a create of `{}` needs the parameter that gives its key field \
                             `{field}`",
                            resource.name
                        ),
                    );
                }
            }
        }
        ResourceOp::List => {}
        _ => {
            for field in &resource.key {
                if !named(field) {
                    report.error(
                        &format!("{at}.key"),
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
    }

    let declared = strings(&raw.fields, &format!("{at}.fields"), report);
    if !declared.is_empty()
        && !matches!(
            op,
            ResourceOp::Create | ResourceOp::Update | ResourceOp::Action
        )
    {
        report.error(
            &format!("{at}.fields"),
            At::Key,
            format!(
                "`fields` are set by a create, update or action, not a {}",
                op.as_str()
            ),
        );
    }
    let lists = list_wire_names(params);
    let is_list = |wire: &str| lists.iter().any(|(w, _)| w == wire);
    let mut fields = Vec::new();
    for (field, param) in &declared {
        let here = format!("{at}.fields.{field}");
        if is_list(param) {
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
            fields.push((field.clone(), param.clone()));
            continue;
        }
        scalar_field(shape, field, &here, "field", report);
        if resource.key.contains(field) {
            report.error(
                &here,
                At::Key,
                format!("`{field}` is a key field: name its parameter under `key`"),
            );
        }
        check_param(param, &here, report);
        fields.push((field.clone(), param.clone()));
    }
    // Beyond those declared: the parameters named like a field, top-level
    // or members of a group such as `params[label]` (the client's ID only
    // on a create: a change does not move one to another client).
    if matches!(op, ResourceOp::Create | ResourceOp::Update) {
        for (wire_name, param) in &wires {
            let in_key = key.iter().any(|(_, p)| p == wire_name);
            let taken = fields
                .iter()
                .any(|(f, p)| f == &param.name || p == wire_name);
            let field = shape.field(&param.name);
            let fits =
                field.is_some_and(|f| !f.list && !f.map && !matches!(f.ty, FieldType::Shape(_)));
            if fits
                && !in_key
                && !taken
                && (param.name != "client_id" || op == ResourceOp::Create)
                && !resource.key.contains(&param.name)
                && !wire_name.starts_with("filters[")
            {
                fields.push((param.name.clone(), wire_name.clone()));
            }
        }
    }

    if matches!(op, ResourceOp::Create | ResourceOp::Update) {
        for (wire_name, param) in &lists {
            let taken = fields
                .iter()
                .any(|(f, p)| f == &param.name || p == wire_name);
            if !taken && shape.field(&param.name).is_some_and(is_scalar_list) {
                fields.push((param.name.clone(), wire_name.clone()));
            }
        }
    }

    let mut filters = Vec::new();
    let mut sort = None;
    let declared_filters = strings(&raw.filters, &format!("{at}.filters"), report);
    if op != ResourceOp::List && !declared_filters.is_empty() {
        report.error(
            &format!("{at}.filters"),
            At::Key,
            "`filters` belong to a list",
        );
    }
    if op == ResourceOp::List {
        for (field, param) in &declared_filters {
            let here = format!("{at}.filters.{field}");
            scalar_field(shape, field, &here, "filter field", report);
            check_param(param, &here, report);
            filters.push((field.clone(), param.clone()));
        }
        for (wire_name, param) in &wires {
            let Some(member) = wire_name
                .strip_prefix("filters[")
                .and_then(|m| m.strip_suffix(']'))
            else {
                continue;
            };
            let fits = shape
                .field(member)
                .is_some_and(|f| !f.list && !f.map && !matches!(f.ty, FieldType::Shape(_)));
            let taken = filters.iter().any(|(_, p)| p == wire_name);
            if fits && !taken && !NOT_FILTERS.contains(&member) {
                filters.push((param.name.clone(), wire_name.clone()));
            }
        }
        if wire("filters[sort_by]").is_some() && wire("filters[sort_dir]").is_some() {
            sort = Some((
                "filters[sort_by]".to_owned(),
                "filters[sort_dir]".to_owned(),
            ));
        }
        list_response(response, shape, at, scope, report);
    }
    if op == ResourceOp::Get {
        let fits = response.shape.is_some()
            && !response.list
            && !response.map
            && response.paging.is_none()
            && response.job.is_none();
        if !fits {
            report.error(
                at,
                At::Key,
                "`op: get` returns one resource: the response needs a `shape`, and no `list`, \
                 `map`, `paged` or `job`",
            );
        }
    }

    let mut set = Vec::new();
    for (k, v) in &raw.set {
        let Some(field) = k.as_str() else {
            report.error(
                &format!("{at}.set"),
                At::Value,
                "every key here is a field's name, as text",
            );
            continue;
        };
        let here = format!("{at}.set.{field}");
        scalar_field(shape, field, &here, "field", report);
        let value = match v {
            serde_yaml::Value::String(s) => serde_json::Value::String(s.clone()),
            serde_yaml::Value::Bool(b) => serde_json::Value::Bool(*b),
            serde_yaml::Value::Number(n) if n.is_i64() => serde_json::json!(n.as_i64()),
            _ => {
                report.error(
                    &here,
                    At::Value,
                    "a value set is a text, an integer or a boolean",
                );
                continue;
            }
        };
        set.push((field.to_owned(), value.to_string()));
    }
    if !set.is_empty() && !matches!(op, ResourceOp::Update | ResourceOp::Action) {
        report.error(
            &format!("{at}.set"),
            At::Key,
            "`set` belongs to an update or action",
        );
    }

    if let Some(id) = &raw.returns_id {
        let here = format!("{at}.returns_id");
        let in_response = response
            .shape
            .as_ref()
            .and_then(|s| scope.shapes.get(s))
            .is_some_and(|s| s.field(id).is_some());
        if op != ResourceOp::Create || resource.id.is_none() {
            report.error(
                &here,
                At::Key,
                format!(
                    "`returns_id` names where a create returns the ID the API allocates; `{}` \
                     {}",
                    resource.name,
                    if op == ResourceOp::Create {
                        "has no `id`"
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
    if report.count() > before {
        return None;
    }
    Some(ResourceUse {
        name: resource.name.clone(),
        op,
        key,
        fields,
        filters,
        sort,
        set,
        returns_id: raw.returns_id.clone(),
    })
}

/// A list answers a list or a page of the resource's shape, or one object
/// holding a page (`total_items` and a list `data` of it).
fn list_response(
    response: &Response,
    shape: &Shape,
    at: &str,
    scope: &UseScope<'_>,
    report: &mut Reporter<'_>,
) {
    let Some(name) = &response.shape else {
        report.error(at, At::Key, "`op: list` needs a response `shape`");
        return;
    };
    let fits = if response.list || response.paging.is_some() {
        name == &shape.name || scope.shapes.contains_key(name)
    } else {
        scope.shapes.get(name).is_some_and(|page| {
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
