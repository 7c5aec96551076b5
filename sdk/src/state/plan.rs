//! A plan: what to create, change, replace and delete so that the account
//! holds what a state file says, from what exists (read one list per
//! scope) and the spec's declarations alone.

use super::desired::{DesiredState, same_match};
use super::error::PlanError;
use super::kinds::Kind;
use super::read::{Reads, Scope, list, scope_of};
use super::values::{compared, label, show};
use crate::Client;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt;

/// The version of the plan's JSON (`"format"`), which changes only when
/// the schema does.
pub const PLAN_FORMAT: &str = "sitehost-plan/1";

/// The most deletions a plan makes without [`PlanOptions::force`].
pub const MAX_DELETIONS: usize = 10;

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Makes the object.
    Create,
    /// Changes fields of the object in place.
    Update,
    /// Deletes the object and makes it again: a field changes that no
    /// update changes.
    Replace,
    /// Deletes an object the file does not list (with `--prune`).
    Delete,
}

impl Action {
    /// `create`, `update`, `replace` or `delete`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }

    fn parse(text: &str) -> Option<Action> {
        [
            Action::Create,
            Action::Update,
            Action::Replace,
            Action::Delete,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// One field of a change: its value now and its value after.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// The value the API holds (`None` for a new object).
    pub old: Option<Value>,
    /// The value after (`None` for a deletion).
    pub new: Option<Value>,
    /// A secret: its values are never shown.
    pub secret: bool,
}

/// One change of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The resource, by its spec name (`dns_record`).
    pub resource: &'static str,
    /// What is done.
    pub action: Action,
    /// The object's match fields.
    pub object: Map<String, Value>,
    /// The fields that change.
    pub fields: Vec<FieldChange>,
    /// The object as the file gives it (none for a deletion).
    pub(crate) desired: Option<Map<String, Value>>,
    /// The object as the API holds it (none for a creation).
    pub(crate) current: Option<Map<String, Value>>,
}

impl Change {
    /// The object in a line, by its match fields in the spec's order.
    pub fn label(&self) -> String {
        match Kind::named(self.resource) {
            Ok(kind) => label(&kind, &self.object),
            Err(_) => self.object.values().map(show).collect::<Vec<_>>().join(" "),
        }
    }
}

/// What a plan may do besides creating and changing. Built from
/// `PlanOptions::default()` and the `with_*` methods; the fields can be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Resources whose objects the file does not list are deleted, within
    /// the scopes the file names (the records of the zones it lists).
    pub prune: Vec<String>,
    /// Allows more than [`MAX_DELETIONS`] deletions, or a quarter of one
    /// resource's objects.
    pub force: bool,
    /// Objects named for replacement, as `resource/label` (`server/web1`):
    /// a change no endpoint makes to one of them (a server's location) is
    /// planned as a replacement instead of refused.
    pub replace: Vec<String>,
}

impl PlanOptions {
    /// With these resources pruned.
    #[must_use]
    pub fn with_prune(mut self, resources: Vec<String>) -> Self {
        self.prune = resources;
        self
    }

    /// With the deletion guard lifted or not.
    #[must_use]
    pub fn with_force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// With these objects (`resource/label`) named for replacement.
    #[must_use]
    pub fn with_replace(mut self, objects: Vec<String>) -> Self {
        self.replace = objects;
        self
    }
}

/// The changes that make the account hold a desired state.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The changes, in the order they are applied: parents made before
    /// their children, children deleted before their parents.
    pub changes: Vec<Change>,
    /// Why the plan needs `force` to be applied (too many deletions).
    pub needs_force: Option<String>,
    /// The files the state was read from.
    pub files: Vec<String>,
    /// The resources pruned.
    pub prune: Vec<String>,
    /// How many calls reading what exists took.
    pub calls: usize,
    /// Values the file gives for objects that exist, which are sent only
    /// when one is created and never returned, so never compared (a
    /// server's `ssh_keys`): `server web1: ssh_keys`, one per object.
    pub unchecked: Vec<String>,
}

