//! What a client tells the code that watches it: a hook called after every
//! attempt ([`ClientBuilder::on_call`](crate::ClientBuilder::on_call)), and
//! one `tracing` span per call.

use crate::{Endpoint, Method, TransportKind};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// One attempt of a call, as a hook set with
/// [`ClientBuilder::on_call`](crate::ClientBuilder::on_call) sees it: which
/// endpoint, the how-manyth attempt, what came of it and how long it took.
/// It holds neither the API key nor any parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallEvent {
    /// The endpoint called (its method, version and path, its effect).
    pub endpoint: &'static Endpoint,
    /// The attempt, counting from 1; a retry is attempt 2 or later.
    pub attempt: u32,
    /// What came of it.
    pub outcome: AttemptOutcome,
    /// From sending to the whole response read (or the failure).
    pub duration: Duration,
    /// Whether the client tries again after this attempt.
    pub will_retry: bool,
}

impl CallEvent {
    /// The endpoint's HTTP method.
    pub fn method(&self) -> Method {
        self.endpoint.method
    }

    /// The HTTP status, when a response came.
    pub fn http_status(&self) -> Option<u16> {
        match self.outcome {
            AttemptOutcome::Response { status } | AttemptOutcome::RateLimited { status } => {
                Some(status)
            }
            _ => None,
        }
    }
}

/// What came of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttemptOutcome {
    /// A response, with its HTTP status (the envelope inside may still say
    /// `status: false`).
    Response {
        /// The HTTP status.
        status: u16,
    },
    /// The API refused the call for its rate limit.
    RateLimited {
        /// The HTTP status.
        status: u16,
    },
    /// No complete response within the timeout.
    Timeout,
    /// The connection failed or broke.
    Transport(TransportKind),
    /// The response was larger than the client's limit.
    TooLarge,
}

impl AttemptOutcome {
    /// A short name for logs and metrics: the status as digits, or
    /// `rate_limited`, `timeout`, `connect`, `broken`, `transport`, `too_large`.
    pub fn as_str(&self) -> std::borrow::Cow<'static, str> {
        match self {
            AttemptOutcome::Response { status } => status.to_string().into(),
            AttemptOutcome::RateLimited { .. } => "rate_limited".into(),
            AttemptOutcome::Timeout => "timeout".into(),
            AttemptOutcome::Transport(TransportKind::Connect) => "connect".into(),
            AttemptOutcome::Transport(TransportKind::Broken) => "broken".into(),
            AttemptOutcome::Transport(_) => "transport".into(),
            AttemptOutcome::TooLarge => "too_large".into(),
        }
    }
}

/// A hook of [`ClientBuilder::on_call`](crate::ClientBuilder::on_call).
pub(crate) type CallHook = Arc<dyn Fn(&CallEvent) + Send + Sync>;

/// The hooks of a client and its clones.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    on_call: Vec<CallHook>,
}

impl Hooks {
    pub(crate) fn push(&mut self, hook: CallHook) {
        self.on_call.push(hook);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.on_call.is_empty()
    }

    pub(crate) fn call(&self, event: &CallEvent) {
        for hook in &self.on_call {
            hook(event);
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.on_call.len())
    }
}

/// The span of one call: named `sitehost.call`, with OpenTelemetry's HTTP
/// client attribute names where one fits (`http.request.method`,
/// `url.path`, `http.response.status_code`, `http.request.resend_count`,
/// `error.type`) and the endpoint (`sitehost.endpoint`), filled in as the
/// call goes.
pub(crate) fn call_span(endpoint: &'static Endpoint) -> tracing::Span {
    tracing::info_span!(
        target: "sitehost",
        "sitehost.call",
        otel.name = %endpoint.call(),
        otel.kind = "client",
        otel.status_code = tracing::field::Empty,
        http.request.method = endpoint.method.as_str(),
        url.path = %endpoint.call().url_path(),
        sitehost.endpoint = endpoint.name,
        sitehost.effect = endpoint.effect.as_str(),
        http.response.status_code = tracing::field::Empty,
        http.request.resend_count = tracing::field::Empty,
        error.type = tracing::field::Empty,
    )
}
