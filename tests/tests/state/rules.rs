//! A security group's rules: no list returns them, so a plan reads them by
//! `/server/firewall/security_groups/get`, one call per group; both lists
//! are compared item by item in the order the API holds them (without
//! `pos`, `dir`, the address types and `src_port`, which only the API
//! sets), and changed by one `/server/firewall/security_groups/update`
//! that sends both lists whole, in order.

use serde_json::{Value, json};
use sitehost::fake::FakeApi;
use sitehost::state::{Action, DesiredState, Plan, PlanOptions};

fn rule_in(port: i64, source: &str) -> Value {
    json!({"pos": 1, "dir": "in", "enabled": true, "action": "ACCEPT", "protocol": "tcp",
           "src_ip": source, "src_ip_type": "ip", "src_port": "", "dest_ip": "",
           "dest_ip_type": "", "dest_port": port})
}

async fn account() -> FakeApi {
    let out = json!({"pos": 1, "dir": "out", "enabled": true, "action": "ACCEPT",
                     "protocol": "udp", "dest_ip": "192.0.2.0/24", "dest_ip_type": "cidr",
                     "dest_port": 53});
    FakeApi::builder()
        .empty()
        .seed(
            "security_group",
            [json!({"name": "sgaaa", "label": "web",
                    "rules": {"in": [rule_in(22, "203.0.113.1"), rule_in(443, "0.0.0.0/0")],
                              "out": [out]}})],
        )
        .start()
        .await
        .unwrap()
}

const FILE: &str = "security_group:
  - label: web
    rules_in:
      - {enabled: true, action: ACCEPT, protocol: tcp, src_ip: 203.0.113.1, dest_port: 22}
      - {enabled: true, action: ACCEPT, protocol: tcp, src_ip: 0.0.0.0/0, dest_port: 443}
    rules_out:
      - {enabled: true, action: ACCEPT, protocol: udp, dest_ip: 192.0.2.0/24, dest_port: 53}
";

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

