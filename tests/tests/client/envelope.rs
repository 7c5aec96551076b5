//! Decoding the `{return, msg, status}` envelope, through a real HTTP exchange.

use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::api::job::Get;
use sitehost::{Client, Error, RetryPolicy};
use sitehost_tests::{Behaviour, ScriptedServer};

async fn renew_against(behaviour: Behaviour) -> Result<sitehost::Job, Error> {
    let server = ScriptedServer::start(vec![behaviour]).await;
    let client = Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    client
        .cloud_stack_ssl_lets_encrypt_renew(&Renew::new(1, "ch-servername", "examplenz"))
        .await
}

#[tokio::test]
async fn success_decodes_the_job_reference_from_a_string_id() {
    let job = renew_against(Behaviour::json(
        r#"{"return":{"job_id":"3433562"},"msg":"Successful","status":true}"#,
    ))
    .await
    .unwrap();
    assert_eq!(job.id, 3_433_562);
    assert_eq!(job.job_type, sitehost::JobType::Scheduler);
}

#[tokio::test]
async fn success_with_a_numeric_id_and_old_time_field() {
    let job = renew_against(Behaviour::json(
        r#"{"return":{"job_id":42},"msg":"Successful","status":"1","time":0.01}"#,
    ))
    .await
    .unwrap();
    assert_eq!(job.id, 42);
}

