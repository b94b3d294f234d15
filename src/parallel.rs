//! Running independent jobs on scoped threads: the build of the gazetteer, and the regexes a
//! first document waits for.

use std::sync::Mutex;

/// Runs `jobs` on scoped threads, one thread a job, and returns their results in order. A job
/// whose thread cannot be spawned (the system is out of threads) runs on the calling thread
/// instead; a panicking job panics the caller.
pub(crate) fn run_scoped<T: Send, J: FnOnce() -> T + Send>(jobs: Vec<J>) -> Vec<T> {
    // Each job sits in a slot until a thread (or, failing that, the caller) takes it.
    let slots: Vec<Mutex<Option<J>>> = jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let take = |slot: &Mutex<Option<J>>| slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            slots.iter().map(|slot| std::thread::Builder::new().spawn_scoped(scope, move || take(slot).map(|job| job())).ok()).collect();
        slots
            .iter()
            .zip(handles)
            .map(|(slot, handle)| {
                let done = handle.and_then(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
                match done {
                    Some(result) => result,
                    None => take(slot).map(|job| job()).expect("a job whose thread did not run it is still in its slot"),
                }
            })
            .collect()
    })
}

/// Runs `work` on each of `pending` (the compiles a document waits for, say) on scoped threads,
/// shared out by `weight`, when there are two or more of them and two or more cores; otherwise
/// does nothing, and the caller's lazy path does the one left where it is used. Called for every
/// document: with nothing pending it returns without allocating, and it asks for the core count
/// (`available_parallelism` reads the cgroup's CPU quota from files, which once per document cost
/// a fifth of a Reuters run) only when there is work to share.
pub(crate) fn share_pending<'a, T: Sync + 'a>(
    pending: impl Iterator<Item = &'a T>,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&T) + Sync,
) {
    let mut pending = pending.peekable();
    if pending.peek().is_none() {
        return;
    }
    let pending: Vec<&T> = pending.collect();
    if pending.len() < 2 {
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pending.len());
    if threads < 2 {
        return;
    }
    let work = &work;
    let groups = balance(pending, threads, |t| weight(t));
    run_scoped(
        groups
            .into_iter()
            .map(|group| {
                move || {
                    for t in group {
                        work(t);
                    }
                }
            })
            .collect(),
    );
}

/// Splits `items` into at most `groups` groups of about equal total `weight`: heaviest first, each
/// to the lightest group so far. Empty groups are left out.
pub(crate) fn balance<T>(items: Vec<T>, groups: usize, weight: impl Fn(&T) -> usize) -> Vec<Vec<T>> {
    let mut items: Vec<(usize, T)> = items.into_iter().map(|t| (weight(&t), t)).collect();
    items.sort_by_key(|(w, _)| std::cmp::Reverse(*w));
    let mut out: Vec<(usize, Vec<T>)> = (0..groups.max(1)).map(|_| (0, Vec::new())).collect();
    for (w, t) in items {
        let lightest = out.iter_mut().min_by_key(|(load, _)| *load).expect("at least one group");
        lightest.0 += w;
        lightest.1.push(t);
    }
    out.into_iter().map(|(_, g)| g).filter(|g| !g.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_groups_hold_every_item_once_and_even_out_the_weight() {
        let groups = balance(vec![9usize, 1, 1, 1, 5, 4, 3], 2, |&w| w);
        assert_eq!(groups.len(), 2);
        let mut all: Vec<usize> = groups.iter().flatten().copied().collect();
        all.sort();
        assert_eq!(all, [1, 1, 1, 3, 4, 5, 9]);
        let loads: Vec<usize> = groups.iter().map(|g| g.iter().sum()).collect();
        assert_eq!(loads, [12, 12]);
        assert_eq!(balance(vec![7usize], 4, |&w| w), [[7]], "no empty groups");
        assert!(balance(Vec::<u8>::new(), 2, |_| 1).is_empty());
    }

    #[test]
    fn pending_work_is_shared_out_once_each_or_left_to_the_caller() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<AtomicUsize> = (0..5).map(|_| AtomicUsize::new(0)).collect();
        share_pending(
            items.iter(),
            |_| 1,
            |n| {
                n.fetch_add(1, Ordering::Relaxed);
            },
        );
        let done: Vec<usize> = items.iter().map(|n| n.load(Ordering::Relaxed)).collect();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(done, if cores >= 2 { [1; 5] } else { [0; 5] });
        // One item is left to the caller.
        let one = AtomicUsize::new(0);
        share_pending(
            std::iter::once(&one),
            |_| 1,
            |n| {
                n.fetch_add(1, Ordering::Relaxed);
            },
        );
        assert_eq!(one.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn results_come_back_in_job_order() {
        let inputs: Vec<u64> = (0..9).collect();
        let jobs: Vec<_> = inputs.iter().map(|&i| move || (0..=i * 1000).sum::<u64>()).collect();
        let expected: Vec<u64> = inputs.iter().map(|&i| (0..=i * 1000).sum()).collect();
        assert_eq!(run_scoped(jobs), expected);
        assert!(run_scoped(Vec::<fn() -> u8>::new()).is_empty());
    }
}
