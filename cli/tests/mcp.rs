//! The MCP server against the fake API: in process (`Server::call`), the
//! tool list is the spec's, the safety flags change it, the schemas are
//! valid JSON Schema and the results follow them, every read tool works with
//! its examples, errors are tool errors with the API's `msg`; as the
//! `sitehost mcp` process over stdio, jobs are waited for with progress
//! notifications and the key is in no output.

use serde_json::{Map, Value, json};
use sitehost::Client;
use sitehost::fake::{FAKE_API_KEY, FakeApi};
use std::process::{Command, Stdio};
use support::mcp_pipe::Pipe;
use support::mcp_process::Session;

mod support {
    pub mod mcp_pipe;
    pub mod mcp_process;
}

/// A fake API on its own runtime, for the whole test.
struct Fake {
    fake: FakeApi,
    _runtime: tokio::runtime::Runtime,
}

fn fake() -> Fake {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime.block_on(FakeApi::start()).unwrap();
    Fake {
        fake,
        _runtime: runtime,
    }
}

/// The server in process, configured as `sitehost mcp` with these flags
/// configures it, calling the fake with its client (client ID 1).
struct Local {
    server: sitehost_cli::mcp::Server,
}

impl Local {
    fn start(fake: &FakeApi, flags: &[&str]) -> Local {
        let mut options = sitehost_cli::mcp::Options::default();
        let mut flags = flags.iter();
        while let Some(flag) = flags.next() {
            match *flag {
                "--allow-write" => options.allow_write = true,
                "--allow-destructive" => options.allow_destructive = true,
                "--dynamic" => options.dynamic = true,
                "--tools" => options.tools.push(flags.next().unwrap().to_string()),
                other => panic!("no flag {other}"),
            }
        }
        Local {
            server: sitehost_cli::mcp::Server::new(fake.client(), options),
        }
    }

    fn tools(&self) -> Vec<Value> {
        self.server
            .tools()
            .iter()
            .map(|t| serde_json::to_value(t).unwrap())
            .collect()
    }

    async fn call(&self, name: &str, arguments: Value) -> Value {
        let Value::Object(arguments) = arguments else {
            panic!("arguments are an object");
        };
        serde_json::to_value(self.server.call(name, arguments, None).await).unwrap()
    }
}

