//! The threads that draft batches with `--jobs`, besides the main thread. Each is
//! started once for an input and never waits for the main thread to hand it work: it
//! drafts chunks of the older of the two batches read last while that has some, then
//! of the newer, and settles the names of a finished batch when that is due. It sleeps only when there is nothing to draft. A thread that lives
//! for the whole input keeps its allocator caches and its program's regex caches warm.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The stack of each drafting thread, as deep as the main thread's: nesting limits are
/// set for it.
pub(super) const STACK_BYTES: usize = 8 << 20;

/// What the drafting threads are told by the main thread.
#[derive(Default)]
pub(super) struct Crew {
    /// Bumped whenever there is something new to do: a batch to draft, names to settle,
    /// or the end of the input.
    news: AtomicU64,
    /// The two batches published last, to be drafted, the older first: each one more
    /// than the batch's index, 0 for none. Set by the main thread only.
    published: [AtomicUsize; 2],
    /// The names of a finished batch wait to be settled.
    settle_due: AtomicBool,
    stopped: AtomicBool,
    /// Drafting threads that died: a bug that panicked. The main thread then ends the
    /// input, and the scope passes the panic on.
    gone: AtomicUsize,
    /// Where a thread with nothing to do sleeps until there is news.
    sleep: Mutex<()>,
    woken: Condvar,
}

impl Crew {
    /// Tells the drafting threads that the batch at `index` is read and ready to draft.
    pub(super) fn publish(&self, index: usize) {
        let [older, newer] = &self.published;
        older.store(newer.load(Ordering::Relaxed), Ordering::Release);
        newer.store(index + 1, Ordering::Release);
        self.tell();
    }

    /// The two batches published last, the older first. Either may since have been
    /// drafted, finished or read again: drafting threads check before they draft.
    pub(super) fn to_draft(&self) -> [Option<usize>; 2] {
        self.published
            .each_ref()
            .map(|published| published.load(Ordering::Acquire).checked_sub(1))
    }

    /// Tells the drafting threads that the names of a finished batch are to be settled.
    pub(super) fn settle_due(&self) {
        self.settle_due.store(true, Ordering::Release);
        self.tell();
    }

    /// Takes the due settling on, if it is due: the caller then settles, or finds it
    /// done by the main thread.
    pub(super) fn take_settling(&self) -> bool {
        self.settle_due.swap(false, Ordering::AcqRel)
    }

    /// Ends every drafting thread's loop once it has drafted the chunk at hand.
    pub(super) fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        self.tell();
    }

    /// Whether a drafting thread died.
    pub(super) fn lost_a_thread(&self) -> bool {
        self.gone.load(Ordering::Acquire) > 0
    }

    fn tell(&self) {
        self.news.fetch_add(1, Ordering::Release);
        // Taken so that a thread between seeing no news and sleeping does not miss it.
        let _sleep = self.sleep.lock().unwrap_or_else(PoisonError::into_inner);
        self.woken.notify_all();
    }

    /// A drafting thread's life: `work` does one piece of work and says whether it
    /// found any; with none, the thread waits for news. Ends when stopped.
    pub(super) fn work(&self, mut work: impl FnMut() -> bool) {
        let _gone = Gone(self);
        loop {
            let seen = self.news.load(Ordering::Acquire);
            if self.stopped.load(Ordering::Acquire) {
                return;
            }
            if !work() {
                self.wait_for_news(seen);
            }
        }
    }

    /// Waits until there is news after `seen`: spins for `SPIN`, then sleeps.
    fn wait_for_news(&self, seen: u64) {
        let start = Instant::now();
        loop {
            for _ in 0..64 {
                if self.news.load(Ordering::Acquire) != seen {
                    return;
                }
                std::hint::spin_loop();
            }
            if start.elapsed() >= SPIN {
                break;
            }
        }
        let mut sleep = self.sleep.lock().unwrap_or_else(PoisonError::into_inner);
        while self.news.load(Ordering::Acquire) == seen {
            sleep = self
                .woken
                .wait(sleep)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Counts a drafting thread out when it dies.
struct Gone<'a>(&'a Crew);

impl Drop for Gone<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.gone.fetch_add(1, Ordering::Release);
        }
    }
}

/// Stops the crew when dropped, however the main thread leaves its loop.
pub(super) struct StopOnDrop<'a>(pub &'a Crew);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// How long a thread with nothing to draft spins before it sleeps: longer than the
/// main thread takes between batches, so that it starts on the next at once instead of
/// being woken, which takes about 50 µs here. A thread waits at most this long for a
/// trickling input before it sleeps.
const SPIN: Duration = Duration::from_micros(500);
