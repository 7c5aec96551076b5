//! The fake API keeps what calls create, change and delete, as the spec's
//! resource declarations say: lifecycles through the client, changes made
//! when jobs complete (and not when they fail), refusals of what it does not
//! hold, seeds, lists filtered, sorted and paged, and concurrent calls.

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use sitehost::api::{cloud, dns, server, ssh};
use sitehost::enums::{MysqlHost, SortDir};
use sitehost::fake::FakeApi;
use sitehost::{Error, Method, ResourceOp};

fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(e) => e
            .msg()
            .unwrap_or_else(|| panic!("not a refusal: {e}"))
            .to_owned(),
        Ok(v) => panic!("accepted: {v:?}"),
    }
}

#[tokio::test]
async fn a_dns_record_is_created_listed_changed_and_deleted() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();

    let refused = refusal(
        client
            .send(&dns::AddRecord::new(
                1,
                "example.org",
                "A",
                "www",
                "192.0.2.1",
            ))
            .await,
    );
    assert_eq!(refused, "No dns_zone with name \"example.org\" was found.");
    client
        .send(&dns::CreateDomain::new(1, "example.org"))
        .await
        .unwrap();
    let refused = refusal(client.send(&dns::CreateDomain::new(1, "example.org")).await);
    assert_eq!(
        refused,
        "Dns_zone with name \"example.org\" already exists."
    );

    let www = client
        .send(&dns::AddRecord::new(
            1,
            "example.org",
            "A",
            "www.example.org",
            "192.0.2.1",
        ))
        .await
        .unwrap();
    let mail = client
        .send(
            &dns::AddRecord::new(1, "example.org", "MX", "example.org", "mail.example.org")
                .prio("10"),
        )
        .await
        .unwrap();
    let (www, mail) = (www.id.unwrap(), mail.id.unwrap());
    assert_ne!(www, mail, "each record gets an ID of its own");

    let records = client
        .send(&dns::ListRecords::new(1, "example.org"))
        .await
        .unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, www);
    assert_eq!(records[0].content, "192.0.2.1");
    assert_eq!(records[1].prio.as_deref(), Some("10"));
    assert!(
        records[0]
            .change_date
            .as_deref()
            .is_some_and(|d| d.len() == 19)
    );

    client
        .send(&dns::UpdateRecord::new(
            1,
            "example.org",
            &www,
            "A",
            "www.example.org",
            "192.0.2.2",
        ))
        .await
        .unwrap();
    client
        .send(&dns::DeleteRecord::new(1, "example.org", &mail))
        .await
        .unwrap();
    let records = client
        .send(&dns::ListRecords::new(1, "example.org"))
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].content, "192.0.2.2");
    assert_eq!(fake.resource("dns_record")[0]["content"], "192.0.2.2");

    let refused = refusal(
        client
            .send(&dns::DeleteRecord::new(1, "example.org", &mail))
            .await,
    );
    assert_eq!(
        refused,
        format!("No dns_record with domain \"example.org\" and id \"{mail}\" was found.")
    );
    // A zone's deletion takes its records with it.
    client
        .send(&dns::DeleteDomain::new(1, "example.org"))
        .await
        .unwrap();
    assert!(fake.resource("dns_record").is_empty());
    assert!(fake.resource("dns_zone").is_empty());
    let refused = refusal(client.send(&dns::ListRecords::new(1, "example.org")).await);
    assert_eq!(refused, "No dns_zone with name \"example.org\" was found.");
}

