//! What a request is: plain data that knows its endpoint and how to write its
//! parameters in order. The generated types implement [`Request`]; one generic
//! path in `sitehost::Client::send` does the HTTP for all of them.

use crate::endpoint::Endpoint;
use crate::form::Form;
use crate::jobs::{Job, JobProgress, JobReference, JobType};
use crate::loose::Decode;
use crate::page::Page;
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

impl Call {
    /// The path of the call's URL, after the base URL:
    /// `/<version><path>.json`, such as `/1.5/api/get_info.json`.
    pub fn url_path(&self) -> String {
        let mut out = String::with_capacity(self.version.len() + self.path.len() + 6);
        self.push_url_path(&mut out);
        out
    }

    /// Appends [`url_path`](Call::url_path) to `out`: the one place the
    /// URL's form is written.
    pub fn push_url_path(&self, out: &mut String) {
        out.push('/');
        out.push_str(self.version);
        out.push_str(self.path);
        out.push_str(".json");
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url_path())
    }
}

/// A request to one endpoint. Implemented by the generated request types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a SiteHost request",
    label = "not a request type",
    note = "the request types are the structs under `sitehost::api`, such as `sitehost::api::job::Get`"
)]
pub trait Request: Send + Sync {
    /// What the envelope's `return` decodes to, by the decoding policy of
    /// [`loose`](crate::loose).
    type Output: Decode;

    /// The endpoint this request is for.
    const ENDPOINT: &'static Endpoint;

    /// A link to [`ENDPOINT`](Request::ENDPOINT) that const evaluation
    /// does not follow: what a resource's metadata names its endpoints by.
    const LINK: crate::EndpointLink = crate::resource::endpoint_link::<Self>();

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
    type Item: Decode;
    /// The page this request asks for, if set.
    fn page_number(&self) -> Option<i64>;
    /// The same request for page `number` (1-based).
    fn with_page_number(&self, number: i64) -> Self;
}
