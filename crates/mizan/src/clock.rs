//! Time, from one place, so that deadlines, sessions and retention can be tested.
//!
//! Instants are whole seconds: SQLite stores them as RFC 3339 text, and text compares like time
//! only when every value has the same shape (no fractional seconds).

use std::sync::Mutex;

use chrono::{DateTime, SubsecRound, Utc};

/// Events happen in Morocco: times are typed and shown in its legal time (UTC+1).
pub const LOCAL_OFFSET: chrono::FixedOffset = match chrono::FixedOffset::east_opt(3600) {
    Some(offset) => offset,
    None => panic!("UTC+1 is a valid offset"),
};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(0)
    }
}

/// A clock that stands still until told to move (tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(Mutex::new(at.trunc_subsecs(0)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        *crate::locks::locked(&self.0) += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *crate::locks::locked(&self.0)
    }
}
