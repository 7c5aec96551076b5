//! The client: configuration in one place, and the one generic path that
//! sends every request.

use crate::ApiKey;
use crate::envelope;
use crate::error::{Error, TransportKind};
use crate::form;
use crate::retry::{self, RetryPolicy};
use crate::{Call, Endpoint, Method, Request, StartsJob};
use crate::{Job, JobReference, WaitOptions};
use bytes::Bytes;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.sitehost.nz";
/// SiteHost's staging API.
pub const STAGING_BASE_URL: &str = "https://api.staging.sitehost.nz";
/// Whole-call timeout unless configured: connect, send, and read the whole response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Connect timeout unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body accepted unless configured: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 << 20;
/// The `User-Agent` sent unless configured.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A SiteHost API client. Cheap to clone (clones share one connection pool
/// and one request pace), `Send` and `Sync`.
///
/// Each endpoint has a method (`client.dns_list_records(&request)`), and
/// [`send`](Client::send) sends any request. Every call is an `async` call:
/// `.await` the returned future, which sends nothing until awaited and is
/// `Send`, so it can be spawned on a multi-threaded runtime (the signatures
/// do not say so, since proving it for every endpoint would slow every build
/// of this crate). A call fails with an [`Error`]: the API's refusal
/// (`status: false`), a response that does not decode, a timeout, a rate
/// limit that outlasted the retries, or a transport failure.
///
/// ```no_run
/// # async fn example() -> Result<(), sitehost::Error> {
/// let client = sitehost::Client::from_env()?; // SH_API_KEY, SH_CLIENT_ID, SH_API_URL
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Whether `http` came from the caller, so lacks our timeout.
    http_is_callers: bool,
    base_url: String,
    key: ApiKey,
    client_id: Option<i64>,
    config: Config,
    /// When the next request may go, with a client-side limit.
    pace: Option<crate::pace::Pace>,
}

/// The client's settings for timeouts, retries, response size and job waits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// The longest a whole call may take, response body included.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// When failed calls are tried again.
    pub retry: RetryPolicy,
    /// The largest response body read; a larger one is an error.
    pub max_response_bytes: usize,
    /// How [`Client::wait_for_job`] polls.
    pub job_wait: WaitOptions,
    /// The most requests a second the client sends (every attempt counts),
    /// spreading them evenly; `None`: no limit of its own.
    pub max_requests_per_second: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            job_wait: WaitOptions::default(),
            max_requests_per_second: None,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.key)
            .field("client_id", &self.inner.client_id)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]. Only the API key is required.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    key: Option<ApiKey>,
    client_id: Option<i64>,
    base_url: String,
    allow_insecure_http: bool,
    http: Option<reqwest::Client>,
    user_agent: String,
    config: Config,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            key: None,
            client_id: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            allow_insecure_http: false,
            http: None,
            user_agent: USER_AGENT.to_owned(),
            config: Config::default(),
        }
    }
}

impl ClientBuilder {
    /// The API key (required).
    #[must_use]
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Your client ID, for requests that take `client_id`; see [`Client::client_id`].
    #[must_use]
    pub fn client_id(mut self, client_id: i64) -> Self {
        self.client_id = Some(client_id);
        self
    }

    /// Where the API is; [`DEFAULT_BASE_URL`] unless set. A plain `http://`
    /// URL is refused unless its host is loopback or
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set, since the key
    /// would cross the network in clear text.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Allows a plain `http://` base URL on a host other than loopback.
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Uses your own `reqwest::Client` (for proxies, custom TLS roots and the
    /// like). The whole-call timeout still applies to every request; the
    /// connect timeout and user agent are then yours to set on it.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The whole-call timeout: connect, send and read the whole response.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The connect timeout.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// The `User-Agent`; [`USER_AGENT`] unless set.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When to retry; see [`RetryPolicy`].
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// The largest response body accepted; a larger one ends the call with
    /// [`Error::TooLarge`] without reading the rest.
    #[must_use]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// How [`Client::wait_for_job`] polls.
    #[must_use]
    pub fn job_wait(mut self, options: WaitOptions) -> Self {
        self.config.job_wait = options;
        self
    }

    /// Sends at most `limit` requests a second (retries and job polls
    /// included), evenly spaced, across every clone of the client: keeps
    /// paged walks and long loops under the API's rate limit, whose number
    /// no source gives (set it a little under a limit you know: the network
    /// can bring requests closer together than they were sent). `0` removes
    /// the limit.
    #[must_use]
    pub fn max_requests_per_second(mut self, limit: u32) -> Self {
        self.config.max_requests_per_second = (limit > 0).then_some(limit);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a missing or malformed key, a bad base URL, a zero
    /// timeout or retry count, or an HTTP client that cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let key = self
            .key
            .ok_or_else(|| Error::Config("no API key: call `api_key`".to_owned()))?;
        if let Some(problem) = key.problem() {
            return Err(Error::Config(problem.to_owned()));
        }
        let base_url = check_base_url(&self.base_url, self.allow_insecure_http)?;
        let config = self.config;
        if config.timeout.is_zero() || config.connect_timeout.is_zero() {
            return Err(Error::Config(
                "timeouts must be longer than zero".to_owned(),
            ));
        }
        if config.retry.max_attempts == 0 {
            return Err(Error::Config(
                "retry.max_attempts must be at least 1 (1 turns retries off)".to_owned(),
            ));
        }
        let http_is_callers = self.http.is_some();
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .connect_timeout(config.connect_timeout)
                .timeout(config.timeout)
                .build()
                .map_err(|e| {
                    Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                })?,
        };
        let pace = config.max_requests_per_second.map(crate::pace::Pace::new);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                http_is_callers,
                base_url,
                key,
                client_id: self.client_id,
                config,
                pace,
            }),
        })
    }
}

