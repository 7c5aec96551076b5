//! [`FakeApiBuilder`]: what the fake serves, whom, what it starts holding,
//! and the faults it serves.

use super::accounts::{self, Account};
use super::chaos::{self, Chaos, Fault};
use super::{FakeApi, State, conn, rules, seed, store};
use crate::Endpoint;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Sets up a [`FakeApi`].
#[derive(Clone)]
pub struct FakeApiBuilder {
    pub(super) endpoints: Vec<&'static Endpoint>,
    pub(super) key: String,
    pub(super) accounts: usize,
    pub(super) job_polls: u32,
    pub(super) list_items: Option<i64>,
    pub(super) seeds: Vec<seed::Seed>,
    pub(super) rate_limit: Option<u32>,
    pub(super) fault_rate: f64,
    pub(super) fault_seed: u64,
    pub(super) fault_kinds: Vec<Fault>,
}

/// Shows the settings without the key.
impl fmt::Debug for FakeApiBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeApiBuilder")
            .field("endpoints", &self.endpoints.len())
            .field("accounts", &self.accounts)
            .field("job_polls", &self.job_polls)
            .field("list_items", &self.list_items)
            .field("seeds", &self.seeds)
            .field("rate_limit", &self.rate_limit)
            .field("fault_rate", &self.fault_rate)
            .field("fault_seed", &self.fault_seed)
            .field("fault_kinds", &self.fault_kinds)
            .finish_non_exhaustive()
    }
}

impl FakeApiBuilder {
    /// How many items each resource holds, and each paged list of an
    /// endpoint that lists no declared resource: copies of those seeded
    /// under new names and IDs. A page holds the request's page size, or
    /// [`FAKE_PAGE_SIZE`](super::FAKE_PAGE_SIZE).
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

    /// Accepts this key instead of [`FAKE_API_KEY`](super::FAKE_API_KEY):
    /// the key of the first account.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// Serves `n` accounts (1 unless set; 0 counts as 1), each an API key
    /// of its own with its own client ID, objects, jobs and rate limit, as
    /// the API keeps accounts apart. The first account's key is
    /// [`api_key`](Self::api_key) and its client ID 1; the others' keys are
    /// made from it (32 hexadecimal digits, as the API's look) and their
    /// client IDs are 2, 3, … Each starts holding the same objects (the
    /// spec's examples, or the seed), those of the others with their own
    /// client ID in the fields a create records it in.
    ///
    /// A request acts on the account its key belongs to. With several
    /// accounts, one whose `client_id` is not its key's account's is
    /// refused (`Unauthorised: …`), except by `/api/get_info`, which takes
    /// any client ID and answers with the key's own; with one, any client ID
    /// is taken. See [`FakeApi::api_keys`], [`FakeApi::client_for`] and
    /// [`FakeApi::state_of`].
    #[must_use]
    pub fn accounts(mut self, n: usize) -> Self {
        self.accounts = n.max(1);
        self
    }

    /// How many polls of `/job/get` see a new job unfinished (1 unless set).
    #[must_use]
    pub fn job_polls(mut self, polls: u32) -> Self {
        self.job_polls = polls;
        self
    }

    /// Answers more than `per_second` requests of one key in any second as
    /// the API answers a key over its limit: HTTP 500 with `msg`
    /// [`RATE_LIMIT_MSG`](super::RATE_LIMIT_MSG), doing nothing. Each
    /// account has its limit, as the API's is per key; requests with a key
    /// the fake does not know share one. The API's own number is not
    /// documented.
    #[must_use]
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Chaos mode: a `rate` (from 0 to 1; 0 unless set) of the requests
    /// that pass the fake's checks (the key, the client ID, the parameters)
    /// meet a [`Fault`]: a refusal, the rate-limit refusal, the connection
    /// reset before or after the API acted, or a job that fails. Which
    /// requests meet which fault is drawn from [`fault_seed`](Self::fault_seed),
    /// so that the same seed and the same requests, in the same order, meet
    /// the same faults (requests sent at once meet them in the order they
    /// arrive). [`FakeApi::faults_served`] counts them, and each
    /// [`RecordedRequest`](super::RecordedRequest) says the fault it met.
    ///
    /// A rate outside 0 to 1 (or not a number) makes [`start`](Self::start)
    /// fail with [`std::io::ErrorKind::InvalidInput`].
    #[must_use]
    pub fn faults(mut self, rate: f64) -> Self {
        self.fault_rate = rate;
        self
    }

    /// The seed the faults of [`faults`](Self::faults) are drawn from (0
    /// unless set).
    #[must_use]
    pub fn fault_seed(mut self, seed: u64) -> Self {
        self.fault_seed = seed;
        self
    }

    /// The kinds of fault [`faults`](Self::faults) serves (all unless set);
    /// each request that meets a fault meets one of these, at random among
    /// those that apply to it ([`Fault::FailedJob`] only to a request that
    /// starts a job; a request none applies to meets none).
    #[must_use]
    pub fn fault_kinds(mut self, kinds: impl IntoIterator<Item = Fault>) -> Self {
        self.fault_kinds = kinds.into_iter().collect();
        self
    }

    /// Starts the server on an ephemeral port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// When no port can be bound; [`std::io::ErrorKind::InvalidData`] when
    /// a seed does not fit; [`std::io::ErrorKind::InvalidInput`] when the
    /// fault rate is not from 0 to 1.
    pub async fn start(self) -> std::io::Result<FakeApi> {
        let state = self.state()?;
        let keys = state
            .accounts
            .iter()
            .map(|a| (a.key.clone(), a.client_id))
            .collect();
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(state));
        let (shutdown, stop) = oneshot::channel::<()>();
        tokio::spawn(serve(listener, state.clone(), stop));
        Ok(FakeApi {
            addr,
            keys,
            state,
            shutdown: Some(shutdown),
        })
    }

    /// What the fake starts holding and serving, or why it cannot start.
    pub(super) fn state(self) -> std::io::Result<State> {
        let fault_rate = chaos::check_rate(self.fault_rate)?;
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
        let accounts = accounts::keys(&self.key, self.accounts)
            .into_iter()
            .zip(accounts::FIRST_CLIENT_ID..)
            .map(|(key, client_id)| Account {
                key,
                client_id,
                // The first account holds what was seeded, as it is.
                store: if client_id == accounts::FIRST_CLIENT_ID {
                    store.clone()
                } else {
                    accounts::own(store.clone(), &self.endpoints, client_id)
                },
                jobs: HashMap::new(),
                limit: rules::Limit::new(self.rate_limit),
            })
            .collect();
        Ok(State {
            endpoints: self.endpoints,
            accounts,
            strangers: rules::Limit::new(self.rate_limit),
            requests: Vec::new(),
            next_job: 3_433_562,
            job_polls: self.job_polls,
            fail_next: None,
            list_items: self.list_items,
            rules: Vec::new(),
            chaos: Chaos::new(fault_rate, self.fault_seed, &self.fault_kinds),
        })
    }
}

/// Accepts connections until told to stop, each served on its own task.
async fn serve(listener: TcpListener, state: Arc<Mutex<State>>, mut stop: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                tokio::spawn(async move {
                    let (conn, resetter) = conn::Conn::new(stream);
                    let service = service_fn(move |request| {
                        super::handle(state.clone(), resetter.clone(), request)
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(conn), service)
                        .await;
                });
            }
        }
    }
}
