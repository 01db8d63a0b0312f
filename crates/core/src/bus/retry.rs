//! Exponential backoff with jitter.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Delay before the second attempt; doubles for each one after.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(15 * 60),
        }
    }
}

impl RetryPolicy {
    /// Delay after `attempts` failed attempts (1 for the first failure). The
    /// jitter (50–100% of the nominal delay) keeps a batch that failed
    /// together from retrying in lockstep.
    pub fn delay_after(&self, attempts: u32) -> Duration {
        let exponent = attempts.saturating_sub(1).min(30);
        let nominal = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        nominal.mul_f64(0.5 + fastrand::f64() * 0.5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_with_jitter_and_stop_at_the_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        for attempt in 1..=3u32 {
            let nominal = 100u64 << (attempt - 1);
            for _ in 0..50 {
                let ms = policy.delay_after(attempt).as_millis() as u64;
                assert!(
                    (nominal / 2..=nominal).contains(&ms),
                    "attempt {attempt}: {ms}ms"
                );
            }
        }
        for _ in 0..50 {
            assert!(policy.delay_after(20) <= Duration::from_secs(1));
            assert!(policy.delay_after(20) >= Duration::from_millis(500));
        }
    }
}
