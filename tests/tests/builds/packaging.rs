//! The published crates build on their own, and a crate of a user's own
//! adds endpoints with them: `cargo package` the workspace, unpack the
//! `.crate` files, and build, offline, a scratch crate that depends on those
//! packages only (through `[patch.crates-io]`). Its build script generates
//! request types from its own spec (`tests/extension/spec`) with
//! `sitehost_codegen::Extension`; its program sends them with
//! `sitehost::Client` to the fake API: a paged list and a 1.5 job.

use sitehost_codegen::files::{FNV_START, fnv1a};
use sitehost_tests::scratch::{
    cargo, copy_tree, manifest, root, run, shared_target, write_if_changed,
};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Packages the publishable crates; returns the unpacked folders by crate
/// name.
fn package(work: &Path) -> Vec<(String, PathBuf)> {
    let packages = work.join("package");
    let _ = fs::remove_dir_all(&packages);
    run(cargo(work)
        .args([
            "package",
            "--workspace",
            "--exclude",
            "sitehost-tests",
            "--exclude",
            "sitehost-cli",
        ])
        .args(["--no-verify", "--allow-dirty", "--offline"])
        .current_dir(root()));
    let unpacked = work.join("unpacked");
    let _ = fs::remove_dir_all(&unpacked);
    fs::create_dir_all(&unpacked).unwrap();
    let mut crates = Vec::new();
    for entry in fs::read_dir(&packages).unwrap() {
        let path = entry.unwrap().path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".crate") else {
            continue;
        };
        // Packaged files all carry one fixed time, so cargo could not tell
        // a changed package from the last one unpacked at the same place:
        // each content gets its own folder.
        let into = unpacked.join(format!(
            "{:016x}",
            fnv1a(FNV_START, &fs::read(&path).unwrap())
        ));
        fs::create_dir_all(&into).unwrap();
        run(Command::new("tar")
            .arg("xzf")
            .arg(&path)
            .arg("-C")
            .arg(&into));
        let (name, _version) = stem.rsplit_once('-').expect("name-version.crate");
        crates.push((name.to_owned(), into.join(stem)));
    }
    crates.sort();
    crates
}

#[test]
fn packaged_crates_build_a_users_crate_offline_with_endpoints_of_its_own() {
    let work = root().join("target/packaging");
    let crates = package(&work);
    let names: Vec<&str> = crates.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["sitehost", "sitehost-codegen", "sitehost-types"]);
    // The types' package carries the spec it generates from, and the code
    // generated from it.
    let types = &crates[2].1;
    assert!(types.join("spec/job.yaml").is_file());
    assert!(!types.join("spec").is_symlink());
    assert!(types.join("generated/api/job.rs").is_file());

    let project = work.join("user");
    let patches: String = crates
        .iter()
        .map(|(name, dir)| format!("{name} = {{ path = {:?} }}\n", dir.display().to_string()))
        .collect();
    let manifest = manifest(
        "user-crate",
        &format!(
            r#"sitehost = {{ version = "0.1", features = ["fake"] }}
futures-util = {{ version = "0.3", default-features = false }}
tokio = {{ version = "1", features = ["rt", "macros"] }}

[build-dependencies]
sitehost-codegen = "0.1"

[patch.crates-io]
{patches}"#
        ),
    );
    write_if_changed(&project.join("Cargo.toml"), &manifest);
    let extension = root().join("tests/extension");
    let read = |name: &str| fs::read_to_string(extension.join(name)).unwrap();
    write_if_changed(&project.join("src/main.rs"), &read("main.rs"));
    write_if_changed(&project.join("build.rs"), &read("build.rs"));
    copy_tree(&extension.join("spec"), &project.join("spec"));
    // The versions the workspace was tested with, all in cargo's cache.
    fs::copy(root().join("Cargo.lock"), project.join("Cargo.lock")).unwrap();

    let stdout = run(cargo(&shared_target())
        .args(["run", "--offline", "--manifest-path"])
        .arg(project.join("Cargo.toml")));
    assert!(stdout.contains("extension checks passed"), "{stdout}");
}
