//! `sitehost mcp --listen` against the fake API, measured side by side in
//! one run:
//!
//! 1. a `tools/call` over HTTP (loopback, keep-alive) against the same call
//!    through the library (`Client::send_value`), interleaved: the time the
//!    MCP server adds, at p50 and p99;
//! 2. 64 concurrent callers spread over 1,000 distinct keys (a fake of
//!    1,000 accounts): calls a second, errors, and the memory each cached
//!    key's client takes (resident memory before and after the first call
//!    of each key);
//! 3. from starting the `sitehost mcp --listen` process to its answer to
//!    `initialize`, against starting `true`.
//!
//! Run: `cargo bench -p sitehost-cli --bench mcp_http` (ROUNDS=N to change
//! the 2,000 interleaved rounds).

use serde_json::{Value, json};
use sitehost::Client;
use sitehost::fake::FakeApi;
use sitehost_cli::client::Template;
use sitehost_cli::mcp::http::{App, Keys, Limits, Mode, Running, Transport, serve};
use sitehost_cli::mcp::{Catalog, Options};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let fake = FakeApi::builder().accounts(1000).start().await.unwrap();
        let rounds = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(2000);
        added_time(&fake, rounds).await;
        concurrent(&fake).await;
    });
    startup();
}

async fn server(fake: &FakeApi) -> Running {
    let template = Template::new(Client::builder().base_url(fake.base_url())).unwrap();
    let limits = Limits {
        max_keys: 2000,
        max_in_flight: 64,
        ..Limits::default()
    };
    let keys = Keys::new(Mode::PerKey(Box::new(template)), limits);
    let catalog = Arc::new(Catalog::new(Options::default()));
    let app = Arc::new(App::new(catalog, keys, &Transport::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve(app, listener, None).unwrap()
}

fn tools_call(id: u64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
           "params": {"name": "dns_list_domains", "arguments": {}}})
    .to_string()
}

async fn post(http: &reqwest::Client, url: &str, key: &str, body: String) -> Result<(), String> {
    let response = http
        .post(url)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-11-25")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    let answer: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
    if !status.is_success() || answer["result"]["isError"] != json!(false) {
        return Err(format!("{status}: {text}"));
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

async fn added_time(fake: &FakeApi, rounds: usize) {
    let server = server(fake).await;
    let url = format!("http://{}/mcp", server.addr);
    let key = fake.api_keys()[0].clone();
    let client = fake.client_for(&key);
    let endpoint = sitehost::api::ENDPOINTS
        .iter()
        .find(|e| e.path == "/dns/list_domains")
        .unwrap();
    let id = client.resolve_client_id().await.unwrap();
    let request = json!({"client_id": id});
    let request = request.as_object().unwrap();
    let http = reqwest::Client::new();
    let (mut direct, mut over_http) = (Vec::new(), Vec::new());
    for n in 0..rounds + 100 {
        let start = Instant::now();
        client.send_value(endpoint, request).await.unwrap();
        let library = start.elapsed();
        let start = Instant::now();
        post(&http, &url, &key, tools_call(n as u64)).await.unwrap();
        let mcp = start.elapsed();
        // The first 100 rounds warm the connections and the caches.
        if n >= 100 {
            direct.push(library);
            over_http.push(mcp);
        }
    }
    direct.sort();
    over_http.sort();
    println!("tools/call dns_list_domains, {rounds} interleaved rounds (ms):");
    println!("| path | p50 | p99 |\n|---|---:|---:|");
    for (name, times) in [("library", &direct), ("MCP over HTTP", &over_http)] {
        let (p50, p99) = (percentile(times, 0.5), percentile(times, 0.99));
        println!("| {name} | {p50:.3} | {p99:.3} |");
    }
    let added50 = percentile(&over_http, 0.5) - percentile(&direct, 0.5);
    let added99 = percentile(&over_http, 0.99) - percentile(&direct, 0.99);
    println!("| added | {added50:.3} | {added99:.3} |\n");
}

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn concurrent(fake: &FakeApi) {
    let server = Arc::new(server(fake).await);
    let url = Arc::new(format!("http://{}/mcp", server.addr));
    let keys = Arc::new(fake.api_keys());
    let http = reqwest::Client::new();
    // The first call of each key: its client is made and cached.
    let before = resident_kib();
    for key in keys.iter() {
        post(&http, &url, key, tools_call(1)).await.unwrap();
    }
    let per_key = (resident_kib().saturating_sub(before)) as f64 / keys.len() as f64;
    let calls_each = 200;
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..64usize {
        let (url, keys, http) = (url.clone(), keys.clone(), http.clone());
        tasks.spawn(async move {
            let mut errors = 0;
            for n in 0..calls_each {
                let key = &keys[(task * 997 + n * 64) % keys.len()];
                if post(&http, &url, key, tools_call(n as u64)).await.is_err() {
                    errors += 1;
                }
            }
            errors
        });
    }
    let mut errors = 0;
    while let Some(done) = tasks.join_next().await {
        errors += done.unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let calls = 64 * calls_each;
    println!(
        "64 concurrent callers, {} keys: {calls} calls in {elapsed:.2} s, {:.0} calls a second, \
         {errors} errors; {} keys cached, about {per_key:.1} KiB resident each\n",
        keys.len(),
        calls as f64 / elapsed,
        server.app.keys().cached(),
    );
}

fn startup() {
    use std::io::{BufRead, BufReader};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime.block_on(FakeApi::start()).unwrap();
    let http = reqwest::Client::new();
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "bench", "version": "1"}}});
    let (mut served, mut process) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        let start = Instant::now();
        std::process::Command::new("true").status().unwrap();
        process.push(start.elapsed());
        let start = Instant::now();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .args(["mcp", "--listen", "127.0.0.1:0"])
            .env("SH_API_URL", fake.base_url())
            .env_remove("SH_API_KEY")
            .env_remove("SH_CLIENT_ID")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let url = first.rsplit(' ').next().unwrap().to_owned();
        runtime.block_on(async {
            let answer = http
                .post(&url)
                .header("authorization", format!("Bearer {}", fake.api_key()))
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .body(init.to_string())
                .send()
                .await
                .unwrap();
            assert!(answer.status().is_success());
            answer.text().await.unwrap();
        });
        served.push(start.elapsed());
        let _ = child.kill();
        let _ = child.wait();
    }
    served.sort();
    process.sort();
    println!(
        "sitehost mcp --listen, start to its answer to initialize (30 runs): median {:.2} ms, \
         p90 {:.2} ms (`true`: {:.2} ms)",
        percentile(&served, 0.5),
        percentile(&served, 0.9),
        percentile(&process, 0.5)
    );
}
