//! Desired state at scale, against the fake API on loopback: planning 1,000
//! DNS records in 10 zones (the calls made: one list of zones and one list of
//! records per zone, never a get per record) from an empty account and from
//! one that holds them all, and applying the 1,010 creates under a rate limit
//! (the fake refusing over RPS requests a second, the client pacing itself a
//! tenth under it), in calls a second.
//!
//! Run: `cargo bench -p sitehost --bench state` (`RPS=…` sets the limit; 200
//! unless set).

use sitehost::fake::FakeApi;
use sitehost::state::{DesiredState, Plan, PlanOptions};
use std::time::{Duration, Instant};

const ZONES: usize = 10;
const RECORDS: usize = 100;

fn state() -> String {
    let mut text = String::from("dns_zone:\n");
    for z in 0..ZONES {
        text.push_str(&format!("  - {{name: zone{z}.example.org}}\n"));
    }
    text.push_str("dns_record:\n");
    for z in 0..ZONES {
        for r in 0..RECORDS {
            text.push_str(&format!(
                "  - {{domain: zone{z}.example.org, type: A, name: host{r}.zone{z}.example.org, content: 192.0.2.{}}}\n",
                r % 250
            ));
        }
    }
    text
}

/// `1 call`, `11 calls`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let limit: u32 = std::env::var("RPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let fake = FakeApi::builder()
        .empty()
        .rate_limit(limit)
        .start()
        .await
        .expect("the fake starts");
    let client = fake
        .client_builder()
        .max_requests_per_second(limit * 9 / 10)
        .build()
        .expect("a client");
    let desired = DesiredState::from_yaml(&state()).expect("the state reads");
    let options = PlanOptions::default();

    let started = Instant::now();
    let plan = Plan::compute(&client, &desired, &options)
        .await
        .expect("a plan");
    let plan_empty = (started.elapsed(), plan.calls);
    fake.take_requests();

    let started = Instant::now();
    let report = plan.apply(&client, |_| {}).await.expect("applied");
    let applying = started.elapsed();
    assert!(report.is_complete(), "{report}");
    let sent = fake.take_requests();
    let refused = sent.iter().filter(|r| r.refused.is_some()).count();

    let mut planning = Vec::new();
    let mut calls = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let again = Plan::compute(&client, &desired, &options)
            .await
            .expect("a plan");
        planning.push(started.elapsed());
        assert!(again.is_empty(), "{again}");
        calls = again.calls;
    }
    planning.sort();

    println!("| what | result |");
    println!("|---|---|");
    println!(
        "| plan of {} records in {ZONES} zones, empty account | {}, {} |",
        ZONES * RECORDS,
        ms(plan_empty.0),
        count(plan_empty.1, "call")
    );
    println!(
        "| plan of the same, the account holding them (median of 5) | {}, {} |",
        ms(planning[2]),
        count(calls, "call")
    );
    println!(
        "| apply of {} creates, the fake limited to {limit} requests a second, the client to {} | {:.1} s, {} requests, {:.0} a second, {refused} refused |",
        plan.changes.len(),
        limit * 9 / 10,
        applying.as_secs_f64(),
        sent.len(),
        sent.len() as f64 / applying.as_secs_f64()
    );
}
