//! Throughput of extraction over the benchmark corpus (see `benches/common/corpus.rs`: the seed
//! documents, or `RELGRAPH_BENCH_CORPUS=DIR|FILE.jsonl|FILE`, `RELGRAPH_BENCH_MAX_BYTES=N`):
//!
//! - `extract/raw_scan`: the floor, a plain leftmost-longest DFA scan of the same surface forms;
//! - `extract/entities_only`: gazetteer + pattern recognisers + resolution (`.relations(false)`);
//! - `extract/full`: the whole pipeline, relations included;
//! - `extract/full_as_one_document`: the same text joined into one document (blank lines between),
//!   which should run about as fast: no stage may cost more than linear time in a document's
//!   length (a long report, a book, a file of concatenated articles).
//!
//! ```text
//! cargo bench --bench extract
//! RELGRAPH_BENCH_CORPUS=/tmp/reuters.jsonl RELGRAPH_BENCH_MAX_BYTES=2000000 cargo bench --bench extract
//! ```

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/measurement.rs"]
mod measurement;
#[path = "common/raw.rs"]
mod raw;

use corpus::Corpus;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use measurement::BenchClock;
use relgraph::Extractor;
use std::hint::black_box;
use std::time::Duration;

fn bench_extract(c: &mut Criterion<BenchClock>) {
    let corpus = Corpus::from_env().unwrap_or_else(|e| panic!("benchmark corpus: {e}"));
    eprintln!("corpus: {} ({} documents, {} bytes)", corpus.source, corpus.docs.len(), corpus.bytes());
    let full = Extractor::default();
    let entities_only = Extractor::builder().relations(false).build().expect("default extractor builds");
    let floor = raw::build(full.gazetteer().surface_forms());

    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(corpus.bytes()));
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("raw_scan", |b| b.iter(|| corpus.docs.iter().map(|(_, t)| raw::count(&floor, black_box(t))).sum::<usize>()));
    group.bench_function("entities_only", |b| {
        b.iter(|| corpus.docs.iter().map(|(n, t)| entities_only.extract_document(n, black_box(t)).entities.len()).sum::<usize>())
    });
    group.bench_function("full", |b| {
        b.iter(|| {
            corpus
                .docs
                .iter()
                .map(|(n, t)| {
                    let d = full.extract_document(n, black_box(t));
                    d.entities.len() + d.relations.len()
                })
                .sum::<usize>()
        })
    });
    let joined: String = corpus.docs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n\n");
    group.throughput(Throughput::Bytes(joined.len() as u64));
    group.bench_function("full_as_one_document", |b| {
        b.iter(|| {
            let d = full.extract_document("joined", black_box(&joined));
            d.entities.len() + d.relations.len()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = measurement::criterion();
    targets = bench_extract
}
criterion_main!(benches);
