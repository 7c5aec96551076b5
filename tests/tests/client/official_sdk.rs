//! The endpoints the spec knows from the official Go SDK (sitehostnz/gosh) on
//! the wire, byte for byte, against the fake API on loopback: DNS records and
//! zones, security groups, the firewall. Each expected body is written out
//! from the order in which the official SDK puts its keys (its filters
//! sorted by name), with the two things it does that the client does
//! differently: the key goes first in the form body, never in a POST's URL,
//! and `client_id` is sent once.

use sitehost::api::dns::{
    AddRecord, CreateDomain, DeleteDomain, DeleteRecord, ListDomains, ListDomainsFilters,
    ListRecords, SearchDomains, SearchDomainsQuery, UpdateRecord,
};
use sitehost::api::server::firewall::Get as FirewallGet;
use sitehost::api::server::firewall::security_groups::{
    Add as GroupAdd, Delete as GroupDelete, Get as GroupGet, ListAll as GroupList,
    ListAllFilters as GroupListFilters, Update as GroupUpdate, UpdateParams, UpdateParamsRulesIn,
    UpdateParamsRulesOut,
};
use sitehost::enums::{FirewallAction, FirewallProtocol, SortDir};
use sitehost::fake::{FakeApi, RecordedRequest};
use sitehost::{JobProgress, JobState, Request};

/// Sends `request` to a fresh fake and returns what arrived and what the
/// typed call returned, checking that the fake accepted it.
async fn sent<R: Request>(request: &R) -> (RecordedRequest, R::Output) {
    let (request, result) = sitehost_tests::send_to_fake(request).await;
    (request, result.unwrap())
}

/// The whole body of a POST, checking that nothing went in its URL.
fn post_body(request: &RecordedRequest) -> &str {
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.query, None,
        "a POST's URL carries nothing: {request}"
    );
    &request.body
}

/// The whole query of a GET.
fn get_query(request: &RecordedRequest) -> &str {
    assert_eq!(request.method, "GET");
    assert!(request.body.is_empty());
    request.query.as_deref().unwrap_or("")
}

#[tokio::test]
async fn dns_add_record() {
    let request = AddRecord::new(1, "example.nz", "MX", "example.nz", "mail.example.nz").prio("10");
    let (sent, added) = sent(&request).await;
    assert_eq!(sent.path, "/1.5/dns/add_record.json");
    assert_eq!(
        post_body(&sent),
        "apikey=fake-api-key&client_id=1&domain=example.nz&type=MX&name=example.nz\
         &content=mail.example.nz&prio=10"
    );
    assert!(added.id.is_some());
}

#[tokio::test]
async fn dns_update_record() {
    let request = UpdateRecord::new(
        1,
        "example.nz",
        "1234567",
        "A",
        "www.example.nz",
        "192.0.2.11",
    );
    let (sent, _) = sent(&request).await;
    assert_eq!(sent.path, "/1.5/dns/update_record.json");
    assert_eq!(
        post_body(&sent),
        "apikey=fake-api-key&client_id=1&domain=example.nz&record_id=1234567&type=A\
         &name=www.example.nz&content=192.0.2.11"
    );
}

#[tokio::test]
async fn dns_delete_record() {
    let (sent, _) = sent(&DeleteRecord::new(1, "example.nz", "1234567")).await;
    assert_eq!(sent.path, "/1.5/dns/delete_record.json");
    assert_eq!(
        post_body(&sent),
        "apikey=fake-api-key&client_id=1&domain=example.nz&record_id=1234567"
    );
}

#[tokio::test]
async fn dns_list_records() {
    let (sent, records) = sent(&ListRecords::new(1, "example.nz")).await;
    assert_eq!(sent.path, "/1.5/dns/list_records.json");
    assert_eq!(
        get_query(&sent),
        "apikey=fake-api-key&client_id=1&domain=example.nz"
    );
    assert!(!records.is_empty());
    assert_eq!(records[0].domain.as_deref(), Some("example.nz"));
}

#[tokio::test]
async fn dns_list_domains_sends_its_filters_sorted_by_name() {
    let filters = ListDomainsFilters::new()
        .domain("example")
        .page_number(2)
        .page_size(5)
        .sort_by("name")
        .sort_dir(SortDir::Desc);
    let (sent, page) = sent(&ListDomains::new(1).filters(filters)).await;
    assert_eq!(sent.path, "/1.5/dns/list_domains.json");
    assert_eq!(
        get_query(&sent),
        "apikey=fake-api-key&client_id=1&filters%5Bdomain%5D=example\
         &filters%5Bpage_number%5D=2&filters%5Bpage_size%5D=5&filters%5Bsort_by%5D=name\
         &filters%5Bsort_dir%5D=DESC"
    );
    assert_eq!(page.current_page, 2);
}

#[tokio::test]
async fn dns_create_and_delete_domain() {
    let (create, created) = sent(&CreateDomain::new(1, "example.org")).await;
    assert_eq!(create.path, "/1.5/dns/create_domain.json");
    assert_eq!(
        post_body(&create),
        "apikey=fake-api-key&client_id=1&domain=example.org"
    );
    assert!(created.is_migration.is_some());
    let (delete, _) = sent(&DeleteDomain::new(1, "example.nz")).await;
    assert_eq!(delete.path, "/1.5/dns/delete_domain.json");
    assert_eq!(
        post_body(&delete),
        "apikey=fake-api-key&client_id=1&domain=example.nz"
    );
}

