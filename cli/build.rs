//! Generates the command line's table of endpoint docs from the spec the
//! `sitehost` crate was built from (which its build script names as
//! `DEP_SITEHOST_SPEC_DIR`), so that the commands and the library always
//! describe the same endpoints.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(spec_dir) = std::env::var_os("DEP_SITEHOST_SPEC_DIR").map(PathBuf::from) else {
        eprintln!(
            "error: DEP_SITEHOST_SPEC_DIR is not set: the sitehost crate's build script names its spec"
        );
        return ExitCode::FAILURE;
    };
    sitehost_codegen::build::watch_spec(&spec_dir);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let text = match sitehost_codegen::commands(&spec_dir) {
        Ok(text) => text,
        Err(diagnostics) => {
            let hint = format!("Fix the spec in {}.", spec_dir.display());
            return sitehost_codegen::build::report(&diagnostics, &hint);
        }
    };
    let file = out.join("commands.rs");
    match std::fs::write(&file, text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}
