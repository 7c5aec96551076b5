//! `sitehost plan`, `apply` and `export` against the stateful fake, in
//! process, with their exit codes: a plan's changes (6 with
//! `--detailed-exitcode`), an apply, nothing left to do, pruning and its
//! guard, a saved plan refused once the account changed, an export that
//! plans nothing, and no secret in any output; `apply` without a terminal
//! asks for `--yes` (run as the binary, its stdin not a terminal); an apply
//! with `--max-rps auto` under a rate limit it was not told.

use sitehost::fake::FakeApi;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const KEY: &str = "sk-state-test-51ab";
const SECRET: &str = "Db-s3cret-9f2c";

mod support;
use support::Ran;

async fn run(args: &[&str], url: &str) -> Ran {
    support::run_with(KEY, args, url).await
}

fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitehost-state-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn records(n: usize) -> String {
    let mut text = format!(
        "dns_zone:\n  - {{name: example.org}}\ndatabase_user:\n  - {{server_name: ch-servername, mysql_host: mysql8, username: app, password: {SECRET}}}\ndns_record:\n"
    );
    for i in 0..n {
        text.push_str(&format!(
            "  - {{domain: example.org, type: A, name: h{i}.example.org, content: 192.0.2.{i}}}\n"
        ));
    }
    text
}

/// `sitehost plan --detailed-exitcode` of a state file, for client 1.
async fn plan_detailed(state: &str, url: &str) -> Ran {
    run(
        &[
            "plan",
            "-f",
            state,
            "--client-id",
            "1",
            "--detailed-exitcode",
        ],
        url,
    )
    .await
}

async fn fake() -> FakeApi {
    FakeApi::builder()
        .api_key(KEY)
        .empty()
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn plan_apply_and_plan_again() {
    let fake = fake().await;
    let url = fake.base_url();
    let state = file("three.yaml", &records(3));
    let state = state.to_str().unwrap();
    let planned = plan_detailed(state, &url).await;
    assert_eq!(planned.code, 6, "{}", planned.stderr);
    assert!(
        planned.stdout.contains("Plan: 5 to create"),
        "{}",
        planned.stdout
    );
    assert!(planned.stdout.contains("(secret)"), "{}", planned.stdout);
    let json = run(&["plan", "-f", state, "--client-id", "1", "--json"], &url).await;
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["format"], "sitehost-plan/1");
    assert_eq!(value["summary"]["create"], 5);

    let applied = run(&["apply", "-f", state, "--client-id", "1", "--yes"], &url).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert!(
        applied
            .stdout
            .contains("5 done, 0 failed, 0 not attempted."),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stderr.contains("job: Completed"),
        "{}",
        applied.stderr
    );
    let again = plan_detailed(state, &url).await;
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    for ran in [&planned, &json, &applied, &again] {
        assert!(!ran.stdout.contains(SECRET) && !ran.stderr.contains(SECRET));
        assert!(!ran.stdout.contains(KEY) && !ran.stderr.contains(KEY));
    }
}

#[tokio::test]
async fn prune_deletes_only_when_asked_and_many_deletions_need_force() {
    let fake = fake().await;
    let url = fake.base_url();
    let twelve = file("twelve.yaml", &records(12));
    let none = file("none.yaml", &records(0));
    let (twelve, none) = (twelve.to_str().unwrap(), none.to_str().unwrap());
    let applied = run(&["apply", "-f", twelve, "--client-id", "1", "--yes"], &url).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    let kept = run(
        &[
            "plan",
            "-f",
            none,
            "--client-id",
            "1",
            "--detailed-exitcode",
        ],
        &url,
    )
    .await;
    assert_eq!(
        kept.code, 0,
        "nothing deleted without --prune: {}",
        kept.stdout
    );
    let guarded = run(
        &[
            "apply",
            "-f",
            none,
            "--client-id",
            "1",
            "--prune",
            "dns_record",
            "--yes",
        ],
        &url,
    )
    .await;
    assert_eq!(guarded.code, 2, "{}", guarded.stdout);
    assert!(guarded.stderr.contains("--force"), "{}", guarded.stderr);
    assert_eq!(fake.resource("dns_record").len(), 12);
    let pruning = [
        "apply",
        "-f",
        none,
        "--client-id",
        "1",
        "--prune",
        "dns_record",
    ];
    let forced = run(&[&pruning[..], &["--force", "--yes"]].concat(), &url).await;
    // Deletions are destructive: --yes alone does not apply them.
    assert_eq!(forced.code, 2, "{}", forced.stdout);
    assert!(
        forced.stderr.contains("/dns/delete_record")
            && forced.stderr.contains("--allow-destructive"),
        "{}",
        forced.stderr
    );
    assert_eq!(fake.resource("dns_record").len(), 12);
    let allowed = run(
        &[&pruning[..], &["--force", "--yes", "--allow-destructive"]].concat(),
        &url,
    )
    .await;
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert!(fake.resource("dns_record").is_empty());
}

