//! The validated spec: every name checked, every reference resolved, sorted
//! for deterministic output. The emitter reads only this.

pub use crate::raw::{Effect, JobType, ListEncoding, Method, Provenance, ResourceOp, Role};

/// A validated spec: what the emitters generate code from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Sorted by path.
    pub endpoints: Vec<Endpoint>,
    /// Sorted by name.
    pub shapes: Vec<Shape>,
    /// Sorted by name.
    pub enums: Vec<Enum>,
    /// Sorted by name.
    pub resources: Vec<Resource>,
    /// What the spec writes in an earlier spelling, with what to write
    /// instead: not errors, the spec is read as it stands.
    pub hints: Vec<crate::Diagnostic>,
}

/// The spec file something is written in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecFile {
    /// Its path relative to its spec folder, `/`-separated.
    pub relative: String,
    /// Whether it is one of the `sitehost` crate's own spec files, read by a
    /// crate of a user's own with its own spec (see [`crate::extension`]).
    pub upstream: bool,
}

impl Spec {
    /// Whether two specs describe the same API, whatever their hints.
    pub fn reads_as(&self, other: &Spec) -> bool {
        self.endpoints == other.endpoints
            && self.shapes == other.shapes
            && self.enums == other.enums
            && self.resources == other.resources
    }

    /// The endpoint the client polls jobs with (`/job/get`).
    pub fn job_poll(&self) -> Option<&Endpoint> {
        self.endpoints
            .iter()
            .find(|e| e.path == crate::validate::JOB_STATUS_PATH)
    }

    /// The shape of this name.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.name == name)
    }

    /// Whether `e` starts a job and its response says more than the job (a
    /// new server's password): its client method returns `Started<Shape>`.
    pub fn job_says_more(&self, e: &Endpoint) -> bool {
        e.response.job.is_some()
            && e.response
                .shape
                .as_deref()
                .and_then(|name| self.shape(name))
                .is_some_and(|shape| {
                    shape
                        .fields
                        .iter()
                        .any(|f| f.name != "job" && f.name != "job_id")
                })
    }
}

/// How a job-starting endpoint's shape names the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobRefForm {
    /// `{"job_id": "3433562"}`: a required integer field `job_id` (up to 1.3).
    JobId,
    /// `{"job": {"id": 7319505, "type": "scheduler"}}` (1.5): a required field
    /// `job` of a shape with a required integer `id` and maybe a string `type`.
    Object {
        /// Whether `type` is optional (read as `Option<String>`).
        type_field: Option<bool>,
    },
    /// Either form: an optional integer `job_id` and an optional `job` as in
    /// [`JobRefForm::Object`], one of which the response must hold. For an
    /// endpoint kept at a version before 1.5 whose job is known from a 1.5
    /// source.
    Either {
        /// Whether `job.type` is optional.
        type_field: Option<bool>,
    },
}

impl Shape {
    /// The field of this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// How this shape names a job, if it does.
    pub fn job_reference(&self, shapes: &[&Shape]) -> Option<JobRefForm> {
        let plain = |f: &Field| !f.list && !f.map && !f.optional;
        let single = |f: &Field| !f.list && !f.map;
        let job_id = self.field("job_id");
        let job = self.field("job");
        if let (Some(id), Some(job)) = (job_id, job) {
            let either = id.optional && job.optional && id.ty == FieldType::Integer && single(id);
            return match job_object(job, shapes) {
                Some(type_field) if either && single(job) => {
                    Some(JobRefForm::Either { type_field })
                }
                _ => None,
            };
        }
        if let Some(f) = job_id {
            return (f.ty == FieldType::Integer && plain(f)).then_some(JobRefForm::JobId);
        }
        let job = job.filter(|f| plain(f))?;
        job_object(job, shapes).map(|type_field| JobRefForm::Object { type_field })
    }
}

/// For a field `job` of a shape with a required integer `id` and maybe a
/// string `type`: whether `type` is there, and optional.
fn job_object(job: &Field, shapes: &[&Shape]) -> Option<Option<bool>> {
    let plain = |f: &Field| !f.list && !f.map && !f.optional;
    let FieldType::Shape(inner) = &job.ty else {
        return None;
    };
    let inner = shapes.iter().find(|s| &s.name == inner)?;
    let id = inner.field("id")?;
    if id.ty != FieldType::Integer || !plain(id) {
        return None;
    }
    match inner.field("type") {
        None => Some(None),
        Some(t) if t.ty == FieldType::String && !t.list && !t.map => Some(Some(t.optional)),
        Some(_) => None,
    }
}

/// A closed set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The enum's Rust name.
    pub name: String,
    /// What its values mean.
    pub description: String,
    /// `(wire value, Rust variant)`, in the documented order.
    pub values: Vec<(String, String)>,
    /// The spec file it is defined in.
    pub file: SpecFile,
}

