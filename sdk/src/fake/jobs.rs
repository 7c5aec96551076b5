//! The fake's jobs: started by the calls that start one, reported pending
//! for a number of polls of `/job/get` and then completed (making their
//! change) or failed (dropping it). Each account knows only its own jobs.

use super::{State, fields, refusal, store};
use crate::{JobType, PollJob};
use serde_json::{Map, Value, json};

/// A job an account started.
pub(super) struct FakeJob {
    job_type: JobType,
    polls: u32,
    polls_to_finish: u32,
    failure: Option<String>,
    /// What the job changes when it completes.
    change: Option<store::Change>,
}

impl FakeJob {
    /// What the job is to change, while it has not.
    pub(super) fn change(&self) -> Option<&store::Change> {
        self.change.as_ref()
    }
}

/// Starts a job of account `account` that makes `change` when it
/// completes; its ID. IDs are unique across accounts.
pub(super) fn start(
    state: &mut State,
    account: usize,
    job_type: JobType,
    change: Option<store::Change>,
    failure: Option<String>,
) -> i64 {
    let id = state.next_job;
    state.next_job += 1;
    let failure = failure.or_else(|| state.fail_next.take());
    let job = FakeJob {
        job_type,
        polls: 0,
        polls_to_finish: state.job_polls,
        failure,
        change,
    };
    if let Some(account) = state.accounts.get_mut(account) {
        account.jobs.insert(id, job);
    }
    id
}

/// Runs job `id` of `account` to its end now, as the API runs a job whether
/// or not anyone polls it: its change is made unless it fails, and a poll
/// reports it finished.
pub(super) fn finish_now(state: &mut State, account: usize, id: i64) {
    let Some(account) = state.accounts.get_mut(account) else {
        return;
    };
    let Some(job) = account.jobs.get_mut(&id) else {
        return;
    };
    job.polls_to_finish = 0;
    let change = job.change.take().filter(|_| job.failure.is_none());
    if let Some(change) = change {
        account.store.apply(change);
    }
}

/// Puts the job's ID in the answer's job reference, in either form.
pub(super) fn set_reference(answer: &mut Value, id: i64, job_type: JobType) {
    let Some(reference) = answer.get_mut("return") else {
        return;
    };
    if let Some(slot) = reference.get_mut("job_id") {
        *slot = Value::String(id.to_string());
    } else if let Some(job) = reference.get_mut("job") {
        job["id"] = json!(id);
        if job.get("type").is_some() {
            job["type"] = json!(job_type.as_str());
        }
    }
}

/// The answer of `/job/get` for one of `account`'s jobs.
pub(super) fn status(
    state: &mut State,
    account: usize,
    example: Option<&str>,
    request: &Map<String, Value>,
) -> Value {
    let value = |name: &str| fields::sent(request, &[name]);
    let id: i64 = value(<crate::JobPoll as PollJob>::ID_PARAM)
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let job_type = value(<crate::JobPoll as PollJob>::TYPE_PARAM).unwrap_or_default();
    let Some(account) = state.accounts.get_mut(account) else {
        return refusal("Job not found.");
    };
    let Some(job) = account
        .jobs
        .get_mut(&id)
        .filter(|j| j.job_type.as_str() == job_type)
    else {
        return refusal("Job not found.");
    };
    job.polls = job.polls.saturating_add(1);
    // The change is made once, when the job is first seen completed; a
    // failed job's change is dropped, so that nothing waits on it.
    let finished = job.polls > job.polls_to_finish;
    let change = if finished { job.change.take() } else { None };
    let change = change.filter(|_| job.failure.is_none());
    let (state_text, started, completed, message, logs) = if !finished {
        let text = if job.polls == 1 {
            "Pending"
        } else {
            "Processing"
        };
        let started = (job.polls > 1).then_some("2016-04-15 11:18:30");
        (text, started, None, None, json!([]))
    } else if let Some(failure) = &job.failure {
        (
            "Failed",
            Some("2016-04-15 11:18:30"),
            Some("2016-04-15 11:19:21"),
            Some(failure.as_str()),
            json!([{"date": "2016-04-15 11:19:21", "level": "error", "message": failure}]),
        )
    } else {
        (
            "Completed",
            Some("2016-04-15 11:18:30"),
            Some("2016-04-15 11:19:21"),
            Some("Job completed successfully."),
            json!([{"date": "2016-04-15 11:19:21", "level": "info", "message": "Job completed successfully."}]),
        )
    };
    if let Some(change) = change {
        account.store.apply(change);
    }
    // The spec's example gives the fields of this API version's report.
    let mut report = example
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
        .and_then(|mut e| e.get_mut("return").map(Value::take))
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    report["state"] = json!(state_text);
    report["created"] = json!("2016-04-15 11:18:29");
    report["started"] = json!(started);
    report["completed"] = json!(completed);
    report["logs"] = logs;
    if report.get("message").is_some() {
        report["message"] = json!(message);
    }
    json!({"return": report, "msg": "Successful.", "status": true})
}
