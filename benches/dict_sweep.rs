//! Dictionary-size sweep: synthetic dictionaries of 1k, 10k, 100k (and 1M) entries
//! (`benches/common/synth.rs`), each built into an extractor with no default dictionaries or rule
//! packs, entities only, pattern recognisers off (the gazetteer alone), then run over the benchmark
//! corpus (`RELGRAPH_BENCH_CORPUS`, default the seeds).
//!
//! - `sweep_build/N`: time to parse and compile N entries;
//! - `sweep_scan/N`: extraction throughput with N entries.
//!
//! The largest size is `RELGRAPH_BENCH_SWEEP_MAX` (default 100000; set 1000000 for the 1M case,
//! which takes minutes: criterion needs at least 10 builds). Peak memory is measured apart, with
//! `/usr/bin/time -v` on `examples/dict_sweep.rs` (see `bench/README.md`).
//!
//! ```text
//! cargo bench --bench dict_sweep
//! RELGRAPH_BENCH_SWEEP_MAX=1000000 cargo bench --bench dict_sweep
//! ```

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/measurement.rs"]
mod measurement;
#[path = "common/synth.rs"]
mod synth;

use corpus::Corpus;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use measurement::BenchClock;
use relgraph::{Extractor, ExtractorBuilder};
use std::hint::black_box;
use std::time::Duration;

fn build(dict: &str) -> Extractor {
    ExtractorBuilder::new()
        .default_dictionaries(false)
        .default_rules(false)
        .relations(false)
        .patterns(false)
        .dictionary_str("synthetic.dict", dict)
        .build()
        .expect("the synthetic dictionary builds")
}

fn sizes() -> Vec<usize> {
    let max = std::env::var("RELGRAPH_BENCH_SWEEP_MAX").ok().and_then(|v| v.replace('_', "").parse::<usize>().ok()).unwrap_or(100_000);
    [1_000, 10_000, 100_000, 1_000_000].into_iter().filter(|&n| n <= max).collect()
}

fn bench_sweep(c: &mut Criterion<BenchClock>) {
    let corpus = Corpus::from_env().unwrap_or_else(|e| panic!("benchmark corpus: {e}"));
    let dicts: Vec<(usize, String)> = sizes().into_iter().map(|n| (n, synth::dictionary(n))).collect();

    let mut group = c.benchmark_group("sweep_build");
    // Flat sampling: one build per sample once builds take seconds (10 samples, not 55 builds).
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for (n, dict) in &dicts {
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), dict, |b, d| b.iter(|| build(black_box(d))));
    }
    group.finish();

    let mut group = c.benchmark_group("sweep_scan");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes(corpus.bytes()));
    for (n, dict) in &dicts {
        let extractor = build(dict);
        group.bench_with_input(BenchmarkId::from_parameter(n), &extractor, |b, ex| {
            b.iter(|| corpus.docs.iter().map(|(name, t)| ex.extract_document(name, black_box(t)).entities.len()).sum::<usize>())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = measurement::criterion();
    targets = bench_sweep
}
criterion_main!(benches);
