//! Waiting for jobs on the fake API: the delay grows, a dropped wait stops
//! polling, the finished job comes back.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::fake::FakeApi;
use sitehost::{JobProgress, JobState, WaitOptions};
use std::time::Duration;

fn renew() -> Renew {
    Renew::new(1, "ch-servername", "examplenz").containers(["example.nz"])
}

#[tokio::test]
async fn wait_returns_the_completed_job() {
    let fake = FakeApi::builder().job_polls(3).start().await.unwrap();
    let client = fake.client();
    let job = client
        .cloud_stack_ssl_lets_encrypt_renew(&renew())
        .await
        .unwrap();
    let done = client.wait_for_job(&job).await.unwrap();
    assert_eq!(done.job_state(), JobState::Completed);
    assert_eq!(done.last_log(), Some("Job completed successfully."));
    assert!(done.completed.is_some());
    // Pending, then an unknown state ("Processing") twice, then Completed.
    let polls: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/1.5/job/get.json")
        .collect();
    assert_eq!(polls.len(), 4);
    for poll in &polls {
        // 1.5 order and names: `type`, then `id`.
        assert_eq!(poll.names(), ["apikey", "type", "id"]);
        assert_eq!(poll.field("id"), Some(job.id.to_string().as_str()));
        assert_eq!(poll.field("type"), Some("scheduler"));
    }
}

#[tokio::test]
async fn watching_a_wait_sees_every_poll_in_order() {
    let fake = FakeApi::builder().job_polls(3).start().await.unwrap();
    let client = fake
        .client_builder()
        .job_wait(
            WaitOptions::default()
                .with_first_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20))
                .with_timeout(Duration::from_secs(10)),
        )
        .build()
        .unwrap();
    let job = client.start(&renew()).await.unwrap();
    let mut seen = Vec::new();
    let options = client.config().job_wait;
    let done = client
        .wait_for_job_watching(&job, &options, |status| {
            seen.push(status.state().to_owned());
        })
        .await
        .unwrap();
    assert_eq!(done.job_state(), JobState::Completed);
    let polls = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/1.5/job/get.json")
        .count();
    assert_eq!(seen.len(), polls);
    assert_eq!(seen.first().map(String::as_str), Some("Pending"));
    assert_eq!(seen.last().map(String::as_str), Some("Completed"));
}

#[tokio::test]
async fn the_delay_between_polls_grows_to_its_cap() {
    let fake = FakeApi::builder().job_polls(5).start().await.unwrap();
    let client = fake
        .client_builder()
        .job_wait(
            WaitOptions::default()
                .with_first_delay(Duration::from_millis(40))
                .with_max_delay(Duration::from_millis(160))
                .with_timeout(Duration::from_secs(10)),
        )
        .build()
        .unwrap();
    let job = client.start(&renew()).await.unwrap();
    client.wait_for_job(&job).await.unwrap();
    let times: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/1.5/job/get.json")
        .map(|r| r.received)
        .collect();
    assert_eq!(times.len(), 6);
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // Delays of 40, 80, 160, 160, 160 ms, each less up to a fifth of jitter.
    assert!(gaps[0] >= Duration::from_millis(32), "{gaps:?}");
    assert!(gaps[2] >= Duration::from_millis(128), "{gaps:?}");
    assert!(gaps[2] > gaps[0] * 2, "the delay grows: {gaps:?}");
    assert!(gaps[4] >= Duration::from_millis(128), "{gaps:?}");
}

#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let fake = FakeApi::start().await.unwrap();
    fake.set_job_polls(u32::MAX);
    let client = fake.client();
    let job = client.start(&renew()).await.unwrap();
    let waited = tokio::time::timeout(Duration::from_millis(150), client.wait_for_job(&job)).await;
    assert!(waited.is_err(), "the job never finishes");
    let polls = fake.requests().len();
    assert!(polls > 1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        fake.requests().len(),
        polls,
        "no polls after the future was dropped"
    );
}

#[tokio::test]
async fn an_unknown_job_is_the_apis_refusal() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let job = sitehost::Job {
        id: 99,
        job_type: sitehost::JobType::Daemon,
    };
    let error = client.wait_for_job(&job).await.unwrap_err();
    assert_eq!(error.msg(), Some("Job not found."));
}

#[tokio::test]
async fn a_stack_restart_returns_a_job_the_typed_client_waits_for() {
    use sitehost::api::cloud::stack::Restart;
    let fake = FakeApi::builder().job_polls(2).start().await.unwrap();
    let client = fake.client();
    let request = Restart::new(1, "ch-servername", "examplenz").containers(["example.nz"]);
    let job = client.cloud_stack_restart(&request).await.unwrap();
    assert_eq!(job.job_type, sitehost::JobType::Scheduler);
    let done = client.wait_for_job(&job).await.unwrap();
    assert_eq!(done.job_state(), JobState::Completed);
    let restart = &fake.requests()[0];
    assert_eq!(restart.path, "/1.0/cloud/stack/restart.json");
    assert_eq!(restart.refused, None);
}

#[tokio::test]
async fn a_job_kept_at_an_older_version_decodes_in_either_form() {
    use sitehost::api::cloud::stack::Restart;
    use sitehost_tests::{Behaviour, ScriptedServer};
    for (body, id, job_type) in [
        (
            r#"{"return":{"job_id":"3433562"},"msg":"Successful","status":true}"#,
            3_433_562,
            sitehost::JobType::Scheduler,
        ),
        (
            r#"{"return":{"job":{"id":77,"type":"daemon"}},"msg":"Successful","status":true}"#,
            77,
            sitehost::JobType::Daemon,
        ),
    ] {
        let server = ScriptedServer::start(vec![Behaviour::json(body)]).await;
        let client = sitehost::Client::builder()
            .api_key("test-key")
            .base_url(server.url())
            .build()
            .unwrap();
        let job = client
            .cloud_stack_restart(&Restart::new(1, "ch-servername", "examplenz"))
            .await
            .unwrap();
        assert_eq!((job.id, job.job_type), (id, job_type));
    }
}

#[tokio::test]
async fn provisioning_returns_the_job_and_the_new_servers_details() {
    use sitehost::api::server::Provision;
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let request = Provision::new(1, "example-label", "AKL", "CLDCON1", "ubuntu-trusty");
    let started = client.server_provision(&request).await.unwrap();
    assert!(started.response.password.is_some());
    assert_eq!(started.job.job_type, sitehost::JobType::Daemon);
    let done = client.wait_for_job(&started.job).await.unwrap();
    assert_eq!(done.job_state(), JobState::Completed);
}
