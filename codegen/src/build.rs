//! What a build script does with a spec: tell cargo which files to watch,
//! write the generated code into `$OUT_DIR/sitehost/`, or report the spec's
//! problems. The `sitehost-types` crate's build script and [`crate::Extension`]
//! share it.

use crate::{Diagnostics, Generated};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints `cargo:rerun-if-changed` for the folder, every spec file in it and
/// every folder holding one (so that an added file is noticed too). Paths
/// inside the package are recorded by cargo relative to the package, so a
/// copy of the package elsewhere, sharing a target directory, is checked
/// against its own files.
pub fn watch_spec(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    if let Ok(sources) = crate::read_sources(dir) {
        let files: Vec<PathBuf> = sources.iter().map(|s| dir.join(&s.relative)).collect();
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for folder in folders_of(&files) {
            println!("cargo:rerun-if-changed={}", folder.display());
        }
    }
}

/// Writes what was generated to `$OUT_DIR/sitehost/`, watching every file
/// it was generated from; or prints the diagnostics, then `hint`, on stderr
/// (which cargo shows when a build script fails). Returns the build
/// script's exit code.
pub fn write_or_report(result: Result<Generated, Diagnostics>, hint: &str) -> ExitCode {
    match result {
        Ok(generated) => {
            for file in &generated.sources {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            for folder in folders_of(&generated.sources) {
                println!("cargo:rerun-if-changed={}", folder.display());
            }
            let Some(out_dir) = std::env::var_os("OUT_DIR") else {
                eprintln!("error: OUT_DIR is not set: run this from a build script");
                return ExitCode::FAILURE;
            };
            let out_dir = PathBuf::from(out_dir).join(crate::emit::OUT_SUBDIR);
            if let Err(e) = generated.output.write_to(&out_dir) {
                eprintln!(
                    "error: cannot write generated code to {}: {e}",
                    out_dir.display()
                );
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report(&diagnostics, hint),
    }
}

/// Prints the spec's problems, then `hint`, on stderr (which cargo shows
/// when a build script fails); returns the failing exit code.
pub fn report(diagnostics: &Diagnostics, hint: &str) -> ExitCode {
    eprintln!("\nThe SiteHost API spec has problems:\n");
    for d in &diagnostics.0 {
        eprintln!("error: {d}");
    }
    eprintln!("\n{hint}\n");
    ExitCode::FAILURE
}

/// The folders holding the files, sorted, once each.
fn folders_of(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}
