//! The spec as written: the serde model of one YAML file.
//!
//! Every struct rejects unknown keys, so a misspelt key is an error with a
//! location instead of a silently ignored setting. Checks that need more than
//! one value (duplicates, references, examples against types) live in
//! [`crate::validate`].
//!
//! Spellings of earlier versions of the format are still read (`list:
//! indexed` on a parameter, `optional: true` on a field, a resource use's
//! `key:`); [`crate::validate`] turns each into a hint saying what to write
//! instead, and `sitehost-codegen migrate` rewrites them.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// One spec file: endpoints, shapes, enums, resources and parameter
/// definitions, all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Parameters defined once, which endpoints use by name (`- use: client_id`).
    #[serde(default)]
    pub params: Vec<Param>,
    /// The endpoints.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// The response shapes.
    #[serde(default)]
    pub shapes: Vec<Shape>,
    /// The closed sets of values.
    #[serde(default)]
    pub enums: Vec<Enum>,
    /// The kinds of things the API holds, which endpoints create, list,
    /// change and delete.
    #[serde(default)]
    pub resources: Vec<Resource>,
}

/// A resource as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Its name, in snake case (`dns_record`).
    pub name: String,
    /// What it is.
    pub description: String,
    /// The shape one is returned in.
    pub shape: String,
    /// The shape's fields that identify one, outermost first.
    pub key: Vec<String>,
    /// The key field the API allocates on create.
    #[serde(default)]
    pub id: Option<String>,
    /// The resource one belongs to.
    #[serde(default)]
    pub parent: Option<ResourceParent>,
    /// Fields set to the time on create.
    #[serde(default)]
    pub created: Vec<String>,
    /// Fields set to the time on change.
    #[serde(default)]
    pub updated: Vec<String>,
    /// How desired state (`sitehost plan` and `apply`) reads, matches and
    /// changes one.
    #[serde(default)]
    pub desired: Option<Desired>,
    /// Why desired state cannot manage one: the source fact it lacks.
    #[serde(default)]
    pub unmanaged: Option<String>,
}

/// A resource's declaration for desired state, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desired {
    /// The fields that identify an object of a state file, the parent's
    /// included (for a DNS record: its zone, type, name and content).
    #[serde(rename = "match")]
    pub matched_by: Vec<String>,
    /// Fields sent when one is created that the API never returns
    /// (passwords): never compared, never shown.
    #[serde(default)]
    pub secret: Vec<String>,
    /// Fields the API sets, beyond the allocated ID and the time stamps:
    /// never compared, never exported.
    #[serde(default)]
    pub computed: Vec<String>,
    /// Values a create sends for its parameters that set no field (which
    /// the API therefore never returns), where a state file gives none.
    #[serde(default)]
    pub defaults: serde_yaml::Mapping,
    /// The path of the endpoint that lists them, where several do.
    #[serde(default)]
    pub list: Option<String>,
    /// The path of the endpoint that creates one, where several do.
    #[serde(default)]
    pub create: Option<String>,
    /// The path of the endpoint that changes one, where several do.
    #[serde(default)]
    pub update: Option<String>,
    /// The path of the endpoint that deletes one, where several do.
    #[serde(default)]
    pub delete: Option<String>,
    /// The fields that identify an object of a state file that leaves out
    /// the key field its create returns (a server without a name, matched
    /// by its label).
    #[serde(default)]
    pub or_match: Vec<String>,
    /// Fields changed by endpoints of their own, called in order (a
    /// server's `product_code`: an upgrade, then the commit of its disks).
    #[serde(default)]
    pub changes: serde_yaml::Mapping,
    /// Fields of the create's response that are secrets the API returns
    /// only then (a new server's root password).
    #[serde(default)]
    pub returns_secret: Vec<String>,
    /// What a change of a field no endpoint changes does: `replace` (the
    /// default: delete, then create) or `refuse` (a plan names the fields
    /// and stops, unless the object is named for replacement).
    #[serde(default)]
    pub fixed: Option<String>,
    /// The field of the parent's listed objects that holds these, where no
    /// endpoint lists them (a database user's `grants`).
    #[serde(default)]
    pub read_from: Option<String>,
    /// List fields compared as sets (a grant's privileges).
    #[serde(default)]
    pub unordered: Vec<String>,
    /// The list endpoint is a get per parent object returning a bare list
    /// of one object's items (a server's firewall's groups).
    #[serde(default)]
    pub bare_list: Option<BareList>,
    /// List fields no list returns, each read by a get per object from a
    /// path of its response (`rules_in: {at: rules.in, ignore: [pos]}`).
    #[serde(default)]
    pub from_get: serde_yaml::Mapping,
    /// Fields holding another resource's key (`groups: security_group`),
    /// which a state file may give by that resource's match fields.
    #[serde(default)]
    pub refers: serde_yaml::Mapping,
}

