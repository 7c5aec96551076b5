//! Generates the endpoint code from the spec into `$OUT_DIR/sitehost/`.
//!
//! The spec is this package's `spec/` folder: in the repository a link to
//! the top-level `spec/`, in the published package a copy of it. Where links
//! are not checked out as links (Windows without symlink support), it is the
//! repository's `../spec`. The `SITEHOST_SPEC_DIR` environment variable
//! names another folder.
//!
//! Every file read is reported with `cargo:rerun-if-changed`. The paths are
//! inside this package, which cargo records relative to the package, so a
//! copy of the repository elsewhere sharing the same target directory
//! regenerates from its own spec, not from the copy built first.
//!
//! The package also declares `links = "sitehost"` so that it can tell the
//! build scripts of crates depending on it where its spec is
//! (`DEP_SITEHOST_SPEC_DIR`): `sitehost_codegen::Extension` reads it to
//! refuse paths the crate already has and to use its job endpoint.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed=SITEHOST_SPEC_DIR");
    let spec_dir = match std::env::var_os("SITEHOST_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            // Read when the script runs, not when it is compiled: a script
            // compiled for another copy of the repository may be reused.
            let manifest = PathBuf::from(
                std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
            );
            let own = manifest.join("spec");
            if own.is_dir() {
                own
            } else {
                manifest.join("../spec")
            }
        }
    };
    println!("cargo::metadata=spec_dir={}", spec_dir.display());
    sitehost_codegen::build::watch_spec(&spec_dir);
    let hint = format!(
        "Fix the spec (see spec/README.md), or run `cargo run -p sitehost-codegen -- check {}`.",
        spec_dir.display()
    );
    sitehost_codegen::build::write_or_report(sitehost_codegen::generate(&spec_dir), &hint)
}
