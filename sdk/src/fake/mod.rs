//! A fake SiteHost API on 127.0.0.1, for tests (feature `fake`).
//!
//! It serves every endpoint of the spec and checks each request the way the
//! real API does: the versioned path, the method, `apikey` first and correct,
//! the documented parameter order, required parameters present, integers that
//! are integers, lists in their documented encoding. A request that fails a
//! check gets `status: false` with a `msg` saying why, as the real API answers.
//! Every request is recorded for assertions.
//!
//! It keeps the resources the spec declares ([`crate::resources`]): a create
//! stores an object made from the request, a get or list returns what is
//! stored (filtered, sorted and paged as the request says), an update changes
//! it, a delete removes it, and a call naming one it does not hold is refused.
//! A call that starts a job makes its change when `/job/get` first reports
//! the job completed; a job made to fail changes nothing. It starts holding
//! the spec's examples, or a seed ([`FakeApiBuilder::seed_file`]);
//! [`FakeApi::state`] shows what it holds.
//!
//! It serves one account, or several ([`FakeApiBuilder::accounts`]): each
//! key its own client ID, objects and jobs, a request seeing and changing
//! only its key's account's, as the API keeps accounts apart. In chaos mode
//! ([`FakeApiBuilder::faults`]) a share of the requests meet a [`Fault`]
//! (a refusal, the rate limit, a connection reset before or after the API
//! acted, a failed job), drawn reproducibly from a seed.
//!
//! Endpoints of no declared resource answer with the response example of the
//! spec, or, where the reference shows none, with data in the shape the spec
//! types `return` with (lists of two items, a field named like a parameter
//! holding the request's value). Jobs are reported as pending for a number
//! of polls and then as completed (or failed, on request).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
//! use sitehost::fake::FakeApi;
//!
//! let fake = FakeApi::start().await?;
//! let client = fake.client();
//! let job = client
//!     .cloud_stack_ssl_lets_encrypt_renew(&Renew::new(1, "ch-server", "stack"))
//!     .await?;
//! client.wait_for_job(&job).await?;
//!
//! let sent = &fake.requests()[0];
//! assert_eq!(sent.names(), ["apikey", "client_id", "server", "name"]);
//! # Ok(())
//! # }
//! ```

use crate::client::{Client, ClientBuilder};
mod accounts;
mod answer;
mod builder;
mod chaos;
mod check;
mod conn;
mod fields;
mod jobs;
mod objects;
mod recorded;
mod rules;
mod seed;
mod store;
mod synth;

pub use builder::FakeApiBuilder;
pub use chaos::{FAULT_JOB_MSG, FAULT_REFUSAL_MSG, Fault, FaultCounts};
pub use check::check;
pub use recorded::RecordedRequest;
pub use rules::{On, RATE_LIMIT_MSG};
pub use synth::conforms;

use crate::retry::RetryPolicy;
use crate::{Endpoint, Method, WaitOptions};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::oneshot;

/// The key the fake accepts unless told otherwise: the first account's.
pub const FAKE_API_KEY: &str = "fake-api-key";

/// How many items a page of a paged list holds when the request does not say.
pub const FAKE_PAGE_SIZE: i64 = 10;

/// The largest request body the fake reads.
const MAX_BODY: usize = 1 << 20;

/// A running fake API. Stops when dropped.
pub struct FakeApi {
    addr: SocketAddr,
    /// Each account's key and client ID, the first account's first.
    keys: Vec<(String, i64)>,
    state: Arc<Mutex<State>>,
    shutdown: Option<oneshot::Sender<()>>,
}

struct State {
    endpoints: Vec<&'static Endpoint>,
    /// Never empty.
    accounts: Vec<accounts::Account>,
    /// The rate limit of requests whose key is no account's.
    strangers: rules::Limit,
    requests: Vec<RecordedRequest>,
    next_job: i64,
    job_polls: u32,
    fail_next: Option<String>,
    list_items: Option<i64>,
    rules: Vec<rules::Rule>,
    chaos: chaos::Chaos,
}

impl FakeApi {
    /// Starts a fake serving every endpoint of the spec, accepting [`FAKE_API_KEY`].
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    pub async fn start() -> std::io::Result<FakeApi> {
        FakeApi::builder().start().await
    }