/// `bare_list:` as written: the list field of the object that holds the
/// items, and the field of each item it holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BareList {
    /// The object's list field (`groups`).
    pub field: String,
    /// The field of each returned item held there (`group`).
    pub item: String,
}

/// The resource another belongs to, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceParent {
    /// The parent resource's name.
    pub resource: String,
    /// Own field: the parent's key field it holds.
    #[serde(default)]
    pub via: Option<serde_yaml::Mapping>,
    /// The earlier spelling of `via`.
    #[serde(default)]
    pub key: Option<serde_yaml::Mapping>,
}

/// What an endpoint does to a resource, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceUse {
    /// The resource's name.
    pub name: String,
    /// `create`, `get`, `list`, `update`, `delete` or `action`.
    pub op: ResourceOp,
    /// Key field: the parameter (wire name) that carries it.
    #[serde(default)]
    pub named_by: Option<serde_yaml::Mapping>,
    /// The earlier spelling of `named_by`.
    #[serde(default)]
    pub key: Option<serde_yaml::Mapping>,
    /// Field: the parameter that sets it, beyond those named like a field.
    #[serde(default)]
    pub sets: Option<serde_yaml::Mapping>,
    /// The earlier spelling of `sets`.
    #[serde(default)]
    pub fields: Option<serde_yaml::Mapping>,
    /// For a list, field: the filter parameter matching it, beyond the
    /// members of `filters` named like a field.
    #[serde(default)]
    pub filters: serde_yaml::Mapping,
    /// Field: the value it is set to when the call applies.
    #[serde(default)]
    pub assigns: Option<serde_yaml::Mapping>,
    /// The earlier spelling of `assigns`.
    #[serde(default)]
    pub set: Option<serde_yaml::Mapping>,
    /// For a create: the response field carrying the allocated ID.
    #[serde(default)]
    pub returns_id: Option<String>,
}

/// What an endpoint does to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceOp {
    /// Makes one.
    Create,
    /// Returns one.
    Get,
    /// Returns those that match.
    List,
    /// Changes one.
    Update,
    /// Removes one.
    Delete,
    /// Acts on one.
    Action,
    /// Makes one, or changes the one named (an endpoint that sets whether
    /// or not one exists).
    Set,
}

impl ResourceOp {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
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

/// A closed set of values a parameter takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    /// The enum's name.
    pub name: String,
    /// What its values mean.
    pub description: String,
    /// The values as the API writes them, in the documented order.
    pub values: Vec<String>,
}

/// An endpoint as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// The API path, such as `/job/get`.
    pub path: String,
    /// The API version, such as `"1.3"`.
    pub version: Version,
    /// `GET` or `POST`.
    pub method: Method,
    /// One line that says what the endpoint does.
    pub summary: String,
    /// More on what it does.
    #[serde(default)]
    pub description: Option<String>,
    /// The Rust name of the request type, where the path's last segment
    /// would name it as a type of Rust's prelude (`/cloud/stack/copy`).
    #[serde(default)]
    pub type_name: Option<String>,
    /// Where the endpoint's facts come from: a reference page (the default)
    /// or the official SDK.
    #[serde(default)]
    pub source: Option<Provenance>,
    /// What calling it does, where not what its method and name say.
    #[serde(default)]
    pub effect: Option<Effect>,
    /// The parameters, in wire order.
    #[serde(default)]
    pub params: Vec<Param>,
    /// What the endpoint returns; without it, `return` is kept as JSON.
    #[serde(default)]
    pub response: Option<Response>,
    /// What it does to a resource.
    #[serde(default)]
    pub resource: Option<ResourceUse>,
}

