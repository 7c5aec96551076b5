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
