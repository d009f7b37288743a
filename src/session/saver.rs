//! Autosave without stalling the window: the UI thread says which files changed (merging
//! first with any that someone else changed on disk) and a writer thread makes their bytes
//! and writes them, atomically and in order (a layer of 500,000 quotes is 250 MB of text, and
//! fsync of a 6 MB layer takes tens of milliseconds on some disks).

use crate::store::{FileKey, PendingWrite, StoreError, WrittenFile};
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
}

pub struct Saver {
    to_writer: Option<Sender<(Vec<PendingWrite>, u64)>>,
    from_writer: Receiver<Written>,
    thread: Option<JoinHandle<()>>,
    in_flight: usize,
}

impl Default for Saver {
    fn default() -> Self {
        let (to_writer, batches) = channel::<(Vec<PendingWrite>, u64)>();
        let (done, from_writer) = channel();
        let thread = std::thread::Builder::new()
            .name("naql-saver".into())
            .spawn(move || {
                for (writes, journal_mark) in batches {
                    if done.send(write_here(writes, journal_mark)).is_err() {
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
                Err(e) => Some(write_here(e.0.0, journal_mark)),
            },
            _ => Some(write_here(writes, journal_mark)),
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
        let mut done = Vec::new();
        while self.in_flight > 0 {
            match self.from_writer.recv() {
                Ok(w) => {
                    self.in_flight -= 1;
                    done.push(w);
                }
                Err(_) => {
                    self.in_flight = 0;
                }
            }
        }
        done
    }

    pub fn busy(&self) -> bool {
        self.in_flight > 0
    }
}

fn write_here(writes: Vec<PendingWrite>, journal_mark: u64) -> Written {
    let mut written = Vec::new();
    for (i, w) in writes.iter().enumerate() {
        match w.write() {
            Ok(done) => written.push(done),
            Err(e) => {
                let failed = writes[i..].iter().map(|w| w.key.clone()).collect();
                return Written {
                    journal_mark,
                    written,
                    failed: Some((failed, e)),
                };
            }
        }
    }
    Written {
        journal_mark,
        written,
        failed: None,
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