/// What calling an endpoint does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Changes nothing.
    Read,
    /// Creates or changes something.
    Write,
    /// Deletes, revokes or replaces something, or stops a machine.
    Destructive,
}

impl Effect {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Destructive => "destructive",
        }
    }
}

/// Where a fact of the spec comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Provenance {
    /// A page of the API reference.
    #[serde(rename = "reference")]
    Reference,
    /// What the official Go SDK (sitehostnz/gosh) sends and decodes.
    #[serde(rename = "official-sdk")]
    OfficialSdk,
}

impl Provenance {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Reference => "reference",
            Provenance::OfficialSdk => "official-sdk",
        }
    }
}

/// An API version such as `"1.3"`, written as a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version(pub String);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        const QUOTE: &str =
            "write the version as a quoted string such as \"1.3\" (YAML reads 1.0 as the number 1)";
        impl Visitor<'_> for V {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version string such as \"1.3\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Version, E> {
                Ok(Version(v.to_owned()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Version, E> {
                Err(E::custom(QUOTE))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Version, E> {
                Err(E::custom(QUOTE))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Version, E> {
                Err(E::custom(QUOTE))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// An HTTP method as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Method {
    /// `GET`.
    #[serde(rename = "GET")]
    Get,
    /// `POST`.
    #[serde(rename = "POST")]
    Post,
}

/// How a list parameter is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListEncoding {
    /// `name[0]=x&name[1]=y`, the style of the 1.2 and later pages.
    Indexed,
    /// `name[]=x&name[]=y`, the style of the 1.0 pages.
    Brackets,
}

impl ListEncoding {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListEncoding::Indexed => "indexed",
            ListEncoding::Brackets => "brackets",
        }
    }
}

/// A parameter's `list:`: `true` or `false`, or, as earlier specs wrote it,
/// the encoding itself (`list: indexed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    /// `list: true` or `list: false`.
    Flag(bool),
    /// `list: indexed` or `list: brackets`: the earlier spelling of `list:
    /// true` with `encoding:`.
    Encoding(ListEncoding),
}