    /// A builder serving the whole spec to one account with the default
    /// key, one unfinished poll per job, and no faults.
    pub fn builder() -> FakeApiBuilder {
        FakeApiBuilder {
            endpoints: crate::api::ENDPOINTS.to_vec(),
            key: FAKE_API_KEY.to_owned(),
            accounts: 1,
            job_polls: 1,
            list_items: None,
            seeds: Vec::new(),
            rate_limit: None,
            fault_rate: 0.0,
            fault_seed: 0,
            fault_kinds: Fault::ALL.to_vec(),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The key of the first account.
    pub fn api_key(&self) -> &str {
        &self.keys[0].0
    }

    /// The key of every account ([`FakeApiBuilder::accounts`]), the first
    /// account's ([`api_key`](Self::api_key)) first.
    pub fn api_keys(&self) -> Vec<String> {
        self.keys.iter().map(|(key, _)| key.clone()).collect()
    }

    /// The client ID of the account whose key is `key`; `None` for a key
    /// the fake does not accept.
    pub fn client_id_of(&self, key: &str) -> Option<i64> {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, client_id)| *client_id)
    }

    /// A client builder pointed at the fake, with the first account's key
    /// and client ID (1), and job waits that poll every few milliseconds.
    pub fn client_builder(&self) -> ClientBuilder {
        self.client_builder_for(self.api_key())
    }

    /// Like [`client_builder`](Self::client_builder), with `key` and its
    /// account's client ID. A key the fake does not accept gets client ID
    /// 0, and its calls are refused as the API refuses a wrong key.
    pub fn client_builder_for(&self, key: &str) -> ClientBuilder {
        Client::builder()
            .api_key(key)
            .client_id(self.client_id_of(key).unwrap_or(0))
            .base_url(self.base_url())
            .retry(RetryPolicy {
                first_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(50),
                ..RetryPolicy::default()
            })
            .job_wait(
                WaitOptions::default()
                    .with_first_delay(Duration::from_millis(5))
                    .with_max_delay(Duration::from_millis(50))
                    .with_timeout(Duration::from_secs(10)),
            )
    }

    /// A client for the fake's first account; see [`FakeApi::client_builder`].
    pub fn client(&self) -> Client {
        self.client_for(self.api_key())
    }

    /// A client for the account whose key is `key`; see
    /// [`FakeApi::client_builder_for`]. A key no client can send (empty, or
    /// with white space) gives a client with a key the fake refuses.
    ///
    /// # Panics
    ///
    /// Never: the builder's other settings are always valid.
    pub fn client_for(&self, key: &str) -> Client {
        let usable = crate::ApiKey::new(key).problem().is_none();
        let builder = self.client_builder_for(key);
        let builder = if usable {
            builder
        } else {
            builder.api_key("-")
        };
        match builder.build() {
            Ok(client) => client,
            Err(e) => unreachable!("the fake's client settings are valid: {e}"),
        }
    }

