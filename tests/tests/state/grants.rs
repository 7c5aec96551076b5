//! Database grants: a database, its users and what each may do in one file.
//! Grants have no list endpoint; they are read from the `grants` of the
//! users the user list returns, and their privileges compare as a set. An
//! update sends the privileges and the database (the Terraform fork's sends
//! no privileges), a delete names the database (the fork's names none).

use sitehost::fake::FakeApi;
use sitehost::fake::RecordedRequest;
use sitehost::state::{Action, DesiredState, ExportOptions, Plan, PlanOptions};

const PASSWORD: &str = "s3cret-Grant-Pa55";

fn state(privileges: &str) -> DesiredState {
    let text = format!(
        "\
database:
  - {{server_name: ch-servername, db_name: appdb, container: mysql8}}
database_user:
  - {{server_name: ch-servername, mysql_host: mysql8, username: app, password: {PASSWORD}}}
database_grant:
  - {{server_name: ch-servername, mysql_host: mysql8, username: app, db_name: appdb, grants: [{privileges}]}}
"
    );
    DesiredState::from_yaml(&text).unwrap_or_else(|e| panic!("{e}"))
}

async fn applied(fake: &FakeApi, desired: &DesiredState, options: &PlanOptions) -> Plan {
    let client = fake.client();
    let plan = Plan::compute(&client, desired, options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    plan
}

async fn planned(fake: &FakeApi, desired: &DesiredState, options: &PlanOptions) -> Plan {
    Plan::compute(&fake.client(), desired, options)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn sent_to<'a>(requests: &'a [RecordedRequest], path: &str) -> Vec<&'a RecordedRequest> {
    requests.iter().filter(|r| r.path.contains(path)).collect()
}

fn values<'a>(request: &'a RecordedRequest, name: &str) -> Vec<&'a str> {
    request
        .fields
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn grants_are_made_with_their_user_and_read_back_from_the_users_list() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let first = applied(&fake, &state("select, insert"), &PlanOptions::default()).await;
    assert_eq!(first.counts(), [3, 0, 0, 0], "{first}");
    let order: Vec<&str> = first.changes.iter().map(|c| c.resource).collect();
    let at = |name: &str| order.iter().position(|r| *r == name).unwrap();
    assert!(at("database_user") < at("database_grant"), "{order:?}");
    let requests = fake.take_requests();
    let add = sent_to(&requests, "/cloud/db/grant/add");
    assert_eq!(add.len(), 1);
    assert_eq!(add[0].field("database"), Some("appdb"));
    assert_eq!(add[0].field("mysql_host"), Some("mysql8"));
    assert_eq!(values(add[0], "grants[]"), ["select", "insert"]);

    // The privileges in another order are the same set: nothing to do,
    // read with the user list alone.
    let again = planned(&fake, &state("insert, select"), &PlanOptions::default()).await;
    assert!(again.is_empty(), "{again}");
    let reads = fake.take_requests();
    assert!(reads.iter().all(|r| r.method == "GET"), "{reads:?}");
    assert!(
        sent_to(&reads, "/cloud/db/user/list_all").len() == 1,
        "{reads:?}"
    );
}

#[tokio::test]
async fn a_changed_grant_sends_the_privileges_and_the_database() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    applied(&fake, &state("select"), &PlanOptions::default()).await;
    fake.take_requests();
    let plan = applied(&fake, &state("select, update"), &PlanOptions::default()).await;
    let actions: Vec<(&str, Action)> = plan
        .changes
        .iter()
        .map(|c| (c.resource, c.action))
        .collect();
    assert_eq!(actions, [("database_grant", Action::Update)], "{plan}");
    let requests = fake.take_requests();
    let update = sent_to(&requests, "/cloud/db/grant/update");
    assert_eq!(update.len(), 1, "{requests:?}");
    assert_eq!(update[0].field("database"), Some("appdb"));
    assert_eq!(update[0].field("username"), Some("app"));
    assert_eq!(values(update[0], "grants[]"), ["select", "update"]);
    let held = &fake.state()["database_grant"];
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["grants"], serde_json::json!(["select", "update"]));
    assert!(
        planned(&fake, &state("update, select"), &PlanOptions::default())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_grant_left_out_is_deleted_naming_its_database() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    applied(&fake, &state("select"), &PlanOptions::default()).await;
    let without = DesiredState::from_yaml(&format!(
        "database_user:\n  - {{server_name: ch-servername, mysql_host: mysql8, username: app, password: {PASSWORD}}}\n"
    ))
    .unwrap();
    let options = PlanOptions::default()
        .with_prune(vec!["database_grant".to_owned()])
        // The only grant is more than a quarter of them.
        .with_force(true);
    fake.take_requests();
    let plan = applied(&fake, &without, &options).await;
    assert_eq!(plan.counts(), [0, 0, 0, 1], "{plan}");
    let requests = fake.take_requests();
    let delete = sent_to(&requests, "/cloud/db/grant/delete");
    assert_eq!(delete.len(), 1, "{requests:?}");
    assert_eq!(delete[0].field("database"), Some("appdb"));
    assert_eq!(delete[0].field("mysql_host"), Some("mysql8"));
    assert!(fake.state()["database_grant"].is_empty());
    // The user stays.
    assert_eq!(fake.state()["database_user"].len(), 1);
}

#[tokio::test]
async fn export_writes_grants_and_applying_the_export_changes_nothing() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    applied(&fake, &state("select, insert"), &PlanOptions::default()).await;
    let exported = sitehost::state::export(&fake.client(), &ExportOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let text = exported.to_yaml();
    assert!(text.contains("database_grant:"), "{text}");
    assert!(text.contains("select") && text.contains("insert"), "{text}");
    // What the API sets is not exported.
    assert!(
        !text.contains("date_added") && !text.contains("is_missing"),
        "{text}"
    );
    let again = planned(
        &fake,
        &DesiredState::from_yaml(&text).unwrap(),
        &PlanOptions::default(),
    )
    .await;
    assert!(again.is_empty(), "{again}");
}

#[test]
fn the_declaration_reads_grants_from_their_users() {
    let grant = sitehost::resources::RESOURCES
        .iter()
        .find(|r| r.name == "database_grant")
        .unwrap();
    let desired = grant.desired.unwrap();
    assert_eq!(desired.read_from, Some("grants"));
    assert_eq!(desired.unordered, ["grants"]);
    assert_eq!(desired.list.get().path, "/cloud/db/user/list_all");
}
