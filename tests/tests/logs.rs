//! Log output never holds the API key. In a binary of its own: tracing
//! caches which call sites are enabled process-wide, so tests running beside
//! this one would race its subscriber.

use sitehost::Client;
use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::fake::FakeApi;
use sitehost_tests::{Behaviour, ScriptedServer};

const KEY: &str = "SeCrEt-KeY-0123456789";

/// A log sink for the test's subscriber.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_output_hides_the_key() {
    let logs = Logs::default();
    let sink = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Calls that succeed (a GET, whose URL holds the key, and job polls), fail and retry.
    let fake = FakeApi::builder().api_key(KEY).start().await.unwrap();
    let client = fake.client_builder().api_key(KEY).build().unwrap();
    let job = client.start(&Renew::new(1, "s", "n")).await.unwrap();
    client.wait_for_job(&job).await.unwrap();
    let flaky = ScriptedServer::start(vec![
        Behaviour::status(503, "text/html", KEY),
        Behaviour::json(r#"{"return":{"state":"Completed"},"msg":"","status":true}"#),
    ])
    .await;
    let retrying = Client::builder()
        .api_key(KEY)
        .base_url(flaky.url())
        .build()
        .unwrap();
    retrying
        .send(&Get::new(sitehost::JobType::Scheduler, 1))
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("sending"),
        "the client logged its calls: {text}"
    );
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("/1.5/job/get.json"), "{text}");
    assert!(
        !text.contains(KEY) && !text.contains("SeCrEt"),
        "the key leaked into the logs: {text}"
    );
}
