//! A progress bar on stderr for long runs: only when stderr is a terminal, and only
//! once a run is large (over 100,000 records, or running for 2 seconds).

use super::process::Counts;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Counting the bytes read, so the bar can show how far through the input a run is.
pub(super) mod counter {
    use std::cell::Cell;
    use std::io::{self, Read};
    use std::rc::Rc;

    /// Bytes read so far from one input, shared between its reader and the bar.
    #[derive(Clone, Debug, Default)]
    pub struct Shared(Rc<Cell<u64>>);

    impl Shared {
        pub fn get(&self) -> u64 {
            self.0.get()
        }
    }

    /// A reader that adds what it reads to a [`Shared`] count.
    pub struct CountingReader<R> {
        inner: R,
        counter: Shared,
    }

    impl<R> CountingReader<R> {
        pub fn new(inner: R, counter: Shared) -> CountingReader<R> {
            CountingReader { inner, counter }
        }
    }

    impl<R: Read> Read for CountingReader<R> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let count = self.inner.read(buffer)?;
            self.counter.0.set(self.counter.0.get() + count as u64);
            Ok(count)
        }
    }
}

const LARGE_RUN_RECORDS: u64 = 100_000;
const LARGE_RUN_TIME: Duration = Duration::from_secs(2);
const REDRAW_EVERY: Duration = Duration::from_millis(200);
const BAR_WIDTH: usize = 30;

/// The progress bar of one run.
pub(super) struct Progress {
    enabled: bool,
    started: Instant,
    last_drawn: Option<Instant>,
    counters: Vec<counter::Shared>,
    /// The size of all inputs, when every size is known.
    total_bytes: Option<u64>,
}

impl Progress {
    pub fn new(inputs: &[super::front::Input]) -> Progress {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_drawn: None,
            counters: inputs
                .iter()
                .map(|input| input.bytes_read.clone())
                .collect(),
            total_bytes: inputs.iter().map(|input| input.size).sum(),
        }
    }

    /// Called after each record; draws at most a few times a second.
    pub fn update(&mut self, counts: &Counts) {
        // Looking at the clock for every record would cost more than the bar is worth.
        if !self.enabled || !counts.read.is_multiple_of(1024) {
            return;
        }
        let now = Instant::now();
        let large = counts.read >= LARGE_RUN_RECORDS || now - self.started >= LARGE_RUN_TIME;
        let due = self
            .last_drawn
            .is_none_or(|drawn| now - drawn >= REDRAW_EVERY);
        if large && due {
            self.last_drawn = Some(now);
            self.draw(counts);
        }
    }

    fn draw(&self, counts: &Counts) {
        let done: u64 = self.counters.iter().map(counter::Shared::get).sum();
        let mut line = String::from("\r");
        if let Some(total) = self.total_bytes.filter(|&total| total > 0) {
            let fraction = (done as f64 / total as f64).clamp(0.0, 1.0);
            let filled = (fraction * BAR_WIDTH as f64) as usize;
            line.push('[');
            line.push_str(&"#".repeat(filled));
            line.push_str(&"-".repeat(BAR_WIDTH - filled));
            line.push_str(&format!("] {:3.0}%  ", fraction * 100.0));
        }
        line.push_str(&format!(
            "{} records read, {} rejected",
            counts.read, counts.rejected
        ));
        let _ = std::io::stderr().write_all(line.as_bytes());
    }

    /// Removes the bar, so the summary line starts on a clean line.
    pub fn clear(&self) {
        if self.last_drawn.is_some() {
            let _ = std::io::stderr().write_all(b"\r\x1b[2K");
        }
    }
}
