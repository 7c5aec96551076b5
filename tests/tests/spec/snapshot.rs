//! The generated code of the real spec is checked in under `types/generated/`
//! so that it can be read and reviewed. It is what `types/build.rs` compiles
//! (both come from `sitehost_codegen::generate`, which is deterministic), so a
//! snapshot that does not build fails the build; this test fails when the
//! snapshot is stale. Refresh it with:
//!
//!     cargo run -p sitehost-codegen -- generate spec --out types/generated

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn snapshot_matches_the_spec() {
    let generated = sitehost_codegen::generate(&root().join("spec")).expect("the spec is valid");
    let differences = generated
        .output
        .differences(&root().join("types/generated"))
        .expect("types/generated is readable");
    assert!(
        differences.is_empty(),
        "types/generated is stale: {differences:?}\nrefresh it with: \
         cargo run -p sitehost-codegen -- generate spec --out types/generated"
    );
}

#[test]
fn snapshot_check_detects_a_stale_file() {
    let generated = sitehost_codegen::generate(&root().join("spec")).unwrap();
    let dir = std::env::temp_dir().join(format!("sitehost-snapshot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    generated.output.write_to(&dir).unwrap();
    assert!(generated.output.differences(&dir).unwrap().is_empty());

    std::fs::write(dir.join("api/job.rs"), "// edited by hand\n").unwrap();
    std::fs::write(dir.join("api/old.rs"), "// no longer generated\n").unwrap();
    std::fs::remove_file(dir.join("shapes.rs")).unwrap();
    let d = generated.output.differences(&dir).unwrap();
    assert_eq!(d.changed, ["api/job.rs"]);
    assert_eq!(d.stale, ["api/old.rs"]);
    assert_eq!(d.missing, ["shapes.rs"]);

    // Refreshing repairs all three.
    generated.output.write_to(&dir).unwrap();
    assert!(generated.output.differences(&dir).unwrap().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `rustfmt --check` of every generated file under `dir`: the differences
/// it reports (none when the code is as rustfmt would leave it).
fn rustfmt_differences(dir: &std::path::Path) -> String {
    let output = std::process::Command::new(std::env::var("RUSTFMT").unwrap_or("rustfmt".into()))
        .args(["--edition", "2024", "--check"])
        .args(rust_files(dir))
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "rustfmt failed: {said}"
    );
    said
}

/// rustfmt leaves a `macro_rules!` body as it is: the client methods'
/// body, written at its indent inside two modules, for rustfmt to check.
fn unwrap_client_methods(dir: &std::path::Path, into: &std::path::Path) {
    let Ok(text) = std::fs::read_to_string(dir.join("client.rs")) else {
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("macro_rules!")) else {
        return;
    };
    // `macro_rules! x {`, `() => {`, the body, `};`, `}`.
    let body = &lines[start + 2..lines.len() - 2];
    let wrapped = ["mod a {", "    mod b {"]
        .into_iter()
        .chain(body.iter().copied())
        .chain(["    }", "}"])
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::create_dir_all(into).unwrap();
    std::fs::write(into.join("client_methods.rs"), wrapped + "\n").unwrap();
}

#[test]
fn generated_code_is_as_rustfmt_leaves_it() {
    let dir = std::env::temp_dir().join(format!("sitehost-rustfmt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // The snapshot of the real spec.
    let snapshot = rustfmt_differences(&root().join("types/generated"));
    assert!(snapshot.is_empty(), "types/generated:\n{snapshot}");
    unwrap_client_methods(&root().join("types/generated"), &dir.join("methods"));
    let methods = rustfmt_differences(&dir.join("methods"));
    assert!(methods.is_empty(), "types/generated/client.rs:\n{methods}");

    // A synthetic spec of every parameter form, and an extension's code
    // (paths to the `sitehost` crate instead of `crate`).
    let sources = sitehost_codegen::synth::spec(150);
    let spec = sitehost_codegen::parse(&dir, &sources).expect("the synthetic spec is valid");
    sitehost_codegen::emit::emit(&spec)
        .expect("it generates")
        .write_to(&dir.join("synthetic"))
        .unwrap();
    let extension_spec = dir.join("extension-spec");
    std::fs::create_dir_all(&extension_spec).unwrap();
    std::fs::copy(
        root().join("tests/regen/added.yaml"),
        extension_spec.join("added.yaml"),
    )
    .unwrap();
    sitehost_codegen::Extension::new(&extension_spec)
        .base_spec_dir(root().join("spec"))
        .generate()
        .unwrap_or_else(|d| panic!("{d}"))
        .output
        .write_to(&dir.join("extension"))
        .unwrap();
    for part in ["synthetic", "extension"] {
        unwrap_client_methods(&dir.join(part), &dir.join(part).join("methods"));
        let differences = rustfmt_differences(&dir.join(part));
        assert!(differences.is_empty(), "{part}:\n{differences}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
