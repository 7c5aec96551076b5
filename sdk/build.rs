//! Generates the endpoint code from the spec into `$OUT_DIR/sitehost/`.
//!
//! The spec folder is `../spec` next to this crate, or the folder named by
//! the `SITEHOST_SPEC_DIR` environment variable.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed=SITEHOST_SPEC_DIR");
    let spec_dir = match std::env::var_os("SITEHOST_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec"),
    };
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join(sitehost_codegen::emit::OUT_SUBDIR);

    // Watch the folder (for added files) and every file in it.
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    if let Ok(sources) = sitehost_codegen::read_sources(&spec_dir) {
        for source in sources {
            println!(
                "cargo:rerun-if-changed={}",
                spec_dir.join(&source.relative).display()
            );
        }
    }

    match sitehost_codegen::generate(&spec_dir) {
        Ok(generated) => {
            for dir in dirs_of(&generated.sources) {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
            if let Err(e) = generated.output.write_to(&out_dir) {
                eprintln!(
                    "error: cannot write generated code to {}: {e}",
                    out_dir.display()
                );
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            // Printed on stderr, which cargo shows when a build script fails.
            eprintln!("\nThe SiteHost API spec has problems:\n");
            for d in &diagnostics.0 {
                eprintln!("error: {d}");
            }
            eprintln!(
                "\nFix the spec (see spec/README.md), or run `cargo run -p sitehost-codegen -- check {}`.\n",
                spec_dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// The folders holding spec files, so that a file added to one is noticed.
fn dirs_of(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}