/// One endpoint at one version.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The API path without version or `.json`, e.g. `/job/get`.
    pub path: String,
    /// The API version in the URL, such as `1.3`.
    pub version: String,
    /// `GET` or `POST`.
    pub method: Method,
    /// One line that says what the endpoint does.
    pub summary: String,
    /// More on what it does, if the spec says.
    pub description: Option<String>,
    /// In wire order.
    pub params: Vec<Param>,
    /// What the endpoint returns.
    pub response: Response,
    /// Rust module path (snake case), from all but the last path segment.
    pub module: Vec<String>,
    /// Rust type name of the request (PascalCase of the last segment).
    pub type_name: String,
    /// Name of the client method (all segments, snake case, joined by `_`),
    /// which front ends name the endpoint by (the MCP server's tools).
    pub method_name: String,
    /// The spec file it is written in.
    pub file: SpecFile,
    /// Where its path, version and parameters come from.
    pub source: Provenance,
    /// What calling it does: as declared, or by its method and name.
    pub effect: Effect,
    /// Whether the spec declares the effect (else it is the default).
    pub effect_declared: bool,
    /// What it does to a resource, where declared.
    pub resource: Option<ResourceUse>,
}

/// A kind of thing the API holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Its name, in snake case.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The shape one is returned in.
    pub shape: String,
    /// The shape's fields that identify one, outermost first.
    pub key: Vec<String>,
    /// The key field the API allocates on create.
    pub id: Option<String>,
    /// The resource one belongs to, and `(own field, parent's key field)`.
    pub parent: Option<(String, Vec<(String, String)>)>,
    /// Fields set to the time on create.
    pub created: Vec<String>,
    /// Fields set to the time on change.
    pub updated: Vec<String>,
    /// How desired state reads, matches and changes one, where declared.
    pub desired: Option<Desired>,
    /// Why desired state cannot manage one: the source fact it lacks.
    pub unmanaged: Option<String>,
    /// The spec file it is declared in.
    pub file: SpecFile,
}

/// A resource's declaration for desired state, its endpoints resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    /// The fields that identify an object of a state file.
    pub matched_by: Vec<String>,
    /// Fields sent on create that the API never returns.
    pub secrets: Vec<String>,
    /// Fields the API sets beyond the ID and the time stamps.
    pub computed: Vec<String>,
    /// `(parameter, JSON value)` a create sends where a state file gives
    /// none, for parameters that set no field.
    pub defaults: Vec<(String, String)>,
    /// The path of the endpoint that lists them.
    pub list: String,
    /// The path of the endpoint that creates one.
    pub create: String,
    /// The path of the endpoint that changes one, if any.
    pub update: Option<String>,
    /// The path of the endpoint that deletes one, if any.
    pub delete: Option<String>,
    /// The fields that identify an object that leaves out the key field
    /// its create returns.
    pub or_match: Vec<String>,
    /// `(field, paths)`: fields changed by endpoints of their own, in order.
    pub changes: Vec<(String, Vec<String>)>,
    /// Fields of the create's response that are secrets returned once.
    pub returns_secret: Vec<String>,
    /// A change of a field no endpoint changes is refused, not a
    /// replacement.
    pub refuse_fixed: bool,
    /// The field of the parent's listed objects that holds these.
    pub read_from: Option<String>,
    /// List fields compared as sets.
    pub unordered: Vec<String>,
    /// `(field, item field)`: the list returns a bare list of one object's
    /// items.
    pub bare_list: Option<(String, String)>,
    /// The path of the endpoint that gets one, where fields are read by it.
    pub get: Option<String>,
    /// Fields no list returns, read by a get per object.
    pub from_get: Vec<FromGet>,
    /// `(field, resource, key field)`: fields holding another resource's
    /// key, which a state file may give by its match fields.
    pub refers: Vec<(String, String, String)>,
}

/// A list field read by a get per object.
#[derive(Debug, Clone, PartialEq)]
pub struct FromGet {
    /// The field's name in a state file.
    pub field: String,
    /// Its path in the get's response.
    pub at: Vec<String>,
    /// The update's list parameter that sets it, by its path of names.
    pub param: Vec<String>,
    /// Fields of its items only the API sets.
    pub ignore: Vec<String>,
}

/// What an endpoint does to a resource, with every parameter resolved to
/// its wire name.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceUse {
    /// The resource's name.
    pub name: String,
    /// What the endpoint does to it.
    pub op: ResourceOp,
    /// `(key field, parameter)`.
    pub key: Vec<(String, String)>,
    /// `(field, parameter)` set by a create or change: those declared and
    /// those named like a field.
    pub fields: Vec<(String, String)>,
    /// How many of `fields`, from the start, the spec declares; the rest
    /// are inferred from their names.
    pub declared_fields: usize,
    /// `(field, parameter)` filters of a list.
    pub filters: Vec<(String, String)>,
    /// How many of `filters`, from the start, the spec declares.
    pub declared_filters: usize,
    /// A list's sort parameters (field, direction).
    pub sort: Option<(String, String)>,
    /// `(field, JSON value)` set when the call applies.
    pub set: Vec<(String, String)>,
    /// The response field that carries a created one's ID.
    pub returns_id: Option<String>,
}

