//! Typed rules for testing a program's handling of failures: a refusal the
//! next n times, a job that fails, the rate limit; each for the calls of one
//! request type only, after the fake's own checks.

use sitehost::Error;
use sitehost::api::cloud::stack::Restart;
use sitehost::api::dns::{AddRecord, ListRecords};
use sitehost::fake::FakeApi;

fn add(name: &str) -> AddRecord {
    AddRecord::new(1, "example.nz", "A", name, "192.0.2.1")
}

#[tokio::test]
async fn a_refusal_applies_to_its_request_type_as_many_times_as_it_says() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    fake.on::<AddRecord>().times(2).refuse("Zone is locked.");
    for _ in 0..2 {
        match client.send(&add("www.example.nz")).await {
            Err(Error::Api { msg, .. }) => assert_eq!(msg, "Zone is locked."),
            other => panic!("{other:?}"),
        }
    }
    // Other endpoints are untouched, and the third call goes through.
    client
        .send(&ListRecords::new(1, "example.nz"))
        .await
        .unwrap();
    client.send(&add("www.example.nz")).await.unwrap();
    // Nothing was made by the refused calls: one record of that name.
    let made = fake
        .resource("dns_record")
        .into_iter()
        .filter(|r| r["name"] == "www.example.nz")
        .count();
    assert_eq!(made, 1);
}

#[tokio::test]
async fn a_rule_comes_after_the_fakes_checks() {
    let fake = FakeApi::start().await.unwrap();
    fake.on::<AddRecord>().refuse("Zone is locked.");
    // A request the API would refuse anyway is refused for its own reason.
    let wrong_key = fake.client_builder().api_key("wrong").build().unwrap();
    match wrong_key.send(&add("a.example.nz")).await {
        Err(Error::Api { msg, .. }) => assert!(msg.contains("not valid"), "{msg}"),
        other => panic!("{other:?}"),
    }
    fake.clear_rules();
    fake.client().send(&add("a.example.nz")).await.unwrap();
}

#[tokio::test]
async fn a_failing_job_makes_no_change() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    fake.on::<Restart>()
        .times(1)
        .fail_job("Container did not start");
    let job = client
        .start(&Restart::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    match client.wait_for_job(&job).await {
        Err(Error::JobFailed { message, .. }) => {
            assert_eq!(message.as_deref(), Some("Container did not start"));
        }
        other => panic!("{other:?}"),
    }
    // The next restart's job completes.
    let job = client
        .start(&Restart::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    client.wait_for_job(&job).await.unwrap();
}
