//! A destructive tool asks the user to confirm before it acts, where the
//! client declared it can be asked (elicitation), over a stdio session in
//! process: declined, nothing is sent; confirmed, the call is made; a client
//! that cannot be asked is not.

use serde_json::{Value, json};
use sitehost::fake::FakeApi;
use support::mcp_pipe::Pipe;

mod support {
    pub mod mcp_pipe;
}

/// A session with a server that may delete, of a client with these
/// capabilities.
async fn session(fake: &FakeApi, capabilities: Value) -> Pipe {
    let options = sitehost_cli::mcp::Options {
        allow_destructive: true,
        ..Default::default()
    };
    let server = sitehost_cli::mcp::Server::new(fake.client(), options);
    Pipe::start(server, "2025-11-25", capabilities).await
}

/// The call deleting the fake's first DNS record.
fn delete_record(fake: &FakeApi) -> Value {
    let record = fake.resource("dns_record")[0].clone();
    json!({"name": "dns_delete_record",
           "arguments": {"domain": record["domain"], "record_id": record["id"]}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_destructive_call_waits_for_the_users_confirmation() {
    let fake = FakeApi::start().await.unwrap();
    let mut pipe = session(&fake, json!({"elicitation": {}})).await;
    let records = || fake.resource("dns_record").len();
    let before = records();
    fake.take_requests();

    let declined = json!({"action": "decline"});
    let answer = pipe
        .request("tools/call", delete_record(&fake), Some(declined))
        .await
        .0;
    assert_eq!(answer["result"]["isError"], true, "{answer}");
    assert!(answer.to_string().contains("not confirmed"), "{answer}");
    assert_eq!(pipe.asked.len(), 1);
    let question = pipe.asked[0]["params"]["message"].as_str().unwrap();
    assert!(question.contains("dns_delete_record"), "{question}");
    assert!(fake.take_requests().is_empty(), "nothing is sent");

    let unchecked = json!({"action": "accept", "content": {"confirm": false}});
    let answer = pipe
        .request("tools/call", delete_record(&fake), Some(unchecked))
        .await
        .0;
    assert_eq!(answer["result"]["isError"], true, "{answer}");
    assert!(fake.take_requests().is_empty(), "nothing is sent");

    let confirmed = json!({"action": "accept", "content": {"confirm": true}});
    let answer = pipe
        .request("tools/call", delete_record(&fake), Some(confirmed))
        .await
        .0;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    assert_eq!(records(), before - 1);

    // A read is never asked about.
    let result = pipe.call("dns_list_domains", json!({})).await;
    assert_eq!(result["isError"], false, "{result}");
    assert_eq!(pipe.asked.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_cannot_be_asked_is_not() {
    let fake = FakeApi::start().await.unwrap();
    let mut pipe = session(&fake, json!({})).await;
    let before = fake.resource("dns_record").len();
    let answer = pipe
        .request("tools/call", delete_record(&fake), None)
        .await
        .0;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    assert_eq!(fake.resource("dns_record").len(), before - 1);
    assert!(pipe.asked.is_empty());
}
