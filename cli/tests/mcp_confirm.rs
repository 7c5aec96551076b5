//! A destructive tool asks the user to confirm before it acts, where the
//! client declared it can be asked (elicitation), over a stdio session in
//! process: declined, nothing is sent; confirmed, the call is made; a client
//! that cannot be asked is not.

use serde_json::{Value, json};
use sitehost::fake::FakeApi;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// One session over an in-memory pipe, as over stdio.
struct Pipe {
    writer: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    reader: tokio::io::Lines<tokio::io::BufReader<tokio::io::ReadHalf<tokio::io::DuplexStream>>>,
    /// The questions the server asked.
    asked: Vec<Value>,
}

impl Pipe {
    async fn start(fake: &FakeApi, capabilities: Value) -> Pipe {
        use rmcp::ServiceExt;
        let options = sitehost_cli::mcp::Options {
            allow_destructive: true,
            ..Default::default()
        };
        let server = sitehost_cli::mcp::Server::new(fake.client(), options);
        let (ours, theirs) = tokio::io::duplex(1 << 20);
        tokio::spawn(async move {
            if let Ok(running) = server.serve(tokio::io::split(theirs)).await {
                let _ = running.waiting().await;
            }
        });
        let (read, writer) = tokio::io::split(ours);
        let mut pipe = Pipe {
            writer,
            reader: tokio::io::BufReader::new(read).lines(),
            asked: Vec::new(),
        };
        let init = json!({"protocolVersion": "2025-11-25", "capabilities": capabilities,
                          "clientInfo": {"name": "sitehost-tests", "version": "1"}});
        let answer = pipe.request(1, "initialize", init, None).await;
        assert_eq!(answer["result"]["serverInfo"]["name"], "sitehost");
        pipe.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        pipe
    }

    async fn send(&mut self, message: Value) {
        let line = format!("{message}\n");
        self.writer.write_all(line.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Sends a request and returns its answer, answering each question of
    /// the server with `reply` on the way.
    async fn request(
        &mut self,
        id: i64,
        method: &str,
        params: Value,
        reply: Option<Value>,
    ) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let line = tokio::time::timeout(Duration::from_secs(30), self.reader.next_line())
                .await
                .expect("the server answers within 30 s")
                .unwrap()
                .expect("the server is running");
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            if message["method"] == "elicitation/create" {
                self.asked.push(message.clone());
                let result = reply.clone().expect("no question expected");
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}))
                    .await;
            }
        }
    }
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
    let mut pipe = Pipe::start(&fake, json!({"elicitation": {}})).await;
    let records = || fake.resource("dns_record").len();
    let before = records();
    fake.take_requests();

    let declined = json!({"action": "decline"});
    let answer = pipe
        .request(2, "tools/call", delete_record(&fake), Some(declined))
        .await;
    assert_eq!(answer["result"]["isError"], true, "{answer}");
    assert!(answer.to_string().contains("not confirmed"), "{answer}");
    assert_eq!(pipe.asked.len(), 1);
    let question = pipe.asked[0]["params"]["message"].as_str().unwrap();
    assert!(question.contains("dns_delete_record"), "{question}");
    assert!(fake.take_requests().is_empty(), "nothing is sent");

    let unchecked = json!({"action": "accept", "content": {"confirm": false}});
    let answer = pipe
        .request(3, "tools/call", delete_record(&fake), Some(unchecked))
        .await;
    assert_eq!(answer["result"]["isError"], true, "{answer}");
    assert!(fake.take_requests().is_empty(), "nothing is sent");

    let confirmed = json!({"action": "accept", "content": {"confirm": true}});
    let answer = pipe
        .request(4, "tools/call", delete_record(&fake), Some(confirmed))
        .await;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    assert_eq!(records(), before - 1);

    // A read is never asked about.
    let read = json!({"name": "dns_list_domains", "arguments": {}});
    let answer = pipe.request(5, "tools/call", read, None).await;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    assert_eq!(pipe.asked.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_cannot_be_asked_is_not() {
    let fake = FakeApi::start().await.unwrap();
    let mut pipe = Pipe::start(&fake, json!({})).await;
    let before = fake.resource("dns_record").len();
    let answer = pipe
        .request(2, "tools/call", delete_record(&fake), None)
        .await;
    assert_eq!(answer["result"]["isError"], false, "{answer}");
    assert_eq!(fake.resource("dns_record").len(), before - 1);
    assert!(pipe.asked.is_empty());
}
