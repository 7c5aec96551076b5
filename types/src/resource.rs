//! What an endpoint does to a resource of the API (a DNS record, a stack, a
//! server), as the spec declares it: the resource's shape and identifying
//! fields, and per endpoint whether it creates, reads, lists, changes,
//! deletes or acts on one, with the parameters that name it. Generated for
//! every declared resource and endpoint, so that code without a Rust type at
//! hand (the fake API keeps state by it) knows what a call means.

use crate::endpoint::{Endpoint, ParamPath};
use crate::shape::ShapeInfo;

/// A kind of thing the API holds, such as a DNS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resource {
    /// The resource's name in the spec, such as `dns_record`.
    pub name: &'static str,
    /// What it is.
    pub description: &'static str,
    /// The shape one is returned in.
    pub shape: &'static ShapeInfo,
    /// The shape's fields that together identify one, outermost first
    /// (`domain`, then `id`).
    pub key: &'static [&'static str],
    /// The key field the API allocates when one is created (an ID).
    pub id: Option<&'static str>,
    /// The resource it belongs to, if any (a record to its zone).
    pub parent: Option<Parent>,
    /// Fields set to the time when one is created.
    pub created: &'static [&'static str],
    /// Fields set to the time when one is changed.
    pub updated: &'static [&'static str],
    /// How desired state (`sitehost::state`) reads, matches and changes
    /// one, where the spec declares it.
    pub desired: Option<Desired>,
    /// Why desired state cannot manage one, where the spec says: the
    /// source fact it lacks.
    pub unmanaged: Option<&'static str>,
    /// The documented examples, a JSON array of objects of its shape (fields
    /// may be missing): what a fake API holds unless told otherwise. Only
    /// with the `fake` feature; `None` without.
    pub examples: Option<&'static str>,
}

impl Resource {
    /// A resource; generated code builds its metadata this way.
    #[inline]
    pub const fn new(
        name: &'static str,
        description: &'static str,
        shape: &'static ShapeInfo,
        key: &'static [&'static str],
    ) -> Resource {
        Resource {
            name,
            description,
            shape,
            key,
            id: None,
            parent: None,
            created: &[],
            updated: &[],
            desired: None,
            unmanaged: None,
            examples: None,
        }
    }

    /// Why desired state cannot manage one.
    #[must_use]
    #[inline]
    pub const fn unmanaged(mut self, why: &'static str) -> Resource {
        self.unmanaged = Some(why);
        self
    }

    /// How many parents it has above it (0 for one that belongs to none):
    /// parents are made before, and deleted after, their children.
    #[inline]
    pub fn depth(&self) -> usize {
        self.parent.map_or(0, |p| 1 + p.resource.depth())
    }

    /// How desired state reads, matches and changes one.
    #[must_use]
    #[inline]
    pub const fn desired(mut self, desired: Desired) -> Resource {
        self.desired = Some(desired);
        self
    }

    /// The documented examples, as a JSON array (see
    /// [`fake_data!`](crate::fake_data), which gives `None` without the
    /// `fake` feature).
    #[must_use]
    #[inline]
    pub const fn examples(mut self, examples: Option<&'static str>) -> Resource {
        self.examples = examples;
        self
    }

    /// The API allocates this key field on create.
    #[must_use]
    #[inline]
    pub const fn allocates(mut self, id: &'static str) -> Resource {
        self.id = Some(id);
        self
    }

    /// One belongs to a resource of another kind.
    #[must_use]
    #[inline]
    pub const fn within(mut self, parent: Parent) -> Resource {
        self.parent = Some(parent);
        self
    }

    /// Fields stamped with the time on create, and on change.
    #[must_use]
    #[inline]
    pub const fn stamps(
        mut self,
        created: &'static [&'static str],
        updated: &'static [&'static str],
    ) -> Resource {
        self.created = created;
        self.updated = updated;
        self
    }
}

