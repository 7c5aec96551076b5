//! Editing the spec, and only the spec, changes the code: tests on temporary
//! copies of the spec, through `sitehost_codegen::generate` (what `build.rs`
//! calls), and through a real build of the `sitehost` crate from a modified
//! copy (`SITEHOST_SPEC_DIR`), run against the fake API on loopback.

use sitehost_tests::scratch::{
    cargo, copy_tree, manifest, root, run, shared_target, write_if_changed,
};
use std::fs;
use std::path::{Path, PathBuf};

/// Copies the real spec's YAML files into `to` (writing only what changed,
/// so that repeated runs do not rebuild needlessly).
fn copy_spec(to: &Path) {
    edited_spec(to, &[]);
}

/// An edit of one spec file's text.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// Writes the real spec into `to` with these edits made (each file written
/// as it ends up, and only where it differs: a run with nothing changed
/// rebuilds nothing).
fn edited_spec(to: &Path, edits: &[Edit<'_>]) {
    let sources = sitehost_codegen::read_sources(&root().join("spec")).expect("spec readable");
    for source in sources {
        let mut text = source.text;
        for (file, edit) in edits {
            if *file == source.relative {
                text = edit(&text);
            }
        }
        write_if_changed(&to.join(&source.relative), &text);
    }
}

/// The lets_encrypt file of the spec.
const LETS_ENCRYPT: &str = "cloud/stack/ssl/lets_encrypt.yaml";

/// The spec files the quickstart needs: its two calls, `/job/get`, the
/// stack resource they name and the shared parameters and enums.
const QUICKSTART_FILES: [&str; 5] = [
    "params.yaml",
    "enums.yaml",
    "job.yaml",
    "cloud/stack.yaml",
    LETS_ENCRYPT,
];

/// Writes only the quickstart's files of the real spec into `to`, with these
/// edits made, and removes any other YAML file there: a small crate to
/// rebuild, for a test that rebuilds it on every run.
fn quickstart_spec(to: &Path, edits: &[Edit<'_>]) {
    let sources = sitehost_codegen::read_sources(&root().join("spec")).expect("spec readable");
    for source in sources {
        let path = to.join(&source.relative);
        if !QUICKSTART_FILES.contains(&source.relative.as_str()) {
            let _ = fs::remove_file(path);
            continue;
        }
        let mut text = source.text;
        for (file, edit) in edits {
            if *file == source.relative {
                text = edit(&text);
            }
        }
        write_if_changed(&path, &text);
    }
}

/// `/job/get` at 1.3 (`job_id`, then `type`): `job.yaml` with its endpoint
/// replaced and its shapes kept.
fn job_get_at_1_3(job: &str) -> String {
    let shapes = &job[job.find("\nshapes:").expect("job.yaml has shapes")..];
    let job_get = fs::read_to_string(root().join("tests/regen/job_get_1_3.yaml")).unwrap();
    format!("{job_get}{shapes}")
}

/// Moves one endpoint to another version by editing its `version:` line.
fn set_version(spec: &Path, api_path: &str, version: &str) {
    let file = spec.join(LETS_ENCRYPT);
    let text = fs::read_to_string(&file).unwrap();
    write_if_changed(&file, &with_version(&text, api_path, version));
}

/// The lets_encrypt file's text with one endpoint at another version.
fn with_version(text: &str, api_path: &str, version: &str) -> String {
    let mut out = String::new();
    let mut in_endpoint = false;
    for line in text.lines() {
        if line.trim_start().starts_with("- path:") {
            in_endpoint = line.trim_end().ends_with(api_path);
        }
        if in_endpoint && line.trim_start().starts_with("version:") {
            out.push_str(&format!("    version: \"{version}\"\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitehost-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(spec: &Path) -> sitehost_codegen::Output {
    match sitehost_codegen::generate(spec) {
        Ok(generated) => generated.output,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

#[test]
fn a_version_change_changes_only_the_url() {
    let spec = temp_dir("version");
    copy_spec(&spec);
    let before = generate(&spec);
    set_version(&spec, "/cloud/stack/ssl/lets_encrypt/revoke", "1.3");
    let after = generate(&spec);

    assert_eq!(
        before.files.keys().collect::<Vec<_>>(),
        after.files.keys().collect::<Vec<_>>()
    );
    // The spec's fingerprint changes with any edit; the code as listed.
    assert_ne!(
        before.files[sitehost_codegen::FINGERPRINT_FILE],
        after.files[sitehost_codegen::FINGERPRINT_FILE]
    );
    let mut changed = Vec::new();
    for (file, old) in before
        .files
        .iter()
        .filter(|(f, _)| *f != sitehost_codegen::FINGERPRINT_FILE)
    {
        let new = &after.files[file];
        assert_eq!(old.lines().count(), new.lines().count(), "{file}");
        for (a, b) in old.lines().zip(new.lines()) {
            if a != b {
                changed.push((file.clone(), a.trim().to_owned(), b.trim().to_owned()));
            }
        }
    }
    let expected = [
        (
            "api/cloud/stack/ssl/lets_encrypt.rs",
            "/// `POST https://api.sitehost.nz/1.2/cloud/stack/ssl/lets_encrypt/revoke.json`",
        ),
        ("api/cloud/stack/ssl/lets_encrypt.rs", "\"1.2\","),
        (
            "client.rs",
            "/// `POST /1.2/cloud/stack/ssl/lets_encrypt/revoke.json` with the parameters of",
        ),
    ];
    assert_eq!(changed.len(), expected.len(), "{changed:#?}");
    for ((file, old, new), (expected_file, expected_old)) in changed.iter().zip(expected) {
        assert_eq!(file, expected_file);
        assert_eq!(old, expected_old);
        assert_eq!(*new, old.replace("1.2", "1.3"));
    }
    fs::remove_dir_all(&spec).unwrap();
}

#[test]
fn added_endpoints_appear_as_types_and_methods() {
    let spec = temp_dir("added");
    copy_spec(&spec);
    let before = generate(&spec);
    fs::copy(
        root().join("tests/regen/added.yaml"),
        spec.join("added.yaml"),
    )
    .unwrap();
    let after = generate(&spec);

    let new_files: Vec<&String> = after
        .files
        .keys()
        .filter(|f| !before.files.contains_key(*f))
        .collect();
    assert_eq!(new_files, ["api/domain.rs", "api/network/firewall.rs"]);
    let dns = &after.files["api/domain.rs"];
    assert!(dns.contains("pub struct ListRecords {"));
    assert!(dns.contains("pub r#type: Option<String>,"));
    assert!(dns.contains("`GET https://api.sitehost.nz/1.0/domain/list_records.json`"));
    let firewall = &after.files["api/network/firewall.rs"];
    assert!(firewall.contains("pub fn new(client_id: i64, server: impl Into<String>) -> Self"));
    assert!(firewall.contains(r#"form.optional("label", self.label.as_ref());"#));
    assert!(firewall.contains("crate::ListEncoding::Brackets"));
    let client = &after.files["client.rs"];
    assert!(client.contains("pub fn domain_list_records("));
    assert!(client.contains("pub fn network_firewall_update("));
    assert!(after.files["shapes.rs"].contains("pub struct DomainRecord {"));
    // What was there is unchanged.
    for file in before
        .files
        .keys()
        .filter(|f| !f.ends_with("client.rs") && *f != "api.rs" && *f != "shapes.rs")
        .filter(|f| *f != sitehost_codegen::FINGERPRINT_FILE)
    {
        assert_eq!(before.files[file], after.files[file], "{file}");
    }
    fs::remove_dir_all(&spec).unwrap();
}

/// Runs `tests/regen/main.rs` against the sitehost crate generated from
/// `spec`, in the target folder scratch builds share (their dependencies
/// built once): its sitehost crates are not those of the copies below (a
/// package at another path, with other features), so neither build
/// invalidates the other. Returns the command's output.
fn run_with_spec(spec: &Path) -> std::process::Output {
    let work = root().join("target/regen");
    let project = work.join("project");
    let manifest = manifest(
        "regen-check",
        &format!(
            "sitehost = {{ path = {:?}, features = [\"fake\", \"codegen\"] }}\nserde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            root().join("sdk").display().to_string()
        ),
    );
    write_if_changed(&project.join("Cargo.toml"), &manifest);
    write_if_changed(
        &project.join("src/main.rs"),
        &fs::read_to_string(root().join("tests/regen/main.rs")).unwrap(),
    );
    if !project.join("Cargo.lock").exists() {
        fs::copy(root().join("Cargo.lock"), project.join("Cargo.lock")).unwrap();
    }
    cargo(&shared_target())
        .args(["run", "--offline", "--manifest-path"])
        .arg(project.join("Cargo.toml"))
        .env("SITEHOST_SPEC_DIR", spec)
        .output()
        .expect("cargo runs")
}

/// Checks a crate that depends on `sitehost-types` alone (whose build
/// script generates the code) against the spec in `spec`, in a target folder
/// of its own: where the spec is broken, the build stops there, without
/// building the HTTP client first.
fn check_types_with_spec(spec: &Path, target: &str) -> std::process::Output {
    let work = root().join("target/regen");
    let project = work.join("types-project");
    let manifest = manifest(
        "regen-types-check",
        &format!(
            "sitehost-types = {{ path = {:?}, features = [\"codegen\"] }}\n",
            root().join("types").display().to_string()
        ),
    );
    write_if_changed(&project.join("Cargo.toml"), &manifest);
    write_if_changed(&project.join("src/main.rs"), "fn main() {}\n");
    if !project.join("Cargo.lock").exists() {
        fs::copy(root().join("Cargo.lock"), project.join("Cargo.lock")).unwrap();
    }
    cargo(&work.join(target))
        .args(["check", "--offline", "--manifest-path"])
        .arg(project.join("Cargo.toml"))
        .env("SITEHOST_SPEC_DIR", spec)
        .output()
        .expect("cargo runs")
}

/// Two copies of the repository (two worktrees, say) sharing one target
/// folder: build `sitehost-types` (whose build script generates the code
/// from the spec) in copy A; in copy B, move `/job/get` to 1.3 (`job_id`,
/// then `type`) and the renewal to 1.5, and build it there. B's build must
/// compile B's code: cargo checks the spec files each copy's build script
/// read, not those of the copy built first. The code compiled is what the
/// build script wrote, read here from where it wrote it.
#[test]
fn a_copy_sharing_a_target_folder_builds_from_its_own_spec() {
    // The copies are kept between runs and only what changed is written,
    // so that a run with nothing changed rebuilds nothing but what the two
    // copies take from each other.
    let copies = root().join("target/regen/copies");
    let (a, b) = (copies.join("a"), copies.join("b"));
    for copy in [&a, &b] {
        for file in ["Cargo.toml", "Cargo.lock"] {
            write_if_changed(
                &copy.join(file),
                &fs::read_to_string(root().join(file)).unwrap(),
            );
        }
        for folder in ["cli", "codegen", "sdk", "tests", "types"] {
            copy_tree(&root().join(folder), &copy.join(folder));
        }
    }
    // Each copy's spec holds the quickstart's files only (the two builds
    // invalidate each other by design, so they rebuild on every run). A's
    // is the repository's; B's has /job/get at 1.3 and the renewal at 1.5.
    quickstart_spec(&a.join("spec"), &[]);
    let renew_at_1_5 =
        |text: &str| with_version(text, "/cloud/stack/ssl/lets_encrypt/renew", "1.5");
    quickstart_spec(
        &b.join("spec"),
        &[(LETS_ENCRYPT, &renew_at_1_5), ("job.yaml", &job_get_at_1_3)],
    );
    let renew = "/cloud/stack/ssl/lets_encrypt/renew.json`";

    let (a_out, code) = generated_in(&a);
    assert!(code.contains(&format!("/1.3{renew}")), "{code}");
    assert!(!code.contains(&format!("/1.5{renew}")), "{code}");

    let (b_out, code) = generated_in(&b);
    // One build script output folder for both: the copies do share it.
    assert_eq!(a_out, b_out);
    assert!(
        code.contains(&format!("/1.5{renew}")),
        "copy A's code was built in copy B:\n{code}"
    );
    assert!(code.contains("/1.3/job/get.json"), "{code}");
}

/// Builds `sitehost-types` in `copy`, in the shared target folder, and
/// returns where its build script wrote and the code it generated for the
/// Let's Encrypt endpoints and `/job/get`.
fn generated_in(copy: &Path) -> (PathBuf, String) {
    let stdout = run(cargo(&shared_target())
        .args([
            "build",
            "--offline",
            "-p",
            "sitehost-types",
            "--features",
            "codegen",
            "--message-format=json",
        ])
        .current_dir(copy));
    let out_dir = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("sitehost-types"))
        })
        .find_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("no build script output in:\n{stdout}"));
    let generated = out_dir.join("sitehost/api");
    let code = ["cloud/stack/ssl/lets_encrypt.rs", "job.rs"]
        .iter()
        .map(|file| fs::read_to_string(generated.join(file)).expect("generated file"))
        .collect::<Vec<_>>()
        .join("\n");
    (out_dir, code)
}

#[test]
fn a_crate_built_from_an_edited_spec_compiles_and_sends_the_documented_fields() {
    let spec = root().join("target/regen/spec");
    // /job/get back at 1.3 (`job_id`, then `type`) by a spec edit alone: the
    // program waits for a job and checks the polls' URL and order.
    let revoke_at_1_3 =
        |text: &str| with_version(text, "/cloud/stack/ssl/lets_encrypt/revoke", "1.3");
    edited_spec(
        &spec,
        &[
            (LETS_ENCRYPT, &revoke_at_1_3),
            ("job.yaml", &job_get_at_1_3),
        ],
    );
    write_if_changed(
        &spec.join("added.yaml"),
        &fs::read_to_string(root().join("tests/regen/added.yaml")).unwrap(),
    );
    let output = run_with_spec(&spec);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains("regeneration wire checks passed"),
        "{stdout}"
    );

    // A broken spec stops `cargo build` with the same diagnostic the CLI gives.
    let bad = root().join("target/regen/bad-spec");
    let int = |text: &str| text.replacen("type: integer", "type: int", 1);
    edited_spec(&bad, &[("job.yaml", &int)]);
    let output = check_types_with_spec(&bad, "target-bad");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    let expected = format!(
        "error: {}:22:15: unknown type `int`: use string, integer, boolean, job_type or the name of an enum under `enums:`",
        bad.join("job.yaml").display()
    );
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains("The SiteHost API spec has problems"),
        "{stderr}"
    );
}
