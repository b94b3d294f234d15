//! The pipeline of the commands that extract from many documents: the calling thread reads the
//! inputs and hands them out in small chunks to worker threads, which pull them from one queue,
//! and it takes the results back in input order.
//!
//! Why not a rayon pool with a parallel iterator per batch of documents (as before): a worker
//! waiting at a join inside one batch took up the next batch, nested under the first one, so that
//! batches came back in bursts, and with a few batches in flight the workers of a two-thread run
//! ran dry every few batches while the reading thread caught up. Here no worker waits on another
//! one: a Reuters run at -j 2 is ~2% sooner for the same CPU, and no dependency is needed.

use std::collections::BTreeMap;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Mutex, PoisonError};

/// Items a chunk, a worker's unit of work: small, so that the workers end a run close together
/// (64 Reuters stories are ~4 ms of work), large enough that handing chunks out costs nothing
/// (16 cost ~2% more CPU at -j 2: wake-ups of the reading thread and contended channel locks).
const CHUNK_ITEMS: usize = 64;
/// Chunks queued for the workers, a worker: enough for the workers to go on for a while when the
/// reading thread is not given a core at once (with as many workers as cores it waits its turn).
const QUEUED_PER_WORKER: usize = 4;
/// Chunks handed out and not yet consumed, at most, a worker. Bounds the memory held when one
/// chunk is slow (a very long document) while the workers go on with the next ones.
const OUTSTANDING_PER_WORKER: usize = 8;

type Done<T> = (usize, std::thread::Result<Vec<T>>);

/// What a producer hands its batches of items to.
pub(crate) type Feed<'a, I> = &'a mut dyn FnMut(&mut Vec<I>) -> io::Result<()>;

/// Runs `work` on each item that `produce` gives, batch by batch, on `threads` worker threads, and
/// `consume` on the results in the order of the items, a chunk at a time, on the calling thread,
/// which also runs `produce`. Returns what `produce` returns, or the first error of `produce` or
/// `consume`, or an error if `work` panicked (the panic hook has reported it). When no worker
/// thread can be started, the calling thread does the work.
pub(crate) fn map_in_order<I: Send, T: Send, R>(
    threads: usize,
    produce: impl FnOnce(Feed<'_, I>) -> io::Result<R>,
    work: impl Fn(&I) -> T + Sync,
    mut consume: impl FnMut(Vec<T>) -> io::Result<()>,
) -> io::Result<R> {
    let threads = threads.max(1);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<I>)>(QUEUED_PER_WORKER * threads);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<T>>();
    // Set when the run ends early (an error): the workers skip the chunks still queued.
    let stop = AtomicBool::new(false);
    let (work, stop) = (&work, &stop);
    std::thread::scope(|scope| {
        let mut workers = 0;
        for _ in 0..threads {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            let worker = move || {
                loop {
                    // One worker waits on the queue, the others on its lock.
                    let job = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, items)) = job else { return };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let out = catch_unwind(AssertUnwindSafe(|| items.iter().map(work).collect()));
                    if done_tx.send((seq, out)).is_err() {
                        return;
                    }
                }
            };
            workers += usize::from(std::thread::Builder::new().name("relgraph-worker".into()).spawn_scoped(scope, worker).is_ok());
        }
        drop(done_tx);
        if workers == 0 {
            drop(job_tx);
            return produce(&mut |batch| consume(std::mem::take(batch).iter().map(work).collect()));
        }
        let mut order = InOrder { sent: 0, consumed: 0, max_outstanding: OUTSTANDING_PER_WORKER * threads, ready: BTreeMap::new() };
        let result = produce(&mut |batch| {
            let mut items = std::mem::take(batch).into_iter().peekable();
            while items.peek().is_some() {
                let chunk: Vec<I> = items.by_ref().take(CHUNK_ITEMS).collect();
                order.send(&job_tx, chunk, &done_rx, &mut consume)?;
            }
            Ok(())
        });
        // The workers end once the queue is empty and closed, or at once after an error.
        let stop_on_error = |result: io::Result<R>| {
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            result
        };
        let result = stop_on_error(result);
        drop(job_tx);
        stop_on_error(result.and_then(|r| order.finish(&done_rx, &mut consume).map(|()| r)))
    })
}

fn stopped() -> io::Error {
    io::Error::other("an extraction worker stopped")
}

/// The chunks sent to the workers and the results that came back ahead of their turn.
struct InOrder<T> {
    sent: usize,
    consumed: usize,
    max_outstanding: usize,
    ready: BTreeMap<usize, Vec<T>>,
}

impl<T> InOrder<T> {
    /// Queues `chunk`, and consumes the results that have come back. Waits only on results: for
    /// a place in the queue (a worker takes the next chunk as it sends a result) or while too many
    /// chunks are out.
    fn send<I>(
        &mut self,
        jobs: &SyncSender<(usize, Vec<I>)>,
        chunk: Vec<I>,
        done: &Receiver<Done<T>>,
        consume: &mut impl FnMut(Vec<T>) -> io::Result<()>,
    ) -> io::Result<()> {
        while self.sent - self.consumed >= self.max_outstanding {
            self.take(done.recv().map_err(|_| stopped())?, consume)?;
        }
        let mut job = (self.sent, chunk);
        loop {
            match jobs.try_send(job) {
                Ok(()) => break,
                Err(TrySendError::Full(back)) => {
                    job = back;
                    self.take(done.recv().map_err(|_| stopped())?, consume)?;
                }
                Err(TrySendError::Disconnected(_)) => return Err(stopped()),
            }
        }
        self.sent += 1;
        while let Ok(d) = done.try_recv() {
            self.take(d, consume)?;
        }
        Ok(())
    }

