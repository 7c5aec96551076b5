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
mod check;
mod fields;
mod objects;
mod recorded;
mod rules;
mod seed;
mod store;
mod synth;

pub use check::check;
pub use recorded::RecordedRequest;
pub use rules::{On, RATE_LIMIT_MSG};
pub use synth::conforms;

use crate::retry::RetryPolicy;
use crate::{Endpoint, Method, PollJob, Request};
use crate::{JobType, WaitOptions};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The key the fake accepts unless told otherwise.
pub const FAKE_API_KEY: &str = "fake-api-key";

/// How many items a page of a paged list holds when the request does not say.
pub const FAKE_PAGE_SIZE: i64 = 10;

/// The largest request body the fake reads.
const MAX_BODY: usize = 1 << 20;

/// A running fake API. Stops when dropped.
pub struct FakeApi {
    addr: SocketAddr,
    key: String,
    state: Arc<Mutex<State>>,
    shutdown: Option<oneshot::Sender<()>>,
}

struct State {
    endpoints: Vec<&'static Endpoint>,
    key: String,
    requests: Vec<RecordedRequest>,
    jobs: HashMap<i64, FakeJob>,
    next_job: i64,
    job_polls: u32,
    fail_next: Option<String>,
    list_items: Option<i64>,
    store: store::Store,
    limit: rules::Limit,
    rules: Vec<rules::Rule>,
}

struct FakeJob {
    job_type: JobType,
    polls: u32,
    polls_to_finish: u32,
    failure: Option<String>,
    /// What the job changes when it completes.
    change: Option<store::Change>,
}

/// Sets up a [`FakeApi`].
#[derive(Debug, Clone)]
pub struct FakeApiBuilder {
    endpoints: Vec<&'static Endpoint>,
    key: String,
    job_polls: u32,
    list_items: Option<i64>,
    seeds: Vec<seed::Seed>,
    rate_limit: Option<u32>,
}

impl FakeApiBuilder {
    /// How many items each resource holds, and each paged list of an
    /// endpoint that lists no declared resource: copies of those seeded
    /// under new names and IDs. A page holds the request's page size, or
    /// [`FAKE_PAGE_SIZE`].
    #[must_use]
    pub fn list_items(mut self, items: i64) -> Self {
        self.list_items = Some(items.max(0));
        self
    }

