//! The description of an endpoint, as data: everything the spec says about
//! it that a front end needs (the command line, the MCP server, the fake
//! API, desired state), generated once per endpoint as a `const`
//! ([`Request::ENDPOINT`](crate::Request::ENDPOINT)) and listed in
//! [`api::ENDPOINTS`](crate::api::ENDPOINTS). No front end reads the spec
//! itself or derives a name, an example or a word from it.

use crate::jobs::JobType;
use crate::request::{Call, Method};
use crate::resource::ResourceUse;
use crate::shape::Returns;

/// What calling an endpoint does, as the spec declares it (by default: a
/// GET reads, a POST writes, and a POST whose name starts with `delete`,
/// `remove` or `revoke` destroys; the generated metadata always carries the
/// result). Front ends that let a program or an assistant call endpoints
/// decide by it which ones to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// Changes nothing.
    Read,
    /// Creates or changes something.
    Write,
    /// Deletes, revokes or replaces something, stops a machine, spends money
    /// or cannot be undone.
    Destructive,
}

impl Effect {
    /// `read`, `write` or `destructive`, as the spec writes it.
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Destructive => "destructive",
        }
    }
}

/// Where the spec's facts of an endpoint come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// A page of the API reference.
    Reference,
    /// What SiteHost's official Go SDK sends and decodes, for a path no page
    /// documents.
    OfficialSdk,
}

/// What a parameter stands for beyond its value, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// The account the call acts for. Front ends fill it in from
    /// `SH_CLIENT_ID` (or the client's `client_id`) when
    /// not given; a create records it on what it makes.
    ClientId,
}

/// The type of a parameter's value, as the API documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// Text.
    String,
    /// A whole number, sent in decimal.
    Integer,
    /// Sent as `1` or `0`.
    Boolean,
    /// One of a closed set of values, as the API writes them.
    Choice(&'static [&'static str]),
    /// A group of members, written `name[member]`.
    Group(&'static [Param]),
}

impl ParamKind {
    /// The JSON Schema of one value of this kind in a request's value (the
    /// [`wire`](crate::wire) codec's): text that is not empty, an integer,
    /// a boolean, one of the values; `None` for a group, whose schema is its
    /// members'.
    #[inline]
    pub fn scalar_schema(self) -> Option<serde_json::Value> {
        Some(match self {
            ParamKind::String => serde_json::json!({"type": "string", "minLength": 1}),
            ParamKind::Integer => serde_json::json!({"type": "integer"}),
            ParamKind::Boolean => serde_json::json!({"type": "boolean"}),
            ParamKind::Choice(values) => serde_json::json!({"type": "string", "enum": values}),
            ParamKind::Group(_) => return None,
        })
    }
}

/// How a list parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListEncoding {
    /// `name[0]=x&name[1]=y`, as the API pages of version 1.2 and later write lists.
    Indexed,
    /// `name[]=x&name[]=y`, as the version 1.0 pages write them.
    Brackets,
}

/// An example value from the spec, typed as the parameter is: what the
/// docs, `--help` and the tools' schemas show, and what the fake answers
/// with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Example {
    /// A text (also an enum's value or a job type).
    Text(&'static str),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
    /// The values of a list.
    List(&'static [Example]),
    /// The entries of a map keyed by the caller's data, in order.
    Map(&'static [(&'static str, Example)]),
}

