//! When and how long to wait before trying a call again.

use std::time::Duration;

/// Retries of calls that failed in a way that may pass.
///
/// GET calls (which change nothing) are retried after connection failures,
/// timeouts, broken connections and HTTP 429, 502, 503 and 504. POST calls are
/// retried only when the connection could not be made, because then the
/// request never reached the API; once it may have, a POST is never sent
/// again, since it could do its work twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The delay before the second attempt; it doubles each time after.
    pub first_delay: Duration,
    /// The largest delay between attempts.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for; a longer one ends the
    /// call with its error instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 250 ms then 500 ms apart (with jitter), `Retry-After` up to 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            first_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1): half to
    /// all of the doubled delay, at random.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .first_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        full / 2 + (full / 2).mul_f64(fastrand::f64())
    }
}

/// Reads a `Retry-After` header given in seconds. (The HTTP-date form is not
/// used by the API; it falls back to the policy's own delay.)
pub(crate) fn retry_after(value: Option<&str>) -> Option<Duration> {
    let seconds: u64 = value?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_retry_after: Duration::from_secs(1),
        };
        let first = p.backoff(1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let later = p.backoff(8);
        assert!(later >= Duration::from_millis(150) && later <= Duration::from_millis(300));
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(retry_after(Some(" 3 ")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after(None), None);
    }
}
