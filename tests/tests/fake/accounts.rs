//! Several accounts on one fake: each key its own client ID, objects and
//! jobs; a key sees and changes only its own account; `/api/get_info` names
//! the key's client whatever the request says; another account's client ID
//! is refused; keys never shown by Debug.

use sitehost::api::api::GetInfo;
use sitehost::api::cloud::stack;
use sitehost::api::dns::{AddRecord, DeleteDomain, ListRecords};
use sitehost::fake::{FAKE_API_KEY, FakeApi};
use sitehost::{ApiKey, Error};

const ZONE: &str = "dns_zone:\n  - name: example.org\n";

async fn two_accounts() -> FakeApi {
    FakeApi::builder()
        .accounts(2)
        .seed_yaml(ZONE)
        .start()
        .await
        .unwrap()
}

fn record(client_id: i64, name: &str) -> AddRecord {
    AddRecord::new(client_id, "example.org", "A", name, "192.0.2.1")
}

fn names(records: &[sitehost::shapes::DnsRecord]) -> Vec<&str> {
    records.iter().map(|r| r.name.as_str()).collect()
}

#[tokio::test]
async fn each_key_is_an_account_of_its_own() {
    let fake = FakeApi::builder().accounts(3).start().await.unwrap();
    let keys = fake.api_keys();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0], fake.api_key());
    assert_eq!(
        keys[0], FAKE_API_KEY,
        "the first account keeps the default key"
    );
    let mut distinct = keys.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{keys:?}");
    for key in &keys {
        assert_eq!(ApiKey::new(key.as_str()).problem(), None, "{key}");
    }
    let ids: Vec<Option<i64>> = keys.iter().map(|k| fake.client_id_of(k)).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3)]);
    assert_eq!(fake.client_id_of("not-a-key"), None);

    // Each starts holding the same objects, under its own client ID.
    let (first, third) = (fake.state(), fake.state_of(&keys[2]));
    for (resource, objects) in &first {
        assert_eq!(objects.len(), third[resource].len(), "{resource}");
    }
    assert!(!third["dns_zone"].is_empty());
    for (mine, theirs) in first["dns_zone"].iter().zip(&third["dns_zone"]) {
        assert_eq!(theirs["client_id"], "3", "{theirs}");
        assert_eq!(mine["name"], theirs["name"]);
        assert_ne!(mine["client_id"], "3");
    }
    assert!(!fake.resource_of(&keys[1], "stack").is_empty());
    assert!(fake.state_of("not-a-key").is_empty());
    assert!(fake.resource_of("not-a-key", "stack").is_empty());

    // Keys are secrets: no Debug shows one.
    let builder = FakeApi::builder().accounts(2).api_key("s3cret-first-key");
    let shown = format!("{fake:?} {builder:?}");
    assert!(!shown.contains("s3cret-first-key"), "{shown}");
    for key in &keys {
        assert!(!shown.contains(key.as_str()), "{shown}");
    }
}

