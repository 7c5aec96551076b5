//! Calling an endpoint from its command: the flags folded into the
//! request's value, `--dry-run`, `--debug`, `--all` and
//! `--wait`.

use crate::endpoints::Entry;
use crate::exit;
use crate::failure::Failure;
use crate::flags::{self, Usage, Values};
use crate::io::Io;
use clap::ArgMatches;
use serde_json::{Map, Value};
use sitehost::{Client, Error, Job, JobProgress};

pub(crate) async fn call(matches: &ArgMatches, entry: &Entry, io: &Io) -> Result<u8, Failure> {
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
    let mut request = flags::request_value(endpoint.params, &given(matches, entry)?)?;
    let client = crate::client::from_flags(matches, dry_run)?;
    // The account's ID, where not given: configured, or learned from the
    // key (not with --dry-run, which sends nothing).
    client
        .fill_client_id(endpoint, &mut request, !dry_run)
        .await?;
    // Checked whole before anything is sent, page walks included.
    let preview = client.preview_value(endpoint, &request)?;
    if dry_run {
        io.line(&request_text(&preview))?;
        return Ok(exit::OK);
    }
    let send = async |request: &Map<String, Value>| {
        if debug {
            io.note(&request_text(&client.preview_value(endpoint, request)?));
        }
        client.send_value(endpoint, request).await
    };
    if let Some(paging) = endpoint.paging.filter(|_| all) {
        let bar = crate::progress::spinner(io);
        let collected = sitehost::walk_pages(
            |page| {
                if let Some(bar) = &bar {
                    bar.set_message(format!("{}: page {page}", endpoint.path));
                }
                sitehost::wire::set(&mut request, paging.number, Value::from(page));
                let request = request.clone();
                let send = &send;
                async move { send(&request).await }
            },
            usize::MAX,
        )
        .await;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        io.print(&Value::Array(collected?.items), table)?;
        return Ok(exit::OK);
    }
    let value = send(&request).await?;
    if wait {
        // A response that names no job is a bad response (exit 5).
        let job = sitehost::job_in_return(endpoint, &value)?;
        return wait_for(&client, job, table, io).await;
    }
    io.print(&value, table)?;
    Ok(exit::OK)
}

/// The texts given for each of the endpoint's flags.
fn given(matches: &ArgMatches, entry: &Entry) -> Result<Values, Usage> {
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
    Ok(values)
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

/// Waits for the job with the client's wait options, showing each new state
/// on stderr; prints the final status.
async fn wait_for(client: &Client, job: Job, table: bool, io: &Io) -> Result<u8, Failure> {
    let options = client.config().job_wait;
    let mut shown: Option<String> = None;
    // On a terminal, one line drawn in place with the time waited.
    let bar = crate::progress::spinner(io);
    let started = std::time::Instant::now();
    let result = client
        .wait_for_job_watching(&job, &options, |status| {
            let state = status.state();
            let line = format!("job {} ({}): {state}", job.id, job.job_type);
            match &bar {
                Some(bar) => {
                    bar.set_message(format!("{line} [{}s elapsed]", started.elapsed().as_secs()))
                }
                None if shown.as_deref() != Some(state) => io.note(&line),
                None => {}
            }
            shown = Some(state.to_owned());
        })
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
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
    io.print(&summary, table)?;
    if code == exit::JOB_FAILED {
        io.note(&format!(
            "error: job {} failed: {}",
            job.id,
            message.unwrap_or("no message")
        ));
    }
    Ok(code)
}
