//! The one way a lock is taken in Mizan.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The mutex's guard, even if a thread panicked while holding it: every critical section leaves
/// its state whole (counters, queues, maps), and a panic in one request must not stop every
/// screen of the café or every upload behind it.
pub fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
