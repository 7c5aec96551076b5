//! `sitehost fake` as a process, and the command line against it: a DNS
//! zone's records created, listed, changed and deleted; 250 seeded servers
//! walked with `--all` under the fake's rate limit and filtered; seed files
//! that do not fit.

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
        FakeProcess { child, url, key }
    }

    /// Runs `sitehost` with the words of `line` against the fake.
    fn run(&self, line: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sitehost"))
            .args(line.split_whitespace())
            .env("SH_API_URL", &self.url)
            .env("SH_API_KEY", &self.key)
            .env("SH_CLIENT_ID", "1")
            .output()
            .unwrap()
    }

    /// Runs a command that succeeds; returns its output as JSON.
    fn json(&self, line: &str) -> Value {
        let output = self.run(line);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{line}: {e}: {stdout}"))
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
