//! The compound parameter shapes on the wire, byte for byte: groups, nested
//! groups, lists of groups, maps keyed by the caller's data, enums,
//! list-or-`auto`, and 1.5 job objects. Each expected body is written out
//! from the API page's own code samples, and each request passes the fake
//! API's checks (order, names, required members).

use sitehost::api::cloud::db::grant::Delete as GrantDelete;
use sitehost::api::cloud::stack::Add as StackAdd;
use sitehost::api::cloud::stack::environment::{Update as EnvUpdate, UpdateVariables};
use sitehost::api::cloud::volume::{UpdateMounts, UpdateMountsContainers};
use sitehost::api::server::{
    ChangeState, ListServers, ListServersFilters, Provision, ProvisionParams,
    Update as ServerUpdate, UpdateUpdates, UpdateUpdatesPartitions,
};
use sitehost::api::srs::{
    AddNameServers, AddNameServersNameservers, CreateContact, CreateContactParams,
    CreateContactParamsMobile, CreateContactParamsPhone,
};
use sitehost::enums::{MysqlHost, ServerPowerState, ServerStateChange, SortDir};
use sitehost::fake::{FakeApi, RecordedRequest};
use sitehost::{JobType, OrAuto, Request};

/// Sends `request` to a fresh fake and returns what arrived, checking that
/// the fake accepted it.
async fn sent<R: Request>(request: &R) -> RecordedRequest {
    let (request, result) = sitehost_tests::send_to_fake(request).await;
    assert!(result.is_ok(), "{:?}", result.err());
    request
}

/// The form text after `apikey=fake-api-key&`, of a POST body or GET query.
fn fields(request: &RecordedRequest) -> &str {
    let text = match request.method.as_str() {
        "GET" => request.query.as_deref().unwrap_or(""),
        _ => request.body.as_str(),
    };
    text.strip_prefix("apikey=fake-api-key&").unwrap_or(text)
}

/// `[` and `]` as a form encodes them, so expected bodies read like the docs.
fn enc(text: &str) -> String {
    text.replace('[', "%5B").replace(']', "%5D")
}

#[tokio::test]
async fn add_name_servers_sends_an_indexed_list_of_groups() {
    let request = AddNameServers::new(
        1,
        "example.com",
        [
            AddNameServersNameservers::new("ns1.sitehost.co.nz")
                .ipv4addr("192.168.12.1")
                .ipv6addr("fc00:192:168:11::35"),
            AddNameServersNameservers::new("ns2.sitehost.co.nz"),
        ],
    );
    let sent = sent(&request).await;
    assert_eq!(sent.path, "/1.2/srs/add_name_servers.json");
    assert_eq!(
        fields(&sent),
        enc("client_id=1&domain=example.com\
             &nameservers[0][name]=ns1.sitehost.co.nz\
             &nameservers[0][ipv4addr]=192.168.12.1\
             &nameservers[0][ipv6addr]=fc00%3A192%3A168%3A11%3A%3A35\
             &nameservers[1][name]=ns2.sitehost.co.nz")
    );
}

#[tokio::test]
async fn environment_update_sets_and_deletes_variables() {
    // Leaving out `content` deletes the variable.
    let request = EnvUpdate::new(
        1,
        "ch-servername",
        "cc567a321b123c",
        "cc567a321b123c",
        [
            UpdateVariables::new("VAR_NAME1").content("value1"),
            UpdateVariables::new("VAR_NAME2"),
        ],
    );
    let sent = sent(&request).await;
    assert_eq!(sent.path, "/1.2/cloud/stack/environment/update.json");
    assert_eq!(
        fields(&sent),
        enc(
            "client_id=1&server=ch-servername&project=cc567a321b123c&service=cc567a321b123c\
             &variables[0][name]=VAR_NAME1&variables[0][content]=value1\
             &variables[1][name]=VAR_NAME2"
        )
    );
}

