//! A resource's `desired:` block, which desired state (`sitehost plan`,
//! `apply` and `export`) reads: checked once every endpoint is known, since
//! it names the endpoints that list, create, change and delete one.
//!
//! - `match` names the fields that identify an object of a state file: the
//!   fields linking it to its parent among them, each a single value of the
//!   resource's shape;
//! - `secret` names fields the create endpoint sets that the API never
//!   returns; `computed` fields of the shape the API sets;
//! - `list`, `create`, `update` and `delete` name the endpoint of each
//!   operation where the spec has several; a list and a create are needed.

use super::{Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{Desired, Endpoint, Resource, ResourceOp, Shape};
use crate::raw;
use std::collections::BTreeMap;

/// Resolves and checks every resource's `desired:` block.
pub fn resolve(
    files: &[SourceFile<'_>],
    resources: &mut BTreeMap<String, Resource>,
    endpoints: &[Endpoint],
    shapes: &BTreeMap<String, Shape>,
    out: &mut Problems,
) {
    let mut resolved = Vec::new();
    let raw: Vec<&raw::Resource> = files.iter().flat_map(|f| &f.raw.resources).collect();
    let declared = super::desired_refs::declared(&raw);
    let spec = Spec {
        resources: &*resources,
        endpoints,
        shapes,
        declared: &declared,
    };
    for file in files {
        for (i, raw) in file.raw.resources.iter().enumerate() {
            let Some(declared) = &raw.desired else {
                continue;
            };
            let Some(resource) = resources.get(&raw.name) else {
                continue;
            };
            let Some(shape) = shapes.get(&resource.shape) else {
                continue;
            };
            let at = format!("resources[{i}].desired");
            let report = &mut file.reporter(out);
            if let Some(desired) = check(declared, (resource, shape), &spec, &at, report) {
                resolved.push((raw.name.clone(), desired));
            }
        }
    }
    for (name, desired) in resolved {
        if let Some(resource) = resources.get_mut(&name) {
            resource.desired = Some(desired);
        }
    }
}

/// What a declaration is checked against: the spec's resources, endpoints
/// and shapes.
pub(super) struct Spec<'a> {
    pub resources: &'a BTreeMap<String, Resource>,
    pub endpoints: &'a [Endpoint],
    pub shapes: &'a BTreeMap<String, Shape>,
    /// The resources with a `desired:` block, and those each refers to.
    pub declared: &'a super::desired_refs::Declared,
}

fn check(
    raw: &raw::Desired,
    (resource, shape): (&Resource, &Shape),
    spec: &Spec<'_>,
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<Desired> {
    let Spec {
        endpoints, shapes, ..
    } = *spec;
    let before = report.count();
    check_match(raw, resource, shape, at, report);
    for (k, field) in raw.computed.iter().enumerate() {
        if shape.field(field).is_none() {
            report.error(
                &format!("{at}.computed[{k}]"),
                At::Value,
                format!("`{field}` is not a field of shape `{}`", shape.name),
            );
        }
    }
    // An endpoint that sets (makes, or changes) serves to create and update.
    let lookup = Lookup {
        resource: &resource.name,
        endpoints,
        at,
    };
    // Objects read from a field of their parent's are listed by the
    // parent's list.
    let lists = super::desired_more::listed_by(raw, (resource, shape), spec, at, report);
    let list = lists.map(|of| {
        let lookup = Lookup {
            resource: of,
            ..lookup
        };
        lookup.endpoint(raw.list.as_deref(), "list", &[ResourceOp::List], report)
    });
    let list = list.flatten();
    let bare_list = raw.bare_list.as_ref().filter(|b| {
        super::desired_more::check_bare_list(b, shape, list.flatten(), spec, at, report)
    });
    let create = lookup.endpoint(
        raw.create.as_deref(),
        "create",
        &[ResourceOp::Create, ResourceOp::Set],
        report,
    );
    let update = lookup.endpoint(
        raw.update.as_deref(),
        "update",
        &[ResourceOp::Update, ResourceOp::Set],
        report,
    );
    let delete = lookup.endpoint(
        raw.delete.as_deref(),
        "delete",
        &[ResourceOp::Delete],
        report,
    );
    for (op, found) in [("list", &list), ("create", &create)] {
        if matches!(found, Some(None)) {
            report.error(
                at,
                At::Key,
                format!(
                    "desired state needs an endpoint that does `op: {op}` to `{}`, and the spec \
                     has none",
                    resource.name
                ),
            );
        }
    }
    if let Some(create) = create.flatten() {
        check_secrets(raw, create, at, report);
    }
    let defaults = defaults(raw, create.flatten(), shape, at, report);
    let declared = super::desired_more::Declared {
        resource,
        shape,
        create: create.flatten(),
        endpoints,
        shapes,
    };
    let more = super::desired_more::check(raw, &declared, at, report);
    let (get, from_get) = super::desired_get::check(
        &raw.from_get,
        (resource, shape),
        spec,
        update.flatten(),
        at,
        report,
    );
    let refers = super::desired_refs::check(
        &raw.refers,
        (resource, shape),
        (spec.resources, spec.declared),
        at,
        report,
    );
    if report.count() > before {
        return None;
    }
    Some(Desired {
        matched_by: raw.matched_by.clone(),
        secrets: raw.secret.clone(),
        computed: raw.computed.clone(),
        defaults,
        list: list.flatten()?.path.clone(),
        create: create.flatten()?.path.clone(),
        update: update.flatten().map(|e| e.path.clone()),
        delete: delete.flatten().map(|e| e.path.clone()),
        or_match: more.or_match,
        changes: more.changes,
        returns_secret: more.returns_secret,
        refuse_fixed: more.refuse_fixed,
        read_from: raw.read_from.clone(),
        unordered: raw.unordered.clone(),
        bare_list: bare_list.map(|b| (b.field.clone(), b.item.clone())),
        get,
        from_get,
        refers,
    })
}

/// `match`: single-valued fields of the shape, not the allocated ID, the
/// fields linking one to its parent among them.
fn check_match(
    raw: &raw::Desired,
    resource: &Resource,
    shape: &Shape,
    at: &str,
    report: &mut Reporter<'_>,
) {
    if raw.matched_by.is_empty() {
        report.error(
            &format!("{at}.match"),
            At::Key,
            "`match` needs the fields that identify an object of a state file",
        );
    }
    for (k, field) in raw.matched_by.iter().enumerate() {
        let here = format!("{at}.match[{k}]");
        match shape.field(field) {
            None => report.error(
                &here,
                At::Value,
                format!("`{field}` is not a field of shape `{}`", shape.name),
            ),
            Some(f) if f.list || f.map || matches!(f.ty, crate::model::FieldType::Shape(_)) => {
                report.error(
                    &here,
                    At::Value,
                    format!("`{field}` must be a single value to match by"),
                );
            }
            Some(_) => {}
        }
        if resource.id.as_deref() == Some(field.as_str()) {
            report.error(
                &here,
                At::Value,
                format!(
                    "`{field}` is the ID the API allocates, which a state file cannot know: match \
                     by fields the file writes"
                ),
            );
        }
    }
    if let Some((parent, pairs)) = &resource.parent {
        for (own, _) in pairs {
            if !raw.matched_by.contains(own) {
                report.error(
                    &format!("{at}.match"),
                    At::Value,
                    format!("`match` must hold `{own}`, which says which {parent} one belongs to"),
                );
            }
        }
    }
}

/// `secret`: fields the create endpoint sets.
fn check_secrets(raw: &raw::Desired, create: &Endpoint, at: &str, report: &mut Reporter<'_>) {
    let uses = create.resource.as_ref();
    for (k, field) in raw.secret.iter().enumerate() {
        if !uses.is_some_and(|u| u.fields.iter().any(|(f, _)| f == field)) {
            report.error(
                &format!("{at}.secret[{k}]"),
                At::Value,
                format!("`{field}` is not a field the create endpoint sets"),
            );
        }
    }
}

/// `defaults`: each a parameter of the create endpoint that sets no field
/// of the shape, with a single value (a text, number or boolean).
fn defaults(
    raw: &raw::Desired,
    create: Option<&Endpoint>,
    shape: &Shape,
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in &raw.defaults {
        let Some(name) = key.as_str() else {
            report.error(
                &format!("{at}.defaults"),
                At::Key,
                "a default is named by a parameter",
            );
            continue;
        };
        let here = format!("{at}.defaults.{name}");
        let param = create.and_then(|e| e.params.iter().find(|p| p.name == name));
        if param.is_none_or(|p| p.group().is_some() || p.list.is_some() || p.map.is_some()) {
            report.error(
                &here,
                At::Key,
                format!("`{name}` is not a single-valued parameter of the create endpoint"),
            );
            continue;
        }
        if shape.field(name).is_some() {
            report.error(
                &here,
                At::Key,
                format!(
                    "`{name}` is a field of `{}`: a state file writes it, and the API returns it",
                    shape.name
                ),
            );
            continue;
        }
        let json = match value {
            serde_yaml::Value::Bool(b) => serde_json::Value::Bool(*b),
            serde_yaml::Value::Number(n) if n.as_i64().is_some() => serde_json::json!(n.as_i64()),
            serde_yaml::Value::String(s) => serde_json::Value::String(s.clone()),
            _ => {
                report.error(
                    &here,
                    At::Value,
                    "a default is a text, an integer or a boolean",
                );
                continue;
            }
        };
        out.push((name.to_owned(), json.to_string()));
    }
    out
}

/// Where endpoints are looked up: those of one resource, by name.
struct Lookup<'a> {
    resource: &'a str,
    endpoints: &'a [Endpoint],
    at: &'a str,
}

impl<'a> Lookup<'a> {
    /// The endpoint desired state uses for `key`: the one `named` (which
    /// must do one of `ops` to the resource), else the only one doing the
    /// first of `ops` (or, where none does, the only one doing another);
    /// `Some(None)` where there is none, `None` where a problem was
    /// reported.
    fn endpoint(
        &self,
        named: Option<&str>,
        key: &str,
        ops: &[ResourceOp],
        report: &mut Reporter<'_>,
    ) -> Option<Option<&'a Endpoint>> {
        let (resource, at) = (self.resource, self.at);
        let doing_op = |op: ResourceOp| -> Vec<&'a Endpoint> {
            self.endpoints
                .iter()
                .filter(|e| {
                    e.resource
                        .as_ref()
                        .is_some_and(|u| u.name == resource && u.op == op)
                })
                .collect()
        };
        let any: Vec<&Endpoint> = ops.iter().flat_map(|op| doing_op(*op)).collect();
        let doing = ops
            .iter()
            .map(|op| doing_op(*op))
            .find(|found| !found.is_empty())
            .unwrap_or_default();
        let op = ops[0].as_str();
        let paths = |list: &[&Endpoint]| {
            list.iter()
                .map(|e| format!("`{}`", e.path))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (named, doing.as_slice()) {
            (Some(path), _) => match any.iter().find(|e| e.path == path) {
                Some(e) => Some(Some(*e)),
                None => {
                    report.error(
                        &format!("{at}.{key}"),
                        At::Value,
                        format!(
                            "`{path}` is not an endpoint that does `op: {op}` to `{}` ({})",
                            resource,
                            if any.is_empty() {
                                "there is none".to_owned()
                            } else {
                                paths(&any)
                            }
                        ),
                    );
                    None
                }
            },
            (None, []) => Some(None),
            (None, [only]) => Some(Some(*only)),
            (None, _) => {
                report.error(
                    at,
                    At::Key,
                    format!(
                        "`{}` has {} endpoints that do `op: {op}` ({}): name the one desired \
                         state uses with `{key}:`",
                        resource,
                        doing.len(),
                        paths(&doing)
                    ),
                );
                None
            }
        }
    }
}
