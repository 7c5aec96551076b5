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
