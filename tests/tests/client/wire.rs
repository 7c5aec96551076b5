//! The wire format, byte for byte, against a real HTTP server on loopback.
//!
//! The expected fields are written out from the API pages' own code samples
//! (`apikey`, `client_id`, `server`, `name`, `containers[0]`, …), not derived
//! from the spec or the generated code, so a transcription error fails here.

use sitehost::api::cloud::stack::ssl::lets_encrypt::{Renew, Revoke};
use sitehost::api::job::Get;
use sitehost::fake::{FAKE_API_KEY, FakeApi, RecordedRequest};

const FORM: &str = "application/x-www-form-urlencoded";

async fn one_request(fake: &FakeApi) -> RecordedRequest {
    let mut requests = fake.take_requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:?}"
    );
    requests.remove(0)
}

fn containers(n: usize) -> Vec<String> {
    ["example.nz", "www.example.nz", "shop.example.nz"][..n]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

async fn check_stack_call(version: &str, action: &str, n: usize) {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let job = match action {
        "renew" => {
            let request = Renew::new(1, "ch-servername", "examplenz").containers(containers(n));
            client.cloud_stack_ssl_lets_encrypt_renew(&request).await
        }
        _ => {
            let request = Revoke::new(1, "ch-servername", "examplenz").containers(containers(n));
            client.cloud_stack_ssl_lets_encrypt_revoke(&request).await
        }
    }
    .unwrap();
    assert_eq!(job.job_type, sitehost::JobType::Scheduler);

    let sent = one_request(&fake).await;
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.path,
        format!("/{version}/cloud/stack/ssl/lets_encrypt/{action}.json")
    );
    assert_eq!(sent.query, None, "a POST sends nothing in its URL");
    assert_eq!(sent.content_type.as_deref(), Some(FORM));
    assert_eq!(sent.refused, None, "the fake API refused: {sent}");

    let mut expected = vec![
        ("apikey", FAKE_API_KEY),
        ("client_id", "1"),
        ("server", "ch-servername"),
        ("name", "examplenz"),
    ];
    let names = ["containers[0]", "containers[1]", "containers[2]"];
    let values = ["example.nz", "www.example.nz", "shop.example.nz"];
    for i in 0..n {
        expected.push((names[i], values[i]));
    }
    let got: Vec<(&str, &str)> = sent
        .fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn renew_with_0_1_and_3_containers() {
    for n in [0, 1, 3] {
        check_stack_call("1.3", "renew", n).await;
    }
}

#[tokio::test]
async fn revoke_with_0_1_and_3_containers() {
    for n in [0, 1, 3] {
        check_stack_call("1.2", "revoke", n).await;
    }
}

#[tokio::test]
async fn renew_body_bytes_are_exact() {
    let fake = FakeApi::start().await.unwrap();
    let request =
        Renew::new(1, "ch-servername", "examplenz").containers(["example.nz", "www.example.nz"]);
    fake.client().send(&request).await.unwrap();
    let sent = one_request(&fake).await;
    assert_eq!(
        sent.body,
        "apikey=fake-api-key&client_id=1&server=ch-servername&name=examplenz\
         &containers%5B0%5D=example.nz&containers%5B1%5D=www.example.nz"
    );
}

#[tokio::test]
async fn job_get_sends_a_query_string_in_order() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let job = client
        .cloud_stack_ssl_lets_encrypt_renew(&Renew::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    fake.take_requests();
    let status = client
        .send(&Get::new(sitehost::JobType::Scheduler, job.id))
        .await
        .unwrap();
    assert_eq!(status.state, "Pending");

    let sent = one_request(&fake).await;
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.path, "/1.5/job/get.json");
    assert_eq!(sent.body, "");
    assert_eq!(
        sent.query.as_deref(),
        Some(format!("apikey=fake-api-key&type=scheduler&id={}", job.id).as_str())
    );
}

#[tokio::test]
async fn each_get_sends_its_own_query_on_the_endpoints_url() {
    use sitehost::api::dns::ListRecords;
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    // Refusals (no such zone) or not, what was sent is what is checked.
    let _ = client.send(&ListRecords::new(1, "a&b=c[0] é+%")).await;
    let _ = client.send(&ListRecords::new(2, "example.nz")).await;
    let sent = fake.take_requests();
    let got: Vec<(&str, &str, Option<&str>)> = sent
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.query.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "GET",
                "/1.5/dns/list_records.json",
                Some("apikey=fake-api-key&client_id=1&domain=a%26b%3Dc%5B0%5D+%C3%A9%2B%25"),
            ),
            (
                "GET",
                "/1.5/dns/list_records.json",
                Some("apikey=fake-api-key&client_id=2&domain=example.nz"),
            ),
        ]
    );
}

#[tokio::test]
async fn awkward_values_are_encoded_not_corrupted() {
    let fake = FakeApi::start().await.unwrap();
    let name = "a&b=c[0]\nnew line é 🦀 +%";
    fake.client()
        .send(&Renew::new(-7, "ch server", name).containers(["x&y", "[]"]))
        .await
        .unwrap();
    let sent = one_request(&fake).await;
    let got: Vec<(&str, &str)> = sent
        .fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("apikey", FAKE_API_KEY),
            ("client_id", "-7"),
            ("server", "ch server"),
            ("name", name),
            ("containers[0]", "x&y"),
            ("containers[1]", "[]"),
        ]
    );
}
