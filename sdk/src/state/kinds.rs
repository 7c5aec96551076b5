//! A resource as desired state sees it, from the spec's metadata alone: the
//! endpoints that list, create, change and delete one, which of its fields
//! a state file writes, which the API sets, which an update changes.

use crate::{Desired, Endpoint, FieldInfo, FieldKind, FromGet, Resource, ResourceUse, Role};

/// A resource the spec declares for desired state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub resource: &'static Resource,
    pub desired: Desired,
    pub list: &'static Endpoint,
    pub create: &'static Endpoint,
    pub update: Option<&'static Endpoint>,
    pub delete: Option<&'static Endpoint>,
    /// The get that reads the fields no list returns, if any.
    pub get: Option<&'static Endpoint>,
}

impl Kind {
    /// The resource of this name, for desired state; else a sentence saying
    /// why it cannot be.
    pub fn named(name: &str) -> Result<Kind, String> {
        let Some(resource) = crate::resources::RESOURCES
            .iter()
            .copied()
            .find(|r| r.name == name)
        else {
            let names: Vec<&str> = crate::resources::RESOURCES.iter().map(|r| r.name).collect();
            return Err(format!(
                "`{name}` is not a resource of the spec; the resources are {}",
                names.join(", ")
            ));
        };
        Kind::of(resource)
    }

    /// The resource, for desired state; else a sentence saying why it
    /// cannot be.
    pub fn of(resource: &'static Resource) -> Result<Kind, String> {
        let name = resource.name;
        if let Some(why) = resource.unmanaged {
            return Err(format!("desired state does not manage `{name}`: {why}"));
        }
        let Some(desired) = resource.desired else {
            return Err(format!(
                "`{name}` has no `desired:` declaration in the spec, which says what identifies \
                 one in a state file and which endpoints list, create, change and delete it{}",
                missing_operations(resource)
            ));
        };
        let found = |link: crate::EndpointLink| Some(link.get()).filter(|e| e.resource.is_some());
        let (Some(list), Some(create)) = (found(desired.list), found(desired.create)) else {
            return Err(format!(
                "`{name}`: its list or create endpoint is not served"
            ));
        };
        Ok(Kind {
            resource,
            desired,
            list,
            create,
            update: desired.update.and_then(found),
            delete: desired.delete.and_then(found),
            get: desired.get.and_then(found),
        })
    }

    /// Every resource the spec declares for desired state, parents first.
    pub fn all() -> Vec<Kind> {
        let mut kinds: Vec<Kind> = crate::resources::RESOURCES
            .iter()
            .filter_map(|r| Kind::of(r).ok())
            .collect();
        kinds.sort_by_key(|k| (k.rank(), k.resource.name));
        kinds
    }

