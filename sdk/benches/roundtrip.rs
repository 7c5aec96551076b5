//! Round trips on loopback: the SDK against the same request written by hand
//! with reqwest, to the same server in the same run, interleaved.
//! `cargo bench -p sitehost --bench roundtrip`
//!
//! The server (its own thread) answers every POST with renew's documented
//! response. The clients run on a single-threaded runtime in the main thread.
//!
//! For a profiler, `ROUNDTRIP_ONLY=sdk` (or `hand`) runs only that side's
//! concurrent rounds, `ROUNDTRIP_ROUNDS` of them (20 by default), and prints
//! nothing: `ROUNDTRIP_ONLY=sdk perf record target/release/deps/roundtrip-*`.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_derived::Deserialize;
use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::{Client, RetryPolicy};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const KEY: &str = "0123456789abcdef0123456789abcdef";
const RESPONSE: &str = r#"{"return":{"job_id":"3433562"},"msg":"Successful","status":true}"#;
const SEQUENTIAL: usize = 4000;
const CONCURRENCY: usize = 64;
const PER_TASK: usize = 100;
/// Paired rounds at concurrency 64: the machine's noise comes in bursts
/// longer than a round, so the median of many short pairs is what holds
/// still from run to run.
const ROUNDS: usize = 31;

fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
                .await
                .unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let service = service_fn(
                        |request: hyper::Request<hyper::body::Incoming>| async move {
                            let body = request.into_body().collect().await?.to_bytes();
                            std::hint::black_box(body);
                            let mut response = hyper::Response::new(Full::new(Bytes::from_static(
                                RESPONSE.as_bytes(),
                            )));
                            response.headers_mut().insert(
                                hyper::header::CONTENT_TYPE,
                                hyper::header::HeaderValue::from_static("application/json"),
                            );
                            Ok::<_, hyper::Error>(response)
                        },
                    );
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    rx.recv().unwrap()
}

/// The same call, written by hand: the body, the POST, the envelope.
#[derive(Deserialize)]
#[serde(crate = "serde_derived")]
struct Envelope {
    #[serde(rename = "return")]
    value: Option<JobRef>,
    status: bool,
}

#[derive(Deserialize)]
#[serde(crate = "serde_derived")]
struct JobRef {
    job_id: String,
}

async fn by_hand(http: &reqwest::Client, url: &str) -> u64 {
    let body = format!(
        "apikey={KEY}&client_id=1&server=ch-servername&name=examplenz&containers%5B0%5D=example.nz"
    );
    let response = http
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    let envelope: Envelope = serde_json::from_slice(&bytes).unwrap();
    assert!(envelope.status);
    envelope.value.unwrap().job_id.parse().unwrap()
}

async fn by_sdk(client: &Client, request: &Renew) -> u64 {
    client.send(request).await.unwrap().job_id as u64
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let addr = start_server();
    let base = format!("http://{addr}");
    let url = format!("{base}/1.3/cloud/stack/ssl/lets_encrypt/renew.json");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sdk = Client::builder()
            .api_key(KEY)
            .base_url(&base)
            .retry(RetryPolicy::never())
            .build()
            .unwrap();
        let http = reqwest::Client::builder()
            .user_agent(sitehost::USER_AGENT)
            .connect_timeout(sitehost::DEFAULT_CONNECT_TIMEOUT)
            .timeout(sitehost::DEFAULT_TIMEOUT)
            .build()
            .unwrap();
        let request = Renew::new(1, "ch-servername", "examplenz").containers(["example.nz"]);

        // Warm both connection pools.
        for _ in 0..200 {
            by_sdk(&sdk, &request).await;
            by_hand(&http, &url).await;
        }
        if let Ok(side) = std::env::var("ROUNDTRIP_ONLY") {
            let rounds = std::env::var("ROUNDTRIP_ROUNDS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(20);
            for _ in 0..rounds {
                concurrent_round(&sdk, &http, &url, &request, side == "sdk").await;
            }
            return;
        }
        sequential(&sdk, &http, &url, &request).await;
        concurrent(&sdk, &http, &url, &request).await;
    });
}

