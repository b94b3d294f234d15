//! Running independent jobs on scoped threads, for the build of the gazetteer.

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
    fn results_come_back_in_job_order() {
        let inputs: Vec<u64> = (0..9).collect();
        let jobs: Vec<_> = inputs.iter().map(|&i| move || (0..=i * 1000).sum::<u64>()).collect();
        let expected: Vec<u64> = inputs.iter().map(|&i| (0..=i * 1000).sum()).collect();
        assert_eq!(run_scoped(jobs), expected);
        assert!(run_scoped(Vec::<fn() -> u8>::new()).is_empty());
    }
}
