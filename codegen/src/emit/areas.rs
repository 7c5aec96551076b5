//! The API's areas as cargo features: what each generated item needs
//! compiled.
//!
//! An area is the first segment of an endpoint's path (`/cloud/stack/add`
//! is in `cloud`), and each area is a feature of `sitehost-types` and
//! `sitehost` of the same name; an item is compiled with `full` (the
//! default) or any of its areas. An
//! endpoint's request type and `Client` method are compiled with its area;
//! a shape or an enum with any area of the endpoints (and resources) that
//! use it, directly or through another shape, and of the spec file that
//! declares it; a resource with the area of its spec file. The core areas
//! (`api`, `job`: the client learns its client ID from `/api/get_info` and
//! polls jobs with `/job/get`) are always compiled, and so is whatever they
//! use.
//!
//! A resource's endpoints, parent and references are all of its own area
//! (or of the core): otherwise a build with its area alone would name items
//! that are not compiled. `Areas::of` says so where a spec breaks it.
//!
//! Only the `sitehost` crate's own files are gated: an extension's files
//! are compiled whole, with the areas its user turned on.

use crate::model::{Desired, Endpoint, Param, Resource, Spec, SpecFile, ValueType};
use std::collections::{BTreeMap, BTreeSet};

/// The areas always compiled.
pub const CORE: [&str; 2] = ["api", "job"];

/// The area of an endpoint path: its first segment.
pub fn of_path(path: &str) -> &str {
    let path = path.trim_start_matches('/');
    path.split('/').next().unwrap_or(path)
}

/// The area of a spec file: its first path segment, less `.yaml` (which
/// is an area only where some endpoint's path starts with it; `enums.yaml`
/// is not).
fn of_file(file: &SpecFile) -> &str {
    let first = file.relative.split('/').next().unwrap_or_default();
    first
        .strip_suffix(".yaml")
        .or_else(|| first.strip_suffix(".yml"))
        .unwrap_or(first)
}

/// Every area of `spec`'s endpoints that is not core, sorted: the cargo
/// features.
pub fn features(spec: &Spec) -> Vec<&str> {
    let all: BTreeSet<&str> = spec.endpoints.iter().map(|e| of_path(&e.path)).collect();
    all.into_iter().filter(|a| !CORE.contains(a)).collect()
}

/// The areas each shape, enum and resource is compiled with (none: always).
#[derive(Debug, Default)]
pub struct Areas {
    /// Whether items are gated at all (not in an extension's files).
    gated: bool,
    shapes: BTreeMap<String, BTreeSet<String>>,
    enums: BTreeMap<String, BTreeSet<String>>,
    resources: BTreeMap<String, String>,
}

impl Areas {
    /// No item gated: an extension's files.
    pub fn ungated() -> Areas {
        Areas::default()
    }

