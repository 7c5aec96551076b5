//! The generic send path, jobs, previews, and the response and error types.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost::shapes::{JobRef, JobStatus};
use sitehost::{Client, Error, JobReference, JobState, Request, StartsJob, WaitOptions};
use std::time::Duration;

/// Works for any endpoint: generic code over the Request trait.
async fn send_any<R: Request>(client: &Client, request: &R) -> Result<R::Output, Error> {
    client.send(request).await
}

fn describe(error: &Error) -> String {
    match error {
        Error::Api {
            msg, http_status, ..
        } => format!("refused ({http_status}): {msg}"),
        Error::Http {
            http_status,
            snippet,
            ..
        } => format!("HTTP {http_status}: {snippet}"),
        Error::Decode { reason, .. } => format!("bad response: {reason}"),
        Error::Timeout { after, .. } => format!("timed out after {after:?}"),
        Error::TooLarge { limit, .. } => format!("over {limit} bytes"),
        Error::Transport { kind, .. } => kind.to_string(),
        Error::InvalidParameter { param, reason, .. } => format!("{param} {reason}"),
        Error::JobFailed {
            message, status, ..
        } => format!("{message:?} {}", status.logs.len()),
        Error::JobTimeout { last_state, .. } => format!("{last_state:?}"),
        // Error is non-exhaustive: new kinds of failure may be added.
        other => other.to_string(),
    }
}

/// The client can be shared across tasks and threads, and its futures can be spawned.
fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
fn spawnable<F: std::future::Future + Send>(_: &F) {}

async fn run() -> Result<(), Error> {
    let fake = FakeApi::start().await.expect("fake API");
    let client = fake.client();
    let renew = Renew::new(1, "ch-servername", "examplenz");
    shareable(&client);
    spawnable(&client.send(&renew));
    spawnable(&client.cloud_stack_ssl_lets_encrypt_renew(&renew));
    spawnable(&client.wait_for_job(&sitehost::Job {
        id: 1,
        job_type: sitehost::JobType::Daemon,
    }));

    // The raw output of a job-starting endpoint is its job reference.
    let reference: JobRef = send_any(&client, &renew).await?;
    let id: i64 = reference.job_id();
    assert_eq!(id, reference.job_id);
    assert_eq!(<Renew as StartsJob>::JOB_TYPE, sitehost::JobType::Scheduler);
    assert_eq!(Renew::ENDPOINT.version, "1.3");

    // start() returns a Job; waits may use the client's options or their own.
    let job = client.start(&renew).await?;
    let done: JobStatus = client
        .wait_for_job_with(
            &job,
            &WaitOptions::default()
                .with_first_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(10))
                .with_timeout(Duration::from_secs(5)),
        )
        .await?;
    assert_eq!(sitehost::JobProgress::job_state(&done), JobState::Completed);

    // A preview shows what would be sent, key hidden.
    let preview = client.preview(&renew)?;
    assert_eq!(preview.names(), ["apikey", "client_id", "server", "name"]);

    // Errors carry the API's msg and the HTTP status.
    let error = client
        .send(&Get::new(sitehost::JobType::Scheduler, -1))
        .await
        .unwrap_err();
    assert_eq!(error.msg(), Some("Job not found."));
    assert_eq!(error.http_status(), Some(200));
    assert!(describe(&error).contains("Job not found."));
    let _: &dyn std::error::Error = &error;
    Ok(())
}

pub fn main() {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run())
        .expect("calls succeed");
}