    /// Starts holding the resources of a YAML file instead of the spec's
    /// examples: for each resource by name (`dns_zone`, `dns_record`,
    /// `stack`, … as in [`resources`](crate::resources)), a list of objects
    /// in the shape the API returns them in. Fields an object leaves out
    /// are filled in empty; its key fields must be there.
    ///
    /// ```yaml
    /// dns_zone:
    ///   - name: example.com
    /// dns_record:
    ///   - {domain: example.com, id: "1", type: A, name: www.example.com, content: 192.0.2.1}
    /// ```
    ///
    /// The file is read when the fake starts, which fails with
    /// [`std::io::ErrorKind::InvalidData`] and a message naming the file and
    /// the object when the file does not fit. May be given more than once.
    #[must_use]
    pub fn seed_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.seeds.push(seed::Seed::File(path.into()));
        self
    }

    /// Like [`seed_file`](Self::seed_file), from YAML (or JSON) text.
    #[must_use]
    pub fn seed_yaml(mut self, text: impl Into<String>) -> Self {
        self.seeds.push(seed::Seed::Text(text.into()));
        self
    }

    /// Starts holding these objects of resource `resource` (and any seeded
    /// otherwise) instead of the spec's examples.
    #[must_use]
    pub fn seed(mut self, resource: &str, objects: impl IntoIterator<Item = Value>) -> Self {
        self.seeds.push(seed::Seed::Objects(
            resource.to_owned(),
            objects.into_iter().collect(),
        ));
        self
    }

    /// Starts holding nothing: no examples, no seed.
    #[must_use]
    pub fn empty(mut self) -> Self {
        self.seeds.push(seed::Seed::Nothing);
        self
    }

    /// Serves these endpoints instead of the whole spec.
    #[must_use]
    pub fn endpoints(mut self, endpoints: &[&'static Endpoint]) -> Self {
        self.endpoints = endpoints.to_vec();
        self
    }

    /// Serves these endpoints too: those a crate of your own generated with
    /// `sitehost_codegen::Extension` (its `api::ENDPOINTS`). A path already
    /// served keeps its endpoint.
    #[must_use]
    pub fn extra_endpoints(mut self, endpoints: &[&'static Endpoint]) -> Self {
        for endpoint in endpoints {
            if !self.endpoints.iter().any(|e| e.path == endpoint.path) {
                self.endpoints.push(endpoint);
            }
        }
        self
    }

    /// Accepts this key instead of [`FAKE_API_KEY`].
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// How many polls of `/job/get` see a new job unfinished (1 unless set).
    #[must_use]
    pub fn job_polls(mut self, polls: u32) -> Self {
        self.job_polls = polls;
        self
    }

    /// Answers more than `per_second` requests in any second as the API
    /// answers a key over its limit: HTTP 500 with `msg`
    /// [`RATE_LIMIT_MSG`], doing nothing. The API's own number is not
    /// documented.
    #[must_use]
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Starts the server on an ephemeral port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    pub async fn start(self) -> std::io::Result<FakeApi> {
        let mut store = store::Store::new(
            crate::resources::RESOURCES.iter().copied().chain(
                self.endpoints
                    .iter()
                    .filter_map(|e| e.resource.map(|r| r.resource)),
            ),
        );
        seed::load(&mut store, &self.seeds)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if let Some(items) = self.list_items {
            store.pad(usize::try_from(items).unwrap_or(0));
        }
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            endpoints: self.endpoints,
            key: self.key.clone(),
            requests: Vec::new(),
            jobs: HashMap::new(),
            next_job: 3_433_562,
            job_polls: self.job_polls,
            fail_next: None,
            list_items: self.list_items,
            store,
            limit: rules::Limit::new(self.rate_limit),
            rules: Vec::new(),
        }));
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let served = state.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stop => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let state = served.clone();
                        tokio::spawn(async move {
                            let service = service_fn(move |request| handle(state.clone(), request));
                            let _ = http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                }
            }
        });
        Ok(FakeApi {
            addr,
            key: self.key,
            state,
            shutdown: Some(shutdown),
        })
    }
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

    /// A builder serving the whole spec with the default key and one
    /// unfinished poll per job.
    pub fn builder() -> FakeApiBuilder {
        FakeApiBuilder {
            endpoints: crate::api::ENDPOINTS.to_vec(),
            key: FAKE_API_KEY.to_owned(),
            job_polls: 1,
            list_items: None,
            seeds: Vec::new(),
            rate_limit: None,
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

    /// The key the fake accepts.
    pub fn api_key(&self) -> &str {
        &self.key
    }

    /// A client builder pointed at the fake, with its key, client ID 1, and
    /// job waits that poll every few milliseconds.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .api_key(self.key.as_str())
            .client_id(1)
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

    /// A client for the fake; see [`FakeApi::client_builder`].
    ///
    /// # Panics
    ///
    /// Never: the builder's settings are always valid.
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => unreachable!("the fake's client settings are valid: {e}"),
        }
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Takes the requests received so far, leaving none.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut self.lock().requests)
    }

    /// Everything the fake holds, by resource name (`dns_record`), each
    /// resource's objects in the order they were made, as the API would
    /// return them.
    pub fn state(&self) -> std::collections::BTreeMap<String, Vec<Value>> {
        self.lock().store.snapshot()
    }

    /// The objects of one resource the fake holds (none for a name it
    /// does not know).
    pub fn resource(&self, name: &str) -> Vec<Value> {
        self.lock().store.objects(name)
    }

    /// Makes the next job started fail with `message`; the change it was
    /// to make is not made.
    pub fn fail_next_job(&self, message: impl Into<String>) {
        self.lock().fail_next = Some(message.into());
    }

    /// How many polls see jobs started from now on unfinished; `u32::MAX`
    /// makes them never finish.
    pub fn set_job_polls(&self, polls: u32) {
        self.lock().job_polls = polls;
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
    request: hyper::Request<Incoming>,
) -> Result<Reply, std::convert::Infallible> {
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
    let (http_status, answer) = answer(
        &mut state,
        &method,
        &path,
        query.as_deref(),
        content_type.as_deref(),
        &fields,
    );
    let refused = match answer.get("status") {
        Some(Value::Bool(false)) => answer.get("msg").and_then(Value::as_str).map(str::to_owned),
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
        received,
    });
    Ok(reply(http_status, answer))
}