#[tokio::test]
async fn a_saved_plan_is_refused_once_the_account_changed() {
    let fake = fake().await;
    let url = fake.base_url();
    let state = file("saved.yaml", &records(2));
    let saved = std::env::temp_dir().join(format!("sitehost-saved-{}.json", std::process::id()));
    let (state, saved) = (state.to_str().unwrap(), saved.to_str().unwrap());
    let planned = run(
        &["plan", "-f", state, "--client-id", "1", "-o", saved],
        &url,
    )
    .await;
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    assert!(!std::fs::read_to_string(saved).unwrap().contains(SECRET));
    // Someone makes the zone meanwhile: the plan's create no longer holds.
    fake.client()
        .send(&sitehost::api::dns::CreateDomain::new(1, "example.org"))
        .await
        .unwrap();
    let refused = run(&["apply", saved, "--client-id", "1", "--yes"], &url).await;
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("changed since the plan"),
        "{}",
        refused.stderr
    );
    assert!(
        fake.resource("dns_record").is_empty(),
        "nothing was applied"
    );
    // Planned again, it applies.
    run(
        &["plan", "-f", state, "--client-id", "1", "-o", saved],
        &url,
    )
    .await;
    let applied = run(&["apply", saved, "--client-id", "1", "--yes"], &url).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert_eq!(fake.resource("dns_record").len(), 2);
}

#[tokio::test]
async fn an_export_plans_nothing_against_its_account() {
    let fake = fake().await;
    let url = fake.base_url();
    let state = file("export-source.yaml", &records(3));
    run(
        &[
            "apply",
            "-f",
            state.to_str().unwrap(),
            "--client-id",
            "1",
            "--yes",
        ],
        &url,
    )
    .await;
    let out = std::env::temp_dir().join(format!("sitehost-export-{}.yaml", std::process::id()));
    let out = out.to_str().unwrap();
    let exported = run(
        &[
            "export",
            "--client-id",
            "1",
            "--resource",
            "dns_zone",
            "--resource",
            "dns_record",
            "-o",
            out,
        ],
        &url,
    )
    .await;
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let text = std::fs::read_to_string(out).unwrap();
    assert!(
        text.contains("h2.example.org") && !text.contains("\"id\""),
        "{text}"
    );
    let planned = run(
        &["plan", "-f", out, "--client-id", "1", "--detailed-exitcode"],
        &url,
    )
    .await;
    assert_eq!(planned.code, 0, "{}", planned.stdout);
    // A child alone, its parent given with --under.
    let under = run(
        &[
            "export",
            "--client-id",
            "1",
            "--resource",
            "dns_record",
            "--under",
            "domain=example.org",
        ],
        &url,
    )
    .await;
    assert_eq!(under.code, 0, "{}", under.stderr);
    assert_eq!(
        under.stdout.matches("example.org").count(),
        6,
        "{}",
        under.stdout
    );
    assert!(!under.stdout.contains("dns_zone"), "{}", under.stdout);
}

