//! `sitehost mcp --listen`: the same tools over Streamable HTTP (rmcp's
//! service, stateless, JSON responses where no notification comes first),
//! each request acting with its caller's key.
//!
//! Before rmcp sees a request: `GET /healthz` is answered; the path is
//! `/mcp` or `/mcp/readonly`; the `Host` and `Origin` are allowed (403);
//! the bearer token is there (401, with `WWW-Authenticate: Bearer`); the
//! caller has fewer than the most requests in flight (429 with
//! `Retry-After`); the body is at most 1 MiB (413). Nothing is sent to the
//! API before all of these pass. One access log line per request goes to
//! stderr: the tool, its outcome, the duration and a short fingerprint of
//! the token, never the token.

mod keys;
mod start;
mod tls;

pub use keys::{Keys, Known, Limits, Mode, Refused, bearer, hash, read_tokens};
pub use start::{Listen, listen};
pub use tls::acceptor;

use super::catalog::{Catalog, Scope};
use super::server::{Caller, Server};
use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode, header};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::OwnedSemaphorePermit;

/// The largest request body taken.
pub const MAX_BODY: usize = 1 << 20;

type Reply = Response<BoxBody<Bytes, Infallible>>;

/// The transport's settings.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    /// Host names (or `host:port`) a request's `Host` may name, besides
    /// the loopback names.
    pub allowed_hosts: Vec<String>,
    /// Origins (`https://app.example.com`) a browser's request may come
    /// from besides this machine's own (`http://localhost:3000`); a request
    /// without `Origin` is fine.
    pub allowed_origins: Vec<String>,
}

/// The HTTP front of the server: the catalog's tools for each caller.
pub struct App {
    rmcp: StreamableHttpService<Server, NeverSessionManager>,
    keys: Keys,
    hosts: Vec<String>,
    origins: Vec<String>,
}

impl App {
    /// The front of `catalog`'s tools, for the callers `keys` knows.
    pub fn new(catalog: Arc<Catalog>, keys: Keys, transport: &Transport) -> App {
        let config = StreamableHttpServerConfig::default()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_sse_keep_alive(None)
            .with_max_request_body_bytes(MAX_BODY)
            // Checked here, before the caller's key is looked at.
            .disable_allowed_hosts()
            .disable_allowed_origins();
        let rmcp = StreamableHttpService::new(
            move || Ok(Server::per_request(catalog.clone())),
            Arc::new(NeverSessionManager::default()),
            config,
        );
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        hosts.extend(
            transport
                .allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase()),
        );
        let origins = transport
            .allowed_origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
            .collect();
        App {
            rmcp,
            keys,
            hosts,
            origins,
        }
    }

    /// The callers known.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Answers one request, and writes its access log line when its answer
    /// has been sent.
    pub async fn handle<B>(self: Arc<Self>, request: Request<B>) -> Result<Reply, Infallible>
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut line = Line {
            started: Instant::now(),
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            status: 0,
            fingerprint: "-".to_owned(),
            tool: None,
            caller: None,
        };
        let (reply, permit) = match self.route(request, &mut line).await {
            Ok(answer) => answer,
            Err(reply) => (*reply, None),
        };
        line.status = reply.status().as_u16();
        let (parts, body) = reply.into_parts();
        let held = Held {
            body,
            _permit: permit,
            line: Some(line),
        };
        Ok(Response::from_parts(parts, BoxBody::new(held)))
    }

    async fn route<B>(
        &self,
        request: Request<B>,
        line: &mut Line,
    ) -> Result<(Reply, Option<OwnedSemaphorePermit>), Box<Reply>>
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let path = request.uri().path();
        if path == "/healthz" && request.method() == http::Method::GET {
            return Ok((plain(StatusCode::OK, "ok\n"), None));
        }
        let read_only = match path {
            "/mcp" => false,
            "/mcp/readonly" => true,
            _ => {
                return Err(stop(
                    StatusCode::NOT_FOUND,
                    "not found: the MCP endpoint is /mcp\n",
                ));
            }
        };
        self.check_transport(request.headers())?;
        let token = bearer(request.headers().get(header::AUTHORIZATION)).map_err(unauthorized)?;
        let known = self.keys.caller(&token).map_err(unauthorized)?;
        drop(token);
        line.fingerprint = known.fingerprint.clone();
        let Ok(permit) = known.in_flight.clone().try_acquire_owned() else {
            let mut reply = plain(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests in flight for this key\n",
            );
            reply
                .headers_mut()
                .insert(header::RETRY_AFTER, http::HeaderValue::from_static("1"));
            return Err(Box::new(reply));
        };
        let scope = scope(read_only, request.headers());
        let (mut parts, body) = request.into_parts();
        let body = match Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return Err(Box::new(plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the request body is over 1 MiB, or was cut short\n",
                )));
            }
        };
        line.tool = rpc_method(&body);
        let caller = Caller::new(known.client, scope);
        line.caller = Some(caller.clone());
        parts.extensions.insert(caller);
        let reply = self
            .rmcp
            .handle(Request::from_parts(parts, Full::new(body)))
            .await;
        Ok((reply, Some(permit)))
    }

    /// The `Host` and `Origin` allowlists.
    fn check_transport(&self, headers: &HeaderMap) -> Result<(), Box<Reply>> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let name = host_name(&host);
        if !self.hosts.iter().any(|h| *h == host || *h == name) {
            return Err(stop(
                StatusCode::FORBIDDEN,
                "forbidden: this Host is not served\n",
            ));
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or_default().to_ascii_lowercase();
            if !self.origins.contains(&origin) && !loopback_origin(&origin) {
                let text = "forbidden: this Origin is not allowed\n";
                return Err(Box::new(plain(StatusCode::FORBIDDEN, text)));
            }
        }
        Ok(())
    }
}

