//! Work on another thread, the one way Naql does it: the thread reports its progress through
//! two atomics the window reads each frame, and sends messages (one result, or several as it
//! goes) that the window takes without waiting. Imports, exports, agreement, the suggestions'
//! pass and a big project's review index all run as a [`Task`].

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// What the thread is handed: where to report progress and send messages.
pub struct Progress<M> {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    messages: Sender<M>,
}

impl<M> Progress<M> {
    /// `done` out of `total` (0 while the total is not known).
    pub fn report(&self, done: usize, total: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Sends a message to the window; false when the window has let go of the task (the work
    /// may stop).
    pub fn send(&self, message: M) -> bool {
        self.messages.send(message).is_ok()
    }
}

/// A task's state as the window sees it.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The thread ended without a result (it panicked).
    Died,
}

pub struct Task<M> {
    pub what: &'static str,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    messages: Receiver<M>,
}

impl<M: Send + 'static> Task<M> {
    /// Starts `work` on a thread of its own.
    pub fn spawn(what: &'static str, work: impl FnOnce(&Progress<M>) + Send + 'static) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (tx, messages) = channel();
        let progress = Progress {
            done: done.clone(),
            total: total.clone(),
            messages: tx,
        };
        std::thread::spawn(move || work(&progress));
        Self {
            what,
            done,
            total,
            messages,
        }
    }

    /// Starts `work`, whose return value is the task's one result.
    pub fn run(
        what: &'static str,
        work: impl FnOnce(&dyn Fn(usize, usize)) -> M + Send + 'static,
    ) -> Self {
        Self::spawn(what, move |p| {
            let result = work(&|done, total| p.report(done, total));
            p.send(result);
        })
    }

    /// Done and total so far (total 0 while unknown).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// The next message, if one has come: for tasks with one result, that result.
    pub fn poll(&mut self) -> Poll<M> {
        match self.messages.try_recv() {
            Ok(m) => Poll::Done(m),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Died,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<M: Send + 'static>(task: &mut Task<M>) -> Poll<M> {
        loop {
            match task.poll() {
                Poll::Running => std::thread::sleep(std::time::Duration::from_millis(1)),
                other => return other,
            }
        }
    }

    #[test]
    fn a_result_its_progress_and_the_end() {
        let mut task = Task::run("adding", |progress| {
            progress(3, 4);
            2 + 2
        });
        assert!(matches!(wait(&mut task), Poll::Done(4)));
        assert_eq!(task.progress(), (3, 4));
        assert!(matches!(wait(&mut task), Poll::Died), "nothing more comes");
    }

    #[test]
    fn several_messages_in_order_then_the_end() {
        let mut task = Task::spawn("counting", |p| {
            for i in 0..3 {
                p.send(i);
            }
        });
        let mut got = Vec::new();
        while let Poll::Done(m) = wait(&mut task) {
            got.push(m);
        }
        assert_eq!(got, [0, 1, 2]);
    }

    #[test]
    fn a_thread_that_panics_is_reported_as_died() {
        let mut task: Task<u8> = Task::run("failing", |_| panic!("on purpose"));
        assert!(matches!(wait(&mut task), Poll::Died));
    }
}
