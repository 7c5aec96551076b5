//! Running the command line in process, as the tests do.

use sitehost_cli::io::Io;

/// A command line run in process: its exit code, stdout and stderr.
pub struct Ran {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `sitehost` with `key` and `url` and these words, in process.
pub async fn run_with(key: &str, args: &[&str], url: &str) -> Ran {
    let (io, out, err) = Io::buffers();
    let argv = ["sitehost", "--api-key", key, "--api-url", url]
        .into_iter()
        .chain(args.iter().copied());
    let code = sitehost_cli::run(argv, &io).await;
    Ran {
        code,
        stdout: out.text(),
        stderr: err.text(),
    }
}