/// A resource's declaration for desired state: what identifies an object
/// of a state file, what the API keeps to itself, and the endpoints that
/// list, create, change and delete one (linked to their metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Desired {
    /// The fields that identify an object of a state file (a DNS record's
    /// zone, type, name and content), the parent's link among them.
    pub matched_by: &'static [&'static str],
    /// Fields sent on create that the API never returns (passwords): never
    /// compared, never shown.
    pub secrets: &'static [&'static str],
    /// Fields the API sets, besides the allocated ID and the time stamps:
    /// never compared, never exported.
    pub computed: &'static [&'static str],
    /// `(parameter, JSON value)` a create sends where a state file gives
    /// none, for parameters that set no field (and are never returned).
    pub defaults: &'static [(&'static str, &'static str)],
    /// The endpoint that lists them.
    pub list: EndpointLink,
    /// The endpoint that creates one.
    pub create: EndpointLink,
    /// The endpoint that changes one, if any.
    pub update: Option<EndpointLink>,
    /// The endpoint that deletes one, if any.
    pub delete: Option<EndpointLink>,
    /// The fields that identify an object of a state file that leaves out
    /// the key field its create returns (a server without a name, matched
    /// by its label).
    pub or_matched_by: &'static [&'static str],
    /// `(field, paths)`: fields changed by endpoints of their own, called
    /// in order (a server's product: an upgrade, then a commit).
    pub changed_by: &'static [(&'static str, &'static [EndpointLink])],
    /// Fields of the create's response that are secrets the API returns
    /// only then (a new server's root password).
    pub returns_secrets: &'static [&'static str],
    /// A change of a field no endpoint changes is refused (a plan says so
    /// and stops) unless the object is named for replacement; else it is a
    /// replacement.
    pub refuses_replacement: bool,
    /// The field of the parent's listed objects that holds these (a
    /// database user's `grants`), where no endpoint lists them: `list` is
    /// then the parent's list.
    pub read_from: Option<&'static str>,
    /// List fields compared as sets: the order the API returns them in
    /// means nothing (a grant's privileges).
    pub unordered: &'static [&'static str],
    /// `(field, item field)`: the list endpoint is a get per parent object
    /// that returns a bare list of one object's items (a server's
    /// firewall: its security groups, in order); the object holds the
    /// items' `item field` values in `field`, in the order returned.
    pub bare_list: Option<(&'static str, &'static str)>,
    /// The endpoint that gets one, for fields no list returns.
    pub get: Option<EndpointLink>,
    /// Fields no list returns, read by a get per object (a security
    /// group's rules).
    pub from_get: &'static [FromGet],
    /// Fields holding another resource's key (a firewall's `groups`, the
    /// names of security groups), which a state file may give by the other
    /// resource's match fields instead (`{label: web}`): resolved when the
    /// plan is made, or, for an object the same apply creates, when it has
    /// been created. The link to a parent is such a reference too.
    pub refers: &'static [Reference],
}

/// A field of desired state that holds another resource's key.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reference {
    /// The field (`groups`), a value or a list of them.
    pub field: &'static str,
    /// The resource it names (`security_group`).
    pub resource: &'static Resource,
    /// The key field of that resource the value is (`name`).
    pub key: &'static str,
}

impl Reference {
    /// `field` holds the `key` of a `resource`.
    #[inline]
    pub const fn new(field: &'static str, resource: &'static Resource, key: &'static str) -> Self {
        Reference {
            field,
            resource,
            key,
        }
    }
}

/// The resource by its name, not its whole metadata.
impl std::fmt::Debug for Reference {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference")
            .field("field", &self.field)
            .field("resource", &self.resource.name)
            .field("key", &self.key)
            .finish()
    }
}

/// A link to an endpoint's metadata: a function returning it, which const
/// evaluation does not follow, so that a resource's metadata can name its
/// endpoints while theirs name the resource.
#[derive(Clone, Copy)]
pub struct EndpointLink(fn() -> &'static Endpoint);

impl EndpointLink {
    /// The endpoint `get` returns.
    #[inline]
    pub const fn new(get: fn() -> &'static Endpoint) -> EndpointLink {
        EndpointLink(get)
    }

    /// The endpoint.
    #[inline]
    pub fn get(self) -> &'static Endpoint {
        (self.0)()
    }
}

/// A link to the endpoint of request `R` ([`Request::LINK`](crate::Request::LINK)).
#[inline]
pub(crate) const fn endpoint_link<R: crate::Request + ?Sized>() -> EndpointLink {
    EndpointLink(endpoint_of::<R>)
}

#[inline]
fn endpoint_of<R: crate::Request + ?Sized>() -> &'static Endpoint {
    R::ENDPOINT
}

/// Two links are equal when they lead to the endpoint of the same path
/// (the spec holds one of each).
impl PartialEq for EndpointLink {
    #[inline]
    fn eq(&self, other: &EndpointLink) -> bool {
        self.get().path == other.get().path
    }
}

impl Eq for EndpointLink {}

impl std::fmt::Debug for EndpointLink {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("EndpointLink")
            .field(&self.get().path)
            .finish()
    }
}

