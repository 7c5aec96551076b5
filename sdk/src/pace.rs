//! A client-side limit on requests a second: each request waits for its
//! slot, the slots evenly spaced, shared by every clone of the client.

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The next free slot, and the spacing of slots.
#[derive(Debug)]
pub(crate) struct Pace {
    next: Mutex<Option<Instant>>,
    spacing: Duration,
}

impl Pace {
    /// At most `per_second` requests a second (at least 1).
    pub(crate) fn new(per_second: u32) -> Pace {
        Pace {
            next: Mutex::new(None),
            spacing: Duration::from_secs(1) / per_second.max(1),
        }
    }

    /// Waits for the next slot and takes it.
    pub(crate) async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.spacing);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_by_the_limit() {
        let pace = Pace::new(10);
        let start = Instant::now();
        for _ in 0..5 {
            pace.wait().await;
        }
        // The first goes at once, then one every 100 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }
}
