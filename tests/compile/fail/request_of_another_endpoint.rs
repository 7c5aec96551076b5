use sitehost::api::cloud::stack::ssl::lets_encrypt::Revoke;

async fn renew(client: &sitehost::Client) {
    // A revoke request cannot go to the renew endpoint.
    let request = Revoke::new(1, "ch-servername", "examplenz");
    let _ = client.cloud_stack_ssl_lets_encrypt_renew(&request).await;
}

fn main() {
    let _ = renew;
}
