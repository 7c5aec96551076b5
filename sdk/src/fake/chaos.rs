//! The fake's chaos mode ([`FakeApiBuilder::faults`](super::FakeApiBuilder::faults)):
//! at a given rate, a request that passes the fake's checks meets one of the
//! faults a program talking to the real API over a real network must
//! survive, chosen from a seed so that the same seed and the same requests
//! meet the same faults.

use std::fmt;

/// The `msg` of a refusal the chaos mode serves ([`Fault::Refusal`]).
pub const FAULT_REFUSAL_MSG: &str = "The request could not be processed; please try again.";

/// The message of a job the chaos mode makes fail ([`Fault::FailedJob`]).
pub const FAULT_JOB_MSG: &str = "The job could not be completed.";

/// A fault the chaos mode serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 200, `status: false` with [`FAULT_REFUSAL_MSG`]: nothing is done.
    Refusal,
    /// The API's rate-limit refusal: HTTP 500 with
    /// [`RATE_LIMIT_MSG`](super::RATE_LIMIT_MSG). Nothing is done.
    RateLimit,
    /// The connection is reset before the API acts: nothing is done and no
    /// response is sent.
    ResetBefore,
    /// The connection is reset after the API acted: the change is made (a
    /// job it starts runs to its end without being polled), and the response
    /// is lost.
    ResetAfter,
    /// For a request that starts a job: the request is answered as usual,
    /// and the job ends `Failed` with [`FAULT_JOB_MSG`], its change not made.
    FailedJob,
}

impl Fault {
    /// Every kind, in the order of their declaration.
    pub const ALL: [Fault; 5] = [
        Fault::Refusal,
        Fault::RateLimit,
        Fault::ResetBefore,
        Fault::ResetAfter,
        Fault::FailedJob,
    ];

    /// `refusal`, `rate-limit`, `reset-before`, `reset-after` or `failed-job`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Fault::Refusal => "refusal",
            Fault::RateLimit => "rate-limit",
            Fault::ResetBefore => "reset-before",
            Fault::ResetAfter => "reset-after",
            Fault::FailedJob => "failed-job",
        }
    }

    /// Whether a request with this fault is answered at all.
    pub const fn resets(self) -> bool {
        matches!(self, Fault::ResetBefore | Fault::ResetAfter)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Fault {
    type Err = String;

    /// One of the names [`Fault::as_str`] gives.
    fn from_str(text: &str) -> Result<Fault, String> {
        Fault::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Fault::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown fault `{text}`: one of {}", names.join(", "))
            })
    }
}

/// How many faults of each kind the fake has served
/// ([`FakeApi::faults_served`](super::FakeApi::faults_served)): requests
/// refused, rate-limited and reset, and jobs started to fail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FaultCounts {
    /// [`Fault::Refusal`]s.
    pub refusals: u64,
    /// [`Fault::RateLimit`]s.
    pub rate_limits: u64,
    /// [`Fault::ResetBefore`]s.
    pub resets_before: u64,
    /// [`Fault::ResetAfter`]s.
    pub resets_after: u64,
    /// [`Fault::FailedJob`]s: jobs started that will fail.
    pub failed_jobs: u64,
}

impl FaultCounts {
    /// How many of this kind were served.
    pub fn of(&self, fault: Fault) -> u64 {
        match fault {
            Fault::Refusal => self.refusals,
            Fault::RateLimit => self.rate_limits,
            Fault::ResetBefore => self.resets_before,
            Fault::ResetAfter => self.resets_after,
            Fault::FailedJob => self.failed_jobs,
        }
    }

    /// How many were served in all.
    pub fn total(&self) -> u64 {
        Fault::ALL.into_iter().map(|f| self.of(f)).sum()
    }

    fn slot(&mut self, fault: Fault) -> &mut u64 {
        match fault {
            Fault::Refusal => &mut self.refusals,
            Fault::RateLimit => &mut self.rate_limits,
            Fault::ResetBefore => &mut self.resets_before,
            Fault::ResetAfter => &mut self.resets_after,
            Fault::FailedJob => &mut self.failed_jobs,
        }
    }
}

/// A fault rate, refused with [`std::io::ErrorKind::InvalidInput`] unless
/// it is from 0 to 1.
pub(super) fn check_rate(rate: f64) -> std::io::Result<f64> {
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("the fault rate must be a number from 0 to 1, not {rate}"),
        ))
    }
}

/// The faults to serve, and those served.
#[derive(Debug, Clone)]
pub(super) struct Chaos {
    rate: f64,
    kinds: Vec<Fault>,
    random: SplitMix64,
    served: FaultCounts,
}