/// A list field of desired state that no list returns: read by a get per
/// object from a path of its response, sent by the update's list parameter,
/// its items compared without the fields only the API sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FromGet {
    /// The field's name in a state file (`rules_in`).
    pub field: &'static str,
    /// Where the get's response holds it (`["rules", "in"]`).
    pub at: &'static [&'static str],
    /// The update's parameter that sets it (`["params", "rules_in"]`).
    pub param: ParamPath,
    /// Fields of its items the API sets: never compared, never exported.
    pub ignore: &'static [&'static str],
}

impl FromGet {
    /// `field`, read at `at` of the get's response, sent as `param`, its
    /// items compared without `ignore`.
    #[inline]
    pub const fn new(
        field: &'static str,
        at: &'static [&'static str],
        param: ParamPath,
        ignore: &'static [&'static str],
    ) -> FromGet {
        FromGet {
            field,
            at,
            param,
            ignore,
        }
    }
}

impl Desired {
    /// Objects matched by these fields, listed and created by these
    /// endpoints; the other methods add to it.
    #[inline]
    pub const fn new(
        matched_by: &'static [&'static str],
        list: EndpointLink,
        create: EndpointLink,
    ) -> Desired {
        Desired {
            matched_by,
            secrets: &[],
            computed: &[],
            defaults: &[],
            list,
            create,
            update: None,
            delete: None,
            or_matched_by: &[],
            changed_by: &[],
            returns_secrets: &[],
            refuses_replacement: false,
            read_from: None,
            unordered: &[],
            bare_list: None,
            get: None,
            from_get: &[],
            refers: &[],
        }
    }

    /// Fields holding other resources' keys, which a state file may give
    /// by those resources' match fields.
    #[must_use]
    #[inline]
    pub const fn refers(mut self, references: &'static [Reference]) -> Desired {
        self.refers = references;
        self
    }

    /// Fields no list returns, read by a get per object (by the endpoint
    /// at `get`).
    #[must_use]
    #[inline]
    pub const fn from_get(mut self, get: EndpointLink, fields: &'static [FromGet]) -> Desired {
        self.get = Some(get);
        self.from_get = fields;
        self
    }

    /// The list endpoint returns a bare list of one object's items, whose
    /// `item` values the object holds in `field`, in order.
    #[must_use]
    #[inline]
    pub const fn bare_list(mut self, field: &'static str, item: &'static str) -> Desired {
        self.bare_list = Some((field, item));
        self
    }

    /// Objects read from this field of the parent's listed objects.
    #[must_use]
    #[inline]
    pub const fn read_from(mut self, field: &'static str) -> Desired {
        self.read_from = Some(field);
        self
    }

    /// List fields compared as sets.
    #[must_use]
    #[inline]
    pub const fn unordered(mut self, fields: &'static [&'static str]) -> Desired {
        self.unordered = fields;
        self
    }

    /// Objects that leave out the key field the create returns are
    /// matched by these fields.
    #[must_use]
    #[inline]
    pub const fn or_matched_by(mut self, fields: &'static [&'static str]) -> Desired {
        self.or_matched_by = fields;
        self
    }

    /// Fields changed by endpoints of their own.
    #[must_use]
    #[inline]
    pub const fn changed_by(
        mut self,
        changes: &'static [(&'static str, &'static [EndpointLink])],
    ) -> Desired {
        self.changed_by = changes;
        self
    }

    /// Fields of the create's response that are secrets returned once.
    #[must_use]
    #[inline]
    pub const fn returns_secrets(mut self, fields: &'static [&'static str]) -> Desired {
        self.returns_secrets = fields;
        self
    }

    /// A change no endpoint makes is refused unless the object is named
    /// for replacement.
    #[must_use]
    #[inline]
    pub const fn refuses_replacement(mut self) -> Desired {
        self.refuses_replacement = true;
        self
    }

    /// Fields the API never returns.
    #[must_use]
    #[inline]
    pub const fn secrets(mut self, secrets: &'static [&'static str]) -> Desired {
        self.secrets = secrets;
        self
    }

    /// Fields the API sets.
    #[must_use]
    #[inline]
    pub const fn computed(mut self, computed: &'static [&'static str]) -> Desired {
        self.computed = computed;
        self
    }

    /// What a create sends where a state file gives no value.
    #[must_use]
    #[inline]
    pub const fn defaults(mut self, defaults: &'static [(&'static str, &'static str)]) -> Desired {
        self.defaults = defaults;
        self
    }

    /// The endpoint that changes one.
    #[must_use]
    #[inline]
    pub const fn updated_by(mut self, endpoint: EndpointLink) -> Desired {
        self.update = Some(endpoint);
        self
    }

    /// The endpoint that deletes one.
    #[must_use]
    #[inline]
    pub const fn deleted_by(mut self, endpoint: EndpointLink) -> Desired {
        self.delete = Some(endpoint);
        self
    }
}