async fn planned(fake: &FakeApi, desired: &DesiredState) -> Plan {
    Plan::compute(&fake.client(), desired, &PlanOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Applies `plan`, which must complete.
async fn applied(fake: &FakeApi, plan: Plan) {
    let report = plan.apply(&fake.client(), |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
}

/// The source address of the first inbound rule, as the fake holds it.
fn ssh_source(fake: &FakeApi) -> Value {
    fake.state()["security_group"][0]["rules"]["in"][0]["src_ip"].clone()
}

/// The values of the update's `params[rules_in|rules_out][i][member]`, in
/// the order sent.
fn sent_rules(fields: &[(String, String)], list: &str) -> Vec<(String, String)> {
    let prefix = format!("params[{list}][");
    fields
        .iter()
        .filter(|(n, _)| n.starts_with(&prefix))
        .map(|(n, v)| (n[prefix.len() - 1..].to_owned(), v.clone()))
        .collect()
}

#[tokio::test]
async fn the_rules_as_held_plan_nothing_and_each_group_is_read_by_one_get() {
    let fake = account().await;
    let plan = planned(&fake, &state(FILE)).await;
    assert!(plan.is_empty(), "{plan}");
    let reads = fake.take_requests();
    let gets = reads
        .iter()
        .filter(|r| r.path.contains("/security_groups/get"))
        .count();
    assert_eq!(gets, 1, "{reads:?}");
}

#[tokio::test]
async fn only_the_groups_the_file_names_have_their_rules_read() {
    let fake = account().await;
    let client = fake.client();
    let other = state("security_group:\n  - {label: other}\n");
    let made = planned(&fake, &other).await;
    assert!(made.apply(&client, |_| {}).await.unwrap().is_complete());
    fake.take_requests();
    // Two groups held, one named: one get.
    let plan = planned(&fake, &state(FILE)).await;
    assert!(plan.is_empty(), "{plan}");
    let reads = fake.take_requests();
    let gets: Vec<_> = reads
        .iter()
        .filter(|r| r.path.contains("/security_groups/get"))
        .collect();
    assert_eq!(gets.len(), 1, "{reads:?}");
    assert_eq!(gets[0].field("name"), Some("sgaaa"));
    // A firewall naming groups by label reads the groups, not their rules.
    fake.take_requests();
    let firewall = state("server_firewall:\n  - {server: web1, groups: [{label: web}]}\n");
    let _ = Plan::compute(&client, &firewall, &PlanOptions::default()).await;
    let reads = fake.take_requests();
    assert!(
        reads
            .iter()
            .any(|r| r.path.contains("/security_groups/list_all")),
        "{reads:?}"
    );
    assert!(
        reads
            .iter()
            .all(|r| !r.path.contains("/security_groups/get")),
        "{reads:?}"
    );
}

#[tokio::test]
async fn a_changed_rule_is_one_update_sending_both_lists_in_order() {
    let fake = account().await;
    let desired = state(&FILE.replace("dest_port: 443", "dest_port: 8443"));
    let plan = planned(&fake, &desired).await;
    let actions: Vec<(&str, Action)> = plan
        .changes
        .iter()
        .map(|c| (c.resource, c.action))
        .collect();
    assert_eq!(actions, [("security_group", Action::Update)], "{plan}");
    fake.take_requests();
    let report = plan.apply(&fake.client(), |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let sent = fake.take_requests();
    let updates: Vec<_> = sent
        .iter()
        .filter(|r| r.path.contains("/security_groups/update"))
        .collect();
    assert_eq!(updates.len(), 1, "{sent:?}");
    let update = updates[0];
    assert_eq!(update.field("name"), Some("sgaaa"));
    assert_eq!(update.field("params[label]"), Some("web"));
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        sent_rules(&update.fields, "rules_in"),
        pairs(&[
            ("[0][enabled]", "1"),
            ("[0][action]", "ACCEPT"),
            ("[0][protocol]", "tcp"),
            ("[0][src_ip]", "203.0.113.1"),
            ("[0][dest_port]", "22"),
            ("[1][enabled]", "1"),
            ("[1][action]", "ACCEPT"),
            ("[1][protocol]", "tcp"),
            ("[1][src_ip]", "0.0.0.0/0"),
            ("[1][dest_port]", "8443"),
        ]),
        "{update:?}"
    );
    // The list the file did not change is sent as held: the update
    // replaces both.
    assert_eq!(
        sent_rules(&update.fields, "rules_out"),
        pairs(&[
            ("[0][enabled]", "1"),
            ("[0][action]", "ACCEPT"),
            ("[0][protocol]", "udp"),
            ("[0][dest_ip]", "192.0.2.0/24"),
            ("[0][dest_port]", "53"),
        ]),
        "{update:?}"
    );
    assert!(planned(&fake, &desired).await.is_empty());
}

#[tokio::test]
async fn rules_in_another_order_are_a_change() {
    let fake = account().await;
    let swapped = "security_group:
  - label: web
    rules_in:
      - {enabled: true, action: ACCEPT, protocol: tcp, src_ip: 0.0.0.0/0, dest_port: 443}
      - {enabled: true, action: ACCEPT, protocol: tcp, src_ip: 203.0.113.1, dest_port: 22}
";
    let plan = planned(&fake, &state(swapped)).await;
    assert_eq!(plan.counts(), [0, 1, 0, 0], "{plan}");
}

#[tokio::test]
async fn export_adopts_the_rules_and_plans_nothing_against_them() {
    let fake = account().await;
    let (exported, groups) = super::exported(&fake, &["security_group"]).await;
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(
        groups[0]["rules_in"],
        json!([
            {"enabled": true, "action": "ACCEPT", "protocol": "tcp", "src_ip": "203.0.113.1", "dest_port": 22},
            {"enabled": true, "action": "ACCEPT", "protocol": "tcp", "src_ip": "0.0.0.0/0", "dest_port": 443}
        ])
    );
    assert_eq!(
        groups[0]["rules_out"],
        json!([{"enabled": true, "action": "ACCEPT", "protocol": "udp", "dest_ip": "192.0.2.0/24", "dest_port": 53}])
    );
    let again = planned(&fake, &state(&exported.to_yaml())).await;
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn a_rule_changed_by_hand_is_drift_that_the_file_puts_back() {
    let fake = account().await;
    let desired = state(FILE);
    // By hand: the SSH rule now admits anyone.
    let changed = FILE.replace("src_ip: 203.0.113.1", "src_ip: 0.0.0.0/0");
    applied(&fake, planned(&fake, &state(&changed)).await).await;
    assert_eq!(ssh_source(&fake), "0.0.0.0/0");
    let drift = planned(&fake, &desired).await;
    assert_eq!(drift.counts(), [0, 1, 0, 0], "{drift}");
    let change = &drift.changes[0];
    assert_eq!(change.fields.len(), 1, "{drift}");
    assert_eq!(change.fields[0].field, "rules_in");
    applied(&fake, drift).await;
    assert_eq!(ssh_source(&fake), "203.0.113.1");
    assert!(planned(&fake, &desired).await.is_empty());
}

#[tokio::test]
async fn a_new_group_is_made_then_given_its_rules_by_the_name_the_api_gave_it() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let desired = state(FILE);
    let plan = planned(&fake, &desired).await;
    assert_eq!(plan.counts(), [1, 0, 0, 0], "{plan}");
    let report = plan.apply(&fake.client(), |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let sent = fake.take_requests();
    let paths: Vec<&str> = sent
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| p.contains("/add") || p.contains("/update"))
        .collect();
    assert_eq!(paths.len(), 2, "{sent:?}");
    assert!(paths[0].contains("/security_groups/add"), "{paths:?}");
    assert!(paths[1].contains("/security_groups/update"), "{paths:?}");
    let name = fake.state()["security_group"][0]["name"].clone();
    let update = sent
        .iter()
        .find(|r| r.path.contains("/security_groups/update"))
        .unwrap();
    assert_eq!(update.field("name"), name.as_str());
    assert!(planned(&fake, &desired).await.is_empty());
}