impl Example {
    /// The example as a value of the [codec](crate::wire): a JSON string,
    /// number, boolean, array or object.
    #[inline]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match *self {
            Example::Text(text) => Value::String(text.to_owned()),
            Example::Integer(n) => Value::from(n),
            Example::Boolean(b) => Value::Bool(b),
            Example::List(items) => Value::Array(items.iter().map(Example::to_json).collect()),
            Example::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| ((*key).to_owned(), value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// One documented parameter of an endpoint, or one member of a group.
///
/// The parts of a wire name come in this order: the name, a map key when
/// [`map`](Self::map) is set, a list index when [`list`](Self::list) is set,
/// then the members of a [`ParamKind::Group`]: `containers[<stack>][0]`,
/// `nameservers[0][name]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Param {
    /// The name on the wire, without brackets.
    pub name: &'static str,
    /// The type of its value.
    pub kind: ParamKind,
    /// Whether it must be sent (for a group member: whenever its group is).
    pub required: bool,
    /// `Some` for a list parameter.
    pub list: Option<ListEncoding>,
    /// Keyed by the caller's data (`environments[<file name>]`).
    pub map: bool,
    /// What a map's keys are (`file name`); empty when not a map.
    pub keys: &'static str,
    /// The list may instead be the single value `auto`.
    pub or_auto: bool,
    /// What it stands for beyond its value.
    pub role: Option<Role>,
    /// What it means, from the API page.
    pub description: &'static str,
    /// The spec's example, typed as the parameter is (a list's values, a
    /// map's entries); groups have theirs on their members.
    pub example: Option<Example>,
}

impl Param {
    /// A parameter the request must send.
    #[inline]
    pub const fn required(name: &'static str, kind: ParamKind) -> Param {
        Param {
            name,
            kind,
            required: true,
            list: None,
            map: false,
            keys: "",
            or_auto: false,
            role: None,
            description: "",
            example: None,
        }
    }

    /// A parameter the request may leave out.
    #[inline]
    pub const fn optional(name: &'static str, kind: ParamKind) -> Param {
        Param {
            required: false,
            ..Param::required(name, kind)
        }
    }

    /// What it means.
    #[must_use]
    #[inline]
    pub const fn about(self, description: &'static str) -> Param {
        Param {
            description,
            ..self
        }
    }

    /// Makes this a list parameter written with `encoding`.
    #[must_use]
    #[inline]
    pub const fn list(self, encoding: ListEncoding) -> Param {
        Param {
            list: Some(encoding),
            ..self
        }
    }

    /// Makes this a map keyed by the caller's data: `keys` says what they are.
    #[must_use]
    #[inline]
    pub const fn map(self, keys: &'static str) -> Param {
        Param {
            map: true,
            keys,
            ..self
        }
    }

    /// Lets the list be the single value `auto`.
    #[must_use]
    #[inline]
    pub const fn or_auto(self) -> Param {
        Param {
            or_auto: true,
            ..self
        }
    }

    /// What it stands for.
    #[must_use]
    #[inline]
    pub const fn role(self, role: Role) -> Param {
        Param {
            role: Some(role),
            ..self
        }
    }

    /// The spec's example.
    #[must_use]
    #[inline]
    pub const fn example(self, example: Example) -> Param {
        Param {
            example: Some(example),
            ..self
        }
    }

    /// The members, for a group.
    #[inline]
    pub const fn members(&self) -> Option<&'static [Param]> {
        match self.kind {
            ParamKind::Group(members) => Some(members),
            _ => None,
        }
    }
}

/// The names, from the top, of a parameter inside groups:
/// `["filters", "page_number"]` is `filters[page_number]` on the wire.
pub type ParamPath = &'static [&'static str];

/// The parameters a paged list endpoint takes for its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paging {
    /// Where the page number goes, such as `["filters", "page_number"]`.
    pub number: ParamPath,
    /// Where the page size goes, such as `["filters", "page_size"]`.
    pub size: ParamPath,
}

impl Paging {
    /// The page parameters: number, then size.
    #[inline]
    pub const fn new(number: ParamPath, size: ParamPath) -> Paging {
        Paging { number, size }
    }
}

