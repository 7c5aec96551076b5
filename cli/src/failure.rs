//! What ended a command other than success, and how it is reported.

use crate::exit;
use crate::flags::Usage;
use crate::io::Io;
use sitehost::Error;

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

/// The exit code of a command's result, its failure said on stderr.
pub(crate) fn finish(result: Result<u8, Failure>, io: &Io) -> u8 {
    match result {
        Ok(code) => code,
        Err(Failure::Usage(Usage(message))) => {
            io.note(&format!("error: {message}"));
            exit::USAGE
        }
        Err(Failure::Api(e)) => {
            io.note(&format!("error: {e}"));
            exit::of(&e)
        }
        // A closed pipe (`| head`) is not an error of the call.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(Failure::Output(e)) => {
            io.note(&format!("error: cannot write the output: {e}"));
            exit::BAD_RESPONSE
        }
    }
}
