//! What a request is: plain data that knows its endpoint and how to write its
//! parameters in order. The generated types implement [`Request`]; one generic
//! path in `sitehost::Client::send` does the HTTP for all of them.

use crate::form::Form;
use crate::jobs::{Job, JobProgress, JobReference, JobType};
use crate::page::Page;
use crate::resource::ResourceUse;
use crate::shape::Returns;
use serde::de::DeserializeOwned;
use std::fmt;

/// The HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Parameters go in the query string.
    Get,
    /// Parameters go in a form body.
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What calling an endpoint does, as the spec declares it (by default: a
/// GET reads, a POST writes, and a POST whose name starts with `delete`,
/// `remove` or `revoke` destroys). Front ends that let a program or an
/// assistant call endpoints decide by it which ones to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// Changes nothing.
    Read,
    /// Creates or changes something.
    Write,
    /// Deletes, revokes or replaces something, or stops a machine: what it
    /// undoes cannot always be had back.
    Destructive,
}

impl Effect {
    /// `read`, `write` or `destructive`, as the spec writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Destructive => "destructive",
        }
    }
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

/// How a list parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListEncoding {
    /// `name[0]=x&name[1]=y`, as the API pages of version 1.2 and later write lists.
    Indexed,
    /// `name[]=x&name[]=y`, as the version 1.0 pages write them.
    Brackets,
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
    /// For a group member: required whenever its group is sent.
    pub required: bool,
    /// `Some` for a list parameter.
    pub list: Option<ListEncoding>,
    /// Keyed by the caller's data (`environments[<file name>]`).
    pub map: bool,
    /// The list may instead be the single value `auto`.
    pub or_auto: bool,
}

impl Param {
    /// A parameter the request must send.
    pub const fn required(name: &'static str, kind: ParamKind) -> Param {
        Param {
            name,
            kind,
            required: true,
            list: None,
            map: false,
            or_auto: false,
        }
    }

    /// A parameter the request may leave out.
    pub const fn optional(name: &'static str, kind: ParamKind) -> Param {
        Param {
            name,
            kind,
            required: false,
            list: None,
            map: false,
            or_auto: false,
        }
    }

    /// Makes this a list parameter written with `encoding`.
    pub const fn list(self, encoding: ListEncoding) -> Param {
        Param {
            list: Some(encoding),
            ..self
        }
    }

    /// Makes this a map keyed by the caller's data.
    pub const fn map(self) -> Param {
        Param { map: true, ..self }
    }

    /// Lets the list be the single value `auto`.
    pub const fn or_auto(self) -> Param {
        Param {
            or_auto: true,
            ..self
        }
    }
}

/// The parameters a paged list endpoint takes for its page, by their wire
/// names (`filters[page_number]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paging {
    /// The page number's wire name, such as `filters[page_number]`.
    pub number: &'static str,
    /// The page size's wire name, such as `filters[page_size]`.
    pub size: &'static str,
}

impl Paging {
    /// The page parameters' wire names: number, then size.
    pub const fn new(number: &'static str, size: &'static str) -> Paging {
        Paging { number, size }
    }
}

/// Everything the spec says about an endpoint that the runtime needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// `GET` (parameters in the query) or `POST` (in a form body).
    pub method: Method,
    /// The API version in the URL, such as `1.3`.
    pub version: &'static str,
    /// The path without version and `.json`, such as `/job/get`.
    pub path: &'static str,
    /// The documented parameters, in wire order (`apikey` comes before them all).
    pub params: &'static [Param],
    /// The kind of job the endpoint starts, if it starts one.
    pub job: Option<JobType>,
    /// The page parameters of a paged list endpoint.
    pub paging: Option<Paging>,
    /// The documented response, a whole envelope as JSON, where the
    /// reference shows one.
    pub example: Option<&'static str>,
    /// The form and shape of `return`, where the spec types it.
    pub returns: Option<Returns>,
    /// What calling it does.
    pub effect: Effect,
    /// What it does to a resource, where the spec declares it.
    pub resource: Option<ResourceUse>,
}