fn check_base_url(url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let bad = |why: &str| Err(Error::Config(format!("base URL {url:?} {why}")));
    let parsed = match reqwest::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => return bad(&format!("is not a URL: {e}")),
    };
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return bad("must not have a query or fragment");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return bad("must not hold credentials");
    }
    let Some(host) = parsed.host_str() else {
        return bad("has no host");
    };
    match parsed.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(host) => {}
        "http" => {
            return bad(
                "is plain http on a host that is not loopback; the API key would cross the \
                 network in clear text (use https, or allow_insecure_http(true) if you mean it)",
            );
        }
        other => return bad(&format!("has scheme {other:?}; use https")),
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A response as read from the wire.
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
    retry_after: Option<Duration>,
}

impl Client {
    /// A client for the production API with default settings.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a malformed key.
    pub fn new(api_key: impl Into<ApiKey>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A builder with the default settings and no key yet.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment, as SiteHost's own tools are:
    /// `SH_API_KEY` (required), `SH_CLIENT_ID` (optional) and `SH_API_URL`
    /// (optional; [`DEFAULT_BASE_URL`] otherwise).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `SH_API_KEY` is missing, `SH_CLIENT_ID` is not an
    /// integer, or the settings are otherwise unusable. `SH_MAX_RPS`, where
    /// set, is [`ClientBuilder::max_requests_per_second`].
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from_env()?.build()
    }

