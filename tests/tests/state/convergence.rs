//! Convergence under faults: against a fake that refuses, rate-limits,
//! resets connections before and after acting and fails jobs at 20% of
//! requests (reproducibly, by seed), applying a file of about 200 objects
//! of every managed resource again and again reaches an empty plan within
//! a bounded number of applies, with no object created twice, nothing
//! outside the file changed, and each apply's report true. The servers are
//! named by the API, their groups' rules set, and their firewalls name
//! both by label (references resolved as the apply creates them).

use serde_json::{Map, Value};
use sitehost::Client;
use sitehost::fake::FakeApi;
use sitehost::state::{Action, Change, DesiredState, Plan, PlanOptions, Report};
use std::collections::BTreeMap;

/// The seeds tried.
const SEEDS: std::ops::Range<u64> = 0..8;
/// The fault rate.
const RATE: f64 = 0.2;
/// The most applies a seed may take to reach an empty plan.
const MAX_APPLIES: usize = 100;
/// The most plans that may fail on a fault (a read refused) meanwhile: a
/// plan makes about 51 reads (a get per group for its rules and per server
/// for its firewall among them), and fails when one is refused.
const MAX_FAILED_PLANS: usize = 3000;

/// About 200 objects of every resource desired state manages.
fn file() -> String {
    let mut t = String::from("dns_zone:\n");
    for z in 0..5 {
        t += &format!("  - {{name: z{z}.example.org}}\n");
    }
    t += "dns_record:\n";
    for z in 0..5 {
        for r in 0..20 {
            t += &format!(
                "  - {{domain: z{z}.example.org, type: A, name: h{r}.z{z}.example.org, content: 192.0.2.{r}}}\n"
            );
        }
    }
    let mut list = |name: &str, n: usize, each: &dyn Fn(usize) -> String| {
        t += &format!("{name}:\n");
        for i in 0..n {
            t += &format!("  - {{{}}}\n", each(i));
        }
    };
    list("ssh_key", 10, &|i| {
        format!("label: k{i}, content: ssh-ed25519 AAAAC3Nza{i} k{i}@example.org")
    });
    list("stack", 10, &|i| {
        format!(
            "server_name: ch-servername, name: s{i}, label: S{i}, docker_file: 'services: {{}}'"
        )
    });
    list("stack_variable", 10, &|i| {
        format!(
            "server: ch-servername, project: s{i}, service: s{i}, name: APP_ENV, content: production"
        )
    });
    list("database", 10, &|i| {
        format!("server_name: ch-servername, db_name: db{i}, container: mysql8")
    });
    list("database_user", 10, &|i| {
        format!(
            "server_name: ch-servername, mysql_host: mysql8, username: u{i}, password: pw-{i}-s3cret"
        )
    });
    list("database_grant", 10, &|i| {
        format!(
            "server_name: ch-servername, mysql_host: mysql8, username: u{i}, db_name: db{i}, grants: [select, insert]"
        )
    });
    list("security_group", 10, &|i| {
        format!(
            "label: g{i}, rules_in: [{{enabled: true, action: ACCEPT, protocol: tcp, src_ip: 0.0.0.0/0, dest_port: {}}}]",
            8000 + i
        )
    });
    list("cloud_ssh_user", 10, &|i| {
        format!("server_name: ch-servername, username: c{i}")
    });
    list("server", 10, &|i| {
        format!("label: web{i}, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy")
    });
    list("server_firewall", 10, &|i| {
        format!(
            "server: {{label: web{i}}}, groups: [{{label: g{i}}}, {{label: g{}}}]",
            (i + 1) % 10
        )
    });
    list("ai_token", 5, &|i| format!("label: t{i}"));
    list("volume", 2, &|i| {
        format!("server_name: ch-servername, volume_name: v{i}")
    });
    list("image", 2, &|i| format!("code: img{i}, label: Image {i}"));
    list("dns_template", 2, &|i| format!("template_name: tpl{i}"));
    list("dns_template_record", 4, &|i| {
        format!(
            "template_id: {{template_name: tpl{}}}, type: A, name: h{i}, content: 192.0.2.{i}, prio: 0",
            i % 2
        )
    });
    t
}