impl Plan {
    /// Reads what exists and plans the changes that make the account hold
    /// `desired`.
    ///
    /// # Errors
    ///
    /// A call that fails ([`PlanError::Api`]), a resource named in
    /// `options.prune` that desired state cannot delete
    /// ([`PlanError::Unusable`]), or changes no endpoint makes
    /// ([`PlanError::CannotChange`], or `Unusable` where nothing deletes
    /// one to make it again).
    pub async fn compute(
        client: &Client,
        desired: &DesiredState,
        options: &PlanOptions,
    ) -> Result<Plan, PlanError> {
        let mut kinds: Vec<Kind> = Vec::new();
        for name in desired
            .objects
            .keys()
            .copied()
            .chain(options.prune.iter().map(String::as_str))
        {
            let kind = Kind::named(name).map_err(PlanError::Unusable)?;
            if !kinds.iter().any(|k| k.name() == kind.name()) {
                kinds.push(kind);
            }
        }
        // The resources the file's references name, read to resolve them.
        let referred = super::refs::named(desired);
        for target in &referred {
            let kind = Kind::of(target).map_err(PlanError::Unusable)?;
            if !kinds.iter().any(|k| k.name() == kind.name()) {
                kinds.push(kind);
            }
        }
        kinds.sort_by_key(|k| (k.rank(), k.name()));
        let mut plan = Plan {
            changes: Vec::new(),
            needs_force: None,
            files: desired
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect(),
            prune: options.prune.clone(),
            calls: 0,
            unchecked: Vec::new(),
        };
        let mut deletions: Vec<Change> = Vec::new();
        let mut fixed: Vec<(String, String)> = Vec::new();
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut reads = Reads::default();
        let mut referred_held = BTreeMap::new();
        for kind in &kinds {
            let wanted = desired
                .objects
                .get(kind.name())
                .map_or(&[][..], Vec::as_slice);
            let resolved;
            let references = super::refs::of(kind);
            let wanted = if wanted
                .iter()
                .any(|o| super::refs::has_references(&references, o))
            {
                resolved = super::refs::resolve_all(kind, wanted, &referred_held, desired)?;
                resolved.as_slice()
            } else {
                wanted
            };
            let prune = options.prune.iter().any(|p| p == kind.name());
            if prune && kind.delete.is_none() {
                return Err(PlanError::Unusable(format!(
                    "{} cannot be pruned: the spec has no endpoint that deletes one",
                    kind.name()
                )));
            }
            let scopes = scopes(kind, wanted, desired, &plan.changes);
            let mut held = Vec::new();
            for scope in &scopes {
                held.extend(list(client, kind, scope, &mut reads).await?);
            }
            // The fields no list returns, of the objects the file names
            // (which a change compares, or sends back as held): a get each.
            if kind.get.is_some() {
                let (mut named, rest): (Vec<_>, Vec<_>) = held
                    .into_iter()
                    .partition(|h| wanted.iter().any(|w| same_match(kind, h, w)));
                super::from_get::read(client, kind, &mut named, &mut reads.calls).await?;
                held = named;
                held.extend(rest);
            }
            plan.calls = reads.calls;
            if referred.iter().any(|r| std::ptr::eq(*r, kind.resource)) {
                referred_held.insert(kind.name(), held.clone());
            }
            for object in wanted {
                match held.iter().find(|h| same_match(kind, h, object)) {
                    None => plan.changes.push(create(kind, object)),
                    Some(current) => {
                        plan.unchecked.extend(unchecked(kind, object));
                        match difference(kind, object, current, options)? {
                            Difference::Same => {}
                            Difference::Change(change) => plan.changes.push(change),
                            Difference::Fixed(object, why) => fixed.push((object, why)),
                        }
                    }
                }
            }
            if prune {
                let gone: Vec<Change> = held
                    .iter()
                    .filter(|h| !wanted.iter().any(|w| same_match(kind, h, w)))
                    .map(|h| delete(kind, h))
                    .collect();
                counts.insert(kind.name(), (gone.len(), held.len()));
                deletions.extend(gone);
            }
        }
        if !fixed.is_empty() {
            let (objects, sentences): (Vec<String>, Vec<String>) = fixed.into_iter().unzip();
            return Err(PlanError::CannotChange {
                message: format!(
                    "{}; name an object for replacement to delete it and make it again",
                    sentences.join("; ")
                ),
                objects,
            });
        }
        // Children are deleted before their parents.
        deletions.sort_by_key(|c| {
            std::cmp::Reverse(Kind::named(c.resource).map(|k| k.rank()).unwrap_or(0))
        });
        plan.needs_force = guard(&deletions, &counts).filter(|_| !options.force);
        plan.changes.extend(deletions);
        Ok(plan)
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of each action: create, update, replace, delete.
    pub fn counts(&self) -> [usize; 4] {
        let n = |a: Action| self.changes.iter().filter(|c| c.action == a).count();
        [
            n(Action::Create),
            n(Action::Update),
            n(Action::Replace),
            n(Action::Delete),
        ]
    }

    /// The plan as JSON, the stable schema `sitehost plan --json` prints
    /// and `-o` saves (secrets as `"(secret)"`):
    ///
    /// ```json
    /// {"format": "sitehost-plan/1", "files": ["dns.yaml"], "prune": [],
    ///  "summary": {"create": 1, "update": 0, "replace": 0, "delete": 0},
    ///  "needs_force": null, "unchecked": [],
    ///  "changes": [{"resource": "dns_record", "action": "create",
    ///               "object": {"domain": "example.nz", "type": "A", ...},
    ///               "fields": [{"field": "ttl", "old": null, "new": 3600}]}]}
    /// ```
    pub fn to_json(&self) -> Value {
        let [create, update, replace, delete] = self.counts();
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                let fields: Vec<Value> = c
                    .fields
                    .iter()
                    .map(|f| {
                        let shown = |v: &Option<Value>| match (f.secret, v) {
                            (_, None) => Value::Null,
                            (true, Some(_)) => json!("(secret)"),
                            (false, Some(v)) => v.clone(),
                        };
                        json!({"field": f.field, "old": shown(&f.old), "new": shown(&f.new)})
                    })
                    .collect();
                json!({"resource": c.resource, "action": c.action.as_str(),
                       "object": c.object, "fields": fields})
            })
            .collect();
        json!({
            "format": PLAN_FORMAT,
            "files": self.files,
            "prune": self.prune,
            "summary": {"create": create, "update": update, "replace": replace, "delete": delete},
            "needs_force": self.needs_force,
            "unchecked": self.unchecked,
            "changes": changes,
        })
    }

    /// A saved plan (what [`to_json`](Self::to_json) wrote), for checking
    /// with [`same_as`](Self::same_as) that what it assumed still holds.
    ///
    /// # Errors
    ///
    /// JSON that is not a plan of this format.
    pub fn from_json(value: &Value) -> Result<SavedPlan, String> {
        if value.get("format").and_then(Value::as_str) != Some(PLAN_FORMAT) {
            return Err(format!("not a plan of format {PLAN_FORMAT}"));
        }
        let strings = |key: &str| -> Vec<String> {
            value[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let changes = value["changes"]
            .as_array()
            .ok_or("a plan has `changes`")?
            .iter()
            .map(|c| {
                let action = c["action"].as_str().and_then(Action::parse);
                action.ok_or_else(|| format!("an unknown action: {}", c["action"]))?;
                Ok(c.clone())
            })
            .collect::<Result<Vec<Value>, String>>()?;
        Ok(SavedPlan {
            files: strings("files"),
            prune: strings("prune"),
            changes,
        })
    }

    /// Whether this plan makes the changes a saved plan made (secrets
    /// aside): if not, the account or the files changed since.
    pub fn same_as(&self, saved: &SavedPlan) -> bool {
        self.to_json()["changes"].as_array() == Some(&saved.changes)
    }
}

/// A plan read back from its JSON: the files it was made from, what it
/// pruned, and its changes, to compare with a plan made now.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedPlan {
    /// The state files.
    pub files: Vec<String>,
    /// The resources pruned.
    pub prune: Vec<String>,
    changes: Vec<Value>,
}

