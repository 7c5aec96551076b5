//! Exporting what exists as a state file: the fields a file may write (the
//! match fields, then those a create sets), never what the API sets nor a
//! secret, so that planning the export against the same account plans
//! nothing.

use super::desired::DesiredState;
use super::error::PlanError;
use super::kinds::Kind;
use super::read::{Scope, list};
use super::values::{normal, show};
use crate::Client;
use serde_json::{Map, Value};

/// What to export. Built from `ExportOptions::default()` and the `with_*`
/// methods; the fields can be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportOptions {
    /// The resources to export (all that desired state manages when empty).
    pub resources: Vec<String>,
    /// `(field, value)`: only the objects whose field has the value, or
    /// whose parent's has (`domain=example.nz`: the zone and its records).
    pub under: Vec<(String, String)>,
}

impl ExportOptions {
    /// With only these resources exported.
    #[must_use]
    pub fn with_resources(mut self, resources: Vec<String>) -> Self {
        self.resources = resources;
        self
    }

    /// With only the objects under these `(field, value)` pairs.
    #[must_use]
    pub fn with_under(mut self, under: Vec<(String, String)>) -> Self {
        self.under = under;
        self
    }
}

/// The state file of what exists.
///
/// # Errors
///
/// A call that fails ([`PlanError::Api`]), a resource desired state cannot
/// manage, or a child
/// resource whose lists need a value no parent gives (a stack variable's
/// service) and `under` does not either.
pub async fn export(client: &Client, options: &ExportOptions) -> Result<DesiredState, PlanError> {
    let kinds: Vec<Kind> = if options.resources.is_empty() {
        Kind::all()
    } else {
        let mut kinds = options
            .resources
            .iter()
            .map(|r| Kind::named(r).map_err(PlanError::Unusable))
            .collect::<Result<Vec<_>, _>>()?;
        kinds.sort_by_key(|k| (k.rank(), k.name()));
        kinds
    };
    let mut state = DesiredState::default();
    let mut reads = super::read::Reads::default();
    // The objects of resources others refer to, by the keys the API gave
    // them, to write those references by match fields.
    let referred: Vec<&'static str> = kinds
        .iter()
        .flat_map(|k| {
            super::refs::exported(k)
                .into_iter()
                .map(|(r, _)| r.resource.name)
        })
        .collect();
    let mut held_by = std::collections::BTreeMap::new();
    // The objects exported of each parent as the API holds them, whose keys
    // (a template's ID, which no file writes) name their children's lists.
    let parents: Vec<&'static str> = kinds
        .iter()
        .filter_map(|k| k.resource.parent.map(|p| p.resource.name))
        .collect();
    let mut exported_held: std::collections::BTreeMap<&str, Vec<Map<String, Value>>> =
        std::collections::BTreeMap::new();
    for kind in &kinds {
        let scopes = match scopes(kind, &exported_held, options) {
            Ok(scopes) => scopes,
            Err(why) if options.resources.is_empty() => {
                tracing::debug!(target: "sitehost::state", resource = kind.name(), "not exported: {why}");
                continue;
            }
            Err(why) => return Err(PlanError::Unusable(why)),
        };
        let mut objects = Vec::new();
        let mut all = Vec::new();
        for scope in &scopes {
            let (mut listed, others): (Vec<_>, Vec<_>) = list(client, kind, scope, &mut reads)
                .await?
                .into_iter()
                .partition(|held| kept(kind, held, options));
            super::from_get::read(client, kind, &mut listed, &mut reads.calls).await?;
            objects.extend(listed.iter().map(|held| exported(kind, held)));
            if parents.contains(&kind.name()) {
                exported_held
                    .entry(kind.name())
                    .or_default()
                    .extend(listed.iter().cloned());
            }
            all.extend(listed);
            all.extend(others);
        }
        if referred.contains(&kind.name()) {
            held_by.insert(kind.name(), all);
        }
        for object in &mut objects {
            super::refs::for_export(kind, object, &held_by);
        }
        objects.sort_by_key(|o| super::values::label(kind, o));
        state.objects.insert(kind.name(), objects);
    }
    Ok(state)
}

/// The scopes to list a kind in: one for a list of the whole account; for
/// a child, those of the parents exported (as the API holds them), completed
/// from `under`.
fn scopes(
    kind: &Kind,
    exported: &std::collections::BTreeMap<&str, Vec<Map<String, Value>>>,
    options: &ExportOptions,
) -> Result<Vec<Scope>, String> {
    let fields = kind.scope_fields();
    if fields.is_empty() {
        return Ok(vec![Vec::new()]);
    }
    let from_under = |field: &str| {
        options
            .under
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| Value::String(v.clone()))
    };
    let parents: Vec<&Map<String, Value>> = kind
        .resource
        .parent
        .and_then(|p| exported.get(p.resource.name))
        .map(|objects| objects.iter().collect())
        .unwrap_or_default();
    let links = kind.resource.parent.map_or(&[][..], |p| p.key);
    let mut out = Vec::new();
    let one_scope = |parent: Option<&Map<String, Value>>| -> Option<Scope> {
        fields
            .iter()
            .map(|f| {
                let linked = links
                    .iter()
                    .find(|(own, _)| own == f)
                    .and_then(|(_, theirs)| parent.and_then(|p| p.get(*theirs)).cloned());
                linked.or_else(|| from_under(f)).map(|v| (*f, v))
            })
            .collect()
    };
    if parents.is_empty()
        && let Some(scope) = one_scope(None)
    {
        out.push(scope);
    }
    for parent in parents {
        if let Some(scope) = one_scope(Some(parent)) {
            out.push(scope);
        }
    }
    if out.is_empty() {
        let unknown: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !links.iter().any(|(own, _)| own == f) && from_under(f).is_none())
            .collect();
        return Err(format!(
            "{} is listed by {}; give {} with --under {}=VALUE",
            kind.name(),
            fields.join(", "),
            if unknown.is_empty() {
                "its parent".to_owned()
            } else {
                unknown.join(", ")
            },
            unknown.first().copied().unwrap_or(fields[0])
        ));
    }
    Ok(out)
}

/// Whether an object passes `under`: for each `(field, value)`, where the
/// object has the field (or is the parent a child's field of that name
/// links to: `domain=example.nz` is the zone named `example.nz`), its value
/// is that.
fn kept(kind: &Kind, object: &Map<String, Value>, options: &ExportOptions) -> bool {
    options.under.iter().all(|(field, value)| {
        let own = match kind.field(field) {
            Some(_) => Some(field.as_str()),
            None => linked_as(kind, field),
        };
        own.and_then(|f| object.get(f))
            .is_none_or(|v| show(v) == *value)
    })
}

/// The field of `kind` that a child's field `field` links to.
fn linked_as(kind: &Kind, field: &str) -> Option<&'static str> {
    crate::resources::RESOURCES.iter().find_map(|child| {
        let parent = child
            .parent
            .filter(|p| std::ptr::eq(p.resource, kind.resource))?;
        parent
            .key
            .iter()
            .find(|(own, _)| *own == field)
            .map(|(_, theirs)| *theirs)
    })
}

/// The object as a file writes it: its exported fields, as the client
/// reads them, without empty values.
fn exported(kind: &Kind, held: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for field in kind.exported() {
        if let Some(value) = normal(kind.field(field), held.get(field)) {
            out.insert(field.to_owned(), super::from_get::items(kind, field, value));
        }
    }
    out
}
