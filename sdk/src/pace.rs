//! A client-side limit on requests a second: each request waits for its
//! slot, the slots evenly spaced, shared by every clone of the client. The
//! limit is either fixed or adaptive: an adaptive pace starts unlimited,
//! falls when the API refuses a call for the rate and climbs back slowly
//! while calls succeed (CUBIC's curve, as aws-sdk-rust's adaptive retry mode
//! uses for its client-side rate).

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How many requests a second a client sends, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RequestRate {
    /// No limit of the client's own.
    #[default]
    Unlimited,
    /// At most this many a second, evenly spaced.
    Fixed(u32),
    /// As many as the API accepts: the pace falls when the API refuses a call
    /// for its rate limit, and rises slowly again while calls succeed.
    Adaptive,
}

impl From<u32> for RequestRate {
    /// `0` is no limit; any other number a fixed limit.
    fn from(per_second: u32) -> RequestRate {
        if per_second == 0 {
            RequestRate::Unlimited
        } else {
            RequestRate::Fixed(per_second)
        }
    }
}

impl FromStr for RequestRate {
    type Err = String;

    /// `auto` (adaptive), or a whole number of requests a second (`0`: no
    /// limit), as `SH_MAX_RPS` and `--max-rps` take them.
    fn from_str(text: &str) -> Result<RequestRate, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Ok(RequestRate::Adaptive);
        }
        text.parse::<u32>().map(RequestRate::from).map_err(|_| {
            format!("a rate is `auto` or a whole number of requests a second, not {text:?}")
        })
    }
}

impl fmt::Display for RequestRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestRate::Unlimited => f.write_str("0"),
            RequestRate::Fixed(n) => write!(f, "{n}"),
            RequestRate::Adaptive => f.write_str("auto"),
        }
    }
}

/// The pace of one client and its clones.
#[derive(Debug)]
pub(crate) struct Pace {
    state: Mutex<State>,
    adaptive: bool,
}

#[derive(Debug)]
struct State {
    /// The next free slot.
    next: Option<Instant>,
    /// The spacing of slots; `None`: not limited (an adaptive pace before
    /// its first refusal).
    spacing: Option<Duration>,
    cubic: Cubic,
}

impl Pace {
    /// The pace for a rate; `None` when there is no limit.
    pub(crate) fn for_rate(rate: RequestRate) -> Option<Pace> {
        let (spacing, adaptive) = match rate {
            RequestRate::Unlimited => return None,
            RequestRate::Fixed(n) => (Some(Duration::from_secs(1) / n.max(1)), false),
            RequestRate::Adaptive => (None, true),
        };
        Some(Pace {
            state: Mutex::new(State {
                next: None,
                spacing,
                cubic: Cubic::new(),
            }),
            adaptive,
        })
    }

