//! Starting `sitehost mcp --listen`: the address (loopback unless TLS or
//! `--insecure-http` says otherwise), whose key acts (each caller's, or a
//! shared one behind listed tokens), and the URL printed to stderr.

use super::{App, Keys, Limits, Mode, Transport, acceptor, read_tokens, serve};
use crate::client::Template;
use crate::exit;
use crate::mcp::{Catalog, Options};
use std::path::PathBuf;
use std::sync::Arc;

/// The settings of `--listen`.
#[derive(Debug, Clone, Default)]
pub struct Listen {
    /// `HOST:PORT` to listen on.
    pub address: String,
    /// PEM certificate chain and key, for TLS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Plain HTTP on a network address (behind a TLS-terminating proxy).
    pub insecure_http: bool,
    /// `--shared-key`: `SH_API_KEY` for every caller presenting one of the
    /// tokens of this file.
    pub shared_tokens: Option<PathBuf>,
    /// The allowlists.
    pub transport: Transport,
    /// The cache of callers.
    pub limits: Limits,
}

/// Whose key acts: the shared one with its tokens, or each caller's.
fn mode(listen: &Listen) -> Result<Mode, String> {
    match &listen.shared_tokens {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("--tokens {}: {e}", file.display()))?;
            let tokens =
                read_tokens(&text).map_err(|e| format!("--tokens {}: {e}", file.display()))?;
            let client = sitehost::Client::from_env().map_err(|e| format!("--shared-key: {e}"))?;
            Ok(Mode::Shared { client, tokens })
        }
        None => {
            if std::env::var_os("SH_API_KEY").is_some() {
                eprintln!(
                    "note: SH_API_KEY is not used: each request acts with its caller's bearer key \
                     (--shared-key serves one key to listed tokens)"
                );
            }
            Ok(Mode::PerKey(Box::new(
                Template::from_env().map_err(|e| e.to_string())?,
            )))
        }
    }
}

/// Runs the server until interrupted; returns the exit code.
pub async fn listen(options: Options, listen: Listen) -> u8 {
    // A port alone is one of loopback's.
    let address = match listen.address.parse::<u16>() {
        Ok(port) => format!("127.0.0.1:{port}"),
        Err(_) => listen.address.clone(),
    };
    let addr = match tokio::net::lookup_host(&address).await {
        Ok(mut addrs) => addrs.next(),
        Err(e) => {
            eprintln!("error: --listen {}: {e}", listen.address);
            return exit::USAGE;
        }
    };
    let Some(addr) = addr else {
        eprintln!("error: --listen {}: no address", listen.address);
        return exit::USAGE;
    };
    if !addr.ip().is_loopback() && listen.tls.is_none() && !listen.insecure_http {
        eprintln!(
            "error: --listen {addr} is not loopback: callers' keys would cross the network in \
             clear; give --tls-cert and --tls-key, or --insecure-http behind a TLS-terminating \
             proxy"
        );
        return exit::USAGE;
    }
    let tls = match &listen.tls {
        Some((cert, key)) => match acceptor(cert, key) {
            Ok(tls) => Some(tls),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::USAGE;
            }
        },
        None => None,
    };
    let mode = match mode(&listen) {
        Ok(mode) => mode,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    // The address listened on is a name callers may use.
    let mut transport = listen.transport.clone();
    if !addr.ip().is_unspecified() {
        transport.allowed_hosts.push(match addr {
            std::net::SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
            std::net::SocketAddr::V4(v4) => v4.ip().to_string(),
        });
    }
    let catalog = Arc::new(Catalog::new(options));
    let app = Arc::new(App::new(
        catalog,
        Keys::new(mode, listen.limits),
        &transport,
    ));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return exit::NETWORK;
        }
    };
    let running = match serve(app, listener, tls.clone()) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return exit::NETWORK;
        }
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    eprintln!("sitehost mcp: serving {scheme}://{}/mcp", running.addr);
    let _ = tokio::signal::ctrl_c().await;
    exit::OK
}
