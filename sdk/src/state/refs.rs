//! References between the objects of a state file: a field holding another
//! resource's key (a firewall's `groups`, a stack's `server`) may give it by
//! that resource's match fields instead (`{label: web}`), so that one file
//! can make a security group and apply it to a server by names the API has
//! not given yet. A reference is resolved when the plan is made, against
//! what the account holds and the keys the file gives; one naming an object
//! the same apply creates is resolved once that object has been created.

use super::PlanError;
use super::desired::DesiredState;
use super::kinds::Kind;
use super::values::same;
use crate::Reference;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The kind's reference fields: the link to its parent (a reference that
/// needs no declaring), then those declared (`refers`).
pub(crate) fn of(kind: &Kind) -> Vec<Reference> {
    let parent = kind.resource.parent.into_iter().flat_map(|p| {
        p.key
            .iter()
            .map(move |(own, theirs)| Reference::new(own, p.resource, theirs))
    });
    parent.chain(kind.desired.refers.iter().copied()).collect()
}

/// Whether a value is a reference by match fields (`{label: web}`) rather
/// than the key itself.
pub(crate) fn is_reference(value: &Value) -> bool {
    value.is_object()
}

/// The values of a field: each item of a list, or the value.
fn values(value: &Value) -> Box<dyn Iterator<Item = &Value> + '_> {
    match value {
        Value::Array(items) => Box::new(items.iter()),
        single => Box::new(std::iter::once(single)),
    }
}

fn values_mut(value: &mut Value) -> Box<dyn Iterator<Item = &mut Value> + '_> {
    match value {
        Value::Array(items) => Box::new(items.iter_mut()),
        single => Box::new(std::iter::once(single)),
    }
}

/// Whether any reference field of the object names by match fields.
pub(crate) fn has_references(references: &[Reference], object: &Map<String, Value>) -> bool {
    references.iter().any(|r| {
        object
            .get(r.field)
            .is_some_and(|v| values(v).any(is_reference))
    })
}

/// A state file's references are each made of the match fields (or the
/// `or_match` fields) of the resource named, as single values.
pub(crate) fn check(kind: &Kind, object: &Map<String, Value>) -> Result<(), String> {
    for r in of(kind) {
        let Some(value) = object.get(r.field) else {
            continue;
        };
        for reference in values(value).filter_map(Value::as_object) {
            let target = Kind::of(r.resource)?;
            let allowed: Vec<&str> = target
                .desired
                .matched_by
                .iter()
                .chain(target.desired.or_matched_by)
                .copied()
                .collect();
            let fits = !reference.is_empty()
                && reference
                    .iter()
                    .all(|(f, v)| allowed.contains(&f.as_str()) && !v.is_object() && !v.is_array());
            if !fits {
                return Err(format!(
                    "`{}` names a {} by its match fields ({}), as single values",
                    r.field,
                    target.name(),
                    allowed.join(", ")
                ));
            }
        }
    }
    Ok(())
}

/// The resources named by references in the state (which a plan reads to
/// resolve them, where the file lists none of their objects).
pub(crate) fn named(desired: &DesiredState) -> Vec<&'static crate::Resource> {
    let mut out: Vec<&'static crate::Resource> = Vec::new();
    for (name, objects) in &desired.objects {
        let Ok(kind) = Kind::named(name) else {
            continue;
        };
        for r in of(&kind) {
            let used = objects
                .iter()
                .any(|o| has_references(std::slice::from_ref(&r), o));
            if used && !out.iter().any(|t| std::ptr::eq(*t, r.resource)) {
                out.push(r.resource);
            }
        }
    }
    out
}

/// A reference in a line: `security_group {label: web}`.
pub(crate) fn describe(target: &crate::Resource, reference: &Map<String, Value>) -> String {
    format!(
        "{} {}",
        target.name,
        super::values::show(&Value::Object(reference.clone()))
    )
}

/// The objects of `target` a reference matches.
fn matching<'a>(
    target: &Kind,
    objects: Option<&'a Vec<Map<String, Value>>>,
    reference: &Map<String, Value>,
) -> Vec<&'a Map<String, Value>> {
    objects
        .into_iter()
        .flatten()
        .filter(|o| matches(target, o, reference))
        .collect()
}

/// Whether `object` (of `target`) has the values a reference gives.
fn matches(target: &Kind, object: &Map<String, Value>, reference: &Map<String, Value>) -> bool {
    reference
        .iter()
        .all(|(f, v)| same(target.field(f), object.get(f), Some(v)))
}

/// The object with each reference by match fields replaced by what
/// `resolve` gives for it (given the reference, the kind it names and the
/// match fields); `None` leaves it as it is.
fn replace_references<E>(
    kind: &Kind,
    object: &Map<String, Value>,
    unusable: impl Fn(String) -> E,
    mut resolve: impl FnMut(&Reference, &Kind, &Map<String, Value>) -> Result<Option<Value>, E>,
) -> Result<Map<String, Value>, E> {
    let mut out = object.clone();
    for r in of(kind) {
        let Some(value) = out.get_mut(r.field) else {
            continue;
        };
        for item in values_mut(value) {
            let Value::Object(reference) = item else {
                continue;
            };
            let target = Kind::of(r.resource).map_err(&unusable)?;
            if let Some(key) = resolve(&r, &target, reference)? {
                *item = key;
            }
        }
    }
    Ok(out)
}

