//! Every way to build the requests of the spec, and their client methods,
//! run against the fake API.

use sitehost::api::cloud::stack::ssl::lets_encrypt::{Renew, Revoke};
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost::{Client, Error, Job, JobType};

async fn run() -> Result<(), Error> {
    let fake = FakeApi::start().await.expect("fake API");
    let client: Client = fake.client();

    // Required parameters in new(); text from &str, String or anything Into<String>.
    let server = String::from("ch-servername");
    let renew = Renew::new(1, server.clone(), "examplenz");
    let renew = renew.containers(["example.nz"]);
    let renew = renew.containers(vec![String::from("a"), String::from("b")]);
    let renew = renew.containers(["x", "y"].iter().map(|s| s.to_string()));
    let renew = renew.containers(Vec::<String>::new());
    assert_eq!(renew.client_id, 1);
    assert_eq!(renew.server, server);
    assert!(renew.containers.is_empty());

    // Plain data: clone, compare, debug, and fields to read or change.
    let mut revoke = Revoke::new(2, "ch-servername", "examplenz").containers(["example.nz"]);
    revoke.client_id = 1;
    let copy = revoke.clone();
    assert_eq!(copy, revoke);
    let _ = format!("{revoke:?}");

    // One method per endpoint; job-starting ones return a Job.
    let job: Job = client.cloud_stack_ssl_lets_encrypt_renew(&renew).await?;
    assert_eq!(job.job_type, JobType::Scheduler);
    let job: Job = client.cloud_stack_ssl_lets_encrypt_revoke(&revoke).await?;

    // A keyword parameter (`type`) is a raw identifier; a job's type is an enum.
    let get = Get::new(JobType::Scheduler, job.id);
    assert_eq!(get.r#type, JobType::Scheduler);
    let status: sitehost::shapes::JobStatus = client.job_get(&get).await?;
    let _: &str = &status.state;
    let _: &Vec<sitehost::shapes::JobLog> = &status.logs;
    // What the client waits with is the same type.
    let _: &sitehost::JobStatus = &status;
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
