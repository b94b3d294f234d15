//! Arbitrary bytes as a rule pack: loading never panics (and never runs out of memory: the size
//! limits hold), every diagnostic points inside the file, and a pack that loads runs on a few
//! sentences with a small dictionary without panicking.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use relgraph::ExtractorBuilder;

const DICT: &str = "\
microsoft | Microsoft | Company | Microsoft Corp
openai | OpenAI | Company |
nvidia | NVIDIA | Company | Nvidia
azure | Azure | Product/cloud-service | Microsoft Azure | maker=microsoft
h100 | NVIDIA H100 | Hardware/gpu | H100 | maker=nvidia
satya_nadella | Satya Nadella | Person | | employer=microsoft
";

const TEXTS: &[&str] = &[
    "Microsoft has partnered with OpenAI. The company said it will invest $10 billion in OpenAI.",
    "Satya Nadella, CEO of Microsoft, said Azure uses the NVIDIA H100 and Nvidia supplies it.",
    "Microsoft ha acquisito OpenAI. L'azienda usa NVIDIA H100, Azure e questo supercomputer.",
    "1. Microsoft - OpenAI: it bought them, the firm's own H100s; Microsoft didn't buy NVIDIA.",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let built = ExtractorBuilder::new()
        .default_dictionaries(false)
        .default_rules(false)
        .dictionary_str("fuzz.dict", DICT)
        .rules_str("fuzz.rules", text.as_ref())
        .build();
    match built {
        Err(relgraph::Error::Load(diags)) => {
            let lines: Vec<&str> = text.lines().collect();
            for d in diags.iter().filter(|d| d.location.path == "fuzz.rules") {
                let loc = &d.location;
                assert!(loc.line >= 1 && loc.line <= lines.len(), "diagnostic line {} of {}: {d}", loc.line, lines.len());
                let width = lines[loc.line - 1].trim_end_matches('\r').chars().count();
                assert!(loc.column >= 1 && loc.column <= width + 1, "diagnostic column {} on a line of {width}: {d}", loc.column);
            }
            assert!(diags.iter().all(|d| d.location.path == "fuzz.rules"), "the fixed dictionary and schema are valid: {diags:?}");
        }
        Err(e) => panic!("unexpected error kind: {e}"),
        Ok(extractor) => {
            for t in TEXTS {
                let (doc, _trace) = extractor.explain("fuzz", t);
                common::check_document(t, &doc);
            }
        }
    }
});
