//! The `sitehost-codegen` binary itself: exit codes and where output goes.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitehost-codegen"))
}

fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

#[test]
fn check_passes_on_the_real_spec() {
    let out = bin().arg("check").arg(spec()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems"));
}

#[test]
fn check_fails_with_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("sitehost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("x.yaml"),
        "endpoints:\n  - path: /a/b\n    verson: \"1.0\"\n",
    )
    .unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "error: {}:3:5: endpoints[0]: unknown field `verson`, expected one of",
        dir.join("x.yaml").display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.ends_with("1 problem in the spec\n"), "{stderr}");
}

#[test]
fn generate_prints_rust_and_bad_usage_exits_2() {
    let out = bin().arg("generate").arg(spec()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("// ===== api/job.rs"));
    assert!(stdout.contains("pub struct Get {"));
    let out = bin().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}

#[test]
fn diff_reports_the_snapshot_state() {
    let snapshot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../types/generated");
    let out = bin()
        .arg("diff")
        .arg(spec())
        .arg(&snapshot)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let empty = std::env::temp_dir().join(format!("sitehost-cli-empty-{}", std::process::id()));
    let out = bin().arg("diff").arg(spec()).arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing: "));
}

/// Runs `infer` on `captured` (through stdin) and returns its YAML.
fn infer(captured: &str, name: &str) -> String {
    use std::io::Write;
    let mut child = bin()
        .args(["infer", "-", "--name", name])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(captured.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Puts `infer`'s YAML under an endpoint (with page parameters, for a
/// paged list) beside the real spec's jobs, and checks the spec: the inferred
/// shapes must accept the captured response, which becomes the example.
fn check_in_a_spec(yaml: &str, test: &str) {
    let dir = std::env::temp_dir().join(format!("sitehost-infer-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(spec().join("job.yaml"), dir.join("job.yaml")).unwrap();
    std::fs::copy(spec().join("enums.yaml"), dir.join("enums.yaml")).unwrap();
    let (response, shapes) = match yaml.split_once("\nshapes:\n") {
        Some((response, shapes)) => (response, format!("shapes:\n{shapes}")),
        None => (yaml, String::new()),
    };
    let indented: String = response.lines().map(|l| format!("    {l}\n")).collect();
    let file = format!(
        "endpoints:\n  - path: /captured/{test}\n    version: \"1.5\"\n    method: GET\n    \
         summary: \"A captured endpoint.\"\n    params:\n      - name: filters\n        \
         required: false\n        description: \"Paging.\"\n        members:\n          \
         - {{name: page_number, type: integer, required: false, description: \"Page.\"}}\n          \
         - {{name: page_size, type: integer, required: false, description: \"Size.\"}}\n\
         {indented}\n{shapes}"
    );
    std::fs::write(dir.join("captured.yaml"), &file).unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(0), "{file}\n{out:?}");
    // Written in today's spelling: no hints.
    let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("hint:"), "{file}\n{said}");
}

#[test]
fn infer_types_a_captured_list() {
    let captured = r#"{"return": [
        {"id": "1234567", "name": "www.example.nz", "type": "A", "content": "192.0.2.10", "ttl": "3600", "prio": "0", "state": null},
        {"id": "1234568", "name": "example.nz", "type": "MX", "content": "mx.example.nz", "ttl": 3600, "prio": "10"}
    ], "msg": "Successful", "status": true}"#;
    let yaml = infer(captured, "Record");
    assert!(yaml.contains("  type: Record\n  list: true\n"), "{yaml}");
    assert!(
        yaml.contains("{name: id, type: integer, description"),
        "{yaml}"
    );
    assert!(
        yaml.contains("{name: ttl, type: integer, description"),
        "{yaml}"
    );
    assert!(
        yaml.contains("{name: content, type: string, description"),
        "{yaml}"
    );
    // Null in one item, missing from the other.
    assert!(
        yaml.contains("{name: state, type: json, required: false"),
        "{yaml}"
    );
    check_in_a_spec(&yaml, "list");
}

#[test]
fn infer_types_a_captured_page_with_nested_objects() {
    let captured = r#"{"return": {"total_items": "1", "current_items": 1, "current_page": 1, "total_pages": 1,
        "data": [{"name": "sg1", "label": "Web", "is_missing": "0",
                  "rules": {"in": [{"pos": 1, "enabled": true}], "out": []},
                  "labels": {"nz.sitehost.type": "web"}}]},
        "msg": "Successful", "status": true}"#;
    let yaml = infer(captured, "Group");
    assert!(yaml.contains("  type: Group\n"), "{yaml}");
    assert!(
        yaml.contains("  paged: {number: \"filters[page_number]\""),
        "{yaml}"
    );
    assert!(
        yaml.contains("{name: rules, type: GroupRules, description"),
        "{yaml}"
    );
    assert!(yaml.contains("  - name: GroupRules\n"), "{yaml}");
    assert!(
        yaml.contains("{name: in, type: GroupRulesIn, list: true"),
        "{yaml}"
    );
    assert!(yaml.contains("{name: is_missing, type: boolean"), "{yaml}");
    assert!(
        yaml.contains("{name: labels, type: string, map: true"),
        "{yaml}"
    );
    check_in_a_spec(&yaml, "page");
}

#[test]
fn infer_recognises_a_job_reference() {
    let yaml = infer(
        r#"{"return": {"job": {"id": 7319505, "type": "scheduler"}}, "msg": "Successful", "status": true}"#,
        "Unused",
    );
    assert!(
        yaml.contains("  type: JobStarted\n  job: scheduler\n"),
        "{yaml}"
    );
    assert!(!yaml.contains("shapes:"), "{yaml}");
    check_in_a_spec(&yaml, "job");
    let yaml = infer(r#"{"job_id": "3433562"}"#, "Unused");
    assert!(yaml.contains("  type: JobStarted\n"), "{yaml}");
    assert!(yaml.contains("job: scheduler"), "{yaml}");
    check_in_a_spec(&yaml, "job_id");
}

#[test]
fn infer_refuses_what_it_cannot_type() {
    let dir = std::env::temp_dir().join(format!("sitehost-infer-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("refused.json");
    std::fs::write(
        &file,
        r#"{"return": null, "msg": "Unauthorised", "status": false}"#,
    )
    .unwrap();
    let out = bin().arg("infer").arg(&file).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusal"));
    let out = bin().args(["infer", "--name"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
