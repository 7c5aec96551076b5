//! The command line against the fake API on 127.0.0.1: every endpoint with
//! its example values and the literal output of `--dry-run`, run in process
//! (`sitehost_cli::run`); each exit code from a real cause and the key in
//! no output, run as the `sitehost` binary.

use sitehost::fake::FakeApi;
use sitehost_cli::endpoints::{Entry, Flag, entries};
use std::process::{Command, Output};

const KEY: &str = "sk-cli-test-7f3a9c";

mod support;
use support::Ran;

async fn run(args: &[&str], url: &str) -> Ran {
    support::run_with(KEY, args, url).await
}

fn sitehost(args: &[&str], url: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitehost"));
    command
        .args(args)
        .env_remove("SH_API_URL")
        .env_remove("SH_CLIENT_ID")
        .env("SH_API_KEY", KEY);
    if let Some(url) = url {
        command.env("SH_API_URL", url);
    }
    command.output().expect("the binary runs")
}

/// The words of a command line whose values hold no spaces.
fn argv(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

async fn fake() -> FakeApi {
    FakeApi::builder().api_key(KEY).start().await.unwrap()
}

/// The command's words and its flags with example values: each flag the
/// spec gives an example for, and a plain value for a required one without.
fn example_args(entry: &Entry) -> Vec<String> {
    let flags = entry.flags();
    let mut args = entry.words();
    let mut given: Vec<&Flag> = Vec::new();
    for flag in &flags {
        let examples = flag.example_texts();
        let take = if flag.repeated { examples.len() } else { 1 };
        for example in examples.iter().take(take) {
            args.push(format!("--{}", flag.long));
            args.push(example.clone());
        }
        if !examples.is_empty() {
            given.push(flag);
        }
    }
    for flag in &flags {
        let needed = flag.required
            || flag.required_in.as_ref().is_some_and(|group| {
                given
                    .iter()
                    .any(|g| g.key.starts_with(&format!("{group}.")))
            });
        if needed && !given.contains(&flag) {
            args.push(format!("--{}", flag.long));
            args.push(plain_value(flag));
        }
    }
    args
}

fn plain_value(flag: &Flag) -> String {
    let value = match flag.kind() {
        sitehost::ParamKind::Integer => "1".to_owned(),
        sitehost::ParamKind::Boolean => "true".to_owned(),
        sitehost::ParamKind::Choice(values) => values[0].to_owned(),
        _ => "example".to_owned(),
    };
    if flag.keyed {
        format!("key={value}")
    } else {
        value
    }
}

#[test]
fn the_command_tree_is_consistent() {
    let entries = entries();
    assert_eq!(entries.len(), sitehost::api::ENDPOINTS.len());
    assert!(
        entries.iter().all(|e| !e.summary().is_empty()),
        "every endpoint has its docs"
    );
    // clap's own checks: no two flags of a command share a name, and so on.
    sitehost_cli::tree::command(&entries).debug_assert();
}

/// Whether `resource` is `ancestor` or belongs to it, at any depth.
fn within(resource: &sitehost::Resource, ancestor: &sitehost::Resource) -> bool {
    resource.name == ancestor.name
        || resource
            .parent
            .is_some_and(|p| within(p.resource, ancestor))
}

/// A fake holding the spec's examples, where each call with its example
/// values finds what it names; for an endpoint that creates, without what
/// it would create (the examples name it, and a create of what exists is
/// refused).
async fn fake_for(endpoint: &sitehost::Endpoint) -> FakeApi {
    let builder = FakeApi::builder().api_key(KEY);
    let builder = match endpoint.resource {
        Some(uses) if uses.op == sitehost::ResourceOp::Create => {
            let held = FakeApi::start().await.unwrap().state();
            held.into_iter()
                .filter(|(name, _)| {
                    let resource = sitehost::resources::RESOURCES
                        .iter()
                        .find(|r| r.name == name)
                        .expect("a declared resource");
                    !within(resource, uses.resource)
                })
                .fold(builder.empty(), |b, (name, objects)| b.seed(&name, objects))
        }
        _ => builder,
    };
    builder.start().await.unwrap()
}

#[tokio::test]
async fn every_endpoint_is_reachable_with_its_example_values() {
    let mut failures = Vec::new();
    // `/job/get` asks after a job the fake knows: one it started.
    let renew =
        sitehost::api::cloud::stack::ssl::lets_encrypt::Renew::new(1, "ch-servername", "examplenz");
    // Each call on a fake of its own: what one call changes, the next does
    // not see.
    for entry in entries() {
        let fake = fake_for(entry.endpoint).await;
        let url = fake.base_url();
        let mut args = example_args(&entry);
        if entry.endpoint.path == "/job/get" {
            let job = fake.client().start(&renew).await.unwrap();
            fake.take_requests();
            let id = args.iter().position(|a| a == "--id").expect("an --id flag") + 1;
            args[id] = job.id.to_string();
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = run(&refs, &url).await;
        let requests = fake.take_requests();
        let path = format!("/{}{}.json", entry.endpoint.version, entry.endpoint.path);
        let accepted =
            requests.len() == 1 && requests[0].path == path && requests[0].refused.is_none();
        if ran.code != 0 || !accepted || ran.stdout.trim().is_empty() {
            failures.push(format!(
                "sitehost {}\n  exit {}, stderr: {}\n  requests: {requests:?}",
                args.join(" "),
                ran.code,
                ran.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn dry_run_prints_the_exact_request_and_sends_nothing() {
    let dir = std::env::temp_dir().join(format!("sitehost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env_file = dir.join("example.env");
    std::fs::write(&env_file, "vars:\n  VAR_KEY_1: value1\n").unwrap();
    let environments = format!("example.env=@{}", env_file.display());
    // Nothing listens on port 1: a request sent would fail.
    let output = run(
        &[
            "cloud",
            "stack",
            "add",
            "--client-id",
            "1",
            "--server",
            "ch-servername",
            "--name",
            "examplenz",
            "--label",
            "Example",
            "--enable-ssl",
            "true",
            "--docker-compose",
            "services: {}",
            "--environments",
            &environments,
            "--environments",
            "second.env=A=1",
            "--dry-run",
        ],
        "http://127.0.0.1:1",
    )
    .await;
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        output.stdout,
        "POST http://127.0.0.1:1/1.2/cloud/stack/add.json\n\
         apikey=***\n\
         client_id=1\n\
         server=ch-servername\n\
         name=examplenz\n\
         label=Example\n\
         enable_ssl=1\n\
         docker_compose=services: {}\n\
         environments[example.env]=vars:\\n  VAR_KEY_1: value1\\n\n\
         environments[second.env]=A=1\n"
    );

    let output = run(
        &argv(
            "srs add-name-servers --client-id 1 --domain example.nz --nameservers-name ns1.example.nz --nameservers-ipv4addr 192.0.2.1 --nameservers-name ns2.example.nz --nameservers-ipv4addr 192.0.2.2 --dry-run",
        ),
        "https://api.sitehost.nz",
    )
    .await;
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stdout.starts_with("POST https://api.sitehost.nz/"),
        "{}",
        output.stdout
    );
    let fields: Vec<&str> = output.stdout.lines().skip(1).collect();
    assert_eq!(
        fields,
        [
            "apikey=***",
            "client_id=1",
            "domain=example.nz",
            "nameservers[0][name]=ns1.example.nz",
            "nameservers[0][ipv4addr]=192.0.2.1",
            "nameservers[1][name]=ns2.example.nz",
            "nameservers[1][ipv4addr]=192.0.2.2",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A loopback server that answers every request with a body that is not
/// the API's envelope.
fn bad_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut buffer);
            let body = "<html>maintenance</html>";
            let _ = std::io::Write::write_all(
                &mut stream,
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_exit_code_has_a_real_cause() {
    let fake = fake().await;
    let url = fake.base_url();
    let job_args = argv(
        "cloud stack ssl lets-encrypt renew --client-id 1 --server ch-servername --name examplenz --containers example.nz",
    );
    let run = |args: &[&str], url: &str| tokio::task::block_in_place(|| sitehost(args, Some(url)));

    // 0: the call and the job succeed; the job's state shows on stderr.
    let mut wait = job_args.to_vec();
    wait.push("--wait");
    let output = run(&wait, &url);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stderr}");
    assert!(stderr.contains("(scheduler): Completed"), "{stderr}");
    assert!(stdout.contains(r#""state":"Completed""#), "{stdout}");

    // 1: the API refuses (a wrong key); its msg on stderr.
    let output = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .args(["job", "get", "--type", "scheduler", "--id", "1"])
            .env("SH_API_URL", &url)
            .env("SH_API_KEY", "not-the-key")
            .output()
            .unwrap()
    });
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stderr}");
    assert!(stderr.contains("the API key is not valid"), "{stderr}");

    // 2: usage errors, nothing sent.
    fake.take_requests();
    for args in [
        &job_args[..5],                                              // required flags missing
        &["job", "get", "--type", "scheduler", "--id", "seven"][..], // not an integer
        &["job", "get", "--type", "hourly", "--id", "7"][..],        // not a job type
        &["ssh", "key", "list-all", "--client-id", "1", "--wait"][..], // no job to wait for
    ] {
        let output = run(args, &url);
        assert_eq!(code(&output), 2, "{args:?}: {}", text(&output).1);
    }
    assert!(fake.take_requests().is_empty());

    // 3: a waited job fails.
    fake.fail_next_job("Certificate could not be issued");
    let output = run(&wait, &url);
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 3, "{stderr}");
    assert!(
        stderr.contains("Certificate could not be issued"),
        "{stderr}"
    );

    // 4: nothing listens.
    let output = run(&job_args, "http://127.0.0.1:1");
    assert_eq!(code(&output), 4, "{}", text(&output).1);

    // 5: a response that is not the API's.
    let output = run(&job_args, &bad_server());
    assert_eq!(code(&output), 5, "{}", text(&output).1);
}

#[tokio::test]
async fn all_walks_every_page_and_table_prints_columns() {
    let fake = FakeApi::builder()
        .api_key(KEY)
        .list_items(25)
        .start()
        .await
        .unwrap();
    let url = fake.base_url();
    let output = run(
        &argv("ssh key list-all --client-id 1 --filters-page-size 10 --all"),
        &url,
    )
    .await;
    assert_eq!(output.code, 0, "{}", output.stderr);
    let items: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(25));
    let pages: Vec<Option<String>> = fake
        .take_requests()
        .iter()
        .map(|r| r.field("filters[page_number]").map(str::to_owned))
        .collect();
    assert_eq!(
        pages,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );

    let output = run(
        &["ssh", "key", "list-all", "--client-id", "1", "-o", "table"],
        &url,
    )
    .await;
    let stdout = output.stdout;
    let header = stdout.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("CLIENT_ID") && header.contains("LABEL"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_appears_in_no_output() {
    let fake = fake().await;
    let url = fake.base_url();
    let runs: &[&[&str]] = &[
        &["job", "get", "--type", "scheduler", "--id", "1", "--debug"],
        &argv("job get --type scheduler --id 1 --dry-run"),
        &argv(
            "cloud stack ssl lets-encrypt renew --client-id 1 --server s --name n --wait --debug",
        ),
        &["job", "get", "--type", "scheduler", "--id", "nope"],
        &["cloud", "stack", "ssl", "lets-encrypt", "renew", "--help"],
        &["--help"],
    ];
    for args in runs {
        let output = tokio::task::block_in_place(|| sitehost(args, Some(&url)));
        let (stdout, stderr) = text(&output);
        assert!(
            !stdout.contains(KEY) && !stderr.contains(KEY),
            "{args:?}:\n{stdout}\n{stderr}"
        );
    }
    // --debug shows the request, with the key as ***.
    let output = tokio::task::block_in_place(|| sitehost(runs[0], Some(&url)));
    assert!(text(&output).1.contains("apikey=***"));
}

#[tokio::test]
async fn completions_for_each_shell() {
    // fish's completions stop at two levels of subcommands.
    for (shell, word) in [
        ("bash", "lets-encrypt"),
        ("zsh", "lets-encrypt"),
        ("fish", "stack"),
    ] {
        let output = run(&["completions", shell], "http://127.0.0.1:1").await;
        assert_eq!(output.code, 0);
        assert!(output.stdout.contains(word), "{shell}");
    }
}

#[tokio::test]
async fn dns_records_show_as_a_table_with_no_command_written_by_hand() {
    let fake = FakeApi::builder()
        .api_key(KEY)
        .seed_yaml(
            "dns_record:\n\
             - {domain: example.nz, id: '1', name: example.nz, type: A, content: 192.0.2.1, ttl: '3600'}\n\
             - {domain: example.nz, id: '2', name: www.example.nz, type: CNAME, content: example.nz, ttl: '3600'}\n",
        )
        .start()
        .await
        .unwrap();
    let url = fake.base_url();
    let output = run(
        &argv("dns list-records --client-id 1 --domain example.nz -o table"),
        &url,
    )
    .await;
    assert_eq!(output.code, 0, "{}", output.stderr);
    let stdout = output.stdout;
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two records: {stdout}");
    for column in ["ID", "NAME", "DOMAIN", "TYPE", "CONTENT", "TTL"] {
        assert!(lines[0].split_whitespace().any(|c| c == column), "{stdout}");
    }
    assert!(lines[1].contains("example.nz"), "{stdout}");
    let sent = fake.take_requests();
    assert_eq!(sent[0].path, "/1.5/dns/list_records.json");
    assert_eq!(sent[0].names(), ["apikey", "client_id", "domain"]);
    assert_eq!(sent[0].refused, None);
}

/// The values that drifted between front ends (integers with a space or a
/// sign, `yes` for a boolean, an empty text) get one answer from the
/// command line, the MCP server and the fake: refused before anything is
/// sent, in the codec's words.
#[tokio::test]
async fn the_drift_cases_get_one_answer_from_every_front_end() {
    use sitehost::Request;
    use sitehost::api::cloud::stack::Add;
    let fake = FakeApi::builder().api_key(KEY).start().await.unwrap();
    let url = fake.base_url();
    let endpoint = <Add as Request>::ENDPOINT;
    let base = [
        ("client_id", "1"),
        ("server", "ch-servername"),
        ("name", "examplenz"),
        ("label", "Example"),
        ("enable_ssl", "true"),
        ("docker_compose", "services: {}"),
    ];
    let options = sitehost_cli::mcp::Options {
        allow_write: true,
        ..Default::default()
    };
    let mcp = sitehost_cli::mcp::Server::new(fake.client(), options);
    for (param, text, words) in [
        (
            "client_id",
            " 1",
            "parameter `client_id` must be an integer",
        ),
        (
            "client_id",
            "1 ",
            "parameter `client_id` must be an integer",
        ),
        (
            "client_id",
            "+1",
            "parameter `client_id` must be an integer",
        ),
        (
            "enable_ssl",
            "yes",
            "parameter `enable_ssl` must be true or false",
        ),
        ("label", "", "parameter `label` is empty"),
    ] {
        let given = |p: &str, v: &str| {
            if p == param {
                text.to_owned()
            } else {
                v.to_owned()
            }
        };
        // The command line.
        let mut args = vec!["cloud".to_owned(), "stack".into(), "add".into()];
        for (p, v) in base {
            args.push(format!("--{}", p.replace('_', "-")));
            args.push(given(p, v));
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = run(&refs, &url).await;
        assert_eq!(ran.code, 2, "{args:?}: {}", ran.stderr);
        assert!(ran.stderr.contains(words), "{args:?}: {}", ran.stderr);
        assert!(fake.take_requests().is_empty(), "{args:?}: sent");
        // The MCP server: the same value as the JSON an assistant sends.
        let mut arguments = serde_json::Map::new();
        for (p, v) in base {
            let value = match (p == param, p) {
                (true, _) => serde_json::json!(text),
                (false, "client_id") => serde_json::json!(1),
                (false, "enable_ssl") => serde_json::json!(true),
                (false, _) => serde_json::json!(v),
            };
            arguments.insert(p.to_owned(), value);
        }
        let result = mcp.call("cloud_stack_add", arguments, None).await;
        let said = serde_json::to_string(&result.content).unwrap();
        assert_eq!(result.is_error, Some(true), "{said}");
        assert!(said.contains(words), "{said}");
        assert!(fake.take_requests().is_empty(), "{param}: sent");
        // The fake, reading the request from the wire.
        let fields: Vec<(String, String)> = std::iter::once(("apikey", KEY))
            .chain(base)
            .map(|(p, v)| (p.to_owned(), given(p, v)))
            .collect();
        let refused = sitehost::fake::check(endpoint, KEY, &fields).unwrap_err();
        assert!(
            refused.to_lowercase().contains(words),
            "{fields:?}: {refused}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_alone_is_enough_and_the_environment_is_read_one_way() {
    let fake = FakeApi::builder().accounts(2).start().await.unwrap();
    let key = fake.api_keys()[1].clone();
    let account = fake.client_id_of(&key).unwrap().to_string();
    // No --client-id and no SH_CLIENT_ID: the key's own account, learned once.
    let listed = support::run_with(
        &key,
        &["dns", "list-domains", "--max-rps", "auto"],
        &fake.base_url(),
    )
    .await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let sent = fake.take_requests();
    assert_eq!(sent.len(), 2, "get_info, then the call");
    assert!(
        sent[0].path.ends_with("/api/get_info.json"),
        "{}",
        sent[0].path
    );
    assert_eq!(sent[1].field("client_id"), Some(account.as_str()));
    // --dry-run sends nothing, so it cannot learn the account: it says so.
    let dry = support::run_with(
        &key,
        &["dns", "list-domains", "--dry-run"],
        &fake.base_url(),
    )
    .await;
    assert_eq!(dry.code, 2, "{}", dry.stderr);
    assert!(dry.stderr.contains("client_id"), "{}", dry.stderr);
    assert!(fake.take_requests().is_empty());
    let refused = support::run_with(
        &key,
        &["dns", "list-domains", "--max-rps", "fast"],
        &fake.base_url(),
    )
    .await;
    assert_eq!(refused.code, 2);
    // --help names the API the environment points at, not the production host.
    let url = fake.base_url();
    for args in [&["--help"][..], &["dns", "list-domains", "--help"][..]] {
        let help = sitehost(args, Some(&url));
        let (out, _) = text(&help);
        assert!(out.contains(url.as_str()), "{args:?}: {out}");
        assert!(!out.contains("api.sitehost.nz"), "{args:?}: {out}");
    }
    let (out, _) = text(&sitehost(&["--help"], None));
    assert!(out.contains("https://api.sitehost.nz"), "{out}");
}
