//! Fault injection: loopback servers that misbehave on purpose. Each case
//! ends in the right typed error (or in success after a retry) within a
//! bounded time and without a panic; at the end, no error's Display or Debug
//! holds the API key.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost::{Client, Error, RetryPolicy, TransportKind, WaitOptions};
use sitehost_tests::{Behaviour, ScriptedServer, closed_port_url};
use std::future::Future;
use std::time::{Duration, Instant};

const KEY: &str = "fault-suite-secret-key-0123456789";
const TIMEOUT: Duration = Duration::from_millis(300);
/// Each case's bound: far over what any takes.
const LIMIT: Duration = Duration::from_secs(10);
const OK_STATUS: &str = r#"{"return":{"state":"Completed"},"msg":"Successful.","status":true}"#;

fn client(url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(url)
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_first_delay(Duration::from_millis(10))
                .with_max_delay(Duration::from_millis(50))
                .with_max_retry_after(Duration::from_secs(2)),
        )
        .build()
        .unwrap()
}

fn get() -> Get {
    Get::new(sitehost::JobType::Scheduler, 1)
}

fn post() -> Renew {
    Renew::new(1, "ch-servername", "examplenz")
}

/// Runs a case with a hard limit, so a hang fails the test instead of stalling it.
async fn bounded<T>(case: &str, limit: Duration, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(limit, future).await {
        Ok(value) => value,
        Err(_) => panic!("{case}: still running after {limit:?}"),
    }
}

#[derive(Default)]
struct Collected(Vec<(String, Error)>);

impl Collected {
    fn keep(&mut self, case: &str, error: Error) -> &Error {
        self.0.push((case.to_owned(), error));
        &self.0.last().unwrap().1
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_suite() {
    let mut errors = Collected::default();
    connection_faults(&mut errors).await;
    response_faults(&mut errors).await;
    retry_after(&mut errors).await;
    job_faults(&mut errors).await;
    refused_before_sending(&mut errors).await;
    assert_eq!(errors.0.len(), 19, "every failing case was collected");
    for (case, error) in &errors.0 {
        let texts = [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ];
        for text in texts {
            assert!(!text.contains(KEY), "{case}: the key leaked: {text}");
        }
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            assert!(
                !format!("{inner} {inner:?}").contains(KEY),
                "{case}: the key leaked in a source"
            );
            source = inner.source();
        }
    }
}

/// Connection faults: refused, reset mid-body, hanging, a caller's client
/// without timeouts, a slow trickle.
async fn connection_faults(errors: &mut Collected) {
    let limit = LIMIT;
    // Connection refused: nothing listens. Retried (the request never left), then reported.
    let url = closed_port_url().await;
    let e = bounded("refused", limit, client(&url).send(&post()))
        .await
        .unwrap_err();
    let e = errors.keep("refused", e);
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "refused: {e:?}"
    );

    // Reset mid-body: a GET is retried each time and then reported; a POST is not retried.
    let cut = || Behaviour::CutShort {
        declared: 200,
        body: br#"{"return":{"sta"#.to_vec(),
    };
    let server = ScriptedServer::start(vec![cut()]).await;
    let e = bounded("reset GET", limit, client(&server.url()).send(&get()))
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 3, "reset GET: attempts");
    let e = errors.keep("reset GET", e);
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Broken,
                ..
            }
        ),
        "reset GET: {e:?}"
    );
    let server = ScriptedServer::start(vec![cut()]).await;
    let e = bounded("reset POST", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    assert_eq!(
        server.hits(),
        1,
        "reset POST: a POST that may have arrived is not sent again"
    );
    errors.keep("reset POST", e);

    // Accept and hang: the timeout ends each attempt.
    let server = ScriptedServer::start(vec![Behaviour::Hang]).await;
    let started = Instant::now();
    let e = bounded("hang GET", limit, client(&server.url()).send(&get()))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() >= TIMEOUT * 3,
        "three attempts, each timed out"
    );
    assert_eq!(server.hits(), 3);
    let e = errors.keep("hang GET", e);
    assert!(
        matches!(e, Error::Timeout { after, .. } if *after == TIMEOUT),
        "hang: {e:?}"
    );
    let server = ScriptedServer::start(vec![Behaviour::Hang]).await;
    let e = bounded("hang POST", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 1);
    assert!(matches!(errors.keep("hang POST", e), Error::Timeout { .. }));

    // A caller's own reqwest client, without timeouts of its own: the client's
    // timeout still applies to every call.
    let server = ScriptedServer::start(vec![Behaviour::Hang]).await;
    let own = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .http_client(reqwest::Client::new())
        .timeout(TIMEOUT)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let e = bounded("hang, own client", limit, own.send(&get()))
        .await
        .unwrap_err();
    assert!(matches!(
        errors.keep("hang, own client", e),
        Error::Timeout { .. }
    ));

    // A slow trickle: headers at once, then a byte every 50 ms.
    let server = ScriptedServer::start(vec![Behaviour::Trickle {
        body: OK_STATUS.as_bytes().to_vec(),
        every: Duration::from_millis(50),
    }])
    .await;
    let e = bounded("trickle", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    assert!(matches!(errors.keep("trickle", e), Error::Timeout { .. }));
}

