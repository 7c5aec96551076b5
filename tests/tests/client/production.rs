//! What a service running the client needs: the client ID learned from the
//! key, once; per-call timeouts and retries on a client that shares the
//! rest; a hook that sees every attempt; adaptive pacing under a rate limit
//! the client is not told.

use sitehost::api::job::Get;
use sitehost::api::server::ListServers;
use sitehost::fake::FakeApi;
use sitehost::{AttemptOutcome, CallEvent, Client, Error, RequestRate, RetryPolicy};
use sitehost_tests::{Behaviour, ScriptedServer};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEY: &str = "production-suite-key-0123456789";
const INFO: &str = r#"{"return":{"client_id":"4242","contact_id":"9","modules":[],"roles":[]},"msg":"Successful.","status":true}"#;
const COMPLETED: &str = r#"{"return":{"state":"Completed"},"msg":"Successful.","status":true}"#;

fn client(url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(url)
        .retry(RetryPolicy::default().with_first_delay(Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn poll() -> Get {
    Get::new(sitehost::JobType::Scheduler, 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_first_uses_learn_the_client_id_with_one_call() {
    let server = ScriptedServer::start(vec![Behaviour::json(INFO)]).await;
    let client = client(&server.url());
    assert_eq!(client.client_id(), None, "not known before it is asked for");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.resolve_client_id().await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 4242);
    }
    assert_eq!(server.hits(), 1, "one call for all sixteen");
    // Kept by the client, its clones and its per-call variants.
    assert_eq!(client.client_id(), Some(4242));
    let slower = client.with_timeout(Duration::from_secs(60));
    assert_eq!(slower.resolve_client_id().await.unwrap(), 4242);
    assert_eq!(server.hits(), 1);
    // It asked as the official SDK does: GET 1.5, the key first, client_id 0.
    let request = String::from_utf8(server.raw_requests()[0].clone()).unwrap();
    assert!(
        request.starts_with(&format!(
            "GET /1.5/api/get_info.json?apikey={KEY}&client_id=0 "
        )),
        "{request}"
    );
}

#[tokio::test]
async fn a_configured_client_id_is_never_replaced() {
    let server = ScriptedServer::start(vec![Behaviour::json(INFO)]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .client_id(7)
        .build()
        .unwrap();
    assert_eq!(client.resolve_client_id().await.unwrap(), 7);
    assert_eq!(server.hits(), 0, "nothing asked");
}

#[tokio::test]
async fn a_client_id_that_cannot_be_learned_says_so_and_is_asked_again() {
    let server = ScriptedServer::start(vec![
        Behaviour::json(r#"{"return":null,"msg":"Unauthorised","status":false}"#),
        Behaviour::json(r#"{"return":{"client_id":""},"msg":"","status":true}"#),
        Behaviour::json(INFO),
    ])
    .await;
    let client = client(&server.url());
    let refused = client.resolve_client_id().await.unwrap_err();
    assert!(
        matches!(refused, Error::ClientIdUnknown { .. }),
        "{refused:?}"
    );
    let text = refused.to_string();
    assert!(
        text.contains("SH_CLIENT_ID") && text.contains("Unauthorised"),
        "{text}"
    );
    assert!(!text.contains(KEY) && !format!("{refused:?}").contains(KEY));
    let empty = client.resolve_client_id().await.unwrap_err();
    assert!(empty.to_string().contains("client_id"), "{empty}");
    assert_eq!(client.resolve_client_id().await.unwrap(), 4242);
    assert_eq!(server.hits(), 3, "each failure left it to be asked again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_call_timeout_fires_where_the_clients_own_does_not() {
    // Each answer takes about 400 ms, a byte at a time.
    let slow = Behaviour::Trickle {
        body: COMPLETED.as_bytes().to_vec(),
        every: Duration::from_millis(400) / u32::try_from(COMPLETED.len()).unwrap(),
    };
    let server = ScriptedServer::start(vec![slow]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let hasty = client
        .with_timeout(Duration::from_millis(50))
        .with_retry(RetryPolicy::never());
    assert_eq!(hasty.config().timeout, Duration::from_millis(50));
    assert_eq!(client.config().timeout, Duration::from_secs(20));
    match hasty.send(&poll()).await {
        Err(Error::Timeout { after, .. }) => assert_eq!(after, Duration::from_millis(50)),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 1, "never retried");
    let status = client.send(&poll()).await.unwrap();
    assert_eq!(status.state, "Completed");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_call_never_retried_goes_once_while_the_client_retries() {
    let server = ScriptedServer::start(vec![Behaviour::status(503, "text/html", "busy")]).await;
    let client = client(&server.url());
    client
        .with_retry(RetryPolicy::never())
        .send(&poll())
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 1);
    client.send(&poll()).await.unwrap_err();
    assert_eq!(server.hits(), 4, "the client's own policy: 3 attempts");
}

fn recording(events: &Arc<Mutex<Vec<CallEvent>>>) -> impl Fn(&CallEvent) + Send + Sync + 'static {
    let events = Arc::clone(events);
    move |event: &CallEvent| events.lock().unwrap().push(*event)
}

#[tokio::test]
async fn a_hook_sees_every_attempt_and_nothing_secret() {
    let server = ScriptedServer::start(vec![
        Behaviour::status(503, "text/html", "busy"),
        Behaviour::status(502, "text/html", "bad gateway"),
        Behaviour::json(COMPLETED),
    ])
    .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .retry(RetryPolicy::default().with_first_delay(Duration::from_millis(5)))
        .on_call(recording(&events))
        .build()
        .unwrap();
    // A per-call client shares the hook.
    client
        .with_timeout(Duration::from_secs(5))
        .send(&poll())
        .await
        .unwrap();
    let seen = events.lock().unwrap().clone();
    let outcomes: Vec<_> = seen
        .iter()
        .map(|e| (e.attempt, e.outcome, e.will_retry))
        .collect();
    assert_eq!(
        outcomes,
        [
            (1, AttemptOutcome::Response { status: 503 }, true),
            (2, AttemptOutcome::Response { status: 502 }, true),
            (3, AttemptOutcome::Response { status: 200 }, false),
        ]
    );
    for event in &seen {
        assert_eq!(event.endpoint.path, "/job/get");
        assert_eq!(event.method(), sitehost::Method::Get);
        let text = format!("{event:?}");
        assert!(!text.contains(KEY), "{text}");
        assert!(!text.contains("job_id=1"), "no parameter values: {text}");
    }
    assert_eq!(seen[2].http_status(), Some(200));
}

#[tokio::test]
async fn a_hook_sees_rate_limits_and_failures() {
    let fake = FakeApi::start().await.unwrap();
    fake.on::<ListServers>().times(1).rate_limit();
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = fake
        .client_builder()
        .on_call(recording(&events))
        .build()
        .unwrap();
    client.send(&ListServers::new(1)).await.unwrap();
    let outcomes: Vec<_> = events.lock().unwrap().iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes[0], AttemptOutcome::RateLimited { status: 500 });
    assert_eq!(outcomes[0].as_str(), "rate_limited");
    assert!(matches!(outcomes[1], AttemptOutcome::Response { .. }));
    let closed = sitehost_tests::closed_port_url().await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let unreachable = Client::builder()
        .api_key(KEY)
        .base_url(closed)
        .retry(RetryPolicy::never())
        .on_call(recording(&events))
        .build()
        .unwrap();
    unreachable.send(&poll()).await.unwrap_err();
    let outcomes: Vec<_> = events.lock().unwrap().iter().map(|e| e.outcome).collect();
    assert_eq!(
        outcomes,
        [AttemptOutcome::Transport(sitehost::TransportKind::Connect)]
    );
}

/// Sends `calls` job polls one after another; returns the attempts refused
/// for the rate and all attempts.
async fn refusals(
    client: &Client,
    calls: usize,
    events: &Arc<Mutex<Vec<CallEvent>>>,
) -> (usize, usize) {
    events.lock().unwrap().clear();
    for _ in 0..calls {
        client.send(&ListServers::new(1)).await.unwrap();
    }
    let seen = events.lock().unwrap();
    let refused = seen
        .iter()
        .filter(|e| matches!(e.outcome, AttemptOutcome::RateLimited { .. }))
        .count();
    (refused, seen.len())
}

#[tokio::test]
async fn an_adaptive_pace_finds_a_limit_it_was_not_told() {
    let fake = FakeApi::builder().rate_limit(50).start().await.unwrap();
    let retry = RetryPolicy::default()
        .with_max_attempts(20)
        .with_first_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(200));
    let events = Arc::new(Mutex::new(Vec::new()));
    let unpaced = fake
        .client_builder()
        .retry(retry)
        .on_call(recording(&events))
        .build()
        .unwrap();
    let (unpaced_refused, unpaced_sent) = refusals(&unpaced, 150, &events).await;
    let adaptive = fake
        .client_builder()
        .retry(retry)
        .max_requests_per_second(RequestRate::Adaptive)
        .on_call(recording(&events))
        .build()
        .unwrap();
    assert_eq!(
        adaptive.current_rate_limit(),
        None,
        "no pace before a refusal"
    );
    let (adaptive_refused, adaptive_sent) = refusals(&adaptive, 150, &events).await;
    assert!(
        adaptive.current_rate_limit().is_some(),
        "a refusal set a pace"
    );
    // Unpaced, a sequence of calls on loopback outruns 50 a second and
    // meets refusal after refusal; paced adaptively, few are refused (a
    // probe past the limit now and then), at most one attempt in ten.
    let report = format!(
        "adaptive: {adaptive_refused} of {adaptive_sent} refused; unpaced: {unpaced_refused} of {unpaced_sent}"
    );
    assert!(adaptive_refused * 2 <= unpaced_refused, "{report}");
    assert!(adaptive_refused * 10 <= adaptive_sent, "{report}");
}

#[tokio::test]
async fn a_get_that_writes_is_not_sent_again_after_a_timeout() {
    use sitehost::api::server::GenerateVncToken;
    let server = ScriptedServer::start(vec![Behaviour::Hang]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy::default().with_first_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let token = GenerateVncToken::new(1, "ch-server", "192.0.2.7");
    assert_eq!(
        <GenerateVncToken as sitehost::Request>::ENDPOINT.method,
        sitehost::Method::Get
    );
    let error = client.send(&token).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.hits(), 1, "its effect is a write: sent once");
    // A GET that reads is tried again after the same timeout.
    client.send(&poll()).await.unwrap_err();
    assert_eq!(server.hits(), 4);
}
