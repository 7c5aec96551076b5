//! Code generation for the `sitehost` crate, and for endpoints a crate of
//! your own adds to it.
//!
//! # Quick start: endpoints the `sitehost` crate lacks
//!
//! Write the endpoints in a spec folder of your crate, in the format of the
//! `sitehost` crate's `spec/` (its `spec/README.md`), and generate them from
//! your build script:
//!
//! ```toml
//! [dependencies]
//! sitehost = "0.1"
//!
//! [build-dependencies]
//! sitehost-codegen = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::process::ExitCode {
//!     sitehost_codegen::Extension::new("spec").build()
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs or src/main.rs
//! mod extra {
//!     sitehost::include_endpoints!();
//! }
//! let records = client.send(&extra::api::domain::ListRecords::new(1, "example.nz")).await?;
//! ```
//!
//! A problem in your spec fails the build with `file:line:col: message`, and
//! a path the `sitehost` crate already has is refused.
//!
//! # The pipeline
//!
//! The spec (a folder of YAML files) is read with serde_yaml into [`raw`],
//! checked into [`model`] by [`validate`], and turned into formatted Rust by
//! [`emit`]. [`generate`] runs all of it; the `sitehost` build script (with
//! [`build`]) and the `sitehost-codegen` command both call it.
//!
//! Every problem in the spec comes back as a [`Diagnostic`] of the form
//! `file:line:col: message`; nothing in here panics on bad input.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "generate")]
pub mod build;
#[cfg(feature = "generate")]
pub mod cli;
#[cfg(feature = "generate")]
pub mod diag;
#[cfg(feature = "generate")]
pub mod emit;
#[cfg(feature = "generate")]
pub mod explain;
#[cfg(feature = "generate")]
pub mod extension;
pub mod files;
#[cfg(feature = "generate")]
pub mod infer;
#[cfg(feature = "generate")]
pub mod migrate;
#[cfg(feature = "generate")]
pub mod model;
#[cfg(feature = "generate")]
pub mod raw;
#[cfg(feature = "generate")]
pub mod synth;
#[cfg(feature = "generate")]
pub mod validate;

#[cfg(feature = "generate")]
pub use diag::{Diagnostic, Diagnostics};
#[cfg(feature = "generate")]
pub use emit::Output;
#[cfg(feature = "generate")]
pub use extension::Extension;
pub use files::FINGERPRINT_FILE;
#[cfg(feature = "generate")]
pub use model::Spec;

#[cfg(feature = "generate")]
mod pipeline;
#[cfg(feature = "generate")]
pub use pipeline::*;
