//! The fake's chaos mode: each kind of fault as a client sees it (a
//! refusal, the rate limit, a connection reset before and after the API
//! acted, a failed job), what each leaves done, that the same seed gives
//! the same faults, and that a request with a bad key meets none.

use sitehost::api::cloud::stack;
use sitehost::api::dns::{AddRecord, ListRecords};
use sitehost::fake::{FAULT_JOB_MSG, FAULT_REFUSAL_MSG, FakeApi, Fault, RATE_LIMIT_MSG};
use sitehost::{Client, Error, RetryPolicy, TransportKind};

const ZONE: &str = "dns_zone:\n  - name: example.org\n";

/// A fake with one zone that serves only faults of `kind`.
async fn faulty(kind: Fault) -> FakeApi {
    FakeApi::builder()
        .seed_yaml(ZONE)
        .faults(1.0)
        .fault_kinds([kind])
        .start()
        .await
        .unwrap()
}

/// A client that sends each request once, so that each fault is seen.
fn once(fake: &FakeApi) -> Client {
    fake.client_builder()
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
}

fn add(name: &str) -> AddRecord {
    AddRecord::new(1, "example.org", "A", name, "192.0.2.1")
}

fn records(fake: &FakeApi) -> Vec<String> {
    fake.resource("dns_record")
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn add_stack() -> stack::Add {
    stack::Add::new(1, "ch-server", "web", "Web", false, "services: {}")
}

#[tokio::test]
async fn a_refusal_does_nothing() {
    let fake = faulty(Fault::Refusal).await;
    match once(&fake).send(&add("www.example.org")).await {
        Err(Error::Api { msg, .. }) => assert_eq!(msg, FAULT_REFUSAL_MSG),
        other => panic!("{other:?}"),
    }
    assert!(records(&fake).is_empty());
    let served = fake.faults_served();
    assert_eq!((served.refusals, served.total()), (1, 1));
    let sent = fake.requests();
    assert_eq!(sent[0].fault, Some(Fault::Refusal));
    assert_eq!(sent[0].refused.as_deref(), Some(FAULT_REFUSAL_MSG));
}

#[tokio::test]
async fn a_rate_limit_is_the_apis_and_does_nothing() {
    let fake = faulty(Fault::RateLimit).await;
    match once(&fake).send(&add("www.example.org")).await {
        Err(Error::RateLimited { attempts, msg, .. }) => {
            assert_eq!((attempts, msg.as_str()), (1, RATE_LIMIT_MSG));
        }
        other => panic!("{other:?}"),
    }
    // The client sends it again, as it may; every attempt meets the limit.
    match fake.client().send(&add("www.example.org")).await {
        Err(Error::RateLimited { attempts, .. }) => assert_eq!(attempts, 3),
        other => panic!("{other:?}"),
    }
    assert!(records(&fake).is_empty());
    assert_eq!(fake.faults_served().rate_limits, 4);
}

#[tokio::test]
async fn a_reset_before_acting_does_nothing_and_sends_no_response() {
    let fake = faulty(Fault::ResetBefore).await;
    match once(&fake).send(&add("www.example.org")).await {
        Err(Error::Transport { kind, .. }) => assert_eq!(kind, TransportKind::Broken),
        other => panic!("{other:?}"),
    }
    assert!(records(&fake).is_empty());
    assert_eq!(fake.faults_served().resets_before, 1);

    // Seen by any HTTP client as a broken connection, not a response.
    let url = format!(
        "{}/1.5/dns/list_records.json?apikey={}&client_id=1&domain=example.org",
        fake.base_url(),
        fake.api_key()
    );
    let broken = reqwest::Client::new().get(url).send().await.unwrap_err();
    assert!(
        broken.status().is_none() && broken.is_request(),
        "{broken:?}"
    );
    assert_eq!(fake.faults_served().resets_before, 2);
}

#[tokio::test]
async fn a_reset_after_acting_makes_the_change_and_loses_the_response() {
    let fake = faulty(Fault::ResetAfter).await;
    let client = once(&fake);
    match client.send(&add("www.example.org")).await {
        Err(Error::Transport { kind, .. }) => assert_eq!(kind, TransportKind::Broken),
        other => panic!("{other:?}"),
    }
    assert_eq!(records(&fake), ["www.example.org"]);

    // A job nobody learns the ID of runs to its end all the same.
    match client.start(&add_stack()).await {
        Err(Error::Transport { .. }) => {}
        other => panic!("{other:?}"),
    }
    let stacks = fake.resource("stack");
    assert_eq!(stacks.len(), 1);
    assert_eq!(stacks[0]["name"], "web");
    assert_eq!(fake.faults_served().resets_after, 2);
    assert!(fake.requests().iter().all(|r| r.refused.is_none()));
}

#[tokio::test]
async fn a_failed_job_drops_its_change_and_only_jobs_fail() {
    let fake = FakeApi::builder()
        .empty()
        .seed_yaml(ZONE)
        .faults(1.0)
        .fault_kinds([Fault::FailedJob])
        .start()
        .await
        .unwrap();
    let client = once(&fake);
    // A request that starts no job meets no fault.
    client.send(&add("www.example.org")).await.unwrap();
    assert_eq!(records(&fake), ["www.example.org"]);

    let job = client.start(&add_stack()).await.unwrap();
    match client.wait_for_job(&job).await {
        Err(Error::JobFailed { message, .. }) => {
            assert_eq!(message.as_deref(), Some(FAULT_JOB_MSG));
        }
        other => panic!("{other:?}"),
    }
    assert!(fake.resource("stack").is_empty());
    let served = fake.faults_served();
    assert_eq!((served.failed_jobs, served.total()), (1, 1));
}

#[tokio::test]
async fn a_request_with_a_bad_key_meets_no_fault() {
    let fake = FakeApi::builder()
        .seed_yaml(ZONE)
        .faults(1.0)
        .start()
        .await
        .unwrap();
    let wrong = fake
        .client_builder()
        .api_key("wrong-key")
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    for _ in 0..20 {
        match wrong.send(&ListRecords::new(1, "example.org")).await {
            Err(e) => assert!(e.is_unauthorised(), "{e}"),
            Ok(v) => panic!("accepted: {v:?}"),
        }
    }
    assert_eq!(fake.faults_served().total(), 0);
    assert!(fake.requests().iter().all(|r| r.fault.is_none()));
}

/// What a client saw of one request.
fn outcome<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(Error::Api { msg, .. }) => format!("refused: {msg}"),
        Err(Error::RateLimited { .. }) => "rate limited".to_owned(),
        Err(Error::Transport { kind, .. }) => format!("transport: {kind}"),
        Err(Error::JobFailed { message, .. }) => format!("job failed: {message:?}"),
        Err(e) => format!("other: {e}"),
    }
}

