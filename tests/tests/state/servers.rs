//! Servers in desired state, and what SiteHost's Terraform provider gets
//! wrong with them, each a case that passes here: a server left unnamed is
//! found again by its label; its root password is kept once, never shown;
//! a label and a product changed together are both made; a change no
//! endpoint makes (its location) is refused unless the server is named
//! for replacement; one changed or deleted by hand is an update or a
//! create; `export` adopts it.

use sitehost::Client;
use sitehost::fake::FakeApi;
use sitehost::state::{
    Action, DesiredState, ExportOptions, Plan, PlanError, PlanOptions, Returned, SecretsFile,
};

const WEB: &str = "server:\n  - {label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n";

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

async fn plan(client: &Client, text: &str, options: &PlanOptions) -> Plan {
    Plan::compute(client, &state(text), options)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Applies, keeping the secrets returned in memory.
async fn apply(client: &Client, text: &str, options: &PlanOptions) -> Vec<Returned> {
    keeping(client, &plan(client, text, options).await).await
}

/// Applies a plan, keeping the secrets returned in memory.
async fn keeping(client: &Client, plan: &Plan) -> Vec<Returned> {
    let mut kept = Vec::new();
    let report = plan
        .apply_keeping(
            client,
            &mut |r| {
                kept.push(r.clone());
                Ok(())
            },
            |_| {},
        )
        .await
        .unwrap();
    assert!(report.is_complete(), "{report}");
    kept
}

fn path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("sitehost-{name}-{}.yaml", std::process::id()))
}

#[tokio::test]
async fn an_unnamed_server_is_provisioned_once_and_found_again_by_its_label() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let first = plan(&client, WEB, &PlanOptions::default()).await;
    assert_eq!(first.counts(), [1, 0, 0, 0], "{first}");
    // Provision orders (spends money): destructive by its declared effect.
    assert_eq!(first.effect(), sitehost::Effect::Destructive);
    // Without somewhere to keep the root password, nothing is sent.
    fake.take_requests();
    let refused = first.apply(&client, |_| {}).await;
    assert!(
        matches!(refused, Err(PlanError::NeedsSecrets(_))),
        "{refused:?}"
    );
    assert!(fake.take_requests().iter().all(|r| r.method == "GET"));
    assert!(fake.resource("server").is_empty());

    let file = path("secrets");
    let _ = std::fs::remove_file(&file);
    let secrets = SecretsFile::new(&file);
    let report = first
        .apply_keeping(&client, &mut |r| secrets.keep(r), |_| {})
        .await
        .unwrap();
    assert!(report.is_complete(), "{report}");
    let held = fake.resource("server");
    assert_eq!(held.len(), 1);
    let name = held[0]["name"].as_str().unwrap().to_owned();
    assert_eq!(held[0]["label"], "web");
    assert_eq!(held[0]["product_code"], "XENLIT");
    assert_eq!(held[0]["location_code"], "AKLCITY");
    // Matched by its label: nothing to do, no second server.
    let again = plan(&client, WEB, &PlanOptions::default()).await;
    assert!(again.is_empty(), "{again}");

    // The secrets file: owner only, one entry with the name the API gave
    // and the password; a second server appends a second entry.
    let text = std::fs::read_to_string(&file).unwrap();
    let entries: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 1, "{text}");
    assert_eq!(entries[0]["resource"], "server");
    assert_eq!(entries[0]["object"]["name"], name.as_str());
    let password = entries[0]["secrets"]["password"].as_str().unwrap();
    assert!(!password.is_empty());
    assert!(!format!("{first}{report}{}", first.to_json()).contains(password));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let two = format!(
        "{WEB}  - {{label: db, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}}\n"
    );
    let plan2 = plan(&client, &two, &PlanOptions::default()).await;
    assert_eq!(plan2.counts(), [1, 0, 0, 0], "{plan2}");
    plan2
        .apply_keeping(&client, &mut |r| secrets.keep(r), |_| {})
        .await
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let entries: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 2, "{text}");
    assert_eq!(entries[1]["object"]["label"], "db");
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_label_and_a_product_changed_together_are_both_made() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let named = "server:\n  - {name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n";
    let kept = apply(&client, named, &PlanOptions::default()).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].object["name"], "web1");
    let changed = named
        .replace("label: web", "label: www")
        .replace("product_code: XENLIT", "product_code: XENPRO");
    let plan = plan(&client, &changed, &PlanOptions::default()).await;
    assert_eq!(plan.counts(), [0, 1, 0, 0], "{plan}");
    let paths: Vec<&str> = plan.changes[0].endpoints().iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        [
            "/server/update",
            "/server/upgrade_plan",
            "/server/commit_disk_changes"
        ]
    );
    fake.take_requests();
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let held = &fake.resource("server")[0];
    assert_eq!(
        (held["label"].as_str(), held["product_code"].as_str()),
        (Some("www"), Some("XENPRO"))
    );
    // The update sends only what changes, never the fields the file leaves alone.
    let requests = fake.take_requests();
    let update = requests
        .iter()
        .find(|r| r.path == "/1.2/server/update.json")
        .unwrap_or_else(|| panic!("{requests:?}"));
    let sent: Vec<&str> = update.fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        sent,
        ["apikey", "client_id", "name", "updates[label]"],
        "{update:?}"
    );
    assert!(
        self::plan(&client, &changed, &PlanOptions::default())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_change_no_endpoint_makes_is_refused_unless_the_server_is_named_for_replacement() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let named = "server:\n  - {name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n";
    apply(&client, named, &PlanOptions::default()).await;
    let moved = named.replace("AKLCITY", "CHCH");
    let refused = Plan::compute(&client, &state(&moved), &PlanOptions::default()).await;
    let Err(PlanError::CannotChange { objects, message }) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(objects, ["server/web1"]);
    assert!(message.contains("location_code"), "{message}");
    let replace = PlanOptions::default().with_replace(vec!["server/web1".to_owned()]);
    let plan = plan(&client, &moved, &replace).await;
    assert_eq!(plan.counts(), [0, 0, 1, 0], "{plan}");
    assert_eq!(plan.effect(), sitehost::Effect::Destructive);
    let paths: Vec<&str> = plan.changes[0].endpoints().iter().map(|e| e.path).collect();
    assert_eq!(paths, ["/server/delete", "/server/provision"]);
    let kept = keeping(&client, &plan).await;
    assert_eq!(kept.len(), 1, "the new server's password is kept");
    let held = fake.resource("server");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["location_code"], "CHCH");
}

