//! Resources (`resources:`): each a shape's, its key fields the shape's,
//! its parent declared; what endpoints do to them is in `resource_uses`.

use super::{FirstSeen, Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{Field, FieldType, Resource, Shape, snake_case};
use crate::raw;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    name_and_description(raw, at, first, report);
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
    key_and_times(raw, at, shape, report);
    let parent = raw
        .parent
        .as_ref()
        .map(|p| (p.resource.clone(), parent_pairs(p, raw, at, report)));
    if raw.desired.is_some() && raw.unmanaged.is_some() {
        report.error(
            &format!("{at}.unmanaged"),
            At::Key,
            "a resource is either managed by desired state (`desired:`) or says why it is not \
             (`unmanaged:`), not both",
        );
    }
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
        unmanaged: raw.unmanaged.as_ref().map(|s| s.trim().to_owned()),
        file: file.spec_file(),
    })
}

/// Checks the resource's name (snake case, declared once) and that it has
/// a description.
fn name_and_description(
    raw: &raw::Resource,
    at: &str,
    first: &HashMap<String, FirstSeen<'_>>,
    report: &mut Reporter<'_>,
) {
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
}

/// Checks the key fields (scalar fields of the shape, each named once, the
/// allocated `id` among them) and the time fields (text).
fn key_and_times(raw: &raw::Resource, at: &str, shape: &Shape, report: &mut Reporter<'_>) {
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
pub(super) fn renamed<'m>(
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
pub(super) fn scalar_field<'s>(
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
pub(super) fn is_single(f: &Field) -> bool {
    !f.list && !f.map && !matches!(f.ty, FieldType::Shape(_))
}

/// Whether a field holds a list of single values.
pub(super) fn is_scalar_list(field: &Field) -> bool {
    field.list && !field.map && !matches!(field.ty, FieldType::Shape(_))
}

/// A mapping whose keys and values are text, in the order written.
pub(super) fn strings(
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

/// Every resource name the files declare.
pub fn declared(files: &[SourceFile<'_>]) -> BTreeSet<String> {
    files
        .iter()
        .flat_map(|f| f.raw.resources.iter().map(|r| r.name.clone()))
        .collect()
}