/// Answers that are not a successful envelope: an HTML error page,
/// truncated JSON, `status` false, missing fields, a body over the limit.
async fn response_faults(errors: &mut Collected) {
    let limit = LIMIT;
    // HTTP 500 with an HTML page: not retried, an HTTP error with the page's start.
    let server = ScriptedServer::start(vec![Behaviour::status(
        500,
        "text/html",
        "<html><h1>500 Internal Server Error</h1></html>",
    )])
    .await;
    let e = bounded("500", limit, client(&server.url()).send(&get()))
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 1);
    let e = errors.keep("500", e);
    assert!(
        matches!(e, Error::Http { http_status: 500, snippet, .. } if snippet.contains("500 Internal")),
        "500: {e:?}"
    );

    // 200 with truncated JSON.
    let server = ScriptedServer::start(vec![Behaviour::json(r#"{"return": {"job_"#)]).await;
    let e = bounded("truncated", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    let e = errors.keep("truncated", e);
    assert!(
        matches!(
            e,
            Error::Decode {
                http_status: 200,
                ..
            }
        ),
        "truncated: {e:?}"
    );

    // 200 with status false.
    let server = ScriptedServer::start(vec![Behaviour::json(
        r#"{"return":null,"msg":"Server is locked.","status":false}"#,
    )])
    .await;
    let e = bounded("status false", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    assert_eq!(
        errors.keep("status false", e).msg(),
        Some("Server is locked.")
    );

    // An envelope missing its fields.
    let server = ScriptedServer::start(vec![Behaviour::json("{}")]).await;
    let e = bounded("empty envelope", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    let e = errors.keep("empty envelope", e);
    assert!(
        matches!(e, Error::Decode { reason, .. } if reason.contains("status")),
        "{e:?}"
    );

    // A 50 MiB body, announced and not: refused at the limit, not buffered.
    let big = vec![b' '; 50 << 20];
    let server = ScriptedServer::start(vec![Behaviour::Respond {
        status: 200,
        headers: vec![],
        body: big,
    }])
    .await;
    let e = bounded("50 MiB", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    let e = errors.keep("50 MiB", e);
    assert!(
        matches!(e, Error::TooLarge { limit, .. } if *limit == sitehost::DEFAULT_MAX_RESPONSE_BYTES),
        "50 MiB: {e:?}"
    );
    let server = ScriptedServer::start(vec![Behaviour::Endless { total: 50 << 20 }]).await;
    let e = bounded(
        "50 MiB streamed",
        limit,
        client(&server.url()).send(&post()),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        errors.keep("50 MiB streamed", e),
        Error::TooLarge { .. }
    ));
}

/// `Retry-After`: waited for by a GET within the policy's limit, never by a
/// POST, not beyond the limit; a 502 recovered from.
async fn retry_after(errors: &mut Collected) {
    let limit = LIMIT;
    // 429 with Retry-After: a GET waits as told and succeeds.
    let too_many = Behaviour::Respond {
        status: 429,
        headers: vec![("Retry-After".to_owned(), "1".to_owned())],
        body: br#"{"return":null,"msg":"Too many requests.","status":false}"#.to_vec(),
    };
    let server = ScriptedServer::start(vec![too_many.clone(), Behaviour::json(OK_STATUS)]).await;
    let started = Instant::now();
    let status = bounded("429 GET", limit, client(&server.url()).send(&get()))
        .await
        .unwrap();
    assert_eq!(status.state, "Completed");
    assert_eq!(server.hits(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    // A POST is not sent again: the API's refusal comes back as is.
    let server = ScriptedServer::start(vec![too_many, Behaviour::json(OK_STATUS)]).await;
    let e = bounded("429 POST", limit, client(&server.url()).send(&post()))
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 1);
    let e = errors.keep("429 POST", e);
    assert!(
        matches!(
            e,
            Error::Api {
                http_status: 429,
                ..
            }
        ),
        "429 POST: {e:?}"
    );
    // A Retry-After beyond the policy's limit is not waited for.
    let server = ScriptedServer::start(vec![Behaviour::Respond {
        status: 503,
        headers: vec![("Retry-After".to_owned(), "3600".to_owned())],
        body: b"busy".to_vec(),
    }])
    .await;
    let e = bounded(
        "long Retry-After",
        limit,
        client(&server.url()).send(&get()),
    )
    .await
    .unwrap_err();
    assert_eq!(server.hits(), 1);
    assert!(matches!(
        errors.keep("long Retry-After", e),
        Error::Http {
            http_status: 503,
            ..
        }
    ));

    // 502 then success: a GET recovers with backoff.
    let server = ScriptedServer::start(vec![
        Behaviour::status(502, "text/html", "bad gateway"),
        Behaviour::json(OK_STATUS),
    ])
    .await;
    bounded("502 GET", limit, client(&server.url()).send(&get()))
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);
}

/// Jobs on the fake: one that fails, one that never finishes.
async fn job_faults(errors: &mut Collected) {
    let limit = LIMIT;
    // Jobs on the fake: one that fails, one that never finishes.
    let fake = FakeApi::builder().api_key(KEY).start().await.unwrap();
    let jobs = fake
        .client_builder()
        .api_key(KEY)
        .job_wait(
            WaitOptions::default()
                .with_first_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20))
                .with_timeout(Duration::from_millis(400)),
        )
        .build()
        .unwrap();
    fake.fail_next_job("Let's Encrypt rate limit reached");
    let job = jobs.start(&post()).await.unwrap();
    let e = bounded("job fails", limit, jobs.wait_for_job(&job))
        .await
        .unwrap_err();
    let e = errors.keep("job fails", e);
    match e {
        Error::JobFailed {
            job: failed,
            message,
            status,
        } => {
            assert_eq!(*failed, job);
            // 1.5 reports no message: the last log entry's text stands in.
            assert_eq!(message.as_deref(), Some("Let's Encrypt rate limit reached"));
            assert_eq!(status.state, "Failed");
            assert_eq!(status.logs.len(), 1);
            assert_eq!(status.logs[0].level.as_deref(), Some("error"));
        }
        other => panic!("job fails: {other:?}"),
    }
    fake.set_job_polls(u32::MAX);
    let job = jobs.start(&post()).await.unwrap();
    let started = Instant::now();
    let e = bounded("job never finishes", limit, jobs.wait_for_job(&job))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the wait's timeout bounds it"
    );
    let e = errors.keep("job never finishes", e);
    assert!(
        matches!(e, Error::JobTimeout { last_state: Some(state), .. } if state == "Processing"),
        "never finishes: {e:?}"
    );
}

/// Values that cannot be sent, and a plain http URL off loopback, are
/// refused before anything is sent.
async fn refused_before_sending(errors: &mut Collected) {
    // Nothing listens at this address: a value that cannot be sent is
    // refused before the client tries to connect.
    let e = client("http://127.0.0.1:9")
        .send(&Renew::new(1, "", "examplenz"))
        .await
        .unwrap_err();
    let e = errors.keep("empty value", e);
    assert!(
        matches!(
            e,
            Error::InvalidParameter { param, .. } if param == "server"
        ),
        "{e:?}"
    );

    // Plain http off loopback is refused unless asked for.
    let e = Client::builder()
        .api_key(KEY)
        .base_url("http://api.sitehost.nz")
        .build()
        .unwrap_err();
    assert!(matches!(errors.keep("plain http", e), Error::Config(_)));
}