#[tokio::test]
async fn a_stack_exists_once_its_create_job_completes_and_a_failed_job_changes_nothing() {
    let fake = FakeApi::builder()
        .empty()
        .job_polls(2)
        .start()
        .await
        .unwrap();
    let client = fake.client();
    let get = cloud::stack::Get::new(1, "ch-server", "web");
    let add = cloud::stack::Add::new(1, "ch-server", "web", "Web", false, "services: {}");

    let job = client.start(&add).await.unwrap();
    let refused = refusal(client.send(&get).await);
    assert_eq!(
        refused, "No stack with server_name \"ch-server\" and name \"web\" was found.",
        "not there before its job completes"
    );
    let refused = refusal(client.start(&add).await);
    assert_eq!(
        refused,
        "Stack with server_name \"ch-server\" and name \"web\" is already being created."
    );
    client.wait_for_job(&job).await.unwrap();
    let stack = client.send(&get).await.unwrap();
    assert_eq!((stack.name.as_str(), stack.label.as_str()), ("web", "Web"));
    assert_eq!(stack.docker_file, "services: {}");
    assert!(stack.date_added.is_some());

    for action in [
        client
            .start(&cloud::stack::Stop::new(1, "ch-server", "web"))
            .await,
        client
            .start(&cloud::stack::Start::new(1, "ch-server", "web"))
            .await,
        client
            .start(&cloud::stack::Restart::new(1, "ch-server", "web"))
            .await,
    ] {
        client.wait_for_job(&action.unwrap()).await.unwrap();
    }
    let refused = refusal(
        client
            .start(&cloud::stack::Stop::new(1, "ch-server", "db"))
            .await,
    );
    assert_eq!(
        refused,
        "No stack with server_name \"ch-server\" and name \"db\" was found."
    );

    fake.fail_next_job("Disk full");
    let delete = cloud::stack::Delete::new(1, "ch-server", "web");
    let job = client.start(&delete).await.unwrap();
    let failed = client.wait_for_job(&job).await.unwrap_err();
    assert!(matches!(failed, Error::JobFailed { .. }), "{failed}");
    client
        .send(&get)
        .await
        .expect("a failed delete leaves the stack");

    let job = client.start(&delete).await.unwrap();
    client.wait_for_job(&job).await.unwrap();
    refusal(client.send(&get).await);
    assert!(fake.resource("stack").is_empty());

    // A create that fails leaves nothing either.
    fake.fail_next_job("No space left");
    let job = client.start(&add).await.unwrap();
    client.wait_for_job(&job).await.unwrap_err();
    assert!(fake.resource("stack").is_empty());
}

#[tokio::test]
async fn ssh_keys_get_ids_and_are_listed_changed_and_removed() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let mut ids = Vec::new();
    for label in ["laptop", "desktop", "ci"] {
        let added = client
            .send(&ssh::key::Add::new(
                1,
                label,
                format!("ssh-ed25519 AAAA {label}"),
            ))
            .await
            .unwrap();
        ids.push(added.key_id.parse::<i64>().unwrap());
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");

    let key = client.send(&ssh::key::Get::new(1, ids[1])).await.unwrap();
    assert_eq!((key.id, key.label.as_str()), (ids[1], "desktop"));
    assert_eq!(key.date_added, key.date_updated);

    client
        .send(&ssh::key::Update::new(
            1,
            ids[1],
            ssh::key::UpdateParams::new("workstation", "ssh-ed25519 BBBB"),
        ))
        .await
        .unwrap();
    let key = client.send(&ssh::key::Get::new(1, ids[1])).await.unwrap();
    assert_eq!(
        (key.label.as_str(), key.content.as_str()),
        ("workstation", "ssh-ed25519 BBBB")
    );

    // The keys nobody uses go.
    client
        .send(&ssh::key::Remove::new(1, ids[0]))
        .await
        .unwrap();
    let listed: Vec<_> = client
        .items(&ssh::key::ListAll::new(1))
        .try_collect()
        .await
        .unwrap();
    let labels: Vec<&str> = listed.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(labels, ["workstation", "ci"]);
    refusal(client.send(&ssh::key::Get::new(1, ids[0])).await);

    // IDs are not reused.
    let again = client
        .send(&ssh::key::Add::new(1, "laptop", "ssh-ed25519 CCCC"))
        .await
        .unwrap();
    assert_eq!(again.key_id, (ids[2] + 1).to_string());
}

