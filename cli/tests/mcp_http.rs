//! `sitehost mcp --listen` against the fake API: in process (the HTTP front
//! on 127.0.0.1, a plain HTTP client), the checks made before anything is
//! sent (401, 403, 413, 429), narrowing that cannot widen, the shared-key
//! mode's token check, schema refusals, two replicas serving one client in
//! turn; and as the `sitehost` process, no key in any output.

use serde_json::{Value, json};
use sitehost::Client;
use sitehost::fake::{FAKE_API_KEY, FakeApi};
use sitehost_cli::client::Template;
use sitehost_cli::mcp::http::{App, Keys, Limits, Mode, Running, Transport, hash, serve};
use sitehost_cli::mcp::{Catalog, Options};
use std::sync::Arc;

/// A server in process in front of `fake`, each caller acting with their
/// bearer's key.
async fn start(fake: &FakeApi, options: Options, transport: Transport, limits: Limits) -> Running {
    let template = Template::new(Client::builder().base_url(fake.base_url())).unwrap();
    start_with(Mode::PerKey(Box::new(template)), options, transport, limits).await
}

async fn start_with(mode: Mode, options: Options, transport: Transport, limits: Limits) -> Running {
    let catalog = Arc::new(Catalog::new(options));
    let app = Arc::new(App::new(catalog, Keys::new(mode, limits), &transport));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve(app, listener, None).unwrap()
}

fn writer() -> Options {
    Options {
        allow_write: true,
        ..Options::default()
    }
}

/// One HTTP exchange's status, headers and body.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn result(&self) -> Value {
        self.json()["result"].clone()
    }
}

/// A JSON-RPC request to `path` of `server`, with these headers.
async fn post(server: &Running, path: &str, headers: &[(&str, &str)], message: Value) -> Answer {
    post_raw(server, path, headers, message.to_string()).await
}

async fn post_raw(server: &Running, path: &str, headers: &[(&str, &str)], body: String) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("http://{}{path}", server.addr))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-11-25")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