/// The scopes to read a kind in: those of the file's objects, and, for a
/// pruned child, those of its parents the file lists; not those of a
/// parent the plan is about to create (nothing of it exists yet).
fn scopes(
    kind: &Kind,
    wanted: &[Map<String, Value>],
    desired: &DesiredState,
    planned: &[Change],
) -> Vec<Scope> {
    let mut out: Vec<Scope> = Vec::new();
    let mut add = |scope: Scope| {
        if !out.contains(&scope) {
            out.push(scope);
        }
    };
    for object in wanted {
        if let Some(scope) = scope_of(kind, object) {
            add(scope);
        }
    }
    if let Some(parent) = kind.resource.parent {
        let fields = kind.scope_fields();
        let links: Vec<(&str, &str)> = parent.key.to_vec();
        // A list read by the parent's link alone: every parent in the file.
        if fields.len() == links.len()
            && fields.iter().all(|f| links.iter().any(|(own, _)| own == f))
        {
            for object in desired
                .objects
                .get(parent.resource.name)
                .into_iter()
                .flatten()
            {
                let scope: Option<Scope> = fields
                    .iter()
                    .map(|f| {
                        let (_, theirs) = links.iter().find(|(own, _)| own == f)?;
                        object.get(*theirs).map(|v| (*f, v.clone()))
                    })
                    .collect();
                if let Some(scope) = scope {
                    add(scope);
                }
            }
        }
    }
    // A parent being created has no children yet.
    if let Some(parent) = kind.resource.parent {
        out.retain(|scope| {
            !planned.iter().any(|c| {
                c.resource == parent.resource.name
                    && c.action == Action::Create
                    && parent.key.iter().all(|(own, theirs)| {
                        scope.iter().find(|(f, _)| f == own).is_none_or(|(_, v)| {
                            c.object.get(*theirs).is_none_or(|w| show(w) == show(v))
                        })
                    })
            })
        });
    }
    if kind.scope_fields().is_empty() {
        return vec![Vec::new()];
    }
    out
}

