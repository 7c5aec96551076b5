//! Running a command: configuration, the request, output, and exit codes.

use crate::describe::Entry;
use crate::fields::{self, Usage, Values};
use clap::ArgMatches;
use serde_json::Value;
use sitehost::{Client, Error, Job, JobProgress, JobType};
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
}

/// Runs the command line; returns the exit code.
pub fn main() -> ExitCode {
    let entries = crate::describe::entries();
    let matches = match crate::tree::command(&entries).try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(exit::USAGE));
        }
    };
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
    ExitCode::from(runtime.block_on(run(&matches, &entries)))
}

async fn run(matches: &ArgMatches, entries: &[Entry]) -> u8 {
    let mut words = Vec::new();
    let mut leaf = matches;
    while let Some((word, sub)) = leaf.subcommand() {
        words.push(word.to_owned());
        leaf = sub;
    }
    match words.first().map(String::as_str) {
        Some("fake") => return fake(leaf).await,
        Some("mcp") => return mcp(leaf).await,
        Some("completions") => return completions(leaf, entries),
        _ => {}
    }
    let Some(entry) = entries.iter().find(|e| e.words() == words) else {
        eprintln!("error: no endpoint for `{}`", words.join(" "));
        return exit::USAGE;
    };
    match call(leaf, entry).await {
        Ok(code) => code,
        Err(Failure::Usage(Usage(message))) => {
            eprintln!("error: {message}");
            exit::USAGE
        }
        Err(Failure::Api(e)) => {
            eprintln!("error: {e}");
            exit_code(&e)
        }
        Err(Failure::Output(e)) => {
            // A closed pipe (`| head`) is not an error of the call.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                exit::OK
            } else {
                eprintln!("error: cannot write the output: {e}");
                exit::BAD_RESPONSE
            }
        }
    }
}

enum Failure {
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

/// The exit code of an error of the call.
pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Api { .. } => exit::REFUSED,
        Error::InvalidParameter { .. } | Error::Config(_) => exit::USAGE,
        Error::JobFailed { .. } => exit::JOB_FAILED,
        Error::Transport { .. } | Error::Timeout { .. } | Error::JobTimeout { .. } => exit::NETWORK,
        _ => exit::BAD_RESPONSE,
    }
}