fn names(tools: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = tools
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// The tool names of the spec's endpoints of these effects.
fn expected(effects: &[sitehost::Effect]) -> Vec<String> {
    let mut names: Vec<String> = sitehost::api::ENDPOINTS
        .iter()
        .filter(|e| effects.contains(&e.effect))
        .map(|e| e.name.to_owned())
        .collect();
    // Desired state's tools: a plan reads; an apply writes.
    if effects.contains(&sitehost::Effect::Read) {
        names.push("sitehost_plan".to_owned());
    }
    if effects.contains(&sitehost::Effect::Write) {
        names.push("sitehost_apply".to_owned());
    }
    names.sort();
    names
}

fn is_error(result: &Value) -> bool {
    result["isError"] == json!(true)
}

fn text(result: &Value) -> String {
    result["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Arguments for a tool from its input schema: every required property
/// (and every required member of a group given), from its examples or else
/// a value of its type.
fn example_arguments(schema: &Value) -> Value {
    let mut out = Map::new();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, property) in schema["properties"].as_object().unwrap() {
        if required.contains(&name.as_str()) {
            out.insert(name.clone(), example_value(property));
        }
    }
    Value::Object(out)
}

fn example_value(schema: &Value) -> Value {
    if let Some(example) = schema["examples"].get(0) {
        return example.clone();
    }
    if let Some(first) = schema["enum"].get(0) {
        return first.clone();
    }
    if let Some(options) = schema["oneOf"].as_array() {
        return example_value(&options[0]);
    }
    match schema["type"].as_str() {
        Some("integer") => json!(1),
        Some("boolean") => json!(true),
        Some("array") => json!([example_value(&schema["items"])]),
        Some("object") if schema["properties"].is_object() => example_arguments(schema),
        Some("object") => json!({"example": example_value(&schema["additionalProperties"])}),
        _ => json!("example"),
    }
}

#[tokio::test]
async fn read_only_by_default_and_every_read_tool_works_with_its_examples() {
    let fake = FakeApi::start().await.unwrap();
    // /job/get reports only jobs the fake started: start one to ask about.
    let job = fake
        .client()
        .cloud_stack_restart(&sitehost::api::cloud::stack::Restart::new(
            1,
            "ch-servername",
            "examplenz",
        ))
        .await
        .unwrap();
    let session = Local::start(&fake, &[]);
    let tools = session.tools();
    // Only reads: no job tool is served, so no job waiting either.
    assert_eq!(names(&tools), expected(&[sitehost::Effect::Read]));
    assert!(tools.len() > 40, "{}", tools.len());
    for tool in tools.iter().filter(|t| t["name"] != "sitehost_plan") {
        let name = tool["name"].as_str().unwrap();
        assert!(
            name.len() <= 128 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{name}"
        );
        let input = &tool["inputSchema"];
        assert!(jsonschema::meta::is_valid(input), "{name}: {input}");
        assert_eq!(input["type"], "object");
        let annotations = &tool["annotations"];
        assert_eq!(annotations["readOnlyHint"], true, "{name}");
        assert_eq!(annotations["destructiveHint"], false, "{name}");
        let output = tool.get("outputSchema");
        if let Some(output) = output {
            assert!(jsonschema::meta::is_valid(output), "{name}: {output}");
        }

        let mut arguments = example_arguments(input);
        if name == "job_get" {
            arguments["id"] = json!(job.id);
        }
        assert!(
            jsonschema::is_valid(input, &arguments),
            "{name}: the examples do not fit the schema: {arguments}"
        );
        fake.take_requests();
        let result = session.call(name, arguments.clone()).await;
        assert!(!is_error(&result), "{name} {arguments}: {result}");
        let sent = fake.take_requests();
        assert_eq!(sent.len(), 1, "{name}");
        assert_eq!(
            sent[0].refused, None,
            "{name}: the fake refused {}",
            sent[0]
        );
        if let Some(output) = output {
            let structured = &result["structuredContent"];
            let errors: Vec<String> = jsonschema::validator_for(output)
                .unwrap()
                .iter_errors(structured)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:?}\n{structured}");
        }
        assert!(
            !result.to_string().contains(FAKE_API_KEY),
            "{name}: the key"
        );
    }
}

#[tokio::test]
async fn each_safety_flag_changes_the_list() {
    use sitehost::Effect::{Destructive, Read, Write};
    let fake = FakeApi::start().await.unwrap();
    let job_wait = "sitehost_job_wait".to_owned();
    let with = |flags: &[&str]| Local::start(&fake, flags).tools();
    let write = with(&["--allow-write"]);
    let mut want = expected(&[Read, Write]);
    want.push(job_wait.clone());
    want.sort();
    assert_eq!(names(&write), want);
    let destroy = with(&["--allow-destructive"]);
    let mut want = expected(&[Read, Write, Destructive]);
    want.push(job_wait);
    want.sort();
    assert_eq!(names(&destroy), want);
    for tool in &destroy {
        let name = tool["name"].as_str().unwrap();
        let destructive = tool["annotations"]["destructiveHint"] == json!(true);
        assert_eq!(
            destructive,
            expected(&[Destructive]).iter().any(|n| n == name) || name == "sitehost_apply",
            "{name}"
        );
    }
    assert!(names(&destroy).contains(&"dns_delete_record".to_owned()));
    assert!(!names(&write).contains(&"dns_delete_record".to_owned()));

    let dns = with(&["--allow-write", "--tools", "dns/*"]);
    assert!(!dns.is_empty());
    assert!(
        names(&dns).iter().all(|n| n.starts_with("dns_")),
        "{:?}",
        names(&dns)
    );
    assert!(names(&dns).contains(&"dns_add_record".to_owned()));
    assert!(!names(&dns).contains(&"dns_delete_record".to_owned()));
}

#[tokio::test]
async fn a_write_tool_is_refused_without_allow_write_and_works_with_it() {
    let fake = FakeApi::start().await.unwrap();
    let arguments = json!({"domain": "example.nz", "type": "A", "name": "www.example.nz",
                           "content": "192.0.2.10"});
    let session = Local::start(&fake, &[]);
    let refused = session.call("dns_add_record", arguments.clone()).await;
    assert!(is_error(&refused));
    assert!(text(&refused).contains("--allow-write"), "{refused}");
    assert!(fake.take_requests().is_empty(), "nothing is sent");

    let session = Local::start(&fake, &["--allow-write"]);
    let added = session.call("dns_add_record", arguments).await;
    assert!(!is_error(&added), "{added}");
    let sent = fake.take_requests();
    assert_eq!(
        sent[0].names(),
        ["apikey", "client_id", "domain", "type", "name", "content"]
    );
    assert_eq!(sent[0].refused, None);
    // A bad argument names the field, and nothing is sent.
    let bad = session
        .call("dns_add_record", json!({"domain": "example.nz", "type": 5}))
        .await;
    assert!(is_error(&bad));
    assert!(
        text(&bad).contains("parameter `type` must be text"),
        "{bad}"
    );
    assert!(fake.take_requests().is_empty());
}

#[tokio::test]
async fn an_assistant_sees_what_its_calls_changed() {
    let fake = FakeApi::start().await.unwrap();
    let session = Local::start(
        &fake,
        &["--allow-write", "--allow-destructive", "--tools", "dns/*"],
    );
    let added = session.call(
        "dns_add_record",
        json!({"domain": "example.nz", "type": "TXT", "name": "example.nz", "content": "v=spf1 -all"}),
    ).await;
    assert!(!is_error(&added), "{added}");
    let id = added["structuredContent"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = session
        .call("dns_list_records", json!({"domain": "example.nz"}))
        .await;
    let records = listed["structuredContent"]["items"]
        .as_array()
        .or_else(|| listed["structuredContent"].as_array())
        .cloned()
        .unwrap_or_else(|| panic!("a list: {listed}"));
    assert!(
        records
            .iter()
            .any(|r| r["id"] == id.as_str() && r["content"] == "v=spf1 -all"),
        "{listed}"
    );
    let deleted = session
        .call(
            "dns_delete_record",
            json!({"domain": "example.nz", "record_id": id}),
        )
        .await;
    assert!(!is_error(&deleted), "{deleted}");
    let again = session
        .call(
            "dns_delete_record",
            json!({"domain": "example.nz", "record_id": id}),
        )
        .await;
    assert!(is_error(&again));
    assert!(
        text(&again).contains(&format!(
            "No dns_record with domain \"example.nz\" and id \"{id}\" was found."
        )),
        "{again}"
    );
}

#[tokio::test]
async fn a_waited_job_reports_progress_and_a_failed_one_is_a_tool_error() {
    let fake = FakeApi::start().await.unwrap();
    fake.set_job_polls(3);
    let options = sitehost_cli::mcp::Options {
        allow_write: true,
        ..Default::default()
    };
    let server = sitehost_cli::mcp::Server::new(fake.client(), options);
    let mut session = Pipe::start(server, "2025-06-18", json!({})).await;
    let (response, notes) = session
        .request(
            "tools/call",
            json!({"name": "cloud_stack_restart", "_meta": {"progressToken": "restart-1"},
                   "arguments": {"server": "ch-servername", "name": "examplenz", "wait": true}}),
            None,
        )
        .await;
    let result = &response["result"];
    assert!(!is_error(result), "{result}");
    let done = &result["structuredContent"];
    assert_eq!(done["state"], "Completed", "{done}");
    assert_eq!(done["job"]["type"], "scheduler");
    assert!(!done["logs"].as_array().unwrap().is_empty());
    let progress: Vec<&Value> = notes
        .iter()
        .filter(|n| n["method"] == "notifications/progress")
        .collect();
    assert!(progress.len() >= 3, "{notes:?}");
    assert!(
        progress
            .iter()
            .all(|n| n["params"]["progressToken"] == "restart-1")
    );
    assert!(
        progress.last().unwrap()["params"]["message"]
            .as_str()
            .unwrap()
            .contains("Completed")
    );

    // A job started without waiting, then waited for by its ID.
    let started = session
        .call(
            "cloud_stack_start",
            json!({"server": "ch-servername", "name": "examplenz"}),
        )
        .await;
    let job = started["structuredContent"]["job"].clone();
    let waited = session.call("sitehost_job_wait", job).await;
    assert_eq!(
        waited["structuredContent"]["state"], "Completed",
        "{waited}"
    );

    fake.set_job_polls(0);
    fake.fail_next_job("Disk quota exceeded");
    let failed = session
        .call(
            "cloud_stack_stop",
            json!({"server": "ch-servername", "name": "examplenz", "wait": true}),
        )
        .await;
    assert!(is_error(&failed), "{failed}");
    assert!(text(&failed).contains("Disk quota exceeded"), "{failed}");
}

#[test]
fn a_refused_call_is_a_tool_error_with_the_apis_msg_and_no_key() {
    let fake = fake();
    let wrong = "wrong-key-0123456789";
    let mut session = Session::start(&fake.fake, wrong, &[]);
    let refused = session.call("dns_list_records", json!({"domain": "example.nz"}));
    assert!(is_error(&refused), "{refused}");
    let msg = fake.fake.requests()[0].refused.clone().unwrap();
    assert!(text(&refused).contains(&msg), "{refused}");
    let output = session.finish();
    assert!(!output.contains(wrong), "the key was in the output");
}

#[tokio::test]
async fn dynamic_mode_serves_three_tools_with_the_same_checks() {
    let fake = FakeApi::start().await.unwrap();
    let session = Local::start(&fake, &["--dynamic"]);
    let tools = session.tools();
    assert_eq!(
        names(&tools),
        [
            "sitehost_call_endpoint",
            "sitehost_describe_endpoint",
            "sitehost_plan",
            "sitehost_search_endpoints"
        ]
    );
    let found = session
        .call("sitehost_search_endpoints", json!({"query": "dns record"}))
        .await;
    let found: Vec<&str> = found["structuredContent"]["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(found.contains(&"dns_list_records"), "{found:?}");
    assert!(
        !found.contains(&"dns_add_record"),
        "only reads are served: {found:?}"
    );
    let described = session
        .call(
            "sitehost_describe_endpoint",
            json!({"name": "dns_list_records"}),
        )
        .await;
    let schema = &described["structuredContent"]["tool"]["inputSchema"];
    assert_eq!(schema["required"], json!(["domain"]), "{described}");
    let called = session
        .call(
            "sitehost_call_endpoint",
            json!({"name": "dns_list_records", "arguments": {"domain": "example.nz"}}),
        )
        .await;
    assert!(!is_error(&called), "{called}");
    let refused = session.call(
        "sitehost_call_endpoint",
        json!({"name": "dns_delete_record", "arguments": {"domain": "example.nz", "record_id": "1"}}),
    ).await;
    assert!(text(&refused).contains("--allow-destructive"), "{refused}");
    let bad = session
        .call(
            "sitehost_call_endpoint",
            json!({"name": "dns_list_records", "arguments": {"domain": ["x"]}}),
        )
        .await;
    assert!(
        text(&bad).contains("parameter `domain` must be text"),
        "{bad}"
    );
}

#[tokio::test]
async fn paged_tools_take_all_bounded_by_max_items() {
    let fake = FakeApi::builder().list_items(25).start().await.unwrap();
    let session = Local::start(&fake, &[]);
    let page = session
        .call("ssh_key_list_all", json!({"filters": {"page_size": 10}}))
        .await;
    assert_eq!(
        page["structuredContent"]["items"].as_array().unwrap().len(),
        10
    );
    assert_eq!(page["structuredContent"]["total_items"], 25);
    let all = session
        .call(
            "ssh_key_list_all",
            json!({"filters": {"page_size": 10}, "all": true, "max_items": 21}),
        )
        .await;
    let content = &all["structuredContent"];
    assert_eq!(content["items"].as_array().unwrap().len(), 21, "{all}");
    assert_eq!(
        (content["total_items"].clone(), content["truncated"].clone()),
        (json!(25), json!(true))
    );
}

#[test]
fn the_key_comes_from_the_environment_only() {
    let output = Command::new(env!("CARGO_BIN_EXE_sitehost"))
        .args(["mcp", "--api-key", "key-on-the-command-line"])
        .env("SH_API_KEY", FAKE_API_KEY)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SH_API_KEY only"), "{stderr}");
    assert!(!stderr.contains("key-on-the-command-line"), "{stderr}");
}

#[tokio::test]
async fn an_assistant_plans_desired_state_before_applying_it() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let state = json!({"dns_zone": [{"name": "example.org"}],
                       "dns_record": [{"domain": "example.org", "type": "A",
                                       "name": "www.example.org", "content": "192.0.2.1"}]});
    let reader = Local::start(&fake, &[]);
    let planned = reader.call("sitehost_plan", json!({"state": state})).await;
    assert!(!is_error(&planned), "{planned}");
    assert_eq!(
        planned["structuredContent"]["summary"]["create"], 2,
        "{planned}"
    );
    assert!(text(&planned).contains("Plan: 2 to create"), "{planned}");
    let refused = reader.call("sitehost_apply", json!({"state": state})).await;
    assert!(text(&refused).contains("--allow-write"), "{refused}");
    assert!(fake.resource("dns_zone").is_empty());

    let writer = Local::start(&fake, &["--allow-write"]);
    let applied = writer.call("sitehost_apply", json!({"state": state})).await;
    assert!(!is_error(&applied), "{applied}");
    assert_eq!(applied["structuredContent"]["complete"], true, "{applied}");
    assert_eq!(fake.resource("dns_record").len(), 1);
    let again = reader.call("sitehost_plan", json!({"state": state})).await;
    assert_eq!(again["structuredContent"]["changes"], json!([]), "{again}");
    // Deletions need --allow-destructive.
    let pruning = writer
        .call(
            "sitehost_apply",
            json!({"state": {"dns_zone": [{"name": "example.org"}]},
                                        "prune": ["dns_record"]}),
        )
        .await;
    // Refused by the strongest effect of the calls the plan makes, before
    // anything is sent.
    assert!(is_error(&pruning), "{pruning}");
    assert!(
        text(&pruning).contains("/dns/delete_record")
            && text(&pruning).contains("--allow-destructive"),
        "{pruning}"
    );
    assert_eq!(fake.resource("dns_record").len(), 1);
    // Nothing to delete under `prune`: nothing destructive to refuse.
    let nothing = writer
        .call(
            "sitehost_apply",
            json!({"state": state, "prune": ["dns_record"]}),
        )
        .await;
    assert_eq!(nothing["structuredContent"]["complete"], true, "{nothing}");
    let destroyer = Local::start(&fake, &["--allow-destructive"]);
    let pruned = destroyer
        .call(
            "sitehost_apply",
            json!({"state": {"dns_zone": [{"name": "example.org"}]},
                   "prune": ["dns_record"], "force": true}),
        )
        .await;
    assert_eq!(pruned["structuredContent"]["complete"], true, "{pruned}");
    assert!(fake.resource("dns_record").is_empty());
    // A server's root password is returned once, and never to an
    // assistant: creating one here is refused, before anything is sent.
    let server = json!({"server": [{"label": "web", "location_code": "AKLCITY",
                                    "product_code": "XENLIT", "image": "ubuntu-jammy"}]});
    let refused = destroyer
        .call("sitehost_apply", json!({"state": server}))
        .await;
    assert!(is_error(&refused), "{refused}");
    assert!(
        text(&refused).contains("password") && text(&refused).contains("--secrets-out"),
        "{refused}"
    );
    assert!(fake.resource("server").is_empty());
    let bad = reader
        .call("sitehost_plan", json!({"state": {"mail_account": []}}))
        .await;
    assert!(
        text(&bad).contains("does not manage `mail_account`"),
        "{bad}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tool_checks_its_arguments_against_its_schema() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let session = Local::start(&fake, &["--allow-write"]);
    for (tool, arguments, words) in [
        (
            "sitehost_plan",
            json!({"state": {}, "force": "yes"}),
            "`force`",
        ),
        ("sitehost_plan", json!({"state": null}), "`state`"),
        ("sitehost_plan", json!({}), "`state` is required"),
        ("sitehost_apply", json!({"state": {}, "more": 1}), "`more`"),
        (
            "sitehost_job_wait",
            json!({"id": "1", "type": "daemon"}),
            "`id`",
        ),
        (
            "sitehost_job_wait",
            json!({"id": 1, "type": "cron"}),
            "`type`",
        ),
        (
            "dns_list_records",
            json!({"domain": "example.nz", "all": "yes"}),
            "`all`",
        ),
        (
            "dns_list_records",
            json!({"domain": "example.nz", "extra": 1}),
            "`extra`",
        ),
    ] {
        let refused = session.call(tool, arguments.clone()).await;
        assert!(is_error(&refused), "{tool} {arguments}: {refused}");
        let said = text(&refused);
        assert!(
            said.contains("invalid arguments") && said.contains(words),
            "{tool} {arguments}: {refused}"
        );
    }
    assert!(fake.take_requests().is_empty(), "nothing is sent");
    // The account's parameter is never required: each caller has a default.
    for tool in session.tools() {
        let required = tool["inputSchema"]["required"].as_array().cloned();
        assert!(
            !required.unwrap_or_default().contains(&json!("client_id")),
            "{}",
            tool["name"]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_client_id_each_call_uses_the_keys_own_account() {
    let fake = FakeApi::builder().accounts(3).start().await.unwrap();
    let key = fake.api_keys()[2].clone();
    let client = Client::builder()
        .api_key(key.as_str())
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let server = sitehost_cli::mcp::Server::new(client, sitehost_cli::mcp::Options::default());
    let listed = server.call("dns_list_domains", Map::new(), None).await;
    let listed = serde_json::to_value(listed).unwrap();
    assert!(!is_error(&listed), "{listed}");
    let sent = fake.take_requests();
    let account = fake.client_id_of(&key).unwrap().to_string();
    // The account is learned once from /api/get_info, then given.
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[1].field("client_id"), Some(account.as_str()));
    let again = server.call("dns_list_domains", Map::new(), None).await;
    assert_ne!(again.is_error, Some(true));
    assert_eq!(fake.take_requests().len(), 1, "learned once");
}

#[tokio::test]
async fn an_assistant_names_a_server_for_replacement_as_replace_does() {
    use sitehost::state::{DesiredState, Plan, PlanOptions};
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let server = |location: &str| {
        json!({"server": [{"name": "web1", "label": "web", "location_code": location,
                           "product_code": "XENLIT", "image": "ubuntu-jammy"}]})
    };
    // Made through the library, which keeps the root password.
    let client = fake.client();
    let made = Plan::compute(
        &client,
        &DesiredState::from_json(&server("AKLCITY")).unwrap(),
        &PlanOptions::default(),
    )
    .await
    .unwrap()
    .apply_keeping(&client, &mut |_| Ok(()), |_| {})
    .await
    .unwrap();
    assert!(made.is_complete(), "{made}");
    let reader = Local::start(&fake, &[]);
    let moved = server("CHCH");
    let refused = reader.call("sitehost_plan", json!({"state": moved})).await;
    assert!(is_error(&refused), "{refused}");
    assert!(text(&refused).contains("location_code"), "{refused}");
    let replacing = reader
        .call(
            "sitehost_plan",
            json!({"state": moved, "replace": ["server/web1"]}),
        )
        .await;
    assert_eq!(
        replacing["structuredContent"]["summary"]["replace"], 1,
        "{replacing}"
    );
    // Applying it would provision a server whose password the assistant
    // must not see: refused, even where destruction is allowed.
    let destroyer = Local::start(&fake, &["--allow-destructive"]);
    let applied = destroyer
        .call(
            "sitehost_apply",
            json!({"state": moved, "replace": ["server/web1"]}),
        )
        .await;
    assert!(is_error(&applied), "{applied}");
    assert!(text(&applied).contains("--secrets-out"), "{applied}");
    assert_eq!(fake.resource("server")[0]["location_code"], "AKLCITY");
}
