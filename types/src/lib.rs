//! The request types, response shapes, enums and wire encoding of the
//! [SiteHost](https://sitehost.nz) hosting API, generated from the YAML spec
//! in the package's `spec/` folder.
//!
//! Use them through the [`sitehost`](https://docs.rs/sitehost) crate, which
//! re-exports every item here and sends the requests with its `Client`. This
//! crate has no HTTP client, so that a program's build compiles it while it
//! compiles the HTTP and TLS stack the client needs.
//!
//! - [`api`]: a request type per endpoint, in modules that mirror the API
//!   paths, each a [`Request`] that knows its method, version, path, ordered
//!   parameters and response type.
//! - [`shapes`] and [`enums`]: what endpoints return, and the closed sets of
//!   values parameters take.
//! - [`Endpoint`]: the description of each endpoint as data (its words,
//!   parameters with their examples and roles, effect, response and
//!   resource), which the command line, the MCP server and the fake read.
//! - [`wire`]: the wire grammar, once: a request as a dynamic value to the
//!   ordered fields the API takes, and back.
//! - [`Form`]: the ordered form encoding of the typed requests, `apikey` first.
//!
//! ```
//! use sitehost_types::{ApiKey, Form, Request};
//! use sitehost_types::api::cloud::stack::ssl::lets_encrypt::Renew;
//!
//! let request = Renew::new(1, "ch-servername", "examplenz").containers(["example.nz"]);
//! assert_eq!(Renew::ENDPOINT.path, "/cloud/stack/ssl/lets_encrypt/renew");
//!
//! let mut body = String::new();
//! let mut form = Form::new(&mut body, &ApiKey::new("your_key_here"));
//! request.encode(&mut form);
//! form.finish()?;
//! assert_eq!(
//!     body,
//!     "apikey=your_key_here&client_id=1&server=ch-servername&name=examplenz&containers%5B0%5D=example.nz"
//! );
//! # Ok::<(), sitehost_types::InvalidValue>(())
//! ```

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The front ends' runtime (`wire`, and the functions of `endpoint`, `shape`
// and `resource` that read the descriptions) is `#[inline]`, every function
// of it: a crate compiles an inline function only where one is called, so a
// program that sends typed requests compiles none of it, and a build of this
// crate only checks it. The command line, the MCP server, the fake and
// desired state compile what they call. (The descriptions themselves are
// constant data, and the typed path, `form`, `loose` and `jobs`, is compiled
// here once.)
#[doc(hidden)]
pub mod args;
mod endpoint;
mod form;
mod jobs;
pub mod loose;
mod page;
mod request;
mod resource;
mod secret;
mod shape;
pub mod wire;

/// `Some(data)` with the `fake` feature, `None` without: the documented
/// response and resource examples, which only the fake API answers with,
/// are compiled only into builds that have it.
#[cfg(feature = "fake")]
#[macro_export]
macro_rules! fake_data {
    ($data:expr) => {
        Some($data)
    };
}

/// `Some(data)` with the `fake` feature, `None` without: the documented
/// response and resource examples, which only the fake API answers with,
/// are compiled only into builds that have it.
#[cfg(not(feature = "fake"))]
#[macro_export]
macro_rules! fake_data {
    ($data:expr) => {
        None
    };
}

/// Request types, one per endpoint, in modules that mirror the API paths.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/sitehost/api.rs"));
}

/// The shapes of what endpoints return.
pub mod shapes {
    include!(concat!(env!("OUT_DIR"), "/sitehost/shapes.rs"));
}

/// The resources the spec declares: what endpoints create, list, change
/// and delete.
pub mod resources {
    include!(concat!(env!("OUT_DIR"), "/sitehost/resources.rs"));
}

/// The closed sets of values parameters take, such as `ASC` and `DESC`.
pub mod enums {
    include!(concat!(env!("OUT_DIR"), "/sitehost/enums.rs"));
}

// The job endpoint the client polls with, and the client's method per
// endpoint (a macro the `sitehost` crate expands on its `Client`).
include!(concat!(env!("OUT_DIR"), "/sitehost/client.rs"));

pub use endpoint::{
    Effect, Endpoint, Example, ListEncoding, Paging, Param, ParamKind, ParamPath, Provenance, Role,
};
pub use form::{
    AUTO, CONTENT_TYPE, Choice, ChoiceError, Field, Form, FormValue, OrAuto, parse_choice,
};
pub use jobs::{
    Job, JobProgress, JobReference, JobState, JobType, NoJobEndpoint, NoJobStatus, Started,
    WaitOptions,
};
pub use page::{MAX_PAGES, Page, PageWalk, walk_pages};
pub use request::{Call, Method, Paged, PollJob, Request, StartsJob};
pub use resource::{
    Desired, EndpointLink, FromGet, Parent, Reference, Resource, ResourceOp, ResourceUse,
};
pub use secret::ApiKey;
pub use shape::{
    Deviation, FieldInfo, FieldKind, KeyedMap, Layout, Normalized, Returns, ShapeInfo,
};
pub use wire::{InvalidValue, Reason};

/// What the job endpoint reports: the output of [`JobPoll`], the spec's
/// `/job/get` at its version.
pub type JobStatus = <JobPoll as Request>::Output;
