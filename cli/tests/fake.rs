//! `sitehost fake` as a process, and the command line against it: a DNS
//! zone's records created, listed, changed and deleted; 250 seeded servers
//! walked with `--all` under the fake's rate limit and filtered; seed files
//! that do not fit; several accounts, each key printed with its client ID;
//! faults at a rate, from a seed; flags it refuses.

use serde_json::Value;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

/// A running `sitehost fake`, killed when dropped, with what it printed to
/// export.
struct FakeProcess {
    child: Child,
    url: String,
    key: String,
    /// The other accounts' keys and client IDs, as printed.
    others: Vec<(String, String)>,
}

impl FakeProcess {
    fn start(args: &[&str]) -> FakeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .arg("fake")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut export = |name: &str| {
            let line = lines.next().expect("a line").unwrap();
            line.strip_prefix(&format!("export {name}="))
                .unwrap_or_else(|| panic!("{name} to export: {line}"))
                .to_owned()
        };
        let url = export("SH_API_URL");
        let key = export("SH_API_KEY");
        assert_eq!(export("SH_CLIENT_ID"), "1");
        let accounts: usize = args
            .iter()
            .position(|a| *a == "--accounts")
            .and_then(|at| args.get(at + 1)?.parse().ok())
            .unwrap_or(1);
        let others = (1..accounts)
            .map(|_| {
                let line = lines.next().expect("a line").unwrap();
                let account = line.strip_prefix("# SH_API_KEY=").expect(&line);
                let (key, client_id) = account.split_once(" SH_CLIENT_ID=").expect(&line);
                (key.to_owned(), client_id.to_owned())
            })
            .collect();
        FakeProcess {
            child,
            url,
            key,
            others,
        }
    }

    /// Runs `sitehost` with the words of `line` against the fake.
    fn run(&self, line: &str) -> Output {
        self.run_as(&self.key, "1", line)
    }

    /// Runs `sitehost` with the words of `line` as the account of `key`.
    fn run_as(&self, key: &str, client_id: &str, line: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .args(line.split_whitespace())
            .env("SH_API_URL", &self.url)
            .env("SH_API_KEY", key)
            .env("SH_CLIENT_ID", client_id)
            .output()
            .unwrap()
    }

    /// Runs a command that succeeds; returns its output as JSON.
    fn json(&self, line: &str) -> Value {
        json_of(line, &self.run(line))
    }
}

impl Drop for FakeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn seed_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("sitehost-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_fake_serves_the_spec_examples_without_a_seed() {
    let fake = FakeProcess::start(&[]);
    let keys = fake.json("ssh key list-all");
    assert!(keys["total_items"].as_i64().unwrap() > 0, "{keys}");
    let stack = fake.json("cloud stack get --server ch-mycloud --name test1nz");
    assert_eq!(stack["label"], "test1.nz");
}

#[test]
fn a_dns_zone_lives_through_the_command_line() {
    let seed = seed_file("dns.yaml", "dns_zone:\n  - name: example.org\n");
    let fake = FakeProcess::start(&["--seed", seed.to_str().unwrap()]);

    let www = fake.json(
        "dns add-record --domain example.org --type A --name www.example.org --content 192.0.2.1",
    );
    let www = www["id"].as_str().expect("the new record's ID").to_owned();
    fake.json(
        "dns add-record --domain example.org --type MX --name example.org --content mail.example.org --prio 10",
    );
    let records = fake.json("dns list-records --domain example.org");
    assert_eq!(records.as_array().unwrap().len(), 2, "{records}");

    fake.json(&format!(
        "dns update-record --domain example.org --record-id {www} --type A --name www.example.org --content 192.0.2.9"
    ));
    let table = fake.run("dns list-records --domain example.org -o table");
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(
        table.contains("192.0.2.9") && !table.contains("192.0.2.1"),
        "{table}"
    );

    fake.run(&format!(
        "dns delete-record --domain example.org --record-id {www}"
    ));
    let records = fake.json("dns list-records --domain example.org");
    assert_eq!(records.as_array().unwrap().len(), 1, "{records}");
    assert_eq!(records[0]["type"], "MX");

    // Deleting it again is refused, as the API refuses what it does not hold.
    let again = fake.run(&format!(
        "dns delete-record --domain example.org --record-id {www}"
    ));
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(&format!(
            "No dns_record with domain \"example.org\" and id \"{www}\" was found."
        )),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let _ = std::fs::remove_file(seed);
}

