//! Extractor build time (load, parse, compile) with the embedded defaults:
//!
//! - `build/default`: `Extractor::default()` (every dictionary and rule pack; what the CLI does at
//!   start-up);
//! - `build/dictionaries_only`: the default dictionaries, no rule packs (the gazetteer and the
//!   pattern recognisers);
//! - `build/rules_only`: the default rule packs, no dictionaries.
//!
//! Freeing the extractor is not timed (`iter_with_large_drop`): a build is what a caller waits
//! for, and a process that exits does not free (the CLI keeps its extractor to the end).
//!
//! ```text
//! cargo bench --bench build
//! ```

#[path = "common/measurement.rs"]
mod measurement;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use measurement::BenchClock;
use relgraph::{Extractor, ExtractorBuilder};
use std::time::Duration;

fn bench_build(c: &mut Criterion<BenchClock>) {
    let mut group = c.benchmark_group("build");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("default", |b| b.iter_with_large_drop(Extractor::default));
    group.bench_function("dictionaries_only", |b| {
        b.iter_with_large_drop(|| ExtractorBuilder::new().default_rules(false).relations(false).build().expect("builds"))
    });
    group.bench_function("rules_only", |b| {
        b.iter_with_large_drop(|| ExtractorBuilder::new().default_dictionaries(false).build().expect("builds"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = measurement::criterion();
    targets = bench_build
}
criterion_main!(benches);