    /// A builder filled from the environment (see [`Client::from_env`]), to
    /// adjust before building.
    ///
    /// # Errors
    ///
    /// As [`Client::from_env`], for the variables themselves.
    pub fn builder_from_env() -> Result<ClientBuilder, Error> {
        let var = |name: &str| match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => Ok(Some(value.trim().to_owned())),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(Error::Config(format!("{name} is not valid UTF-8")))
            }
        };
        let key =
            var("SH_API_KEY")?.ok_or_else(|| Error::Config("SH_API_KEY is not set".to_owned()))?;
        let mut builder = Client::builder().api_key(key);
        if let Some(id) = var("SH_CLIENT_ID")? {
            let id = id.parse().map_err(|_| {
                Error::Config(format!("SH_CLIENT_ID must be an integer, not {id:?}"))
            })?;
            builder = builder.client_id(id);
        }
        if let Some(url) = var("SH_API_URL")? {
            builder = builder.base_url(url);
        }
        if let Some(limit) = var("SH_MAX_RPS")? {
            let limit = limit.parse().map_err(|_| {
                Error::Config(format!(
                    "SH_MAX_RPS must be a whole number of requests a second, not {limit:?}"
                ))
            })?;
            builder = builder.max_requests_per_second(limit);
        }
        Ok(builder)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client ID given to the builder or in `SH_CLIENT_ID`.
    pub fn client_id(&self) -> Option<i64> {
        self.inner.client_id
    }

    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends any request and decodes its `return`.
    ///
    /// Each endpoint also has its own method (such as
    /// [`Client::cloud_stack_ssl_lets_encrypt_renew`]); this is the generic form.
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Output, Error> {
        let endpoint = R::ENDPOINT;
        let call = endpoint.call();
        let mut form = String::with_capacity(128);
        form::encode_form(&self.inner.key, request, &mut form)?;
        let received = self.execute(endpoint, form).await?;
        envelope::decode(call, received.status, &received.body, &self.inner.key)
    }

    /// Sends a request whose endpoint starts a job, and returns the [`Job`].
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn start<R: StartsJob>(&self, request: &R) -> Result<Job, Error> {
        self.start_returning(request)
            .await
            .map(|started| started.job)
    }

    /// Sends a request whose endpoint starts a job, and returns the [`Job`]
    /// with everything else `return` held (a new server's password, say).
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn start_returning<R: StartsJob>(
        &self,
        request: &R,
    ) -> Result<crate::Started<R::Output>, Error> {
        let reference = self.send(request).await?;
        let id = reference.job_id();
        if id <= 0 {
            // Decoded by the policy, a response without its job reads as
            // job 0, which no poll could follow.
            return Err(Error::Decode {
                call: R::ENDPOINT.call(),
                http_status: 200,
                reason: "the response names no job".to_owned(),
                snippet: String::new(),
            });
        }
        let job = Job {
            id,
            job_type: reference
                .job_type()
                .and_then(crate::JobType::parse)
                .unwrap_or(R::JOB_TYPE),
        };
        Ok(crate::Started::new(job, reference))
    }

    /// The key, for the modules that encode forms.
    pub(crate) fn key(&self) -> &ApiKey {
        &self.inner.key
    }

    pub(crate) fn url(&self, endpoint: &Endpoint) -> String {
        let base = &self.inner.base_url;
        let mut url =
            String::with_capacity(base.len() + endpoint.version.len() + endpoint.path.len() + 8);
        url.push_str(base);
        url.push('/');
        url.push_str(endpoint.version);
        url.push_str(endpoint.path);
        url.push_str(".json");
        url
    }

    /// Sends the encoded form, retrying as the policy allows.
    pub(crate) async fn execute(
        &self,
        endpoint: &'static Endpoint,
        form: String,
    ) -> Result<Received, Error> {
        let call = endpoint.call();
        let (url, mut body) = match endpoint.method {
            Method::Get => {
                let mut url = self.url(endpoint);
                url.push('?');
                url.push_str(&form);
                (url, None)
            }
            Method::Post => (self.url(endpoint), Some(Bytes::from(form))),
        };
        let policy = self.inner.config.retry;
        let mut attempt = 1;
        loop {
            if let Some(pace) = &self.inner.pace {
                pace.wait().await;
            }
            tracing::debug!(target: "sitehost", %call, attempt, "sending");
            // The last attempt the policy allows takes the body itself; one
            // before it sends a copy (a reference to the same bytes).
            let sent = if attempt >= policy.max_attempts {
                body.take()
            } else {
                body.clone()
            };
            let outcome = self.attempt(call, &url, sent).await;
            let limited = outcome
                .as_ref()
                .ok()
                .and_then(|r| envelope::rate_limited(r.status, &r.body, &self.inner.key));
            let pause = match (&outcome, &limited) {
                _ if attempt >= policy.max_attempts => None,
                // Refused for the rate: nothing was done, whatever the method.
                (Ok(_), Some(_)) => Some(policy.backoff(attempt)),
                (Ok(received), None) => retry_response(endpoint.method, received, &policy, attempt),
                (Err(error), _) => retry_error(endpoint.method, error, &policy, attempt),
            };
            match (&outcome, pause) {
                (_, None) => {
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
                }
                (Ok(received), Some(pause)) => {
                    tracing::debug!(target: "sitehost", %call, status = received.status, ?pause, "retrying");
                }
                (Err(error), Some(pause)) => {
                    tracing::debug!(target: "sitehost", %call, %error, ?pause, "retrying");
                }
            }
            tokio::time::sleep(pause.unwrap_or_default()).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, bounded by the whole-call timeout (reqwest's, which
    /// covers reading the body) and the size limit.
    async fn attempt(&self, call: Call, url: &str, body: Option<Bytes>) -> Result<Received, Error> {
        let config = &self.inner.config;
        let timeout = config.timeout;
        let mut request = match body {
            None => self.inner.http.get(url),
            Some(body) => self
                .inner
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, crate::CONTENT_TYPE)
                .body(body),
        };
        if self.inner.http_is_callers {
            // Our own client has the timeout built in; a caller's may not.
            request = request.timeout(timeout);
        }
        let limit = config.max_response_bytes;
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

fn retry_response(
    method: Method,
    received: &Received,
    policy: &RetryPolicy,
    attempt: u32,
) -> Option<Duration> {
    if method != Method::Get || !matches!(received.status, 429 | 502 | 503 | 504) {
        return None;
    }
    match received.retry_after {
        Some(wait) if wait > policy.max_retry_after => None,
        Some(wait) => Some(wait),
        None => Some(policy.backoff(attempt)),
    }
}

fn retry_error(
    method: Method,
    error: &Error,
    policy: &RetryPolicy,
    attempt: u32,
) -> Option<Duration> {
    let retry = match error {
        // The request never left: safe for every method.
        Error::Transport {
            kind: TransportKind::Connect,
            ..
        } => true,
        Error::Transport { .. } | Error::Timeout { .. } => method == Method::Get,
        _ => false,
    };
    retry.then(|| policy.backoff(attempt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(check_base_url("https://api.sitehost.nz/", false).is_ok());
        assert!(check_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_base_url("http://[::1]:8080", false).is_ok());
        assert!(check_base_url("http://localhost:1", false).is_ok());
        assert!(check_base_url("http://api.example.com", false).is_err());
        assert!(check_base_url("http://api.example.com", true).is_ok());
        assert!(check_base_url("ftp://x", true).is_err());
        assert!(check_base_url("https://x/?a=b", false).is_err());
        assert!(check_base_url("https://user:pw@x/", false).is_err());
        assert!(check_base_url("not a url", false).is_err());
    }

    #[test]
    fn posts_are_retried_only_when_never_sent() {
        let policy = RetryPolicy::default();
        let received = Received {
            status: 503,
            body: Bytes::new(),
            retry_after: None,
        };
        assert!(retry_response(Method::Post, &received, &policy, 1).is_none());
        assert!(retry_response(Method::Get, &received, &policy, 1).is_some());
        let long = Received {
            status: 429,
            body: Bytes::new(),
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert!(retry_response(Method::Get, &long, &policy, 1).is_none());
    }
}