/// The object with its references resolved where the plan can: to the key
/// of the one object the account holds that matches (`held`, by resource),
/// or the key the file gives the one it describes; a reference to an
/// object the file describes without its key (a group the apply will
/// create) stays, for the apply to resolve.
///
/// # Errors
///
/// [`PlanError::Reference`] for a reference that matches several objects,
/// or none the account holds or the file describes.
pub(crate) fn at_plan(
    kind: &Kind,
    object: &Map<String, Value>,
    held: &BTreeMap<&'static str, Vec<Map<String, Value>>>,
    desired: &DesiredState,
) -> Result<Map<String, Value>, PlanError> {
    replace_references(kind, object, PlanError::Unusable, |r, target, reference| {
        let fail = |why: &str| {
            PlanError::Reference(format!(
                "{} {}: `{}` refers to {}, {why}",
                kind.name(),
                super::values::label(kind, object),
                r.field,
                describe(r.resource, reference)
            ))
        };
        let found = matching(target, held.get(r.resource.name), reference);
        let described = matching(target, desired.objects.get(r.resource.name), reference);
        let key = match (found.as_slice(), described.as_slice()) {
            ([one], _) => one.get(r.key),
            ([], [one]) => match one.get(r.key) {
                Some(key) if !key.is_null() && *key != "" => Some(key),
                // Created by this apply: resolved once it is.
                _ => return Ok(None),
            },
            ([], []) => return Err(fail("which neither the account nor the state holds")),
            ([], many) => {
                return Err(fail(&format!(
                    "which {} objects of the state match",
                    many.len()
                )));
            }
            (many, _) => {
                return Err(fail(&format!(
                    "which {} objects of the account match",
                    many.len()
                )));
            }
        };
        match key.filter(|k| !k.is_null() && *k != "") {
            Some(key) => Ok(Some(key.clone())),
            None => Err(fail(&format!("which has no `{}`", r.key))),
        }
    })
}

/// The objects of a kind with their references resolved ([`at_plan`]),
/// no two of them then naming the same object.
///
/// # Errors
///
/// As [`at_plan`], and [`PlanError::Reference`] for two objects that name
/// the same one once resolved.
pub(crate) fn resolve_all(
    kind: &Kind,
    wanted: &[Map<String, Value>],
    held: &BTreeMap<&'static str, Vec<Map<String, Value>>>,
    desired: &DesiredState,
) -> Result<Vec<Map<String, Value>>, PlanError> {
    let mut out: Vec<Map<String, Value>> = Vec::with_capacity(wanted.len());
    for (i, object) in wanted.iter().enumerate() {
        let resolved = at_plan(kind, object, held, desired)?;
        if let Some(j) = out
            .iter()
            .position(|o| super::desired::same_match(kind, o, &resolved))
        {
            return Err(PlanError::Reference(format!(
                "{name}[{i}] and {name}[{j}] name the same {name} once their references are \
                 resolved",
                name = kind.name()
            )));
        }
        out.push(resolved);
    }
    Ok(out)
}

/// The object with the references the plan left (to objects this apply
/// creates) resolved by `created`, the objects made so far by resource,
/// each with the key its create returned.
///
/// # Errors
///
/// The sentence, for a reference to an object not created before it.
pub(crate) fn at_apply(
    kind: &Kind,
    object: &Map<String, Value>,
    created: &[(&'static str, Map<String, Value>)],
) -> Result<Map<String, Value>, String> {
    replace_references(
        kind,
        object,
        |why| why,
        |r, target, reference| {
            let key = created
                .iter()
                .filter(|(name, _)| *name == r.resource.name)
                .find(|(_, made)| matches(target, made, reference))
                .and_then(|(_, made)| made.get(r.key))
                .filter(|k| !k.is_null() && *k != "");
            match key {
                Some(key) => Ok(Some(key.clone())),
                None => Err(format!(
                    "`{}` refers to {}, which this apply did not create before it",
                    r.field,
                    describe(r.resource, reference)
                )),
            }
        },
    )
}

/// The references `export` writes by match fields: those to an object named
/// by a key the API gave it (a group's generated name, a template's ID),
/// which is not one of its match fields.
pub(crate) fn exported(kind: &Kind) -> Vec<(Reference, Kind)> {
    of(kind)
        .into_iter()
        .filter_map(|r| Kind::of(r.resource).ok().map(|target| (r, target)))
        .filter(|(r, target)| !target.is_match(r.key))
        .collect()
}

/// The object as `export` writes it, with each reference to an object named
/// by a key the API gave it ([`exported`]) given by that object's match
/// fields instead, where those name exactly one of `held` (so that the file
/// makes sense in another account).
pub(crate) fn for_export(
    kind: &Kind,
    object: &mut Map<String, Value>,
    held: &BTreeMap<&'static str, Vec<Map<String, Value>>>,
) {
    for (r, target) in exported(kind) {
        let Some(value) = object.get_mut(r.field) else {
            continue;
        };
        let objects = held.get(r.resource.name).map_or(&[][..], Vec::as_slice);
        for item in values_mut(value) {
            let key = target.field(r.key);
            let Some(one) = objects.iter().find(|o| same(key, o.get(r.key), Some(item))) else {
                continue;
            };
            let reference: Map<String, Value> = target
                .desired
                .matched_by
                .iter()
                .filter_map(|f| one.get(*f).map(|v| ((*f).to_owned(), v.clone())))
                .collect();
            let unique = reference.len() == target.desired.matched_by.len()
                && objects
                    .iter()
                    .filter(|o| matches(&target, o, &reference))
                    .count()
                    == 1;
            if unique {
                *item = Value::Object(reference);
            }
        }
    }
}
