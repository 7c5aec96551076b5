//! `refers` of a `desired:` block: fields that hold another resource's key
//! (a server firewall's `groups`, the names the API gave security groups),
//! which a state file may instead give by that resource's match fields
//! (`{label: web}`), so that one file can make a group and refer to it.
//!
//! Each field is a field of the shape holding single values or a list of
//! them, not the link to the parent (a reference already); the resource
//! named is one desired state manages, named by one key field; and no
//! resource refers, through references and parents, back to itself (the
//! order of a plan is the order of these links).

use super::Reporter;
use crate::diag::At;
use crate::model::{FieldType, Resource, Shape};
use crate::raw;
use std::collections::BTreeMap;

/// The resources with a `desired:` block, each with the resources its
/// `refers` names (as written): what a reference is checked against.
pub(super) type Declared = BTreeMap<String, Vec<String>>;

/// Every resource's declared references, as written.
pub(super) fn declared(resources: &[&raw::Resource]) -> Declared {
    resources
        .iter()
        .filter_map(|r| {
            let desired = r.desired.as_ref()?;
            let targets = desired
                .refers
                .values()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            Some((r.name.clone(), targets))
        })
        .collect()
}

/// `(field, resource, key field)` for each reference, each problem
/// reported where it stands.
pub(super) fn check(
    map: &serde_yaml::Mapping,
    (resource, shape): (&Resource, &Shape),
    (resources, declared): (&BTreeMap<String, Resource>, &Declared),
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, String, String)> {
    let here = format!("{at}.refers");
    let mut out = Vec::new();
    for (key, value) in map {
        let (Some(field), Some(target)) = (key.as_str(), value.as_str()) else {
            report.error(
                &here,
                At::Key,
                "`refers` maps a field to the name of the resource whose key it holds",
            );
            continue;
        };
        let place = format!("{here}.{field}");
        let single = shape
            .field(field)
            .is_some_and(|f| !f.map && !matches!(f.ty, FieldType::Shape(_)));
        if !single {
            report.error(
                &place,
                At::Key,
                format!(
                    "`{field}` is not a field of shape `{}` holding a value or a list of them",
                    shape.name
                ),
            );
            continue;
        }
        if let Some((parent, _)) = resource
            .parent
            .as_ref()
            .filter(|(_, pairs)| pairs.iter().any(|(own, _)| own == field))
        {
            report.error(
                &place,
                At::Key,
                format!(
                    "`{field}` links one to its parent `{parent}`, which a state file may \
                     already name by its match fields"
                ),
            );
            continue;
        }
        let Some(other) = resources.get(target) else {
            report.error(
                &place,
                At::Value,
                format!("`{target}` is not a resource of the spec"),
            );
            continue;
        };
        if !declared.contains_key(target) {
            report.error(
                &place,
                At::Value,
                format!(
                    "`{target}` has no `desired:` declaration, so a state file cannot name one \
                     by its match fields"
                ),
            );
            continue;
        }
        if reaches(target, &resource.name, resources, declared) {
            report.error(
                &place,
                At::Value,
                format!(
                    "`{target}` refers back to `{}` (through references or parents), and \
                     objects that refer to each other cannot be made in order",
                    resource.name
                ),
            );
            continue;
        }
        let [key] = other.key.as_slice() else {
            report.error(
                &place,
                At::Value,
                format!(
                    "`{target}` is named by {} fields, and a reference holds one",
                    other.key.len()
                ),
            );
            continue;
        };
        out.push((field.to_owned(), target.to_owned(), key.clone()));
    }
    out
}

/// Whether `from`, through its parent and its references, leads to `to`.
fn reaches(
    from: &str,
    to: &str,
    resources: &BTreeMap<String, Resource>,
    declared: &Declared,
) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut next: Vec<&str> = vec![from];
    while let Some(name) = next.pop() {
        if name == to {
            return true;
        }
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some((parent, _)) = resources.get(name).and_then(|r| r.parent.as_ref()) {
            next.push(parent);
        }
        next.extend(declared.get(name).into_iter().flatten().map(String::as_str));
    }
    false
}