    /// Every request received so far, oldest first, of every account.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Takes the requests received so far, leaving none.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut self.lock().requests)
    }

    /// Everything the first account holds, by resource name
    /// (`dns_record`), each resource's objects in the order they were
    /// made, as the API would return them.
    pub fn state(&self) -> BTreeMap<String, Vec<Value>> {
        self.lock().accounts[0].store.snapshot()
    }

    /// The objects of one resource the first account holds (none for a
    /// name the fake does not know).
    pub fn resource(&self, name: &str) -> Vec<Value> {
        self.lock().accounts[0].store.objects(name)
    }

    /// Like [`state`](Self::state), for the account whose key is `key`
    /// (nothing for a key the fake does not accept).
    pub fn state_of(&self, key: &str) -> BTreeMap<String, Vec<Value>> {
        let state = self.lock();
        state
            .accounts
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.store.snapshot())
            .unwrap_or_default()
    }

    /// Like [`resource`](Self::resource), for the account whose key is
    /// `key` (none for a key the fake does not accept).
    pub fn resource_of(&self, key: &str, name: &str) -> Vec<Value> {
        let state = self.lock();
        state
            .accounts
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.store.objects(name))
            .unwrap_or_default()
    }

    /// Makes the next job started (by any account) fail with `message`;
    /// the change it was to make is not made.
    pub fn fail_next_job(&self, message: impl Into<String>) {
        self.lock().fail_next = Some(message.into());
    }

    /// How many polls see jobs started from now on unfinished; `u32::MAX`
    /// makes them never finish.
    pub fn set_job_polls(&self, polls: u32) {
        self.lock().job_polls = polls;
    }

    /// How many faults of each kind the chaos mode
    /// ([`FakeApiBuilder::faults`]) has served so far.
    pub fn faults_served(&self) -> FaultCounts {
        self.lock().chaos.counts()
    }

    /// Changes the rate of faults ([`FakeApiBuilder::faults`]) for the
    /// requests from now on (0 ends them); they are still drawn from the
    /// seed's sequence, where it is.
    ///
    /// # Errors
    ///
    /// [`std::io::ErrorKind::InvalidInput`] for a rate outside 0 to 1; the
    /// rate is then left as it was.
    pub fn set_faults(&self, rate: f64) -> std::io::Result<()> {
        let rate = chaos::check_rate(rate)?;
        self.lock().chaos.set_rate(rate);
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl fmt::Debug for FakeApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeApi")
            .field("addr", &self.addr)
            .field("accounts", &self.keys.len())
            .finish_non_exhaustive()
    }
}

type Reply = hyper::Response<Full<Bytes>>;

fn reply(http_status: u16, body: Value) -> Reply {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        hyper::StatusCode::from_u16(http_status).unwrap_or(hyper::StatusCode::OK);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn refusal(msg: &str) -> Value {
    json!({"return": null, "msg": msg, "status": false})
}

async fn handle(
    state: Arc<Mutex<State>>,
    resetter: conn::Resetter,
    request: hyper::Request<Incoming>,
) -> Result<Reply, std::io::Error> {
    let received = std::time::Instant::now();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let content_type = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).into_owned(),
        Err(_) => return Ok(reply(413, refusal("Request body too large."))),
    };
    let fields: Vec<(String, String)> = {
        let source = if method == "GET" {
            query.as_deref().unwrap_or("")
        } else {
            body.as_str()
        };
        form_urlencoded::parse(source.as_bytes())
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    };

    let mut state = lock(&state);
    let answer = answer::answer(
        &mut state,
        &method,
        &path,
        query.as_deref(),
        content_type.as_deref(),
        &fields,
    );
    let refused = match &answer.reply {
        Some((_, body)) if body.get("status") == Some(&Value::Bool(false)) => {
            body.get("msg").and_then(Value::as_str).map(str::to_owned)
        }
        _ => None,
    };
    state.requests.push(RecordedRequest {
        method,
        path,
        query,
        content_type,
        body,
        fields,
        refused,
        fault: answer.fault,
        received,
    });
    drop(state);
    match answer.reply {
        Some((http_status, body)) => Ok(reply(http_status, body)),
        None => {
            // No response: the connection goes, with a reset.
            resetter.reset();
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "the fake reset the connection",
            ))
        }
    }
}

/// The endpoint a request's method and path name, or the answer refusing
/// it: the path must be `/<version>/<path>.json` at the endpoint's version,
/// with the endpoint's method.
fn route(
    endpoints: &[&'static Endpoint],
    method: &str,
    path: &str,
) -> Result<&'static Endpoint, (u16, Value)> {
    let Some((version, api_path)) = split_path(path) else {
        return Err((
            404,
            refusal("Not found: URLs look like /<version>/<path>.json."),
        ));
    };
    let Some(endpoint) = endpoints.iter().copied().find(|e| e.path == api_path) else {
        return Err((404, refusal(&format!("Unknown endpoint {api_path}."))));
    };
    if endpoint.version != version {
        let msg = format!(
            "{api_path} is served at version {}, not {version}.",
            endpoint.version
        );
        return Err((404, refusal(&msg)));
    }
    if method != endpoint.method.as_str() {
        let msg = format!("{api_path} takes {}, not {method}.", endpoint.method);
        return Err((405, refusal(&msg)));
    }
    Ok(endpoint)
}