/// What an endpoint does when the spec does not say: a POST whose last path
/// segment starts with `delete`, `remove` or `revoke` destroys; any other
/// POST, and a GET that starts a job, writes; any other GET reads.
pub fn default_effect(method: Method, path: &str, starts_job: bool) -> Effect {
    let last = path.rsplit('/').next().unwrap_or_default();
    match method {
        Method::Get if starts_job => Effect::Write,
        Method::Get => Effect::Read,
        Method::Post if destroys_by_name(last) => Effect::Destructive,
        Method::Post => Effect::Write,
    }
}

/// Whether an endpoint's name says it deletes, removes or revokes.
pub fn destroys_by_name(last_segment: &str) -> bool {
    ["delete", "remove", "revoke"]
        .iter()
        .any(|w| last_segment.starts_with(w))
}

/// The areas always compiled: the client learns its client ID from
/// `/api/get_info` and polls jobs with `/job/get`.
pub const CORE_AREAS: [&str; 2] = ["api", "job"];

/// The area of an endpoint path, its first segment (`/cloud/stack/add` is
/// in `cloud`): a cargo feature of the generated crate, unless core.
pub fn area_of_path(path: &str) -> &str {
    let path = path.trim_start_matches('/');
    path.split('/').next().unwrap_or(path)
}

/// The area a spec file's items belong to: its first path segment less
/// `.yaml`, where some endpoint's path starts with it (`dns.yaml`,
/// `cloud/stack.yaml`; not `enums.yaml`).
pub fn area_of_file<'a>(file: &'a SpecFile, endpoints: &[Endpoint]) -> Option<&'a str> {
    let first = file.relative.split('/').next().unwrap_or_default();
    let area = first
        .strip_suffix(".yaml")
        .or_else(|| first.strip_suffix(".yml"))
        .unwrap_or(first);
    endpoints
        .iter()
        .any(|e| area_of_path(&e.path) == area)
        .then_some(area)
}

/// A resource's area: its spec file's, or (declared in a file of no area)
/// that of the endpoint that lists it, or of the first that uses it.
pub fn area_of_resource<'a>(r: &'a Resource, endpoints: &'a [Endpoint]) -> Option<&'a str> {
    area_of_file(&r.file, endpoints)
        .or_else(|| r.desired.as_ref().map(|d| area_of_path(&d.list)))
        .or_else(|| {
            endpoints
                .iter()
                .find(|e| e.resource.as_ref().is_some_and(|u| u.name == r.name))
                .map(|e| area_of_path(&e.path))
        })
}

/// One parameter, or one member of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (without any brackets).
    pub name: String,
    /// The Rust field name (snake case; may be a keyword, escaped when emitted).
    pub field: String,
    /// The type of its value.
    pub ty: ValueType,
    /// For a group member: required whenever the group is sent.
    pub required: bool,
    /// `Some` for a list, with its wire form.
    pub list: Option<ListEncoding>,
    /// `Some(what the keys are)` for a map keyed by the caller's data.
    pub map: Option<String>,
    /// The list may be the single value `auto` instead.
    pub or_auto: bool,
    /// What the parameter means.
    pub description: String,
    /// Example values: one for a scalar, one or more for a list; for a map,
    /// its entries. Empty for a group (its members have their own).
    pub example: Vec<Example>,
    /// The example of a map parameter: its keys with their values.
    pub example_map: Vec<(String, Vec<Example>)>,
    /// What it stands for beyond its value.
    pub role: Option<Role>,
}

impl Param {
    /// The group, for a parameter with members.
    pub fn group(&self) -> Option<&Group> {
        match &self.ty {
            ValueType::Group(group) => Some(group),
            _ => None,
        }
    }

    /// Whether the Rust value is a scalar (not a list, map or group).
    pub fn is_plain_scalar(&self) -> bool {
        self.list.is_none() && self.map.is_none() && self.group().is_none()
    }
}

/// The type of a parameter's values.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// `0` or `1` on the wire.
    Boolean,
    /// `daemon` or `scheduler`: the runtime's `JobType`.
    JobType,
    /// The name of an enum of the spec.
    Enum(String),
    /// A group of members, written `name[member]`.
    Group(Group),
}

