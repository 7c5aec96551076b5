//! The one path every request takes: pace, attempt, retry, hooks and the
//! call's span, generic only where the response is decoded.

use super::Client;
use crate::envelope;
use crate::error::{Error, TransportKind};
use crate::hooks::{AttemptOutcome, CallEvent};
use crate::loose::Decode;
use crate::retry::{self, RetryPolicy};
use crate::{Call, Effect, Endpoint, Method};
use bytes::Bytes;
use std::time::Duration;
use tracing::Instrument;

const SECOND: Duration = Duration::from_secs(1);

/// A response as read from the wire.
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
    retry_after: Option<Duration>,
}

impl Client {
    /// The exchange (retries included) of the encoded form, running in the
    /// call's span. Not generic: one state machine serves every request
    /// type; the caller awaits it at once (a future is copied whole each time
    /// it is moved, and this one holds every attempt's state), then decodes
    /// the response with [`finish`](Self::finish).
    pub(crate) fn exchange(
        &self,
        span: &tracing::Span,
        endpoint: &'static Endpoint,
        form: String,
    ) -> impl std::future::Future<Output = Result<Received, Error>> + '_ {
        self.execute(endpoint, form).instrument(span.clone())
    }

    /// Decodes the envelope an exchange received into `T`, in the call's
    /// span, which records a failure.
    pub(crate) fn finish<T: Decode>(
        &self,
        span: &tracing::Span,
        endpoint: &'static Endpoint,
        received: Result<Received, Error>,
    ) -> Result<T, Error> {
        let result = received.and_then(|r| {
            span.in_scope(|| envelope::decode(endpoint.call(), r.status, &r.body, self.key()))
        });
        if let Err(error) = &result {
            failed(span, error);
        }
        result
    }

    /// Sends the encoded form, retrying as the policy allows.
    async fn execute(&self, endpoint: &'static Endpoint, form: String) -> Result<Received, Error> {
        let call = endpoint.call();
        let common = self.common();
        // The endpoint's URL, parsed once for the client; a GET's holds the
        // form (the key among it) as its query, for this call only.
        let mut url = common.urls.get(&common.base_url, endpoint);
        let mut body = match endpoint.method {
            Method::Get => {
                match &mut url {
                    Ok(url) => url.set_query(Some(&form)),
                    Err(text) => {
                        text.push('?');
                        text.push_str(&form);
                    }
                }
                None
            }
            Method::Post => Some(Bytes::from(form)),
        };
        let policy = self.config.retry;
        let hooks = &common.hooks;
        let mut attempt = 1;
        loop {
            if let Some(pace) = self.pace() {
                pace.wait().await;
            }
            tracing::debug!(target: "sitehost", %call, attempt, "sending");
            // The last attempt the policy allows takes the URL and the body
            // themselves; one before it sends copies (the body's a reference
            // to the same bytes).
            let (sent_url, sent) = if attempt >= policy.max_attempts {
                (std::mem::replace(&mut url, Err(String::new())), body.take())
            } else {
                (url.clone(), body.clone())
            };
            let started = (!hooks.is_empty()).then(std::time::Instant::now);
            let outcome = self.attempt(endpoint, sent_url, sent).await;
            let limited = outcome
                .as_ref()
                .ok()
                .and_then(|r| envelope::rate_limited(r.status, &r.body, self.key()));
            if let (Some(pace), Ok(_)) = (self.pace(), &outcome) {
                pace.record(limited.is_some());
            }
            let pause = match (&outcome, &limited) {
                _ if attempt >= policy.max_attempts => None,
                // Refused for the rate: nothing was done, whatever the effect.
                // An adaptive pace waits out the API's second ("requests per
                // second", its refusal says) before trying again.
                (Ok(_), Some(_)) => Some(match self.pace() {
                    Some(pace) if pace.is_adaptive() => policy.backoff(attempt).max(SECOND),
                    _ => policy.backoff(attempt),
                }),
                (Ok(received), None) => retry_response(endpoint.effect, received, &policy, attempt),
                (Err(error), _) => retry_error(endpoint.effect, error, &policy, attempt),
            };
            if let Some(started) = started {
                hooks.call(&CallEvent {
                    endpoint,
                    attempt,
                    outcome: attempt_outcome(&outcome, limited.is_some()),
                    duration: started.elapsed(),
                    will_retry: pause.is_some(),
                });
            }
            let Some(pause) = pause else {
                let span = tracing::Span::current();
                if attempt > 1 {
                    span.record("http.request.resend_count", attempt - 1);
                }
                if let Ok(received) = &outcome {
                    span.record("http.response.status_code", received.status);
                }
                if let Some(msg) = limited {
                    tracing::debug!(target: "sitehost", %call, attempt, "rate limited");
                    return Err(Error::RateLimited {
                        call,
                        attempts: attempt,
                        msg,
                    });
                }
                if let Ok(received) = &outcome {
                    tracing::debug!(target: "sitehost", %call, status = received.status, bytes = received.body.len(), "received");
                }
                return outcome;
            };
            match &outcome {
                Ok(received) => {
                    tracing::debug!(target: "sitehost", %call, status = received.status, ?pause, "retrying");
                }
                Err(error) => {
                    tracing::debug!(target: "sitehost", %call, %error, ?pause, "retrying");
                }
            }
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, bounded by the whole-call timeout (reqwest's, which
    /// covers reading the body) and the size limit.
    async fn attempt(
        &self,
        endpoint: &'static Endpoint,
        url: Result<reqwest::Url, String>,
        body: Option<Bytes>,
    ) -> Result<Received, Error> {
        let call = endpoint.call();
        let common = self.common();
        let timeout = self.config.timeout;
        let method = match endpoint.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut request = match url {
            Ok(url) => common.http.request(method, url),
            Err(text) => common.http.request(method, text),
        };
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, crate::CONTENT_TYPE)
                .body(body);
        }
        if common.built_timeout != Some(timeout) {
            // A caller's HTTP client lacks our timeout, and a `with_timeout`
            // client's differs from the one built in.
            request = request.timeout(timeout);
        }
        let limit = self.config.max_response_bytes;
        let mut response = request
            .send()
            .await
            .map_err(|e| transport(call, e, timeout))?;
        let status = response.status().as_u16();
        let retry_after = retry::retry_after(
            response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
        );
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::TooLarge { call, limit });
        }
        // Most bodies arrive in one chunk, kept as it is; more are joined.
        let mut first: Option<Bytes> = None;
        let mut joined: Vec<u8> = Vec::new();
        let mut length = 0;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport(call, e, timeout))?
        {
            length += chunk.len();
            if length > limit {
                return Err(Error::TooLarge { call, limit });
            }
            match &first {
                None => first = Some(chunk),
                Some(head) => {
                    if joined.is_empty() {
                        joined.reserve(length.max(head.len() * 2));
                        joined.extend_from_slice(head);
                    }
                    joined.extend_from_slice(&chunk);
                }
            }
        }
        let body = if joined.is_empty() {
            first.unwrap_or_default()
        } else {
            Bytes::from(joined)
        };
        Ok(Received {
            status,
            body,
            retry_after,
        })
    }
}