/// The create's inputs `object` gives (a server's `ssh_keys`), which the
/// API never returns: `server web1: ssh_keys`; none where it gives none.
fn unchecked(kind: &Kind, object: &Map<String, Value>) -> Option<String> {
    let inputs: Vec<&str> = kind
        .inputs()
        .into_iter()
        .filter(|i| object.contains_key(*i) && kind.field(i).is_none())
        .collect();
    (!inputs.is_empty()).then(|| {
        format!(
            "{} {}: {}",
            kind.name(),
            label(kind, object),
            inputs.join(", ")
        )
    })
}

/// The match fields of an object, and its `or_match` fields (a new
/// server's label).
fn matched(kind: &Kind, object: &Map<String, Value>) -> Map<String, Value> {
    kind.desired
        .matched_by
        .iter()
        .chain(kind.desired.or_matched_by)
        .filter_map(|f| object.get(*f).map(|v| ((*f).to_owned(), v.clone())))
        .collect()
}

fn create(kind: &Kind, object: &Map<String, Value>) -> Change {
    let fields = object
        .iter()
        .filter(|(f, _)| !kind.is_match(f))
        .map(|(f, v)| FieldChange {
            field: f.clone(),
            old: None,
            new: Some(v.clone()),
            secret: kind.is_secret(f),
        })
        .collect();
    Change {
        resource: kind.name(),
        action: Action::Create,
        object: matched(kind, object),
        fields,
        desired: Some(object.clone()),
        current: None,
    }
}

fn delete(kind: &Kind, current: &Map<String, Value>) -> Change {
    Change {
        resource: kind.name(),
        action: Action::Delete,
        object: matched(kind, current),
        fields: Vec::new(),
        desired: None,
        current: Some(current.clone()),
    }
}

/// What makes a held object what the file says.
enum Difference {
    /// Nothing: they are the same.
    Same,
    /// This change.
    Change(Change),
    /// Fields no endpoint changes, of a resource that refuses to replace
    /// one not named for it: `resource/label`, and the sentence.
    Fixed(String, String),
}

/// The change that makes `current` what `object` says: only the fields
/// the file writes, never what the API sets nor a secret; in place where
/// endpoints change them all, else a replacement (or, where the resource
/// refuses one not named for it, the fields that cannot change).
fn difference(
    kind: &Kind,
    object: &Map<String, Value>,
    current: &Map<String, Value>,
    options: &PlanOptions,
) -> Result<Difference, PlanError> {
    let fields = changed_fields(kind, object, current);
    if fields.is_empty() {
        return Ok(Difference::Same);
    }
    let fixed: Vec<&str> = fields
        .iter()
        .filter(|f| !kind.updatable(&f.field))
        .map(|f| f.field.as_str())
        .collect();
    let name = format!("{}/{}", kind.name(), label(kind, current));
    if !fixed.is_empty() && kind.delete.is_none() {
        return Err(PlanError::Unusable(format!(
            "{} {}: no endpoint changes {} of one, and none deletes one to make it again",
            kind.name(),
            label(kind, object),
            fixed.join(", ")
        )));
    }
    let named = options.replace.contains(&name);
    if !fixed.is_empty() && kind.desired.refuses_replacement && !named {
        return Ok(Difference::Fixed(
            name.clone(),
            format!(
                "{name}: no endpoint changes its {}, and replacing it would destroy it",
                fixed.join(", ")
            ),
        ));
    }
    // The object by the file's values, and the name the API gave it.
    let mut matched = matched(kind, object);
    if let Some(key) = kind.returned_key()
        && let Some(value) = current.get(key)
    {
        matched.entry(key).or_insert_with(|| value.clone());
    }
    Ok(Difference::Change(Change {
        resource: kind.name(),
        action: if fixed.is_empty() {
            Action::Update
        } else {
            Action::Replace
        },
        object: matched,
        fields,
        desired: Some(object.clone()),
        current: Some(current.clone()),
    }))
}

