//! Applying a plan: each change by its resource's endpoints, in the plan's
//! order, each job waited for, stopping at the first failure with a report
//! of what was done, what failed and what was not attempted.

use super::kinds::Kind;
use super::plan::{Change, Plan};
use super::read::fill_role;
use super::steps::{Object, steps};
use super::values::as_param;
use crate::{Client, Endpoint, Error, Job};
use serde_json::{Map, Value};
use std::fmt;

/// What applying a plan is doing, for showing progress.
#[derive(Debug)]
pub enum Progress<'a> {
    /// A change is being made.
    Started(&'a Change),
    /// A job of the change is in this state (`Pending`, `Running`, …).
    Job(&'a Change, &'a str),
    /// A change was made.
    Done(&'a Change),
}

/// What applying a plan did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The changes made, in order.
    pub done: Vec<Change>,
    /// The change that failed, and why.
    pub failed: Option<Failed>,
    /// The changes not attempted after a failure.
    pub not_attempted: Vec<Change>,
}

/// A change that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    /// The change.
    pub change: Change,
    /// Why: the API's `msg`, or the job's message.
    pub message: String,
    /// Its job was started and failed (else the call itself failed).
    pub job_failed: bool,
}

impl Report {
    /// Whether every change was made.
    pub fn is_complete(&self) -> bool {
        self.failed.is_none() && self.not_attempted.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.done {
            writeln!(
                f,
                "done: {} {} {}",
                c.action.as_str(),
                c.resource,
                c.label()
            )?;
        }
        if let Some(failed) = &self.failed {
            let c = &failed.change;
            writeln!(
                f,
                "failed: {} {} {}: {}",
                c.action.as_str(),
                c.resource,
                c.label(),
                failed.message
            )?;
        }
        for c in &self.not_attempted {
            writeln!(
                f,
                "not attempted: {} {} {}",
                c.action.as_str(),
                c.resource,
                c.label()
            )?;
        }
        let failed = usize::from(self.failed.is_some());
        write!(
            f,
            "{} done, {failed} failed, {} not attempted.",
            self.done.len(),
            self.not_attempted.len()
        )
    }
}

impl Plan {
    /// Makes the plan's changes in order, waiting for each job, and stops
    /// at the first that fails; `progress` hears of each step. Running a
    /// new plan afterwards finishes the work.
    ///
    /// # Errors
    ///
    /// Only when the plan needs `force` ([`Plan::needs_force`]); a change
    /// that fails is in the report.
    pub async fn apply(
        &self,
        client: &Client,
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<Report, Error> {
        if let Some(why) = &self.needs_force {
            return Err(Error::Config(format!("the plan needs force: {why}")));
        }
        let mut report = Report {
            done: Vec::new(),
            failed: None,
            not_attempted: Vec::new(),
        };
        for (i, change) in self.changes.iter().enumerate() {
            progress(Progress::Started(change));
            match make(client, change, &mut progress).await {
                Ok(()) => {
                    progress(Progress::Done(change));
                    report.done.push(change.clone());
                }
                Err((message, job_failed)) => {
                    report.failed = Some(Failed {
                        change: change.clone(),
                        message,
                        job_failed,
                    });
                    report.not_attempted = self.changes[i + 1..].to_vec();
                    break;
                }
            }
        }
        Ok(report)
    }
}

/// Makes one change: its calls in order ([`steps`]), each job waited for.
async fn make(
    client: &Client,
    change: &Change,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<(), (String, bool)> {
    let plain = |why: String| (why, false);
    let kind = Kind::named(change.resource).map_err(plain)?;
    for step in steps(&kind, change).map_err(plain)? {
        let merged;
        let object = match (step.object, &change.desired, &change.current) {
            (Object::Desired, Some(desired), _) => desired,
            (Object::Current, _, Some(current)) => current,
            (Object::Merged, Some(desired), Some(current)) => {
                let mut both = current.clone();
                both.extend(desired.clone());
                merged = both;
                &merged
            }
            _ => return Err(plain("the change lacks the object it changes".to_owned())),
        };
        call(client, change, step.endpoint, object, progress).await?;
    }
    Ok(())
}

/// Calls `endpoint` for `object`, waiting for the job it starts.
async fn call(
    client: &Client,
    change: &Change,
    endpoint: &'static Endpoint,
    object: &Map<String, Value>,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<(), (String, bool)> {
    let request = request(client, endpoint, object).map_err(|why| (why, false))?;
    let returned = client
        .send_value(endpoint, &request)
        .await
        .map_err(|e| (message(&e), false))?;
    let Some(job_type) = endpoint.job else {
        return Ok(());
    };
    let Some(job) = Job::from_return(&returned, job_type) else {
        return Err((format!("the response names no job: {returned}"), false));
    };
    let options = client.config().job_wait;
    let mut shown = String::new();
    client
        .wait_for_job_watching(&job, &options, |status| {
            use crate::JobProgress;
            let state = status.state();
            if shown != state {
                shown = state.to_owned();
                progress(Progress::Job(change, state));
            }
        })
        .await
        .map(drop)
        .map_err(|e| (message(&e), matches!(e, Error::JobFailed { .. })))
}

/// A request of `endpoint` for `object`: the parameters that name it and
/// the fields it sets (by the resource use's declarations), the account's
/// client ID, and any other required parameter of a field's name (a
/// database's `mysql_host` for its deletion).
fn request(
    client: &Client,
    endpoint: &'static Endpoint,
    object: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let uses = Kind::uses(endpoint);
    let mut request = Map::new();
    fill_role(client, endpoint, &mut request);
    for (field, path) in uses.key.iter().chain(uses.fields) {
        if request.contains_key(path[0]) && path.len() == 1 {
            continue;
        }
        if let Some(value) = object.get(*field).filter(|v| !is_empty(v)) {
            crate::wire::set(&mut request, path, as_param(endpoint.params, path, value)?);
        }
    }
    let defaults = crate::resources::RESOURCES
        .iter()
        .find(|r| r.name == uses.resource.name)
        .and_then(|r| r.desired)
        .filter(|d| d.create == endpoint.path)
        .map_or(&[][..], |d| d.defaults);
    for p in endpoint.params {
        if request.contains_key(p.name) || p.members().is_some() {
            continue;
        }
        let default = defaults
            .iter()
            .find(|(name, _)| *name == p.name)
            .and_then(|(_, json)| serde_json::from_str::<Value>(json).ok());
        if let Some(value) = object
            .get(p.name)
            .filter(|v| !is_empty(v))
            .cloned()
            .or(default)
        {
            request.insert(
                p.name.to_owned(),
                as_param(endpoint.params, &[p.name], &value)?,
            );
        }
    }
    Ok(request)
}

fn is_empty(value: &Value) -> bool {
    value.is_null() || value.as_str() == Some("")
}

/// The error in a sentence: the API's `msg` for a refusal, the job's
/// message for a failed job.
fn message(error: &Error) -> String {
    match error {
        Error::Api { msg, .. } => msg.clone(),
        Error::JobFailed { message, .. } => message
            .clone()
            .unwrap_or_else(|| "the job failed".to_owned()),
        other => other.to_string(),
    }
}