impl<'de> Deserialize<'de> for ListKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ListKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ListKey, E> {
                Ok(ListKey::Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ListKey, E> {
                match v {
                    "indexed" => Ok(ListKey::Encoding(ListEncoding::Indexed)),
                    "brackets" => Ok(ListKey::Encoding(ListEncoding::Brackets)),
                    _ => Err(E::custom(format_args!(
                        "`list: {v}`: write `list: true` and the list's wire form as \
                         `encoding: indexed` (name[0]=x) or `encoding: brackets` (name[]=x)"
                    ))),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A parameter's `map:`: `true` or `false`, or, as earlier specs wrote it,
/// what the keys are (`map: file name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapKey {
    /// `map: true` or `map: false`.
    Flag(bool),
    /// `map: file name`: the earlier spelling of `map: true` with `keys:`.
    Keys(String),
}

impl<'de> Deserialize<'de> for MapKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MapKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<MapKey, E> {
                Ok(MapKey::Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MapKey, E> {
                Ok(MapKey::Keys(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// What a parameter stands for beyond its value, declared once so that no
/// front end recognizes it by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The account the call acts for: front ends fill it in from
    /// `SH_CLIENT_ID` (or the client's own ID) when not given, and a create
    /// records it on what it makes.
    ClientId,
}

impl Role {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ClientId => "client_id",
        }
    }
}

/// A parameter as written: in an endpoint's `params`, a group's `members`,
/// or a file's `params` (a definition endpoints use by name).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The name of a parameter defined under a file's `params:`, whose keys
    /// this one takes (those written here win).
    #[serde(default, rename = "use")]
    pub uses: Option<String>,
    /// The wire name.
    #[serde(default)]
    pub name: Option<String>,
    /// A scalar type or an enum's name; absent for a group (`members`).
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// Whether the request must send it (`true` unless written).
    #[serde(default)]
    pub required: Option<bool>,
    /// What the parameter means.
    #[serde(default)]
    pub description: Option<String>,
    /// `true` for a list (or, as earlier specs wrote it, its encoding).
    #[serde(default, deserialize_with = "present")]
    pub list: Option<ListKey>,
    /// How a list is written on the wire: `indexed` or `brackets`.
    #[serde(default, deserialize_with = "present")]
    pub encoding: Option<ListEncoding>,
    /// `true` for a map whose keys are the caller's data (or, as earlier
    /// specs wrote it, what the keys are).
    #[serde(default, deserialize_with = "present")]
    pub map: Option<MapKey>,
    /// What a map's keys are (`file name`).
    #[serde(default, deserialize_with = "present")]
    pub keys: Option<String>,
    /// The list may instead be the single value `auto`.
    #[serde(default)]
    pub or_auto: Option<bool>,
    /// The members of a group, in wire order.
    #[serde(default, deserialize_with = "present")]
    pub members: Option<Vec<Param>>,
    /// The Rust name, where the snake case of `name` will not do.
    #[serde(default)]
    pub field: Option<String>,
    /// An example value.
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
    /// What the parameter stands for (`client_id`: the account).
    #[serde(default)]
    pub role: Option<Role>,
}

/// Deserializes a key that is present as `Some`, even when its value is null,
/// so that `list:` with nothing after it is reported instead of ignored.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// A job kind as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobType {
    /// `daemon`.
    Daemon,
    /// `scheduler`.
    Scheduler,
}

/// A response as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The type of `return` (of each item, for a list, page or map): a
    /// shape's name or a scalar type. Without it, `return` is kept as JSON.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// The earlier spelling of `type` (a shape's name).
    #[serde(default)]
    pub shape: Option<String>,
    /// `return` is a list of the type (or, with `map`, each value is).
    #[serde(default)]
    pub list: bool,
    /// `return` is an object keyed by data whose values are of the type.
    #[serde(default)]
    pub map: bool,
    /// With `map`: how many levels of keys there are (1 unless written).
    #[serde(default)]
    pub depth: Option<u8>,
    /// Where the response's facts come from, when not from the endpoint's own source.
    #[serde(default)]
    pub source: Option<Provenance>,
    /// The kind of job the endpoint starts, when it starts one.
    #[serde(default)]
    pub job: Option<JobType>,
    /// `return` is one page of a paged list of the type.
    #[serde(default)]
    pub paged: Option<Paging>,
    /// The envelope has no `return`.
    #[serde(default)]
    pub empty: bool,
    /// A whole response envelope, as JSON, where the reference shows one.
    #[serde(default)]
    pub example: Option<String>,
}

/// The page parameters of a paged list, by wire name (`filters[page_number]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// The page number's wire name.
    pub number: String,
    /// The page size's wire name.
    pub size: String,
}

/// A shape as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// The shape's name.
    pub name: String,
    /// What it holds.
    pub description: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A shape's field as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// The type's name.
    #[serde(rename = "type")]
    pub ty: String,
    /// The field holds a list (or, with `map`, each value is one).
    #[serde(default)]
    pub list: bool,
    /// An object keyed by data (IP addresses, label names) whose values are of `type`.
    #[serde(default)]
    pub map: bool,
    /// With `map`: how many levels of keys there are (1 unless written).
    #[serde(default)]
    pub depth: Option<u8>,
    /// Whether the API always sends it (`true` unless written).
    #[serde(default)]
    pub required: Option<bool>,
    /// The earlier spelling of `required: false`.
    #[serde(default)]
    pub optional: Option<bool>,
    /// What the field holds.
    pub description: String,
}