#[tokio::test]
async fn status_false_is_an_api_error_with_msg_and_status() {
    let error = renew_against(Behaviour::json(
        r#"{"return":null,"msg":"Stack not found.","status":false}"#,
    ))
    .await
    .unwrap_err();
    match &error {
        Error::Api {
            http_status, msg, ..
        } => {
            assert_eq!(*http_status, 200);
            assert_eq!(msg, "Stack not found.");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(error.msg(), Some("Stack not found."));
    assert!(error.to_string().contains("Stack not found."));
    assert!(
        error
            .to_string()
            .contains("POST /1.3/cloud/stack/ssl/lets_encrypt/renew.json")
    );
}

#[tokio::test]
async fn unauthorised_is_recognised() {
    let error = renew_against(Behaviour::json(
        r#"{"return":null,"msg":"Unauthorised","status":false}"#,
    ))
    .await
    .unwrap_err();
    assert!(error.is_unauthorised(), "{error:?}");
}

#[tokio::test]
async fn non_json_body_is_a_decode_error_with_a_bounded_snippet() {
    let page = format!("<html><body>{}</body></html>", "x".repeat(5000));
    let error = renew_against(Behaviour::status(200, "text/html", &page))
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            http_status,
            snippet,
            reason,
            ..
        } => {
            assert_eq!(*http_status, 200);
            assert!(snippet.starts_with("<html><body>xxx"), "{snippet}");
            assert!(snippet.len() <= sitehost::SNIPPET_BYTES + '…'.len_utf8());
            assert!(reason.contains("not a SiteHost envelope"), "{reason}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn http_500_with_an_html_page_is_an_http_error() {
    let error = renew_against(Behaviour::status(
        500,
        "text/html",
        "<h1>Internal Server Error</h1>",
    ))
    .await
    .unwrap_err();
    match &error {
        Error::Http {
            http_status,
            snippet,
            ..
        } => {
            assert_eq!(*http_status, 500);
            assert_eq!(snippet, "<h1>Internal Server Error</h1>");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(error.http_status(), Some(500));
}

#[tokio::test]
async fn http_500_with_an_envelope_is_the_api_refusal() {
    let error = renew_against(Behaviour::status(
        500,
        "application/json",
        r#"{"return":null,"msg":"Internal error","status":false}"#,
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::Api { http_status: 500, msg, .. } if msg == "Internal error"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_job_call_without_a_job_in_return_is_a_decode_error() {
    // No `return` reads as null (the API sends none where there is
    // nothing to return), which names no job.
    let error = renew_against(Behaviour::json(r#"{"msg":"Successful","status":true}"#))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("names no job")),
        "{error:?}"
    );
}

#[tokio::test]
async fn missing_status_is_a_decode_error() {
    let error = renew_against(Behaviour::json(r#"{"return":{"job_id":"1"},"msg":"x"}"#))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("no `status`")),
        "{error:?}"
    );
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    let error = renew_against(Behaviour::json("")).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("empty")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_job_id_that_is_not_a_number_is_a_decode_error() {
    let error = renew_against(Behaviour::json(
        r#"{"return":{"job_id":"not a number"},"msg":"Successful","status":true}"#,
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("names no job")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_return_of_the_wrong_kind_is_a_decode_error() {
    let error = renew_against(Behaviour::json(
        r#"{"return":["job_id", 1],"msg":"Successful","status":true}"#,
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("documented kind")),
        "{error:?}"
    );
}

#[tokio::test]
async fn job_status_decodes_loose_and_missing_fields() {
    let server = ScriptedServer::start(vec![Behaviour::json(
        r#"{"return":{"created":"2016-04-15 11:18:29","started":null,"state":"Pending","logs":{}},"msg":"Successful.","status":true}"#,
    )])
    .await;
    let client = Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .build()
        .unwrap();
    let status = client
        .send(&Get::new(sitehost::JobType::Scheduler, 5))
        .await
        .unwrap();
    assert_eq!(status.state, "Pending");
    assert_eq!(status.started, None);
    assert_eq!(status.completed, None);
    assert!(status.logs.is_empty());
    assert_eq!(
        sitehost::JobProgress::job_state(&status),
        sitehost::JobState::Pending
    );
}

fn client_for(server: &ScriptedServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_envelope_without_return_is_unit_and_a_bare_list_is_a_vec() {
    use sitehost::api::mail::ListAliases;
    use sitehost::api::ssh::key::Remove;
    let server = ScriptedServer::start(vec![
        // /ssh/key/remove: only msg and status, as its page shows.
        Behaviour::json(r#"{"msg":"Successful","status":true}"#),
        // A bare list, with the `time` of older envelopes.
        Behaviour::json(
            r#"{"return":[{"source":"batman@example.com","destination":"bruce@example.com"}],"msg":"Successful","status":true,"time":0.02}"#,
        ),
    ])
    .await;
    let client = client_for(&server);
    let () = client.ssh_key_remove(&Remove::new(1, 6)).await.unwrap();
    let aliases = client
        .mail_list_aliases(&ListAliases::new(1, "my-mail-server", "example.com"))
        .await
        .unwrap();
    assert_eq!(aliases.len(), 1);
    assert_eq!(aliases[0].destination, "bruce@example.com");
}

#[tokio::test]
async fn a_1_5_job_object_names_its_own_type() {
    use sitehost::api::cloud::db::grant::Delete;
    let server = ScriptedServer::start(vec![Behaviour::json(
        r#"{"return":{"job":{"type":"daemon","id":7319505}},"msg":"Successful","status":true}"#,
    )])
    .await;
    let request = Delete::new(1, "ch", sitehost::enums::MysqlHost::Mysql57, "db", "user");
    let job = client_for(&server)
        .cloud_db_grant_delete(&request)
        .await
        .unwrap();
    // The response's type wins over the spec's `scheduler`.
    assert_eq!(job.id, 7_319_505);
    assert_eq!(job.job_type, sitehost::JobType::Daemon);
}

#[tokio::test]
async fn paged_data_keyed_by_address_decodes_as_a_map() {
    // A shape field with `map: true` (as /server/list_allocated_i_ps 1.0 and
    // 1.1 key `data` by IP address) reads an object keyed by data, and reads
    // PHP's empty array `[]` as an empty map.
    use sitehost::loose::Object;
    use std::collections::BTreeMap;
    struct ByIp(BTreeMap<String, String>);
    impl<'de> serde::Deserialize<'de> for ByIp {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut object = Object::read(d, "ByIp")?;
            Ok(ByIp(
                object.optional_or_empty::<BTreeMap<String, String>>("data"),
            ))
        }
    }
    let full: ByIp = serde_json::from_str(r#"{"data":{"192.0.2.1":"a","192.0.2.2":7}}"#).unwrap();
    assert_eq!(full.0["192.0.2.2"], "7");
    let empty: ByIp = serde_json::from_str(r#"{"data":[]}"#).unwrap();
    assert!(empty.0.is_empty());
}

#[tokio::test]
async fn a_huge_msg_is_cut_to_a_bounded_length() {
    let huge = "x".repeat(100_000);
    let body = format!(r#"{{"return":null,"msg":"{huge}","status":false}}"#);
    let error = renew_against(Behaviour::json(&body)).await.unwrap_err();
    let msg = error.msg().unwrap();
    assert!(
        msg.len() <= sitehost::MSG_BYTES + '…'.len_utf8(),
        "{}",
        msg.len()
    );
    assert!(msg.ends_with('…'));
    assert!(error.to_string().len() < 2 * sitehost::MSG_BYTES);
}
