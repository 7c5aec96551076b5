//! The client: configuration in one place, and the one generic path that
//! sends every request.

mod builder;
mod exchange;
mod urls;

pub use builder::{ClientBuilder, ClientTemplate};

use crate::ApiKey;
use crate::error::Error;
use crate::form;
use crate::hooks::Hooks;
use crate::pace::{Pace, RequestRate};
use crate::retry::RetryPolicy;
use crate::{Endpoint, Request, StartsJob};
use crate::{Job, WaitOptions};
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

/// A SiteHost API client. Cheap to clone (clones share one connection pool,
/// one request pace, the hooks and the learned client ID), `Send` and `Sync`.
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
/// [`with_timeout`](Client::with_timeout) and
/// [`with_retry`](Client::with_retry) give a client for some calls with
/// other settings, sharing everything else.
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
    /// The settings of this client's calls; a `with_*` client has its own.
    config: Arc<Config>,
}

/// What one key's clients share.
struct Inner {
    common: Arc<Common>,
    key: ApiKey,
    /// The client ID given to the builder.
    client_id: Option<i64>,
    /// The client ID learned from `/api/get_info`, when none was given.
    learned_client_id: tokio::sync::OnceCell<i64>,
    /// When the next request may go, with a client-side limit.
    pace: Option<Pace>,
}