    pub fn name(&self) -> &'static str {
        self.resource.name
    }

    /// Its place in the order of a plan: after its parent and the
    /// resources it refers to (`refers`), which are made before it and
    /// deleted after it; 0 for one that depends on none.
    pub fn rank(&self) -> usize {
        rank(self.resource)
    }

    pub fn uses(endpoint: &'static Endpoint) -> &'static ResourceUse {
        match &endpoint.resource {
            Some(uses) => uses,
            None => unreachable!("a kind's endpoints are resource endpoints"),
        }
    }

    /// The field of the shape, or the list a get reads (`from_get`).
    pub fn field(&self, name: &str) -> Option<&'static FieldInfo> {
        if let Some(field) = self.resource.shape.field(name) {
            return Some(field);
        }
        let from = self.read_by_get(name)?;
        let FieldKind::Shape(mut shape) = self.get?.returns?.kind else {
            return None;
        };
        let mut found = None;
        for step in from.at {
            let field = shape.field(step)?;
            if let FieldKind::Shape(next) = field.kind {
                shape = next;
            }
            found = Some(field);
        }
        found
    }

    /// The list field a get reads, so named.
    pub fn read_by_get(&self, name: &str) -> Option<&'static FromGet> {
        self.desired.from_get.iter().find(|f| f.field == name)
    }

    /// Whether the API sets the field: the ID it allocates, the time
    /// stamps, the declared computed fields, and the fields a create sets
    /// from a parameter of a role (the account's client ID).
    pub fn set_by_api(&self, field: &str) -> bool {
        let r = self.resource;
        r.id == Some(field)
            || r.created.contains(&field)
            || r.updated.contains(&field)
            || self.desired.computed.contains(&field)
            || from_role(self.create, field)
    }

    pub fn is_secret(&self, field: &str) -> bool {
        self.desired.secrets.contains(&field)
    }

    pub fn is_match(&self, field: &str) -> bool {
        self.desired.matched_by.contains(&field)
    }

    /// Whether the update endpoint sets the field.
    pub fn update_sets(&self, field: &str) -> bool {
        self.update.is_some_and(|e| {
            Kind::uses(e).fields.iter().any(|(f, _)| *f == field)
                || self.read_by_get(field).is_some()
        })
    }

    /// Whether an endpoint changes the field in place: the update, or the
    /// endpoints the declaration names for it (a server's product).
    pub fn updatable(&self, field: &str) -> bool {
        self.update_sets(field) || self.desired.changed_by.iter().any(|(f, _)| *f == field)
    }

    /// The match field the create returns when a file leaves it out (a
    /// server's name), where the declaration matches such objects by
    /// others.
    pub fn returned_key(&self) -> Option<&'static str> {
        let returned = Kind::uses(self.create).returns_id?;
        (!self.desired.or_matched_by.is_empty() && self.is_match(returned)).then_some(returned)
    }

    /// The create endpoint's parameters that set no field of the shape,
    /// which a state file may give by their wire name (a stack's
    /// `enable_ssl`), or by their own name for a member of a group (a
    /// server's `ssh_keys`): sent on create, never compared.
    pub fn inputs(&self) -> Vec<&'static str> {
        let uses = Kind::uses(self.create);
        let free = |path: &[&str], name: &str| {
            !uses.key.iter().chain(uses.fields).any(|(_, p)| *p == path)
                && self.field(name).is_none()
        };
        let mut out = Vec::new();
        for p in self.create.params.iter().filter(|p| p.role.is_none()) {
            match p.members() {
                None if free(&[p.name], p.name) => out.push(p.name),
                None => {}
                Some(_) if p.list.is_some() || p.map => {}
                Some(members) => out.extend(
                    members
                        .iter()
                        .filter(|m| m.members().is_none() && free(&[p.name, m.name], m.name))
                        .map(|m| m.name),
                ),
            }
        }
        out
    }

    /// The fields a state file may write: those a create sets or names,
    /// and the create's inputs.
    pub fn writable(&self, field: &str) -> bool {
        let uses = Kind::uses(self.create);
        let created = uses.key.iter().chain(uses.fields).any(|(f, _)| *f == field);
        (created
            || self.is_match(field)
            || self.inputs().contains(&field)
            || self.read_by_get(field).is_some())
            && !self.set_by_api(field)
    }

    /// The fields `export` writes: the match fields, then those a create
    /// sets, in the shape's order; never what the API sets or a secret.
    pub fn exported(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.desired.matched_by.to_vec();
        for field in self.desired.or_matched_by {
            if !out.contains(field) {
                out.push(field);
            }
        }
        for field in self.resource.shape.fields {
            if !out.contains(&field.name)
                && self.writable(field.name)
                && !self.is_secret(field.name)
            {
                out.push(field.name);
            }
        }
        out.extend(self.desired.from_get.iter().map(|f| f.field));
        out
    }

    /// The fields whose values name which list reads one (a record's
    /// `domain`): the list endpoint's key fields.
    /// For objects read from their parent's (`read_from`), the fields
    /// holding the parent's values of those.
    pub fn scope_fields(&self) -> Vec<&'static str> {
        let listed = Kind::uses(self.list).key.iter().map(|(f, _)| *f);
        match (self.desired.read_from, self.resource.parent) {
            (Some(_), Some(parent)) => listed
                .filter_map(|theirs| {
                    parent
                        .key
                        .iter()
                        .find(|(_, t)| *t == theirs)
                        .map(|(own, _)| *own)
                })
                .collect(),
            _ => listed.collect(),
        }
    }
}

/// The longest chain of parents and references below a resource (the spec
/// has no cycle of them: codegen refuses one).
fn rank(resource: &Resource) -> usize {
    let parent = resource.parent.map(|p| p.resource);
    let referred = resource
        .desired
        .iter()
        .flat_map(|d| d.refers.iter().map(|r| r.resource));
    parent
        .into_iter()
        .chain(referred)
        .map(|r| 1 + rank(r))
        .max()
        .unwrap_or(0)
}

/// Whether a create sets `field` from a parameter of a role.
fn from_role(create: &Endpoint, field: &str) -> bool {
    let Some(uses) = &create.resource else {
        return false;
    };
    uses.fields.iter().any(|(f, path)| {
        *f == field
            && path.len() == 1
            && create
                .params
                .iter()
                .any(|p| p.name == path[0] && p.role == Some(Role::ClientId))
    })
}

/// What operations a resource's endpoints offer, for the sentence saying
/// why it cannot be used.
fn missing_operations(resource: &Resource) -> String {
    use crate::ResourceOp;
    let has = |op: ResourceOp| {
        crate::api::ENDPOINTS.iter().any(|e| {
            e.resource
                .is_some_and(|u| u.resource.name == resource.name && u.op == op)
        })
    };
    let missing: Vec<&str> = [ResourceOp::List, ResourceOp::Create]
        .into_iter()
        .filter(|op| !has(*op))
        .map(ResourceOp::as_str)
        .collect();
    if missing.is_empty() {
        String::new()
    } else {
        format!(
            " (the spec has no endpoint that does `op: {}` to it)",
            missing.join("` or `op: ")
        )
    }
}
