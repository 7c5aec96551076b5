//! Building clients: the builder, its checks, and templates that make a
//! client per key.

use super::{Client, Common, Config, DEFAULT_BASE_URL, USER_AGENT};
use crate::ApiKey;
use crate::WaitOptions;
use crate::error::Error;
use crate::hooks::{CallEvent, Hooks};
use crate::pace::RequestRate;
use crate::retry::RetryPolicy;
use std::sync::Arc;
use std::time::Duration;

/// Builds a [`Client`]. Only the API key is required.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    key: Option<ApiKey>,
    /// Whether the settings came from the environment, for the sentence
    /// that says a key is missing.
    from_env: bool,
    client_id: Option<i64>,
    base_url: String,
    allow_insecure_http: bool,
    http: Option<reqwest::Client>,
    user_agent: String,
    config: Config,
    hooks: Hooks,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            key: None,
            from_env: false,
            client_id: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            allow_insecure_http: false,
            http: None,
            user_agent: USER_AGENT.to_owned(),
            config: Config::default(),
            hooks: Hooks::default(),
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

    /// Your client ID, for requests that take `client_id`; without it, the
    /// client learns it from the key when first needed (see
    /// [`Client::resolve_client_id`]).
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
    /// One call can have another with [`Client::with_timeout`].
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

    /// When to retry; see [`RetryPolicy`]. One call can have another with
    /// [`Client::with_retry`].
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

    /// Sends at most `rate` requests a second (retries and job polls
    /// included), evenly spaced, across every clone of the client: keeps
    /// paged walks and long loops under the API's rate limit, whose number
    /// no source gives. A number (`0` removes the limit; set it a little
    /// under a limit you know, since the network can bring requests closer
    /// together than they were sent), or [`RequestRate::Adaptive`]: no limit
    /// until the API refuses a call for its rate, then a pace that falls at
    /// each refusal and climbs back slowly while calls succeed.
    #[must_use]
    pub fn max_requests_per_second(mut self, rate: impl Into<RequestRate>) -> Self {
        self.config.max_requests_per_second = rate.into();
        self
    }

    /// Calls `hook` after every attempt of every call (retries and job polls
    /// included) with a [`CallEvent`]: the endpoint, the attempt, what came of
    /// it and how long it took, never the key or a parameter's value. For an
    /// audit log or metrics; several hooks are called in the order set. The
    /// hook runs on the task making the call: keep it short.
    #[must_use]
    pub fn on_call(mut self, hook: impl Fn(&CallEvent) + Send + Sync + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a missing or malformed key, a bad base URL, a zero
    /// timeout or retry count, or an HTTP client that cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let key = match self.key.clone() {
            Some(key) => key,
            None if self.from_env => {
                return Err(Error::Config("SH_API_KEY is not set".to_owned()));
            }
            None => return Err(Error::Config("no API key: call `api_key`".to_owned())),
        };
        if let Some(problem) = key.problem() {
            return Err(Error::Config(problem.to_owned()));
        }
        let template = self.build_template()?;
        Ok(Client::from_parts(
            template.common,
            template.config,
            key,
            template.client_id,
        ))
    }

    /// Checks the settings and builds everything a client is but its key:
    /// one connection pool, the settings and the hooks, for a server that
    /// makes a client per caller's key ([`ClientTemplate::client`]). A key
    /// given to the builder is not kept.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), but for the key.
    pub fn build_template(self) -> Result<ClientTemplate, Error> {
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
        let (http, built_timeout) = match self.http {
            Some(http) => (http, None),
            None => (
                http_client(&self.user_agent, &config)?,
                Some(config.timeout),
            ),
        };
        Ok(ClientTemplate {
            common: Arc::new(Common {
                http,
                built_timeout,
                base_url,
                urls: super::urls::Urls::default(),
                hooks: self.hooks,
            }),
            config: Arc::new(config),
            client_id: self.client_id,
        })
    }

    /// The builder of [`Client::builder_from_env`].
    pub(super) fn from_env() -> Result<ClientBuilder, Error> {
        let var = |name: &str| match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => Ok(Some(value.trim().to_owned())),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(Error::Config(format!("{name} is not valid UTF-8")))
            }
        };
        let mut builder = Client::builder();
        builder.from_env = true;
        if let Some(key) = var("SH_API_KEY")? {
            builder = builder.api_key(key);
        }
        if let Some(id) = var("SH_CLIENT_ID")? {
            let id = id.parse().map_err(|_| {
                Error::Config(format!("SH_CLIENT_ID must be an integer, not {id:?}"))
            })?;
            builder = builder.client_id(id);
        }
        if let Some(url) = var("SH_API_URL")? {
            builder = builder.base_url(url);
        }
        if let Some(rate) = var("SH_MAX_RPS")? {
            let rate: RequestRate = rate
                .parse()
                .map_err(|why| Error::Config(format!("SH_MAX_RPS: {why}")))?;
            builder = builder.max_requests_per_second(rate);
        }
        Ok(builder)
    }
}

fn http_client(user_agent: &str, config: &Config) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {}", e.without_url())))
}

/// Everything a [`Client`] is but its key: makes a client per key, all of
/// them sharing one connection pool, the settings and the hooks, each with
/// its own pace (the API's rate limit is per key) and its own learned client
/// ID. From [`ClientBuilder::build_template`].
#[derive(Clone)]
pub struct ClientTemplate {
    common: Arc<Common>,
    config: Arc<Config>,
    client_id: Option<i64>,
}

impl ClientTemplate {
    /// A client for `key`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a malformed key.
    pub fn client(&self, key: impl Into<ApiKey>) -> Result<Client, Error> {
        let key = key.into();
        if let Some(problem) = key.problem() {
            return Err(Error::Config(problem.to_owned()));
        }
        Ok(Client::from_parts(
            Arc::clone(&self.common),
            Arc::clone(&self.config),
            key,
            self.client_id,
        ))
    }

    /// The base URL its clients send to.
    pub fn base_url(&self) -> &str {
        &self.common.base_url
    }

    /// Its clients' settings.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl std::fmt::Debug for ClientTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientTemplate")
            .field("base_url", &self.common.base_url)
            .field("client_id", &self.client_id)
            .field("config", &self.config)
            .finish_non_exhaustive()
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
}