/// Objects the file does not name, made before the faults start.
const OUTSIDE: &str = "\
dns_zone:
  - {name: other.org}
dns_record:
  - {domain: other.org, type: A, name: other.org, content: 192.0.2.99}
ssh_key:
  - {label: outside, content: ssh-ed25519 AAAAC3NzaOUT outside@example.org}
server:
  - {name: keep1, label: keep, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}
ai_token:
  - {label: outside}
";

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether `held` (of `resource`) is the object `object` names, by the
/// fields `object` gives of its identity; a reference by match fields (a
/// firewall's `{label: web1}`) names the one object of those values in
/// `all`, by its key.
fn names(
    all: &BTreeMap<String, Vec<Value>>,
    resource: &str,
    held: &Value,
    object: &Map<String, Value>,
) -> bool {
    identity(resource).iter().all(|f| match object.get(*f) {
        None => true,
        Some(Value::Object(reference)) => {
            let (target, key) = referred(resource, f);
            let referred = all[target]
                .iter()
                .filter(|o| reference.iter().all(|(k, v)| o.get(k) == Some(v)))
                .collect::<Vec<_>>();
            referred.len() == 1 && text(referred[0].get(key)) == text(held.get(*f))
        }
        Some(v) => text(held.get(*f)) == text(Some(v)),
    })
}

