//! A server's firewall: the ordered security groups of one server, read by
//! `/server/firewall/get` (a bare list, one call per server) and set whole
//! by `/server/firewall/update`, compared in order. SiteHost's Terraform
//! provider cannot import a firewall; export here adopts it.

use serde_json::json;
use sitehost::Effect;
use sitehost::fake::FakeApi;
use sitehost::state::{Action, DesiredState, Plan, PlanOptions};

async fn account() -> FakeApi {
    let server = |name: &str| json!({"name": name, "label": name, "location_code": "AKLCITY", "product_code": "XENLIT"});
    FakeApi::builder()
        .empty()
        .seed("server", [server("web1"), server("web2")])
        .seed(
            "server_firewall",
            [json!({"server": "web1", "groups": ["sgbbb", "sgaaa"]})],
        )
        .start()
        .await
        .unwrap()
}

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

async fn planned(fake: &FakeApi, desired: &DesiredState) -> Plan {
    Plan::compute(&fake.client(), desired, &PlanOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn export_adopts_a_servers_firewall_in_its_order() {
    let fake = account().await;
    let (exported, firewalls) = super::exported(&fake, &["server", "server_firewall"]).await;
    // web2 has no group applied: nothing to adopt.
    assert_eq!(firewalls.len(), 1, "{firewalls:?}");
    assert_eq!(firewalls[0]["server"], "web1");
    assert_eq!(firewalls[0]["groups"], json!(["sgbbb", "sgaaa"]));
    // One get per server, no more.
    let reads = fake.take_requests();
    let gets = reads
        .iter()
        .filter(|r| r.path.contains("/server/firewall/get"))
        .count();
    assert_eq!(gets, 2, "{reads:?}");
    let again = planned(&fake, &state(&exported.to_yaml())).await;
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn groups_in_another_order_replace_the_whole_list_and_the_plan_is_destructive() {
    let fake = account().await;
    let desired = state("server_firewall:\n  - {server: web1, groups: [sgaaa, sgbbb]}\n");
    let plan = planned(&fake, &desired).await;
    let actions: Vec<(&str, Action)> = plan
        .changes
        .iter()
        .map(|c| (c.resource, c.action))
        .collect();
    assert_eq!(actions, [("server_firewall", Action::Update)], "{plan}");
    assert_eq!(plan.effect(), Effect::Destructive, "{plan}");
    fake.take_requests();
    let report = plan.apply(&fake.client(), |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let sent = fake.take_requests();
    let update = sent
        .iter()
        .find(|r| r.path.contains("/server/firewall/update"))
        .unwrap_or_else(|| panic!("{sent:?}"));
    assert_eq!(update.field("server"), Some("web1"));
    let groups: Vec<&str> = update
        .fields
        .iter()
        .filter(|(n, _)| n.starts_with("groups"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(groups, ["sgaaa", "sgbbb"], "{update:?}");
    assert_eq!(
        fake.state()["server_firewall"][0]["groups"],
        json!(["sgaaa", "sgbbb"])
    );
    assert!(planned(&fake, &desired).await.is_empty());
}

#[tokio::test]
async fn a_server_without_groups_gets_its_firewall_set() {
    let fake = account().await;
    let desired = state("server_firewall:\n  - {server: web2, groups: [sgaaa]}\n");
    let plan = planned(&fake, &desired).await;
    assert_eq!(plan.counts(), [1, 0, 0, 0], "{plan}");
    assert!(
        plan.apply(&fake.client(), |_| {})
            .await
            .unwrap()
            .is_complete()
    );
    assert!(planned(&fake, &desired).await.is_empty());
    // The other server's firewall is untouched.
    let held = fake.state();
    let web1 = held["server_firewall"]
        .iter()
        .find(|f| f["server"] == "web1")
        .unwrap();
    assert_eq!(web1["groups"], json!(["sgbbb", "sgaaa"]));
}