impl Endpoint {
    /// An endpoint that starts no job, is not paged and has no example
    /// response, and whose effect is its method's (a GET reads, a POST
    /// writes); the other methods add those. Generated code builds its
    /// metadata this way, in a `const`.
    pub const fn new(
        method: Method,
        version: &'static str,
        path: &'static str,
        params: &'static [Param],
    ) -> Endpoint {
        Endpoint {
            method,
            version,
            path,
            params,
            job: None,
            paging: None,
            example: None,
            returns: None,
            effect: match method {
                Method::Get => Effect::Read,
                Method::Post => Effect::Write,
            },
            resource: None,
        }
    }

    /// The endpoint starts a job of this kind.
    #[must_use]
    pub const fn starts_job(mut self, job: JobType) -> Endpoint {
        self.job = Some(job);
        self
    }

    /// The endpoint is a paged list, with these page parameters.
    #[must_use]
    pub const fn paged(mut self, paging: Paging) -> Endpoint {
        self.paging = Some(paging);
        self
    }

    /// The documented response, a whole envelope as JSON.
    #[must_use]
    pub const fn with_example(mut self, example: &'static str) -> Endpoint {
        self.example = Some(example);
        self
    }

    /// What calling it does, where not what its method says.
    #[must_use]
    pub const fn effect(mut self, effect: Effect) -> Endpoint {
        self.effect = effect;
        self
    }

    /// What it does to a resource.
    #[must_use]
    pub const fn resource(mut self, resource: ResourceUse) -> Endpoint {
        self.resource = Some(resource);
        self
    }

    /// The form and shape of `return`.
    #[must_use]
    pub const fn returns(mut self, returns: Returns) -> Endpoint {
        self.returns = Some(returns);
        self
    }

    /// The method and versioned path, for messages: `POST /1.3/cloud/stack/ssl/lets_encrypt/renew.json`.
    pub const fn call(&self) -> Call {
        Call {
            method: self.method,
            version: self.version,
            path: self.path,
        }
    }
}

/// Names one endpoint call in errors and logs, without any parameter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Call {
    /// `GET` or `POST`.
    pub method: Method,
    /// The API version in the URL, such as `1.3`.
    pub version: &'static str,
    /// The path without version and `.json`.
    pub path: &'static str,
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} /{}{}.json", self.method, self.version, self.path)
    }
}

/// A request to one endpoint. Implemented by the generated request types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a SiteHost request",
    label = "not a request type",
    note = "the request types are the structs under `sitehost::api`, such as `sitehost::api::job::Get`"
)]
pub trait Request: Send + Sync {
    /// What the envelope's `return` decodes to.
    type Output: DeserializeOwned + Send;

    /// The endpoint this request is for.
    const ENDPOINT: &'static Endpoint;

    /// Writes the parameters, in the documented order, after `apikey`.
    fn encode(&self, form: &mut Form<'_>);
}

/// A request whose endpoint starts an asynchronous job.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not start a job, so there is no job to return",
    label = "this endpoint does not start a job",
    note = "send it with `Client::send`, which returns what the endpoint returns"
)]
pub trait StartsJob: Request<Output: JobReference> {
    /// The kind of job the endpoint starts, as the spec says.
    const JOB_TYPE: JobType;
}

/// The request that reports on a job (`/job/get`), made from a [`Job`].
/// Generated for the spec's job endpoint, whatever its version and parameter
/// names; the client polls with it.
pub trait PollJob: Request<Output: JobProgress> + Sized {
    /// The wire name of the parameter that carries the job's ID.
    const ID_PARAM: &'static str;
    /// The wire name of the parameter that carries the job's type.
    const TYPE_PARAM: &'static str;
    /// The request that asks how `job` is going; `None` when the spec has no
    /// job endpoint (see [`NoJobEndpoint`](crate::NoJobEndpoint)).
    fn for_job(job: &Job) -> Option<Self>;
}

/// A request for one page of a paged list. Generated for the endpoints whose
/// response the spec declares `paged`.
pub trait Paged: Request<Output = Page<Self::Item>> + Clone {
    /// One item of the list.
    type Item: serde::de::DeserializeOwned + Send;
    /// The page this request asks for, if set.
    fn page_number(&self) -> Option<i64>;
    /// The same request for page `number` (1-based).
    fn with_page_number(&self, number: i64) -> Self;
}