fn answer(
    state: &mut State,
    method: &str,
    path: &str,
    query: Option<&str>,
    content_type: Option<&str>,
    fields: &[(String, String)],
) -> (u16, Value) {
    if let Some(refused) = state.limit.refuse(std::time::Instant::now()) {
        return (500, refusal(refused));
    }
    let endpoint = match route(&state.endpoints, method, path) {
        Ok(endpoint) => endpoint,
        Err(refused) => return refused,
    };
    if let Err(msg) = transport(endpoint, query, content_type) {
        return (200, refusal(msg));
    }
    let request = match check(endpoint, &state.key, fields) {
        Ok(request) => request,
        Err(msg) => return (200, refusal(&msg)),
    };
    if endpoint.path == <crate::JobPoll as Request>::ENDPOINT.path {
        return (200, job_status(state, endpoint.example, &request));
    }
    let action = state.rules.iter_mut().find_map(|rule| rule.take(endpoint));
    if let Some(refused) = action.as_ref().and_then(rules::refusal) {
        return refused;
    }
    let failure = match action {
        Some(rules::Action::FailJob(msg)) => Some(msg),
        _ => None,
    };
    (200, respond(state, endpoint, &request, failure))
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

/// The answer to a request that passed its checks: a declared resource's
/// read answers with what is held and its change is checked now and made
/// now, or when its job completes; anything else answers with the spec's
/// example or data in the response's shape.
fn respond(
    state: &mut State,
    endpoint: &Endpoint,
    request: &Map<String, Value>,
    failure: Option<String>,
) -> Value {
    let mut change = None;
    let mut new_id = None;
    if let Some(uses) = &endpoint.resource {
        let pending = state.jobs.values().filter_map(|job| job.change.as_ref());
        match state.store.call(endpoint, uses, request, pending) {
            store::Outcome::Read(value) => return success(value),
            store::Outcome::Refused(msg) => return refusal(&msg),
            store::Outcome::Change(made, id) => {
                change = Some(made);
                new_id = id.zip(uses.returns_id);
            }
        }
    }
    let mut answer = default_answer(state, endpoint, request);
    if let Some((id, field)) = new_id {
        if !answer["return"].is_object() {
            answer["return"] = json!({});
        }
        answer["return"][field] = id;
    }
    if let Some(job_type) = endpoint.job {
        let id = start_job(state, job_type, change.take(), failure);
        set_job_reference(&mut answer, id, job_type);
    }
    if let Some(change) = change {
        state.store.apply(change);
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

/// Starts a job that makes `change` when it completes; its ID.
fn start_job(
    state: &mut State,
    job_type: JobType,
    change: Option<store::Change>,
    failure: Option<String>,
) -> i64 {
    let id = state.next_job;
    state.next_job += 1;
    let failure = failure.or_else(|| state.fail_next.take());
    state.jobs.insert(
        id,
        FakeJob {
            job_type,
            polls: 0,
            polls_to_finish: state.job_polls,
            failure,
            change,
        },
    );
    id
}

/// Puts the job's ID in the answer's job reference, in either form.
fn set_job_reference(answer: &mut Value, id: i64, job_type: JobType) {
    let Some(reference) = answer.get_mut("return") else {
        return;
    };
    if let Some(slot) = reference.get_mut("job_id") {
        *slot = Value::String(id.to_string());
    } else if let Some(job) = reference.get_mut("job") {
        job["id"] = json!(id);
        if job.get("type").is_some() {
            job["type"] = json!(job_type.as_str());
        }
    }
}

/// `/1.3/job/get.json` into `("1.3", "/job/get")`.
fn split_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (version, _) = rest.split_once('/')?;
    let api_path = rest[version.len()..].strip_suffix(".json")?;
    Some((version, api_path))
}

fn job_status(state: &mut State, example: Option<&str>, request: &Map<String, Value>) -> Value {
    let value = |name: &str| fields::sent(request, &[name]);
    let id: i64 = value(<crate::JobPoll as PollJob>::ID_PARAM)
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let job_type = value(<crate::JobPoll as PollJob>::TYPE_PARAM).unwrap_or_default();
    let Some(job) = state
        .jobs
        .get_mut(&id)
        .filter(|j| j.job_type.as_str() == job_type)
    else {
        return refusal("Job not found.");
    };
    job.polls = job.polls.saturating_add(1);
    // The change is made once, when the job is first seen completed; a
    // failed job's change is dropped, so that nothing waits on it.
    let finished = job.polls > job.polls_to_finish;
    let change = if finished { job.change.take() } else { None };
    let change = change.filter(|_| job.failure.is_none());
    let (state_text, started, completed, message, logs) = if job.polls <= job.polls_to_finish {
        let text = if job.polls == 1 {
            "Pending"
        } else {
            "Processing"
        };
        let started = (job.polls > 1).then_some("2016-04-15 11:18:30");
        (text, started, None, None, json!([]))
    } else if let Some(failure) = &job.failure {
        (
            "Failed",
            Some("2016-04-15 11:18:30"),
            Some("2016-04-15 11:19:21"),
            Some(failure.as_str()),
            json!([{"date": "2016-04-15 11:19:21", "level": "error", "message": failure}]),
        )
    } else {
        (
            "Completed",
            Some("2016-04-15 11:18:30"),
            Some("2016-04-15 11:19:21"),
            Some("Job completed successfully."),
            json!([{"date": "2016-04-15 11:19:21", "level": "info", "message": "Job completed successfully."}]),
        )
    };
    if let Some(change) = change {
        state.store.apply(change);
    }
    // The spec's example gives the fields of this API version's report.
    let mut report = example
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
        .and_then(|mut e| e.get_mut("return").map(Value::take))
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    report["state"] = json!(state_text);
    report["created"] = json!("2016-04-15 11:18:29");
    report["started"] = json!(started);
    report["completed"] = json!(completed);
    report["logs"] = logs;
    if report.get("message").is_some() {
        report["message"] = json!(message);
    }
    json!({"return": report, "msg": "Successful.", "status": true})
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
