//! The threads that draft batches with `--jobs`: started once for an input, each
//! waits for a job to be posted (settling the names of the batch finished last, then
//! drafting chunks of the next alongside the main thread), says it is done, and waits
//! for the next. A thread that lives for the whole input keeps
//! its allocator caches and its program's regex caches warm.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The stack of each drafting thread, as deep as the main thread's: nesting limits are
/// set for it.
pub(super) const STACK_BYTES: usize = 8 << 20;

/// What the crew is asked to do. Every job first joins the names of the batch finished
/// last to the run, if that is due and no thread has yet: one thread does it while the
/// main thread sends that batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Job {
    /// Then draft chunks of the batch at this index, each thread as many as it gets to.
    pub draft: Option<usize>,
}

/// What the drafting threads are to do, and how many are still at it.
#[derive(Default)]
pub(super) struct Crew {
    board: Mutex<Board>,
    /// `Board::posted` and `Board::busy`, readable without the lock by a thread that
    /// spins before it sleeps.
    posted_seen: AtomicU64,
    busy_seen: AtomicUsize,
    /// A job was posted, or the crew is stopped.
    posted: Condvar,
    /// A thread finished its share of a job.
    finished: Condvar,
}

#[derive(Default)]
struct Board {
    /// Counts the jobs posted, so a thread does each once.
    posted: u64,
    job: Job,
    /// Threads in their loop: those that started and have not died.
    live: usize,
    /// Threads still at the job posted last.
    busy: usize,
    stopped: bool,
}

impl Crew {
    fn board(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives every live thread the job.
    pub(super) fn post(&self, job: Job) {
        let mut board = self.board();
        board.posted += 1;
        board.job = job;
        board.busy = board.live;
        self.busy_seen.store(board.busy, Ordering::Release);
        self.posted_seen.store(board.posted, Ordering::Release);
        self.posted.notify_all();
    }

    /// Counts a thread in before it is started, so the first batch waits for it.
    pub(super) fn join(&self) {
        self.board().live += 1;
    }

    /// Counts out a thread that could not be started.
    pub(super) fn leave(&self) {
        let mut board = self.board();
        board.live = board.live.saturating_sub(1);
    }

    /// Counts one thread done with the job posted last.
    fn one_less_busy(&self, board: &mut Board) {
        board.busy = board.busy.saturating_sub(1);
        self.busy_seen.store(board.busy, Ordering::Release);
        if board.busy == 0 {
            self.finished.notify_all();
        }
    }

    /// Waits until every thread is done with the job posted last.
    pub(super) fn wait_until_finished(&self) {
        spin_until(|| self.busy_seen.load(Ordering::Acquire) == 0);
        let mut board = self.board();
        while board.busy > 0 {
            board = self
                .finished
                .wait(board)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Ends every thread's loop once it has finished the job at hand.
    pub(super) fn stop(&self) {
        self.board().stopped = true;
        // Ends the spinning of a thread waiting for a job, which then sees the stop.
        self.posted_seen.store(u64::MAX, Ordering::Release);
        self.posted.notify_all();
    }

    /// A drafting thread's life: runs `work` on each job posted, until stopped.
    /// The thread must have been counted in with `join`.
    pub(super) fn work(&self, mut work: impl FnMut(Job)) {
        // A thread that dies (a bug that panics) is counted out, so later jobs do
        // not wait for it; the scope then passes its panic on.
        let seen = std::cell::Cell::new(0);
        let _live = Leaving {
            crew: self,
            seen: &seen,
        };
        loop {
            let job = {
                spin_until(|| self.posted_seen.load(Ordering::Acquire) != seen.get());
                let mut board = self.board();
                while board.posted == seen.get() && !board.stopped {
                    board = self
                        .posted
                        .wait(board)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if board.stopped {
                    return;
                }
                seen.set(board.posted);
                board.job
            };
            // Said done even if the job panics, so the main thread never waits forever.
            let _done = Done(self);
            work(job);
        }
    }
}

/// Counts a thread out of the crew when dropped.
struct Leaving<'a> {
    crew: &'a Crew,
    /// The last job the thread took.
    seen: &'a std::cell::Cell<u64>,
}

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        let mut board = self.crew.board();
        board.live = board.live.saturating_sub(1);
        // A job posted after the thread's last counted it as busy, and it will not do
        // it: the main thread, quick to post once the thread said its last job done,
        // would otherwise wait forever.
        if board.posted != self.seen.get() && !board.stopped {
            self.crew.one_less_busy(&mut board);
        }
    }
}

/// Tells the crew one thread is done with its job when dropped.
struct Done<'a>(&'a Crew);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        let mut board = self.0.board();
        self.0.one_less_busy(&mut board);
    }
}

/// Stops the crew when dropped, however the main thread leaves its loop.
pub(super) struct StopOnDrop<'a>(pub &'a Crew);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// How long a thread waiting for the other threads spins before it sleeps: longer
/// than the main thread takes between batches, so that a drafting thread starts on
/// the next at once instead of being woken, which takes about 50 µs here, twice a
/// batch. A thread waits at most this long for a trickling input before it sleeps.
const SPIN: Duration = Duration::from_micros(500);

/// Spins until `done` or for `SPIN`; the caller then waits on the board as usual.
fn spin_until(done: impl Fn() -> bool) {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            if done() {
                return;
            }
            std::hint::spin_loop();
        }
        if start.elapsed() >= SPIN {
            return;
        }
    }
}
