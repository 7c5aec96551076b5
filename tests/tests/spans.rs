//! One `tracing` span per call, with OpenTelemetry's HTTP attribute names,
//! its retries inside it; a job wait's polls inside the wait's span. In a
//! binary of its own: tracing caches which call sites are enabled
//! process-wide, so tests running beside this one would race its subscriber.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost::{Client, RetryPolicy};
use sitehost_tests::{Behaviour, ScriptedServer};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

const KEY: &str = "span-suite-secret-key-0123456789";

/// A span as the test saw it: its name, fields and parent's name.
#[derive(Debug, Clone, Default)]
struct Seen {
    name: String,
    fields: BTreeMap<String, String>,
    parent: Option<String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<BTreeMap<u64, Seen>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").replace('"', ""),
        );
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut seen = Seen {
            name: attrs.metadata().name().to_owned(),
            ..Seen::default()
        };
        attrs.record(&mut Fields(&mut seen.fields));
        seen.parent = ctx
            .span(id)
            .and_then(|span| span.parent())
            .map(|parent| parent.name().to_owned());
        self.0.lock().unwrap().insert(id.into_u64(), seen);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(seen) = self.0.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut seen.fields));
        }
    }
}

impl Capture {
    fn spans(&self) -> Vec<Seen> {
        self.0.lock().unwrap().values().cloned().collect()
    }
}

#[tokio::test]
async fn a_call_is_one_span_with_its_retries_and_a_wait_holds_its_polls() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    // Two refusals of a gateway, then the answer: one span, resent twice.
    let flaky = ScriptedServer::start(vec![
        Behaviour::status(503, "text/html", "busy"),
        Behaviour::status(503, "text/html", "busy"),
        Behaviour::json(r#"{"return":{"state":"Completed"},"msg":"","status":true}"#),
    ])
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(flaky.url())
        .retry(RetryPolicy::default().with_first_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    client
        .send(&Get::new(sitehost::JobType::Scheduler, 1))
        .await
        .unwrap();
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let call = &spans[0].fields;
    assert_eq!(spans[0].name, "sitehost.call");
    assert_eq!(call["http.request.method"], "GET");
    assert_eq!(call["url.path"], "/1.5/job/get.json");
    assert_eq!(call["sitehost.endpoint"], "job_get");
    assert_eq!(call["http.response.status_code"], "200");
    assert_eq!(call["http.request.resend_count"], "2");
    assert!(!call.contains_key("error.type"), "{call:?}");
    assert_eq!(flaky.hits(), 3);

    // A refusal: the call's span says so.
    let refusing = ScriptedServer::start(vec![Behaviour::json(
        r#"{"return":null,"msg":"No such job.","status":false}"#,
    )])
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(refusing.url())
        .build()
        .unwrap();
    client
        .send(&Get::new(sitehost::JobType::Scheduler, 1))
        .await
        .unwrap_err();
    let spans = capture.spans();
    let refused = &spans.last().unwrap().fields;
    assert_eq!(refused["error.type"], "api_refused");
    assert_eq!(refused["otel.status_code"], "ERROR");

    // A job: its start is a call; its wait a span that holds each poll's.
    let fake = FakeApi::builder().api_key(KEY).start().await.unwrap();
    let client = fake.client();
    let job = client.start(&Renew::new(1, "s", "n")).await.unwrap();
    client.wait_for_job(&job).await.unwrap();
    let spans = capture.spans();
    let wait = spans
        .iter()
        .find(|s| s.name == "sitehost.job.wait")
        .expect("a wait span");
    assert_eq!(wait.fields["sitehost.job.id"], job.id.to_string());
    let polls: Vec<_> = spans
        .iter()
        .filter(|s| s.fields.get("sitehost.endpoint").map(String::as_str) == Some("job_get"))
        .filter(|s| s.parent.as_deref() == Some("sitehost.job.wait"))
        .collect();
    assert!(
        !polls.is_empty(),
        "the polls are inside the wait: {spans:#?}"
    );
    let renew = spans
        .iter()
        .find(|s| s.fields.get("http.request.method").map(String::as_str) == Some("POST"))
        .expect("the start's span");
    assert_eq!(renew.parent, None, "the start is a call of its own");
    for span in &spans {
        assert!(
            !format!("{span:?}").contains(KEY),
            "the key is in no span: {span:?}"
        );
    }
}
