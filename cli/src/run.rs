//! Running the command line: parsing, which command runs, and exit codes.

use crate::endpoints::entries;
use crate::flags::Usage;
use crate::io::Io;
use sitehost::Error;
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit codes scripts can rely on.
pub mod exit {
    /// The call (and any job waited for) succeeded.
    pub const OK: u8 = 0;
    /// The API refused the call (`status: false`).
    pub const REFUSED: u8 = 1;
    /// A usage error; nothing was sent.
    pub const USAGE: u8 = 2;
    /// A job waited for with `--wait` failed.
    pub const JOB_FAILED: u8 = 3;
    /// A network failure or timeout.
    pub const NETWORK: u8 = 4;
    /// A response that is not what the API sends.
    pub const BAD_RESPONSE: u8 = 5;
    /// `sitehost plan --detailed-exitcode`: the plan has changes.
    pub const CHANGES: u8 = 6;
}

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

/// What ended a command other than success.
pub(crate) enum Failure {
    Usage(Usage),
    Api(Error),
    Output(std::io::Error),
}

impl From<Usage> for Failure {
    fn from(u: Usage) -> Self {
        Failure::Usage(u)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Api(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Output(e)
    }
}

fn finish(result: Result<u8, Failure>, io: &Io) -> u8 {
    match result {
        Ok(code) => code,
        Err(Failure::Usage(Usage(message))) => {
            io.note(&format!("error: {message}"));
            exit::USAGE
        }
        Err(Failure::Api(e)) => {
            io.note(&format!("error: {e}"));
            exit_code(&e)
        }
        // A closed pipe (`| head`) is not an error of the call.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(Failure::Output(e)) => {
            io.note(&format!("error: cannot write the output: {e}"));
            exit::BAD_RESPONSE
        }
    }
}

/// The exit code of an error of the call.
pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Api { .. } => exit::REFUSED,
        Error::InvalidParameter { .. } | Error::Config(_) => exit::USAGE,
        Error::JobFailed { .. } => exit::JOB_FAILED,
        Error::Transport { .. }
        | Error::Timeout { .. }
        | Error::JobTimeout { .. }
        | Error::RateLimited { .. } => exit::NETWORK,
        _ => exit::BAD_RESPONSE,
    }
}