    /// The areas of `spec`'s items.
    ///
    /// # Errors
    ///
    /// A resource that names an endpoint, parent or reference of another
    /// area.
    pub fn of<'s>(spec: &'s Spec) -> Result<Areas, String> {
        let mut areas = Areas {
            gated: true,
            ..Areas::default()
        };
        let known: BTreeSet<&str> = spec.endpoints.iter().map(|e| of_path(&e.path)).collect();
        let file_area = |file: &'s SpecFile| Some(of_file(file)).filter(|a| known.contains(a));
        for r in &spec.resources {
            // Declared in a file of no area: the area of its endpoints.
            let listed = r.desired.as_ref().map(|d| of_path(&d.list));
            let used = spec
                .endpoints
                .iter()
                .find(|e| e.resource.as_ref().is_some_and(|u| u.name == r.name))
                .map(|e| of_path(&e.path));
            let area = file_area(&r.file).or(listed).or(used).unwrap_or_default();
            areas.resources.insert(r.name.clone(), area.to_owned());
        }
        for r in &spec.resources {
            areas.check_resource(spec, r)?;
        }
        for e in &spec.endpoints {
            let area = of_path(&e.path);
            if let Some(shape) = &e.response.shape {
                add(&mut areas.shapes, shape, area);
            }
            add_params(&mut areas.enums, &e.params, area);
        }
        for r in &spec.resources {
            if let Some(area) = file_area(&r.file) {
                add(&mut areas.shapes, &r.shape, area);
            }
        }
        for s in &spec.shapes {
            if let Some(area) = file_area(&s.file) {
                add(&mut areas.shapes, &s.name, area);
            }
        }
        for e in &spec.enums {
            if let Some(area) = file_area(&e.file) {
                add(&mut areas.enums, &e.name, area);
            }
        }
        // A shape's fields of other shapes are compiled wherever it is.
        loop {
            let mut grew = false;
            for s in &spec.shapes {
                let own = areas.shapes.get(&s.name).cloned().unwrap_or_default();
                for field in &s.fields {
                    if let crate::model::FieldType::Shape(inner) = &field.ty {
                        let set = areas.shapes.entry(inner.clone()).or_default();
                        let before = set.len();
                        set.extend(own.iter().cloned());
                        grew |= set.len() > before;
                    }
                }
            }
            if !grew {
                break;
            }
        }
        Ok(areas)
    }

    fn check_resource(&self, spec: &Spec, r: &Resource) -> Result<(), String> {
        let own = self.resources.get(&r.name).map_or("", String::as_str);
        let mismatch = |what: String, area: &str| {
            format!(
                "resource `{}` (spec/{}, area `{own}`) names {what} of area `{area}`: a \
                 resource's endpoints, parent and references must be of its own area (the first \
                 segment of their paths, which is a cargo feature), so that the area compiles \
                 alone",
                r.name, r.file.relative
            )
        };
        let fits = |area: &str| area == own || CORE.contains(&area);
        let used_by = spec
            .endpoints
            .iter()
            .filter(|e| e.resource.as_ref().is_some_and(|u| u.name == r.name))
            .map(|e| e.path.as_str());
        let linked = r.desired.as_ref().map(desired_paths).unwrap_or_default();
        for path in used_by.chain(linked) {
            let area = of_path(path);
            if !fits(area) {
                return Err(mismatch(format!("endpoint `{path}`"), area));
            }
        }
        let parent = r.parent.as_ref().map(|(name, _)| name);
        let refers = r
            .desired
            .iter()
            .flat_map(|d| d.refers.iter().map(|(_, to, _)| to));
        for other in parent.into_iter().chain(refers) {
            let area = self.resources.get(other).map_or("", String::as_str);
            if !fits(area) {
                return Err(mismatch(format!("resource `{other}`"), area));
            }
        }
        Ok(())
    }

    /// The `cfg` predicate of an endpoint's items, if gated.
    pub fn endpoint(&self, e: &Endpoint) -> Option<String> {
        self.predicate([of_path(&e.path)])
    }

    /// The `cfg` predicate of the top-level module of `area`, if gated.
    pub fn module(&self, area: &str) -> Option<String> {
        self.predicate([area])
    }

    /// The `cfg` predicate of a shape, if gated.
    pub fn shape(&self, name: &str) -> Option<String> {
        self.predicate(
            self.shapes
                .get(name)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }

    /// The `cfg` predicate of an enum, if gated.
    pub fn enumeration(&self, name: &str) -> Option<String> {
        self.predicate(
            self.enums
                .get(name)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }

    /// The `cfg` predicate of a resource, if gated.
    pub fn resource(&self, name: &str) -> Option<String> {
        self.predicate(self.resources.get(name).map(String::as_str))
    }

    /// `any(feature = "full", feature = "a", ...)`; `None` when not gated or
    /// when any of `areas` is core.
    fn predicate<'a>(&self, areas: impl IntoIterator<Item = &'a str>) -> Option<String> {
        if !self.gated {
            return None;
        }
        let areas: BTreeSet<&str> = areas.into_iter().filter(|a| !a.is_empty()).collect();
        if areas.is_empty() || areas.iter().any(|a| CORE.contains(a)) {
            return None;
        }
        // `full` too, so that an area a spec adds is compiled by the default
        // before the manifests declare its feature (until then, rustc's
        // `unexpected_cfgs` warning names the feature to add).
        let features: Vec<String> = std::iter::once("full")
            .chain(areas)
            .map(|a| format!("feature = {a:?}"))
            .collect();
        Some(format!("any({})", features.join(", ")))
    }
}

fn add(map: &mut BTreeMap<String, BTreeSet<String>>, name: &str, area: &str) {
    map.entry(name.to_owned())
        .or_default()
        .insert(area.to_owned());
}

fn add_params(enums: &mut BTreeMap<String, BTreeSet<String>>, params: &[Param], area: &str) {
    for p in params {
        match &p.ty {
            ValueType::Enum(name) => add(enums, name, area),
            ValueType::Group(group) => add_params(enums, &group.members, area),
            _ => {}
        }
    }
}

/// The endpoints a resource's desired state calls.
fn desired_paths(d: &Desired) -> Vec<&str> {
    let mut paths = vec![d.list.as_str(), d.create.as_str()];
    paths.extend(d.update.as_deref());
    paths.extend(d.delete.as_deref());
    paths.extend(d.get.as_deref());
    for (_, called) in &d.changes {
        paths.extend(called.iter().map(String::as_str));
    }
    paths
}