/// The fields of `object` whose values differ from what the API holds.
fn changed_fields(
    kind: &Kind,
    object: &Map<String, Value>,
    current: &Map<String, Value>,
) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    for (field, value) in object {
        if kind.is_match(field) || kind.set_by_api(field) || kind.is_secret(field) {
            continue;
        }
        // A create's input (a stack's `enable_ssl`) is not returned.
        if kind.field(field).is_none() {
            continue;
        }
        let (old, new) = (
            compared(kind, field, current.get(field)),
            compared(kind, field, Some(value)),
        );
        if old != new {
            fields.push(FieldChange {
                field: field.clone(),
                old,
                new,
                secret: false,
            });
        }
    }
    fields
}

/// Why these deletions need `force`: more than [`MAX_DELETIONS`], or more
/// than a quarter of one resource's objects.
fn guard(deletions: &[Change], counts: &BTreeMap<&str, (usize, usize)>) -> Option<String> {
    if deletions.len() > MAX_DELETIONS {
        return Some(format!(
            "the plan deletes {} objects (more than {MAX_DELETIONS})",
            deletions.len()
        ));
    }
    counts
        .iter()
        .find(|(_, (gone, held))| *gone > 0 && *gone * 4 > *held)
        .map(|(name, (gone, held))| {
            format!("the plan deletes {gone} of the {held} {name} objects (more than a quarter)")
        })
}

/// The plan as a table: one row per field changed (one for a change of no
/// field), with a summary line; secrets as `(secret)`, long values cut.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            writeln!(f, "No changes: the account holds what the state says.")?;
            return self.fmt_unchecked(f);
        }
        let cut = |v: &Option<Value>, secret: bool| match (v, secret) {
            (None, _) => String::new(),
            (Some(_), true) => "(secret)".to_owned(),
            (Some(v), false) => {
                let text = show(v).replace('\n', "\\n");
                if text.chars().count() > 40 {
                    format!("{}…", text.chars().take(39).collect::<String>())
                } else {
                    text
                }
            }
        };
        let mut rows = vec![[
            "ACTION".to_owned(),
            "RESOURCE".to_owned(),
            "OBJECT".to_owned(),
            "FIELD".to_owned(),
            "OLD".to_owned(),
            "NEW".to_owned(),
        ]];
        for c in &self.changes {
            let lead = [
                c.action.as_str().to_owned(),
                c.resource.to_owned(),
                c.label(),
            ];
            if c.fields.is_empty() {
                rows.push([
                    lead[0].clone(),
                    lead[1].clone(),
                    lead[2].clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            for field in &c.fields {
                rows.push([
                    lead[0].clone(),
                    lead[1].clone(),
                    lead[2].clone(),
                    field.field.clone(),
                    cut(&field.old, field.secret),
                    cut(&field.new, field.secret),
                ]);
            }
        }
        let widths: Vec<usize> = (0..6)
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i < 5 {
                    line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
                }
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        let [create, update, replace, delete] = self.counts();
        writeln!(
            f,
            "\nPlan: {create} to create, {update} to update, {replace} to replace, {delete} to delete."
        )?;
        if let Some(why) = &self.needs_force {
            writeln!(f, "Applying it needs force: {why}.")?;
        }
        self.fmt_unchecked(f)
    }
}

impl Plan {
    /// The values never compared, in a note.
    fn fmt_unchecked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unchecked.is_empty() {
            return Ok(());
        }
        writeln!(
            f,
            "Not compared (sent only when the object is created, and never returned): {}.",
            self.unchecked.join("; ")
        )
    }
}
