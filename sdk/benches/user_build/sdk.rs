//! A user's program with the sitehost crate: renew a stack's certificate and
//! print the job.
use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = sitehost::Client::from_env()?;
    let request = Renew::new(1, "ch-servername", "examplenz").containers(["example.nz"]);
    let job = client.cloud_stack_ssl_lets_encrypt_renew(&request).await?;
    println!("{} job {}", job.job_type, job.id);
    Ok(())
}
