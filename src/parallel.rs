//! Running independent jobs on scoped threads, for the build of large dictionaries.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let inputs: Vec<u64> = (0..9).collect();
        let jobs: Vec<_> = inputs.iter().map(|&i| move || (0..=i * 1000).sum::<u64>()).collect();
        let expected: Vec<u64> = inputs.iter().map(|&i| (0..=i * 1000).sum()).collect();
        assert_eq!(run_scoped(jobs), expected);
        assert!(run_scoped(Vec::<fn() -> u8>::new()).is_empty());
    }
}
