//! Runs each example and snapshots its output: a snapshot is a claim that the output is right, so
//! review a changed one before accepting it (`cargo insta review`).
//!
//! The seed snapshots depend on the default dictionaries and rule packs: a change there that
//! changes what is found in `examples/data/` shows up here.

use std::error::Error;
use std::io::Write;

#[path = "../examples/custom_dictionary.rs"]
mod custom_dictionary;
#[path = "../examples/query_graph.rs"]
mod query_graph;
#[path = "../examples/seeds_graph.rs"]
mod seeds_graph;

/// The `run` function every example has.
type Run = fn(&mut dyn Write) -> Result<(), Box<dyn Error>>;

fn output(run: Run) -> String {
    let mut out = Vec::new();
    run(&mut out).expect("the example runs");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn custom_dictionary() {
    insta::assert_snapshot!(output(custom_dictionary::run));
}

#[test]
fn query_graph() {
    insta::assert_snapshot!(output(query_graph::run));
}

#[test]
fn seeds_graph() {
    insta::assert_snapshot!(output(seeds_graph::run));
}