/// The resource another belongs to, and which of its fields say which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parent {
    /// The parent resource.
    pub resource: &'static Resource,
    /// `(own field, parent's key field)`: for a DNS record, its `domain` is
    /// its zone's `name`.
    pub key: &'static [(&'static str, &'static str)],
}

impl Parent {
    /// The parent `resource`, named by these `(own field, parent's key
    /// field)` pairs.
    #[inline]
    pub const fn new(
        resource: &'static Resource,
        key: &'static [(&'static str, &'static str)],
    ) -> Parent {
        Parent { resource, key }
    }
}

/// What an endpoint does to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceOp {
    /// Makes a new one from the request's values.
    Create,
    /// Returns one.
    Get,
    /// Returns those that match, maybe a page of them.
    List,
    /// Changes the fields the request sends.
    Update,
    /// Removes one.
    Delete,
    /// Acts on one (start, stop, restart): it must exist; the declared
    /// fields change.
    Action,
    /// Makes one from the request's values, or changes the one it names
    /// (an endpoint that sets, whether or not one exists).
    Set,
}

impl ResourceOp {
    /// `create`, `get`, `list`, `update`, `delete` or `action`, as the spec
    /// writes it.
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            ResourceOp::Create => "create",
            ResourceOp::Get => "get",
            ResourceOp::List => "list",
            ResourceOp::Update => "update",
            ResourceOp::Delete => "delete",
            ResourceOp::Action => "action",
            ResourceOp::Set => "set",
        }
    }
}

/// How an endpoint uses a resource, with the parameters (by their path of
/// names: `["params", "label"]` is `params[label]`) that carry its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceUse {
    /// The resource.
    pub resource: &'static Resource,
    /// What the endpoint does to it.
    pub op: ResourceOp,
    /// `(key field, parameter)`: the parameters that name one (for a list,
    /// those that narrow it to one parent's).
    pub key: &'static [(&'static str, ParamPath)],
    /// `(field, parameter)`: the fields a create or change sets from the
    /// request; a list field from a list parameter.
    pub fields: &'static [(&'static str, ParamPath)],
    /// `(field, parameter)`: a list's filters, each matching the field's
    /// value exactly.
    pub filters: &'static [(&'static str, ParamPath)],
    /// A list's sort parameters: the field to sort by, then `ASC` or `DESC`.
    pub sort: Option<(ParamPath, ParamPath)>,
    /// `(field, JSON value)`: fields set to a fixed value when it applies.
    pub set: &'static [(&'static str, &'static str)],
    /// For a create: the response field that carries the allocated ID.
    pub returns_id: Option<&'static str>,
}

impl ResourceUse {
    /// An endpoint that does `op` to `resource`; the other methods add the
    /// parameters.
    #[inline]
    pub const fn new(resource: &'static Resource, op: ResourceOp) -> ResourceUse {
        ResourceUse {
            resource,
            op,
            key: &[],
            fields: &[],
            filters: &[],
            sort: None,
            set: &[],
            returns_id: None,
        }
    }

    /// The parameters that name one.
    #[must_use]
    #[inline]
    pub const fn key(mut self, key: &'static [(&'static str, ParamPath)]) -> ResourceUse {
        self.key = key;
        self
    }

    /// The fields set from the request.
    #[must_use]
    #[inline]
    pub const fn fields(mut self, fields: &'static [(&'static str, ParamPath)]) -> ResourceUse {
        self.fields = fields;
        self
    }

    /// A list's filters.
    #[must_use]
    #[inline]
    pub const fn filters(mut self, filters: &'static [(&'static str, ParamPath)]) -> ResourceUse {
        self.filters = filters;
        self
    }

    /// A list's sort parameters: the field's, then the direction's.
    #[must_use]
    #[inline]
    pub const fn sort(mut self, by: ParamPath, dir: ParamPath) -> ResourceUse {
        self.sort = Some((by, dir));
        self
    }

    /// Fields set to fixed JSON values.
    #[must_use]
    #[inline]
    pub const fn set(mut self, set: &'static [(&'static str, &'static str)]) -> ResourceUse {
        self.set = set;
        self
    }

    /// The response field that carries a created one's ID.
    #[must_use]
    #[inline]
    pub const fn returns_id(mut self, field: &'static str) -> ResourceUse {
        self.returns_id = Some(field);
        self
    }
}
