//! Adaptive pacing against a rate limit the client is not told: the fake
//! answers at most `LIMIT` calls a second (refusing the rest as the API
//! does, HTTP 500 and its message); 1,000 calls by clients unpaced, paced at
//! the limit by hand, and adaptive, each from 1 task and from 8 at once.
//! For each: the share of attempts refused, and the calls answered a second
//! against the limit.
//! `cargo bench -p sitehost --bench pace` (`LIMIT=20 CALLS=1000` by default)

use sitehost::api::server::ListServers;
use sitehost::fake::FakeApi;
use sitehost::{AttemptOutcome, Client, RequestRate, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Counts {
    attempts: AtomicUsize,
    refused: AtomicUsize,
}

async fn run(fake: &FakeApi, rate: RequestRate, tasks: usize, calls: usize) -> (f64, f64, usize) {
    let counts = Arc::new(Counts {
        attempts: AtomicUsize::new(0),
        refused: AtomicUsize::new(0),
    });
    let seen = Arc::clone(&counts);
    let client: Client = fake
        .client_builder()
        .retry(
            RetryPolicy::default()
                .with_max_attempts(50)
                .with_first_delay(Duration::from_millis(50))
                .with_max_delay(Duration::from_secs(1)),
        )
        .max_requests_per_second(rate)
        .on_call(move |event| {
            seen.attempts.fetch_add(1, Ordering::Relaxed);
            if matches!(event.outcome, AttemptOutcome::RateLimited { .. }) {
                seen.refused.fetch_add(1, Ordering::Relaxed);
            }
        })
        .build()
        .unwrap();
    // Let the fake's window of the run before empty.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    let failed = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let client = client.clone();
            let failed = Arc::clone(&failed);
            let share = calls / tasks + usize::from(t < calls % tasks);
            tokio::spawn(async move {
                for _ in 0..share {
                    if client.send(&ListServers::new(1)).await.is_err() {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let attempts = counts.attempts.load(Ordering::Relaxed);
    let refused = counts.refused.load(Ordering::Relaxed);
    let answered = (calls - failed.load(Ordering::Relaxed)) as f64;
    (
        refused as f64 / attempts.max(1) as f64,
        answered / seconds,
        failed.load(Ordering::Relaxed),
    )
}

fn main() {
    let limit = setting("LIMIT", 20);
    let calls = setting("CALLS", 1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let fake = FakeApi::builder()
            .rate_limit(u32::try_from(limit).unwrap())
            .start()
            .await
            .unwrap();
        println!("fake limited to {limit} calls a second; {calls} calls a run");
        println!("client            tasks  refused  answered/s  of the limit  failed");
        let fixed = RequestRate::Fixed(u32::try_from(limit).unwrap());
        for (name, rate) in [
            ("unpaced", RequestRate::Unlimited),
            ("fixed at limit", fixed),
            ("adaptive", RequestRate::Adaptive),
        ] {
            for tasks in [1, 8] {
                let (refused, per_second, failed) = run(&fake, rate, tasks, calls).await;
                println!(
                    "{name:<16}  {tasks:>5}  {:>6.1}%  {per_second:>10.2}  {:>12.3}  {failed:>6}",
                    refused * 100.0,
                    per_second / limit as f64,
                );
            }
        }
    });
}
