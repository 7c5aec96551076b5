//! When and how long to wait before trying a call again.

use std::time::Duration;

/// Retries of calls that failed in a way that may pass.
///
/// Calls to endpoints that change nothing (their declared
/// [`Effect`](crate::Effect) is `Read`) are retried after connection
/// failures, timeouts, broken connections and HTTP 429, 502, 503 and 504.
/// Calls that change something, whatever their HTTP method (some GETs
/// write, such as `/server/generate_vnc_token`), are retried only when the
/// connection could not be made, because then the request never reached the
/// API; once it may have, such a call is never sent again, since it could do
/// its work twice. A refusal for the API's rate limit is retried for every
/// call: the API did nothing.
///
/// Built from [`RetryPolicy::default`] or [`RetryPolicy::never`] and the
/// `with_*` methods; the fields can be read.
///
/// ```
/// use std::time::Duration;
/// let policy = sitehost::RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_first_delay(Duration::from_millis(100));
/// assert_eq!(policy.max_attempts, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

    /// With `attempts` in all, the first included (1 turns retries off).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// With this delay before the second attempt.
    #[must_use]
    pub fn with_first_delay(mut self, delay: Duration) -> Self {
        self.first_delay = delay;
        self
    }

    /// With this largest delay between attempts.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// With this longest `Retry-After` waited for.
    #[must_use]
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1): half to
    /// all of the doubled delay, at random.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .first_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        full / 2 + (full / 2).mul_f64(random_fraction())
    }
}

/// A number from 0 up to (not including) 1, another on every call: the
/// jitter of pauses. SipHash of a counter under the standard library's random
/// keys, which is random enough to spread clients apart and needs no crate.
pub(crate) fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static DRAWS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(DRAWS.fetch_add(1, Ordering::Relaxed));
    // The top 53 bits: every such fraction is exact in an f64.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
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
    fn random_fractions_are_in_range_and_spread() {
        let draws: Vec<f64> = (0..4000).map(|_| random_fraction()).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        // Each tenth of the range gets its share (400 expected; a fair
        // source falls outside 250..550 with negligible probability).
        for tenth in 0..10 {
            let low = f64::from(tenth) / 10.0;
            let count = draws
                .iter()
                .filter(|f| (low..low + 0.1).contains(*f))
                .count();
            assert!((250..550).contains(&count), "tenth {tenth}: {count}");
        }
        let distinct: std::collections::BTreeSet<u64> = draws.iter().map(|f| f.to_bits()).collect();
        assert_eq!(distinct.len(), draws.len());
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(retry_after(Some(" 3 ")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after(None), None);
    }
}
