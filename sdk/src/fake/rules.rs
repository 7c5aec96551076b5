//! Rules that change how the fake answers: a limit on requests a second,
//! as the API's own, and typed rules per endpoint
//! ([`FakeApi::on`](super::FakeApi::on)) for testing what a program does
//! when one call fails.

use super::FakeApi;
use crate::{Endpoint, Request};
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

/// The API's `msg` when a key exceeds its requests per second, answered
/// with HTTP 500 (see the protocol notes in the crate's README).
pub const RATE_LIMIT_MSG: &str =
    "You have exceeded the number of requests per second for this key.";

/// At most `per_second` requests in any second.
#[derive(Debug, Default)]
pub(super) struct Limit {
    per_second: Option<usize>,
    /// When the requests of the last second were answered.
    recent: VecDeque<Instant>,
}

impl Limit {
    pub(super) fn new(per_second: Option<u32>) -> Limit {
        Limit {
            per_second: per_second.map(|n| usize::try_from(n.max(1)).unwrap_or(usize::MAX)),
            recent: VecDeque::new(),
        }
    }

    /// `Some(msg)` when a request arriving `now` is over the limit; one
    /// under it is counted.
    pub(super) fn refuse(&mut self, now: Instant) -> Option<&'static str> {
        let limit = self.per_second?;
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= limit {
            return Some(RATE_LIMIT_MSG);
        }
        self.recent.push_back(now);
        None
    }
}

/// What a rule does to a call it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    /// Refuses the call with this `msg` (`status: false`).
    Refuse(String),
    /// Answers with the API's rate-limit refusal.
    RateLimit,
    /// Accepts the call; the job it starts fails with this message.
    FailJob(String),
}

/// A rule for one endpoint's calls: the next `times` of them (all when
/// `None`) that pass the fake's checks.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) path: &'static str,
    pub(super) times: Option<u32>,
    pub(super) action: Action,
}

impl Rule {
    /// The rule's action when it applies to a call of `endpoint`, counted.
    pub(super) fn take(&mut self, endpoint: &Endpoint) -> Option<Action> {
        if self.path != endpoint.path || self.times == Some(0) {
            return None;
        }
        if let Some(times) = &mut self.times {
            *times -= 1;
        }
        Some(self.action.clone())
    }
}

/// The answer of a call a rule refuses, as HTTP status and body.
pub(super) fn refusal(action: &Action) -> Option<(u16, Value)> {
    match action {
        Action::Refuse(msg) => Some((200, super::refusal(msg))),
        Action::RateLimit => Some((500, super::refusal(RATE_LIMIT_MSG))),
        Action::FailJob(_) => None,
    }
}

impl FakeApi {
    /// A rule for calls of request type `R`, such as
    /// `fake.on::<AddRecord>().times(1).refuse("Zone is locked.")`: it
    /// applies to calls that pass the fake's checks, the first rule given
    /// first, to every such call unless [`times`](On::times) says.
    pub fn on<R: Request>(&self) -> On<'_, R> {
        On {
            fake: self,
            times: None,
            request: std::marker::PhantomData,
        }
    }

    /// Removes every rule given with [`on`](Self::on).
    pub fn clear_rules(&self) {
        self.lock().rules.clear();
    }

    /// Changes the limit of [`FakeApiBuilder::rate_limit`](super::FakeApiBuilder::rate_limit)
    /// (`None`: no limit), of every account.
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        let mut state = self.lock();
        for account in &mut state.accounts {
            account.limit = Limit::new(per_second);
        }
        state.strangers = Limit::new(per_second);
    }

    fn add_rule(&self, path: &'static str, times: Option<u32>, action: Action) {
        self.lock().rules.push(Rule {
            path,
            times,
            action,
        });
    }
}

/// A rule being given for the calls of one request type; see [`FakeApi::on`].
#[must_use = "a rule is added by refuse, rate_limit or fail_job"]
pub struct On<'a, R> {
    fake: &'a FakeApi,
    times: Option<u32>,
    request: std::marker::PhantomData<fn() -> R>,
}

impl<R: Request> On<'_, R> {
    /// Applies to the next `n` calls only.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Refuses the calls with `msg`, as the API refuses: HTTP 200,
    /// `status: false`. Nothing is done.
    pub fn refuse(self, msg: impl Into<String>) {
        let action = Action::Refuse(msg.into());
        self.fake.add_rule(R::ENDPOINT.path, self.times, action);
    }

    /// Answers the calls with the API's rate-limit refusal (HTTP 500,
    /// [`RATE_LIMIT_MSG`]). Nothing is done.
    pub fn rate_limit(self) {
        let action = Action::RateLimit;
        self.fake.add_rule(R::ENDPOINT.path, self.times, action);
    }
}

impl<R: crate::StartsJob> On<'_, R> {
    /// Accepts the calls; the job each starts fails with `message`, and the
    /// change it was to make is not made.
    pub fn fail_job(self, message: impl Into<String>) {
        let action = Action::FailJob(message.into());
        self.fake.add_rule(R::ENDPOINT.path, self.times, action);
    }
}

impl<R> fmt::Debug for On<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("On")
            .field("request", &std::any::type_name::<R>())
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_one_second_back() {
        let mut limit = Limit::new(Some(2));
        let start = Instant::now();
        assert_eq!(limit.refuse(start), None);
        assert_eq!(limit.refuse(start + Duration::from_millis(10)), None);
        assert_eq!(
            limit.refuse(start + Duration::from_millis(20)),
            Some(RATE_LIMIT_MSG)
        );
        // The refused one is not counted: a second after the first, one
        // more goes through.
        assert_eq!(limit.refuse(start + Duration::from_secs(1)), None);
        assert!(limit.refuse(start + Duration::from_millis(1005)).is_some());
        assert_eq!(Limit::new(None).refuse(start), None);
    }

    #[test]
    fn a_rule_applies_to_its_endpoint_as_many_times_as_it_says() {
        const A: Endpoint = Endpoint::new("a", crate::Method::Post, "1.0", "/a");
        const B: Endpoint = Endpoint::new("b", crate::Method::Post, "1.0", "/b");
        let mut rule = Rule {
            path: "/a",
            times: Some(2),
            action: Action::RateLimit,
        };
        assert_eq!(rule.take(&B), None);
        assert_eq!(rule.take(&A), Some(Action::RateLimit));
        assert_eq!(rule.take(&A), Some(Action::RateLimit));
        assert_eq!(rule.take(&A), None);
    }
}
