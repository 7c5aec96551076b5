//! Built against a crate generated from a modified copy of the spec (see
//! tests/tests/regeneration.rs); checks the wire on the loopback fake. The
//! expected fields are written out here, not derived from the spec.

use sitehost::api::cloud::stack::ssl::lets_encrypt::{Renew, Revoke};
use sitehost::api::domain::ListRecords;
use sitehost::api::network::firewall::Update;
use sitehost::fake::FakeApi;

fn fields(fake: &FakeApi) -> (String, String, Vec<(String, String)>) {
    let mut requests = fake.take_requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let r = requests.remove(0);
    assert_eq!(r.refused, None, "the fake refused: {r}");
    (r.method, r.path, r.fields)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let key = fake.api_key().to_owned();
    let key = key.as_str();

    // A new GET endpoint: query parameters in order, `type` a keyword.
    let records = client
        .domain_list_records(&ListRecords::new(1, "example.nz"))
        .await
        .unwrap();
    assert_eq!(records[0].id, 5);
    assert_eq!(records[0].r#type, "A");
    assert_eq!(records[0].ttl, 3600);
    let (method, path, got) = fields(&fake);
    assert_eq!((method.as_str(), path.as_str()), ("GET", "/1.0/domain/list_records.json"));
    assert_eq!(got, pairs(&[("apikey", key), ("client_id", "1"), ("domain", "example.nz")]));

    client
        .domain_list_records(&ListRecords::new(1, "example.nz").r#type("A"))
        .await
        .unwrap();
    let (_, _, got) = fields(&fake);
    assert_eq!(
        got,
        pairs(&[("apikey", key), ("client_id", "1"), ("domain", "example.nz"), ("type", "A")])
    );

    // A new POST endpoint: an optional parameter between two required ones,
    // absent and then present; a `name[]` list; a boolean.
    let done = client
        .network_firewall_update(&Update::new(7, "ch-servername"))
        .await
        .unwrap();
    assert_eq!(done, serde_json::Value::Bool(true));
    let (method, path, got) = fields(&fake);
    assert_eq!((method.as_str(), path.as_str()), ("POST", "/1.0/network/firewall/update.json"));
    assert_eq!(got, pairs(&[("apikey", key), ("client_id", "7"), ("server", "ch-servername")]));

    let update = Update::new(7, "ch-servername")
        .label("edge")
        .rules(["allow 22", "allow 443"])
        .enabled(true);
    client.network_firewall_update(&update).await.unwrap();
    let (_, _, got) = fields(&fake);
    assert_eq!(
        got,
        pairs(&[
            ("apikey", key),
            ("client_id", "7"),
            ("label", "edge"),
            ("server", "ch-servername"),
            ("rules[]", "allow 22"),
            ("rules[]", "allow 443"),
            ("enabled", "1"),
        ])
    );

    // Revoke moved from 1.2 to 1.3: same type and method, new URL.
    let job = client
        .cloud_stack_ssl_lets_encrypt_revoke(&Revoke::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    let (_, path, _) = fields(&fake);
    assert_eq!(path, "/1.3/cloud/stack/ssl/lets_encrypt/revoke.json");
    let done = client.wait_for_job(&job).await.unwrap();
    assert_eq!(done.state, "Completed");
    // /job/get was moved to 1.3 in the spec: polls follow its URL and order.
    let polls = fake.take_requests();
    assert!(polls.len() >= 2, "{polls:?}");
    for poll in polls.iter().filter(|r| r.path.contains("job/get")) {
        assert_eq!(poll.refused, None, "{poll}");
        assert_eq!(poll.path, "/1.3/job/get.json");
        assert_eq!(
            poll.fields,
            pairs(&[("apikey", key), ("job_id", &job.id.to_string()), ("type", "scheduler")])
        );
    }

    // What did not change still works.
    client
        .cloud_stack_ssl_lets_encrypt_renew(&Renew::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    let (_, path, _) = fields(&fake);
    assert_eq!(path, "/1.3/cloud/stack/ssl/lets_encrypt/renew.json");

    println!("regeneration wire checks passed");
}
