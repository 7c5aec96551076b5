//! Prints the public API of a crate, one item a line, sorted, from the
//! rustdoc JSON file named on the command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: public-api-list <crate.json>");
        return ExitCode::from(2);
    };
    let api = match public_api::Builder::from_rustdoc_json(&path)
        .omit_blanket_impls(true)
        // Send, Sync and the other auto traits are part of the API.
        .omit_auto_trait_impls(false)
        .build()
    {
        Ok(api) => api,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    for item in api.items() {
        println!("{item}");
    }
    ExitCode::SUCCESS
}
