//! Applying a plan: each change by its resource's endpoints, in the plan's
//! order, each job waited for, stopping at the first failure with a report
//! of what was done, what failed and what was not attempted.

use super::error::PlanError;
use super::kinds::Kind;
use super::plan::{Action, Change, Plan};
use super::secrets::Returned;
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
    /// A job of the change is in this state (`Pending`, `Running`, …),
    /// this long after it was started; told at each poll.
    Job(&'a Change, &'a str, std::time::Duration),
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
    /// Before anything is sent: [`PlanError::NeedsForce`] when the plan
    /// needs `force`, [`PlanError::NeedsSecrets`] when it creates an object
    /// whose secrets the API returns once (use
    /// [`apply_keeping`](Self::apply_keeping)). A change that fails is in
    /// the report.
    pub async fn apply(
        &self,
        client: &Client,
        progress: impl FnMut(Progress<'_>),
    ) -> Result<Report, PlanError> {
        if let Some(why) = self.secrets_returned() {
            return Err(PlanError::NeedsSecrets(why));
        }
        self.apply_keeping(client, &mut |_| Ok(()), progress).await
    }

    /// As [`apply`](Self::apply), giving each secret the API returns once
    /// (a new server's root password) to `keep` as it arrives, before the
    /// next change is made (see [`SecretsFile`](super::SecretsFile)). A
    /// secret that cannot be kept stops the application, reported as the
    /// change's failure.
    ///
    /// # Errors
    ///
    /// [`PlanError::NeedsForce`] when the plan needs `force`, before
    /// anything is sent.
    pub async fn apply_keeping(
        &self,
        client: &Client,
        keep: &mut (dyn FnMut(&Returned) -> std::io::Result<()> + Send),
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<Report, PlanError> {
        if let Some(why) = &self.needs_force {
            return Err(PlanError::NeedsForce(format!(
                "{why}: applying the plan needs force"
            )));
        }
        let mut report = Report {
            done: Vec::new(),
            failed: None,
            not_attempted: Vec::new(),
        };
        // The objects made so far, for the references to them of the
        // changes that follow.
        let mut created: Vec<(&'static str, Map<String, Value>)> = Vec::new();
        for (i, change) in self.changes.iter().enumerate() {
            progress(Progress::Started(change));
            let made = match resolved(change, &created) {
                Ok(Some(resolved)) => make(client, &resolved, keep, &mut progress).await,
                Ok(None) => make(client, change, keep, &mut progress).await,
                Err(why) => Err((why, false)),
            };
            match made {
                Ok(object) => {
                    created.extend(object.map(|o| (change.resource, o)));
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

/// The change with the references the plan left (to objects this apply
/// creates) resolved by the objects made so far; `None` where it has none.
fn resolved(
    change: &Change,
    created: &[(&'static str, Map<String, Value>)],
) -> Result<Option<Change>, String> {
    let kind = Kind::named(change.resource)?;
    let Some(desired) = change
        .desired
        .as_ref()
        .filter(|d| super::refs::has_references(&super::refs::of(&kind), d))
    else {
        return Ok(None);
    };
    let desired = super::refs::at_apply(&kind, desired, created)?;
    let mut change = change.clone();
    for (field, value) in change.object.iter_mut() {
        if let Some(resolved) = desired.get(field) {
            value.clone_from(resolved);
        }
    }
    change.desired = Some(desired);
    Ok(Some(change))
}

/// Makes one change: its calls in order ([`steps`]), each job waited for;
/// a create's secrets given to `keep`. Returns the object a create made,
/// with the key the API gave it.
async fn make(
    client: &Client,
    change: &Change,
    keep: &mut (dyn FnMut(&Returned) -> std::io::Result<()> + Send),
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<Option<Map<String, Value>>, (String, bool)> {
    let plain = |why: String| (why, false);
    let kind = Kind::named(change.resource).map_err(plain)?;
    let mut named: Option<Map<String, Value>> = None;
    let mut made: Option<Map<String, Value>> = None;
    for step in steps(&kind, change).map_err(plain)? {
        let merged;
        let created = change.action == Action::Create && step.endpoint.path != kind.create.path;
        if created && named.is_none() {
            return Err(plain(format!(
                "the create returned no {}, which the call of {} needs",
                Kind::uses(kind.create).returns_id.unwrap_or("key"),
                step.endpoint.path
            )));
        }
        let desired = if created {
            named.as_ref()
        } else {
            change.desired.as_ref()
        };
        let object = match (step.object, desired, &change.current) {
            (Object::Desired, Some(desired), _) => desired,
            (Object::Current, _, Some(current)) => current,
            (Object::Merged, Some(desired), Some(current)) => {
                merged = merge(step.endpoint, desired, current);
                &merged
            }
            _ => return Err(plain("the change lacks the object it changes".to_owned())),
        };
        let returned = call(client, change, step.endpoint, object, progress).await?;
        if step.endpoint.path != kind.create.path {
            continue;
        }
        if let Some(secrets) = Returned::from_create(&kind, object, &returned) {
            keep(&secrets)
                .map_err(|e| plain(format!("the returned secrets could not be kept: {e}")))?;
        }
        // The name the API gave a new one, for the calls that follow.
        let mut object = object.clone();
        if let Some(key) = Kind::uses(kind.create).returns_id
            && let Some(name) = returned.get(key).filter(|v| !v.is_null() && *v != "")
        {
            object.insert(key.to_owned(), name.clone());
            // The field the resource holds it in, where the response names
            // it otherwise (a template's `TemplateID` is its `template_id`).
            if let Some(id) = kind.resource.id.filter(|id| *id != key) {
                object.insert(id.to_owned(), name.clone());
            }
            named = Some(object.clone());
        }
        made = Some(object);
    }
    Ok(made)
}

/// The object an update of `endpoint` is sent for: the file's values, and
/// of what the API holds, what names the object and the endpoint's other
/// required parameters (never the other fields the file leaves alone).
fn merge(
    endpoint: &'static Endpoint,
    desired: &Map<String, Value>,
    current: &Map<String, Value>,
) -> Map<String, Value> {
    let uses = Kind::uses(endpoint);
    let mut out = desired.clone();
    for (field, value) in current {
        let names = uses.key.iter().any(|(f, _)| f == field);
        let required = endpoint
            .params
            .iter()
            .any(|p| p.name == field && p.required && p.role.is_none());
        if (names || required) && !out.contains_key(field) {
            out.insert(field.clone(), value.clone());
        }
    }
    super::from_get::keep_held(endpoint, current, &mut out);
    out
}

/// Calls `endpoint` for `object`, waiting for the job it starts.
async fn call(
    client: &Client,
    change: &Change,
    endpoint: &'static Endpoint,
    object: &Map<String, Value>,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<Value, (String, bool)> {
    let mut request = request(endpoint, object).map_err(|why| (why, false))?;
    client
        .fill_client_id(endpoint, &mut request, true)
        .await
        .map_err(|e| (message(&e), false))?;
    let returned = client
        .send_value(endpoint, &request)
        .await
        .map_err(|e| (message(&e), false))?;
    if endpoint.job.is_none() {
        return Ok(returned);
    }
    let job = crate::job_in_return(endpoint, &returned).map_err(|e| (message(&e), false))?;
    wait(client, change, &job, progress).await?;
    Ok(returned)
}

/// How many times a job is waited for when polling it fails (a refused or
/// broken poll): the job runs at the API whether or not it is polled.
const WAITS: usize = 5;

/// Waits for `job`, telling `progress` of each poll; a poll that fails is
/// followed by another wait, up to [`WAITS`]; a job that fails or outlasts
/// the wait ends it.
async fn wait(
    client: &Client,
    change: &Change,
    job: &Job,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<(), (String, bool)> {
    let options = client.config().job_wait;
    let started = std::time::Instant::now();
    let mut attempt = 1;
    loop {
        let waited = client
            .wait_for_job_watching(job, &options, |status| {
                use crate::JobProgress;
                progress(Progress::Job(change, status.state(), started.elapsed()));
            })
            .await;
        match waited {
            Ok(_) => return Ok(()),
            Err(e @ (Error::JobFailed { .. } | Error::JobTimeout { .. })) => {
                return Err((message(&e), matches!(e, Error::JobFailed { .. })));
            }
            Err(e) if attempt >= WAITS => return Err((message(&e), false)),
            Err(_) => attempt += 1,
        }
    }
}

/// A request of `endpoint` for `object`: the parameters that name it and
/// the fields it sets (by the resource use's declarations), and any other
/// required parameter of a field's name (a database's `mysql_host` for its
/// deletion); the account's client ID is filled in by the caller.
fn request(
    endpoint: &'static Endpoint,
    object: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let uses = Kind::uses(endpoint);
    let mut request = Map::new();
    for (field, path) in uses.key.iter().chain(uses.fields) {
        if request.contains_key(path[0]) && path.len() == 1 {
            continue;
        }
        if let Some(value) = object.get(*field).filter(|v| !is_empty(v)) {
            crate::wire::set(&mut request, path, as_param(endpoint.params, path, value)?);
        }
    }
    let defaults = uses
        .resource
        .desired
        .filter(|d| d.create.get().path == endpoint.path)
        .map_or(&[][..], |d| d.defaults);
    super::from_get::send(endpoint, object, &mut request)?;
    for p in endpoint.params {
        if let Some(members) = p.members() {
            if p.list.is_none() && !p.map {
                group_inputs(endpoint, p.name, members, object, &mut request)?;
            }
            continue;
        }
        if request.contains_key(p.name) {
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

/// The members of a group the object gives by their own name (a server's
/// `ssh_keys`, sent as `params[ssh_keys]`), where no field set them.
fn group_inputs(
    endpoint: &'static Endpoint,
    group: &'static str,
    members: &'static [crate::Param],
    object: &Map<String, Value>,
    request: &mut Map<String, Value>,
) -> Result<(), String> {
    for m in members.iter().filter(|m| m.members().is_none()) {
        let set = request.get(group).and_then(|g| g.get(m.name)).is_some();
        if let Some(value) = object.get(m.name).filter(|v| !set && !is_empty(v)) {
            let path = [group, m.name];
            crate::wire::set(request, &path, as_param(endpoint.params, &path, value)?);
        }
    }
    Ok(())
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