#[tokio::test]
async fn databases_and_their_users_live_through_their_jobs() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    for name in ["shop", "blog"] {
        let job = client
            .start(&cloud::db::Add::new(1, "ch-server", name, "web"))
            .await
            .unwrap();
        client.wait_for_job(&job).await.unwrap();
    }
    let job = client
        .start(&cloud::db::Add::new(1, "ch-other", "shop", "web"))
        .await
        .unwrap();
    client.wait_for_job(&job).await.unwrap();
    let refused = refusal(
        client
            .start(&cloud::db::Add::new(1, "ch-server", "shop", "web"))
            .await,
    );
    assert_eq!(
        refused,
        "Database with server_name \"ch-server\" and db_name \"shop\" already exists."
    );

    let db = client
        .send(&cloud::db::Get::new(
            1,
            "ch-server",
            MysqlHost::Mysql8,
            "blog",
        ))
        .await
        .unwrap();
    assert_eq!(
        (db.db_name.as_str(), db.container.as_deref()),
        ("blog", Some("web"))
    );
    let on_server = cloud::db::ListAll::new(1).filters(
        cloud::db::ListAllFilters::new()
            .server_name("ch-server")
            .sort_by("db_name")
            .sort_dir(SortDir::Asc),
    );
    let page = client.send(&on_server).await.unwrap();
    let names: Vec<&str> = page.data.iter().map(|d| d.db_name.as_str()).collect();
    assert_eq!(names, ["blog", "shop"]);
    assert_eq!(page.total_items, 2);

    let user = cloud::db::user::Add::new(1, "ch-server", MysqlHost::Mysql8, "shopper", "s3cret")
        .database("shop");
    client
        .wait_for_job(&client.start(&user).await.unwrap())
        .await
        .unwrap();
    let get = cloud::db::user::Get::new(1, "ch-server", MysqlHost::Mysql8, "shopper");
    assert_eq!(client.send(&get).await.unwrap().password, "s3cret");
    let update = cloud::db::user::Update::new(1, "ch-server", MysqlHost::Mysql8, "shopper", "n3w");
    client
        .wait_for_job(&client.start(&update).await.unwrap())
        .await
        .unwrap();
    assert_eq!(client.send(&get).await.unwrap().password, "n3w");
    let delete = cloud::db::user::Delete::new(1, "ch-server", MysqlHost::Mysql8, "shopper");
    client
        .wait_for_job(&client.start(&delete).await.unwrap())
        .await
        .unwrap();
    refusal(client.send(&get).await);

    let delete = cloud::db::Delete::new(1, "ch-server", MysqlHost::Mysql8, "shop");
    client
        .wait_for_job(&client.start(&delete).await.unwrap())
        .await
        .unwrap();
    let left: Vec<(String, String)> = fake
        .resource("database")
        .iter()
        .map(|d| {
            (
                d["server_name"].as_str().unwrap().to_owned(),
                d["db_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            ("ch-server".to_owned(), "blog".to_owned()),
            ("ch-other".to_owned(), "shop".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_seed_file_is_what_the_fake_holds() {
    let dir = std::env::temp_dir().join(format!("sitehost-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fixtures.yaml");
    std::fs::write(
        &path,
        "server:\n  - {name: ch-web1, label: Web 1, state: 'On'}\n  - {name: ch-db1, label: DB 1, state: 'Off'}\n",
    )
    .unwrap();
    let fake = FakeApi::builder().seed_file(&path).start().await.unwrap();
    let client = fake.client();
    let server = client
        .send(&server::GetServer::new(1, "ch-db1"))
        .await
        .unwrap();
    assert_eq!(
        (server.label.as_str(), server.state.as_str()),
        ("DB 1", "Off")
    );
    let state = fake.state();
    assert_eq!(state["server"].len(), 2);
    assert!(state["dns_zone"].is_empty(), "a seed replaces the examples");

    std::fs::write(&path, "server:\n  - {label: no name}\n").unwrap();
    let err = FakeApi::builder()
        .seed_file(&path)
        .start()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: server[0] has no `name`, which names a server",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_spec_examples_are_the_default_seed() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    // The documented stack and the one the parameter examples name.
    let stack = client
        .send(&cloud::stack::Get::new(1, "ch-mycloud", "test1nz"))
        .await
        .unwrap();
    assert_eq!(stack.label, "test1.nz");
    client
        .send(&cloud::stack::Get::new(1, "ch-servername", "examplenz"))
        .await
        .unwrap();
    let refused = refusal(client.send(&server::GetServer::new(1, "bogus")).await);
    assert_eq!(refused, "No server with name \"bogus\" was found.");
    let state = fake.state();
    for resource in sitehost::resources::RESOURCES {
        assert!(!state[resource.name].is_empty(), "{}", resource.name);
    }
}

#[tokio::test]
async fn a_paged_list_of_250_servers_is_walked_filtered_and_sorted() {
    let servers: Vec<Value> = (1..=250)
        .map(|n| json!({"name": format!("ch-web{n:03}"), "label": format!("Web {n}"), "state": if n % 5 == 0 { "Off" } else { "On" }}))
        .collect();
    let fake = FakeApi::builder()
        .seed("server", servers)
        .start()
        .await
        .unwrap();
    let client = fake.client();
    let all: Vec<_> = client
        .items(
            &server::ListServers::new(1).filters(server::ListServersFilters::new().page_size(100)),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
    assert_eq!(all[249].name, "ch-web250");
    assert_eq!(fake.take_requests().len(), 3, "three pages of 100");

    let off = server::ListServersFilters::new()
        .state(sitehost::enums::ServerPowerState::Off)
        .sort_by("name")
        .sort_dir(SortDir::Desc);
    let page = client
        .send(&server::ListServers::new(1).filters(off))
        .await
        .unwrap();
    assert_eq!((page.total_items, page.total_pages), (50, 5));
    assert_eq!(page.data[0].name, "ch-web250");
    assert_eq!(page.data[1].name, "ch-web245");

    let one = server::ListServersFilters::new().name("ch-web042");
    let page = client
        .send(&server::ListServers::new(1).filters(one))
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].label, "Web 42");

    let refused = refusal(
        client
            .send(
                &server::ListServers::new(1)
                    .filters(server::ListServersFilters::new().sort_by("colour")),
            )
            .await,
    );
    assert_eq!(
        refused,
        "Cannot sort by colour: a server has no such field."
    );
}

/// A plain value of a parameter: every required member of a group, one
/// value of a list, one entry of a map.
fn plain_value(p: &sitehost::Param) -> Value {
    let one = match p.kind {
        sitehost::ParamKind::Integer => json!(1),
        sitehost::ParamKind::Boolean => json!(true),
        sitehost::ParamKind::Choice(values) => json!(values[0]),
        sitehost::ParamKind::String => json!("x"),
        sitehost::ParamKind::Group(members) => Value::Object(plain_object(members)),
    };
    let one = if p.list.is_some() { json!([one]) } else { one };
    if p.map { json!({ "key": one }) } else { one }
}

fn plain_object(params: &[sitehost::Param]) -> serde_json::Map<String, Value> {
    params
        .iter()
        .filter(|p| p.required)
        .map(|p| (p.name.to_owned(), plain_value(p)))
        .collect()
}

/// A request's fields from an endpoint's metadata, through the codec: each
/// required parameter with a plain value, the parameters that name a
/// resource with `name` (or an integer ID no object has).
fn fields_naming(endpoint: &sitehost::Endpoint, name: &str) -> Vec<(String, String)> {
    let uses = endpoint.resource.expect("a resource endpoint");
    let mut value = plain_object(endpoint.params);
    for (_, path) in uses.key {
        let named = match sitehost::wire::param_at(endpoint.params, path).map(|p| p.kind) {
            Some(sitehost::ParamKind::Integer) => json!(987_654),
            Some(sitehost::ParamKind::String) => json!(name),
            // A choice keeps its plain value: the name is in the others.
            _ => continue,
        };
        sitehost::wire::set(&mut value, path, named);
    }
    let mut fields = vec![("apikey".to_owned(), sitehost::fake::FAKE_API_KEY.to_owned())];
    fields
        .extend(sitehost::wire::encode(endpoint.params, &value).expect("a value the codec sends"));
    fields
}

#[tokio::test]
async fn every_get_update_delete_and_action_refuses_what_the_fake_does_not_hold() {
    let fake = FakeApi::start().await.unwrap();
    let http = reqwest::Client::new();
    let mut checked = 0;
    let mut failures = Vec::new();
    for endpoint in sitehost::api::ENDPOINTS {
        let Some(uses) = endpoint.resource else {
            continue;
        };
        // A set of what is not held makes it.
        if matches!(
            uses.op,
            ResourceOp::Create | ResourceOp::List | ResourceOp::Set
        ) {
            continue;
        }
        let fields = fields_naming(endpoint, "bogus-name");
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        let url = format!(
            "{}/{}{}.json",
            fake.base_url(),
            endpoint.version,
            endpoint.path
        );
        let response = match endpoint.method {
            Method::Get => http.get(format!("{url}?{body}")).send().await,
            Method::Post => {
                http.post(url)
                    .header("content-type", sitehost::CONTENT_TYPE)
                    .body(body)
                    .send()
                    .await
            }
        };
        let answer: Value = serde_json::from_str(&response.unwrap().text().await.unwrap()).unwrap();
        let msg = answer["msg"].as_str().unwrap_or_default();
        let wanted = format!("No {} with ", uses.resource.name);
        if answer["status"] != json!(false) || !msg.starts_with(&wanted) {
            failures.push(format!("{} {}: {answer}", endpoint.method, endpoint.path));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 30, "only {checked} endpoints checked");
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.refused.as_deref().is_some_and(|m| m.starts_with("No "))),
        "refused for the name, not for the request's form"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_and_deletes_lose_nothing() {
    let fake = FakeApi::builder()
        .empty()
        .seed("dns_zone", [json!({"name": "example.org"})])
        .start()
        .await
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|worker| {
            let client = fake.client();
            tokio::spawn(async move {
                let mut kept = Vec::new();
                for n in 0..25 {
                    let name = format!("host{worker}-{n}.example.org");
                    let id = client
                        .send(&dns::AddRecord::new(
                            1,
                            "example.org",
                            "A",
                            &name,
                            "192.0.2.1",
                        ))
                        .await
                        .unwrap()
                        .id
                        .unwrap();
                    if n % 5 == 0 {
                        client
                            .send(&dns::DeleteRecord::new(1, "example.org", &id))
                            .await
                            .unwrap();
                    } else {
                        kept.push(id);
                    }
                }
                kept
            })
        })
        .collect();
    let mut kept = Vec::new();
    for task in tasks {
        kept.extend(task.await.unwrap());
    }
    assert_eq!(kept.len(), 8 * 20);
    let mut unique = kept.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), kept.len(), "an ID given twice");
    let held: Vec<String> = fake
        .resource("dns_record")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let mut held_sorted = held.clone();
    held_sorted.sort();
    assert_eq!(
        held_sorted, unique,
        "the store holds exactly the records not deleted"
    );
}

#[tokio::test]
async fn a_cloud_ssh_users_lists_are_kept_from_its_list_parameters() {
    use cloud::ssh::user::{Add, AddParams, Get, Update, UpdateParams};
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let add = Add::new(1, "ch-server", "deploy").params(
        AddParams::new()
            .password("s3cret")
            .containers(["web", "worker"]),
    );
    client
        .wait_for_job(&client.start(&add).await.unwrap())
        .await
        .unwrap();
    let get = Get::new(1, "ch-server", "deploy");
    let user = client.send(&get).await.unwrap();
    assert_eq!(user.containers, ["web", "worker"]);
    assert!(user.volumes.is_empty());

    let update =
        Update::new(1, "ch-server", "deploy").params(UpdateParams::new().volumes(["data"]));
    client
        .wait_for_job(&client.start(&update).await.unwrap())
        .await
        .unwrap();
    let user = client.send(&get).await.unwrap();
    assert_eq!(
        user.containers,
        ["web", "worker"],
        "a list not sent is kept"
    );
    assert_eq!(user.volumes, ["data"]);
}
