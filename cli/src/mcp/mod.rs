//! `sitehost mcp`: the API as Model Context Protocol tools over stdio or
//! (with `--listen`, [`http`]) Streamable HTTP, one tool per endpoint of the
//! spec (or three, with `--dynamic`: search, describe, call), read from the
//! same description as the command line.
//!
//! One server, two transports: the [`Catalog`] of tools is built once
//! without a client, and each request's [`Caller`] (the client its calls
//! use, and its narrowing [`Scope`]) is resolved per request: over stdio the
//! one client of the environment, over HTTP the bearer's.
//!
//! Safe by default: without flags only the endpoints whose effect is `read`
//! are served; `--allow-write` adds those that write, `--allow-destructive`
//! those that delete, revoke or replace (and implies `--allow-write`);
//! `--tools GLOB` narrows by API path. Over stdio the key comes only from
//! `SH_API_KEY`; no result, log line or error holds a key.

mod calls;
mod catalog;
mod check;
mod confirm;
pub mod http;
mod schema;
mod server;
mod state;
mod tools;

pub use catalog::{Catalog, Kind, Scope, glob_match};
pub use server::{Caller, Options, Outcome, Server};
pub use state::{APPLY, PLAN};
pub use tools::{CALL, DESCRIBE, JOB_WAIT, SEARCH};

/// Runs the server on stdin and stdout until the client closes them;
/// returns the exit code.
pub async fn serve(options: Options) -> u8 {
    use rmcp::ServiceExt;
    let server = match Server::from_env(options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::USAGE;
        }
    };
    let running = match server.serve(rmcp::transport::stdio()).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("error: the MCP session did not start: {e}");
            return crate::exit::NETWORK;
        }
    };
    match running.waiting().await {
        Ok(_) => crate::exit::OK,
        Err(e) => {
            eprintln!("error: the MCP session ended badly: {e}");
            crate::exit::NETWORK
        }
    }
}