fn attempt_outcome(outcome: &Result<Received, Error>, rate_limited: bool) -> AttemptOutcome {
    match outcome {
        Ok(received) if rate_limited => AttemptOutcome::RateLimited {
            status: received.status,
        },
        Ok(received) => AttemptOutcome::Response {
            status: received.status,
        },
        Err(Error::Timeout { .. }) => AttemptOutcome::Timeout,
        Err(Error::Transport { kind, .. }) => AttemptOutcome::Transport(*kind),
        Err(Error::TooLarge { .. }) => AttemptOutcome::TooLarge,
        Err(_) => AttemptOutcome::Transport(TransportKind::Other),
    }
}

/// Marks the call's span failed, with the kind of failure.
fn failed(span: &tracing::Span, error: &Error) {
    span.record("otel.status_code", "ERROR");
    span.record("error.type", error_type(error));
}

/// OpenTelemetry's `error.type` of a failed call: a short, low-cardinality name.
fn error_type(error: &Error) -> &'static str {
    match error {
        Error::Api { .. } => "api_refused",
        Error::Http { .. } => "http_error",
        Error::Decode { .. } => "decode",
        Error::TooLarge { .. } => "too_large",
        Error::Timeout { .. } => "timeout",
        Error::Transport { .. } => "transport",
        Error::InvalidParameter { .. } => "invalid_parameter",
        Error::RateLimited { .. } => "rate_limited",
        _ => "other",
    }
}

/// Classifies a transport error, dropping its URL (a GET URL holds the key).
fn transport(call: Call, error: reqwest::Error, timeout: Duration) -> Error {
    let error = error.without_url();
    if error.is_timeout() {
        Error::Timeout {
            call,
            after: timeout,
        }
    } else {
        let kind = if error.is_connect() {
            TransportKind::Connect
        } else if error.is_body() || error.is_request() || error.is_decode() {
            TransportKind::Broken
        } else {
            TransportKind::Other
        };
        Error::Transport {
            call,
            kind,
            source: error,
        }
    }
}

/// Whether a response is worth another attempt: only for an endpoint that
/// changes nothing, whatever its HTTP method (a GET that writes, such as
/// `/server/generate_vnc_token`, is not sent twice).
fn retry_response(
    effect: Effect,
    received: &Received,
    policy: &RetryPolicy,
    attempt: u32,
) -> Option<Duration> {
    if effect != Effect::Read || !matches!(received.status, 429 | 502 | 503 | 504) {
        return None;
    }
    match received.retry_after {
        Some(wait) if wait > policy.max_retry_after => None,
        Some(wait) => Some(wait),
        None => Some(policy.backoff(attempt)),
    }
}

/// Whether a failure is worth another attempt: a connection never made
/// always (the request never left), any other only for an endpoint that
/// changes nothing.
fn retry_error(
    effect: Effect,
    error: &Error,
    policy: &RetryPolicy,
    attempt: u32,
) -> Option<Duration> {
    let retry = match error {
        Error::Transport {
            kind: TransportKind::Connect,
            ..
        } => true,
        Error::Transport { .. } | Error::Timeout { .. } => effect == Effect::Read,
        _ => false,
    };
    retry.then(|| policy.backoff(attempt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_endpoints_that_change_nothing_are_retried_after_a_response() {
        let policy = RetryPolicy::default();
        let received = Received {
            status: 503,
            body: Bytes::new(),
            retry_after: None,
        };
        assert!(retry_response(Effect::Write, &received, &policy, 1).is_none());
        assert!(retry_response(Effect::Destructive, &received, &policy, 1).is_none());
        assert!(retry_response(Effect::Read, &received, &policy, 1).is_some());
        let long = Received {
            status: 429,
            body: Bytes::new(),
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert!(retry_response(Effect::Read, &long, &policy, 1).is_none());
    }

    #[test]
    fn a_timeout_is_retried_only_for_reads() {
        let policy = RetryPolicy::default();
        let call = Call {
            method: Method::Get,
            version: "1.0",
            path: "/server/generate_vnc_token",
        };
        let timeout = Error::Timeout {
            call,
            after: Duration::from_secs(1),
        };
        assert!(retry_error(Effect::Write, &timeout, &policy, 1).is_none());
        assert!(retry_error(Effect::Read, &timeout, &policy, 1).is_some());
    }
}
