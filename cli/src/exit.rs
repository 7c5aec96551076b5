//! Exit codes scripts can rely on, and the one for an error of a call.

use sitehost::Error;

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

/// The exit code of an error of the call.
pub fn of(error: &Error) -> u8 {
    match error {
        Error::Api { .. } => REFUSED,
        Error::InvalidParameter { .. } | Error::Config(_) => USAGE,
        Error::JobFailed { .. } => JOB_FAILED,
        Error::Transport { .. }
        | Error::Timeout { .. }
        | Error::JobTimeout { .. }
        | Error::RateLimited { .. } => NETWORK,
        _ => BAD_RESPONSE,
    }
}
