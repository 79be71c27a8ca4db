//! The threads that draft batches with `--jobs`: started once for an input, each
//! waits for a batch to be posted, drafts chunks of it alongside the main thread, says
//! it is done, and waits for the next. A thread that lives for the whole input keeps
//! its allocator caches and its program's regex caches warm.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// The stack of each drafting thread, as deep as the main thread's: nesting limits are
/// set for it.
pub(super) const STACK_BYTES: usize = 8 << 20;

/// What the drafting threads are to do, and how many are still at it.
#[derive(Default)]
pub(super) struct Crew {
    board: Mutex<Board>,
    /// A batch was posted, or the crew is stopped.
    posted: Condvar,
    /// A thread finished its share of a batch.
    finished: Condvar,
}

#[derive(Default)]
struct Board {
    /// Counts the batches posted, so a thread drafts each once.
    posted: u64,
    /// Which batch to draft.
    batch: usize,
    /// Threads in their loop: those that started and have not died.
    live: usize,
    /// Threads still drafting the batch posted last.
    busy: usize,
    stopped: bool,
}

impl Crew {
    fn board(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Asks every live thread to draft batch `batch`.
    pub(super) fn post(&self, batch: usize) {
        let mut board = self.board();
        board.posted += 1;
        board.batch = batch;
        board.busy = board.live;
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

    /// Waits until every thread is done with the batch posted last.
    pub(super) fn wait_until_finished(&self) {
        let mut board = self.board();
        while board.busy > 0 {
            board = self
                .finished
                .wait(board)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Ends every thread's loop once it has finished the batch at hand.
    pub(super) fn stop(&self) {
        self.board().stopped = true;
        self.posted.notify_all();
    }

    /// A drafting thread's life: runs `draft` on each batch posted, until stopped.
    /// The thread must have been counted in with `join`.
    pub(super) fn work(&self, mut draft: impl FnMut(usize)) {
        // A thread that dies (a bug that panics) is counted out, so later batches do
        // not wait for it; the scope then passes its panic on.
        let _live = Leaving(self);
        let mut seen = 0;
        loop {
            let batch = {
                let mut board = self.board();
                while board.posted == seen && !board.stopped {
                    board = self
                        .posted
                        .wait(board)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if board.stopped {
                    return;
                }
                seen = board.posted;
                board.batch
            };
            // Said done even if drafting panics, so the main thread never waits forever.
            let _done = Done(self);
            draft(batch);
        }
    }
}

/// Counts a thread out of the crew when dropped.
struct Leaving<'a>(&'a Crew);

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        self.0.leave();
    }
}

/// Tells the crew one thread is done with its batch when dropped.
struct Done<'a>(&'a Crew);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        let mut board = self.0.board();
        board.busy = board.busy.saturating_sub(1);
        if board.busy == 0 {
            self.0.finished.notify_all();
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