    /// Waits for the next slot and takes it.
    pub(crate) async fn wait(&self) {
        let slot = {
            let mut state = self.lock();
            let now = Instant::now();
            if self.adaptive {
                state.cubic.measure(now);
            }
            let Some(spacing) = state.spacing else {
                return;
            };
            let slot = state.next.map_or(now, |n| n.max(now));
            state.next = Some(slot + spacing);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Tells an adaptive pace how an attempt went: refused for the rate, or
    /// answered.
    pub(crate) fn record(&self, rate_limited: bool) {
        if !self.adaptive {
            return;
        }
        let mut state = self.lock();
        let now = Instant::now();
        let rate = if rate_limited {
            state.cubic.throttled(now)
        } else {
            match state.cubic.succeeded(now) {
                Some(rate) => rate,
                None => return,
            }
        };
        state.spacing = Some(Duration::from_secs_f64(1.0 / rate));
    }

    /// The current limit in requests a second, `None` while unlimited.
    pub(crate) fn current(&self) -> Option<f64> {
        self.lock().spacing.map(|s| 1.0 / s.as_secs_f64())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while the lock is held cannot leave the state half-written
        // (every update is a few assignments): go on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// CUBIC's rate curve: after a refusal the rate drops to `BETA` of what it
/// was, then grows along a cubic that regains the old rate after `k` seconds
/// and probes beyond it; it never exceeds twice the rate actually sent.
#[derive(Debug)]
struct Cubic {
    /// The rate when last refused.
    last_max: f64,
    /// When last refused; `None` before the first refusal.
    last_throttle: Option<Instant>,
    /// The current limit.
    rate: f64,
    /// Requests sent, measured in half-second buckets and smoothed.
    measured: f64,
    bucket_start: Option<Instant>,
    bucket_count: u32,
}

const BETA: f64 = 0.7;
const SCALE: f64 = 0.4;
const SMOOTH: f64 = 0.8;
const BUCKET: Duration = Duration::from_millis(500);
/// The lowest pace: one request every two seconds.
const MIN_RATE: f64 = 0.5;

impl Cubic {
    fn new() -> Cubic {
        Cubic {
            last_max: 0.0,
            last_throttle: None,
            rate: 0.0,
            measured: 0.0,
            bucket_start: None,
            bucket_count: 0,
        }
    }

    /// Counts a request sent at `now` into the measured rate.
    fn measure(&mut self, now: Instant) {
        let start = *self.bucket_start.get_or_insert(now);
        self.bucket_count += 1;
        let elapsed = now.duration_since(start);
        if elapsed >= BUCKET {
            let sent = f64::from(self.bucket_count) / elapsed.as_secs_f64();
            self.measured = if self.measured == 0.0 {
                sent
            } else {
                sent * SMOOTH + self.measured * (1.0 - SMOOTH)
            };
            self.bucket_start = Some(now);
            self.bucket_count = 0;
        }
    }

    /// The rate measured so far, or a guess from the requests of the current
    /// bucket when no bucket has closed yet.
    fn sent_rate(&self, now: Instant) -> f64 {
        if self.measured > 0.0 {
            return self.measured;
        }
        let elapsed = self
            .bucket_start
            .map_or(0.0, |s| now.duration_since(s).as_secs_f64());
        f64::from(self.bucket_count.max(1)) / elapsed.max(BUCKET.as_secs_f64())
    }

    /// A refusal: the new, lower rate.
    fn throttled(&mut self, now: Instant) -> f64 {
        let current = if self.last_throttle.is_some() {
            self.rate.min(self.sent_rate(now).max(MIN_RATE))
        } else {
            self.sent_rate(now)
        };
        self.last_max = current.max(MIN_RATE);
        self.last_throttle = Some(now);
        self.rate = (current * BETA).max(MIN_RATE);
        self.rate
    }

    /// A success: the new rate, `None` while no refusal has set one.
    fn succeeded(&mut self, now: Instant) -> Option<f64> {
        let since = now.duration_since(self.last_throttle?).as_secs_f64();
        let k = (self.last_max * (1.0 - BETA) / SCALE).cbrt();
        let cubic = SCALE * (since - k).powi(3) + self.last_max;
        let ceiling = (2.0 * self.sent_rate(now)).max(MIN_RATE);
        self.rate = cubic.min(ceiling).max(MIN_RATE);
        Some(self.rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_by_the_limit() {
        let pace = Pace::for_rate(RequestRate::Fixed(10)).unwrap();
        let start = Instant::now();
        for _ in 0..5 {
            pace.wait().await;
        }
        // The first goes at once, then one every 100 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[test]
    fn rates_parse() {
        assert_eq!("auto".parse(), Ok(RequestRate::Adaptive));
        assert_eq!(" AUTO ".parse(), Ok(RequestRate::Adaptive));
        assert_eq!("12".parse(), Ok(RequestRate::Fixed(12)));
        assert_eq!("0".parse(), Ok(RequestRate::Unlimited));
        assert!("fast".parse::<RequestRate>().is_err());
        assert!("-1".parse::<RequestRate>().is_err());
        assert!(Pace::for_rate(RequestRate::Unlimited).is_none());
        assert_eq!(RequestRate::Adaptive.to_string(), "auto");
    }

    #[tokio::test(start_paused = true)]
    async fn adaptive_pace_falls_when_refused_and_climbs_back() {
        let pace = Pace::for_rate(RequestRate::Adaptive).unwrap();
        assert_eq!(pace.current(), None, "unlimited until refused");
        // 100 requests a second for two seconds, then a refusal.
        for _ in 0..200 {
            pace.wait().await;
            pace.record(false);
            tokio::time::advance(Duration::from_millis(10)).await;
        }
        pace.record(true);
        let after_refusal = pace.current().unwrap();
        assert!(
            (60.0..=80.0).contains(&after_refusal),
            "about 70% of 100/s: {after_refusal}"
        );
        // A second refusal right away lowers it again.
        pace.record(true);
        let lower = pace.current().unwrap();
        assert!(lower < after_refusal, "{lower} < {after_refusal}");
        // Successes over the next seconds bring it back up.
        for _ in 0..400 {
            pace.wait().await;
            pace.record(false);
        }
        let later = pace.current().unwrap();
        assert!(later > lower, "{later} > {lower}");
    }
}
