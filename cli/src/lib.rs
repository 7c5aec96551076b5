//! The `sitehost` command line: every endpoint of the `sitehost` crate as a
//! subcommand, with no command written by hand.
//!
//! The command tree comes from the `sitehost` crate's endpoint metadata
//! (method, version, parameters, their types and order) and from a table of
//! the spec's words (summaries, descriptions, examples) that the build script
//! generates with `sitehost-codegen` from the same spec. A request is sent
//! with `sitehost::Client::send_fields`, the same send path as the library's.

pub mod describe;
pub mod fields;
pub mod mcp;
pub mod output;
pub mod pages;
pub mod run;
pub mod tree;

pub use run::{exit, main};
