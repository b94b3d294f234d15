//! The clock of the criterion benches: wall time (criterion's default) or, with
//! `RELGRAPH_BENCH_CLOCK=cpu`, the CPU time of the benchmarking thread, which other processes on a
//! shared machine barely disturb. Every bench here runs on one thread, so thread CPU time is the
//! whole cost. Reports read the same (times in ns, throughput per second of the chosen clock).

use criterion::Criterion;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use std::time::{Duration, Instant};

#[path = "clock.rs"]
mod clock;

/// Wall or thread-CPU time, chosen once from `RELGRAPH_BENCH_CLOCK`.
pub struct BenchClock {
    cpu: bool,
    base: Instant,
}

impl BenchClock {
    /// `RELGRAPH_BENCH_CLOCK=cpu` selects thread CPU time (when the platform has it).
    pub fn from_env() -> Self {
        let cpu = std::env::var("RELGRAPH_BENCH_CLOCK").is_ok_and(|v| v.eq_ignore_ascii_case("cpu")) && clock::thread_cpu_nanos().is_some();
        if cpu {
            eprintln!("relgraph benches: measuring thread CPU time (RELGRAPH_BENCH_CLOCK=cpu)");
        }
        BenchClock { cpu, base: Instant::now() }
    }

    fn now(&self) -> u64 {
        if self.cpu { clock::thread_cpu_nanos().unwrap_or(0) } else { self.base.elapsed().as_nanos() as u64 }
    }
}

impl Measurement for BenchClock {
    type Intermediate = u64;
    type Value = Duration;

    fn start(&self) -> u64 {
        self.now()
    }
    fn end(&self, start: u64) -> Duration {
        Duration::from_nanos(self.now().saturating_sub(start))
    }
    fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
        *v1 + *v2
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Criterion's duration formatter (ns, bytes per second); `WallTime` holds no state.
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

/// Criterion with the clock of `RELGRAPH_BENCH_CLOCK`.
pub fn criterion() -> Criterion<BenchClock> {
    Criterion::default().with_measurement(BenchClock::from_env())
}