fn rpc(id: i64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

fn call(name: &str, arguments: Value) -> Value {
    rpc(
        2,
        "tools/call",
        json!({"name": name, "arguments": arguments}),
    )
}

const AUTH: (&str, &str) = ("authorization", "Bearer fake-api-key");

async fn tool_names(server: &Running, path: &str, headers: &[(&str, &str)]) -> Vec<String> {
    let listed = post(server, path, headers, rpc(1, "tools/list", json!({}))).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.result()["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_without_a_bearer_key_gets_401_and_nothing_is_sent() {
    assert_eq!(FAKE_API_KEY, "fake-api-key");
    let fake = FakeApi::start().await.unwrap();
    let server = start(
        &fake,
        Options::default(),
        Transport::default(),
        Limits::default(),
    )
    .await;
    let list = call("dns_list_domains", json!({"client_id": 1}));
    for headers in [
        &[][..],
        &[("authorization", "Basic ZmFrZQ==")][..],
        &[("authorization", "Bearer ")][..],
        &[("authorization", "fake-api-key")][..],
    ] {
        let refused = post(&server, "/mcp", headers, list.clone()).await;
        assert_eq!(refused.status, 401, "{headers:?}");
        let challenge = refused.headers["www-authenticate"].to_str().unwrap();
        assert!(challenge.starts_with("Bearer"), "{challenge}");
    }
    assert!(fake.take_requests().is_empty(), "nothing is sent upstream");
    let answered = post(&server, "/mcp", &[AUTH], list).await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    assert_eq!(
        answered.result()["isError"],
        json!(false),
        "{}",
        answered.body
    );
    let sent = fake.take_requests();
    assert_eq!(sent.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_needs_no_key_and_calls_nothing() {
    let fake = FakeApi::start().await.unwrap();
    let server = start(
        &fake,
        Options::default(),
        Transport::default(),
        Limits::default(),
    )
    .await;
    let health = reqwest::get(format!("http://{}/healthz", server.addr))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let elsewhere = post(&server, "/other", &[AUTH], json!({})).await;
    assert_eq!(elsewhere.status, 404);
    assert!(fake.take_requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_or_origin_not_allowed_gets_403() {
    let fake = FakeApi::start().await.unwrap();
    let transport = Transport {
        allowed_hosts: vec!["mcp.example.com".to_owned()],
        allowed_origins: vec!["https://app.example.com".to_owned()],
    };
    let server = start(&fake, Options::default(), transport, Limits::default()).await;
    let list = rpc(1, "tools/list", json!({}));
    for headers in [
        &[AUTH, ("host", "evil.example")][..],
        &[AUTH, ("host", "mcp.example.com.evil.example")][..],
        &[AUTH, ("origin", "https://evil.example")][..],
        &[AUTH, ("origin", "null")][..],
        &[AUTH, ("origin", "http://app.example.com")][..],
        &[AUTH, ("origin", "http://localhost.evil.example")][..],
        // Before the key is looked at.
        &[("origin", "https://evil.example")][..],
    ] {
        let refused = post(&server, "/mcp", headers, list.clone()).await;
        assert_eq!(refused.status, 403, "{headers:?}: {}", refused.body);
    }
    for headers in [
        &[AUTH][..],
        &[AUTH, ("host", "mcp.example.com")][..],
        &[AUTH, ("host", "mcp.example.com:8443")][..],
        &[AUTH, ("origin", "https://app.example.com")][..],
        &[AUTH, ("origin", "http://localhost:3000")][..],
        &[AUTH, ("origin", "http://[::1]:3000")][..],
    ] {
        let answered = post(&server, "/mcp", headers, list.clone()).await;
        assert_eq!(answered.status, 200, "{headers:?}: {}", answered.body);
    }
    assert!(fake.take_requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_1_mib_gets_413_and_a_busy_key_429() {
    let fake = FakeApi::start().await.unwrap();
    let limits = Limits {
        max_in_flight: 1,
        ..Limits::default()
    };
    let server = start(&fake, Options::default(), Transport::default(), limits).await;
    let big = json!({"domain": "x".repeat(1 << 20), "client_id": 1});
    let refused = post(&server, "/mcp", &[AUTH], call("dns_list_records", big)).await;
    assert_eq!(refused.status, 413);
    assert!(fake.take_requests().is_empty());
    // A request of this key in flight: the next one waits its turn.
    let known = server.app.keys().caller(FAKE_API_KEY).unwrap();
    let held = known.in_flight.clone().try_acquire_owned().unwrap();
    let busy = post(&server, "/mcp", &[AUTH], rpc(1, "tools/list", json!({}))).await;
    assert_eq!(busy.status, 429);
    assert!(busy.headers.contains_key("retry-after"));
    // Another key is not held up by this one.
    let other = post(
        &server,
        "/mcp",
        &[("authorization", "Bearer another-key")],
        rpc(1, "tools/list", json!({})),
    )
    .await;
    assert_eq!(other.status, 200);
    drop(held);
    let free = post(&server, "/mcp", &[AUTH], rpc(1, "tools/list", json!({}))).await;
    assert_eq!(free.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_narrows_the_tools_and_cannot_widen_them() {
    let fake = FakeApi::start().await.unwrap();
    let server = start(&fake, writer(), Transport::default(), Limits::default()).await;
    let all = tool_names(&server, "/mcp", &[AUTH]).await;
    assert!(all.contains(&"dns_add_record".to_owned()));
    assert!(
        !all.contains(&"dns_delete_record".to_owned()),
        "the server's ceiling"
    );
    for (path, headers) in [
        ("/mcp/readonly", &[AUTH][..]),
        ("/mcp", &[AUTH, ("x-mcp-readonly", "true")][..]),
    ] {
        let read = tool_names(&server, path, headers).await;
        assert!(read.len() < all.len() && read.contains(&"dns_list_domains".to_owned()));
        assert!(!read.contains(&"dns_add_record".to_owned()));
        assert!(!read.contains(&"sitehost_apply".to_owned()));
        let refused = post(
            &server,
            path,
            headers,
            call("dns_add_record", json!({"client_id": 1})),
        )
        .await;
        let said = refused.result()["content"][0]["text"].to_string();
        assert!(said.contains("read-only"), "{}", refused.body);
    }
    let dns = tool_names(&server, "/mcp", &[AUTH, ("x-mcp-tools", "dns/*, ssh/*")]).await;
    assert!(!dns.is_empty());
    assert!(
        dns.iter()
            .all(|n| n.starts_with("dns_") || n.starts_with("ssh_")),
        "{dns:?}"
    );
    let outside = post(
        &server,
        "/mcp",
        &[AUTH, ("x-mcp-tools", "dns/*")],
        call("server_list_servers", json!({"client_id": 1})),
    )
    .await;
    assert!(
        outside
            .body
            .contains("not among the tools this caller chose")
    );
    // No header widens the server's ceiling.
    for headers in [
        &[AUTH, ("x-mcp-tools", "*")][..],
        &[AUTH, ("x-mcp-readonly", "false")][..],
        &[AUTH, ("x-mcp-tools", "dns/delete_record")][..],
    ] {
        let names = tool_names(&server, "/mcp", headers).await;
        assert!(
            !names.contains(&"dns_delete_record".to_owned()),
            "{headers:?}"
        );
        let refused = post(
            &server,
            "/mcp",
            headers,
            call(
                "dns_delete_record",
                json!({"client_id": 1, "domain": "example.nz", "record_id": "1"}),
            ),
        )
        .await;
        assert!(
            refused.body.contains("--allow-destructive"),
            "{}",
            refused.body
        );
    }
    assert!(fake.take_requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shared_key_serves_only_the_listed_tokens() {
    let fake = FakeApi::start().await.unwrap();
    let mode = Mode::Shared {
        client: fake.client(),
        tokens: vec![hash("team-token-1"), hash("team-token-2")],
    };
    let server = start_with(
        mode,
        Options::default(),
        Transport::default(),
        Limits::default(),
    )
    .await;
    let list = call("dns_list_domains", json!({}));
    for token in ["team-token-3", "fake-api-key", "team-token-1x"] {
        let bearer = format!("Bearer {token}");
        let refused = post(&server, "/mcp", &[("authorization", &bearer)], list.clone()).await;
        assert_eq!(refused.status, 401, "{token}");
    }
    assert!(fake.take_requests().is_empty());
    for token in ["team-token-1", "team-token-2"] {
        let bearer = format!("Bearer {token}");
        let answered = post(&server, "/mcp", &[("authorization", &bearer)], list.clone()).await;
        assert_eq!(answered.status, 200, "{token}");
        assert_eq!(
            answered.result()["isError"],
            json!(false),
            "{}",
            answered.body
        );
    }
    assert_eq!(fake.take_requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_own_tools_refuse_arguments_their_schema_does_not_allow() {
    let fake = FakeApi::start().await.unwrap();
    let server = start(&fake, writer(), Transport::default(), Limits::default()).await;
    for (tool, arguments) in [
        ("sitehost_plan", json!({"state": {}, "force": "yes"})),
        ("sitehost_plan", json!({"state": null})),
        (
            "sitehost_apply",
            json!({"state": {}, "prune": "dns_record"}),
        ),
        ("sitehost_job_wait", json!({"id": 1})),
    ] {
        let refused = post(&server, "/mcp", &[AUTH], call(tool, arguments.clone())).await;
        assert_eq!(
            refused.result()["isError"],
            json!(true),
            "{tool} {arguments}"
        );
        assert!(
            refused.body.contains("invalid arguments"),
            "{}",
            refused.body
        );
    }
    assert!(fake.take_requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_serve_one_client_in_turn() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let a = start(&fake, writer(), Transport::default(), Limits::default()).await;
    let b = start(&fake, writer(), Transport::default(), Limits::default()).await;
    let init = rpc(
        1,
        "initialize",
        json!({"protocolVersion": "2025-11-25", "capabilities": {},
               "clientInfo": {"name": "sitehost-tests", "version": "1"}}),
    );
    let initialized = post(&a, "/mcp", &[AUTH], init).await;
    assert_eq!(initialized.result()["serverInfo"]["name"], "sitehost");
    let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    assert!(post(&b, "/mcp", &[AUTH], note).await.status < 300);
    let zone = json!({"client_id": 1, "domain": "example.org"});
    let created = post(&a, "/mcp", &[AUTH], call("dns_create_domain", zone)).await;
    assert_eq!(
        created.result()["isError"],
        json!(false),
        "{}",
        created.body
    );
    let listed = post(
        &b,
        "/mcp",
        &[AUTH],
        call("dns_list_domains", json!({"client_id": 1})),
    )
    .await;
    assert!(listed.body.contains("example.org"), "{}", listed.body);
    assert!(tool_names(&a, "/mcp", &[AUTH]).await == tool_names(&b, "/mcp", &[AUTH]).await);
}

#[test]
fn the_process_prints_its_url_and_no_key() {
    use std::io::{BufRead, BufReader};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime.block_on(FakeApi::start()).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sitehost"))
        // A port alone: one of loopback's.
        .args(["mcp", "--listen", "0"])
        .env("SH_API_URL", fake.base_url())
        .env_remove("SH_API_KEY")
        .env_remove("SH_CLIENT_ID")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.rsplit(' ').next().unwrap().to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/mcp"),
        "{first}"
    );
    let post = |key: &str, message: Value| {
        let client = reqwest::Client::new();
        let request = client
            .post(&url)
            .header("authorization", format!("Bearer {key}"))
            .header("accept", "application/json, text/event-stream")
            .header("content-type", "application/json")
            .body(message.to_string());
        runtime.block_on(async { request.send().await.unwrap().text().await.unwrap() })
    };
    let mut answers = Vec::new();
    answers.push(post(
        FAKE_API_KEY,
        call("dns_list_domains", json!({"client_id": 1})),
    ));
    answers.push(post(
        "wrong-key-0123456789",
        call("dns_list_domains", json!({"client_id": 1})),
    ));
    answers.push(post(
        FAKE_API_KEY,
        call("dns_list_records", json!({"domain": 5})),
    ));
    let _ = child.kill();
    let log: Vec<String> = lines.map_while(Result::ok).collect();
    assert_eq!(log.len(), 3, "one access log line per request: {log:?}");
    assert!(log[0].contains("tools/call dns_list_domains ok"), "{log:?}");
    assert!(log[1].contains("tool-error"), "{log:?}");
    let _ = child.wait();
    for text in answers.iter().chain(&log) {
        assert!(!text.contains(FAKE_API_KEY), "{text}");
        assert!(!text.contains("wrong-key-0123456789"), "{text}");
        assert!(!text.contains("fake-api"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_callers_at_once_each_act_in_their_own_account() {
    let fake = FakeApi::builder()
        .accounts(64)
        .empty()
        .start()
        .await
        .unwrap();
    let keys = fake.api_keys();
    assert_eq!(keys.len(), 64);
    let server = Arc::new(start(&fake, writer(), Transport::default(), Limits::default()).await);
    let mut calls = tokio::task::JoinSet::new();
    for (n, key) in keys.iter().enumerate() {
        let (server, key) = (server.clone(), key.clone());
        calls.spawn(async move {
            let bearer = format!("Bearer {key}");
            let auth = [("authorization", bearer.as_str())];
            // No client_id: each caller's default is their key's account.
            let zone = json!({"domain": format!("zone{n}.example.nz")});
            let created = post(&server, "/mcp", &auth, call("dns_create_domain", zone)).await;
            let listed = post(&server, "/mcp", &auth, call("dns_list_domains", json!({}))).await;
            (n, key, created, listed)
        });
    }
    let mut bodies = Vec::new();
    while let Some(done) = calls.join_next().await {
        let (n, key, created, listed) = done.unwrap();
        assert_eq!(
            created.result()["isError"],
            json!(false),
            "{}",
            created.body
        );
        let zones = &listed.result()["structuredContent"]["items"];
        assert_eq!(zones.as_array().map(Vec::len), Some(1), "{}", listed.body);
        assert_eq!(zones[0]["name"], format!("zone{n}.example.nz"));
        let held = fake.resource_of(&key, "dns_zone");
        assert_eq!(held.len(), 1, "account {n}: {held:?}");
        assert_eq!(held[0]["name"], format!("zone{n}.example.nz"));
        bodies.push(created.body);
        bodies.push(listed.body);
    }
    assert_eq!(server.app.keys().cached(), 64);
    for body in &bodies {
        assert!(keys.iter().all(|k| !body.contains(k.as_str())), "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_tls_the_server_answers_over_https() {
    let fake = FakeApi::start().await.unwrap();
    let tls_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let tls =
        sitehost_cli::mcp::http::acceptor(&tls_dir.join("cert.pem"), &tls_dir.join("key.pem"))
            .unwrap();
    let template = Template::new(Client::builder().base_url(fake.base_url())).unwrap();
    let keys = Keys::new(Mode::PerKey(Box::new(template)), Limits::default());
    let catalog = Arc::new(Catalog::new(Options::default()));
    let app = Arc::new(App::new(catalog, keys, &Transport::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = serve(app, listener, Some(tls)).unwrap();
    let ca = std::fs::read(tls_dir.join("ca.pem")).unwrap();
    let https = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&ca).unwrap()])
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/mcp", server.addr.port());
    let answer = https
        .post(&url)
        .header("authorization", "Bearer fake-api-key")
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(call("dns_list_domains", json!({})).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    assert_eq!(body["result"]["isError"], json!(false), "{body}");
    // Plain HTTP to the TLS port is not answered.
    let plain = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/mcp", server.addr.port()))
        .body("{}")
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    // Nor a client that does not trust the certificate.
    assert!(reqwest::Client::new().get(&url).send().await.is_err());
}

#[test]
fn a_network_address_needs_tls_or_insecure_http() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .arg("mcp")
            .args(args)
            .env("SH_API_URL", "http://127.0.0.1:9")
            .env_remove("SH_API_KEY")
            .env_remove("SH_CLIENT_ID")
            .output()
            .unwrap()
    };
    let refused = run(&["--listen", "0.0.0.0:0"]);
    let loopback = run(&["--listen", "not-a-port"]);
    assert_eq!(
        loopback.status.code(),
        Some(2),
        "an address that is not one"
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("--tls-cert") && said.contains("--insecure-http"),
        "{said}"
    );
    let both = run(&["--listen", "127.0.0.1:0", "--shared-key"]);
    assert_eq!(both.status.code(), Some(2), "--shared-key needs --tokens");
    let no_listen = run(&["--insecure-http"]);
    assert_eq!(
        no_listen.status.code(),
        Some(2),
        "--insecure-http needs --listen"
    );
}
