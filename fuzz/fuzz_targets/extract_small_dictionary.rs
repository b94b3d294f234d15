//! An arbitrary small dictionary and an arbitrary text: the input is split at its first NUL byte
//! (dictionary before, text after). Whatever dictionary loads, extraction never panics and every
//! span is valid.
//!
//! Building the pattern recognisers and the relation rules costs far more than a small
//! dictionary, so by default only the gazetteer and the resolver run (fast: many inputs a second).
//! A dictionary whose first line is `#full` also runs the recognisers (whose hardware vendors come
//! from the dictionary) and a mini English pack: the English lexicons, anaphors and first rules.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use relgraph::ExtractorBuilder;
use std::sync::OnceLock;

const EN_RULES: &str = include_str!("../../dictionaries/rules/en.rules");

/// The English pack's statements other than rules, and its first eight rules.
fn mini_pack() -> &'static str {
    static MINI: OnceLock<String> = OnceLock::new();
    MINI.get_or_init(|| {
        let mut statements: Vec<String> = Vec::new();
        for line in EN_RULES.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            match statements.last_mut() {
                Some(last) if line.starts_with(char::is_whitespace) => {
                    last.push('\n');
                    last.push_str(line);
                }
                _ => statements.push(line.to_string()),
            }
        }
        let (rules, data): (Vec<String>, Vec<String>) = statements.into_iter().partition(|s| s.starts_with("rule"));
        data.into_iter().chain(rules.into_iter().take(8)).collect::<Vec<_>>().join("\n")
    })
}

fuzz_target!(|data: &[u8]| {
    let (dict, text) = match data.iter().position(|&b| b == 0) {
        Some(k) => (&data[..k], &data[k + 1..]),
        None => (data, &data[..0]),
    };
    // Small dictionaries only: the point is the engine on odd entries, not load time.
    if dict.len() > 4096 {
        return;
    }
    let full = dict.starts_with(b"#full");
    let dict = String::from_utf8_lossy(dict);
    let text = String::from_utf8_lossy(text);
    let mut builder = ExtractorBuilder::new().default_dictionaries(false).default_rules(false).dictionary_str("fuzz.dict", dict.as_ref());
    builder = if full { builder.rules_str("mini.rules", mini_pack()) } else { builder.patterns(false).relations(false) };
    let extractor = match builder.build() {
        Ok(e) => e,
        Err(relgraph::Error::Load(diags)) => {
            assert!(diags.iter().all(|d| d.location.path == "fuzz.dict"), "the mini pack is valid: {diags:?}");
            return;
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    };
    let doc = extractor.extract_document("fuzz", &text);
    common::check_document(&text, &doc);
});
