//! The API's areas as cargo features: what each generated item needs
//! compiled.
//!
//! An area is the first segment of an endpoint's path (`/cloud/stack/add`
//! is in `cloud`), and each area is a feature of `sitehost-types` and
//! `sitehost` of the same name; an item is compiled with `full` (the
//! default) or any of its areas. An endpoint's request type and `Client`
//! method are compiled with its area; a shape or an enum with any area of
//! the endpoints (and resources) that use it, directly or through another
//! shape, and of the spec file that declares it; a resource with its own
//! (see `model::area_of_resource`). The core areas (`api`, `job`: the
//! client learns its client ID from `/api/get_info` and polls jobs with
//! `/job/get`) are always compiled, and so is whatever they use.
//!
//! A resource's endpoints, parent and references are all of its own area
//! (or of the core), which validation holds a spec to (`validate::areas`):
//! otherwise a build with its area alone would name items not compiled.
//!
//! Only the `sitehost` crate's own files are gated: an extension's files
//! are compiled whole, with the areas its user turned on.

use crate::model::{
    CORE_AREAS, Endpoint, Param, Spec, ValueType, area_of_file, area_of_path, area_of_resource,
};
use std::collections::{BTreeMap, BTreeSet};

/// The features an item is compiled with, any of them: `full` and its
/// areas. Written as `#[cfg(any(feature = "full", feature = "dns"))]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate(pub Vec<String>);

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
    pub fn of(spec: &Spec) -> Areas {
        let mut areas = Areas {
            gated: true,
            ..Areas::default()
        };
        let endpoints = &spec.endpoints;
        for r in &spec.resources {
            let area = area_of_resource(r, endpoints);
            if let Some(area) = area {
                add(&mut areas.shapes, &r.shape, area);
            }
            let area = area.unwrap_or_default().to_owned();
            areas.resources.insert(r.name.clone(), area);
        }
        for e in endpoints {
            let area = area_of_path(&e.path);
            if let Some(shape) = &e.response.shape {
                add(&mut areas.shapes, shape, area);
            }
            add_params(&mut areas.enums, &e.params, area);
        }
        for s in &spec.shapes {
            if let Some(area) = area_of_file(&s.file, endpoints) {
                add(&mut areas.shapes, &s.name, area);
            }
        }
        for e in &spec.enums {
            if let Some(area) = area_of_file(&e.file, endpoints) {
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
        areas
    }

    /// The `cfg` predicate of an endpoint's items, if gated.
    pub fn endpoint(&self, e: &Endpoint) -> Option<Gate> {
        self.predicate([area_of_path(&e.path)])
    }

    /// The `cfg` predicate of the top-level module of `area`, if gated.
    pub fn module(&self, area: &str) -> Option<Gate> {
        self.predicate([area])
    }

    /// The `cfg` predicate of a shape, if gated.
    pub fn shape(&self, name: &str) -> Option<Gate> {
        self.predicate(
            self.shapes
                .get(name)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }

    /// The `cfg` predicate of an enum, if gated.
    pub fn enumeration(&self, name: &str) -> Option<Gate> {
        self.predicate(
            self.enums
                .get(name)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }

    /// The `cfg` predicate of a resource, if gated.
    pub fn resource(&self, name: &str) -> Option<Gate> {
        self.predicate(self.resources.get(name).map(String::as_str))
    }

    /// `any(feature = "full", feature = "a", ...)`; `None` when not gated or
    /// when any of `areas` is core.
    fn predicate<'a>(&self, areas: impl IntoIterator<Item = &'a str>) -> Option<Gate> {
        if !self.gated {
            return None;
        }
        let areas: BTreeSet<&str> = areas.into_iter().filter(|a| !a.is_empty()).collect();
        if areas.is_empty() || areas.iter().any(|a| CORE_AREAS.contains(a)) {
            return None;
        }
        // `full` too, so that an area a spec adds is compiled by the default
        // before the manifests declare its feature (until then, rustc's
        // `unexpected_cfgs` warning names the feature to add).
        let features = std::iter::once("full").chain(areas).map(str::to_owned);
        Some(Gate(features.collect()))
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
