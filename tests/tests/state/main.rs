//! Desired state through the library, against the stateful fake: apply to an
//! empty account and plan again (nothing to do), one update for one changed
//! field, pruning only when asked and only under the file's parents, the
//! deletion guard, a job that fails halfway, export and apply round trips,
//! secrets never shown, and a saved plan refused once the account changed.
//! Every resource of the spec's desired-state declarations is used: DNS zones
//! and records, SSH keys, stacks and their environment variables, databases
//! and their users, security groups, cloud SSH users.

use sitehost::Client;
use sitehost::api::cloud::stack::Add as StackAdd;
use sitehost::fake::FakeApi;
use sitehost::state::{Action, DesiredState, ExportOptions, Plan, PlanOptions, Progress};

mod convergence;
mod firewall;
mod grants;
mod more;
mod references;
mod rules;
mod servers;

const SECRET: &str = "s3cret-Db-Pa55word";

/// A state of every kind desired state manages.
fn everything() -> String {
    format!(
        "\
dns_zone:
  - {{name: example.org}}
dns_record:
  - {{domain: example.org, type: A, name: www.example.org, content: 192.0.2.1}}
  - {{domain: example.org, type: A, name: www.example.org, content: 192.0.2.2}}
  - {{domain: example.org, type: MX, name: example.org, content: mx.example.org, prio: 10}}
ssh_key:
  - {{label: deploy, content: ssh-ed25519 AAAAC3Nza deploy@example.org}}
stack:
  - {{server_name: ch-servername, name: web, label: Web, enable_ssl: false, docker_file: 'services: {{}}'}}
stack_variable:
  - {{server: ch-servername, project: web, service: web, name: APP_ENV, content: production}}
database:
  - {{server_name: ch-servername, db_name: appdb, container: mysql8}}
database_user:
  - {{server_name: ch-servername, mysql_host: mysql8, username: app, password: '{SECRET}'}}
security_group:
  - {{label: web servers}}
cloud_ssh_user:
  - {{server_name: ch-servername, username: deployer}}
"
    )
}

async fn empty() -> FakeApi {
    FakeApi::builder().empty().start().await.unwrap()
}

