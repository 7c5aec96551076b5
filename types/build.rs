//! Puts the endpoint code of the spec into `$OUT_DIR/sitehost/`.
//!
//! The spec is this package's `spec/` folder: in the repository a link to
//! the top-level `spec/`, in the published package a copy of it. Where links
//! are not checked out as links (Windows without symlink support), it is the
//! repository's `../spec`.
//!
//! - With the `codegen` feature (which the repository's own builds, tests and
//!   examples turn on), the code is generated from the spec with
//!   `sitehost-codegen`. `SITEHOST_SPEC_DIR` may name another spec folder.
//! - Without it (a dependent's default build), the code is the package's
//!   `generated/` folder, made from the same spec when the package was made;
//!   the build checks that the spec is still the one it was made from (its
//!   `spec.fingerprint`) and fails, saying what to do, when it is not. A
//!   user's build so does not compile the generator.
//!
//! Every file read is reported with `cargo:rerun-if-changed`. The paths are
//! inside this package, which cargo records relative to the package, and the
//! package is found when the script runs, not when it is compiled: a copy of
//! the repository elsewhere sharing the same target directory builds from its
//! own spec, not from the copy built first.
//!
//! The package declares `links = "sitehost-types"` so that it can tell the
//! build scripts of crates depending on it where its spec is
//! (`DEP_SITEHOST_TYPES_SPEC_DIR`). The `sitehost` crate passes it on to its
//! own dependents (`DEP_SITEHOST_SPEC_DIR`), where
//! `sitehost_codegen::Extension` reads it.

#[cfg(not(feature = "codegen"))]
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed=SITEHOST_SPEC_DIR");
    // Read when the script runs, not when it is compiled: a script compiled
    // for another copy of the repository may be reused.
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let spec_dir = match std::env::var_os("SITEHOST_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir),
        None if manifest.join("spec").is_dir() => manifest.join("spec"),
        None => manifest.join("../spec"),
    };
    println!("cargo::metadata=spec_dir={}", spec_dir.display());
    let out_dir =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("sitehost");
    match build(&manifest, &spec_dir, &out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("\n{message}\n");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "codegen")]
fn build(_manifest: &Path, spec_dir: &Path, _out_dir: &Path) -> Result<(), String> {
    sitehost_codegen::build::watch_spec(spec_dir);
    let hint = format!(
        "Fix the spec (see spec/README.md), or run `cargo run -p sitehost-codegen -- check {}`.",
        spec_dir.display()
    );
    let code =
        sitehost_codegen::build::write_or_report(sitehost_codegen::generate(spec_dir), &hint);
    // The problems are printed already.
    if code == ExitCode::SUCCESS {
        Ok(())
    } else {
        Err(String::new())
    }
}

#[cfg(not(feature = "codegen"))]
fn build(manifest: &Path, spec_dir: &Path, out_dir: &Path) -> Result<(), String> {
    use sitehost_codegen::files;
    let generated = manifest.join("generated");
    let refresh = "Build with the `codegen` feature to generate the code from the spec, or refresh \
                   the generated code: `cargo run -p sitehost-codegen -- generate spec --out \
                   types/generated`.";
    if std::env::var_os("SITEHOST_SPEC_DIR").is_some() {
        return Err(format!(
            "error: SITEHOST_SPEC_DIR names a spec to generate from, which needs the `codegen` \
             feature. {refresh}"
        ));
    }
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let spec_files = files::files_under(spec_dir, &files::is_spec_file)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_dir.display()))?;
    let mut texts = Vec::with_capacity(spec_files.len());
    for relative in &spec_files {
        let path = spec_dir.join(relative);
        println!("cargo:rerun-if-changed={}", path.display());
        texts.push(
            fs::read(&path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))?,
        );
    }
    let hash = files::fingerprint(
        spec_files
            .iter()
            .map(String::as_str)
            .zip(texts.iter().map(Vec::as_slice)),
    );
    let recorded_path = generated.join(files::FINGERPRINT_FILE);
    println!("cargo:rerun-if-changed={}", recorded_path.display());
    let recorded = fs::read_to_string(&recorded_path).unwrap_or_default();
    if files::recorded_fingerprint(&recorded) != Some(hash) {
        return Err(format!(
            "error: {} is not the code of the spec in {}: the spec changed since it was \
             generated. {refresh}",
            generated.display(),
            spec_dir.display()
        ));
    }
    println!("cargo:rerun-if-changed={}", generated.display());
    let generated_files = files::files_under(&generated, &|name| name.ends_with(".rs"))
        .map_err(|e| format!("error: cannot read {}: {e}", generated.display()))?;
    for relative in generated_files {
        let from = generated.join(&relative);
        println!("cargo:rerun-if-changed={}", from.display());
        let text =
            fs::read(&from).map_err(|e| format!("error: cannot read {}: {e}", from.display()))?;
        let to = out_dir.join(&relative);
        if fs::read(&to).ok().as_deref() != Some(text.as_slice()) {
            fs::create_dir_all(to.parent().unwrap_or(out_dir))
                .and_then(|()| fs::write(&to, text))
                .map_err(|e| format!("error: cannot write {}: {e}", to.display()))?;
        }
    }
    Ok(())
}
