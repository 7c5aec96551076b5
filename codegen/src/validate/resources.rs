//! Resources (`resources:`) and what endpoints do to them (an endpoint's
//! `resource:`): every field a shape's, every parameter the endpoint's, every
//! operation given the parameters it needs.
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

use super::{Context, FirstSeen, Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{
    Effect, Field, FieldType, ListEncoding, Param, Resource, ResourceOp, ResourceUse, Response,
    Role, Shape, snake_case,
};
use crate::raw;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The members of `filters` that hold a list's page and sort: never filters.
const NOT_FILTERS: &[&str] = &["sort_by", "sort_dir", "page_number", "page_size"];

/// Checks every file's `resources:`.
pub fn resources(
    files: &[SourceFile<'_>],
    shapes: &BTreeMap<String, Shape>,
    out: &mut Problems,
) -> BTreeMap<String, Resource> {
    let mut found: BTreeMap<String, Resource> = BTreeMap::new();
    let mut first: HashMap<String, FirstSeen<'_>> = HashMap::new();
    let mut parents = Vec::new();
    // An extension's files are read with the crate's own: its endpoints may
    // use the crate's resources, but it cannot add any (the fake that keeps
    // them is the crate's).
    let extension = files.iter().any(|f| f.upstream);
    for file in files {
        for (i, raw) in file.raw.resources.iter().enumerate() {
            let at = format!("resources[{i}]");
            let report = &mut file.reporter(out);
            if extension && !file.upstream {
                report.error(
                    &format!("{at}.name"),
                    At::Key,
                    "resources are declared in the sitehost crate's spec: a spec of your own \
                     may use them in an endpoint's `resource:`, not declare new ones",
                );
                continue;
            }
            let Some(resource) = declaration(raw, &at, file, shapes, &first, report) else {
                continue;
            };
            if raw.parent.is_some() {
                parents.push((file, at.clone(), raw.name.clone()));
            }
            first.insert(
                raw.name.clone(),
                FirstSeen {
                    file,
                    at: format!("{at}.name"),
                },
            );
            found.insert(raw.name.clone(), resource);
        }
    }
    // Parents once every resource is known: they may come later or elsewhere.
    for (file, at, name) in parents {
        check_parent(&found, &name, &at, &mut file.reporter(out));
    }
    found
}

/// One resource's declaration, checked on its own.
fn declaration(
    raw: &raw::Resource,
    at: &str,
    file: &SourceFile<'_>,
    shapes: &BTreeMap<String, Shape>,
    first: &HashMap<String, FirstSeen<'_>>,
    report: &mut Reporter<'_>,
) -> Option<Resource> {
    let before = report.count();
    if snake_case(&raw.name).as_deref() != Some(raw.name.as_str()) {
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "resource name `{}` must be snake case, such as `dns_record`",
                raw.name
            ),
        );
    } else if let Some(first) = first.get(&raw.name) {
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "resource `{}` is already declared at {}",
                raw.name,
                first.place()
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
                "unknown shape `{}`: a resource is stored and returned in a shape defined under \
                 `shapes:`",
                raw.shape
            ),
        );
        return None;
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
                "`id: {id}` names the key field the API allocates; it is not one of `key` ({})",
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
    let parent = raw
        .parent
        .as_ref()
        .map(|p| (p.resource.clone(), parent_pairs(p, raw, at, report)));
    if report.count() > before {
        return None;
    }
    Some(Resource {
        name: raw.name.clone(),
        description: raw.description.trim().to_owned(),
        shape: raw.shape.clone(),
        key: raw.key.clone(),
        id: raw.id.clone(),
        parent,
        created: raw.created.clone(),
        updated: raw.updated.clone(),
        // Resolved once the endpoints are known (`desired::resolve`).
        desired: None,
        file: file.spec_file(),
    })
}

/// `(own field, parent's key field)` of a parent, from `via` (or the
/// earlier `key`, with a hint).
fn parent_pairs(
    p: &raw::ResourceParent,
    raw: &raw::Resource,
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, String)> {
    let Some((key, pairs)) = renamed(
        (&p.via, "via"),
        (&p.key, "key"),
        &format!("{at}.parent"),
        report,
    ) else {
        report.error(
            &format!("{at}.parent"),
            At::Key,
            "say which of this resource's fields hold the parent's key: `via: {domain: name}`",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (own, theirs) in strings(pairs, &format!("{at}.parent.{key}"), report) {
        if !raw.key.contains(&own) {
            report.error(
                &format!("{at}.parent.{key}.{own}"),
                At::Key,
                format!(
                    "`{own}` names the parent; it must be one of this resource's key fields ({})",
                    raw.key.join(", ")
                ),
            );
        }
        out.push((own, theirs));
    }
    out
}

/// A declared resource's parent, once all are known.
fn check_parent(
    found: &BTreeMap<String, Resource>,
    name: &str,
    at: &str,
    report: &mut Reporter<'_>,
) {
    let Some(child) = found.get(name) else {
        return;
    };
    let Some((parent, pairs)) = &child.parent else {
        return;
    };
    let Some(theirs) = found.get(parent) else {
        report.error(
            &format!("{at}.parent.resource"),
            At::Value,
            format!("unknown resource `{parent}`: declare it under `resources:`"),
        );
        return;
    };
    for key in &theirs.key {
        if !pairs.iter().any(|(_, t)| t == key) {
            report.error(
                &format!("{at}.parent"),
                At::Value,
                format!(
                    "the parent `{parent}` is named by its key field `{key}`: say which field of \
                     `{name}` holds it"
                ),
            );
        }
    }
    for (own, t) in pairs {
        if !theirs.key.contains(t) {
            report.error(
                &format!("{at}.parent.via.{own}"),
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

/// The key written under its new name or its earlier one (with a hint);
/// both is an error. Returns the name written and its mapping.
fn renamed<'m>(
    new: (&'m Option<serde_yaml::Mapping>, &'static str),
    old: (&'m Option<serde_yaml::Mapping>, &'static str),
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<(&'static str, &'m serde_yaml::Mapping)> {
    match (new.0, old.0) {
        (Some(map), None) => Some((new.1, map)),
        (None, Some(map)) => {
            report.hint(
                &format!("{at}.{}", old.1),
                At::Key,
                format!("write `{}:` (`{}:` is the earlier spelling)", new.1, old.1),
            );
            Some((old.1, map))
        }
        (Some(map), Some(_)) => {
            report.error(
                &format!("{at}.{}", old.1),
                At::Key,
                format!(
                    "`{}` is the earlier spelling of `{}`: write only `{}`",
                    old.1, new.1, new.1
                ),
            );
            Some((new.1, map))
        }
        (None, None) => None,
    }
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
        Some(f) if !is_single(f) => {
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

/// Whether a field holds one scalar value.
fn is_single(f: &Field) -> bool {
    !f.list && !f.map && !matches!(f.ty, FieldType::Shape(_))
}

/// Whether a field holds a list of single values.
fn is_scalar_list(field: &Field) -> bool {
    field.list && !field.map && !matches!(field.ty, FieldType::Shape(_))
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

/// Every resource name the files declare.
pub fn declared(files: &[SourceFile<'_>]) -> BTreeSet<String> {
    files
        .iter()
        .flat_map(|f| f.raw.resources.iter().map(|r| r.name.clone()))
        .collect()
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
    if raw.op != ResourceOp::Create || resource.id.is_none() {
        report.error(
            &here,
            At::Key,
            format!(
                "`returns_id` names where a create returns the ID the API allocates; `{}` {}",
                resource.name,
                if raw.op == ResourceOp::Create {
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