/// Sends the same 60 requests (creates, lists, jobs and waits) to a fake
/// with faults at `rate` drawn from `seed`; what each met, as the client
/// saw it and as the fake counted it.
async fn run(seed: u64, rate: f64) -> (Vec<String>, Vec<Option<Fault>>, usize) {
    let fake = FakeApi::builder()
        .empty()
        .seed_yaml(ZONE)
        .faults(rate)
        .fault_seed(seed)
        .start()
        .await
        .unwrap();
    let client = once(&fake);
    let mut seen = Vec::new();
    for n in 0..20 {
        let name = format!("host{n}.example.org");
        seen.push(outcome(&client.send(&add(&name)).await));
        seen.push(outcome(
            &client.send(&ListRecords::new(1, "example.org")).await,
        ));
        let stack = stack::Add::new(1, "ch-server", format!("web{n}"), "Web", false, "x: {}");
        match client.start(&stack).await {
            Ok(job) => seen.push(outcome(&client.wait_for_job(&job).await)),
            Err(e) => seen.push(outcome::<()>(&Err(e))),
        }
    }
    let faults: Vec<Option<Fault>> = fake.requests().iter().map(|r| r.fault).collect();
    let served = usize::try_from(fake.faults_served().total()).unwrap();
    (seen, faults, served)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let first = run(7, 0.4).await;
    let again = run(7, 0.4).await;
    assert_eq!(first, again);
    let (seen, faults, served) = &first;
    assert_eq!(faults.iter().flatten().count(), *served);
    // Over these requests every kind is met, and not every request.
    for kind in Fault::ALL {
        assert!(faults.contains(&Some(kind)), "no {kind} in {faults:?}");
    }
    assert!(seen.iter().any(|s| s == "ok"), "{seen:?}");
    assert!(faults.contains(&None));

    let other = run(8, 0.4).await;
    assert_ne!(first.1, other.1, "another seed, other faults");
    let none = run(7, 0.0).await;
    assert!(none.0.iter().all(|s| s == "ok"), "{:?}", none.0);
    assert_eq!(none.2, 0);
}

#[tokio::test]
async fn a_rate_outside_zero_to_one_does_not_start() {
    for rate in [-0.5, 1.01, f64::NAN] {
        let refused = FakeApi::builder().faults(rate).start().await.unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput, "{rate}");
        assert!(refused.to_string().contains("from 0 to 1"), "{refused}");
    }
}

#[tokio::test]
async fn faults_can_be_turned_off_and_on() {
    let fake = faulty(Fault::Refusal).await;
    let client = once(&fake);
    client.send(&add("a.example.org")).await.unwrap_err();
    fake.set_faults(0.0).unwrap();
    client.send(&add("b.example.org")).await.unwrap();
    let refused = fake.set_faults(2.0).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
    client.send(&add("c.example.org")).await.unwrap();
    fake.set_faults(1.0).unwrap();
    client.send(&add("d.example.org")).await.unwrap_err();
    assert_eq!(records(&fake), ["b.example.org", "c.example.org"]);
    assert_eq!(fake.faults_served().refusals, 2);
}