#[tokio::test]
async fn dns_search_domains() {
    let request = SearchDomains::new(1, SearchDomainsQuery::new("example.nz"));
    let (sent, zones) = sent(&request).await;
    assert_eq!(sent.path, "/1.5/dns/search_domains.json");
    assert_eq!(
        post_body(&sent),
        "apikey=fake-api-key&client_id=1&query%5Bdomain%5D=example.nz"
    );
    assert!(!zones.is_empty());
}

#[tokio::test]
async fn security_group_add_get_and_delete() {
    let (add, added) = sent(&GroupAdd::new(1, "Web servers")).await;
    assert_eq!(add.path, "/1.5/server/firewall/security_groups/add.json");
    assert_eq!(
        post_body(&add),
        "apikey=fake-api-key&client_id=1&label=Web+servers"
    );
    assert!(added.name.is_some());

    let (get, group) = sent(&GroupGet::new(1, "sgfc40e62092")).await;
    assert_eq!(get.path, "/1.5/server/firewall/security_groups/get.json");
    assert_eq!(
        get_query(&get),
        "apikey=fake-api-key&client_id=1&name=sgfc40e62092"
    );
    assert_eq!(group.name, "sgfc40e62092");
    let rules = group.rules.expect("the fake's group has rules");
    assert!(!rules.r#in.is_empty() && !rules.out.is_empty());

    let (delete, _) = sent(&GroupDelete::new(1, "sgfc40e62092")).await;
    assert_eq!(
        delete.path,
        "/1.5/server/firewall/security_groups/delete.json"
    );
    assert_eq!(
        post_body(&delete),
        "apikey=fake-api-key&client_id=1&name=sgfc40e62092"
    );
}

#[tokio::test]
async fn security_group_list_sends_its_filters_sorted_by_name() {
    let filters = GroupListFilters::new()
        .label("Web")
        .page_number(1)
        .page_size(10)
        .sort_by("label")
        .sort_dir(SortDir::Asc);
    let (sent, page) = sent(&GroupList::new(1).filters(filters)).await;
    assert_eq!(
        sent.path,
        "/1.5/server/firewall/security_groups/list_all.json"
    );
    assert_eq!(
        get_query(&sent),
        "apikey=fake-api-key&client_id=1&filters%5Blabel%5D=Web&filters%5Bpage_number%5D=1\
         &filters%5Bpage_size%5D=10&filters%5Bsort_by%5D=label&filters%5Bsort_dir%5D=ASC"
    );
    // The fake holds the documented group, whose label is not `Web`.
    assert_eq!((page.total_items, page.data.len()), (0, 0));
}

#[tokio::test]
async fn security_group_update_sends_whole_rules_in_then_out_and_starts_a_job() {
    let params = UpdateParams::new()
        .label("Web servers")
        .rules_in([UpdateParamsRulesIn::new()
            .enabled(true)
            .action(FirewallAction::Accept)
            .protocol(FirewallProtocol::Tcp)
            .src_ip("0.0.0.0/0")
            .dest_port(443)])
        .rules_out([UpdateParamsRulesOut::new()
            .enabled(false)
            .action(FirewallAction::Drop)
            .protocol(FirewallProtocol::Udp)
            .dest_ip("192.0.2.0/24")
            .dest_port(53)]);
    let fake = FakeApi::start().await.unwrap();
    let client = fake.client();
    let job = client
        .server_firewall_security_groups_update(&GroupUpdate::new(1, "sgfc40e62092").params(params))
        .await
        .unwrap();
    let sent = fake.take_requests().remove(0);
    assert_eq!(sent.refused, None, "{sent}");
    assert_eq!(
        post_body(&sent),
        "apikey=fake-api-key&client_id=1&name=sgfc40e62092&params%5Blabel%5D=Web+servers\
         &params%5Brules_in%5D%5B0%5D%5Benabled%5D=1\
         &params%5Brules_in%5D%5B0%5D%5Baction%5D=ACCEPT\
         &params%5Brules_in%5D%5B0%5D%5Bprotocol%5D=tcp\
         &params%5Brules_in%5D%5B0%5D%5Bsrc_ip%5D=0.0.0.0%2F0\
         &params%5Brules_in%5D%5B0%5D%5Bdest_port%5D=443\
         &params%5Brules_out%5D%5B0%5D%5Benabled%5D=0\
         &params%5Brules_out%5D%5B0%5D%5Baction%5D=DROP\
         &params%5Brules_out%5D%5B0%5D%5Bprotocol%5D=udp\
         &params%5Brules_out%5D%5B0%5D%5Bdest_ip%5D=192.0.2.0%2F24\
         &params%5Brules_out%5D%5B0%5D%5Bdest_port%5D=53"
    );
    let done = client.wait_for_job(&job).await.unwrap();
    assert_eq!(done.job_state(), JobState::Completed);
}

#[tokio::test]
async fn firewall_get_lists_the_groups_of_a_server() {
    let (sent, groups) = sent(&FirewallGet::new(1, "servername")).await;
    assert_eq!(sent.path, "/1.5/server/firewall/get.json");
    assert_eq!(
        get_query(&sent),
        "apikey=fake-api-key&client_id=1&server=servername"
    );
    assert!(!groups.is_empty());
}