async fn call(matches: &ArgMatches, entry: &Entry) -> Result<u8, Failure> {
    let endpoint = entry.endpoint;
    let flag = |name: &str| matches.get_flag(name);
    let (dry_run, wait, all, debug) = (flag("dry-run"), flag("wait"), flag("all"), flag("debug"));
    let table = matches.get_one::<String>("output").map(String::as_str) == Some("table");
    if wait && endpoint.job.is_none() {
        return Err(Usage("--wait: this endpoint starts no job".to_owned()).into());
    }
    if all && endpoint.paging.is_none() {
        return Err(Usage("--all: this endpoint is not a paged list".to_owned()).into());
    }
    let mut values = Values::new();
    for f in entry.flags() {
        if let Some(raw) = matches.get_raw(&f.key) {
            let texts = raw
                .map(|v| {
                    v.to_str()
                        .map(str::to_owned)
                        .ok_or_else(|| Usage(format!("--{}: the value is not valid UTF-8", f.long)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            values.insert(f.key, texts);
        }
    }
    let client = client(matches, dry_run)?;
    let fields = fields::wire_fields(endpoint.params, &values)?;
    if dry_run {
        let preview = client.preview_fields(endpoint, &fields)?;
        write_out(&request_text(&preview))?;
        return Ok(exit::OK);
    }
    let send = |fields: Vec<(String, String)>| {
        let client = &client;
        async move {
            if debug {
                eprintln!(
                    "{}",
                    request_text(&client.preview_fields(endpoint, &fields)?)
                );
            }
            client.send_fields(endpoint, &fields).await
        }
    };
    if all {
        let paging = endpoint.paging.expect("checked above");
        let number_key = paging.number.replace('[', ".").replace(']', "");
        let collected = crate::pages::collect(
            |page| {
                values.insert(number_key.clone(), vec![page.to_string()]);
                let fields = fields::wire_fields(endpoint.params, &values);
                let send = &send;
                async move { Ok::<_, Failure>(send(fields?).await?) }
            },
            usize::MAX,
        )
        .await?;
        crate::output::print(&Value::Array(collected.items), table)?;
        return Ok(exit::OK);
    }
    let value = send(fields).await?;
    if wait {
        let Some(job) = Job::from_return(&value, endpoint.job.unwrap_or(JobType::Scheduler)) else {
            eprintln!("error: the response names no job: {value}");
            return Ok(exit::BAD_RESPONSE);
        };
        return wait_for(&client, job, table).await;
    }
    crate::output::print(&value, table)?;
    Ok(exit::OK)
}

/// Writes a line on stdout, flushed, returning the error that `println!`
/// would panic on.
fn write_out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// A request as `--dry-run` and `--debug` show it: the method and URL, then
/// one field per line in the order sent, the key as `***`, and a value's
/// backslashes, newlines, carriage returns and tabs escaped as in Rust.
pub fn request_text(preview: &sitehost::Preview) -> String {
    let mut text = format!("{} {}", preview.method, preview.url);
    for (name, value) in &preview.fields {
        text.push('\n');
        text.push_str(name);
        text.push('=');
        for c in value.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '\n' => text.push_str("\\n"),
                '\r' => text.push_str("\\r"),
                '\t' => text.push_str("\\t"),
                c => text.push(c),
            }
        }
    }
    text
}

fn client(matches: &ArgMatches, dry_run: bool) -> Result<Client, Failure> {
    let key = matches.get_one::<String>("api-key").cloned();
    let key = match key {
        Some(key) if !key.trim().is_empty() => key,
        // Not shown and not sent: the preview prints the key as ***.
        _ if dry_run => "dry-run".to_owned(),
        _ => {
            return Err(Usage("no API key: set SH_API_KEY (or give --api-key)".to_owned()).into());
        }
    };
    let mut builder = Client::builder().api_key(key);
    if let Some(url) = matches
        .get_one::<String>("api-url")
        .filter(|u| !u.trim().is_empty())
    {
        builder = builder.base_url(url.trim());
    }
    Ok(builder.build()?)
}

/// Waits for the job with the client's wait options, showing each new state
/// on stderr; prints the final status.
async fn wait_for(client: &Client, job: Job, table: bool) -> Result<u8, Failure> {
    let options = client.config().job_wait;
    let mut shown: Option<String> = None;
    let result = client
        .wait_for_job_watching(&job, &options, |status| {
            let state = status.state();
            if shown.as_deref() != Some(state) {
                eprintln!("job {} ({}): {state}", job.id, job.job_type);
                shown = Some(state.to_owned());
            }
        })
        .await;
    let (status, code) = match result {
        Ok(status) => (status, exit::OK),
        Err(Error::JobFailed { status, .. }) => (*status, exit::JOB_FAILED),
        Err(e) => return Err(e.into()),
    };
    let message = status.message().or(status.last_log());
    let summary = serde_json::json!({
        "job": {"id": job.id, "type": job.job_type.as_str()},
        "state": status.state(),
        "message": message,
    });
    crate::output::print(&summary, table)?;
    if code == exit::JOB_FAILED {
        eprintln!(
            "error: job {} failed: {}",
            job.id,
            message.unwrap_or("no message")
        );
    }
    Ok(code)
}

async fn mcp(matches: &ArgMatches) -> u8 {
    // The server's key comes from the environment only: a key on the command
    // line would stand in a client's configuration and in process listings.
    if matches.value_source("api-key") == Some(clap::parser::ValueSource::CommandLine) {
        eprintln!("error: sitehost mcp takes the key from SH_API_KEY only, not --api-key");
        return exit::USAGE;
    }
    let number = |name: &str| matches.get_one::<u64>(name).copied().unwrap_or(1);
    let options = crate::mcp::Options {
        allow_write: matches.get_flag("allow-write"),
        allow_destructive: matches.get_flag("allow-destructive"),
        tools: matches
            .get_many::<String>("tools")
            .map(|globs| globs.cloned().collect())
            .unwrap_or_default(),
        dynamic: matches.get_flag("dynamic"),
        wait_timeout: std::time::Duration::from_secs(number("wait-timeout")),
        max_items: usize::try_from(number("max-items")).unwrap_or(1000),
    };
    crate::mcp::serve(options).await
}

async fn fake(matches: &ArgMatches) -> u8 {
    let mut builder = sitehost::fake::FakeApi::builder();
    for seed in matches.get_many::<String>("seed").into_iter().flatten() {
        builder = builder.seed_file(seed);
    }
    let fake = match builder.start().await {
        Ok(fake) => fake,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
        Err(e) => {
            eprintln!("error: cannot start the fake API: {e}");
            return exit::NETWORK;
        }
    };
    let exports = format!(
        "export SH_API_URL={}\nexport SH_API_KEY={}\nexport SH_CLIENT_ID=1",
        fake.base_url(),
        fake.api_key()
    );
    if write_out(&exports).is_err() {
        return exit::OK;
    }
    eprintln!("The fake SiteHost API is running; stop it with Ctrl-C.");
    let _ = tokio::signal::ctrl_c().await;
    exit::OK
}

fn completions(matches: &ArgMatches, entries: &[Entry]) -> u8 {
    let shell = match matches.get_one::<String>("shell").map(String::as_str) {
        Some("zsh") => clap_complete::Shell::Zsh,
        Some("fish") => clap_complete::Shell::Fish,
        _ => clap_complete::Shell::Bash,
    };
    let mut command = crate::tree::command(entries);
    // Into a buffer: clap_complete panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "sitehost", &mut script);
    match std::io::Write::write_all(&mut std::io::stdout().lock(), &script) {
        Ok(()) => exit::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            eprintln!("error: cannot write the completions: {e}");
            exit::BAD_RESPONSE
        }
    }
}
