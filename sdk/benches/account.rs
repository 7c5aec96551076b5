//! Desired state of a whole account, against the fake API on loopback:
//! 10 servers with their firewalls (naming their groups by label), 50
//! stacks, 20 databases with a user each and the user's grants, 1,000 DNS
//! records in 10 zones, 10 SSH keys, 10 security groups with their rules
//! and 5 AI tokens. Applied to an empty account, then planned against it
//! (nothing to do): the calls each plan makes (one list per parent, never a
//! get per object where a list exists: a server's firewall and a group's
//! rules have none) and its time, the median of 5.
//!
//! Run: `cargo bench -p sitehost --bench account`.

use sitehost::fake::FakeApi;
use sitehost::state::{DesiredState, Plan, PlanOptions};
use std::collections::BTreeMap;
use std::time::Instant;

fn account() -> String {
    let mut t = String::new();
    let mut list = |name: &str, n: usize, each: &dyn Fn(usize) -> String| {
        t += &format!("{name}:\n");
        for i in 0..n {
            t += &format!("  - {{{}}}\n", each(i));
        }
    };
    list("server", 10, &|i| {
        format!(
            "name: srv{i}, label: web{i}, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy"
        )
    });
    list("stack", 50, &|i| {
        format!(
            "server_name: srv{}, name: s{i}, label: S{i}, docker_file: 'services: {{}}'",
            i % 10
        )
    });
    list("database", 20, &|i| {
        format!(
            "server_name: srv{}, db_name: db{i}, container: mysql8",
            i % 10
        )
    });
    list("database_user", 20, &|i| {
        format!(
            "server_name: srv{}, mysql_host: mysql8, username: u{i}, password: pw-{i}",
            i % 10
        )
    });
    list("dns_zone", 10, &|z| format!("name: z{z}.example.org"));
    list("dns_record", 1000, &|i| {
        let z = i / 100;
        format!(
            "domain: z{z}.example.org, type: A, name: h{}.z{z}.example.org, content: 192.0.2.{}",
            i % 100,
            i % 100
        )
    });
    list("ssh_key", 10, &|i| {
        format!("label: k{i}, content: ssh-ed25519 AAAAC3Nza{i} k{i}@example.org")
    });
    list("database_grant", 20, &|i| {
        format!(
            "server_name: srv{}, mysql_host: mysql8, username: u{i}, db_name: db{i}, grants: [select, insert]",
            i % 10
        )
    });
    list("security_group", 10, &|i| {
        format!(
            "label: g{i}, rules_in: [{{enabled: true, action: ACCEPT, protocol: tcp, src_ip: 0.0.0.0/0, dest_port: {}}}]",
            8000 + i
        )
    });
    list("server_firewall", 10, &|i| {
        format!(
            "server: srv{i}, groups: [{{label: g{i}}}, {{label: g{}}}]",
            (i + 1) % 10
        )
    });
    list("ai_token", 5, &|i| format!("label: t{i}"));
    t
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let fake = FakeApi::builder()
        .empty()
        .start()
        .await
        .expect("the fake starts");
    let client = fake.client();
    let desired = DesiredState::from_yaml(&account()).expect("the state reads");
    let objects: usize = desired.resources().map(|(_, o)| o.len()).sum();
    let options = PlanOptions::default();
    let first = Plan::compute(&client, &desired, &options)
        .await
        .expect("a plan");
    let started = Instant::now();
    let report = first
        .apply_keeping(&client, &mut |_| Ok(()), |_| {})
        .await
        .expect("applied");
    let applying = started.elapsed();
    assert!(report.is_complete(), "{report}");

    let mut times = Vec::new();
    let mut by_path: BTreeMap<String, usize> = BTreeMap::new();
    let mut calls = 0;
    for _ in 0..5 {
        fake.take_requests();
        let started = Instant::now();
        let again = Plan::compute(&client, &desired, &options)
            .await
            .expect("a plan");
        times.push(started.elapsed());
        assert!(again.is_empty(), "{again}");
        calls = again.calls;
        by_path.clear();
        for r in fake.take_requests() {
            *by_path.entry(r.path).or_default() += 1;
        }
    }
    times.sort();
    println!("| what | result |");
    println!("|---|---|");
    println!(
        "| apply of {objects} objects to an empty account | {:.2} s, {} changes |",
        applying.as_secs_f64(),
        first.changes.len()
    );
    println!(
        "| plan of the same against the account holding them (median of 5) | {:.1} ms, {calls} calls |",
        times[2].as_secs_f64() * 1000.0
    );
    for (path, n) in by_path {
        println!("| &nbsp;&nbsp;{path} | {n} |");
    }
}