    /// Consumes every result still to come.
    fn finish(&mut self, done: &Receiver<Done<T>>, consume: &mut impl FnMut(Vec<T>) -> io::Result<()>) -> io::Result<()> {
        while self.consumed < self.sent {
            self.take(done.recv().map_err(|_| stopped())?, consume)?;
        }
        Ok(())
    }

    /// Files one result and consumes those whose turn has come.
    fn take(&mut self, (seq, out): Done<T>, consume: &mut impl FnMut(Vec<T>) -> io::Result<()>) -> io::Result<()> {
        self.ready.insert(seq, out.map_err(|_| stopped())?);
        while let Some(out) = self.ready.remove(&self.consumed) {
            self.consumed += 1;
            consume(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `n` numbers in batches of `batch`.
    fn numbers(n: usize, batch: usize) -> impl FnOnce(Feed<'_, usize>) -> io::Result<usize> {
        move |f| {
            let mut b = Vec::new();
            for i in 0..n {
                b.push(i);
                if b.len() == batch {
                    f(&mut b)?;
                    b.clear();
                }
            }
            if !b.is_empty() {
                f(&mut b)?;
            }
            Ok(n)
        }
    }

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let mut out = Vec::new();
            // Uneven work: early items are slow, so that later chunks end first.
            let work = |&i: &usize| {
                if i % 97 < 3 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 2
            };
            let n = map_in_order(threads, numbers(3000, 256), work, |chunk| {
                out.extend(chunk);
                Ok(())
            })
            .unwrap();
            assert_eq!(n, 3000);
            assert_eq!(out, (0..3000).map(|i| i * 2).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn results_ahead_of_their_turn_stay_bounded() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // The first item waits for a release; the others are quick. While it waits the producer
        // hands out as many chunks as may be out and then waits too, so no more than those are done.
        let threads = 3;
        let max_outstanding = OUTSTANDING_PER_WORKER * threads;
        let total = CHUNK_ITEMS * (max_outstanding + 10);
        let done_while_held = AtomicUsize::new(0);
        let (release, held) = mpsc::channel::<()>();
        let held = Mutex::new(held);
        let seen_at_release = std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(300));
                let seen = done_while_held.load(Ordering::SeqCst);
                release.send(()).unwrap();
                seen
            });
            let work = |&i: &usize| {
                if i == 0 {
                    held.lock().unwrap().recv().unwrap();
                } else {
                    done_while_held.fetch_add(1, Ordering::SeqCst);
                }
                i
            };
            let mut got = Vec::new();
            map_in_order(threads, numbers(total, 256), work, |chunk| {
                got.extend(chunk);
                Ok(())
            })
            .unwrap();
            assert_eq!(got, (0..total).collect::<Vec<_>>());
            watcher.join().unwrap()
        });
        // (The first chunk's other items wait behind the first one.)
        assert_eq!(seen_at_release, CHUNK_ITEMS * (max_outstanding - 1), "all the chunks handed out, and no more");
    }

    #[test]
    fn a_panicking_item_ends_the_run_with_an_error_and_the_workers_stop() {
        let result = map_in_order(
            2,
            numbers(1000, 100),
            |&i: &usize| {
                assert!(i != 500, "item 500");
                i
            },
            |_| Ok(()),
        );
        assert_eq!(result.unwrap_err().to_string(), "an extraction worker stopped");
    }

    #[test]
    fn after_an_error_the_workers_skip_the_queued_chunks() {
        use std::sync::atomic::AtomicUsize;
        let worked = AtomicUsize::new(0);
        let work = |&i: &usize| {
            worked.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_micros(100));
            i
        };
        let result = map_in_order(2, numbers(100_000, 256), work, |_| Err(io::Error::other("disk full")));
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        // The first chunk, the two begun when it came back and perhaps one or two more taken
        // meanwhile on a busy machine; not the eight queued (eleven chunks in all without the stop).
        let worked = worked.load(Ordering::SeqCst);
        assert!(worked <= 6 * CHUNK_ITEMS, "{worked} items worked on");
    }

    #[test]
    fn an_error_of_the_consumer_or_producer_ends_the_run() {
        let result = map_in_order(
            2,
            numbers(1000, 100),
            |&i: &usize| i,
            |chunk| if chunk.contains(&300) { Err(io::Error::other("full")) } else { Ok(()) },
        );
        assert_eq!(result.unwrap_err().to_string(), "full");
        let result: io::Result<()> = map_in_order(2, |_f| Err(io::Error::other("unreadable")), |&i: &usize| i, |_| Ok(()));
        assert_eq!(result.unwrap_err().to_string(), "unreadable");
    }
}
