//! Arbitrary bytes as a dictionary file: parsing never panics, every diagnostic points inside the
//! file, and whatever parses compiles into a gazetteer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relgraph::dictionary;
use relgraph::gazetteer::Gazetteer;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = dictionary::parse("fuzz.dict", &text);
    let lines: Vec<&str> = text.lines().collect();
    for d in &parsed.errors {
        let loc = &d.location;
        assert_eq!(loc.path, "fuzz.dict");
        assert!(loc.line >= 1 && loc.line <= lines.len(), "diagnostic line {} of {}: {d}", loc.line, lines.len());
        let width = lines[loc.line - 1].trim_end_matches('\r').chars().count();
        assert!(loc.column >= 1 && loc.column <= width + 1, "diagnostic column {} on a line of {width} characters: {d}", loc.column);
        assert!(!d.message.contains('\n'), "a diagnostic is one line: {d}");
    }
    for e in &parsed.entries {
        assert!(!e.id.is_empty());
        assert!(!e.forms.is_empty() && e.forms[0].text == e.name, "the name is the first form");
        assert!(e.origin.line >= 1 && e.origin.line <= lines.len());
    }
    let stoplist = ["the", "apple"].map(String::from);
    if let Ok(g) = Gazetteer::build(parsed.entries, &stoplist) {
        for w in &g.warnings {
            assert!(w.location.line >= 1 && w.location.line <= lines.len(), "warning line: {w}");
        }
    }
});
