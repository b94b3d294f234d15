//! The floor of the comparison harness (`bench/compare.py`): a plain Aho-Corasick scan of a list of
//! surface forms (one a line, e.g. `relgraph dictionaries --names`) over a corpus (a directory, a
//! `.jsonl` file of `{"id", "text"}` or a text file). Leftmost-longest, ASCII case-insensitive, DFA,
//! whole-word check; counts matches. Prints one JSON object: forms, documents, bytes, matches,
//! load_s (reading the corpus), build_s (the automaton), scan_s and scan_cpu_s (the scan's wall and
//! CPU seconds, medians of `--runs`). `--kind dfa|contiguous|noncontiguous|auto` picks the
//! automaton (default `dfa`, the floor of the comparison; the others show what the gazetteer would
//! gain or lose with them). `--overlapping`: standard semantics and every overlapping match, as
//! the gazetteer searches. `--folded`: the texts are lower-cased (ASCII) before the timed scan and
//! the automaton is case-sensitive, as the gazetteer matches its folded view.
//!
//! ```text
//! relgraph dictionaries --names > /tmp/names.txt
//! cargo run --release --example raw_scan -- /tmp/names.txt /tmp/reuters.jsonl --runs 5
//! ```

#[path = "../benches/common/clock.rs"]
mod clock;
#[path = "../benches/common/corpus.rs"]
mod corpus;
#[path = "../benches/common/raw.rs"]
mod raw;

use aho_corasick::{AhoCorasickKind, MatchKind};
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 1usize;
    let mut kind = "dfa".to_string();
    let mut overlapping = false;
    let mut folded = false;
    let mut pos = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1),
            "--kind" => kind = it.next().cloned().unwrap_or_default(),
            "--overlapping" => overlapping = true,
            "--folded" => folded = true,
            _ => pos.push(a.clone()),
        }
    }
    let [names, corpus_path] = pos.as_slice() else {
        eprintln!("usage: raw_scan NAMES.txt CORPUS [--runs N] [--kind dfa|contiguous|noncontiguous|auto]");
        std::process::exit(2);
    };
    let forms: Vec<String> = match std::fs::read_to_string(names) {
        Ok(t) => t.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        Err(e) => {
            eprintln!("raw_scan: {names}: {e}");
            std::process::exit(2);
        }
    };
    let t = Instant::now();
    let mut corpus = corpus::Corpus::load(Path::new(corpus_path)).unwrap_or_else(|e| {
        eprintln!("raw_scan: {e}");
        std::process::exit(2);
    });
    if folded {
        corpus.docs.iter_mut().for_each(|(_, text)| text.make_ascii_lowercase());
    }
    let load_s = t.elapsed().as_secs_f64();
    let kind = match kind.as_str() {
        "dfa" => Some(AhoCorasickKind::DFA),
        "contiguous" => Some(AhoCorasickKind::ContiguousNFA),
        "noncontiguous" => Some(AhoCorasickKind::NoncontiguousNFA),
        "auto" => None,
        other => {
            eprintln!("raw_scan: unknown --kind {other}");
            std::process::exit(2);
        }
    };
    let t = Instant::now();
    let c = clock::thread_cpu_seconds();
    let match_kind = if overlapping { MatchKind::Standard } else { MatchKind::LeftmostLongest };
    let ac = raw::build_with(&forms, kind, match_kind, !folded);
    let count = if overlapping { raw::count_overlapping } else { raw::count };
    let build_s = t.elapsed().as_secs_f64();
    let build_cpu_s = clock::cpu_since(c);
    let (matches, scan_s, scan_cpu_s) = clock::median_runs(runs, || corpus.docs.iter().map(|(_, text)| count(&ac, text)).sum::<usize>());
    println!(
        "{{\"forms\": {}, \"documents\": {}, \"bytes\": {}, \"matches\": {matches}, \"load_s\": {load_s:.6}, \"build_s\": {build_s:.6}, \"build_cpu_s\": {build_cpu_s:.6}, \"scan_s\": {scan_s:.6}, \"scan_cpu_s\": {scan_cpu_s:.6}, \"kind\": \"{:?}\", \"overlapping\": {overlapping}, \"folded\": {folded}, \"automaton_bytes\": {}}}",
        forms.len(),
        corpus.docs.len(),
        corpus.bytes(),
        ac.kind(),
        ac.memory_usage()
    );
}
