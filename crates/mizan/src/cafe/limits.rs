//! Abuse limits of the café, per device and per address, counted in fixed windows in this
//! process's memory (a flood is stopped where it lands; nothing is written for it).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many keys, windows that are over are forgotten.
const SWEEP_ABOVE: usize = 50_000;

#[derive(Debug, Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// Counts one more event for `key` in a window of `span`, and says whether it stays within
    /// `max`. Every key of `keys` is counted (a device and its address), all or none.
    pub fn allow(&self, keys: &[(&str, u32)], span: Duration) -> bool {
        let now = Instant::now();
        let mut windows = crate::locks::locked(&self.windows);
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < span);
        }
        let within = keys.iter().all(|(key, max)| {
            windows
                .get(*key)
                .is_none_or(|(start, n)| now.duration_since(*start) >= span || n < max)
        });
        if within {
            for (key, _) in keys {
                let entry = windows.entry((*key).to_owned()).or_insert((now, 0));
                if now.duration_since(entry.0) >= span {
                    *entry = (now, 0);
                }
                entry.1 += 1;
            }
        }
        within
    }
}

/// Token buckets per key: a sustained rate with room for bursts. A hall of phones behind one
/// address (a school's Wi-Fi, a mobile operator's NAT) votes in waves when a question is read out:
/// the bucket lets a wave through and holds a script to the sustained rate.
#[derive(Debug, Default)]
pub struct Buckets {
    buckets: Mutex<HashMap<String, (Instant, f64)>>,
}

impl Buckets {
    /// Takes one token from `key`'s bucket, which holds `burst` tokens at most and gains `rate`
    /// a second; false (and nothing taken) when it is empty.
    pub fn take(&self, key: &str, rate: u32, burst: u32) -> bool {
        self.take_at(key, rate, burst, Instant::now())
    }

    fn take_at(&self, key: &str, rate: u32, burst: u32, now: Instant) -> bool {
        let mut buckets = crate::locks::locked(&self.buckets);
        let burst = f64::from(burst.max(1));
        if buckets.len() > SWEEP_ABOVE {
            // A bucket left alone long enough to be full again is the same as no bucket.
            let refill = Duration::from_secs_f64(burst / f64::from(rate.max(1)));
            buckets.retain(|_, (at, _)| now.duration_since(*at) < refill);
        }
        let (at, tokens) = buckets.entry(key.to_owned()).or_insert((now, burst));
        let filled = (*tokens + now.duration_since(*at).as_secs_f64() * f64::from(rate)).min(burst);
        *at = now;
        if filled >= 1.0 {
            *tokens = filled - 1.0;
            true
        } else {
            *tokens = filled;
            false
        }
    }
}

/// The devices this process has seen, by token digest: a phone voting again is known without a
/// read. Forgotten all at once when full (a read brings each back).
#[derive(Debug, Default)]
pub struct Devices {
    ids: Mutex<HashMap<String, i64>>,
}

/// Devices remembered at most (a few MiB).
const DEVICES_REMEMBERED: usize = 100_000;

impl Devices {
    pub fn get(&self, digest: &str) -> Option<i64> {
        let ids = crate::locks::locked(&self.ids);
        ids.get(digest).copied()
    }

    pub fn remember(&self, digest: &str, id: i64) {
        let mut ids = crate::locks::locked(&self.ids);
        if ids.len() >= DEVICES_REMEMBERED {
            ids.clear();
        }
        ids.insert(digest.to_owned(), id);
    }
}

/// Sessions read by their code in the last moments: every vote and question of a hall names its
/// session, and reading it each time costs more than the vote. A change of the session (the kill
/// switch) forgets it at once in this process, and in the others through their listener.
#[derive(Debug, Default)]
pub struct Sessions {
    by_code: Mutex<HashMap<String, (Instant, crate::cafe::model::Session)>>,
}

/// How long a session read by its code is trusted.
const SESSION_FRESH: Duration = Duration::from_secs(2);

impl Sessions {
    pub fn get(&self, code: &str) -> Option<crate::cafe::model::Session> {
        let by_code = crate::locks::locked(&self.by_code);
        by_code
            .get(code)
            .filter(|(at, _)| at.elapsed() < SESSION_FRESH)
            .map(|(_, s)| s.clone())
    }

    pub fn remember(&self, session: &crate::cafe::model::Session) {
        let mut by_code = crate::locks::locked(&self.by_code);
        by_code.retain(|_, (at, _)| at.elapsed() < SESSION_FRESH);
        by_code.insert(session.code.clone(), (Instant::now(), session.clone()));
    }

    pub fn forget(&self, session_id: i64) {
        let mut by_code = crate::locks::locked(&self.by_code);
        by_code.retain(|_, (_, s)| s.id != session_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_stopped_at_its_limit_and_its_neighbours_are_not() {
        let limiter = Limiter::default();
        let span = Duration::from_secs(60);
        for _ in 0..3 {
            assert!(limiter.allow(&[("d:1", 3), ("a:x", 100)], span));
        }
        assert!(
            !limiter.allow(&[("d:1", 3), ("a:x", 100)], span),
            "the fourth in a minute"
        );
        assert!(
            limiter.allow(&[("d:2", 3), ("a:x", 100)], span),
            "another device, same address"
        );
        assert!(
            limiter.allow(&[("d:1", 3), ("a:x", 100)], Duration::ZERO),
            "a new window"
        );
    }

    #[test]
    fn a_bucket_lets_a_wave_through_then_holds_to_its_rate() {
        let buckets = Buckets::default();
        let start = Instant::now();
        let taken = (0..1_000)
            .filter(|_| buckets.take_at("a:x", 50, 600, start))
            .count();
        assert_eq!(taken, 600, "the burst, all at once");
        let later = start + Duration::from_secs(2);
        let taken = (0..1_000)
            .filter(|_| buckets.take_at("a:x", 50, 600, later))
            .count();
        assert_eq!(taken, 100, "two seconds at fifty a second");
        assert!(
            buckets.take_at("a:y", 50, 600, later),
            "another address has its own"
        );
    }
}
