//! A client for the [SiteHost](https://sitehost.nz) hosting API.
//!
//! # Quick start
//!
//! Set `SH_API_KEY` (and `SH_CLIENT_ID`, the client the calls act for, or
//! let the client learn the key's own), build a request, send it with its
//! [`Client`] method, and wait for the job it starts:
//!
//! ```
//! use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // Here against the fake API (feature `fake`), as the real one needs an account.
//! # let fake = sitehost::fake::FakeApi::start().await?;
//! # unsafe {
//! #     std::env::set_var("SH_API_URL", fake.base_url());
//! #     std::env::set_var("SH_API_KEY", fake.api_key());
//! # }
//! let client = sitehost::Client::from_env()?;
//! let client_id = client.resolve_client_id().await?;
//! let request = Renew::new(client_id, "ch-servername", "examplenz").containers(["example.nz"]);
//! let job = client.cloud_stack_ssl_lets_encrypt_renew(&request).await?;
//! let finished = client.wait_for_job(&job).await?;
//! assert_eq!(finished.state, "Completed");
//! # Ok(())
//! # }
//! ```
//!
//! Every endpoint is generated from a YAML spec: a request type per endpoint
//! under [`api`], in a module path that mirrors the API path, and a
//! [`Client`] method per endpoint. The request types, shapes and enums are
//! compiled in the `sitehost-types` crate (which carries the spec), and shown
//! here as this crate's own. Endpoints the crate lacks can be generated in a
//! crate of your own from a spec of your own (`sitehost_codegen::Extension`,
//! [`include_endpoints!`]).
//!
//! - Requests go to `<base>/<version>/<path>.json` with `apikey` first and the
//!   other parameters in the documented order: the query of a GET, the
//!   `application/x-www-form-urlencoded` body of a POST.
//! - Responses are unwrapped from the `{return, msg, status}` envelope;
//!   `status: false` is an [`Error::Api`] with the API's `msg`.
//! - Calls have timeouts; GET calls are retried (see [`RetryPolicy`]); jobs
//!   can be waited for ([`Client::wait_for_job`]).
//! - With the `fake` feature, [`fake::FakeApi`] serves the whole spec on
//!   127.0.0.1 for tests.
//! - Each area of the API (the endpoints under one first path segment, such
//!   as `cloud` or `dns`) is a feature; the default, `full`, is every one.
//!   `default-features = false, features = ["rustls", "cloud"]` compiles
//!   only what that area needs (`/api` and `/job` are always there).

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod envelope;
mod error;
mod form;
mod hooks;
mod jobs;
mod pace;
mod page;
mod preview;
mod retry;

#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;
#[cfg(any(feature = "fake", feature = "state"))]
mod resource_file;
#[cfg(feature = "state")]
#[cfg_attr(docsrs, doc(cfg(feature = "state")))]
pub mod state;

// The request types, shapes, enums and their encoding are sitehost-types',
// shown here as this crate's own.
#[doc(inline)]
pub use sitehost_types::{api, enums, loose, resources, shapes, wire};

// One `Client` method per endpoint, as the spec has them.
sitehost_types::__client_methods!();

pub use client::{
    Client, ClientBuilder, ClientTemplate, Config, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, STAGING_BASE_URL, USER_AGENT,
};
pub use error::{Error, MSG_BYTES, SNIPPET_BYTES, TransportKind};
pub use form::encode_form;
pub use hooks::{AttemptOutcome, CallEvent};
pub use jobs::job_in_return;
pub use pace::RequestRate;
pub use preview::Preview;
pub use retry::RetryPolicy;
#[doc(inline)]
pub use sitehost_types::{
    AUTO, ApiKey, CONTENT_TYPE, Call, Choice, ChoiceError, Desired, Deviation, Effect, Endpoint,
    EndpointLink, Example, Field, FieldInfo, FieldKind, Form, FormValue, FromGet, InvalidValue,
    Job, JobPoll, JobProgress, JobReference, JobState, JobStatus, JobType, KeyedMap, Layout,
    ListEncoding, MAX_PAGES, Method, NoJobEndpoint, NoJobStatus, Normalized, OrAuto, Page,
    PageWalk, Paged, Paging, Param, ParamKind, ParamPath, Parent, PollJob, Provenance, Reason,
    Reference, Request, Resource, ResourceOp, ResourceUse, Returns, Role, ShapeInfo, Started,
    StartsJob, WaitOptions, args, fake_data, parse_choice, walk_pages,
};

/// Includes the request types a build script generated from a spec of your
/// own with `sitehost_codegen::Extension`: the modules `api`, `shapes` and
/// `enums`, in the module where the macro is called.
///
/// ```ignore
/// // build.rs: fn main() -> std::process::ExitCode { sitehost_codegen::Extension::new("spec").build() }
/// mod extra {
///     sitehost::include_endpoints!();
/// }
/// # async fn run(client: &sitehost::Client) -> Result<(), sitehost::Error> {
/// let records = client.send(&extra::api::domain::ListRecords::new("example.com")).await?;
/// # Ok(()) }
/// ```
#[macro_export]
macro_rules! include_endpoints {
    () => {
        include!(concat!(env!("OUT_DIR"), "/sitehost/endpoints.rs"));
    };
}

/// What the code generated for a crate of a user's own names through this
/// crate, so that that crate need not depend on it. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// The README's code samples, compiled as doc tests so they stay correct.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeSamples;
