//! Inputs that made a fuzz target fail once, replayed with the target's own checks. Add a file
//! under `tests/data/fuzz/TARGET/` for every crash fixed (see docs/reliability.md).

use relgraph::{Error, ExtractorBuilder};
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    raw_inputs(target).into_iter().map(|(p, bytes)| (p, String::from_utf8_lossy(&bytes).into_owned())).collect()
}

fn raw_inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(target);
    let Ok(read) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

/// Every diagnostic about `path` points inside `text`: a line that exists, a column on it.
fn assert_inside(path: &str, text: &str, diags: &[relgraph::Diagnostic]) {
    let lines: Vec<&str> = text.lines().collect();
    for d in diags.iter().filter(|d| d.location.path == path) {
        let loc = &d.location;
        assert!(loc.line >= 1 && loc.line <= lines.len(), "{d}");
        let width = lines[loc.line - 1].trim_end_matches('\r').chars().count();
        assert!(loc.column >= 1 && loc.column <= width + 1, "column {} on a line of {width} characters: {d}", loc.column);
    }
}

fn check_spans(text: &str, doc: &relgraph::Document) {
    for e in &doc.entities {
        for m in &e.mentions {
            assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
        }
    }
    for r in &doc.relations {
        for ev in &r.evidence {
            assert_eq!(text.get(ev.start..ev.end), Some(ev.text.as_str()));
            assert!(text.get(ev.match_start..ev.match_end).is_some());
        }
    }
}

#[test]
fn rule_parser_regressions() {
    let cases = inputs("rule_parser");
    assert!(!cases.is_empty(), "the regression inputs are in the repository");
    for (path, text) in cases {
        let built = ExtractorBuilder::new().default_rules(false).rules_str("fuzz.rules", &text).build();
        match built {
            Err(Error::Load(diags)) => {
                assert!(!diags.is_empty());
                assert_inside("fuzz.rules", &text, &diags);
            }
            Err(e) => panic!("{}: unexpected error kind: {e}", path.display()),
            Ok(extractor) => {
                let sample = "Microsoft has partnered with OpenAI. Microsoft ha acquisito OpenAI.";
                check_spans(sample, &extractor.extract(sample));
            }
        }
    }
}

/// As the `extract_small_dictionary` target reads its input: a dictionary, a NUL byte, a text; a
/// dictionary whose first line is `#full` also runs the recognisers and the English rules (the
/// target's mini pack is a part of them).
#[test]
fn extract_small_dictionary_regressions() {
    let cases = raw_inputs("extract_small_dictionary");
    assert!(!cases.is_empty(), "the regression inputs are in the repository");
    for (path, data) in cases {
        let (dict, text) = match data.iter().position(|&b| b == 0) {
            Some(k) => (&data[..k], &data[k + 1..]),
            None => (&data[..], &data[..0]),
        };
        let full = dict.starts_with(b"#full");
        let (dict, text) = (String::from_utf8_lossy(dict), String::from_utf8_lossy(text));
        let mut builder =
            ExtractorBuilder::new().default_dictionaries(false).default_rules(false).dictionary_str("fuzz.dict", dict.as_ref());
        builder = if full {
            builder.rules_file(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dictionaries/rules/en.rules"))
        } else {
            builder.patterns(false).relations(false)
        };
        let extractor = match builder.build() {
            Ok(e) => e,
            Err(Error::Load(diags)) => {
                assert_inside("fuzz.dict", &dict, &diags);
                continue;
            }
            Err(e) => panic!("{}: unexpected error kind: {e}", path.display()),
        };
        let doc = extractor.extract_document("fuzz", &text);
        check_spans(&text, &doc);
        assert!(!doc.entities.is_empty(), "{}: the dictionary's company is found", path.display());
    }
}
