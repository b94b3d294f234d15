//! The library rows of the comparison harness (`bench/compare.py`): `Extractor::extract` on the
//! default dictionaries and rules, in process, over a corpus already in memory (a directory, a
//! `.jsonl` file of `{"id", "text"}` or a text file), timed the way the Python tools' scans are:
//! no process start-up, no JSON read or written. What a crate embedding relgraph pays per byte;
//! the CLI rows add reading and writing JSON Lines to it.
//!
//! `--no-relations` (entities only), `--no-patterns` (dictionary names only, with
//! `--no-relations`), `--runs N` (medians). Prints one JSON object: documents, bytes, entities,
//! mentions (also as `matches`, the harness's column), relations, build_s / build_cpu_s (the
//! extractor) and scan_s / scan_cpu_s (wall and thread CPU seconds of a pass, medians; an untimed
//! first pass compiles what is compiled on first use).
//!
//! ```text
//! cargo run --release --example lib_scan -- /tmp/reuters.jsonl --no-relations --runs 5
//! ```

#[path = "../benches/common/clock.rs"]
mod clock;
#[path = "../benches/common/corpus.rs"]
mod corpus;

use relgraph::Extractor;
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut runs = 1usize;
    let (mut relations, mut patterns) = (true, true);
    let mut pos = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1),
            "--no-relations" => relations = false,
            "--no-patterns" => patterns = false,
            _ => pos.push(a),
        }
    }
    let [corpus_path] = pos.as_slice() else {
        eprintln!("usage: lib_scan CORPUS [--runs N] [--no-relations] [--no-patterns]");
        std::process::exit(2);
    };
    let corpus = corpus::Corpus::load(Path::new(corpus_path)).unwrap_or_else(|e| {
        eprintln!("lib_scan: {e}");
        std::process::exit(2);
    });
    let t = Instant::now();
    let c = clock::thread_cpu_seconds();
    let extractor = Extractor::builder().relations(relations).patterns(patterns).build().unwrap_or_else(|e| {
        eprintln!("lib_scan: {e}");
        std::process::exit(1);
    });
    let (build_s, build_cpu_s) = (t.elapsed().as_secs_f64(), clock::cpu_since(c));
    // A first pass compiles what is compiled on first use (automaton shards, rule regexes): the
    // timed passes measure the scan, as the Python tools' automata are built before theirs.
    let pass = || {
        let (mut entities, mut mentions, mut relations) = (0, 0, 0);
        for (id, text) in &corpus.docs {
            let doc = extractor.extract_document(id, text);
            entities += doc.entities.len();
            mentions += doc.entities.iter().map(|e| e.mentions.len()).sum::<usize>();
            relations += doc.relations.len();
        }
        (entities, mentions, relations)
    };
    let (entities, mentions, relations) = pass();
    let (_, scan_s, scan_cpu_s) = clock::median_runs(runs, pass);
    println!(
        "{{\"documents\": {}, \"bytes\": {}, \"entities\": {entities}, \"mentions\": {mentions}, \"matches\": {mentions}, \"relations\": {relations}, \"build_s\": {build_s:.6}, \"build_cpu_s\": {build_cpu_s:.6}, \"scan_s\": {scan_s:.6}, \"scan_cpu_s\": {scan_cpu_s:.6}}}",
        corpus.docs.len(),
        corpus.bytes(),
    );
}
