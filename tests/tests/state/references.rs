//! References between the objects of a state file: a server's firewall
//! names its security groups, and its server, by the keys the API gives
//! them (generated names), so a file may name each by its match fields
//! instead (`{label: web}`). A reference to an object the account holds is
//! resolved when the plan is made; one to an object the same file creates,
//! once the apply has created it. A reference that names nothing, or
//! several, is refused with a sentence; `export` writes references by label
//! where the label names one group, so that its file makes sense in another
//! account.

use serde_json::{Value, json};
use sitehost::Client;
use sitehost::fake::FakeApi;
use sitehost::state::{Action, DesiredState, Plan, PlanError, PlanOptions, Report};

/// Two servers, two groups (and, with `twins`, two more labelled alike),
/// web1's firewall.
async fn account(twins: bool) -> FakeApi {
    let server = |name: &str| json!({"name": name, "label": name, "location_code": "AKLCITY", "product_code": "XENLIT"});
    let group = |name: &str, label: &str| json!({"name": name, "label": label});
    FakeApi::builder()
        .empty()
        .seed("server", [server("web1"), server("web2")])
        .seed(
            "security_group",
            [
                group("sgaaa", "web"),
                group("sgbbb", "admin"),
                group("sgccc", "twin"),
                group("sgddd", "twin"),
            ]
            .into_iter()
            .take(if twins { 4 } else { 2 }),
        )
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

async fn planned(client: &Client, desired: &DesiredState) -> Result<Plan, PlanError> {
    Plan::compute(client, desired, &PlanOptions::default()).await
}

/// Applies, keeping the secrets returned (a new server's password) nowhere.
async fn applied(client: &Client, plan: &Plan) -> Report {
    let report = plan
        .apply_keeping(client, &mut |_| Ok(()), |_| {})
        .await
        .unwrap();
    assert!(report.is_complete(), "{report}");
    report
}

/// The groups the fake holds on a server's firewall.
fn firewall(fake: &FakeApi, server: &str) -> Value {
    fake.resource("server_firewall")
        .into_iter()
        .find(|f| f["server"] == server)
        .map_or(Value::Null, |f| f["groups"].clone())
}

/// The name the fake gave the group of this label.
fn group_named(fake: &FakeApi, label: &str) -> Value {
    fake.resource("security_group")
        .into_iter()
        .find(|g| g["label"] == label)
        .map(|g| g["name"].clone())
        .unwrap_or_else(|| panic!("no group {label}"))
}

#[tokio::test]
async fn a_reference_to_a_group_the_account_holds_is_resolved_when_planned() {
    let fake = account(false).await;
    let client = fake.client();
    let desired =
        state("server_firewall:\n  - {server: web2, groups: [{label: admin}, {label: web}]}\n");
    let plan = planned(&client, &desired).await.unwrap();
    assert_eq!(plan.counts(), [1, 0, 0, 0], "{plan}");
    // The plan shows the names the labels stand for.
    let groups = &plan.changes[0].fields[0];
    assert_eq!(groups.new, Some(json!(["sgbbb", "sgaaa"])), "{plan}");
    applied(&client, &plan).await;
    assert_eq!(firewall(&fake, "web2"), json!(["sgbbb", "sgaaa"]));
    // By label or by name, the same firewall: nothing to do.
    assert!(planned(&client, &desired).await.unwrap().is_empty());
    let by_name = state("server_firewall:\n  - {server: web2, groups: [sgbbb, sgaaa]}\n");
    assert!(planned(&client, &by_name).await.unwrap().is_empty());
    // A server by its label is the same object too.
    let server_by_label =
        state("server_firewall:\n  - {server: {label: web2}, groups: [{label: admin}, sgaaa]}\n");
    assert!(planned(&client, &server_by_label).await.unwrap().is_empty());
}

#[tokio::test]
async fn one_file_makes_groups_and_a_server_and_its_firewall_by_their_labels() {
    let fake = account(false).await;
    let client = fake.client();
    let text = "\
server:
  - {label: app, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}
security_group:
  - {label: app-in}
  - {label: app-out}
server_firewall:
  - {server: {label: app}, groups: [{label: app-out}, {label: web}, {label: app-in}]}
";
    let desired = state(text);
    let plan = planned(&client, &desired).await.unwrap();
    let actions: Vec<(&str, Action)> = plan
        .changes
        .iter()
        .map(|c| (c.resource, c.action))
        .collect();
    // The groups and the server before the firewall that names them.
    assert_eq!(
        actions,
        [
            ("security_group", Action::Create),
            ("security_group", Action::Create),
            ("server", Action::Create),
            ("server_firewall", Action::Create),
        ],
        "{plan}"
    );
    // What the apply resolves is shown as the reference; what the account
    // holds already, as its name.
    let shown = plan.to_string();
    assert!(shown.contains("{label: app}"), "{shown}");
    assert_eq!(
        plan.changes[3].fields[0].new,
        Some(json!([{"label": "app-out"}, "sgaaa", {"label": "app-in"}])),
        "{plan}"
    );
    applied(&client, &plan).await;
    let servers = fake.resource("server");
    let app = servers.iter().find(|s| s["label"] == "app").unwrap();
    let name = app["name"].as_str().unwrap();
    let named = |label: &str| group_named(&fake, label);
    assert_eq!(
        firewall(&fake, name),
        json!([named("app-out"), "sgaaa", named("app-in")])
    );
    let again = planned(&client, &desired).await.unwrap();
    assert!(again.is_empty(), "{again}");
    // Nothing made twice.
    assert_eq!(fake.resource("server").len(), 3);
    assert_eq!(fake.resource("security_group").len(), 4);
}

#[tokio::test]
async fn a_reference_naming_nothing_or_several_is_refused_with_a_sentence() {
    let fake = account(true).await;
    let client = fake.client();
    for (text, says) in [
        (
            "server_firewall:\n  - {server: web2, groups: [{label: nope}]}\n",
            "refers to security_group {label: nope}, which neither the account nor the state holds",
        ),
        (
            "server_firewall:\n  - {server: web2, groups: [{label: twin}]}\n",
            "refers to security_group {label: twin}, which 2 objects of the account match",
        ),
        (
            "server_firewall:\n  - {server: {label: nowhere}, groups: [sgaaa]}\n",
            "refers to server {label: nowhere}",
        ),
        (
            "server_firewall:\n  - {server: web1, groups: [sgaaa]}\n  - {server: {label: web1}, groups: [sgbbb]}\n",
            "name the same server_firewall",
        ),
    ] {
        fake.take_requests();
        let refused = planned(&client, &state(text)).await;
        match refused {
            Err(PlanError::Reference(why)) => assert!(why.contains(says), "{why}"),
            other => panic!("{text}: {other:?}"),
        }
        // Refused before anything was changed.
        assert!(
            fake.take_requests()
                .iter()
                .all(|r| !r.path.contains("update"))
        );
    }
    // A reference by a field that does not identify a group is refused
    // when the file is read.
    let wrong =
        DesiredState::from_yaml("server_firewall:\n  - {server: web2, groups: [{pending: x}]}\n")
            .unwrap_err();
    assert!(
        wrong
            .message
            .contains("names a security_group by its match fields (label)"),
        "{wrong}"
    );
}

#[tokio::test]
async fn export_names_groups_by_label_and_its_file_builds_the_same_in_another_account() {
    let fake = account(false).await;
    let client = fake.client();
    let resources = ["server", "security_group", "server_firewall"];
    let (exported, firewalls) = super::exported(&fake, &resources).await;
    // web1's groups by their labels, which name one group each.
    assert_eq!(
        firewalls[0]["groups"],
        json!([{"label": "admin"}, {"label": "web"}]),
        "{}",
        exported.to_yaml()
    );
    // The same account: nothing to do.
    let same = planned(&client, &exported).await.unwrap();
    assert!(same.is_empty(), "{same}");
    // Another account with servers of the same names (a server's image is
    // sent only when it is made, so no export holds it): the groups get
    // new names, which the firewall gets.
    let server = |name: &str| json!({"name": name, "label": name, "location_code": "AKLCITY", "product_code": "XENLIT"});
    let other = FakeApi::builder()
        .empty()
        .seed("server", [server("web1"), server("web2")])
        .start()
        .await
        .unwrap();
    let other_client = other.client();
    let plan = planned(&other_client, &exported).await.unwrap();
    applied(&other_client, &plan).await;
    let named = |label: &str| group_named(&other, label);
    assert_eq!(
        firewall(&other, "web1"),
        json!([named("admin"), named("web")])
    );
    let again = planned(&other_client, &exported).await.unwrap();
    assert!(again.is_empty(), "{again}");
}