#[test]
fn two_hundred_and_fifty_seeded_servers_walk_with_all_and_filter_by_name() {
    let mut text = String::from("server:\n");
    for n in 1..=250 {
        text.push_str(&format!("  - {{name: ch-web{n:03}, label: Web {n}}}\n"));
    }
    let seed = seed_file("servers.yaml", &text);
    let fake = FakeProcess::start(&["--seed", seed.to_str().unwrap(), "--rate-limit", "10"]);

    // 25 pages, paced under the fake's limit of 10 a second.
    let all = fake.json("server list-servers --all --filters-page-size 10 --max-rps 9");
    let names: Vec<&str> = all
        .as_array()
        .expect("every item")
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 250);
    assert_eq!((names[0], names[249]), ("ch-web001", "ch-web250"));

    let one = fake.json("server list-servers --filters-name ch-web123");
    assert_eq!(one["total_items"], 1);
    assert_eq!(one["data"][0]["label"], "Web 123");
    let table = fake.run("server list-servers --filters-name ch-web123 -o table");
    assert!(String::from_utf8_lossy(&table.stdout).contains("Web 123"));
    let _ = std::fs::remove_file(seed);
}

#[test]
fn a_seed_that_does_not_fit_is_a_usage_error() {
    let seed = seed_file("bad.yaml", "stack:\n  - {name: web}\n");
    for (args, wanted) in [
        (
            vec!["--seed", seed.to_str().unwrap()],
            "stack[0] has no `server_name`, which names a stack".to_owned(),
        ),
        (
            vec!["--seed", "/no/such/seed.yaml"],
            "/no/such/seed.yaml: ".to_owned(),
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .arg("fake")
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&wanted), "{stderr}");
    }
    let _ = std::fs::remove_file(seed);
}

/// The JSON a command printed, which must have succeeded.
fn json_of(line: &str, output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{line}: {e}: {stdout}"))
}

#[test]
fn each_account_printed_is_an_account_of_its_own() {
    let seed = seed_file("accounts.yaml", "dns_zone:\n  - name: example.org\n");
    let fake = FakeProcess::start(&["--accounts", "3", "--seed", seed.to_str().unwrap()]);
    assert_eq!(fake.others.len(), 2);
    let (third_key, third_id) = &fake.others[1];
    assert_eq!(
        fake.others
            .iter()
            .map(|(_, id)| id.as_str())
            .collect::<Vec<_>>(),
        ["2", "3"]
    );
    let mut keys = vec![
        fake.key.clone(),
        fake.others[0].0.clone(),
        third_key.clone(),
    ];
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 3, "{keys:?}");

    // The key alone says whose account it is.
    let line = "api get-info --client-id 0";
    let info = json_of(line, &fake.run_as(third_key, third_id, line));
    assert_eq!(info["client_id"], "3");

    let add =
        "dns add-record --domain example.org --type A --name www.example.org --content 192.0.2.1";
    json_of(add, &fake.run_as(third_key, third_id, add));
    let list = "dns list-records --domain example.org";
    let theirs = json_of(list, &fake.run_as(third_key, third_id, list));
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    let mine = fake.json(list);
    assert_eq!(mine.as_array().unwrap().len(), 0, "{mine}");

    // Another account's client ID is refused.
    let refused = fake.run_as(third_key, "1", list);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Unauthorised"), "{stderr}");
    assert!(!stderr.contains(third_key.as_str()), "{stderr}");
    let _ = std::fs::remove_file(seed);
}

#[test]
fn faults_are_served_at_the_rate_from_the_seed() {
    // Every request meets a fault: no command gets through.
    let fake = FakeProcess::start(&["--faults", "1", "--fault-seed", "5"]);
    for _ in 0..3 {
        let output = fake.run("ssh key list-all");
        assert!(!output.status.success(), "{output:?}");
    }
    // None: every command does.
    let calm = FakeProcess::start(&["--faults", "0", "--fault-seed", "5"]);
    for _ in 0..3 {
        calm.json("ssh key list-all");
    }
    // Failed jobs only: a call that starts no job goes through, a job fails.
    let jobs = FakeProcess::start(&["--faults", "1", "--fault-kinds", "failed-job"]);
    jobs.json("ssh key list-all");
    let restart = jobs.run("cloud stack restart --server ch-mycloud --name test1nz --wait");
    let stderr = String::from_utf8_lossy(&restart.stderr);
    assert!(!restart.status.success(), "{stderr}");
    assert!(stderr.contains("Failed"), "{stderr}");
}

#[test]
fn flags_the_fake_cannot_use_are_usage_errors() {
    for (args, wanted) in [
        (&["--faults", "1.5"][..], "1.5 is not from 0 to 1"),
        (&["--faults", "often"][..], "`often` is not a number"),
        (&["--fault-seed", "3"][..], "--faults <RATE>"),
        (&["--accounts", "0"][..], "--accounts <N>"),
        (
            &["--faults", "1", "--fault-kinds", "refusal,bogus"][..],
            "unknown fault `bogus`",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .arg("fake")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
}
