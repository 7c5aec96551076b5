//! Asynchronous jobs: what job-starting endpoints return, what the spec's job
//! endpoint (`/job/get`) reports, and how long to wait for a job. The waiting
//! itself is `sitehost::Client::wait_for_job`, through the generated
//! [`PollJob`](crate::PollJob) and [`JobProgress`] implementations.

use crate::request::PollJob;
use std::fmt;
use std::time::Duration;

/// The two kinds of job the API runs. Cloud stack operations are `scheduler`
/// jobs; the spec says which kind each endpoint starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobType {
    /// `daemon`.
    Daemon,
    /// `scheduler`.
    Scheduler,
}

impl JobType {
    /// The name `/job/get` takes in its `type` parameter.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobType::Daemon => "daemon",
            JobType::Scheduler => "scheduler",
        }
    }
}

impl JobType {
    /// The type named by `text` (`daemon` or `scheduler`, in any case).
    pub fn parse(text: &str) -> Option<JobType> {
        crate::form::parse_choice(text.trim()).ok()
    }
}

impl crate::form::Choice for JobType {
    const ALL: &'static [Self] = &[JobType::Daemon, JobType::Scheduler];
    fn as_str(self) -> &'static str {
        JobType::as_str(self)
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A response that names a job: `{"job_id": "3433562"}` up to API 1.3,
/// `{"job": {"id": 7319505, "type": "scheduler"}}` from 1.5. Generated for the
/// shapes that job-starting endpoints return.
pub trait JobReference {
    /// The job's ID.
    fn job_id(&self) -> i64;
    /// The job's type, where the response says it.
    fn job_type(&self) -> Option<&str> {
        None
    }
}

/// What the job endpoint reports: generated for its response shape.
pub trait JobProgress {
    /// The job's state text: `Pending`, `Completed`, `Failed` or another.
    fn state(&self) -> &str;
    /// The job's last message, where the API version reports one (1.5 does not).
    fn message(&self) -> Option<&str> {
        None
    }
    /// The text of the job's last log entry, if it has any.
    fn last_log(&self) -> Option<&str> {
        None
    }
    /// The texts of the job's log entries, oldest first.
    fn log_messages(&self) -> Vec<&str> {
        Vec::new()
    }
    /// The state as an enum; unknown states count as running.
    fn job_state(&self) -> JobState {
        JobState::parse(self.state())
    }
}

/// A job the API started: its ID and kind, all that is needed to follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Job {
    /// The job's ID, for `/job/get`.
    pub id: i64,
    /// The job's kind, for `/job/get`.
    pub job_type: JobType,
}

/// What a job-starting endpoint returned when it says more than the job
/// (`/server/provision` also gives the new server's name and password): the
/// job to wait on, and the whole response.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Started<T> {
    /// The job the API started.
    pub job: Job,
    /// Everything `return` held, the job included.
    pub response: T,
}

impl<T> Started<T> {
    /// The job and the response.
    pub fn new(job: Job, response: T) -> Started<T> {
        Started { job, response }
    }
}

impl Job {
    /// The job a job-starting endpoint's `return`, read as JSON, names:
    /// `{"job_id": "7"}` (API 1.0 to 1.3) or `{"job": {"id": 7, "type":
    /// "scheduler"}}` (1.5, whose type wins over `default`). For code that has
    /// no Rust type for the response (the command line, tools).
    pub fn from_return(value: &serde_json::Value, default: JobType) -> Option<Job> {
        let (id, job_type) = match value.get("job") {
            Some(job) => (job.get("id")?, job.get("type").and_then(|t| t.as_str())),
            None => (value.get("job_id")?, None),
        };
        let id = serde_json::from_value::<crate::loose::LooseInt>(id.clone())
            .ok()?
            .0;
        Some(Job {
            id,
            job_type: job_type.and_then(JobType::parse).unwrap_or(default),
        })
    }
}

/// A job's state, read from the `state` text of `/job/get`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Waiting to run.
    Pending,
    /// Any state the API names other than the three known ones.
    Running,
    /// Finished well.
    Completed,
    /// Finished badly; the status's log or message says why.
    Failed,
}

