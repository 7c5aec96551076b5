//! The MCP server in process, served over an in-memory pipe as over stdio:
//! JSON-RPC lines in and out, notifications and the server's questions
//! (elicitation) included. Shared by the MCP tests.

use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// One session with the server.
pub struct Pipe {
    writer: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    reader: tokio::io::Lines<tokio::io::BufReader<tokio::io::ReadHalf<tokio::io::DuplexStream>>>,
    next_id: i64,
    /// The questions the server asked.
    pub asked: Vec<Value>,
}

impl Pipe {
    /// Serves `server`, and initializes a session of this protocol version
    /// with a client of these capabilities.
    pub async fn start(
        server: sitehost_cli::mcp::Server,
        version: &str,
        capabilities: Value,
    ) -> Pipe {
        use rmcp::ServiceExt;
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
            next_id: 1,
            asked: Vec::new(),
        };
        let init = json!({"protocolVersion": version, "capabilities": capabilities,
                          "clientInfo": {"name": "sitehost-tests", "version": "1"}});
        let (answer, _) = pipe.request("initialize", init, None).await;
        assert_eq!(
            answer["result"]["serverInfo"]["name"], "sitehost",
            "{answer}"
        );
        pipe.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        pipe
    }

    pub async fn send(&mut self, message: Value) {
        let line = format!("{message}\n");
        self.writer.write_all(line.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Sends a request; returns its answer and the notifications that came
    /// before it, answering each question of the server with `reply` on the
    /// way (a question without a reply to give fails the test).
    pub async fn request(
        &mut self,
        method: &str,
        params: Value,
        reply: Option<Value>,
    ) -> (Value, Vec<Value>) {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        let mut notes = Vec::new();
        loop {
            let line = tokio::time::timeout(Duration::from_secs(30), self.reader.next_line())
                .await
                .expect("the server answers within 30 s")
                .unwrap()
                .expect("the server is running");
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return (message, notes);
            }
            if message["method"] == "elicitation/create" {
                self.asked.push(message.clone());
                let result = reply.clone().expect("no question expected");
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}))
                    .await;
                continue;
            }
            notes.push(message);
        }
    }

    /// Calls a tool; returns its result.
    pub async fn call(&mut self, name: &str, arguments: Value) -> Value {
        let params = json!({"name": name, "arguments": arguments});
        self.request("tools/call", params, None).await.0["result"].clone()
    }
}
