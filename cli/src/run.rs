//! Running the command line: parsing, and which command runs.

use crate::endpoints::entries;
use crate::exit;
use crate::failure::finish;
use crate::io::Io;
use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the command line of this process; returns the exit code.
pub fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(exit::NETWORK);
        }
    };
    let io = Io::std();
    ExitCode::from(runtime.block_on(run(std::env::args_os(), &io)))
}

/// Runs a command line (`args` with the program's name first), writing to
/// `io`; returns the exit code. Settings not given as flags come from the
/// environment (`SH_API_KEY`, …), as for the binary.
pub async fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>, io: &Io) -> u8 {
    let entries = entries();
    let matches = match crate::tree::command(&entries).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(e) => {
            let shown = e.render().to_string();
            if e.use_stderr() {
                io.note(shown.trim_end());
            } else if io.line(shown.trim_end()).is_err() {
                return exit::OK;
            }
            return u8::try_from(e.exit_code()).unwrap_or(exit::USAGE);
        }
    };
    let mut words = Vec::new();
    let mut leaf = &matches;
    while let Some((word, sub)) = leaf.subcommand() {
        words.push(word.to_owned());
        leaf = sub;
    }
    match words.first().map(String::as_str) {
        Some("fake") => return crate::services::fake(leaf, io).await,
        Some("mcp") => return crate::services::mcp(leaf, io).await,
        Some("completions") => return crate::services::completions(leaf, &entries, io),
        Some("plan") => return finish(crate::state::plan(leaf, io).await, io),
        Some("apply") => return finish(crate::state::apply(leaf, io).await, io),
        Some("export") => return finish(crate::state::export(leaf, io).await, io),
        _ => {}
    }
    let Some(entry) = entries.iter().find(|e| e.words() == words) else {
        io.note(&format!("error: no endpoint for `{}`", words.join(" ")));
        return exit::USAGE;
    };
    finish(crate::call::call(leaf, entry, io).await, io)
}