/// A POST carries its parameters in a form body, none in its URL.
fn transport(
    endpoint: &Endpoint,
    query: Option<&str>,
    content_type: Option<&str>,
) -> Result<(), &'static str> {
    if endpoint.method != Method::Post {
        return Ok(());
    }
    if query.is_some_and(|q| !q.is_empty()) {
        return Err("POST parameters belong in the body, not the URL.");
    }
    let form = content_type.is_some_and(|c| {
        c.split(';')
            .next()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(crate::CONTENT_TYPE))
    });
    if form {
        Ok(())
    } else {
        Err("POST bodies must be application/x-www-form-urlencoded for this fake.")
    }
}

/// The answer to a request of account `at` that passed its checks: a
/// declared resource's read answers with what is held and its change is
/// checked now and made now, or when its job completes; anything else
/// answers with the spec's example or data in the response's shape.
fn respond(
    state: &mut State,
    at: usize,
    endpoint: &Endpoint,
    request: &Map<String, Value>,
    failure: Option<String>,
) -> Value {
    let mut change = None;
    let mut new_id = None;
    if let Some(uses) = &endpoint.resource {
        let account = &mut state.accounts[at];
        let pending = account.jobs.values().filter_map(jobs::FakeJob::change);
        match account.store.call(endpoint, uses, request, pending) {
            store::Outcome::Read(value) => return success(value),
            store::Outcome::Refused(msg) => return refusal(&msg),
            store::Outcome::Change(made, id) => {
                change = Some(made);
                new_id = id.zip(uses.returns_id);
            }
        }
    }
    let mut answer = default_answer(state, endpoint, request);
    accounts::name_client(endpoint, state.accounts[at].client_id, &mut answer);
    if let Some((id, field)) = new_id {
        if !answer["return"].is_object() {
            answer["return"] = json!({});
        }
        answer["return"][field] = id;
    }
    if let Some(job_type) = endpoint.job {
        let id = jobs::start(state, at, job_type, change.take(), failure);
        jobs::set_reference(&mut answer, id, job_type);
    }
    if let Some(change) = change {
        state.accounts[at].store.apply(change);
    }
    answer
}

/// The answer of an endpoint of no declared resource: the spec's example,
/// or, where the reference shows no response, data in the shape the spec
/// types it with, or a plain success; a paged list's page as asked for.
fn default_answer(state: &State, endpoint: &Endpoint, request: &Map<String, Value>) -> Value {
    let mut answer = match (endpoint.example, endpoint.returns) {
        (Some(example), _) => serde_json::from_str(example).unwrap_or(Value::Null),
        (None, Some(returns)) => success(synth::synthesize(returns, request)),
        (None, None) => success(Value::Null),
    };
    page(state, endpoint, &mut answer, request);
    answer
}

fn success(value: Value) -> Value {
    json!({"return": value, "msg": "Successful.", "status": true})
}

/// `/1.3/job/get.json` into `("1.3", "/job/get")`.
fn split_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (version, _) = rest.split_once('/')?;
    let api_path = rest[version.len()..].strip_suffix(".json")?;
    Some((version, api_path))
}

/// One page of a paged list, made of the example's items repeated.
fn page(state: &State, endpoint: &Endpoint, example: &mut Value, request: &Map<String, Value>) {
    let Some(paging) = endpoint.paging else {
        return;
    };
    let Some(page) = example.get_mut("return").and_then(Value::as_object_mut) else {
        return;
    };
    let items: Vec<Value> = page
        .get("data")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = state
        .list_items
        .map_or(items.len(), |n| usize::try_from(n).unwrap_or(0));
    let window = fields::window(paging, request, total);
    let data: Vec<Value> = if items.is_empty() {
        Vec::new()
    } else {
        window
            .items
            .clone()
            .map(|i| items[i % items.len()].clone())
            .collect()
    };
    page.extend(fields::page_fields(
        total,
        window.number,
        window.pages,
        data,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths() {
        assert_eq!(split_path("/1.3/job/get.json"), Some(("1.3", "/job/get")));
        assert_eq!(split_path("/1.3/job/get"), None);
        assert_eq!(split_path("/"), None);
    }
}