/// The resource a field names by reference, and the key it holds.
fn referred(resource: &str, field: &str) -> (&'static str, &'static str) {
    match (resource, field) {
        ("server_firewall", "server") => ("server", "name"),
        ("dns_template_record", "template_id") => ("dns_template", "template_id"),
        other => panic!("no reference at {other:?}"),
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The fields that identify an object of each resource in the fake.
fn identity(resource: &str) -> &'static [&'static str] {
    match resource {
        "dns_zone" => &["name"],
        "dns_record" => &["domain", "type", "name", "content"],
        "ssh_key" | "security_group" | "ai_token" => &["label"],
        "stack" => &["server_name", "name"],
        "stack_variable" => &["server", "project", "service", "name"],
        "database" => &["server_name", "db_name"],
        "database_user" => &["server_name", "mysql_host", "username"],
        "database_grant" => &["server_name", "mysql_host", "username", "db_name"],
        "cloud_ssh_user" => &["server_name", "username"],
        "server" => &["name", "label"],
        "server_firewall" => &["server"],
        "volume" => &["server_name", "volume_name"],
        "image" => &["code"],
        "dns_template" => &["template_name"],
        "dns_template_record" => &["template_id", "type", "name", "content"],
        other => panic!("no identity for {other}"),
    }
}

/// The report says what happened: its changes are the plan's, in order,
/// and each change it calls done holds in the account.
fn check_report(fake: &FakeApi, plan: &Plan, report: &Report) {
    let failed = usize::from(report.failed.is_some());
    assert_eq!(
        report.done.len() + failed + report.not_attempted.len(),
        plan.changes.len()
    );
    assert_eq!(report.is_complete(), report.failed.is_none());
    let mut said: Vec<&Change> = report.done.iter().collect();
    said.extend(report.failed.as_ref().map(|f| &f.change));
    said.extend(&report.not_attempted);
    assert!(said.iter().zip(&plan.changes).all(|(a, b)| *a == b));
    let all = fake.state();
    for change in &report.done {
        assert_ne!(change.action, Action::Delete);
        let held = &all[change.resource];
        assert!(
            held.iter()
                .any(|h| names(&all, change.resource, h, &change.object)),
            "done, yet not held: {} {}",
            change.resource,
            change.label()
        );
    }
}

struct Converged {
    applies: usize,
    failed_plans: usize,
}

/// Applies `desired` until a plan is empty; the applies it took.
async fn converge(fake: &FakeApi, client: &Client, desired: &DesiredState) -> Converged {
    let (mut applies, mut failed_plans) = (0, 0);
    loop {
        assert!(
            applies < MAX_APPLIES,
            "no empty plan after {applies} applies"
        );
        let plan = match Plan::compute(client, desired, &PlanOptions::default()).await {
            Ok(plan) => plan,
            Err(e) => {
                failed_plans += 1;
                assert!(failed_plans < MAX_FAILED_PLANS, "plans keep failing: {e}");
                continue;
            }
        };
        if plan.is_empty() {
            return Converged {
                applies,
                failed_plans,
            };
        }
        applies += 1;
        let report = plan
            .apply_keeping(client, &mut |_| Ok(()), |_| {})
            .await
            .unwrap();
        check_report(fake, &plan, &report);
    }
}

/// What one seed's run met: the applies it took, the plans that failed on
/// a fault, and the faults served.
type Run = (u64, usize, usize, sitehost::fake::FaultCounts);

/// Converges `desired` on a fake of its own faulted by `seed`, and checks
/// what it holds after.
async fn run_seed(seed: u64, desired: &DesiredState) -> Run {
    let fake = FakeApi::builder()
        .empty()
        .fault_seed(seed)
        .start()
        .await
        .unwrap();
    let client = fake.client();
    let outside = state(OUTSIDE);
    let made = Plan::compute(&client, &outside, &PlanOptions::default())
        .await
        .unwrap()
        .apply_keeping(&client, &mut |_| Ok(()), |_| {})
        .await
        .unwrap();
    assert!(made.is_complete(), "{made}");
    let before = fake.state();
    fake.set_faults(RATE).unwrap();
    let run = converge(&fake, &client, desired).await;
    fake.set_faults(0.0).unwrap();
    let served = fake.faults_served();
    assert!(served.resets_after > 0, "seed {seed}: {served:?}");
    // Without faults, nothing is left to do.
    let last = Plan::compute(&client, desired, &PlanOptions::default())
        .await
        .unwrap();
    assert!(last.is_empty(), "seed {seed}: {last}");
    let after = fake.state();
    for (resource, objects) in desired.resources() {
        let held = &after[resource];
        let outside_count = before.get(resource).map_or(0, Vec::len);
        assert_eq!(
            held.len(),
            objects.len() + outside_count,
            "seed {seed}: {resource} created twice"
        );
        for object in objects {
            let matching = held
                .iter()
                .filter(|h| names(&after, resource, h, object))
                .count();
            assert_eq!(matching, 1, "seed {seed}: {resource} {object:?}");
        }
    }
    // Nothing outside the file changed.
    for (resource, objects) in &before {
        for object in objects {
            assert!(
                after[resource].contains(object),
                "seed {seed}: {resource} {object:?} changed"
            );
        }
    }
    (seed, run.applies, run.failed_plans, served)
}

/// The seeds run at once, each on a fake of its own (a seed's requests
/// stay in order, so each meets the same faults as alone).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_200_objects_converge_under_20_percent_faults_without_duplicates() {
    let desired = std::sync::Arc::new(state(&file()));
    let total: usize = desired.resources().map(|(_, o)| o.len()).sum();
    assert!((180..=230).contains(&total), "{total}");
    // Every resource desired state manages is in the file.
    let named: Vec<&str> = desired.resources().map(|(name, _)| name).collect();
    for resource in sitehost::state::managed() {
        assert!(named.contains(&resource), "{resource} is not in the file");
    }
    let mut runs = tokio::task::JoinSet::new();
    for seed in SEEDS {
        let desired = desired.clone();
        runs.spawn(async move { run_seed(seed, &desired).await });
    }
    let mut applies: Vec<Run> = runs.join_all().await;
    applies.sort_by_key(|run| run.0);
    // Every kind of fault was met, the lost response (reset after acting)
    // and the failed job among them.
    for fault in sitehost::fake::Fault::ALL {
        let met: u64 = applies.iter().map(|(.., served)| served.of(fault)).sum();
        assert!(met > 0, "no {} met", fault.as_str());
    }
    for (seed, n, failed_plans, served) in &applies {
        eprintln!(
            "seed {seed}: {n} applies to an empty plan ({failed_plans} plans failed on a fault); faults: {served:?}"
        );
    }
}
