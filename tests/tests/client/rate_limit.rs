//! The API's rate limit: its refusal (HTTP 500 and its `msg`) is sent again
//! whatever the method, since nothing was done; when the retries run out it
//! is `Error::RateLimited`; and a client-side limit keeps a walk of 250 paged
//! servers under the fake's limit.

use futures_util::StreamExt;
use sitehost::Error;
use sitehost::api::dns::AddRecord;
use sitehost::api::server::{ListServers, ListServersFilters};
use sitehost::fake::{FakeApi, RATE_LIMIT_MSG};

#[tokio::test]
async fn a_rate_limited_post_is_sent_again() {
    let fake = FakeApi::start().await.unwrap();
    fake.on::<AddRecord>().times(1).rate_limit();
    let added = fake
        .client()
        .send(&AddRecord::new(
            1,
            "example.nz",
            "A",
            "www.example.nz",
            "192.0.2.1",
        ))
        .await
        .unwrap();
    assert!(added.id.is_some());
    let sent = fake.requests();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].refused.as_deref(), Some(RATE_LIMIT_MSG));
    assert_eq!(sent[1].refused, None);
    // The record was made once.
    let records = fake.resource("dns_record");
    assert_eq!(
        records
            .iter()
            .filter(|r| r["name"] == "www.example.nz" && r["content"] == "192.0.2.1")
            .count(),
        1
    );
}

#[tokio::test]
async fn retries_that_run_out_end_as_rate_limited() {
    let fake = FakeApi::start().await.unwrap();
    fake.on::<AddRecord>().rate_limit();
    let error = fake
        .client()
        .send(&AddRecord::new(
            1,
            "example.nz",
            "A",
            "www.example.nz",
            "192.0.2.1",
        ))
        .await
        .unwrap_err();
    match &error {
        Error::RateLimited { attempts, msg, .. } => {
            assert_eq!(*attempts, 3);
            assert_eq!(msg, RATE_LIMIT_MSG);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("rate limit"), "{error}");
    assert_eq!(fake.requests().len(), 3);
}

async fn walk(client: &sitehost::Client) -> Result<usize, Error> {
    let request = ListServers::new(1).filters(ListServersFilters::new().page_size(10));
    let mut items = std::pin::pin!(client.items(&request));
    let mut count = 0;
    while let Some(item) = items.next().await {
        item?;
        count += 1;
    }
    Ok(count)
}

#[tokio::test]
async fn a_walk_of_250_paged_servers_keeps_under_the_limit() {
    let fake = FakeApi::builder()
        .list_items(250)
        .rate_limit(20)
        .start()
        .await
        .unwrap();
    // Unpaced, the 25 pages come faster than 20 a second: the fake refuses
    // some, and the retries run out within the second.
    let unpaced = walk(&fake.client()).await;
    assert!(
        matches!(unpaced, Err(Error::RateLimited { .. })),
        "{unpaced:?}"
    );
    assert!(fake.take_requests().iter().any(|r| r.refused.is_some()));
    fake.set_rate_limit(Some(20));
    // Paced a little under the limit (the network moves requests closer
    // together), every page is answered the first time.
    let paced = fake
        .client_builder()
        .max_requests_per_second(18)
        .build()
        .unwrap();
    assert_eq!(walk(&paced).await.unwrap(), 250);
    let sent = fake.take_requests();
    assert!(sent.iter().all(|r| r.refused.is_none()), "{sent:?}");
    assert_eq!(sent.len(), 25);
}