impl JobState {
    /// The state a `state` text names, ignoring case and surrounding space.
    pub fn parse(state: &str) -> JobState {
        match state.trim() {
            s if s.eq_ignore_ascii_case("completed") => JobState::Completed,
            s if s.eq_ignore_ascii_case("failed") => JobState::Failed,
            s if s.eq_ignore_ascii_case("pending") => JobState::Pending,
            _ => JobState::Running,
        }
    }

    /// Whether the job has finished, well or not.
    pub fn is_finished(self) -> bool {
        matches!(self, JobState::Completed | JobState::Failed)
    }
}

/// How to wait for a job: a delay that starts at `first_delay` and doubles up
/// to `max_delay` (each with up to a fifth of jitter), for at most `timeout`.
/// Built from [`WaitOptions::default`] and the `with_*` methods; the fields
/// can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// The delay before the second poll.
    pub first_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// The longest the whole wait may take.
    pub timeout: Duration,
}

impl Default for WaitOptions {
    /// 2 s growing to 60 s, for at most 30 minutes.
    fn default() -> Self {
        WaitOptions {
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// With this delay before the second poll.
    #[must_use]
    pub fn with_first_delay(mut self, delay: Duration) -> Self {
        self.first_delay = delay;
        self
    }

    /// With this longest delay between polls.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// With this longest time for the whole wait.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The delay after `delay`: doubled, capped at `max_delay` (and at
    /// least a millisecond).
    pub fn next_delay(&self, delay: Duration) -> Duration {
        delay
            .saturating_mul(2)
            .min(self.max_delay)
            .max(Duration::from_millis(1))
    }
}

/// Stands in for the job endpoint when a spec has none (and so no endpoint
/// that starts a job): it cannot be made, and waiting for a job is then
/// a configuration error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoJobEndpoint {}

/// The report of [`NoJobEndpoint`]: there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoJobStatus {}

impl crate::loose::Decode for NoJobStatus {
    fn decode<'de, D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("the spec has no job endpoint"))
    }
}

impl JobProgress for NoJobStatus {
    fn state(&self) -> &str {
        match *self {}
    }
}

impl crate::Request for NoJobEndpoint {
    type Output = NoJobStatus;
    const ENDPOINT: &'static crate::Endpoint =
        &crate::Endpoint::new("job_get", crate::Method::Get, "", "/job/get");
    fn encode(&self, _form: &mut crate::Form<'_>) {
        match *self {}
    }
}

impl PollJob for NoJobEndpoint {
    const ID_PARAM: &'static str = "";
    const TYPE_PARAM: &'static str = "";
    fn for_job(_: &Job) -> Option<Self> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_and_unknown_is_running() {
        assert_eq!(JobState::parse("Completed"), JobState::Completed);
        assert_eq!(JobState::parse("Failed"), JobState::Failed);
        assert_eq!(JobState::parse("Pending"), JobState::Pending);
        assert_eq!(JobState::parse("Processing"), JobState::Running);
        assert!(!JobState::parse("").is_finished());
    }

    #[test]
    fn jobs_are_read_from_either_form_of_json() {
        let old = serde_json::json!({"job_id": "3433562"});
        let new = serde_json::json!({"job": {"id": 7, "type": "daemon"}});
        assert_eq!(
            Job::from_return(&old, JobType::Scheduler),
            Some(Job {
                id: 3_433_562,
                job_type: JobType::Scheduler
            })
        );
        assert_eq!(
            Job::from_return(&new, JobType::Scheduler),
            Some(Job {
                id: 7,
                job_type: JobType::Daemon
            })
        );
        assert_eq!(
            Job::from_return(&serde_json::json!({}), JobType::Daemon),
            None
        );
    }

    #[test]
    fn delay_doubles_to_the_cap() {
        let o = WaitOptions {
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(5),
            timeout: Duration::from_secs(60),
        };
        assert_eq!(o.next_delay(Duration::from_secs(2)), Duration::from_secs(4));
        assert_eq!(o.next_delay(Duration::from_secs(4)), Duration::from_secs(5));
    }
}
