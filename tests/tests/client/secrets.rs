//! The API key appears in no Debug, Display or error text.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost::{Client, JobType, RetryPolicy};
use sitehost_tests::{Behaviour, ScriptedServer, closed_port_url};
use std::time::Duration;

const KEY: &str = "SeCrEt-KeY-0123456789";

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the key leaked into: {text}");
    assert!(
        !text.contains("SeCrEt"),
        "part of the key leaked into: {text}"
    );
}

fn client(url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .client_id(1)
        .base_url(url)
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn client_builder_and_preview_hide_the_key() {
    let client = client("http://127.0.0.1:9");
    assert_no_key(&format!("{client:?}"));
    assert_no_key(&format!("{:?}", Client::builder().api_key(KEY)));
    assert_no_key(&format!("{:?}", sitehost::ApiKey::new(KEY)));
    let preview = client.preview(&Renew::new(1, "s", "n")).unwrap();
    assert_no_key(&preview.to_string());
    assert_no_key(&format!("{preview:?}"));
    assert_eq!(preview.fields[0], ("apikey".to_owned(), "***".to_owned()));
}

#[tokio::test]
async fn errors_hide_the_key() {
    let mut errors = Vec::new();

    // Refused by the API (a real HTTP exchange with the fake, wrong key).
    let fake = FakeApi::start().await.unwrap();
    errors.push(
        client(&fake.base_url())
            .send(&Renew::new(1, "s", "n"))
            .await
            .unwrap_err(),
    );
    assert_no_key(&format!("{:?}", fake.requests()));
    assert_no_key(&fake.requests()[0].to_string());

    // A server that echoes the whole request, key included, into its reply.
    let echo = ScriptedServer::start(vec![Behaviour::Echo]).await;
    errors.push(
        client(&echo.url())
            .send(&Renew::new(1, "s", "n"))
            .await
            .unwrap_err(),
    );
    errors.push(
        client(&echo.url())
            .send(&Get::new(JobType::Scheduler, 1))
            .await
            .unwrap_err(),
    );
    let html = ScriptedServer::start(vec![Behaviour::status(502, "text/html", KEY)]).await;
    errors.push(
        client(&html.url())
            .send(&Get::new(JobType::Scheduler, 1))
            .await
            .unwrap_err(),
    );

    // Transport failures of a GET, whose URL holds the key.
    let closed = closed_port_url().await;
    errors.push(
        client(&closed)
            .send(&Get::new(JobType::Scheduler, 1))
            .await
            .unwrap_err(),
    );
    let hang = ScriptedServer::start(vec![Behaviour::Hang]).await;
    errors.push(
        client(&hang.url())
            .send(&Get::new(JobType::Scheduler, 1))
            .await
            .unwrap_err(),
    );
    let cut = ScriptedServer::start(vec![Behaviour::CutShort {
        declared: 100,
        body: b"{\"re".to_vec(),
    }])
    .await;
    errors.push(
        client(&cut.url())
            .send(&Get::new(JobType::Scheduler, 1))
            .await
            .unwrap_err(),
    );

    assert_eq!(errors.len(), 7);
    // The echoing server did send the key back; it was replaced, not dropped.
    assert!(
        format!("{:?}", errors[1]).contains("apikey=***"),
        "{:?}",
        errors[1]
    );
    for error in &errors {
        assert_no_key(&error.to_string());
        assert_no_key(&format!("{error:?}"));
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            assert_no_key(&inner.to_string());
            assert_no_key(&format!("{inner:?}"));
            source = inner.source();
        }
    }
}
