async fn send(client: &sitehost::Client) {
    // Only the generated request types can be sent.
    let _ = client.send(&"/job/get").await;
}

fn main() {
    let _ = send;
}
