use sitehost::api::job::Get;

async fn start(client: &sitehost::Client) {
    // /job/get starts no job: there is nothing to wait for.
    let _ = client.start(&Get::new(sitehost::JobType::Scheduler, 1)).await;
}

fn main() {
    let _ = start;
}