/// Whether an `Origin` is a page of this machine (`http://localhost:3000`):
/// a DNS-rebinding page has its attacker's host name instead.
fn loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    matches!(host_name(rest), "localhost" | "127.0.0.1" | "[::1]")
}

/// The host of a `Host` header, without its port.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..=h.len()]);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// What the caller narrows the tools to: read-only by the path or
/// `X-MCP-Readonly: true`, endpoints by `X-MCP-Tools: dns/*,cloud/stack/*`.
fn scope(read_only: bool, headers: &HeaderMap) -> Scope {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let read_only =
        read_only || text("x-mcp-readonly").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let tools = text("x-mcp-tools")
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Scope { read_only, tools }
}

/// The JSON-RPC method of a request body, and the tool of a `tools/call`,
/// for the access log.
fn rpc_method(body: &[u8]) -> Option<String> {
    let message: serde_json::Value = serde_json::from_slice(body).ok()?;
    let method = message.get("method")?.as_str()?;
    match message.pointer("/params/name").and_then(|n| n.as_str()) {
        Some(tool) if method == "tools/call" => Some(format!("{method} {tool}")),
        _ => Some(method.to_owned()),
    }
}

fn stop(status: StatusCode, text: &'static str) -> Box<Reply> {
    Box::new(plain(status, text))
}

fn plain(status: StatusCode, text: &'static str) -> Reply {
    let mut reply = Response::new(BoxBody::new(Full::new(Bytes::from_static(text.as_bytes()))));
    *reply.status_mut() = status;
    reply.headers_mut().insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    reply
}

fn unauthorized(why: Refused) -> Box<Reply> {
    let (text, challenge) = match why {
        Refused::NoToken => (
            "unauthorized: send your SiteHost API key as `Authorization: Bearer <key>`\n",
            "Bearer",
        ),
        Refused::BadToken => (
            "unauthorized: the bearer token is not one of the server's\n",
            "Bearer error=\"invalid_token\"",
        ),
    };
    let mut reply = plain(StatusCode::UNAUTHORIZED, text);
    reply.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        http::HeaderValue::from_static(challenge),
    );
    Box::new(reply)
}

/// One request's access log line, written when its answer has been sent.
struct Line {
    started: Instant,
    method: String,
    path: String,
    status: u16,
    fingerprint: String,
    tool: Option<String>,
    caller: Option<Caller>,
}

impl Drop for Line {
    fn drop(&mut self) {
        let outcome = self.caller.as_ref().and_then(|c| c.outcome.get());
        let result = match outcome {
            Some(o) if o.is_error => "tool-error",
            Some(_) => "ok",
            None if self.status < 400 => "ok",
            None => "refused",
        };
        eprintln!(
            "mcp {} {} {} {} {} {:.1}ms key={}",
            self.method,
            self.path,
            self.status,
            self.tool.as_deref().unwrap_or("-"),
            result,
            self.started.elapsed().as_secs_f64() * 1000.0,
            self.fingerprint
        );
    }
}

/// A reply's body holding the caller's in-flight permit and the access log
/// line until it has been sent (a streamed reply ends after its tool).
struct Held {
    body: BoxBody<Bytes, Infallible>,
    _permit: Option<OwnedSemaphorePermit>,
    line: Option<Line>,
}

impl Body for Held {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            self.line.take();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A running server.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The front, for its callers.
    pub app: Arc<App>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Running {
    /// Serves until the task ends (never, unless the listener fails).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

/// Serves `app` on `listener` (with TLS when `tls` is given), each
/// connection on its own task.
pub fn serve(
    app: Arc<App>,
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let front = app.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let app = front.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    app.clone().handle(request)
                });
                let http = hyper::server::conn::http1::Builder::new();
                match tls {
                    Some(tls) => {
                        if let Ok(stream) = tls.accept(stream).await {
                            let io = hyper_util::rt::TokioIo::new(stream);
                            let _ = http.serve_connection(io, service).await;
                        }
                    }
                    None => {
                        let io = hyper_util::rt::TokioIo::new(stream);
                        let _ = http.serve_connection(io, service).await;
                    }
                }
            });
        }
    });
    Ok(Running { addr, app, task })
}
