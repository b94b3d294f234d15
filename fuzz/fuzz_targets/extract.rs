//! Arbitrary text through the default extractor (embedded dictionaries and rule packs): no panic,
//! every span valid, the same result twice, and `explain` agrees with `extract`.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use relgraph::Extractor;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let extractor = EXTRACTOR.get_or_init(Extractor::default);
    let text = String::from_utf8_lossy(data);
    let doc = extractor.extract_document("fuzz", &text);
    common::check_document(&text, &doc);
    let (again, _trace) = extractor.explain("fuzz", &text);
    assert_eq!(doc, again, "extract and explain differ");
});
