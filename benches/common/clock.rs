//! CPU time of the calling thread or of the whole process, so that benchmark helpers can report it
//! beside wall time (on a shared machine wall time also counts the other processes' turns). Unix
//! only (`clock_gettime`); `None` elsewhere.

#![allow(dead_code)]

/// Nanoseconds of CPU the calling thread has used, if the platform tells.
#[cfg(unix)]
pub fn thread_cpu_nanos() -> Option<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the platform defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

/// Nanoseconds of CPU the calling thread has used, if the platform tells.
#[cfg(not(unix))]
pub fn thread_cpu_nanos() -> Option<u64> {
    None
}

/// Seconds of CPU the calling thread has used, if the platform tells.
pub fn thread_cpu_seconds() -> Option<f64> {
    thread_cpu_nanos().map(|ns| ns as f64 / 1e9)
}

/// CPU seconds since `start` (a value of [`thread_cpu_seconds`]), or NaN.
pub fn cpu_since(start: Option<f64>) -> f64 {
    match (start, thread_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => f64::NAN,
    }
}

/// Seconds of CPU the whole process (every thread) has used, if the platform tells: for work that
/// may run on helper threads, such as the build of a large dictionary.
#[cfg(unix)]
pub fn process_cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the platform defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9)
}

/// Seconds of CPU the whole process has used, if the platform tells.
#[cfg(not(unix))]
pub fn process_cpu_seconds() -> Option<f64> {
    None
}

/// Runs `f` `runs` times (at least once): its last result and the median wall and thread CPU
/// seconds of a run.
pub fn median_runs<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, f64, f64) {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        let c = thread_cpu_seconds();
        last = Some(std::hint::black_box(f()));
        wall.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_since(c));
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (last.expect("at least one run"), wall[wall.len() / 2], cpu[cpu.len() / 2])
}