/// What every client of one builder or template shares, whatever its key.
pub(crate) struct Common {
    pub(crate) http: reqwest::Client,
    /// The whole-call timeout built into `http`; `None` when `http` came from
    /// the caller, so lacks ours.
    pub(crate) built_timeout: Option<Duration>,
    pub(crate) base_url: String,
    /// The endpoints' URLs under `base_url`, parsed once.
    pub(crate) urls: urls::Urls,
    pub(crate) hooks: Hooks,
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
    /// spreading them evenly: none of its own, a fixed number, or adaptive.
    pub max_requests_per_second: RequestRate,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            job_wait: WaitOptions::default(),
            max_requests_per_second: RequestRate::Unlimited,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.common.base_url)
            .field("api_key", &self.inner.key)
            .field("client_id", &self.client_id())
            .field("config", &self.config)
            .field("hooks", &self.inner.common.hooks)
            .finish_non_exhaustive()
    }
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
    /// `SH_API_KEY` (required), `SH_CLIENT_ID` (optional: learned from the
    /// key when needed), `SH_API_URL` (optional; [`DEFAULT_BASE_URL`]
    /// otherwise) and `SH_MAX_RPS` (optional: a number, or `auto`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `SH_API_KEY` is missing, `SH_CLIENT_ID` is not an
    /// integer, or the settings are otherwise unusable.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from_env()?.build()
    }

    /// A builder filled from the environment (see [`Client::from_env`]), to
    /// adjust before building. `SH_API_KEY` may be unset here (a server that
    /// takes each caller's key builds a [`ClientTemplate`] from it); building
    /// a client without a key then says that it is not set.
    ///
    /// # Errors
    ///
    /// As [`Client::from_env`], for the variables themselves.
    pub fn builder_from_env() -> Result<ClientBuilder, Error> {
        ClientBuilder::from_env()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.common.base_url
    }

    /// The client ID given to the builder or in `SH_CLIENT_ID`, or the one
    /// learned from the key, once [`resolve_client_id`](Client::resolve_client_id)
    /// has learned it.
    pub fn client_id(&self) -> Option<i64> {
        self.inner
            .client_id
            .or_else(|| self.inner.learned_client_id.get().copied())
    }

    /// The client ID: the one configured, or else the key's own, learned
    /// from `/api/get_info` the first time it is needed and kept (by every
    /// clone, and by the clients of [`with_timeout`](Client::with_timeout)
    /// and the like). Calls made at once before it is known make one request
    /// between them. A configured ID is never replaced.
    ///
    /// # Errors
    ///
    /// [`Error::ClientIdUnknown`] when the API cannot say; the next call asks
    /// again.
    pub async fn resolve_client_id(&self) -> Result<i64, Error> {
        if let Some(id) = self.inner.client_id {
            return Ok(id);
        }
        self.inner
            .learned_client_id
            .get_or_try_init(|| self.learn_client_id())
            .await
            .copied()
    }

    /// Fills in the endpoint's account parameter (the one of role
    /// [`Role::ClientId`](crate::Role::ClientId)) where a request given as
    /// JSON ([`send_value`](Client::send_value)) leaves it out or null: the
    /// configured ID, or, with `learn`, the key's own
    /// ([`resolve_client_id`](Client::resolve_client_id)); without `learn`
    /// nothing is sent, and only a configured ID is filled in. The one place
    /// the command line, the MCP server and desired state fill it in.
    ///
    /// # Errors
    ///
    /// [`Error::ClientIdUnknown`] when it is needed and cannot be learned.
    pub async fn fill_client_id(
        &self,
        endpoint: &Endpoint,
        request: &mut serde_json::Map<String, serde_json::Value>,
        learn: bool,
    ) -> Result<(), Error> {
        let Some(param) = endpoint.param_with(crate::Role::ClientId) else {
            return Ok(());
        };
        if !matches!(
            request.get(param.name),
            None | Some(serde_json::Value::Null)
        ) {
            return Ok(());
        }
        let id = if learn {
            Some(self.resolve_client_id().await?)
        } else {
            self.client_id()
        };
        if let Some(id) = id {
            request.insert(param.name.to_owned(), serde_json::Value::from(id));
        }
        Ok(())
    }

    async fn learn_client_id(&self) -> Result<i64, Error> {
        let unknown = |source: Error| Error::ClientIdUnknown {
            source: Box::new(source),
        };
        // Any client ID will do: the key alone names the account.
        let info = self
            .send(&crate::api::api::GetInfo::new(0))
            .await
            .map_err(unknown)?;
        let text = info.client_id.trim();
        match text.parse::<i64>() {
            Ok(id) if id > 0 => Ok(id),
            _ => Err(unknown(Error::Decode {
                call: <crate::api::api::GetInfo as Request>::ENDPOINT.call(),
                http_status: 200,
                reason: "`client_id` is not a positive whole number".to_owned(),
                snippet: crate::error::bounded(text, crate::error::SNIPPET_BYTES),
            })),
        }
    }

    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// This client with another whole-call timeout, for the calls made
    /// through it: everything else (connections, pace, hooks, the client ID)
    /// is shared with `self`. A long `server/provision`, say, with a longer
    /// timeout than the rest.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        self.with_config(|config| config.timeout = timeout)
    }

    /// This client with another retry policy, for the calls made through it
    /// (`RetryPolicy::never()` for a call that must be sent once); everything
    /// else is shared with `self`. A policy of zero attempts makes one.
    #[must_use]
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        self.with_config(|config| {
            config.retry = policy;
            config.retry.max_attempts = policy.max_attempts.max(1);
        })
    }

    /// This client with other job-wait settings; everything else is shared.
    #[must_use]
    pub fn with_job_wait(&self, options: WaitOptions) -> Client {
        self.with_config(|config| config.job_wait = options)
    }

    fn with_config(&self, change: impl FnOnce(&mut Config)) -> Client {
        let mut config = Config::clone(&self.config);
        change(&mut config);
        Client {
            inner: Arc::clone(&self.inner),
            config: Arc::new(config),
        }
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
        let mut form = String::with_capacity(128);
        form::encode_form(&self.inner.key, request, &mut form)?;
        let span = crate::hooks::call_span(endpoint);
        let received = self.exchange(&span, endpoint, form).await;
        self.finish(&span, endpoint, received)
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
    /// See [`Error`]; a response that names no job is an [`Error::Decode`].
    pub async fn start_returning<R: StartsJob>(
        &self,
        request: &R,
    ) -> Result<crate::Started<R::Output>, Error> {
        let reference = self.send(request).await?;
        let job = crate::jobs::job_of(R::ENDPOINT, &reference)?;
        Ok(crate::Started::new(job, reference))
    }

    /// The key, for the modules that encode forms.
    pub(crate) fn key(&self) -> &ApiKey {
        &self.inner.key
    }

    pub(crate) fn common(&self) -> &Common {
        &self.inner.common
    }

    pub(crate) fn pace(&self) -> Option<&Pace> {
        self.inner.pace.as_ref()
    }

    /// The pace's current limit in requests a second: `None` without a
    /// limit, or while an adaptive pace has not yet been refused.
    pub fn current_rate_limit(&self) -> Option<f64> {
        self.inner.pace.as_ref().and_then(Pace::current)
    }

    /// The URL of an endpoint: the base URL and the call's
    /// [`url_path`](crate::Call::url_path).
    pub(crate) fn url(&self, endpoint: &Endpoint) -> String {
        urls::text(&self.inner.common.base_url, endpoint)
    }

    fn from_parts(
        common: Arc<Common>,
        config: Arc<Config>,
        key: ApiKey,
        client_id: Option<i64>,
    ) -> Client {
        let pace = Pace::for_rate(config.max_requests_per_second);
        Client {
            inner: Arc::new(Inner {
                common,
                key,
                client_id,
                learned_client_id: tokio::sync::OnceCell::new(),
                pace,
            }),
            config,
        }
    }
}
