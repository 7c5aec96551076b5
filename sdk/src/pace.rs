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

    /// Whether the pace adapts to the API's refusals.
    pub(crate) fn is_adaptive(&self) -> bool {
        self.adaptive
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

/// CUBIC's rate curve: after a refusal the rate drops to `BETA` of the rate
/// the API was answering at (the calls it answered in the last second),
/// then grows along a cubic that regains that rate after `k` seconds and
/// probes beyond it; it never exceeds twice the rate answered. Refusals
/// that come while the API's window still holds the calls answered before
/// (a burst's aftermath) do not lower it further.
#[derive(Debug)]
struct Cubic {
    /// The rate answered when last refused.
    last_max: f64,
    /// When last refused; `None` before the first refusal.
    last_throttle: Option<Instant>,
    /// The current limit.
    rate: f64,
    /// Calls answered in the last second, in tenths of a second.
    answered: Window,
}

const BETA: f64 = 0.7;
const SCALE: f64 = 0.4;
/// The lowest pace: one request every two seconds.
const MIN_RATE: f64 = 0.5;

impl Cubic {
    fn new() -> Cubic {
        Cubic {
            last_max: 0.0,
            last_throttle: None,
            rate: f64::INFINITY,
            answered: Window::default(),
        }
    }

    /// A refusal: the new, lower rate.
    fn throttled(&mut self, now: Instant) -> f64 {
        let answered = f64::from(self.answered.count(now)).max(MIN_RATE);
        self.last_max = answered;
        self.last_throttle = Some(now);
        self.rate = self.rate.min(answered * BETA).max(MIN_RATE);
        self.rate
    }

    /// A success: the new rate, `None` while no refusal has set one.
    fn succeeded(&mut self, now: Instant) -> Option<f64> {
        self.answered.add(now);
        let since = now.duration_since(self.last_throttle?).as_secs_f64();
        let k = (self.last_max * (1.0 - BETA) / SCALE).cbrt();
        let cubic = SCALE * (since - k).powi(3) + self.last_max;
        let ceiling = 2.0 * f64::from(self.answered.count(now));
        self.rate = cubic.min(ceiling).max(MIN_RATE);
        Some(self.rate)
    }
}

/// Counts over the last second, in ten buckets of a tenth.
#[derive(Debug, Default)]
struct Window {
    /// The tenth of a second (since `origin`) each bucket counts.
    tenths: [u64; 10],
    counts: [u32; 10],
    origin: Option<Instant>,
}

impl Window {
    fn tenth(&mut self, now: Instant) -> u64 {
        let origin = *self.origin.get_or_insert(now);
        u64::try_from(now.duration_since(origin).as_millis() / 100).unwrap_or(u64::MAX)
    }

    fn add(&mut self, now: Instant) {
        let tenth = self.tenth(now);
        let slot = usize::try_from(tenth % 10).unwrap_or(0);
        if self.tenths[slot] != tenth {
            self.tenths[slot] = tenth;
            self.counts[slot] = 0;
        }
        self.counts[slot] = self.counts[slot].saturating_add(1);
    }

    /// The count of the last second.
    fn count(&mut self, now: Instant) -> u32 {
        let tenth = self.tenth(now);
        self.tenths
            .iter()
            .zip(self.counts)
            .filter(|(t, _)| tenth.saturating_sub(**t) < 10)
            .map(|(_, c)| c)
            .sum()
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
        // 100 requests a second for two seconds answered, then a refusal.
        for _ in 0..200 {
            pace.wait().await;
            pace.record(false);
            tokio::time::advance(Duration::from_millis(10)).await;
        }
        pace.record(true);
        let after_refusal = pace.current().unwrap();
        assert!(
            (60.0..=71.0).contains(&after_refusal),
            "70% of the 90 to 100 answered in the last second: {after_refusal}"
        );
        // More refusals of the same second do not lower it further.
        pace.record(true);
        assert_eq!(pace.current().unwrap(), after_refusal);
        // Once fewer calls are answered, a refusal lowers it to 70% of those.
        tokio::time::advance(Duration::from_secs(2)).await;
        for _ in 0..40 {
            pace.record(false);
        }
        pace.record(true);
        let lower = pace.current().unwrap();
        assert!((27.0..=29.0).contains(&lower), "70% of 40: {lower}");
        // Successes over the next seconds bring it back up.
        for _ in 0..400 {
            pace.wait().await;
            pace.record(false);
        }
        let later = pace.current().unwrap();
        assert!(later > lower, "{later} > {lower}");
    }
}
