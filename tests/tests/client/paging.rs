//! Paged lists: one page as the endpoint returns it, and every item walked
//! lazily, each page fetched only when needed with the page parameters the
//! spec names (`filters[page_number]`, `filters[page_size]`).

use futures_util::{StreamExt, TryStreamExt};
use sitehost::Paged;
use sitehost::api::ssh::key::{ListAll, ListAllFilters};
use sitehost::fake::{FAKE_PAGE_SIZE, FakeApi};

fn page_fields(fake: &FakeApi) -> Vec<(Option<String>, Option<String>)> {
    fake.take_requests()
        .iter()
        .map(|r| {
            assert_eq!(r.refused, None, "{r}");
            (
                r.field("filters[page_number]").map(str::to_owned),
                r.field("filters[page_size]").map(str::to_owned),
            )
        })
        .collect()
}

#[tokio::test]
async fn items_walk_three_pages_with_the_page_parameters() {
    let fake = FakeApi::builder().list_items(25).start().await.unwrap();
    let client = fake.client();
    let request = ListAll::new(1).filters(ListAllFilters::new().page_size(10));
    let keys: Vec<_> = client.items(&request).try_collect().await.unwrap();
    assert_eq!(keys.len(), 25);
    assert_eq!(keys[0].label, "bruce");
    let ten = Some("10".to_owned());
    assert_eq!(
        page_fields(&fake),
        [
            (Some("1".to_owned()), ten.clone()),
            (Some("2".to_owned()), ten.clone()),
            (Some("3".to_owned()), ten),
        ]
    );
}

#[tokio::test]
async fn pages_are_fetched_only_when_polled() {
    let fake = FakeApi::builder().list_items(25).start().await.unwrap();
    let client = fake.client();
    // No page size: the API's (here the fake's) default.
    let request = ListAll::new(1);
    let mut pages = Box::pin(client.pages(&request));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(
        (first.current_page, first.total_pages, first.total_items),
        (1, 3, 25)
    );
    assert_eq!(first.data.len() as i64, FAKE_PAGE_SIZE);
    assert_eq!(page_fields(&fake), [(Some("1".to_owned()), None)]);
    drop(pages);
    assert!(
        fake.take_requests().is_empty(),
        "no page after the last polled"
    );
}

#[tokio::test]
async fn a_walk_starts_at_the_requested_page_and_one_page_is_a_plain_call() {
    let fake = FakeApi::builder().list_items(5).start().await.unwrap();
    let client = fake.client();
    let request = ListAll::new(1).filters(ListAllFilters::new().page_size(2).page_number(2));
    assert_eq!(request.page_number(), Some(2));
    let rest: Vec<_> = client.items(&request).try_collect().await.unwrap();
    assert_eq!(rest.len(), 3, "pages 2 and 3 of 2, 2 and 1 items");
    fake.take_requests();

    let one = client.ssh_key_list_all(&request).await.unwrap();
    assert_eq!((one.current_page, one.data.len()), (2, 2));
    assert!(one.has_next());
}

#[tokio::test]
async fn an_error_ends_the_walk() {
    let fake = FakeApi::builder().api_key("other").start().await.unwrap();
    let client = fake.client_builder().api_key("wrong").build().unwrap();
    let all: Vec<_> = client.items(&ListAll::new(1)).collect().await;
    assert_eq!(all.len(), 1);
    assert!(
        all[0]
            .as_ref()
            .unwrap_err()
            .msg()
            .unwrap()
            .contains("Unauthorised")
    );
}
