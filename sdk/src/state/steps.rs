//! The calls a change makes, from its resource's endpoints: what applying
//! it sends, in order, and so the strongest effect a plan has before
//! anything is sent (a replacement deletes; an update may replace every
//! rule of a group; a create may spend money).

use super::kinds::Kind;
use super::plan::{Action, Change, Plan};
use crate::{Effect, Endpoint};

/// Which object a call of a change is sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Object {
    /// The object as the file gives it (a create).
    Desired,
    /// The object as the API holds it (a deletion).
    Current,
    /// The object the API holds, with the file's values (an update names
    /// it by what the API allocated).
    Merged,
}

/// One call of a change.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub endpoint: &'static Endpoint,
    pub object: Object,
}

/// The calls that make `change`, in order; else why none can.
pub(crate) fn steps(kind: &Kind, change: &Change) -> Result<Vec<Step>, String> {
    let step = |endpoint, object| Step { endpoint, object };
    let delete = || {
        kind.delete
            .ok_or_else(|| format!("no endpoint deletes a {}", kind.name()))
    };
    Ok(match change.action {
        Action::Create => {
            let mut out = vec![step(kind.create, Object::Desired)];
            // Lists no create sets (a new group's rules) are set by the
            // update once the create has named it.
            if let (Some(update), Some(desired)) = (kind.update, &change.desired)
                && kind.desired.from_get.iter().any(|f| {
                    desired
                        .get(f.field)
                        .and_then(|v| v.as_array())
                        .is_some_and(|items| !items.is_empty())
                })
            {
                out.push(step(update, Object::Desired));
            }
            out
        }
        Action::Update => updates(kind, change)?,
        Action::Replace => vec![
            step(delete()?, Object::Current),
            step(kind.create, Object::Desired),
        ],
        Action::Delete => vec![step(delete()?, Object::Current)],
    })
}

/// The calls of an update: the update endpoint where it sets a changed
/// field, then the endpoints each other changed field is changed by (a
/// server's label, then its product's upgrade and the commit of its
/// disks), so that every field of the change is made.
fn updates(kind: &Kind, change: &Change) -> Result<Vec<Step>, String> {
    let changed = |field: &str| change.fields.iter().any(|f| f.field == field);
    let mut out = Vec::new();
    if let Some(update) = kind.update
        && change.fields.iter().any(|f| kind.update_sets(&f.field))
    {
        out.push(Step {
            endpoint: update,
            object: Object::Merged,
        });
    }
    for (field, links) in kind.desired.changed_by {
        if !changed(field) {
            continue;
        }
        for link in *links {
            out.push(Step {
                endpoint: link.get(),
                object: Object::Merged,
            });
        }
    }
    if out.is_empty() {
        return Err(format!("no endpoint changes a {}", kind.name()));
    }
    Ok(out)
}

impl Change {
    /// The endpoints applying this change calls, in order.
    pub fn endpoints(&self) -> Vec<&'static Endpoint> {
        Kind::named(self.resource)
            .and_then(|kind| steps(&kind, self))
            .map(|steps| steps.iter().map(|s| s.endpoint).collect())
            .unwrap_or_default()
    }
}

impl Plan {
    /// The strongest effect of the endpoints applying the plan calls
    /// ([`Effect::Read`] when there is nothing to do): what a front end
    /// checks before it lets a caller apply it, since a replacement calls a
    /// delete endpoint and some creates and updates destroy by effect (one
    /// that replaces every rule of a group, one that orders a server).
    pub fn effect(&self) -> Effect {
        self.changes
            .iter()
            .flat_map(Change::endpoints)
            .map(|e| e.effect)
            .max()
            .unwrap_or(Effect::Read)
    }

    /// The endpoints of [`Effect::Destructive`] applying the plan calls,
    /// each once, in the order first called.
    pub fn destructive_calls(&self) -> Vec<&'static Endpoint> {
        let mut out: Vec<&'static Endpoint> = Vec::new();
        for endpoint in self.changes.iter().flat_map(Change::endpoints) {
            if endpoint.effect == Effect::Destructive
                && !out.iter().any(|e| e.path == endpoint.path)
            {
                out.push(endpoint);
            }
        }
        out
    }

    /// Why applying the plan is destructive, in a sentence naming the
    /// calls; `None` when it is not.
    pub fn destructive_reason(&self) -> Option<String> {
        let calls = self.destructive_calls();
        if calls.is_empty() {
            return None;
        }
        let paths: Vec<&str> = calls.iter().map(|e| e.path).collect();
        Some(format!(
            "applying this plan calls {}, which delete, replace or spend",
            paths.join(", ")
        ))
    }
}
