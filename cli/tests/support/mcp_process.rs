//! One `sitehost mcp` process, spoken to over its stdin and stdout as an
//! MCP client does, every line it writes kept for the secret checks.

use serde_json::{Value, json};
use sitehost::fake::FakeApi;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// One `sitehost mcp` process, initialized.
pub struct Session {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    /// Every line the server wrote, for the secret check.
    seen: Vec<String>,
    next_id: i64,
}

impl Session {
    pub fn start(fake: &FakeApi, key: &str, flags: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .arg("mcp")
            .args(flags)
            .env("SH_API_URL", fake.base_url())
            .env("SH_API_KEY", key)
            .env("SH_CLIENT_ID", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut session = Session {
            child,
            stdin,
            lines,
            seen: Vec::new(),
            next_id: 1,
        };
        let init = session.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "sitehost-tests", "version": "1"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "sitehost", "{init}");
        session.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        session
    }

    pub fn send(&mut self, message: Value) {
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends a request; returns its response, and the notifications that
    /// came before it.
    pub fn request_with_notes(&mut self, method: &str, params: Value) -> (Value, Vec<Value>) {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let mut notes = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(30))
                .expect("the server answers within 30 s");
            self.seen.push(line.clone());
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == json!(id) {
                return (message, notes);
            }
            notes.push(message);
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_with_notes(method, params).0
    }

    pub fn call(&mut self, name: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": name, "arguments": arguments}));
        response["result"].clone()
    }

    /// Ends the session; returns everything it wrote (stdout and stderr).
    pub fn finish(self) -> String {
        drop(self.stdin);
        let output = self.child.wait_with_output().unwrap();
        let mut text = self.seen.join("\n");
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        text
    }
}