impl Chaos {
    /// Faults of these kinds at `rate` (from 0 to 1), drawn from `seed`.
    pub(super) fn new(rate: f64, seed: u64, kinds: &[Fault]) -> Chaos {
        let mut kinds = kinds.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        Chaos {
            rate,
            kinds,
            random: SplitMix64(seed),
            served: FaultCounts::default(),
        }
    }

    /// The fault the next request meets, if any. Every request takes the
    /// same two numbers from the sequence, so that the faults of the same
    /// requests are the same; a job fails only for a request that starts
    /// one, and a request meets no fault when none of the kinds applies.
    pub(super) fn draw(&mut self, starts_job: bool) -> Option<Fault> {
        let hit = self.random.unit() < self.rate;
        let pick = self.random.next();
        if !hit {
            return None;
        }
        let applies: Vec<Fault> = self
            .kinds
            .iter()
            .copied()
            .filter(|f| starts_job || *f != Fault::FailedJob)
            .collect();
        let len = u64::try_from(applies.len()).ok().filter(|n| *n > 0)?;
        let at = usize::try_from(pick % len).ok()?;
        applies.get(at).copied()
    }

    /// Serves faults at `rate` from now on.
    pub(super) fn set_rate(&mut self, rate: f64) {
        self.rate = rate;
    }

    /// Counts a fault served.
    pub(super) fn served(&mut self, fault: Fault) {
        let slot = self.served.slot(fault);
        *slot = slot.saturating_add(1);
    }

    /// The faults served so far.
    pub(super) fn counts(&self) -> FaultCounts {
        self.served
    }
}

/// SplitMix64: a small generator whose sequence is fixed by its seed
/// whatever the platform or the versions of the crates, so that a seed
/// written down today gives the same faults later.
#[derive(Debug, Clone)]
pub(super) struct SplitMix64(pub(super) u64);

impl SplitMix64 {
    /// The next number of the sequence.
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`: the top 53 bits, which an `f64` holds exactly.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_fixed_by_the_seed() {
        // The reference values of SplitMix64 for seed 0.
        let mut random = SplitMix64(0);
        assert_eq!(random.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(random.next(), 0x6E78_9E6A_A1B9_65F4);
        let units: Vec<f64> = (0..1000).map(|_| random.unit()).collect();
        assert!(units.iter().all(|u| (0.0..1.0).contains(u)));
        assert!(units.iter().any(|u| *u < 0.1) && units.iter().any(|u| *u > 0.9));
    }

    #[test]
    fn the_rate_decides_how_many_and_the_kinds_which() {
        let mut never = Chaos::new(0.0, 7, &Fault::ALL);
        assert!((0..100).all(|_| never.draw(true).is_none()));
        let mut always = Chaos::new(1.0, 7, &Fault::ALL);
        let drawn: Vec<Fault> = (0..200).filter_map(|_| always.draw(false)).collect();
        assert_eq!(drawn.len(), 200);
        assert!(!drawn.contains(&Fault::FailedJob), "no job, no failed job");
        for kind in [
            Fault::Refusal,
            Fault::RateLimit,
            Fault::ResetBefore,
            Fault::ResetAfter,
        ] {
            assert!(drawn.contains(&kind), "{kind} never drawn");
        }
        let mut jobs_only = Chaos::new(1.0, 7, &[Fault::FailedJob]);
        assert_eq!(jobs_only.draw(false), None);
        assert_eq!(jobs_only.draw(true), Some(Fault::FailedJob));
        let mut half = Chaos::new(0.5, 7, &Fault::ALL);
        let hits = (0..1000).filter(|_| half.draw(true).is_some()).count();
        assert!((400..600).contains(&hits), "{hits}");
    }

    #[test]
    fn the_same_seed_draws_the_same_faults() {
        let draws = |seed| {
            let mut chaos = Chaos::new(0.3, seed, &Fault::ALL);
            (0..300).map(|i| chaos.draw(i % 3 == 0)).collect::<Vec<_>>()
        };
        assert_eq!(draws(42), draws(42));
        assert_ne!(draws(42), draws(43));
    }

    #[test]
    fn rates_outside_zero_to_one_are_refused() {
        for rate in [0.0, 0.2, 1.0] {
            assert_eq!(check_rate(rate).ok(), Some(rate));
        }
        for rate in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
            let refused = check_rate(rate).unwrap_err();
            assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput, "{rate}");
        }
    }

    #[test]
    fn faults_have_names() {
        for fault in Fault::ALL {
            assert_eq!(fault.as_str().parse::<Fault>(), Ok(fault));
        }
        assert!(
            "reset"
                .parse::<Fault>()
                .unwrap_err()
                .contains("reset-before")
        );
    }
}