/// Everything the spec says about an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// The name of its client method, which the MCP server names its tool
    /// by: the path's segments in snake case, joined by `_`
    /// (`cloud_stack_ssl_lets_encrypt_renew`).
    pub name: &'static str,
    /// `GET` (parameters in the query) or `POST` (in a form body).
    pub method: Method,
    /// The API version in the URL, such as `1.3`.
    pub version: &'static str,
    /// The path without version and `.json`, such as `/job/get`.
    pub path: &'static str,
    /// One line that says what it does, from the API page.
    pub summary: &'static str,
    /// More on what it does, where the spec says.
    pub description: Option<&'static str>,
    /// Where its facts come from.
    pub source: Provenance,
    /// The documented parameters, in wire order (`apikey` comes before them all).
    pub params: &'static [Param],
    /// What calling it does.
    pub effect: Effect,
    /// The kind of job the endpoint starts, if it starts one.
    pub job: Option<JobType>,
    /// For an endpoint that starts a job: whether its response says more
    /// than the job (a new server's password), so that it is worth showing.
    pub says_more: bool,
    /// The page parameters of a paged list endpoint.
    pub paging: Option<Paging>,
    /// The form and type of `return`, where the spec types it.
    pub returns: Option<Returns>,
    /// What it does to a resource, where the spec declares it.
    pub resource: Option<ResourceUse>,
    /// The documented response, a whole envelope as JSON, where the
    /// reference shows one. Only with the `fake` feature (the fake answers
    /// with it); `None` without.
    pub example: Option<&'static str>,
}

impl Endpoint {
    /// An endpoint with no parameters that reads, starts no job, is not
    /// paged and returns untyped JSON; the other methods add to it.
    /// Generated code builds its metadata this way, in a `const`.
    #[inline]
    pub const fn new(
        name: &'static str,
        method: Method,
        version: &'static str,
        path: &'static str,
    ) -> Endpoint {
        Endpoint {
            name,
            method,
            version,
            path,
            summary: "",
            description: None,
            source: Provenance::Reference,
            params: &[],
            effect: Effect::Read,
            job: None,
            says_more: false,
            paging: None,
            returns: None,
            resource: None,
            example: None,
        }
    }

    /// What it does, in one line.
    #[must_use]
    #[inline]
    pub const fn summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }

    /// More on what it does.
    #[must_use]
    #[inline]
    pub const fn description(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    /// Its facts come from the official SDK, not a reference page.
    #[must_use]
    #[inline]
    pub const fn from_official_sdk(mut self) -> Self {
        self.source = Provenance::OfficialSdk;
        self
    }

    /// Its parameters, in wire order.
    #[must_use]
    #[inline]
    pub const fn params(mut self, params: &'static [Param]) -> Self {
        self.params = params;
        self
    }

    /// What calling it does.
    #[must_use]
    #[inline]
    pub const fn effect(mut self, effect: Effect) -> Self {
        self.effect = effect;
        self
    }

    /// It starts a job of this kind.
    #[must_use]
    #[inline]
    pub const fn starts_job(mut self, job: JobType) -> Self {
        self.job = Some(job);
        self
    }

    /// Its job's response says more than the job.
    #[must_use]
    #[inline]
    pub const fn says_more(mut self) -> Self {
        self.says_more = true;
        self
    }

    /// It is a paged list, with these page parameters.
    #[must_use]
    #[inline]
    pub const fn paged(mut self, paging: Paging) -> Self {
        self.paging = Some(paging);
        self
    }

    /// The form and type of `return`.
    #[must_use]
    #[inline]
    pub const fn returns(mut self, returns: Returns) -> Self {
        self.returns = Some(returns);
        self
    }

    /// What it does to a resource.
    #[must_use]
    #[inline]
    pub const fn resource(mut self, resource: ResourceUse) -> Self {
        self.resource = Some(resource);
        self
    }

    /// The documented response (see [`fake_data!`](crate::fake_data), which
    /// gives `None` without the `fake` feature).
    #[must_use]
    #[inline]
    pub const fn with_example(mut self, example: Option<&'static str>) -> Self {
        self.example = example;
        self
    }

    /// The method and versioned path, for messages: `POST /1.3/cloud/stack/ssl/lets_encrypt/renew.json`.
    #[inline]
    pub const fn call(&self) -> Call {
        Call {
            method: self.method,
            version: self.version,
            path: self.path,
        }
    }

    /// The parameter with this role, if the endpoint takes one.
    #[inline]
    pub fn param_with(&self, role: Role) -> Option<&'static Param> {
        self.params.iter().find(|p| p.role == Some(role))
    }
}
