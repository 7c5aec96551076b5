//! Waiting for asynchronous jobs by polling the spec's job endpoint
//! (`/job/get`), through the generated [`PollJob`](crate::PollJob) and
//! [`JobProgress`](crate::JobProgress) implementations.

use crate::WaitOptions;
use crate::client::Client;
use crate::error::Error;
use crate::{Endpoint, Job, JobPoll, JobReference, JobState, JobStatus, JobType, PollJob};
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;

/// The job named by the typed response of an endpoint that starts one.
pub(crate) fn job_of(endpoint: &Endpoint, reference: &impl JobReference) -> Result<Job, Error> {
    let id = reference.job_id();
    // Decoded by the policy, a response without its job reads as job 0,
    // which no poll could follow.
    if id <= 0 {
        return Err(names_no_job(endpoint, ""));
    }
    Ok(Job {
        id,
        job_type: reference
            .job_type()
            .and_then(JobType::parse)
            .unwrap_or(endpoint.job.unwrap_or(JobType::Scheduler)),
    })
}

/// The job named by a response's `return` as JSON (either form the API
/// writes it in), for front ends that send requests as values; the
/// endpoint's declared job type where the response gives none.
///
/// # Errors
///
/// [`Error::Decode`] when the response names no job.
pub fn job_in_return(endpoint: &Endpoint, returned: &serde_json::Value) -> Result<Job, Error> {
    Job::from_return(returned, endpoint.job.unwrap_or(JobType::Scheduler)).ok_or_else(|| {
        let text = returned.to_string();
        names_no_job(endpoint, &text)
    })
}

fn names_no_job(endpoint: &Endpoint, returned: &str) -> Error {
    Error::Decode {
        call: endpoint.call(),
        http_status: 200,
        reason: "the response names no job".to_owned(),
        snippet: crate::error::bounded(returned, crate::error::SNIPPET_BYTES),
    }
}

impl Client {
    /// Asks `/job/get` once how `job` is going.
    ///
    /// # Errors
    ///
    /// Any error of the call; a job the API does not know is an [`Error::Api`].
    pub async fn job_status(&self, job: &Job) -> Result<JobStatus, Error> {
        match JobPoll::for_job(job) {
            Some(request) => self.send(&request).await,
            None => Err(Error::Config(
                "the spec this crate was built from has no /job/get endpoint to poll jobs with"
                    .to_owned(),
            )),
        }
    }

    /// Waits for `job` to finish, with the client's [`WaitOptions`], and
    /// returns its final status.
    ///
    /// Dropping the returned future stops the polling.
    ///
    /// # Errors
    ///
    /// [`Error::JobFailed`] with the job's message and final status when it fails,
    /// [`Error::JobTimeout`] with the last state seen when it does not finish
    /// in time, or the error of a poll that failed (polls are retried as the
    /// client's retry policy says).
    pub async fn wait_for_job(&self, job: &Job) -> Result<JobStatus, Error> {
        self.wait_for_job_with(job, &self.config().job_wait).await
    }

    /// Waits for `job` with the given options; see [`Client::wait_for_job`].
    ///
    /// # Errors
    ///
    /// As [`Client::wait_for_job`].
    pub async fn wait_for_job_with(
        &self,
        job: &Job,
        options: &WaitOptions,
    ) -> Result<JobStatus, Error> {
        self.wait_for_job_watching(job, options, |_| {}).await
    }

    /// Waits for `job` as [`Client::wait_for_job_with`] does, handing every
    /// status polled, the last one included, to `watch` first: to show
    /// progress.
    ///
    /// # Errors
    ///
    /// As [`Client::wait_for_job`].
    pub async fn wait_for_job_watching(
        &self,
        job: &Job,
        options: &WaitOptions,
        watch: impl FnMut(&JobStatus),
    ) -> Result<JobStatus, Error> {
        let span = tracing::info_span!(
            target: "sitehost::jobs",
            "sitehost.job.wait",
            sitehost.job.id = job.id,
            sitehost.job.type = %job.job_type,
        );
        self.poll_until_done(job, options, watch)
            .instrument(span)
            .await
    }

    async fn poll_until_done(
        &self,
        job: &Job,
        options: &WaitOptions,
        mut watch: impl FnMut(&JobStatus),
    ) -> Result<JobStatus, Error> {
        let started = Instant::now();
        let deadline = started + options.timeout;
        let mut delay = options.first_delay;
        let mut last_state: Option<String> = None;
        let timed_out = |last_state: Option<String>| Error::JobTimeout {
            job: *job,
            waited: started.elapsed(),
            last_state,
        };
        loop {
            let status = match tokio::time::timeout_at(deadline, self.job_status(job)).await {
                Ok(result) => result?,
                Err(_) => return Err(timed_out(last_state)),
            };
            watch(&status);
            tracing::debug!(
                target: "sitehost::jobs",
                job_id = job.id,
                job_type = %job.job_type,
                state = %crate::JobProgress::state(&status),
                "polled job"
            );
            match crate::JobProgress::job_state(&status) {
                JobState::Completed => return Ok(status),
                JobState::Failed => {
                    return Err(Error::JobFailed {
                        job: *job,
                        message: crate::JobProgress::message(&status)
                            .or_else(|| crate::JobProgress::last_log(&status))
                            .map(|m| crate::error::bounded(m, crate::error::MSG_BYTES)),
                        status: Box::new(status),
                    });
                }
                JobState::Pending | JobState::Running => {}
            }
            last_state = Some(crate::JobProgress::state(&status).to_owned());
            let now = Instant::now();
            if now >= deadline {
                return Err(timed_out(last_state));
            }
            let pause = jittered(delay).min(deadline - now);
            tokio::time::sleep(pause).await;
            if Instant::now() >= deadline {
                return Err(timed_out(last_state));
            }
            delay = options.next_delay(delay);
        }
    }
}

/// `delay` less up to a fifth, at random, so that many waiters spread out.
fn jittered(delay: Duration) -> Duration {
    let fifth = delay / 5;
    delay - fifth.mul_f64(crate::retry::random_fraction())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_takes_off_at_most_a_fifth() {
        for _ in 0..100 {
            let j = jittered(Duration::from_secs(10));
            assert!(j <= Duration::from_secs(10) && j >= Duration::from_secs(8));
        }
    }
}
