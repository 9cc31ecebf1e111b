//! A hall's connections as one fan-out: every event sent to it is written to each connection in
//! turn, straight from the shared bytes, by the fanout threads (one per core, each writing its
//! share of the seats); a connection that cannot take an event at once keeps the rest in order.

use super::*;

/// The connections that are sent the same events (a session's phones): an event sent is written
/// to each in turn by the fanout threads, the same bytes for all.
#[derive(Clone, Default)]
pub struct Fanout(Arc<Seats>);

/// A fanout's connections, in one share per fanout thread: each thread writes its share, so that
/// a hall's connections are written to on every core at once.
pub(super) struct Seats {
    pub(super) shares: Vec<Mutex<Vec<Arc<Place>>>>,
    /// Seats taken and not given back.
    pub(super) taken: AtomicUsize,
    /// Seats ever taken: the next goes to the share this counts to.
    pub(super) joined: AtomicUsize,
}

impl Default for Seats {
    fn default() -> Seats {
        Seats {
            shares: (0..writers().len().max(1)).map(|_| Mutex::default()).collect(),
            taken: AtomicUsize::new(0),
            joined: AtomicUsize::new(0),
        }
    }
}

/// One connection's seat: given back (and its connection no longer written to) when dropped.
pub struct Seat {
    pub(super) place: Arc<Place>,
    pub(super) seats: Arc<Seats>,
}

#[derive(Default)]
pub(super) struct Place {
    pub(super) state: Mutex<PlaceState>,
    /// Wakes the connection's task: something waits for it, or the seat is closed.
    pub(super) wake: Notify,
}

#[derive(Default)]
pub(super) struct PlaceState {
    /// The connection, once its opening is sent: the fanout writes on it straight when nothing
    /// waits before.
    pub(super) tcp: Option<Arc<TcpStream>>,
    /// What the connection could not take yet, in order (the first maybe the rest of a write
    /// begun), written by its own task.
    pub(super) waiting: VecDeque<Bytes>,
    /// The bytes in `waiting`.
    pub(super) behind: usize,
    /// The phone went away or fell too far behind: nothing more is written.
    pub(super) closed: bool,
}

impl Place {
    pub(super) fn lock(&self) -> MutexGuard<'_, PlaceState> {
        crate::locks::locked(&self.state)
    }

    /// Writes `bytes` on the connection, or queues them; false once the seat is closed.
    pub(super) fn offer(&self, bytes: &Bytes) -> bool {
        let mut state = self.lock();
        if state.closed {
            return false;
        }
        let rest = match &state.tcp {
            Some(tcp) if state.waiting.is_empty() => match tcp.try_write(bytes) {
                Ok(n) if n == bytes.len() => return true,
                Ok(n) => Some(bytes.slice(n..)),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Some(bytes.clone()),
                // The phone is gone.
                Err(_) => None,
            },
            // The task is sending what waits (or the opening): it gets to this in turn.
            _ => Some(bytes.clone()),
        };
        match rest {
            Some(rest) if state.behind + rest.len() <= BEHIND_MAX => {
                state.behind += rest.len();
                state.waiting.push_back(rest);
            }
            _ => state.closed = true,
        }
        let open = !state.closed;
        drop(state);
        self.wake.notify_one();
        open
    }
}

impl std::fmt::Debug for Fanout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fanout")
            .field("watching", &self.watching())
            .finish()
    }
}

impl Fanout {
    /// A seat for a connection about to open: events sent from now on reach it, after its opening.
    pub fn join(&self) -> Seat {
        let place = Arc::new(Place::default());
        let share = self.0.joined.fetch_add(1, Ordering::Relaxed) % self.0.shares.len();
        crate::locks::locked(&self.0.shares[share]).push(place.clone());
        self.0.taken.fetch_add(1, Ordering::Relaxed);
        Seat {
            place,
            seats: self.0.clone(),
        }
    }

    /// How many connections have a seat.
    pub fn watching(&self) -> usize {
        self.0.taken.load(Ordering::Relaxed)
    }

    /// Sends `bytes` to every seat, in the order of the calls (from any thread, at once: the
    /// writing is the fanout threads').
    pub fn send(&self, bytes: Bytes) {
        let writers = writers();
        if writers.is_empty() {
            for share in 0..self.0.shares.len() {
                self.0.write(share, &bytes);
            }
        }
        for (share, writer) in writers.iter().enumerate() {
            if let Err(mpsc::SendError((seats, bytes))) = writer.send((self.0.clone(), bytes.clone())) {
                seats.write(share, &bytes);
            }
        }
    }
}

impl Seats {
    pub(super) fn write(&self, share: usize, bytes: &Bytes) {
        crate::locks::locked(&self.shares[share]).retain(|place| place.offer(bytes));
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut state = self.place.lock();
        state.closed = true;
        state.tcp = None;
        state.waiting.clear();
        state.behind = 0;
        drop(state);
        self.seats.taken.fetch_sub(1, Ordering::Relaxed);
    }
}

pub(super) type Job = (Arc<Seats>, Bytes);

/// The fanout threads, one per core (at most 8), started at the first fanout: a hall's
/// thousands of writes leave the requests' threads free, and the system shares the cores between
/// them. The n-th writes the n-th share of every fanout. None if no thread could be started: the
/// sender writes then.
pub(super) fn writers() -> &'static [mpsc::Sender<Job>] {
    static WRITERS: OnceLock<Vec<mpsc::Sender<Job>>> = OnceLock::new();
    WRITERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let mut writers = Vec::with_capacity(cores);
        for share in 0..cores {
            let (sender, jobs) = mpsc::channel::<Job>();
            let started = std::thread::Builder::new()
                .name("mizan-fanout".into())
                .spawn(move || write_jobs(share, &jobs));
            match started {
                Ok(_) => writers.push(sender),
                Err(e) => {
                    tracing::warn!(error = %e, started = writers.len(), "a fanout thread could not be started (with none, events are written by their senders)");
                    break;
                }
            }
        }
        writers
    })
}

pub(super) fn write_jobs(share: usize, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        // What queued while the last round was written goes out in this one (up to
        // ROUND_MAX bytes): each fanout's events joined in their order, one write per connection.
        let mut round: Vec<(Arc<Seats>, Vec<Bytes>)> = Vec::new();
        let mut size = 0;
        let mut next = Some(first);
        while let Some((seats, bytes)) = next.take() {
            size += bytes.len();
            match round.iter_mut().find(|(s, _)| Arc::ptr_eq(s, &seats)) {
                Some((_, queued)) => queued.push(bytes),
                None => round.push((seats, vec![bytes])),
            }
            if size < ROUND_MAX {
                next = jobs.try_recv().ok();
            }
        }
        for (seats, mut queued) in round {
            let bytes = if queued.len() == 1 {
                queued.swap_remove(0)
            } else {
                Bytes::from(queued.concat())
            };
            seats.write(share, &bytes);
        }
    }
}
