//! Inputs that made a fuzz target fail once, replayed with the target's own checks. Add a file
//! under `tests/data/fuzz/TARGET/` for every crash fixed (see docs/reliability.md).

use relgraph::{Error, ExtractorBuilder};
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(target);
    let Ok(read) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned())).collect()
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
