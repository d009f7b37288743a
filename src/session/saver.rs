//! Autosave without stalling the window: the UI thread says which files changed (merging
//! first with any that someone else changed on disk) and a writer thread makes their bytes
//! and writes them, atomically and in order (a layer of 500,000 quotes is 250 MB of text, and
//! fsync of a 6 MB layer takes tens of milliseconds on some disks).

use crate::store::{FileKey, PendingWrite, StoreError, WrittenFile};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// What the writer thread did with one batch.
pub struct Written {
    /// The journal's append count when the batch was made: the journal may be emptied once
    /// this batch is on disk if nothing was appended since.
    pub journal_mark: u64,
    /// The files that reached the disk, to be confirmed to the `ProjectDir`.
    pub written: Vec<WrittenFile>,
    /// The files not written, and why.
    pub failed: Option<(Vec<FileKey>, StoreError)>,
    /// The files not written because the window asked the writer to stop
    /// ([`Saver::interrupt`]): still to be saved, nothing went wrong.
    pub stopped: Vec<FileKey>,
}

pub struct Saver {
    to_writer: Option<Sender<(Vec<PendingWrite>, u64)>>,
    from_writer: Receiver<Written>,
    thread: Option<JoinHandle<()>>,
    in_flight: usize,
    /// Set by [`Saver::interrupt`]: the writer gives up what it writes.
    stop: Arc<AtomicBool>,
}

impl Default for Saver {
    fn default() -> Self {
        let (to_writer, batches) = channel::<(Vec<PendingWrite>, u64)>();
        let (done, from_writer) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let writer_stop = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("naql-saver".into())
            .spawn(move || {
                for (writes, journal_mark) in batches {
                    if done
                        .send(write_here(writes, journal_mark, &writer_stop))
                        .is_err()
                    {
                        return;
                    }
                }
            })
            .ok();
        Self {
            to_writer: Some(to_writer),
            from_writer,
            thread,
            in_flight: 0,
            stop,
        }
    }
}

impl Saver {
    /// Hands a batch to the writer thread; if there is no thread, writes it here.
    pub fn send(&mut self, writes: Vec<PendingWrite>, journal_mark: u64) -> Option<Written> {
        match &self.to_writer {
            Some(tx) if self.thread.is_some() => match tx.send((writes, journal_mark)) {
                Ok(()) => {
                    self.in_flight += 1;
                    None
                }
                Err(e) => Some(write_here(e.0.0, journal_mark, &AtomicBool::new(false))),
            },
            _ => Some(write_here(writes, journal_mark, &AtomicBool::new(false))),
        }
    }

    /// Batches finished since the last call.
    pub fn finished(&mut self) -> Vec<Written> {
        let done: Vec<Written> = self.from_writer.try_iter().collect();
        self.in_flight -= done.len().min(self.in_flight);
        done
    }

    /// Waits until every batch handed over is on disk, and returns them.
    pub fn flush(&mut self) -> Vec<Written> {
        self.collect(None)
    }

    /// Has the writer give up what it was handed (a layer's bytes are left at the next
    /// megabyte; the files on disk stay as they were) and let go of the layers it held, and
    /// returns the batches, the files not written among their `stopped`.
    ///
    /// Waits at most `patience` (a file being put in place may take its fsync's time): a
    /// batch still running then goes on as if not asked, and is taken by
    /// [`Saver::finished`] later.
    pub fn interrupt(&mut self, patience: std::time::Duration) -> Vec<Written> {
        self.stop.store(true, Ordering::Relaxed);
        let done = self.collect(Some(std::time::Instant::now() + patience));
        self.stop.store(false, Ordering::Relaxed);
        done
    }

    /// The batches handed over, as they finish, until none is left or `until` comes.
    fn collect(&mut self, until: Option<std::time::Instant>) -> Vec<Written> {
        use std::sync::mpsc::RecvTimeoutError;
        let mut done = Vec::new();
        while self.in_flight > 0 {
            let next = match until {
                None => self
                    .from_writer
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
                Some(t) => self
                    .from_writer
                    .recv_timeout(t.saturating_duration_since(std::time::Instant::now())),
            };
            match next {
                Ok(w) => {
                    self.in_flight -= 1;
                    done.push(w);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => self.in_flight = 0,
            }
        }
        done
    }

    pub fn busy(&self) -> bool {
        self.in_flight > 0
    }
}

fn write_here(writes: Vec<PendingWrite>, journal_mark: u64, stop: &AtomicBool) -> Written {
    let mut written = Vec::new();
    let keys = |from: usize| writes[from..].iter().map(|w| w.key.clone()).collect();
    for (i, w) in writes.iter().enumerate() {
        let result = (!stop.load(Ordering::Relaxed)).then(|| w.write_unless(stop));
        let (failed, stopped) = match result {
            Some(Ok(done)) => {
                written.push(done);
                continue;
            }
            // A failure while asked to stop is taken for the stop: the next save finds a
            // real one again.
            Some(Err(e)) if !stop.load(Ordering::Relaxed) => (Some((keys(i), e)), Vec::new()),
            _ => (None, keys(i)),
        };
        return Written {
            journal_mark,
            written,
            failed,
            stopped,
        };
    }
    Written {
        journal_mark,
        written,
        failed: None,
        stopped: Vec::new(),
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has written what it was given.
        self.to_writer = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