#[tokio::test]
async fn a_server_changed_or_deleted_by_hand_is_an_update_or_a_create() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let named = "server:\n  - {name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n";
    apply(&client, named, &PlanOptions::default()).await;
    let mut by_hand = sitehost::api::server::Update::new(1, "web1");
    by_hand = by_hand.updates(sitehost::api::server::UpdateUpdates::default().label("renamed"));
    client.send(&by_hand).await.unwrap();
    let drift = plan(&client, named, &PlanOptions::default()).await;
    assert_eq!(drift.counts(), [0, 1, 0, 0], "{drift}");
    assert_eq!(drift.changes[0].fields[0].field, "label");
    let job = client
        .server_delete(&sitehost::api::server::Delete::new(1, "web1"))
        .await
        .unwrap();
    client.wait_for_job(&job).await.unwrap();
    let gone = plan(&client, named, &PlanOptions::default()).await;
    assert_eq!(gone.counts(), [1, 0, 0, 0], "{gone}");
    assert_eq!(gone.changes[0].action, Action::Create);
}

#[tokio::test]
async fn export_with_no_resource_adopts_servers() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let named = "server:\n  - {name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n";
    apply(&client, named, &PlanOptions::default()).await;
    let exported = sitehost::state::export(&client, &ExportOptions::default())
        .await
        .unwrap();
    let yaml = exported.to_yaml();
    assert!(yaml.contains("\"name\":\"web1\""), "{yaml}");
    // The export plans nothing against the account it came from.
    let again = Plan::compute(&client, &exported, &PlanOptions::default())
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn an_ai_token_is_made_once_and_its_value_kept_never_shown() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let text = "ai_token:\n  - {label: search, capabilities: [embedding]}\n";
    let first = plan(&client, text, &PlanOptions::default()).await;
    assert!(
        first
            .secrets_returned()
            .unwrap()
            .contains("ai_token search (token)")
    );
    let kept = apply(&client, text, &PlanOptions::default()).await;
    assert_eq!(kept.len(), 1);
    let (field, token) = kept[0].secrets().next().unwrap();
    assert_eq!(field, "token");
    assert!(!token.is_empty());
    assert!(
        !format!("{:?}", kept[0]).contains(token),
        "Debug shows no secret"
    );
    assert!(kept[0].object.contains_key("key_id"), "{:?}", kept[0]);
    let held = fake.resource("ai_token");
    assert_eq!(held.len(), 1);
    assert!(
        plan(&client, text, &PlanOptions::default())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn ssh_keys_changed_for_a_server_that_exists_are_said_to_be_not_compared() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let with_keys = |key: &str| {
        format!(
            "server:\n  - {{name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy, ssh_keys: ['{key}']}}\n"
        )
    };
    let first = plan(
        &client,
        &with_keys("ssh-ed25519 AAAA1 a@example.org"),
        &PlanOptions::default(),
    )
    .await;
    assert!(first.unchecked.is_empty(), "a create sends them: {first}");
    keeping(&client, &first).await;
    let provisioned = fake
        .take_requests()
        .into_iter()
        .find(|r| r.path.ends_with("/server/provision.json"))
        .unwrap();
    assert!(
        provisioned
            .fields
            .iter()
            .any(|(k, v)| k == "params[ssh_keys][0]" && v == "ssh-ed25519 AAAA1 a@example.org"),
        "{provisioned:?}"
    );
    // No endpoint returns or changes a server's keys: a new key is not a
    // change this plan could make, and the plan says so instead of nothing.
    let changed = plan(
        &client,
        &with_keys("ssh-ed25519 AAAA2 b@example.org"),
        &PlanOptions::default(),
    )
    .await;
    assert!(changed.is_empty(), "{changed}");
    assert_eq!(changed.unchecked, ["server web1: image, ssh_keys"]);
    let shown = changed.to_string();
    assert!(
        shown.contains("Not compared") && shown.contains("ssh_keys"),
        "{shown}"
    );
    assert_eq!(
        changed.to_json()["unchecked"][0],
        "server web1: image, ssh_keys"
    );
}