#[tokio::test]
async fn list_servers_sends_filters_in_the_documented_order() {
    // Set in another order than the page lists them; sent in the page's.
    let filters = ListServersFilters::new()
        .page_size(10)
        .sort_dir(SortDir::Desc)
        .name("servername")
        .state(ServerPowerState::On);
    let sent = sent(&ListServers::new(1).filters(filters)).await;
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.path, "/1.3/server/list_servers.json");
    assert_eq!(
        fields(&sent),
        enc("client_id=1&filters[state]=On&filters[name]=servername\
             &filters[sort_dir]=DESC&filters[page_size]=10")
    );
}

#[tokio::test]
async fn create_contact_sends_nested_groups() {
    let params = CreateContactParams::new(
        "612",
        CreateContactParamsPhone::new("64", "9", "123456").extension("789"),
    )
    .organization("Example Corp.")
    .mobile(
        CreateContactParamsMobile::new()
            .country("64")
            .area("21")
            .local("123456"),
    );
    let request = CreateContact::new(
        1,
        "Example",
        "example@example.com",
        "1 Example Rd",
        "Round the bend",
        "Auckland",
        "NZ",
        params,
    )
    .suburb("Ellerslie");
    let sent = sent(&request).await;
    assert_eq!(sent.path, "/1.2/srs/create_contact.json");
    assert_eq!(
        fields(&sent),
        enc("client_id=1&name=Example&email=example%40example.com\
             &postal_address=1+Example+Rd&postal_address2=Round+the+bend&suburb=Ellerslie\
             &city=Auckland&country=NZ\
             &params[PostCode]=612&params[Organization]=Example+Corp.\
             &params[Phone][Country]=64&params[Phone][Area]=9&params[Phone][Local]=123456\
             &params[Phone][Extension]=789\
             &params[Mobile][Country]=64&params[Mobile][Area]=21&params[Mobile][Local]=123456")
    );
}

#[tokio::test]
async fn update_mounts_sends_maps_keyed_by_stack_inside_a_group() {
    let containers = UpdateMountsContainers::new()
        .add([("examplenz", ["cc123456789abcde", "cc223456789abcde"])])
        .remove([("othernz", ["cc323456789abcde"])]);
    let request = UpdateMounts::new(1, "ch-servername", "my-volume").containers(containers);
    let sent = sent(&request).await;
    assert_eq!(sent.path, "/1.3/cloud/volume/update_mounts.json");
    assert_eq!(
        fields(&sent),
        enc(
            "client_id=1&server_name=ch-servername&volume_name=my-volume\
             &containers[add][examplenz][0]=cc123456789abcde\
             &containers[add][examplenz][1]=cc223456789abcde\
             &containers[remove][othernz][0]=cc323456789abcde"
        )
    );
}

#[tokio::test]
async fn stack_add_sends_environment_files_keyed_by_name() {
    let request = StackAdd::new(
        1,
        "ch-servername",
        "newstack",
        "Example",
        true,
        "services: {}",
    )
    .environments([("newstack.env", "vars:\n  A: 1")]);
    let sent = sent(&request).await;
    assert_eq!(
        fields(&sent),
        enc(
            "client_id=1&server=ch-servername&name=newstack&label=Example&enable_ssl=1\
             &docker_compose=services%3A+%7B%7D\
             &environments[newstack.env]=vars%3A%0A++A%3A+1"
        )
    );
}

#[tokio::test]
async fn server_update_sends_a_map_of_groups_keyed_by_disk() {
    let updates = UpdateUpdates::new()
        .label("My Server")
        .partitions([("xvda1", UpdateUpdatesPartitions::new().threshold("1"))]);
    let sent = sent(&ServerUpdate::new(1, "servername").updates(updates)).await;
    assert_eq!(
        fields(&sent),
        enc("client_id=1&name=servername&updates[label]=My+Server\
             &updates[partitions][xvda1][threshold]=1")
    );
}

#[tokio::test]
async fn change_state_sends_an_enum_value() {
    let sent = sent(&ChangeState::new(
        1,
        "servername",
        ServerStateChange::PowerOff,
    ))
    .await;
    assert_eq!(fields(&sent), "client_id=1&name=servername&state=power_off");
    assert_eq!("rescue_on".parse(), Ok(ServerStateChange::RescueOn));
    assert!("sideways".parse::<ServerStateChange>().is_err());
}

