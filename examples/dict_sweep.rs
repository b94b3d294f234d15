//! One point of the dictionary-size sweep, for peak-memory measurement: builds an extractor from a
//! synthetic dictionary of N entries (`benches/common/synth.rs`; no default dictionaries or rule
//! packs, entities only, pattern recognisers off), then extracts from a corpus. Prints one JSON
//! object: entries, forms, gen_s, build_s, scan_s (wall), build_cpu_s (every thread), scan_cpu_s,
//! bytes, mentions. Run it under `/usr/bin/time -v` for the peak RSS (`bench/compare.py --sweep`
//! does).
//!
//! ```text
//! cargo build --release --example dict_sweep
//! /usr/bin/time -v target/release/examples/dict_sweep 1000000 /tmp/reuters.jsonl
//! target/release/examples/dict_sweep 10000 --dump > /tmp/synthetic-10k.dict   # the dictionary only
//! ```

#[path = "../benches/common/clock.rs"]
mod clock;
#[path = "../benches/common/corpus.rs"]
mod corpus;
#[path = "../benches/common/synth.rs"]
mod synth;

use relgraph::ExtractorBuilder;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(n) = args.first().and_then(|a| a.replace('_', "").parse::<usize>().ok()) else {
        eprintln!("usage: dict_sweep N [CORPUS | --dump]");
        std::process::exit(2);
    };
    let t = Instant::now();
    let dict = synth::dictionary(n);
    let gen_s = t.elapsed().as_secs_f64();
    if args.get(1).is_some_and(|a| a == "--dump") {
        print!("{dict}");
        return;
    }
    let corpus = match args.get(1) {
        Some(p) => corpus::Corpus::load(Path::new(p)),
        None => corpus::Corpus::from_env(),
    }
    .unwrap_or_else(|e| {
        eprintln!("dict_sweep: {e}");
        std::process::exit(2);
    });
    let t = Instant::now();
    // Process CPU: a large dictionary builds on helper threads too.
    let c = clock::process_cpu_seconds();
    let extractor = ExtractorBuilder::new()
        .default_dictionaries(false)
        .default_rules(false)
        .relations(false)
        .patterns(false)
        .dictionary_str("synthetic.dict", dict)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("dict_sweep: {e}");
            std::process::exit(2);
        });
    let build_s = t.elapsed().as_secs_f64();
    let build_cpu_s = match (c, clock::process_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => f64::NAN,
    };
    let t = Instant::now();
    let c = clock::thread_cpu_seconds();
    let mentions: usize = corpus
        .docs
        .iter()
        .map(|(name, text)| extractor.extract_document(name, text).entities.iter().map(|e| e.mentions.len()).sum::<usize>())
        .sum();
    let scan_s = t.elapsed().as_secs_f64();
    let scan_cpu_s = clock::cpu_since(c);
    println!(
        "{{\"entries\": {n}, \"forms\": {}, \"gen_s\": {gen_s:.6}, \"build_s\": {build_s:.6}, \"scan_s\": {scan_s:.6}, \"build_cpu_s\": {build_cpu_s:.6}, \"scan_cpu_s\": {scan_cpu_s:.6}, \"documents\": {}, \"bytes\": {}, \"mentions\": {mentions}}}",
        extractor.gazetteer().surface_forms().len(),
        corpus.docs.len(),
        corpus.bytes()
    );
}