/// What `export` writes for `resources`, and the objects it wrote of the
/// last of them.
async fn exported(
    fake: &FakeApi,
    resources: &[&str],
) -> (
    DesiredState,
    Vec<serde_json::Map<String, serde_json::Value>>,
) {
    let options = ExportOptions::default()
        .with_resources(resources.iter().map(|r| (*r).to_owned()).collect());
    let exported = sitehost::state::export(&fake.client(), &options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let last = resources.last().copied().unwrap_or_default();
    let objects = exported
        .resources()
        .find(|(name, _)| *name == last)
        .map(|(_, objects)| objects.to_vec())
        .unwrap_or_default();
    (exported, objects)
}

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

async fn plan(client: &Client, desired: &DesiredState, options: &PlanOptions) -> Plan {
    Plan::compute(client, desired, options)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn apply(client: &Client, desired: &DesiredState, options: &PlanOptions) -> Plan {
    let plan = plan(client, desired, options).await;
    let report = plan.apply(client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    plan
}

#[tokio::test]
async fn applied_to_an_empty_account_and_planned_again_there_is_nothing_to_do() {
    let fake = empty().await;
    let client = fake.client();
    let desired = state(&everything());
    let first = apply(&client, &desired, &PlanOptions::default()).await;
    assert_eq!(first.counts(), [11, 0, 0, 0], "{first}");
    // Parents before children: the zone before its records, the stack
    // before its variable.
    let order: Vec<&str> = first.changes.iter().map(|c| c.resource).collect();
    let at = |name: &str| order.iter().position(|r| *r == name).unwrap();
    assert!(at("dns_zone") < at("dns_record"));
    assert!(at("stack") < at("stack_variable"));
    let held = fake.state();
    assert_eq!(held["dns_record"].len(), 3);
    assert_eq!(held["stack_variable"][0]["content"], "production");
    assert_eq!(held["database_user"][0]["username"], "app");

    fake.take_requests();
    let again = plan(&client, &desired, &PlanOptions::default()).await;
    assert!(again.is_empty(), "{again}");
    // One list per scope: the records of one zone, the variables of one
    // service; a get per object only for a security group, whose rules no
    // list returns.
    let reads = fake.take_requests();
    assert_eq!(again.calls, reads.len());
    // Each resource's list endpoint once (nine kinds, one scope each), and
    // the one security group's get.
    let mut paths: Vec<&str> = reads.iter().map(|r| r.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!((reads.len(), paths.len()), (10, 10), "{reads:?}");
    let gets = paths.iter().filter(|p| p.ends_with("/get.json")).count();
    assert_eq!(gets, 2, "{paths:?}");
    assert!(
        paths.iter().any(|p| p.contains("/security_groups/get")),
        "{paths:?}"
    );
    assert!(reads.iter().all(|r| r.method == "GET"), "{reads:?}");
}

#[tokio::test]
async fn a_changed_priority_is_one_update() {
    let fake = empty().await;
    let client = fake.client();
    apply(&client, &state(&everything()), &PlanOptions::default()).await;
    let changed = everything().replace("prio: 10", "prio: 20");
    let plan = plan(&client, &state(&changed), &PlanOptions::default()).await;
    assert_eq!(plan.changes.len(), 1, "{plan}");
    let change = &plan.changes[0];
    assert_eq!(
        (change.resource, change.action),
        ("dns_record", Action::Update)
    );
    assert_eq!(change.fields.len(), 1);
    assert_eq!(change.fields[0].field, "prio");
    // `prio` is text in the record's shape, as the API sends it.
    assert_eq!(change.fields[0].old, Some(serde_json::json!("10")));
    assert_eq!(change.fields[0].new, Some(serde_json::json!("20")));
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let mx: Vec<_> = fake
        .resource("dns_record")
        .into_iter()
        .filter(|r| r["type"] == "MX")
        .collect();
    assert_eq!(mx.len(), 1, "changed in place: {mx:?}");
    assert_eq!(mx[0]["prio"].to_string().trim_matches('"'), "20");
    // A variable's new value is set in place.
    let changed = changed.replace("content: production", "content: staging");
    let plan = self::plan(&client, &state(&changed), &PlanOptions::default()).await;
    assert_eq!(plan.counts(), [0, 1, 0, 0], "{plan}");
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    assert_eq!(fake.resource("stack_variable")[0]["content"], "staging");
}

#[tokio::test]
async fn a_plan_says_the_strongest_effect_of_the_calls_it_makes() {
    use sitehost::Effect;
    let fake = empty().await;
    let client = fake.client();
    let desired = state(&everything());
    let first = plan(&client, &desired, &PlanOptions::default()).await;
    // Creates of these resources write; none destroys.
    assert_eq!(first.effect(), Effect::Write, "{first}");
    assert_eq!(first.destructive_reason(), None);
    first.apply(&client, |_| {}).await.unwrap();
    assert_eq!(
        plan(&client, &desired, &PlanOptions::default())
            .await
            .effect(),
        Effect::Read
    );
    // Deleting calls an endpoint that destroys.
    let pruning = PlanOptions::default()
        .with_prune(vec!["dns_record".to_owned()])
        .with_force(true);
    let fewer = state(&everything().replace(
        "  - {domain: example.org, type: A, name: www.example.org, content: 192.0.2.2}\n",
        "",
    ));
    let deleting = plan(&client, &fewer, &pruning).await;
    assert_eq!(deleting.counts(), [0, 0, 0, 1], "{deleting}");
    assert_eq!(deleting.effect(), Effect::Destructive);
    let paths: Vec<&str> = deleting.changes[0]
        .endpoints()
        .iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(paths, ["/dns/delete_record"]);
    let why = deleting.destructive_reason().unwrap();
    assert!(why.contains("/dns/delete_record"), "{why}");
}

#[tokio::test]
async fn a_record_left_out_is_deleted_only_with_prune_and_only_under_the_files_zones() {
    let fake = empty().await;
    let client = fake.client();
    apply(&client, &state(&everything()), &PlanOptions::default()).await;
    // A zone the file never names, with a record of its own.
    let other = "dns_zone:\n  - {name: other.org}\ndns_record:\n  - {domain: other.org, type: A, name: other.org, content: 192.0.2.9}\n";
    apply(&client, &state(other), &PlanOptions::default()).await;

    // A fourth record, so that deleting one is not more than a quarter.
    let four = everything().replace(
        "dns_record:\n",
        "dns_record:\n  - {domain: example.org, type: TXT, name: example.org, content: v=spf1 -all}\n",
    );
    apply(&client, &state(&four), &PlanOptions::default()).await;
    let fewer = four.replace(
        "  - {domain: example.org, type: A, name: www.example.org, content: 192.0.2.2}\n",
        "",
    );
    let kept = plan(&client, &state(&fewer), &PlanOptions::default()).await;
    assert!(
        kept.is_empty(),
        "nothing is deleted without --prune: {kept}"
    );
    let pruned = PlanOptions::default()
        .with_prune(vec!["dns_record".to_owned()])
        .with_force(false);
    let plan = plan(&client, &state(&fewer), &pruned).await;
    assert_eq!(plan.counts(), [0, 0, 0, 1], "{plan}");
    assert_eq!(plan.changes[0].object["content"], "192.0.2.2");
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let records = fake.resource("dns_record");
    assert_eq!(
        records.len(),
        4,
        "the other zone's record stays: {records:?}"
    );
    assert!(records.iter().any(|r| r["domain"] == "other.org"));
}

#[tokio::test]
async fn many_deletions_need_force() {
    let fake = empty().await;
    let client = fake.client();
    let mut text = String::from("dns_zone:\n  - {name: example.org}\ndns_record:\n");
    for n in 0..12 {
        text.push_str(&format!(
            "  - {{domain: example.org, type: A, name: h{n}.example.org, content: 192.0.2.{n}}}\n"
        ));
    }
    apply(&client, &state(&text), &PlanOptions::default()).await;
    let prune = |force| {
        PlanOptions::default()
            .with_prune(vec!["dns_record".to_owned()])
            .with_force(force)
    };
    let none = state("dns_zone:\n  - {name: example.org}\n");
    let guarded = plan(&client, &none, &prune(false)).await;
    assert_eq!(guarded.counts()[3], 12);
    let why = guarded.needs_force.clone().expect("more than 10 deletions");
    assert!(why.contains("12"), "{why}");
    assert!(guarded.apply(&client, |_| {}).await.is_err());
    assert_eq!(fake.resource("dns_record").len(), 12, "nothing was deleted");
    // A quarter of one resource's objects, under 10 deletions, too.
    let most = text
        .replace("h0.", "x0.")
        .replace("h1.", "x1.")
        .replace("h2.", "x2.")
        .replace("h3.", "x3.");
    let quarter = plan(&client, &state(&most), &prune(false)).await;
    assert_eq!(quarter.counts()[3], 4, "{quarter}");
    assert!(quarter.needs_force.is_some(), "{quarter}");
    let forced = plan(&client, &none, &prune(true)).await;
    assert!(forced.needs_force.is_none());
    let report = forced.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    assert!(fake.resource("dns_record").is_empty());
}

#[tokio::test]
async fn a_job_that_fails_halfway_leaves_a_true_report_and_a_second_apply_finishes() {
    let fake = empty().await;
    let client = fake.client();
    let desired = state(&everything());
    fake.on::<StackAdd>()
        .times(1)
        .fail_job("Not enough disk space on ch-servername");
    let plan = plan(&client, &desired, &PlanOptions::default()).await;
    let mut steps = Vec::new();
    let report = plan
        .apply(&client, |step| {
            if let Progress::Started(change) = step {
                steps.push(change.resource);
            }
        })
        .await
        .unwrap();
    let failed = report.failed.clone().expect("the stack's job failed");
    assert_eq!(failed.change.resource, "stack");
    assert!(failed.job_failed);
    assert!(failed.message.contains("Not enough disk space"), "{report}");
    assert_eq!(
        report.done.len() + 1 + report.not_attempted.len(),
        plan.changes.len()
    );
    assert!(
        !report.done.is_empty() && !report.not_attempted.is_empty(),
        "{report}"
    );
    assert_eq!(
        steps.len(),
        report.done.len() + 1,
        "nothing after the failure was tried"
    );
    // What the report says is what the account holds.
    for change in &report.done {
        assert!(
            !fake.resource(change.resource).is_empty(),
            "{}",
            change.resource
        );
    }
    assert!(
        fake.resource("stack").is_empty(),
        "the failed job made no stack"
    );
    assert!(fake.resource("stack_variable").is_empty());
    let second = self::plan(&client, &desired, &PlanOptions::default()).await;
    assert_eq!(
        second.changes.len(),
        1 + report.not_attempted.len(),
        "{second}"
    );
    let finished = second.apply(&client, |_| {}).await.unwrap();
    assert!(finished.is_complete(), "{finished}");
    assert!(
        self::plan(&client, &desired, &PlanOptions::default())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn an_export_applied_to_an_empty_account_exports_the_same() {
    let first = empty().await;
    apply(
        &first.client(),
        &state(&everything()),
        &PlanOptions::default(),
    )
    .await;
    let options =
        ExportOptions::default().with_under(vec![("service".to_owned(), "web".to_owned())]);
    let exported = sitehost::state::export(&first.client(), &options)
        .await
        .unwrap();
    let text = exported.to_yaml();
    assert!(
        text.contains("www.example.org") && text.contains("APP_ENV"),
        "{text}"
    );
    // What the API sets is not exported, and neither is a secret.
    assert!(
        !text.contains("change_date") && !text.contains("\"id\""),
        "{text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    // Planned against the account it came from: nothing to do.
    let against_itself = plan(&first.client(), &state(&text), &PlanOptions::default()).await;
    assert!(against_itself.is_empty(), "{against_itself}");

    let second = empty().await;
    // The user's password is not exported: a file applied elsewhere gives it.
    let with_password = text.replace(
        "\"username\":\"app\"",
        &format!("\"username\":\"app\",\"password\":\"{SECRET}\""),
    );
    apply(
        &second.client(),
        &state(&with_password),
        &PlanOptions::default(),
    )
    .await;
    let again = sitehost::state::export(&second.client(), &options)
        .await
        .unwrap();
    assert_eq!(again.to_yaml(), text);
}

#[tokio::test]
async fn secrets_are_sent_and_never_shown() {
    let fake = empty().await;
    let client = fake.client();
    let text = "database_user:\n  - {server_name: ch-servername, mysql_host: mysql8, username: app, password: '${SH_TEST_DB_PASSWORD}'}\n";
    let env = |name: &str| (name == "SH_TEST_DB_PASSWORD").then(|| SECRET.to_owned());
    let desired = DesiredState::from_yaml_with(text, &env).unwrap();
    let unset = DesiredState::from_yaml_with(text, &|_| None).unwrap_err();
    assert!(unset.to_string().contains("SH_TEST_DB_PASSWORD"), "{unset}");
    assert!(!unset.to_string().contains(SECRET));
    let plan = plan(&client, &desired, &PlanOptions::default()).await;
    let shown = format!("{plan}{}{:?}", plan.to_json(), plan.to_json());
    assert!(shown.contains("(secret)"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(!format!("{report}").contains(SECRET));
    // It was sent.
    let sent = fake.requests();
    assert!(sent.iter().any(|r| r.field("password") == Some(SECRET)));
    // And is never compared: the API lists passwords empty.
    assert!(
        self::plan(&client, &desired, &PlanOptions::default())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_saved_plan_is_refused_once_the_account_changed_under_it() {
    let fake = empty().await;
    let client = fake.client();
    let desired = state(&everything());
    apply(&client, &desired, &PlanOptions::default()).await;
    let changed = state(&everything().replace("prio: 10", "prio: 30"));
    let made = plan(&client, &changed, &PlanOptions::default()).await;
    let saved = Plan::from_json(&made.to_json()).unwrap();
    let unchanged = plan(&client, &changed, &PlanOptions::default()).await;
    assert!(unchanged.same_as(&saved));
    // Someone changes the record meanwhile.
    let record = fake
        .resource("dns_record")
        .into_iter()
        .find(|r| r["type"] == "MX")
        .unwrap();
    client
        .send(
            &sitehost::api::dns::UpdateRecord::new(
                1,
                "example.org",
                record["id"].as_str().unwrap(),
                "MX",
                "example.org",
                "mx.example.org",
            )
            .prio("15"),
        )
        .await
        .unwrap();
    let now = plan(&client, &changed, &PlanOptions::default()).await;
    assert!(!now.same_as(&saved), "{now}");
}

#[test]
fn resources_desired_state_cannot_manage_are_refused_with_a_reason() {
    let error =
        DesiredState::from_yaml("mail_account:\n  - {emailaddr: a@example.org}\n").unwrap_err();
    assert!(
        error.to_string().contains("does not manage `mail_account`")
            && error
                .to_string()
                .contains("no endpoint lists mailboxes alone"),
        "{error}"
    );
    let unknown = DesiredState::from_yaml("dns_records: []\n").unwrap_err();
    assert!(
        unknown.to_string().contains("not a resource of the spec"),
        "{unknown}"
    );
    let unwritable = DesiredState::from_yaml(
        "dns_record:\n  - {domain: a.org, type: A, name: a.org, content: 192.0.2.1, ttl: 60}\n",
    )
    .unwrap_err();
    assert!(
        unwritable.to_string().contains("`ttl` cannot be written"),
        "{unwritable}"
    );
    let twice =
        DesiredState::from_yaml("dns_zone:\n  - {name: a.org}\n  - {name: a.org}\n").unwrap_err();
    assert!(twice.to_string().contains("matches dns_zone[0]"), "{twice}");
    assert!(sitehost::state::managed().contains(&"stack_variable"));
}

#[tokio::test]
async fn a_client_without_a_client_id_applies_in_the_keys_own_account() {
    let fake = FakeApi::builder()
        .empty()
        .accounts(2)
        .start()
        .await
        .unwrap();
    let key = fake.api_keys()[1].clone();
    let own = fake.client_id_of(&key).unwrap();
    // No client ID configured: desired state learns the key's own.
    let client = Client::builder()
        .api_key(key.as_str())
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let desired = state("dns_zone:\n  - {name: example.org}\n");
    apply(&client, &desired, &PlanOptions::default()).await;
    let mine = fake.client_builder_for(&key).build().unwrap();
    let held = plan(&mine, &desired, &PlanOptions::default()).await;
    assert!(held.is_empty(), "{held}");
    let first = fake.client();
    let theirs = plan(&first, &desired, &PlanOptions::default()).await;
    assert_eq!(
        theirs.counts(),
        [1, 0, 0, 0],
        "the first account holds nothing: {theirs}"
    );
    assert_ne!(own, 1);
}