#[tokio::test]
async fn apply_without_a_terminal_needs_yes() {
    let fake = fake().await;
    let state = file("ask.yaml", &records(1));
    let output = tokio::task::spawn_blocking({
        let url = fake.base_url();
        move || {
            Command::new(env!("CARGO_BIN_EXE_sitehost"))
                .args(["apply", "-f", state.to_str().unwrap(), "--client-id", "1"])
                .env("SH_API_URL", url)
                .env("SH_API_KEY", KEY)
                .stdin(Stdio::null())
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--yes"), "{stderr}");
    assert!(fake.resource("dns_zone").is_empty(), "nothing was changed");
}

#[tokio::test]
async fn a_server_is_applied_only_with_a_file_for_its_root_password_and_moved_only_when_named() {
    let fake = fake().await;
    let url = fake.base_url();
    let state = file(
        "server.yaml",
        "server:\n  - {name: web1, label: web, location_code: AKLCITY, product_code: XENLIT, image: ubuntu-jammy}\n",
    );
    let state = state.to_str().unwrap();
    let secrets = file("secrets.yaml", "");
    std::fs::remove_file(&secrets).unwrap();
    let yes = ["--client-id", "1", "--yes", "--allow-destructive"];
    let apply = |extra: &[&str]| {
        let mut args = vec!["apply", "-f", state];
        args.extend(yes);
        args.extend(extra);
        args.iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<String>>()
    };
    let refused = run(&to_refs(&apply(&[])), &url).await;
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("--secrets-out"),
        "{}",
        refused.stderr
    );
    assert!(fake.resource("server").is_empty(), "nothing was sent");

    let out = secrets.to_str().unwrap();
    let applied = run(&to_refs(&apply(&["--secrets-out", out])), &url).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    // Not a terminal: plain lines, the step and each state of its job.
    assert!(
        applied
            .stderr
            .contains("create server web1...\n  job: Pending [")
            && applied.stderr.contains("s elapsed]"),
        "{}",
        applied.stderr
    );
    let kept = std::fs::read_to_string(&secrets).unwrap();
    assert!(kept.contains("web1") && kept.contains("password"), "{kept}");
    let password = kept
        .lines()
        .find_map(|l| l.trim().strip_prefix("password: "))
        .unwrap();
    assert!(!applied.stdout.contains(password) && !applied.stderr.contains(password));

    // A location no endpoint changes: the plan names it and stops.
    let moved = file(
        "moved.yaml",
        "server:\n  - {name: web1, label: web, location_code: CHCH, product_code: XENLIT, image: ubuntu-jammy}\n",
    );
    let moved = moved.to_str().unwrap();
    let stopped = run(&["plan", "-f", moved, "--client-id", "1"], &url).await;
    assert_eq!(stopped.code, 2, "{}", stopped.stdout);
    assert!(
        stopped.stderr.contains("location_code")
            && stopped.stderr.contains("--replace server/web1"),
        "{}",
        stopped.stderr
    );
    let replacing = run(
        &[
            "plan",
            "-f",
            moved,
            "--client-id",
            "1",
            "--replace",
            "server/web1",
        ],
        &url,
    )
    .await;
    assert_eq!(replacing.code, 0, "{}", replacing.stderr);
    assert!(
        replacing.stdout.contains("1 to replace"),
        "{}",
        replacing.stdout
    );
    let _ = std::fs::remove_file(&secrets);
}

fn to_refs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn an_apply_finds_the_rate_limit_with_max_rps_auto() {
    let fake = FakeApi::builder()
        .api_key(KEY)
        .empty()
        .rate_limit(20)
        .start()
        .await
        .unwrap();
    let url = fake.base_url();
    // 202 objects: a zone, a database user and 200 records.
    let state = file("rate.yaml", &records(200));
    let state = state.to_str().unwrap();
    let args = [
        "apply",
        "-f",
        state,
        "--yes",
        "--client-id",
        "1",
        "--max-rps",
        "auto",
    ];
    let applied = run(&args, &url).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert_eq!(fake.resource("dns_record").len(), 200);
    let sent = fake.take_requests();
    let refused = sent.iter().filter(|r| r.refused.is_some()).count();
    // Unpaced, every call past the 20th of each second would be refused.
    assert!(
        refused * 10 < sent.len(),
        "{refused} of {} refused",
        sent.len()
    );
    let again = plan_detailed(state, &url).await;
    assert_eq!(again.code, 0, "nothing left to do: {}", again.stdout);
}