#[tokio::test]
async fn provision_sends_auto_or_addresses() {
    let auto = Provision::new(1, "example-label", "AKL", "CLDCON1", "ubuntu-trusty")
        .params(ProvisionParams::new().ipv4(OrAuto::Auto).backup(true));
    assert_eq!(
        fields(&sent(&auto).await),
        enc(
            "client_id=1&label=example-label&location=AKL&product_code=CLDCON1\
             &image=ubuntu-trusty&params[ipv4][0]=auto&params[backup]=1"
        )
    );
    let listed = Provision::new(1, "example-label", "AKL", "CLDCON1", "ubuntu-trusty")
        .params(ProvisionParams::new().ipv4(OrAuto::list(["192.0.2.1", "192.0.2.2"])));
    assert!(
        fields(&sent(&listed).await)
            .ends_with(&enc("&params[ipv4][0]=192.0.2.1&params[ipv4][1]=192.0.2.2"))
    );
}

#[tokio::test]
async fn grant_delete_at_1_5_returns_a_job_object_to_wait_on() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let request = GrantDelete::new(1, "ch-servername", MysqlHost::Mysql8, "dbname", "dbuser");
    let job = client.cloud_db_grant_delete(&request).await.unwrap();
    assert_eq!(job.job_type, JobType::Scheduler);
    let sent = fake.take_requests().remove(0);
    assert_eq!(sent.path, "/1.5/cloud/db/grant/delete.json");
    assert_eq!(
        fields(&sent),
        "client_id=1&server_name=ch-servername&mysql_host=mysql8&database=dbname&username=dbuser"
    );
    let done = client.wait_for_job(&job).await.unwrap();
    assert_eq!(done.state, "Completed");
    let poll = fake.take_requests().remove(0);
    assert_eq!(
        poll.query.as_deref(),
        Some(format!("apikey=fake-api-key&type=scheduler&id={}", job.id).as_str())
    );
}

#[tokio::test]
async fn odd_map_keys_and_empty_required_lists_are_refused_before_sending() {
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let bad_key = StackAdd::new(1, "ch-servername", "examplenz", "Example", true, "x")
        .environments([("a]b", "vars:")]);
    let error = client.send(&bad_key).await.unwrap_err();
    assert!(
        matches!(&error, sitehost::Error::InvalidParameter { param, .. } if param == "environments"),
        "{error:?}"
    );
    let no_servers = AddNameServers::new(1, "example.com", Vec::new());
    let error = client.send(&no_servers).await.unwrap_err();
    assert!(
        matches!(&error, sitehost::Error::InvalidParameter { param, .. } if param == "nameservers"),
        "{error:?}"
    );
    assert!(fake.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_fake_refuses_misplaced_and_missing_members() {
    use sitehost::fake::check;
    let endpoint = <CreateContact as Request>::ENDPOINT;
    let base = [
        ("apikey", "k"),
        ("client_id", "1"),
        ("name", "n"),
        ("email", "e"),
        ("postal_address", "a"),
        ("postal_address2", "b"),
        ("city", "c"),
        ("country", "NZ"),
        ("params[PostCode]", "612"),
    ];
    let with = |extra: &[(&str, &str)]| -> Vec<(String, String)> {
        base.iter()
            .chain(extra)
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    let phone = [
        ("params[Phone][Country]", "64"),
        ("params[Phone][Area]", "9"),
        ("params[Phone][Local]", "1"),
    ];
    let value = check(endpoint, "k", &with(&phone)).unwrap();
    assert_eq!(value["params"]["Phone"]["Local"], "1");
    let missing = check(endpoint, "k", &with(&phone[..2])).unwrap_err();
    assert!(missing.contains("Local"), "{missing}");
    let swapped = [phone[1], phone[0], phone[2]];
    let order = check(endpoint, "k", &with(&swapped)).unwrap_err();
    assert!(order.contains("out of order"), "{order}");
    let unknown = check(endpoint, "k", &with(&[("params[Phone][Planet]", "x")])).unwrap_err();
    assert!(unknown.contains("is not a parameter here"), "{unknown}");
}