/// Sequential calls, alternating which side goes first.
async fn sequential(sdk: &Client, http: &reqwest::Client, url: &str, request: &Renew) {
    let (mut sdk_times, mut hand_times) = (Vec::new(), Vec::new());
    for i in 0..SEQUENTIAL {
        let mut time_sdk = async || {
            let start = Instant::now();
            std::hint::black_box(by_sdk(sdk, request).await);
            sdk_times.push(start.elapsed());
        };
        if i % 2 == 0 {
            time_sdk().await;
            let start = Instant::now();
            std::hint::black_box(by_hand(http, url).await);
            hand_times.push(start.elapsed());
        } else {
            let start = Instant::now();
            std::hint::black_box(by_hand(http, url).await);
            hand_times.push(start.elapsed());
            time_sdk().await;
        }
    }
    let (sdk_median, hand_median) = (median(sdk_times), median(hand_times));
    println!("sequential renew calls ({SEQUENTIAL} each, interleaved):");
    println!(
        "  median SDK       {:>8.1} µs",
        sdk_median.as_secs_f64() * 1e6
    );
    println!(
        "  median by hand   {:>8.1} µs",
        hand_median.as_secs_f64() * 1e6
    );
    println!(
        "  ratio SDK / hand {:>8.3}",
        sdk_median.as_secs_f64() / hand_median.as_secs_f64()
    );
}

/// One round at concurrency 64 on one shared client, by the SDK or by
/// hand: the calls made a second.
async fn concurrent_round(
    sdk: &Client,
    http: &reqwest::Client,
    url: &str,
    request: &Renew,
    use_sdk: bool,
) -> f64 {
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (sdk, http, url, request) =
            (sdk.clone(), http.clone(), url.to_owned(), request.clone());
        tasks.spawn(async move {
            for _ in 0..PER_TASK {
                if use_sdk {
                    by_sdk(&sdk, &request).await;
                } else {
                    by_hand(&http, &url).await;
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    (CONCURRENCY * PER_TASK) as f64 / start.elapsed().as_secs_f64()
}

/// Concurrency 64 on one shared client: rounds in pairs, which side goes
/// first alternating from pair to pair.
async fn concurrent(sdk: &Client, http: &reqwest::Client, url: &str, request: &Renew) {
    let round = |use_sdk: bool| concurrent_round(sdk, http, url, request, use_sdk);
    let (mut sdk_rates, mut hand_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for pair in 0..ROUNDS {
        let (sdk_rate, hand_rate) = if pair % 2 == 0 {
            let s = round(true).await;
            (s, round(false).await)
        } else {
            let h = round(false).await;
            (round(true).await, h)
        };
        sdk_rates.push(sdk_rate);
        hand_rates.push(hand_rate);
        ratios.push(sdk_rate / hand_rate);
    }
    ratios.sort_by(f64::total_cmp);
    sdk_rates.sort_by(f64::total_cmp);
    hand_rates.sort_by(f64::total_cmp);
    let (sdk_rate, hand_rate) = (sdk_rates[ROUNDS / 2], hand_rates[ROUNDS / 2]);
    println!(
        "concurrency {CONCURRENCY}, one shared client ({} calls a round, median of {ROUNDS} rounds each):",
        CONCURRENCY * PER_TASK
    );
    println!("  SDK       {sdk_rate:>9.0} calls/s");
    println!("  by hand   {hand_rate:>9.0} calls/s");
    println!(
        "  ratio SDK / hand {:>6.3} (median of the {ROUNDS} paired rounds' ratios; quartiles {:.3} and {:.3})",
        ratios[ROUNDS / 2],
        ratios[ROUNDS / 4],
        ratios[3 * ROUNDS / 4]
    );
}