impl ValueType {
    /// The type as the spec and the docs' tables name it.
    pub fn spec_name(&self) -> String {
        match self {
            ValueType::String => "string".to_owned(),
            ValueType::Integer => "integer".to_owned(),
            ValueType::Boolean => "boolean".to_owned(),
            ValueType::JobType => "job_type".to_owned(),
            ValueType::Enum(name) => name.clone(),
            ValueType::Group(_) => "group".to_owned(),
        }
    }
}

/// A group of members written `name[member]`: a generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The Rust type name: the request's type name and the member path,
    /// such as `CreateContactParamsPhone`.
    pub type_name: String,
    /// The members, in wire order.
    pub members: Vec<Param>,
}

/// An example value from the spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Example {
    /// A text.
    Text(String),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
}

/// What an endpoint returns in the envelope's `return`.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The shape of `return` (or of a list's or page's items), if declared.
    pub shape: Option<String>,
    /// The scalar type of `return` (or of its items), where it is not a shape.
    pub scalar: Option<FieldType>,
    /// `return` is a list of the shape (with `map`: each value is one).
    pub list: bool,
    /// `return` is an object keyed by data whose values are of the shape.
    pub map: bool,
    /// With `map`: how many levels of keys (1 or more).
    pub depth: u8,
    /// Where the response's facts come from.
    pub source: Provenance,
    /// The kind of job the endpoint starts, if it starts one.
    pub job: Option<JobType>,
    /// The page parameters, for a paged list.
    pub paging: Option<Paging>,
    /// The envelope has no `return`.
    pub empty: bool,
    /// The example envelope, as written (JSON), where the reference shows one.
    pub example: Option<String>,
}

/// The page parameters of a paged list endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Wire names, as written in the spec (`filters[page_number]`).
    pub number: String,
    /// The wire name of the page size parameter.
    pub size: String,
    /// The path of Rust fields to each: the group fields, then the member.
    pub number_fields: Vec<String>,
    /// The page size's path of Rust fields: the group fields, then the member.
    pub size_fields: Vec<String>,
    /// The page number's path of parameter names: `["filters", "page_number"]`.
    pub number_path: Vec<String>,
    /// The page size's path of parameter names.
    pub size_path: Vec<String>,
}

/// A response shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's Rust name.
    pub name: String,
    /// What it holds.
    pub description: String,
    /// Its fields, in the spec's order.
    pub fields: Vec<Field>,
    /// The spec file it is written in.
    pub file: SpecFile,
}

/// One field of a shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    /// The type of its value.
    pub ty: FieldType,
    /// The field holds a list (with `map`: each value is one).
    pub list: bool,
    /// An object keyed by data, whose values are of `ty`.
    pub map: bool,
    /// With `map`: how many levels of keys (1 or more).
    pub depth: u8,
    /// The field may be absent or null.
    pub optional: bool,
    /// What the field holds.
    pub description: String,
}

/// The type of a shape's field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// Text (a number is read as its text).
    String,
    /// An integer (from a number or a numeric text).
    Integer,
    /// A boolean (from `true`, `1` or `"1"`, and their opposites).
    Boolean,
    /// A decimal number.
    Number,
    /// Any JSON, kept as it is.
    Json,
    /// Another shape.
    Shape(String),
}

impl JobType {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::Daemon => "daemon",
            JobType::Scheduler => "scheduler",
        }
    }
}

impl Method {
    /// The name as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// `clientId`, `client-id` and `client_id` all become `client_id`. Returns
/// `None` for a name that cannot become a Rust identifier.
pub fn snake_case(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        match c {
            'A'..='Z' => {
                if prev_lower {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = false;
            }
            'a'..='z' | '0'..='9' => {
                out.push(c);
                prev_lower = true;
            }
            '_' | '-' | '.' => {
                out.push('_');
                prev_lower = false;
            }
            _ => return None,
        }
    }
    let first = out.chars().next()?;
    if first.is_ascii_digit() || out.chars().all(|c| c == '_') {
        return None;
    }
    Some(out)
}

/// `lets_encrypt` becomes `LetsEncrypt`.
pub fn pascal_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = true;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_converts_and_rejects() {
        assert_eq!(snake_case("client_id").as_deref(), Some("client_id"));
        assert_eq!(snake_case("clientId").as_deref(), Some("client_id"));
        assert_eq!(snake_case("lets-encrypt").as_deref(), Some("lets_encrypt"));
        assert_eq!(snake_case("type").as_deref(), Some("type"));
        assert_eq!(snake_case("2fa"), None);
        assert_eq!(snake_case("a b"), None);
        assert_eq!(snake_case("containers[0]"), None);
        assert_eq!(snake_case(""), None);
        assert_eq!(snake_case("__"), None);
    }

    #[test]
    fn pascal_case_joins_words() {
        assert_eq!(pascal_case("lets_encrypt"), "LetsEncrypt");
        assert_eq!(pascal_case("renew"), "Renew");
        assert_eq!(pascal_case("get"), "Get");
    }
}
