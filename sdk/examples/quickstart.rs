//! Renews and then revokes the Let's Encrypt certificates of a stack.
//!
//! By default it runs against the fake API built into the crate (feature
//! `fake`), so it needs no account:
//!
//!     cargo run --example quickstart
//!
//! With `SH_API_URL` set it talks to that API instead, using `SH_API_KEY`
//! (and `SH_SERVER`, `SH_STACK` for the stack to act on; `SH_CLIENT_ID`, or
//! else the key's own account, learned from the API). It then really renews
//! and revokes that stack's certificates:
//!
//!     SH_API_URL=https://api.staging.sitehost.nz SH_API_KEY=... \
//!         SH_SERVER=ch-myserver SH_STACK=mystack cargo run --example quickstart

use sitehost::api::cloud::stack::ssl::lets_encrypt::{Renew, Revoke};
use sitehost::fake::FakeApi;
use sitehost::{Client, Job};

/// Waits for a job the API started, and says how it ended.
async fn wait(client: &Client, job: Job) -> Result<(), sitehost::Error> {
    println!("   -> started {} job {}", job.job_type, job.id);
    let finished = client.wait_for_job(&job).await?;
    println!(
        "   -> job {}: {}\n",
        finished.state,
        sitehost::JobProgress::last_log(&finished).unwrap_or("")
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the fake alive for the whole run when it is used.
    let (client, fake) = match std::env::var("SH_API_URL") {
        Ok(url) if !url.trim().is_empty() => {
            println!("Using the API at {url}\n");
            (Client::from_env()?, None)
        }
        _ => {
            let fake = FakeApi::start().await?;
            println!("Using the fake SiteHost API at {}\n", fake.base_url());
            (fake.client(), Some(fake))
        }
    };
    let client_id = client.resolve_client_id().await?;
    let server = std::env::var("SH_SERVER").unwrap_or_else(|_| "ch-servername".to_owned());
    let stack = std::env::var("SH_STACK").unwrap_or_else(|_| "examplenz".to_owned());

    // Renew: API 1.3, one container.
    let renew = Renew::new(client_id, server.as_str(), stack.as_str()).containers(["example.nz"]);
    println!("1. Renew the certificate\n{}\n", client.preview(&renew)?);
    wait(
        &client,
        client.cloud_stack_ssl_lets_encrypt_renew(&renew).await?,
    )
    .await?;

    // Revoke: API 1.2, every container of the stack.
    let revoke = Revoke::new(client_id, server.as_str(), stack.as_str());
    println!("2. Revoke the certificates\n{}\n", client.preview(&revoke)?);
    wait(
        &client,
        client.cloud_stack_ssl_lets_encrypt_revoke(&revoke).await?,
    )
    .await?;

    if let Some(fake) = fake {
        println!("The fake API received {} requests:", fake.requests().len());
        for request in fake.requests() {
            println!(
                "  {} {}  [{}]",
                request.method,
                request.path,
                request.names().join(", ")
            );
        }
    }
    Ok(())
}
