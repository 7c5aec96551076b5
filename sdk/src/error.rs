//! The one error type of the crate.

use crate::Call;
use crate::Job;
use crate::JobStatus;
use std::time::Duration;

/// How many bytes of a response body an error keeps.
pub const SNIPPET_BYTES: usize = 256;

/// How many bytes of the API's `msg` (or a failed job's message) an error
/// keeps: a server that sends a huge one does not fill logs and terminals.
pub const MSG_BYTES: usize = 1024;

/// Everything that can go wrong in a call. No variant's `Display` or `Debug`
/// contains the API key: URLs are dropped from transport errors, and any text
/// a server sends back is searched for the key before it is kept.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with `status: false`; `msg` says why.
    Api {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// The HTTP status of the response.
        http_status: u16,
        /// The API's `msg`, at most [`MSG_BYTES`](crate::MSG_BYTES) bytes (then
        /// ending in `…`), without the key.
        msg: String,
    },

    /// An HTTP error status without a SiteHost envelope, such as a proxy's
    /// HTML error page.
    Http {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// The HTTP status of the response.
        http_status: u16,
        /// The start of the body, at most [`SNIPPET_BYTES`](crate::SNIPPET_BYTES) bytes, without the key.
        snippet: String,
    },

    /// The body is not the envelope, or its `return` does not have the
    /// documented shape.
    Decode {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// The HTTP status of the response.
        http_status: u16,
        /// What does not decode, and where.
        reason: String,
        /// The start of the body, at most [`SNIPPET_BYTES`](crate::SNIPPET_BYTES) bytes, without the key.
        snippet: String,
    },

    /// The response body is larger than the client's limit.
    TooLarge {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// The client's limit, in bytes.
        limit: usize,
    },

    /// No complete response within the client's timeout.
    Timeout {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// The timeout that passed.
        after: Duration,
    },

    /// The connection failed or broke.
    Transport {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// What failed: connecting, the TLS handshake, or the exchange.
        kind: TransportKind,
        /// The HTTP client's error.
        source: reqwest::Error,
    },

    /// A parameter value that cannot be sent; nothing was sent.
    InvalidParameter {
        /// The endpoint the request was for.
        call: Call,
        /// The parameter's wire name, such as `params[Phone][Country]`.
        param: String,
        /// Why the value cannot be sent.
        reason: crate::Reason,
    },

    /// The API refused the call because the key exceeded its requests per
    /// second, as often as the retry policy allows (HTTP 500 with `msg` "You
    /// have exceeded the number of requests per second for this key."). The
    /// API did nothing; the call may be sent again later.
    RateLimited {
        /// The endpoint called: method and versioned path.
        call: Call,
        /// How many times it was sent.
        attempts: u32,
        /// The API's `msg`, without the key.
        msg: String,
    },

    /// The client's configuration is unusable.
    Config(String),

    /// No client ID was configured, and the API did not say which client the
    /// key belongs to (`/api/get_info`); `source` says why.
    ClientIdUnknown {
        /// The failure of the call that asks.
        source: Box<Error>,
    },

    /// A job ended in the `Failed` state.
    JobFailed {
        /// The job that failed.
        job: Job,
        /// The job's message, or where the API version reports none (1.5),
        /// the text of its last log entry.
        message: Option<String>,
        /// The job's final status, logs included.
        status: Box<JobStatus>,
    },

    /// A job did not finish within the wait's timeout.
    JobTimeout {
        /// The job waited for.
        job: Job,
        /// How long the wait lasted.
        waited: Duration,
        /// The state the job was last seen in.
        last_state: Option<String>,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Api {
                call,
                http_status,
                msg,
            } => write!(
                f,
                "{call}: the API refused the call (HTTP {http_status}): {msg}"
            ),
            Error::Http {
                call,
                http_status,
                snippet,
            } => write!(
                f,
                "{call}: HTTP {http_status} without a SiteHost response; the body starts {snippet:?}"
            ),
            Error::Decode {
                call,
                http_status,
                reason,
                snippet,
            } => write!(
                f,
                "{call}: cannot decode the response (HTTP {http_status}): {reason}; the body starts {snippet:?}"
            ),
            Error::TooLarge { call, limit } => write!(
                f,
                "{call}: the response is larger than the limit of {limit} bytes"
            ),
            Error::Timeout { call, after } => {
                write!(f, "{call}: no complete response within {after:?}")
            }
            Error::Transport { call, kind, .. } => write!(f, "{call}: {kind}"),
            Error::InvalidParameter {
                call,
                param,
                reason,
            } => write!(f, "{call}: parameter `{param}` {reason}"),
            Error::RateLimited {
                call,
                attempts,
                msg,
            } => write!(
                f,
                "{call}: the API's rate limit refused the call {attempts} time(s): {msg}"
            ),
            Error::Config(problem) => write!(f, "invalid client configuration: {problem}"),
            Error::ClientIdUnknown { source } => write!(
                f,
                "no client ID is set (SH_CLIENT_ID) and the API did not say which client the key \
                 belongs to: {source}"
            ),
            Error::JobFailed { job, message, .. } => write!(
                f,
                "job {} ({}) failed: {}",
                job.id,
                job.job_type,
                message.as_deref().unwrap_or("no message")
            ),
            Error::JobTimeout {
                job,
                waited,
                last_state,
            } => write!(
                f,
                "job {} ({}) did not finish within {waited:?}; last state: {}",
                job.id,
                job.job_type,
                last_state.as_deref().unwrap_or("unknown")
            ),
        }
    }
}

// Written out rather than derived, so that a dependent's build need not
// compile a derive macro for it.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::ClientIdUnknown { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made; the request was not sent.
    Connect,
    /// The connection broke while the request or response was under way.
    Broken,
    /// Any other failure of the HTTP client.
    Other,
}

impl std::fmt::Display for TransportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "cannot connect to the API",
            TransportKind::Broken => "the connection broke during the call",
            TransportKind::Other => "the HTTP request failed",
        })
    }
}

impl Error {
    /// The API's `msg`, when the API refused the call.
    pub fn msg(&self) -> Option<&str> {
        match self {
            Error::Api { msg, .. } | Error::RateLimited { msg, .. } => Some(msg),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. }
            | Error::Http { http_status, .. }
            | Error::Decode { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    /// Whether the API said the key is not accepted.
    pub fn is_unauthorised(&self) -> bool {
        self.msg().is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("unauthorised") || m.contains("unauthorized")
        })
    }

    /// The endpoint call the error belongs to, if any.
    pub fn call(&self) -> Option<Call> {
        match self {
            Error::Api { call, .. }
            | Error::Http { call, .. }
            | Error::Decode { call, .. }
            | Error::TooLarge { call, .. }
            | Error::Timeout { call, .. }
            | Error::Transport { call, .. }
            | Error::InvalidParameter { call, .. }
            | Error::RateLimited { call, .. } => Some(*call),
            _ => None,
        }
    }
}

/// At most `max` bytes of `text`, cut at a character boundary and ending in
/// `…` where it was cut.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    out.push('…');
    out
}

/// At most [`SNIPPET_BYTES`] of `body`, as text, cut at a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]);
    let mut text = text.into_owned();
    if body.len() > SNIPPET_BYTES {
        // A multi-byte character cut in two shows as U+FFFD at the end; drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

#[cfg(test)]
mod bound_tests {
    use super::bounded;

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        assert_eq!(bounded("short", 10), "short");
        assert_eq!(bounded("abcdef", 3), "abc…");
        // `é` is two bytes: a cut inside it goes back before it.
        assert_eq!(bounded("aé", 2), "a…");
    }
}
