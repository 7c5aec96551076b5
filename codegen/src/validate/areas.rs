//! Each resource within one area: the endpoints its `desired:` block names,
//! its parent and the resources it refers to are of its own area (or of the
//! core), and so are the endpoints whose `resource:` names it. Each area is
//! a cargo feature of the generated crate (see `crate::emit::areas`), and
//! compiles alone only if what its items name is compiled with them.
//!
//! Checked for the crate's own spec only: an extension's files are
//! compiled whole, whatever the areas of what they name.

use super::{Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{CORE_AREAS, Endpoint, Resource, area_of_path, area_of_resource};
use crate::raw;
use std::collections::BTreeMap;

/// Reports every name that crosses from one area into another.
pub fn check(
    files: &[SourceFile<'_>],
    resources: &BTreeMap<String, Resource>,
    endpoints: &[Endpoint],
    out: &mut Problems,
) {
    if files.iter().any(|f| f.upstream) {
        return;
    }
    let spec = Spec {
        resources,
        endpoints,
    };
    for file in files {
        let report = &mut file.reporter(out);
        for (i, raw) in file.raw.resources.iter().enumerate() {
            if let Some(r) = resources.get(&raw.name) {
                resource(r, raw, &format!("resources[{i}]"), &spec, report);
            }
        }
        for (i, raw) in file.raw.endpoints.iter().enumerate() {
            let e = endpoints.iter().find(|e| e.path == raw.path);
            let used = e.and_then(|e| Some((e, resources.get(&e.resource.as_ref()?.name)?)));
            if let Some((e, r)) = used {
                let own = spec.area(r);
                let other = area_of_path(&e.path);
                if !fits(own, other) {
                    let what = format!("the endpoint `{}` that names it", e.path);
                    report.error(
                        &format!("endpoints[{i}].resource.name"),
                        At::Value,
                        sentence(&r.name, own, &what, other),
                    );
                }
            }
        }
    }
}

struct Spec<'s> {
    resources: &'s BTreeMap<String, Resource>,
    endpoints: &'s [Endpoint],
}

impl<'s> Spec<'s> {
    fn area(&self, r: &'s Resource) -> &'s str {
        area_of_resource(r, self.endpoints).unwrap_or_default()
    }
}

/// Whether an item of area `other` may be named from one of area `own`:
/// one of no area (compiled with every one) or of the core always may.
fn fits(own: &str, other: &str) -> bool {
    other.is_empty() || other == own || CORE_AREAS.contains(&other)
}

fn sentence(name: &str, own: &str, what: &str, other: &str) -> String {
    format!(
        "resource `{name}` is in area `{own}`, but {what} is in area `{other}`: each first path \
         segment is a cargo feature that compiles alone, so a resource's endpoints, parent and \
         references are of its own area"
    )
}

/// The endpoints a resource's `desired:` block names, its parent and the
/// resources it refers to.
fn resource(
    r: &Resource,
    raw: &raw::Resource,
    at: &str,
    spec: &Spec<'_>,
    report: &mut Reporter<'_>,
) {
    let own = spec.area(r);
    if let (Some(d), Some(declared)) = (&r.desired, &raw.desired) {
        let named = [
            ("list", Some(&d.list)),
            ("create", Some(&d.create)),
            ("update", d.update.as_ref()),
            ("delete", d.delete.as_ref()),
            ("get", d.get.as_ref()),
        ];
        let changes = d.changes.iter().flat_map(|(_, called)| called);
        let linked = named
            .into_iter()
            .filter_map(|(key, path)| Some((key, path?)))
            .chain(changes.map(|path| ("changes", path)));
        for (key, path) in linked {
            let other = area_of_path(path);
            if !fits(own, other) {
                let what = format!("its `{key}` endpoint `{path}`");
                let (node, place) = if declared_key(declared, key) {
                    (format!("{at}.desired.{key}"), At::Value)
                } else {
                    (format!("{at}.desired"), At::Key)
                };
                report.error(&node, place, sentence(&r.name, own, &what, other));
            }
        }
    }
    let parent = r.parent.as_ref().map(|(name, _)| ("parent", name));
    let refers = r
        .desired
        .iter()
        .flat_map(|d| d.refers.iter().map(|(_, to, _)| ("refers", to)));
    for (key, name) in parent.into_iter().chain(refers) {
        // An unknown resource is reported where it is named.
        let Some(other) = spec.resources.get(name).map(|o| spec.area(o)) else {
            continue;
        };
        if !fits(own, other) {
            let what = format!("the resource `{name}` it names in `{key}`");
            let node = match key {
                "parent" => format!("{at}.parent"),
                _ => format!("{at}.desired.refers"),
            };
            report.error(&node, At::Key, sentence(&r.name, own, &what, other));
        }
    }
}

/// Whether the `desired:` block writes `key` itself (a `get` or a `changes`
/// endpoint is named inside a longer entry).
fn declared_key(declared: &raw::Desired, key: &str) -> bool {
    match key {
        "list" => declared.list.is_some(),
        "create" => declared.create.is_some(),
        "update" => declared.update.is_some(),
        "delete" => declared.delete.is_some(),
        _ => false,
    }
}
