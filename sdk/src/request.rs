//! What a request is: plain data that knows its endpoint and how to write its
//! parameters in order. The generated types implement [`Request`]; one generic
//! path in [`Client::send`](crate::Client::send) does the HTTP for all of them.

use crate::form::Form;
use crate::jobs::{JobReference, JobType};
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

/// The type of a parameter's value, as the API documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    String,
    Integer,
    /// Sent as `1` or `0`.
    Boolean,
}

/// How a list parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListEncoding {
    /// `name[0]=x&name[1]=y`, as the API pages of version 1.2 and later write lists.
    Indexed,
    /// `name[]=x&name[]=y`, as the version 1.0 pages write them.
    Brackets,
}

/// One documented parameter of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// The name on the wire, without list brackets.
    pub name: &'static str,
    pub kind: ParamKind,
    pub required: bool,
    /// `Some` for a list parameter.
    pub list: Option<ListEncoding>,
}

impl Param {
    pub const fn required(name: &'static str, kind: ParamKind) -> Param {
        Param {
            name,
            kind,
            required: true,
            list: None,
        }
    }

    pub const fn optional(name: &'static str, kind: ParamKind) -> Param {
        Param {
            name,
            kind,
            required: false,
            list: None,
        }
    }

    /// Makes this a list parameter written with `encoding`.
    pub const fn list(self, encoding: ListEncoding) -> Param {
        Param {
            list: Some(encoding),
            ..self
        }
    }
}

/// Everything the spec says about an endpoint that the runtime needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    pub method: Method,
    /// The API version in the URL, such as `1.3`.
    pub version: &'static str,
    /// The path without version and `.json`, such as `/job/get`.
    pub path: &'static str,
    /// The documented parameters, in wire order (`apikey` comes before them all).
    pub params: &'static [Param],
    /// The kind of job the endpoint starts, if it starts one.
    pub job: Option<JobType>,
    /// The documented response, a whole envelope as JSON.
    pub example: &'static str,
}

impl Endpoint {
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
    pub method: Method,
    pub version: &'static str,
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
