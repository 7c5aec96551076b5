//! The `sitehost` command line: every endpoint of the `sitehost` crate as a
//! subcommand, with no command written by hand.
//!
//! The command tree comes from the `sitehost` crate's endpoint metadata
//! alone (method, version, parameters with their types, order, words,
//! examples and roles). Flags fold into the request's value, which the
//! crate's one codec checks and encodes (`sitehost::Client::send_value`),
//! the same send path as the library's.

mod call;
pub mod client;
pub mod endpoints;
pub mod exit;
mod failure;
pub mod flags;
pub mod io;
pub mod mcp;
pub mod output;
mod progress;
pub mod run;
mod services;
mod state;
pub mod tree;

pub use call::request_text;
pub use run::{main, run};