#[tokio::test]
async fn one_accounts_objects_are_not_anothers() {
    let fake = two_accounts().await;
    let keys = fake.api_keys();
    let (first, second) = (fake.client_for(&keys[0]), fake.client_for(&keys[1]));

    first.send(&record(1, "www.example.org")).await.unwrap();
    second.send(&record(2, "mail.example.org")).await.unwrap();
    second
        .send(&sitehost::api::dns::CreateDomain::new(2, "example.net"))
        .await
        .unwrap();
    let zones = fake.resource_of(&keys[1], "dns_zone");
    assert_eq!(zones.len(), 2);
    assert!(zones.iter().all(|z| z["client_id"] == "2"), "{zones:?}");
    let listed = first
        .send(&ListRecords::new(1, "example.org"))
        .await
        .unwrap();
    assert_eq!(names(&listed), ["www.example.org"]);
    let listed = second
        .send(&ListRecords::new(2, "example.org"))
        .await
        .unwrap();
    assert_eq!(names(&listed), ["mail.example.org"]);
    assert_eq!(fake.resource_of(&keys[0], "dns_record").len(), 1);
    assert_eq!(
        fake.resource("dns_record"),
        fake.resource_of(&keys[0], "dns_record")
    );

    // A delete in one account leaves the other's zone and records.
    second
        .send(&DeleteDomain::new(2, "example.org"))
        .await
        .unwrap();
    assert_eq!(fake.resource_of(&keys[1], "dns_zone").len(), 1);
    assert_eq!(fake.resource("dns_zone").len(), 1);
    assert_eq!(fake.state_of(&keys[0])["dns_record"].len(), 1);
    match second.send(&ListRecords::new(2, "example.org")).await {
        Err(Error::Api { msg, .. }) => assert!(msg.contains("No dns_zone"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn get_info_names_the_keys_own_client() {
    let fake = FakeApi::builder().accounts(2).start().await.unwrap();
    for key in fake.api_keys() {
        let own = fake.client_id_of(&key).unwrap();
        let client = fake.client_for(&key);
        // Whatever client ID the request sends, as the key alone says whose.
        for sent in [0, own, 1, 99] {
            let info = client.send(&GetInfo::new(sent)).await.unwrap();
            assert_eq!(info.client_id, own.to_string(), "sent {sent}");
        }
    }
    // With one account as well.
    let single = FakeApi::start().await.unwrap();
    let info = single.client().send(&GetInfo::new(0)).await.unwrap();
    assert_eq!(info.client_id, "1");
}

#[tokio::test]
async fn another_accounts_client_id_is_refused_and_does_nothing() {
    let fake = two_accounts().await;
    let keys = fake.api_keys();
    let second = fake.client_for(&keys[1]);
    for result in [
        second.send(&record(1, "www.example.org")).await.map(|_| ()),
        second
            .send(&ListRecords::new(1, "example.org"))
            .await
            .map(|_| ()),
    ] {
        let refused = result.unwrap_err();
        assert!(refused.is_unauthorised(), "{refused}");
        assert!(!refused.to_string().contains(&keys[1]), "{refused}");
    }
    assert!(fake.resource_of(&keys[0], "dns_record").is_empty());
    assert!(fake.resource_of(&keys[1], "dns_record").is_empty());
    let refused = fake
        .requests()
        .iter()
        .filter(|r| r.refused.is_some())
        .count();
    assert_eq!(refused, 2);
}

#[tokio::test]
async fn an_unknown_key_is_refused_as_before() {
    let fake = two_accounts().await;
    let stranger = fake.client_for("0123456789abcdef0123456789abcdef");
    match stranger.send(&ListRecords::new(1, "example.org")).await {
        Err(e) => {
            assert!(e.is_unauthorised(), "{e}");
            assert!(e.msg().unwrap().contains("not valid"), "{e}");
        }
        Ok(v) => panic!("accepted: {v:?}"),
    }
    // A key no client can send gets a client the fake refuses too.
    let unusable = fake.client_for("two words");
    let refused = unusable
        .send(&ListRecords::new(1, "example.org"))
        .await
        .unwrap_err();
    assert!(refused.is_unauthorised(), "{refused}");
}

#[tokio::test]
async fn jobs_belong_to_their_account() {
    let fake = FakeApi::builder()
        .accounts(2)
        .empty()
        .start()
        .await
        .unwrap();
    let keys = fake.api_keys();
    let (first, second) = (fake.client_for(&keys[0]), fake.client_for(&keys[1]));
    let add = stack::Add::new(2, "ch-server", "web", "Web", false, "services: {}");
    let job = second.start(&add).await.unwrap();
    // The other account does not know the job.
    match first.wait_for_job(&job).await {
        Err(Error::Api { msg, .. }) => assert_eq!(msg, "Job not found."),
        other => panic!("{other:?}"),
    }
    second.wait_for_job(&job).await.unwrap();
    assert_eq!(fake.resource_of(&keys[1], "stack").len(), 1);
    assert!(fake.resource("stack").is_empty());
}
